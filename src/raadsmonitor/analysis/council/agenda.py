"""The council's calendar: reports due under the agreements, open deadlines and meetings (issue 6).

- *verwachte rapportage*: every agreement with a month, for each year from the first register item
  to the year after the peildatum, due on the last day of that month (not before its ingangsdatum);
- *termijn*: the due date of every question, motie or toezegging still open on the peildatum;
- *vergadering*: register items that are meetings (commissie, informatiebijeenkomst, workshop, a
  raadsvoorstel in the raadsvergadering), when their day is known.

Every entry has a stable `uid` made from the keys it comes from, so a calendar app that subscribes
updates entries instead of duplicating them. An entry carries what it is about as values (the agreement,
the supplier, the register item); `presentation/agenda.py` writes its title and description.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from raadsmonitor.analysis.council.deadlines import laatste_dag_van_maand
from raadsmonitor.analysis.council.register import OPEN_STANDEN, RegisterRegel, Stand, build_register, laatste_dag
from raadsmonitor.domain.council import Informatieafspraak, Informatiestuk
from raadsmonitor.domain.dates import Precisie
from raadsmonitor.domain.enums import StukSoort
from raadsmonitor.domain.programme import Orgaan
from raadsmonitor.domain.records import Records, index_by_id

MEETINGS = frozenset({StukSoort.COMMISSIEVERGADERING, StukSoort.RAADSINFORMATIEBIJEENKOMST, StukSoort.WORKSHOP,
                      StukSoort.RAADSVOORSTEL})


class AgendaSoort(StrEnum):
    """What an agenda entry is: a report due under an agreement, a deadline, a meeting."""

    RAPPORTAGE = "verwachte rapportage"
    TERMIJN = "termijn"
    VERGADERING = "vergadering"


@dataclass(frozen=True)
class AgendaPunt:
    """One dated entry of the agenda, with the agreement or register item it comes from."""

    uid: str
    datum: date
    soort: AgendaSoort
    bron: str
    afspraak: Informatieafspraak | None = None  # RAPPORTAGE: the agreement the report is due under
    leverancier: str | None = None  # RAPPORTAGE: the name of who reports
    stuk: Informatiestuk | None = None  # TERMIJN, VERGADERING: the register item
    termijn: str | None = None  # TERMIJN: the description of the deadline rule; None: the item's own deadline


@dataclass(frozen=True)
class Agenda:
    """Every agenda entry around the peildatum."""

    peildatum: date
    punten: list[AgendaPunt]

    @property
    def komend(self) -> list[AgendaPunt]:
        return [p for p in self.punten if p.datum >= self.peildatum]

    @property
    def verlopen_termijnen(self) -> list[AgendaPunt]:
        return [p for p in self.punten if p.datum < self.peildatum and p.soort is AgendaSoort.TERMIJN]


def _reports(records: Records, years: range) -> list[AgendaPunt]:
    organen = index_by_id(records.all(Orgaan))
    punten = []
    for afspraak in sorted(records.all(Informatieafspraak), key=lambda a: a.id):
        if afspraak.uiterlijk_maand is None:
            continue
        who = organen[afspraak.leverancier].naam if afspraak.leverancier in organen else afspraak.leverancier
        for year in years:
            due = laatste_dag_van_maand(year, afspraak.uiterlijk_maand)
            if afspraak.ingangsdatum is not None and due < afspraak.ingangsdatum.earliest():
                continue
            punten.append(AgendaPunt(f"afspraak-{afspraak.id}-{year}@raadsmonitor", due, AgendaSoort.RAPPORTAGE,
                                     afspraak.bron, afspraak=afspraak, leverancier=who))
    return punten


def _deadline(regel: RegisterRegel) -> AgendaPunt | None:
    if regel.termijn is None or regel.stand not in OPEN_STANDEN + (Stand.AANGEHOUDEN,):
        return None
    stuk = regel.stuk
    return AgendaPunt(f"termijn-{stuk.id}@raadsmonitor", regel.termijn, AgendaSoort.TERMIJN, stuk.bron, stuk=stuk,
                      termijn=regel.termijn_instelling.omschrijving if regel.termijn_instelling else None)


def _meeting(regel: RegisterRegel) -> AgendaPunt | None:
    stuk = regel.stuk
    if stuk.soort not in MEETINGS or stuk.datum.precisie is not Precisie.DAG:
        return None
    return AgendaPunt(f"stuk-{stuk.id}@raadsmonitor", stuk.datum.earliest(), AgendaSoort.VERGADERING, stuk.bron,
                      stuk=stuk)


def build_agenda(records: Records, peildatum: date) -> Agenda:
    """All calendar entries, in date order (rules: module docstring)."""
    register = build_register(records, peildatum)
    first = min((laatste_dag(r.stuk.datum).year for r in register.regels), default=peildatum.year)
    punten = _reports(records, range(first, peildatum.year + 2))
    for regel in register.regels:
        punten.extend(p for p in (_deadline(regel), _meeting(regel)) if p is not None)
    return Agenda(peildatum, sorted(punten, key=lambda p: (p.datum, p.uid)))
