"""The half-yearly progress report (issue 9) in the content model: progress per theme toward the national
average, the money, the stories, the signals, the information agreements, and what changed since the
previous reporting moment. Every figure comes from the analyses of issues 4-6; nothing is computed here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from raadsmonitor.analysis.council.nakoming import check_nakoming
from raadsmonitor.analysis.council.register import Afhandeltijd, Stand, build_register
from raadsmonitor.analysis.finance.horizon import choices_ahead
from raadsmonitor.analysis.finance.overview import StroomRegel, grand_total, ledger, with_yearly_amounts
from raadsmonitor.analysis.moments.changes import Wijzigingen
from raadsmonitor.analysis.programme.overview import programme_overview
from raadsmonitor.analysis.progress.views import Kaart, ThemaVoortgang, voortgang_by_theme
from raadsmonitor.analysis.signals.progress_status import voortgang_status_history
from raadsmonitor.analysis.signals.rules import Peilvergelijking, Toetsing, evaluate_signals
from raadsmonitor.domain.council import Informatiestuk, Verhaal
from raadsmonitor.domain.enums import BedragSoort
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation.charts.progress import afstand_tekst
from raadsmonitor.presentation.finance import bekend_tekst
from raadsmonitor.presentation.formatting import ONBEKEND, aantal, format_datum_nl, format_euro, format_waarde
from raadsmonitor.presentation.nakoming import uitleg
from raadsmonitor.presentation.progress import status_toelichting
from raadsmonitor.presentation.signals import feiten, opmerking
from raadsmonitor.reports.changes import changes_blocks, moment_text
from raadsmonitor.reports.comparison import comparison_section
from raadsmonitor.reports.content import Block, BulletList, Cell, Document, Paragraph, Section, Table, number
from raadsmonitor.reports.finance_sections import streams_table, total_text
from raadsmonitor.reports.paragraaf import source_labels

PERIODE = re.compile(r"^(\d{4})(?:-H([12]))?$")


class OngeldigePeriode(ValueError):
    """The period is not a year (2023) or a half year (2023-H1, 2023-H2)."""


@dataclass(frozen=True)
class Rapportageperiode:
    label: str
    begin: date
    eind: date

    @property
    def naam(self) -> str:
        if self.begin.month == 1 and self.eind.month == 12:
            return str(self.begin.year)
        helft = "eerste" if self.begin.month == 1 else "tweede"
        return f"{helft} halfjaar {self.begin.year}"


def parse_periode(text: str) -> Rapportageperiode:
    """'2023' is the whole year; '2023-H1' January-June, '2023-H2' July-December."""
    match = PERIODE.match(text.strip())
    if match is None or not 1990 <= int(match.group(1)) <= 2100:
        raise OngeldigePeriode(f"periode '{text}' is geen jaar of halfjaar; "
                               "schrijf bijvoorbeeld 2023, 2023-H1 of 2023-H2")
    jaar, helft = int(match.group(1)), match.group(2)
    begin = date(jaar, 7, 1) if helft == "2" else date(jaar, 1, 1)
    eind = date(jaar, 6, 30) if helft == "1" else date(jaar, 12, 31)
    return Rapportageperiode(text.strip(), begin, eind)


VOORTGANG_HEADER = ("Indicator", "Gebied en periode", "Waarde", "Norm (zelfde periode)", "Afstand", "Status")


def _voortgang_row(kaart: Kaart) -> tuple[Cell, ...]:
    v, eenheid = kaart.voortgang, kaart.indicator.eenheid
    laatste = v.laatste
    norm_naam = v.norm_gebied.naam if v.norm_gebied else "de norm"
    waarde = number(format_waarde(laatste.waarneming.waarde, eenheid), laatste.waarneming.bron) if laatste \
        else number(ONBEKEND)
    norm = number(format_waarde(laatste.norm.waarde, eenheid), laatste.norm.bron) if laatste and laatste.norm \
        else number(ONBEKEND)
    gebied = f"{v.gebied.naam} ({laatste.waarneming.periode})" if laatste else v.gebied.naam
    return (Cell(kaart.indicator.naam, href=f"/voortgang/indicatoren/{kaart.indicator.id}"), Cell(gebied), waarde,
            norm, Cell(afstand_tekst(laatste, eenheid, norm_naam)),
            Cell(f"{v.oordeel.status.value}: {status_toelichting(v)}"))


def _theme_section(item: ThemaVoortgang) -> Section:
    kaarten = [k for groep in item.doelen for k in groep.kaarten]
    if not kaarten:
        return Section(f"Thema {item.thema.naam}", (Paragraph("Voor dit thema zijn geen indicatoren met cijfers."),))
    table = Table(f"Voortgang {item.thema.naam} naar het landelijk gemiddelde", VOORTGANG_HEADER,
                  tuple(_voortgang_row(k) for k in kaarten))
    return Section(f"Thema {item.thema.naam}", (table,), id=f"voortgang-{item.thema.id}")


def voortgang_section(records: Records, eind: date) -> Section:
    overzicht = voortgang_by_theme(records, eind)
    intro = Paragraph("Per thema de laatste waarde van elke indicator naast de norm in dezelfde periode, de afstand "
                      "en of het gebied op koers ligt om in het doeljaar het landelijk gemiddelde te halen.")
    return Section("Voortgang per thema", (intro,), tuple(_theme_section(t) for t in overzicht.themas),
                   id="voortgang")


SOORTEN = (BedragSoort.GERAAMD, BedragSoort.TOEGEKEND, BedragSoort.ONTVANGEN, BedragSoort.BESTEED)


def _year_amounts(regels: list[StroomRegel], jaar: int) -> Table:
    """Recorded amounts of `jaar` per kind; a kind without rows is unknown, not zero."""
    rows = []
    for soort in SOORTEN:
        bedragen = [b for r in with_yearly_amounts(regels, soort) for b in r.bedragen
                    if b.jaar == jaar and b.soort is soort]  # a package's parts or the package, not both
        bronnen = sorted({b.bron for b in bedragen})
        rows.append((Cell(soort.value), number(format_euro(sum(b.bedrag for b in bedragen)) if bedragen else ONBEKEND,
                                               bronnen[0] if bronnen else None),
                     Cell(f"{aantal(len(bedragen), 'bedrag', 'bedragen')} van geldstromen" if bedragen
                          else "geen bedragen in de gegevens")))
    return Table(f"Bedragen in {jaar}", ("Soort", "Bedrag", "Toelichting"), tuple(rows))


def financien_section(records: Records, periode: Rapportageperiode) -> Section:
    regels = ledger(records)
    overview = programme_overview(records)
    programma = overview.programma if overview else None
    totaal = grand_total(regels)
    keuzes = choices_ahead(regels, programma, periode.eind, periode.eind.year)
    cliff = keuzes.cliff
    blocks: list[Block] = [
        Paragraph(f"Alle geldstromen samen: {total_text(totaal)} ({bekend_tekst(totaal)}). Een bedrag dat de bron "
                  "niet noemt telt niet mee als nul.", totaal.bronnen),
        _year_amounts(regels, periode.eind.year),
        streams_table(list(keuzes.aflopend), f"Geldstromen die aflopen in {keuzes.jaar} of {keuzes.tot_jaar}")
        if keuzes.aflopend else Paragraph(f"Geen geldstroom met een bekende looptijd loopt af in {keuzes.jaar} of "
                                          f"{keuzes.tot_jaar}."),
        Paragraph(f"De laatste tijdelijke geldstroom met een bekende looptijd loopt tot en met {cliff}." if cliff
                  else "Van geen tijdelijke geldstroom is het eindjaar bekend."),
    ]
    return Section("Geld: gepland, toegekend, besteed en wat afloopt", tuple(blocks), id="geld")


def _story(verhaal: Verhaal) -> Paragraph:
    wie = f" — {verhaal.verteller}" if verhaal.verteller else ""
    datum = f" ({format_datum_nl(verhaal.datum)})" if verhaal.datum else ""
    return Paragraph(f"{verhaal.titel}{datum}: “{verhaal.tekst}”{wie}", (verhaal.bron,))


def stories_section(records: Records, eind: date) -> Section:
    tot = (eind.year, eind.month, eind.day)
    verhalen = sorted((v for v in records.all(Verhaal) if v.datum is None or v.datum.sort_key() <= tot),
                      key=lambda v: v.id)
    blocks = tuple(_story(v) for v in verhalen) or (Paragraph("De gegevens bevatten geen verhalen."),)
    return Section("Verhalen bij de cijfers", blocks, id="verhalen")


def _toetsing(toetsing: Toetsing) -> list[Block]:
    blocks: list[Block] = [Paragraph(toetsing.afspraak.omschrijving, (toetsing.afspraak.bron,), emphasis=True)]
    if toetsing.signalen:
        blocks.append(BulletList(tuple(f"{s.onderwerp}: {' '.join(feiten(s))}" for s in toetsing.signalen)))
    else:
        blocks.append(Paragraph(f"Geen signaal ({toetsing.getoetst} getoetst)."
                                + (f" {opmerking(toetsing)}" if opmerking(toetsing) else "")))
    return blocks


def signals_section(records: Records, eind: date, wijzigingen: Wijzigingen | None) -> Section:
    """The steering agreements on `eind`; a changed goal is judged on the report's own comparison."""
    reden = None if wijzigingen else "Er is geen eerder peilmoment om mee te vergelijken; deze regel is niet getoetst."
    signalen = evaluate_signals(records, eind, voortgang_status_history(records, eind),
                                Peilvergelijking(wijzigingen, reden))
    blocks = [b for t in signalen.toetsingen for b in _toetsing(t)]
    if not blocks:
        blocks = [Paragraph("De raad heeft geen sturingsafspraken gemaakt over afwijkingen waarover hij wil horen.")]
    return Section(f"Signalen waar de raad om vroeg (op {format_datum_nl(eind)})", tuple(blocks), id="signalen")


