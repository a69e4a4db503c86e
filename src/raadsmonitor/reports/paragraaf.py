"""The paragraaf Heerlen-Noord for the budget or the annual accounts (report 3.3, 6.4, issue 5), and
the same three points for a council proposal about some streams. Built once as a `Document`; the
web page and every file format render that one document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from raadsmonitor.analysis.finance.budget import thema_financien
from raadsmonitor.analysis.finance.horizon import choices_ahead, horizon
from raadsmonitor.analysis.finance.overview import Post, StroomRegel, allocations, ledger
from raadsmonitor.analysis.programme.overview import ProgrammaOverzicht, ThemaOverzicht, programme_overview
from raadsmonitor.analysis.programme.scope import OnbekendProgramma
from raadsmonitor.domain.enums import BedragSoort
from raadsmonitor.domain.programme import Bron, Programma
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation.finance import bekend_tekst
from raadsmonitor.presentation.formatting import format_datum_nl, format_euro
from raadsmonitor.reports.content import Block, BulletList, Cell, Document, Paragraph, Section, Table, number
from raadsmonitor.reports.finance_sections import (
    allocation_blocks,
    financien_through_municipality,
    flow_chart,
    package_blocks,
    total_text,
    years_chart,
)
from raadsmonitor.reports.three_points import area_section, authority_section, choices_section


class ParagraafSoort(StrEnum):
    begroting = "begroting"
    jaarstukken = "jaarstukken"


class OnbekendeStroom(ValueError):
    """A proposal names a stream the monitor does not know."""


@dataclass(frozen=True)
class Koppen:
    """The three questions of the budget, and their past tense in the annual accounts."""

    doen: str
    kosten: str


KOPPEN = {ParagraafSoort.begroting: Koppen("Wat gaan we daarvoor doen?", "Wat mag het kosten?"),
          ParagraafSoort.jaarstukken: Koppen("Wat hebben we daarvoor gedaan?", "Wat heeft het gekost?")}


def source_labels(records: Records) -> dict[str, str]:
    return {b.id: b.onderdeel or b.document for b in records.all(Bron)}


def _goals(item: ThemaOverzicht) -> Section:
    doelen = tuple(d.doel.omschrijving for d in item.doelen)
    blocks: list[Block] = [BulletList(doelen) if doelen else Paragraph("De gegevens noemen geen doelen.")]
    if item.kpis:
        blocks.append(Paragraph("Kernprestatie-indicatoren:", emphasis=True))
        blocks.append(BulletList(tuple(k.omschrijving for k in item.kpis)))
    bronnen = tuple(dict.fromkeys([d.doel.bron for d in item.doelen] + [k.bron for k in item.kpis]))
    if bronnen:
        blocks.append(Paragraph("Doelen en indicatoren zoals de bron ze noemt.", bronnen))
    return Section("Wat willen we bereiken?", tuple(blocks))


def _actions(item: ThemaOverzicht, soort: ParagraafSoort, jaar: int) -> Section:
    names = [i.interventie.naam for d in item.doelen for i in d.interventies]
    names += [i.interventie.naam for i in item.losse_interventies]
    blocks: list[Block] = []
    if soort is ParagraafSoort.jaarstukken:
        blocks.append(Paragraph(f"De monitor bevat geen verslag van wat in {jaar} is uitgevoerd; hieronder de "
                                "interventies van het programma voor dit thema."))
    blocks.append(BulletList(tuple(dict.fromkeys(names))) if names else Paragraph("De gegevens noemen geen "
                                                                                   "interventies."))
    return Section(KOPPEN[soort].doen, tuple(blocks))


def _costs(item: ThemaOverzicht, regels: list[StroomRegel], records: Records, soort: ParagraafSoort,
           jaar: int) -> Section:
    totaal = thema_financien(records, regels).get(item.thema.id)
    if totaal is None:
        return Section(KOPPEN[soort].kosten, (Paragraph("Aan dit thema is in de gegevens geen geld gekoppeld."),))
    rows = tuple((Cell(p.omschrijving), number(format_euro(p.bedrag), p.bron)) for p in totaal.posten)
    footer = ((Cell(f"Totaal ({bekend_tekst(totaal)})"), number(total_text(totaal))),)
    blocks: list[Block] = [Table(f"Geld voor {item.thema.naam}", ("Geldstroom of toewijzing", "Bedrag"), rows, footer)]
    if soort is ParagraafSoort.jaarstukken:
        blocks.append(_spent(totaal.posten, regels, jaar))
    return Section(KOPPEN[soort].kosten, tuple(blocks))


def _spent(posten: tuple[Post, ...], regels: list[StroomRegel], jaar: int) -> Paragraph:
    ids = {p.geldstroom for p in posten}
    spent = [b for r in regels if r.id in ids for b in r.bedragen if b.jaar == jaar and b.soort is BedragSoort.BESTEED]
    if not spent:
        return Paragraph(f"Bestede bedragen over {jaar} staan niet in de gegevens: onbekend.")
    return Paragraph(f"Besteed in {jaar}: {format_euro(sum(b.bedrag for b in spent))} "
                     f"({len(spent)} van {len(ids)} stromen met een besteed bedrag).")


def _themes(overview: ProgrammaOverzicht | None, regels: list[StroomRegel], records: Records, soort: ParagraafSoort,
            jaar: int) -> list[Section]:
    if overview is None:
        return []
    return [Section(f"Thema {item.thema.naam}", sections=(_goals(item), _actions(item, soort, jaar),
                                                           _costs(item, regels, records, soort, jaar)),
                    id=f"thema-{item.thema.id}") for item in overview.themas]


def _financien(regels: list[StroomRegel], records: Records, peildatum: date) -> Section:
    programma = programme_overview(records)
    overzicht = horizon(regels, programma.programma if programma else None, peildatum.year)
    blocks: list[Block] = [*financien_through_municipality(regels, paragraaf=True), flow_chart(regels)]
    for verdeling in allocations(regels):
        blocks.extend(allocation_blocks(verdeling))
    blocks.append(years_chart(overzicht))
    return Section("Overzicht: rijksmiddelen, gemeentelijke middelen en andere bijdragen", tuple(blocks),
                   id="overzicht")


def build_paragraaf(records: Records, jaar: int, soort: ParagraafSoort = ParagraafSoort.begroting, *,
                    peildatum: date, programma: str | None = None) -> Document:
    """The paragraaf for the budget of `jaar` (choices: `jaar` and the year after) or its annual accounts.

    It is about one focus area's programme (`programma`, by default the focus programme): its themes and
    only its own funding streams. A store that holds several focus areas (a rekenkamer, the national
    benchmark) keeps the others' money out of this council's paragraaf.
    """
    overview = programme_overview(records, programma)
    if programma is not None and overview is None:
        known = ", ".join(sorted(p.id for p in records.all(Programma) if p.focusgebied))
        raise OnbekendProgramma(f"onbekend programma: {programma}; programma's van een focusgebied: {known}")
    regels = [r for r in ledger(records) if overview is None or r.stroom.programma == overview.programma.id]
    keuzes = choices_ahead(regels, overview.programma if overview else None, peildatum, jaar)
    gebied = overview.focusgebied.naam if overview and overview.focusgebied else "het focusgebied"
    sections = [*_themes(overview, regels, records, soort, jaar), _financien(regels, records, peildatum),
                authority_section(regels, per_stroom=False), area_section(regels, per_stroom=False),
                choices_section(keuzes)]
    return Document(
        title=f"Paragraaf {gebied}", subtitle=f"{soort.value.capitalize()} {jaar}", sections=tuple(sections),
        bronnen=source_labels(records),
        meta=(f"Gemaakt door raadsmonitor op {format_datum_nl(peildatum)}, uit de gegevens in de monitor.",
              "Een bedrag dat de bron niet noemt staat er als onbekend en telt niet mee als nul."))


def _with_parts(stroom_ids: list[str], alle: list[StroomRegel]) -> list[str]:
    """The proposal's streams and, for a package, its parts (and theirs): a package counts by its parts,
    each with its own authority (issue 20)."""
    chosen = list(dict.fromkeys(stroom_ids))
    for sid in chosen:  # grows while it is walked: parts of parts
        chosen += [r.id for r in alle if r.stroom.onderdeel_van == sid and r.id not in chosen]
    return chosen


def build_raadsvoorstel(records: Records, stroom_ids: list[str], jaar: int, peildatum: date) -> Document:
    """The three points for a council proposal touching `stroom_ids` (report 3.3, last recommendation)."""
    alle = ledger(records)
    known = {r.id: r for r in alle}
    missing = [sid for sid in stroom_ids if sid not in known]
    if missing:
        raise OnbekendeStroom(f"onbekende geldstroom: {', '.join(missing)}; bekend zijn: {', '.join(sorted(known))}")
    regels = [known[sid] for sid in _with_parts(stroom_ids, alle)]
    overview = programme_overview(records)
    keuzes = choices_ahead(regels, overview.programma if overview else None, peildatum, jaar)
    pakketten = package_blocks(regels)
    return Document(
        title="Financiële gevolgen voor het programma",
        subtitle=", ".join(known[sid].stroom.naam for sid in stroom_ids),
        sections=(authority_section(regels), area_section(regels), choices_section(keuzes),
                  *((Section("Pakketten en hun onderdelen", tuple(pakketten), id="pakketten"),) if pakketten else ())),
        bronnen=source_labels(records),
        meta=(f"Bij een raadsvoorstel; gemaakt door raadsmonitor op {format_datum_nl(peildatum)}, "
              f"keuzen voor {jaar} en {jaar + 1}.",))
