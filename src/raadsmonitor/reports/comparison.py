"""Focus areas side by side in the progress report (issue 9, part 4), from `analysis.focus_comparison`."""

from __future__ import annotations

from datetime import date

from raadsmonitor.analysis.comparison import INWONERS, Focusgebied, Vergelijking, compare_focus_areas
from raadsmonitor.analysis.programme.scope import everything
from raadsmonitor.analysis.progress.records import Voortgang
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation.charts.progress import afstand_tekst
from raadsmonitor.presentation.finance import bekend_tekst
from raadsmonitor.presentation.formatting import ONBEKEND, format_euro, format_getal, format_waarde
from raadsmonitor.reports.content import Block, Cell, Paragraph, Section, Table, number
from raadsmonitor.reports.finance_sections import total_text


def _financien_row(f: Focusgebied) -> tuple[Cell, ...]:
    geld = number(total_text(f.geld), f.geld.bronnen[0] if f.geld.bronnen else None) if f.geld else number(ONBEKEND)
    bekend = Cell(bekend_tekst(f.geld)) if f.geld else Cell("geen programma")
    inwoners = number(format_getal(f.inwoners.waarde), f.inwoners.bron) if f.inwoners else number(ONBEKEND)
    return (Cell(f.gebied.naam, bron=f.gebied.bron), geld, bekend, inwoners, number(format_euro(f.per_inwoner)))


def _gap_cell(v: Voortgang) -> Cell:
    if v.laatste is None:
        return number(ONBEKEND)
    eenheid = v.indicator.eenheid
    norm = v.norm_gebied.naam if v.norm_gebied else "de norm"
    return number(f"{format_waarde(v.laatste.waarneming.waarde, eenheid)} ({v.laatste.waarneming.periode}); "
                  f"{afstand_tekst(v.laatste, eenheid, norm)}", v.laatste.waarneming.bron)


def _blocks(vergelijking: Vergelijking) -> list[Block]:
    names = tuple(f.gebied.naam for f in vergelijking.gebieden)
    blocks: list[Block] = [Table("Geld per inwoner", ("Focusgebied", "Geld voor het focusgebied", "Bekend",
                                                       "Inwoners", "Per inwoner"),
                                 tuple(_financien_row(f) for f in vergelijking.gebieden))]
    if vergelijking.indicatoren:
        rows = tuple((Cell(i.naam), *(_gap_cell(v) for v in vs)) for i, vs in vergelijking.indicatoren)
        blocks.append(Table("Dezelfde indicatoren: waarde en achterstand op de eigen norm", ("Indicator", *names),
                            rows))
    else:
        blocks.append(Paragraph("Geen indicator is in meer dan één focusgebied gemeten."))
    return blocks


def comparison_section(records: Records, today: date) -> Section:
    # Every focus area in the store, also when the report is one programme's (issue 20): side by side, never added up.
    vergelijking = compare_focus_areas(everything(records), today)
    title = "Vergelijking van focusgebieden"
    if len(vergelijking.gebieden) < 2:
        names = ", ".join(f.gebied.naam for f in vergelijking.gebieden) or "geen"
        missing = "" if any(f.inwoners for f in vergelijking.gebieden) else \
            f" Er zijn ook geen inwonertallen (indicator '{INWONERS}'), dus geld per inwoner is onbekend."
        return Section(title, (Paragraph(f"De monitor bevat één focusgebied ({names}); een vergelijking tussen "
                                         f"focusgebieden is pas mogelijk als er meer zijn ingelezen.{missing}"),),
                       id="vergelijking")
    return Section(title, tuple(_blocks(vergelijking)), id="vergelijking")