def _handling_row(stuk: Informatiestuk, door: Informatiestuk, tijd: Afhandeltijd) -> tuple[Cell, ...]:
    binnen = ONBEKEND if tijd.binnen_termijn is None else "ja" if tijd.binnen_termijn else "nee"
    wat = f"{stuk.soort.value.capitalize()} van {format_datum_nl(stuk.datum)}: {stuk.onderwerp}"
    return (Cell(wat, bron=stuk.bron),
            Cell(f"{door.soort.value.capitalize()} van {format_datum_nl(door.datum)}", bron=door.bron),
            number(str(tijd.kalenderdagen)), number(str(tijd.werkdagen)), Cell(binnen))


def register_blocks(records: Records, periode: Rapportageperiode) -> list[Block]:
    """Questions, moties and toezeggingen at the end of the period: how many stand how, and the answers and
    settlements that came in the period with their handling times (issue 17)."""
    register = build_register(records, periode.eind)
    counts = [f"{stand.value}: {register.aantal(stand)}" for stand in Stand if register.aantal(stand)]
    blocks: list[Block] = [Paragraph(f"Stand van vragen, moties en toezeggingen op {format_datum_nl(periode.eind)}: "
                                     + ("; ".join(counts) if counts else "het register bevat er geen") + ". "
                                     "'Onbekend' is: het register bevat geen antwoord of afdoening en niet wanneer "
                                     "is nagegaan of die er is.")]
    rows = tuple(_handling_row(r.stuk, r.afgedaan_door, r.afhandeltijd) for r in register.afgehandeld
                 if r.afgedaan_door is not None and r.afhandeltijd is not None
                 and periode.begin <= r.afgedaan_door.datum.earliest() <= periode.eind)
    if rows:
        blocks.append(Table("Beantwoord of afgedaan in de periode: dagen tot het antwoord of de afdoening",
                            ("Vraag, motie of toezegging", "Antwoord of afdoening", "Kalenderdagen", "Werkdagen",
                             "Binnen de termijn"), rows))
    return blocks


