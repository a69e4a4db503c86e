"""The Financiën pages' content as documents of the same model as the paragraaf: the whole ledger
by every grouping, per theme and per year, allocations, the horizon, co-financing and applications."""

from __future__ import annotations

from datetime import date

from raadsmonitor.analysis.finance.budget import thema_financien
from raadsmonitor.analysis.finance.horizon import choices_ahead, horizon
from raadsmonitor.analysis.finance.overview import (
    DIMENSIES,
    StroomRegel,
    allocations,
    cofinancing_obligations,
    ledger,
    pending_applications,
    unknown_status,
    yearly_totals,
)
from raadsmonitor.analysis.programme.overview import programme_overview
from raadsmonitor.domain.enums import BedragSoort
from raadsmonitor.domain.programme import Thema
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation.finance import bekend_tekst
from raadsmonitor.presentation.formatting import format_datum_nl, format_euro
from raadsmonitor.reports.content import Block, BulletList, Cell, Document, Paragraph, Section, Table, number
from raadsmonitor.reports.finance_sections import (
    allocation_blocks,
    cliff_table,
    flow_chart,
    funder_blocks,
    horizon_chart,
    package_blocks,
    periode,
    streams_table,
    total_text,
    totals_table,
)
from raadsmonitor.reports.paragraaf import source_labels
from raadsmonitor.reports.three_points import authority_section, choices_section


def _yearly(regels: list[StroomRegel], key: str) -> Table | Paragraph:
    years, table = yearly_totals(regels, DIMENSIES[key], BedragSoort.TOEGEKEND)
    if not years:
        return Paragraph("Er zijn geen toegekende bedragen per jaar vastgelegd.")
    rows = tuple((Cell(label), *(number(format_euro(values[y]) if y in values else "–") for y in years))
                 for label, values in table.items())
    return Table(f"Toegekende bedragen per jaar, naar {DIMENSIES[key].naam.lower()}",
                 (DIMENSIES[key].naam, *(str(y) for y in years)), rows)


def _themes(records: Records, regels: list[StroomRegel]) -> Section:
    money = thema_financien(records, regels)
    rows = []
    for thema in sorted(records.all(Thema), key=lambda t: t.volgorde):
        totaal = money.get(thema.id)
        items = ", ".join(p.omschrijving for p in totaal.posten) if totaal else "geen geld gekoppeld"
        rows.append((Cell(thema.naam, href=f"/themas/{thema.id}"), number(total_text(totaal) if totaal else "–"),
                     Cell(bekend_tekst(totaal) if totaal else ""), Cell(items)))
    note = Paragraph("Een toewijzing aan een thema telt met haar bedrag; een stroom die via een begrotingskoppeling "
                     "aan een thema hangt, telt als onbekend bedrag, want de bron verdeelt het bedrag niet over de "
                     "onderdelen.")
    return Section("Per thema", (note, Table("Geld per thema", ("Thema", "Bedrag", "Bekend", "Bestaat uit"),
                                             tuple(rows))), id="thema")


def _obligations(regels: list[StroomRegel]) -> Section:
    plichten = cofinancing_obligations(regels)
    rows = tuple((Cell(p.regel.stroom.naam, href=f"/financien/stromen/{p.regel.id}"), Cell(periode(p.regel)),
                  Cell(", ".join(r.stroom.naam for r in p.gedekt_door) or "niet in de gegevens vastgelegd"))
                 for p in plichten)
    pending = tuple(f"{r.stroom.naam}: {r.stroom.status.value if r.stroom.status else ''}, "
                    f"{format_euro(r.stroom.totaalbedrag)}" for r in pending_applications(regels))
    unknown = tuple(r.stroom.naam for r in unknown_status(regels))
    blocks: list[Block] = [Table("Stromen waarvoor de gemeente moet meebetalen", ("Geldstroom", "Periode",
                                                                                   "Cofinanciering"), rows),
                           Paragraph("Aanvragen en verwachte middelen:", emphasis=True),
                           BulletList(pending) if pending else Paragraph("Geen.")]
    if unknown:
        blocks += [Paragraph("Stand onbekend:", emphasis=True), BulletList(unknown)]
    return Section("Cofinanciering en aanvragen", tuple(blocks), id="cofinanciering")


def overview_document(records: Records, peildatum: date) -> Document:
    regels = ledger(records)
    overview = programme_overview(records)
    overzicht = horizon(regels, overview.programma if overview else None, peildatum.year)
    groupings = tuple(totals_table(regels, key) for key in DIMENSIES)
    verdelingen: list[Block] = [block for v in allocations(regels) for block in allocation_blocks(v)]
    sections = (
        Section("Alle geldstromen", (streams_table(regels, "Alle geldstromen van het programma"),
                                     *package_blocks(regels), *[b for r in regels for b in funder_blocks(r)]),
                id="stromen"),
        Section("Naar herkomst, instrument, categorie, zeggenschap, reikwijdte en status",
                (flow_chart(regels), *groupings), id="indeling"),
        _themes(records, regels),
        Section("Per jaar", (_yearly(regels, "herkomst"), _yearly(regels, "zeggenschap")), id="jaar"),
        Section("Verdeling over projecten", tuple(verdelingen), id="verdeling"),
        Section("Looptijd: wat loopt af, wat blijft zeker", (horizon_chart(overzicht, regels),
                                                              cliff_table(overzicht)), id="looptijd"),
        _obligations(regels),
    )
    return Document("Financiën", "Alle geldstromen van het programma", sections, source_labels(records))


def choices_document(records: Records, peildatum: date, jaar: int) -> Document:
    regels = ledger(records)
    overview = programme_overview(records)
    keuzes = choices_ahead(regels, overview.programma if overview else None, peildatum, jaar)
    return Document("Keuzen die voorliggen", f"{jaar} en {jaar + 1}",
                    (choices_section(keuzes, "Keuzen en keuzevrijheid"), authority_section(regels)),
                    source_labels(records), (f"Peildatum {format_datum_nl(peildatum)}.",))
