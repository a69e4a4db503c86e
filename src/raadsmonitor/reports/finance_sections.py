"""Blocks about money, built from the finance analysis, shared by the paragraaf, the raadsvoorstel
and the Financiën pages: every amount with its source, unknown amounts shown as unknown."""

from __future__ import annotations

from decimal import Decimal

from raadsmonitor.analysis.finance.horizon import Horizon
from raadsmonitor.analysis.finance.overview import (
    DIMENSIES,
    Pakketcontrole,
    StroomRegel,
    Telpost,
    Totaal,
    Verdeling,
    counted,
    grand_total,
    pakket_controles,
    stream_posts,
    telposten,
    totals_by,
    totals_of,
)
from raadsmonitor.domain.enums import Herkomst
from raadsmonitor.presentation.charts.finance import Segment, Span, StackedBar, stacked_bar_svg, timeline_svg
from raadsmonitor.presentation.finance import bekend_tekst
from raadsmonitor.presentation.formatting import ONBEKEND, format_euro, format_miljoen
from raadsmonitor.reports.content import Cell, Figure, Paragraph, Table, number

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


def _herkomst(regel: StroomRegel, *, whole: bool) -> str:
    """The stream's origin; a whole stream with several funders names their origins too."""
    text = _value(regel.stroom.herkomst)
    if whole and regel.aandelen:
        text += " (financiers: " + ", ".join(dict.fromkeys(a.financier.herkomst.value for a in regel.aandelen)) + ")"
    return text


def _zeggenschap(regel: StroomRegel) -> Cell:
    return Cell(regel.oordeel.label + (" (overschreven)" if regel.oordeel.overschreven else ""))


def stroom_row(telpost: Telpost) -> tuple[Cell, ...]:
    regel, post = telpost.regel, telpost.post
    s = regel.stroom
    return (Cell(post.omschrijving, href=stroom_href(regel)), Cell(_herkomst(regel, whole=post.id == regel.id)),
            Cell(_value(s.instrument)), Cell(periode(regel)), Cell(_value(s.status)),
            number(format_euro(post.bedrag), post.bron), _zeggenschap(regel))


def paragraaf_row(telpost: Telpost) -> tuple[Cell, ...]:
    regel, post = telpost.regel, telpost.post
    s = regel.stroom
    herkomst = ", ".join((_herkomst(regel, whole=post.id == regel.id), _value(s.instrument)))
    return (Cell(post.omschrijving, href=stroom_href(regel)), Cell(herkomst), Cell(periode(regel)),
            Cell(_value(s.status)), number(format_euro(post.bedrag), post.bron), _zeggenschap(regel))


def totaal_row(totaal: Totaal, width: int, amount_column: int) -> tuple[Cell, ...]:
    cells = [Cell("")] * width
    cells[0] = Cell(f"{totaal.label} ({bekend_tekst(totaal)})")
    cells[amount_column] = number(total_text(totaal))
    return tuple(cells)


def posts_table(posten: list[Telpost], caption: str, *, paragraaf: bool = False) -> Table:
    """A row per amount that counts, its total beneath: the total is the sum of the rows (issue 20)."""
    totaal = Totaal("Totaal", tuple(t.post for t in posten))
    if paragraaf:
        footer = (totaal_row(totaal, len(PARAGRAAF_HEADER), 4),) if posten else ()
        return Table(caption, PARAGRAAF_HEADER, tuple(paragraaf_row(t) for t in posten), footer)
    footer = (totaal_row(totaal, len(STROOM_HEADER), 5),) if posten else ()
    return Table(caption, STROOM_HEADER, tuple(stroom_row(t) for t in posten), footer)


def streams_table(regels: list[StroomRegel], caption: str, *, paragraaf: bool = False) -> Table:
    """Every stream that counts in a row (in the paragraaf a narrower row, see PARAGRAAF_HEADER): a package
    by its parts, each naming the package, and what the parts leave of it (`package_blocks` checks it)."""
    return posts_table(stream_posts(regels), caption, paragraaf=paragraaf)


def check_text(controle: Pakketcontrole) -> str:
    """'pakket € 49.200.000 = € 26.600.000 + € 22.600.000', or the difference, said plainly."""
    pakket = controle.pakket.stroom.totaalbedrag
    delen = " + ".join(format_euro(p.stroom.totaalbedrag) for p in controle.onderdelen)
    verschil = controle.verschil
    if verschil is None:
        ontbreekt = "het bedrag van het pakket" if pakket is None else "een bedrag van een onderdeel"
        return f"niet te controleren: {ontbreekt} is onbekend (pakket {format_euro(pakket)}, onderdelen {delen})"
    if verschil == 0:
        return f"klopt: pakket {format_euro(pakket)} = {delen}"
    if verschil > 0:
        return (f"let op: pakket {format_euro(pakket)} ≠ {delen}; {format_euro(verschil)} is niet over de "
                "onderdelen verdeeld en telt als deel van het pakket mee")
    return (f"let op: pakket {format_euro(pakket)} ≠ {delen}; de onderdelen zijn samen {format_euro(-verschil)} "
            "meer dan het pakket; de totalen tellen de onderdelen")


