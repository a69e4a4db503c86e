"""Blocks about money, built from the finance analysis, shared by the paragraaf, the raadsvoorstel
and the Financiën pages: every amount with its source, unknown amounts shown as unknown."""

from __future__ import annotations

from decimal import Decimal

from raadsmonitor.analysis.finance import (
    DIMENSIES,
    StroomRegel,
    Totaal,
    Verdeling,
    bekend_tekst,
    counted,
    grand_total,
    totals_by,
)
from raadsmonitor.analysis.finance_horizon import Horizon
from raadsmonitor.domain.enums import Herkomst
from raadsmonitor.formatting import ONBEKEND, format_euro, format_miljoen
from raadsmonitor.reports.content import Cell, Chart, Paragraph, Table, number
from raadsmonitor.web.charts_finance import Segment, Span, StackedBar, stacked_bar_svg, timeline_svg

STROOM_HEADER = ("Geldstroom", "Herkomst", "Instrument", "Periode", "Status", "Totaalbedrag", "Zeggenschap raad")
# The paragraaf lists every stream once, in the overview; herkomst and instrument share a column so that a
# row fits the page (issue 8: at 200 streams the paragraaf listed each stream four times, in 59 pages).
PARAGRAAF_HEADER = ("Geldstroom", "Herkomst en instrument", "Periode", "Status", "Totaalbedrag", "Zeggenschap raad")


def stroom_href(regel: StroomRegel) -> str:
    return f"/financien/stromen/{regel.id}"


def periode(regel: StroomRegel) -> str:
    begin, eind = regel.stroom.begin_jaar, regel.stroom.eind_jaar
    if begin is None and eind is None:
        return ONBEKEND
    if begin == eind:
        return str(begin)
    return f"{begin if begin is not None else 'onbekend'}–{eind if eind is not None else 'onbekend'}"


def _value(value: object) -> str:
    return str(getattr(value, "value", value)) if value is not None else ONBEKEND


def total_text(totaal: Totaal) -> str:
    """The known sum, or 'onbekend' when no amount is known."""
    return format_euro(totaal.som) if totaal.bekend else ONBEKEND


def stroom_row(regel: StroomRegel) -> tuple[Cell, ...]:
    s = regel.stroom
    return (Cell(s.naam, href=stroom_href(regel)), Cell(_value(s.herkomst)), Cell(_value(s.instrument)),
            Cell(periode(regel)), Cell(_value(s.status)), number(format_euro(s.totaalbedrag), s.bron),
            Cell(regel.oordeel.label + (" (overschreven)" if regel.oordeel.overschreven else "")))


def paragraaf_row(regel: StroomRegel) -> tuple[Cell, ...]:
    s = regel.stroom
    herkomst = ", ".join(_value(v) for v in (s.herkomst, s.instrument))
    return (Cell(s.naam, href=stroom_href(regel)), Cell(herkomst), Cell(periode(regel)), Cell(_value(s.status)),
            number(format_euro(s.totaalbedrag), s.bron),
            Cell(regel.oordeel.label + (" (overschreven)" if regel.oordeel.overschreven else "")))


def totaal_row(totaal: Totaal, width: int, amount_column: int) -> tuple[Cell, ...]:
    cells = [Cell("")] * width
    cells[0] = Cell(f"{totaal.label} ({bekend_tekst(totaal)})")
    cells[amount_column] = number(total_text(totaal))
    return tuple(cells)


def streams_table(regels: list[StroomRegel], caption: str, *, paragraaf: bool = False) -> Table:
    """Every stream in a row (in the paragraaf a narrower row, see PARAGRAAF_HEADER)."""
    if paragraaf:
        footer = (totaal_row(grand_total(regels), len(PARAGRAAF_HEADER), 4),) if regels else ()
        return Table(caption, PARAGRAAF_HEADER, tuple(paragraaf_row(r) for r in regels), footer)
    footer = (totaal_row(grand_total(regels), len(STROOM_HEADER), 5),) if regels else ()
    return Table(caption, STROOM_HEADER, tuple(stroom_row(r) for r in regels), footer)