def agreements_section(records: Records, jaar: int, peildatum: date,
                       periode: Rapportageperiode | None = None) -> Section:
    nakomingen = check_nakoming(records, jaar, peildatum)
    rows = tuple((Cell(t.afspraak.omschrijving, bron=t.afspraak.bron), Cell(t.stand.value), Cell(uitleg(t)))
                 for t in nakomingen.toetsen)
    blocks: list[Block] = [Table(f"Informatieafspraken over {jaar}, getoetst op {format_datum_nl(peildatum)}",
                                 ("Afspraak", "Nagekomen?", "Uitleg"), rows)] if rows else \
        [Paragraph("Er zijn geen informatieafspraken vastgelegd.")]
    if periode is not None:
        blocks.extend(register_blocks(records, periode))
    return Section("Afspraken over informatie: nagekomen of niet", tuple(blocks), id="afspraken")


def changes_since_section(wijzigingen: Wijzigingen | None) -> Section:
    title = "Wat is er veranderd sinds de vorige rapportage"
    if wijzigingen is None:
        return Section(title, (Paragraph("Er is geen eerder peilmoment: dit is de eerste rapportage waarmee later "
                                         "vergeleken kan worden. Leg de stand vast met raadsmonitor snapshot."),),
                       id="wijzigingen")
    return Section(title, tuple(changes_blocks(wijzigingen)), id="wijzigingen")


def build_voortgang(records: Records, periode: Rapportageperiode, peildatum: date,
                    wijzigingen: Wijzigingen | None) -> Document:
    """The progress report over `periode`, made on `peildatum`; `wijzigingen` since the previous moment."""
    overview = programme_overview(records)
    gebied = overview.focusgebied.naam if overview and overview.focusgebied else "het focusgebied"
    sections = (voortgang_section(records, periode.eind), financien_section(records, periode),
                stories_section(records, periode.eind), signals_section(records, periode.eind, wijzigingen),
                agreements_section(records, periode.eind.year, peildatum, periode), changes_since_section(wijzigingen),
                comparison_section(records, periode.eind))
    vorige = f"vergeleken met {moment_text(wijzigingen.van)}" if wijzigingen else "geen eerder peilmoment"
    return Document(
        title=f"Voortgangsrapportage {gebied}", subtitle=periode.naam.capitalize(), sections=sections,
        bronnen=source_labels(records),
        meta=(f"Over {format_datum_nl(periode.begin)} tot en met {format_datum_nl(periode.eind)}; gemaakt door "
              f"raadsmonitor op {format_datum_nl(peildatum)}; {vorige}.",
              "Een cijfer of bedrag dat de bron niet noemt staat er als onbekend en telt niet mee als nul."))
