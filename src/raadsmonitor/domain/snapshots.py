"""Reporting moments (peilmomenten, issue 9): the programme's state frozen on a peildatum.

A `Peilmoment` is the header; each `PeilmomentInhoud` holds one frozen table as canonical JSON. The
frozen tables are the catalogue tables a council follows between two reports (`FROZEN_TABLES`) and the
derived register statuses (`Registerstand`). These tables are not in the catalogue: they do not travel
in the data package (see docs/snapshots.md), so an import can never change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from raadsmonitor.domain.catalogue import TableSpec
from raadsmonitor.domain.columns import col
from raadsmonitor.domain.enums import StukSoort

# The catalogue tables frozen in a snapshot, with the Dutch name of what changes in them.
FROZEN_TABLES: tuple[tuple[str, str], ...] = (
    ("programmas", "Programma en doeljaar"),
    ("doelen", "Doelen"),
    ("kpis", "KPI's"),
    ("indicatoren", "Indicatoren"),
    ("waarnemingen", "Waarnemingen"),
    ("geldstromen", "Geldstromen"),
    ("geldstroombedragen", "Bedragen per jaar"),
    ("geldstroomfinanciers", "Financiers per geldstroom"),
    ("toewijzingen", "Toewijzingen"),
    ("informatieafspraken", "Informatieafspraken"),
    ("sturingsafspraken", "Sturingsafspraken"),
)
REGISTERSTANDEN = "registerstanden"


@dataclass(frozen=True, kw_only=True, slots=True)
class Peilmoment:
    """A reporting moment: the state of the programme frozen on a peildatum; never overwritten."""

    id: str = col("Sleutel: de peildatum als JJJJ-MM-DD (één peilmoment per peildatum)", key=True,
                  max_length=10)
    peildatum: date = col("De datum waarop de stand is vastgelegd (JJJJ-MM-DD)")
    naam: str | None = col("Naam van het peilmoment, bijvoorbeeld 'Voortgangsrapportage eerste halfjaar 2023'",
                           default=None)
    aangemaakt: str = col("Tijdstip waarop het peilmoment is gemaakt (ISO 8601, UTC)", max_length=40)


@dataclass(frozen=True, kw_only=True, slots=True)
class PeilmomentInhoud:
    """One frozen table of a reporting moment: its records as canonical JSON, ordered by key."""

    peilmoment: str = col("Peilmoment", ref="peilmomenten", key=True)
    tabel: str = col("Naam van de bevroren tabel", key=True, max_length=60)
    aantal: int = col("Aantal bevroren rijen", minimum=0)
    inhoud: str = col("De rijen als JSON: een lijst van objecten, kolomnaam -> waarde als tekst of null")


@dataclass(frozen=True, kw_only=True, slots=True)
class Registerstand:
    """The derived status of a motie, toezegging or question on the peildatum (analysis/register.py)."""

    stuk: str = col("Informatiestuk", key=True)
    soort: StukSoort = col("Soort stuk")
    onderwerp: str = col("Onderwerp")
    stand: str | None = col("Stand op de peildatum; leeg als het register haar niet kan bepalen", default=None)
    termijn: date | None = col("Uiterste datum van afdoening", default=None)
    bron: str = col("Bron van het stuk")


PEILMOMENT_TABLES: tuple[TableSpec, ...] = (
    TableSpec("peilmomenten", Peilmoment, "Peilmomenten", "Bevroren standen van het programma."),
    TableSpec("peilmomentinhoud", PeilmomentInhoud, "Inhoud van peilmomenten", "Per peilmoment de bevroren tabellen."),
)
REGISTERSTAND_SPEC = TableSpec(REGISTERSTANDEN, Registerstand, "Registerstanden",
                               "De stand van moties, toezeggingen en vragen op de peildatum.")


@dataclass(frozen=True)
class Programmastand:
    """The programme's state on a peildatum: a snapshot, or the live data (`moment` None)."""

    peildatum: date
    tables: dict[str, tuple[Any, ...]]  # table name (FROZEN_TABLES, REGISTERSTANDEN) -> records
    moment: Peilmoment | None = None

    @property
    def label(self) -> str:
        if self.moment is None:
            return "de huidige gegevens"
        return self.moment.naam or f"peilmoment {self.moment.id}"

    def records(self, table: str) -> tuple[Any, ...]:
        return self.tables.get(table, ())


__all__ = ["FROZEN_TABLES", "Programmastand", "Peilmoment", "PeilmomentInhoud", "REGISTERSTANDEN", "Registerstand",
           "PEILMOMENT_TABLES"]