def totals_table(regels: list[StroomRegel], key: str, *, names: bool = True) -> Table:
    """The total per value of one grouping, with the streams by name or, where a table beside it lists
    every stream already (the paragraaf), by number."""
    dimensie = DIMENSIES[key]
    rows = tuple((Cell(t.label), number(total_text(t)), Cell(bekend_tekst(t)),
                  Cell(", ".join(p.omschrijving for p in t.posten)) if names else number(str(t.aantal)))
                 for t in totals_by(regels, dimensie))
    total = grand_total(regels)
    footer = ((Cell("Totaal"), number(total_text(total)), Cell(bekend_tekst(total)),
               Cell("") if names else number(str(total.aantal))),)
    return Table(f"Geldstromen naar {dimensie.naam.lower()}",
                 (dimensie.naam, "Bedrag", "Bekend", "Geldstromen" if names else "Stromen"), rows, footer)


def flow_chart(regels: list[StroomRegel]) -> Chart:
    """Source -> category as a stacked bar per herkomst, with the same figures in the table."""
    bars, rows = [], []
    for herkomst in totals_by(regels, DIMENSIES["herkomst"]):
        ids = {p.id for p in herkomst.posten}
        parts = totals_by([r for r in regels if r.id in ids], DIMENSIES["categorie"])
        bars.append(StackedBar(herkomst.label, tuple(Segment(p.label, p.som) for p in parts if p.bekend),
                               total_text(herkomst)))
        rows += [(Cell(herkomst.label), Cell(p.label), number(total_text(p)), Cell(bekend_tekst(p))) for p in parts]
    total = grand_total(regels)
    title = "Geld naar herkomst en categorie"
    description = (f"Per herkomst de bekende bedragen, verdeeld naar categorie (figuur 8). Samen {total_text(total)}; "
                   f"{bekend_tekst(total)}. Onbekende bedragen tellen niet mee; de tabel noemt ze.")
    table = Table(title, ("Herkomst", "Categorie", "Bedrag", "Bekend"), tuple(rows))
    return Chart(title, description, stacked_bar_svg(title, description, bars), table)


def horizon_chart(overzicht: Horizon, regels: list[StroomRegel]) -> Chart:
    known = [r for r in counted(regels) if r.stroom.begin_jaar is not None and r.stroom.eind_jaar is not None]
    spans = [Span(_short(r.stroom.naam), r.stroom.begin_jaar or 0, r.stroom.eind_jaar or 0, r.zeker) for r in known]
    cliff = overzicht.laatste_eindjaar
    title = "Looptijd van de geldstromen"
    description = (f"{len(known)} geldstromen met een bekende looptijd, van {overzicht.begin} tot {overzicht.eind}. "
                   + (f"Na {cliff} loopt geen van deze stromen nog. " if cliff else "")
                   + f"Van {len(overzicht.zonder_periode)} stromen is de looptijd onbekend; de tabel noemt ze.")
    rows = tuple((Cell(r.stroom.naam, href=stroom_href(r)), Cell(periode(r)), Cell(_value(r.stroom.status)),
                  Cell("ja" if r.zeker else "nee")) for r in counted(regels))
    table = Table(title, ("Geldstroom", "Periode", "Status", "Zeker"), rows)
    return Chart(title, description, timeline_svg(title, description, overzicht.begin, overzicht.eind, spans), table)


def years_chart(overzicht: Horizon) -> Chart:
    """Per year the streams running, secured or not, with the per-year table (the paragraaf: a row per stream
    in a timeline cannot be read at national size, and the overview lists every stream's period)."""
    table = cliff_table(overzicht)
    last = (overzicht.laatste_eindjaar or overzicht.begin) + 1
    bars = [StackedBar(str(stand.jaar), (Segment(ZEKER, Decimal(len(stand.zeker))),
                                         Segment(NIET_ZEKER, Decimal(len(stand.lopend) - len(stand.zeker)))),
                       f"{len(stand.lopend)} {'stroom' if len(stand.lopend) == 1 else 'stromen'}")
            for stand in overzicht.jaren if stand.jaar <= last]
    cliff = overzicht.laatste_eindjaar
    title = "Lopende geldstromen per jaar"
    description = (f"Per jaar het aantal geldstromen dat loopt, van {overzicht.begin} tot {last}, en hoeveel daarvan "
                   "zeker zijn (toegezegd, verleend of ontvangen). "
                   + (f"Na {cliff} loopt geen van de stromen met een bekende looptijd nog. " if cliff else "")
                   + f"Van {len(overzicht.zonder_periode)} stromen is de looptijd onbekend.")
    return Chart(title, description, stacked_bar_svg(title, description, bars), table)


