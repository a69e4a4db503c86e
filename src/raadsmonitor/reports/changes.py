"""What changed between two reporting moments, in the report content model (page, progress report) and
as JSON (the CLI). Built from `analysis.changes.Wijzigingen`; nothing is computed here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from raadsmonitor.analysis.moments.changes import Wijziging, Wijzigingen
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.snapshots import Programmastand
from raadsmonitor.presentation.changes import actor_label, value_text, when_text, who_text
from raadsmonitor.presentation.formatting import aantal, format_datum_nl
from raadsmonitor.reports.content import Block, Cell, Paragraph, Section, Table

HEADER = ("Wat", "Soort wijziging", "Veld", "Was", "Is", "Wie", "Wanneer")


def moment_text(state: Programmastand) -> str:
    if state.moment is None:
        return f"de huidige gegevens ({format_datum_nl(state.peildatum)})"
    naam = f" ({state.moment.naam})" if state.moment.naam else ""
    return f"het peilmoment van {format_datum_nl(state.peildatum)}{naam}"


def _what(wijziging: Wijziging) -> str:
    if wijziging.omschrijving == wijziging.sleutel:
        return wijziging.sleutel
    return f"{wijziging.omschrijving} ({wijziging.sleutel})"


def _row(wijziging: Wijziging) -> tuple[Cell, ...]:
    veld = wijziging.veld or ""
    if wijziging.reeksbreuk:
        veld += " (reeksbreuk: definitie gewijzigd)"
    return (Cell(_what(wijziging), bron=wijziging.bron), Cell(wijziging.soort.value), Cell(veld or "—"),
            Cell(value_text(wijziging.voor, wijziging.veld)), Cell(value_text(wijziging.na, wijziging.veld)),
            Cell(who_text(wijziging)), Cell(when_text(wijziging)))


def summary(wijzigingen: Wijzigingen) -> str:
    van, tot = moment_text(wijzigingen.van), moment_text(wijzigingen.tot)
    if not wijzigingen.regels:
        return f"Tussen {van} en {tot} is in doelen, streefwaarden, indicatoren, geldstromen, afspraken en " \
               "standen in het register niets gewijzigd."
    telling = aantal(len(wijzigingen.regels), "wijziging", "wijzigingen")
    return f"Van {van} tot {tot}: {telling}. Wie een wijziging aanbracht en wanneer komt uit het auditspoor; " \
           "waar dat het gegeven niet afzonderlijk noemt (rijen die een import toevoegde of verwijderde, afgeleide " \
           "standen) is 'wie' onbekend en 'wanneer' de periode tussen de twee peilmomenten."


def changes_blocks(wijzigingen: Wijzigingen) -> list[Block]:
    blocks: list[Block] = [Paragraph(summary(wijzigingen))]
    for onderdeel, regels in wijzigingen.per_onderdeel():
        blocks.append(Table(f"Gewijzigd: {onderdeel}", HEADER, tuple(_row(r) for r in regels)))
    return blocks


def changes_section(wijzigingen: Wijzigingen, title: str = "Wat is er veranderd", id: str = "wijzigingen"
                    ) -> Section:
    return Section(title, tuple(changes_blocks(wijzigingen)), id=id)


def _json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Datum):
        return value.iso()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def changes_as_json(wijzigingen: Wijzigingen) -> dict[str, Any]:
    def state(s: Programmastand) -> dict[str, Any]:
        return {"peildatum": s.peildatum.isoformat(), "peilmoment": s.moment.id if s.moment else None,
                "naam": s.moment.naam if s.moment else "huidige gegevens"}

    return {"van": state(wijzigingen.van), "tot": state(wijzigingen.tot), "wijzigingen": [
        {"onderdeel": w.onderdeel, "tabel": w.tabel, "sleutel": w.sleutel, "omschrijving": w.omschrijving,
         "soort": w.soort.value, "veld": w.veld, "voor": _json(w.voor), "na": _json(w.na),
         "reeksbreuk": w.reeksbreuk, "bron": w.bron, "wie": actor_label(w.wie) if w.wie else None,
         "wanneer": _json(w.wanneer),
         "wanneer_na": _json(w.wanneer_na), "wanneer_uiterlijk": _json(w.wanneer_uiterlijk),
         "actor": w.wie}
        for w in wijzigingen.regels]}