def package_blocks(regels: list[StroomRegel]) -> list[Table | Paragraph]:
    """Each package with its parts beneath it and the check that they add up; a difference is a signal."""
    controles = pakket_controles(regels)
    if not controles:
        return []
    rows: list[tuple[Cell, ...]] = []
    for c in controles:
        rows.append((Cell(c.pakket.stroom.naam, href=stroom_href(c.pakket)), Cell("pakket"),
                     number(format_euro(c.pakket.stroom.totaalbedrag), c.pakket.stroom.bron), Cell(check_text(c))))
        rows += [(Cell(p.stroom.naam, href=stroom_href(p)), Cell(f"onderdeel van {c.pakket.stroom.naam}"),
                  number(format_euro(p.stroom.totaalbedrag), p.stroom.bron), Cell("")) for p in c.onderdelen]
    blocks: list[Table | Paragraph] = [
        Paragraph("Een pakket telt via zijn onderdelen, elk met eigen herkomst en zeggenschap; pakket en onderdelen "
                  "tellen nooit allebei mee. Hieronder elk pakket met zijn onderdelen en de controle."),
        Table("Pakketten en hun onderdelen", ("Geldstroom", "Pakket of onderdeel", "Bedrag", "Controle"),
              tuple(rows))]
    blocks += [Paragraph(f"Signaal bij {c.pakket.stroom.naam}: {check_text(c)}.", emphasis=True)
               for c in controles if not c.klopt]
    return blocks


def funder_blocks(regel: StroomRegel) -> list[Table | Paragraph]:
    """A stream's funders with their shares and origins, the part no funder covers, and their total."""
    if not regel.aandelen:
        return []
    posten = telposten([regel])
    rows = tuple((Cell(t.post.omschrijving), Cell(_value(t.regel.stroom.herkomst)),
                  number(format_euro(t.post.bedrag), t.post.bron), _zeggenschap(t.regel)) for t in posten)
    totaal = Totaal("Totaal", tuple(t.post for t in posten))
    footer = ((Cell(f"Totaal ({bekend_tekst(totaal)})"), Cell(""), number(total_text(totaal)), Cell("")),)
    return [Table(f"Financiers van {regel.stroom.naam}", ("Deel", "Herkomst", "Bedrag", "Zeggenschap raad"), rows,
                  footer)]


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


def flow_chart(regels: list[StroomRegel]) -> Figure:
    """Source -> category as a stacked bar per herkomst, with the same figures in the table."""
    bars, rows = [], []
    posten = telposten(regels)
    for herkomst in totals_of(posten, DIMENSIES["herkomst"]):
        groep = [t for t in posten if DIMENSIES["herkomst"].waarde(t.regel) == herkomst.label]
        parts = totals_of(groep, DIMENSIES["categorie"])
        bars.append(StackedBar(herkomst.label, tuple(Segment(p.label, p.som) for p in parts if p.bekend),
                               total_text(herkomst)))
        rows += [(Cell(herkomst.label), Cell(p.label), number(total_text(p)), Cell(bekend_tekst(p))) for p in parts]
    total = grand_total(regels)
    title = "Geld naar herkomst en categorie"
    description = ("Per herkomst de bekende bedragen, verdeeld naar categorie (bureau, programma, extra of "
                   f"regulier). Samen {total_text(total)}; {bekend_tekst(total)}. Onbekende bedragen tellen niet "
                   "mee; de tabel noemt ze.")
    table = Table(title, ("Herkomst", "Categorie", "Bedrag", "Bekend"), tuple(rows))
    return Figure(title, description, stacked_bar_svg(title, description, bars), table)


def horizon_chart(overzicht: Horizon, regels: list[StroomRegel]) -> Figure:
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
    return Figure(title, description, timeline_svg(title, description, overzicht.begin, overzicht.eind, spans), table)


def years_chart(overzicht: Horizon) -> Figure:
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
    return Figure(title, description, stacked_bar_svg(title, description, bars), table)


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


def financien_through_municipality(regels: list[StroomRegel], *, paragraaf: bool = False) -> list[Table | Paragraph]:
    """Report 3.3: national, municipal and other money that runs through the municipality; the rest apart."""
    blocks: list[Table | Paragraph] = []
    posten = telposten(regels)  # a package by its parts, a stream with funders by their shares
    via = [t for t in posten if t.regel.via_gemeente is not False]
    for titel, herkomsten in HERKOMST_GROEPEN:
        groep = [t for t in via if t.regel.stroom.herkomst in herkomsten]
        if groep:
            blocks.append(posts_table(groep, titel, paragraaf=paragraaf))
    unsure = list(dict.fromkeys(t.post.omschrijving for t in via if t.regel.via_gemeente is None))
    if unsure:
        blocks.append(Paragraph("Of deze stromen via de gemeente lopen, zeggen de gegevens niet (ontvanger "
                                "onbekend): " + ", ".join(unsure) + "."))
    buiten = [t for t in posten if t.regel.via_gemeente is False]
    if buiten:
        blocks.append(posts_table(buiten, "Geld dat niet via de gemeente loopt", paragraaf=paragraaf))
    return [*blocks, *package_blocks(regels)]