ZEKER = "zeker"  # short legend labels: the legend's columns are 220 wide
NIET_ZEKER = "niet zeker of onbekend"


def _short(name: str, length: int = 40) -> str:
    return name if len(name) <= length else name[:length - 1] + "…"


def cliff_table(overzicht: Horizon) -> Table:
    """Per year up to the year after the cliff: streams running, secured, ending; recorded amounts."""
    last = (overzicht.laatste_eindjaar or overzicht.begin) + 1
    rows = tuple((Cell(str(stand.jaar)), number(str(len(stand.lopend))), number(str(len(stand.zeker))),
                  Cell(", ".join(r.stroom.naam for r in stand.eindigend)),
                  number(total_text(stand.jaarbedragen)), Cell(bekend_tekst(stand.jaarbedragen)))
                 for stand in overzicht.jaren if stand.jaar <= last)
    return Table("Wat loopt er per jaar, en wat is zeker", ("Jaar", "Lopende stromen", "Waarvan zeker", "Loopt af",
                                                            "Bedragen per jaar", "Bekend"), rows)


def allocation_blocks(verdeling: Verdeling) -> list[Table | Paragraph]:
    """A stream's allocations, their sum and the stream's stated total, side by side and honest."""
    stroom = verdeling.regel.stroom
    rows = tuple((Cell(p.omschrijving), number(format_euro(p.bedrag), p.bron)) for p in verdeling.toewijzingen.posten)
    footer = ((Cell(f"Som van de toewijzingen ({bekend_tekst(verdeling.toewijzingen)})"),
               number(total_text(verdeling.toewijzingen))),
              (Cell("Totaal zoals de bron het noemt"), number(_stated(stroom.totaalbedrag), stroom.bron)))
    blocks: list[Table | Paragraph] = [Table(f"Verdeling van {stroom.naam}", ("Toegewezen aan", "Bedrag"), rows,
                                             footer)]
    if verdeling.verschil:
        blocks.append(Paragraph(f"De toewijzingen tellen op tot {format_euro(verdeling.toewijzingen.som)}; de bron "
                                f"noemt als totaal {_stated(stroom.totaalbedrag)}. Het verschil is "
                                f"{format_euro(abs(verdeling.verschil))}. Beide staan hier zoals ze zijn.",
                                (stroom.bron,)))
    notes = dict.fromkeys((t.toelichting, t.bron) for t in verdeling.regel.toewijzingen if t.toelichting)
    blocks.extend(Paragraph(f"Toelichting: {text}", (bron,)) for text, bron in notes)
    return blocks


def _stated(amount: Decimal | None) -> str:
    if amount is None:
        return ONBEKEND
    rounded = format_miljoen(amount)
    return f"{format_euro(amount)} ({rounded})" if amount >= 1_000_000 else format_euro(amount)


HERKOMST_GROEPEN = (
    ("Rijksmiddelen", frozenset({Herkomst.RIJK, Herkomst.PROVINCIE, Herkomst.REGIO})),
    ("Gemeentelijke middelen", frozenset({Herkomst.GEMEENTE})),
    ("Andere bijdragen", frozenset({Herkomst.ALLIANTIEPARTNER, Herkomst.OVERIG})),
)


def money_through_municipality(regels: list[StroomRegel], *, paragraaf: bool = False) -> list[Table | Paragraph]:
    """Report 3.3: national, municipal and other money that runs through the municipality; the rest apart."""
    blocks: list[Table | Paragraph] = []
    via = [r for r in regels if r.via_gemeente is not False]
    for titel, herkomsten in HERKOMST_GROEPEN:
        groep = [r for r in via if r.stroom.herkomst in herkomsten]
        if groep:
            blocks.append(streams_table(groep, titel, paragraaf=paragraaf))
    unsure = [r.stroom.naam for r in via if r.via_gemeente is None]
    if unsure:
        blocks.append(Paragraph("Of deze stromen via de gemeente lopen, zeggen de gegevens niet (ontvanger "
                                "onbekend): " + ", ".join(unsure) + "."))
    buiten = [r for r in regels if r.via_gemeente is False]
    if buiten:
        blocks.append(streams_table(buiten, "Geld dat niet via de gemeente loopt", paragraaf=paragraaf))
    return blocks
