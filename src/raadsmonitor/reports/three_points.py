"""The three points the report asks of the paragraaf and of every council proposal about NPHLN money
(report 3.3): (a) where the council decides, (b) what is for the focus area and what for the whole
municipality, (c) which choices come next year and how free the council is, short and long term."""

from __future__ import annotations

from raadsmonitor.analysis.finance.horizon import KeuzesVooruit, Vrijheid
from raadsmonitor.analysis.finance.overview import (
    DIMENSIES,
    StroomRegel,
    Totaal,
    counted,
    focus_share,
    focus_total,
    telposten,
    totals_of,
)
from raadsmonitor.domain.enums import Reikwijdte, Zeggenschap
from raadsmonitor.presentation.finance import bekend_tekst
from raadsmonitor.presentation.formatting import format_euro
from raadsmonitor.reports.content import BulletList, Cell, Paragraph, Section, Table, number
from raadsmonitor.reports.finance_sections import periode, stroom_href, total_text, totals_table

ZEGGENSCHAP_ZIN = {
    Zeggenschap.BESLIST.value: "beslist de raad zelf, via de begroting",
    Zeggenschap.INDIRECT.value: "is de rol van de raad indirect: het rijk stelt de voorwaarden",
    Zeggenschap.BEPERKT.value: "is de rol van de raad beperkt: het geld loopt via de alliantie",
    Zeggenschap.GEEN.value: "beslist de raad niet",
    "onbekend": "is de zeggenschap van de raad onbekend",
}


def _names(regels: tuple[StroomRegel, ...] | list[StroomRegel]) -> str:
    return ", ".join(r.stroom.naam for r in regels)


def _stromen(totaal: Totaal) -> str:
    aantal = len({p.geldstroom for p in totaal.posten})
    return f"{aantal} {'stroom' if aantal == 1 else 'stromen'}"


def authority_section(regels: list[StroomRegel], title: str = "a. Waar beslist de raad over?", *,
                      per_stroom: bool = True) -> Section:
    """With `per_stroom` a row per stream and why; without (the paragraaf, whose overview lists every stream's
    authority) only the streams where the rule was overridden, with the reason. A package counts by its
    parts and a stream with funders by their shares, each with its own authority (issue 20)."""
    posten = telposten(regels)
    totals = totals_of(posten, DIMENSIES["zeggenschap"])
    summary = tuple(f"Over {_stromen(t)} ({total_text(t)}, {bekend_tekst(t)}) {ZEGGENSCHAP_ZIN.get(t.label, t.label)}."
                    for t in totals)
    rows = tuple((Cell(t.post.omschrijving, href=stroom_href(t.regel)), number(format_euro(t.post.bedrag), t.post.bron),
                  Cell(t.regel.oordeel.label),
                  Cell(f"overschreven: {t.regel.oordeel.overschreven_met}" if t.regel.oordeel.overschreven
                       else f"regel {t.regel.oordeel.regel.id}")) for t in posten
                 if per_stroom or t.regel.oordeel.overschreven)
    table = Table("Zeggenschap per geldstroom" if per_stroom else "Zeggenschap anders dan de regel",
                  ("Geldstroom", "Bedrag", "Zeggenschap", "Waarom"), rows)
    used = list(dict.fromkeys(t.regel.oordeel.regel for t in posten if not t.regel.oordeel.overschreven))
    rules = Table("De regels die hier gelden", ("Regel", "Als", "Dan", "Waarom", "Grondslag"),
                  tuple((Cell(regel.id, href=f"/financien/zeggenschap#regel-{regel.id}"), Cell(regel.voorwaarde),
                         Cell(regel.zeggenschap.value if regel.zeggenschap else "onbekend"), Cell(regel.uitleg),
                         Cell(regel.rapport)) for regel in used))
    tables = (totals_table(regels, "zeggenschap", names=per_stroom), *((table,) if rows else ()), rules)
    return Section(title, (BulletList(summary), *tables), id="zeggenschap")


def area_section(regels: list[StroomRegel],
                 title: str = "b. Specifiek voor het focusgebied of voor de hele gemeente?", *,
                 per_stroom: bool = True) -> Section:
    """With `per_stroom` a row per stream; without (the paragraaf, whose overview lists every stream) only the
    streams that are not for the focus area alone: every other stream is wholly for the focus area."""
    focus = focus_total(regels)
    intro = Paragraph(f"Specifiek voor het focusgebied: {total_text(focus)} ({bekend_tekst(focus)}). Dat is het "
                      "totaal van de stromen voor het focusgebied, plus het genoemde deel voor het focusgebied van "
                      "stromen voor de hele gemeente of de regio.")
    rows = tuple((Cell(r.stroom.naam, href=stroom_href(r)),
                  Cell(r.stroom.reikwijdte.value if r.stroom.reikwijdte else "onbekend"),
                  number(format_euro(r.stroom.totaalbedrag), r.stroom.bron), number(format_euro(focus_share(r))))
                 for r in counted(regels) if per_stroom or r.stroom.reikwijdte is not Reikwijdte.FOCUSGEBIED)
    table = Table("Reikwijdte per geldstroom" if per_stroom else "Stromen niet alleen voor het focusgebied",
                  ("Geldstroom", "Reikwijdte", "Totaalbedrag", "Deel focusgebied"), rows)
    return Section(title, (intro, totals_table(regels, "reikwijdte", names=per_stroom), *((table,) if rows else ())),
                   id="reikwijdte")


def _freedom_table(vrijheid: Vrijheid) -> Table:
    rows = tuple((Cell(label), number(str(len(items))), Cell(_names(items))) for label, items in vrijheid.groepen)
    return Table(f"Zeggenschap {vrijheid.periode}", ("Zeggenschap raad", "Stromen", "Welke"), rows)


def _choice_lists(keuzes: KeuzesVooruit) -> list[Paragraph | BulletList]:
    window = f"{keuzes.jaar}–{keuzes.tot_jaar}"
    lists: list[Paragraph | BulletList] = []
    items = [
        (f"Stromen die aflopen in {window}: besluit over voortzetting, afbouw of eigen dekking",
         [f"{r.stroom.naam} (loopt af in {r.stroom.eind_jaar})" for r in keuzes.aflopend]),
        ("Cofinanciering waarover de raad beslist",
         [f"{p.regel.stroom.naam} ({periode(p.regel)}): "
          + (f"gedekt door {_names(p.gedekt_door)}" if p.gedekt_door else "dekking niet in de gegevens vastgelegd")
          for p in keuzes.cofinanciering]),
        ("Aanvragen en verwachte middelen die nog niet zijn toegekend",
         [f"{r.stroom.naam} ({r.stroom.status.value if r.stroom.status else 'onbekend'}, "
          f"{format_euro(r.stroom.totaalbedrag)})" for r in keuzes.aanvragen]),
    ]
    for heading, entries in items:
        lists.append(Paragraph(heading + ":", emphasis=True))
        lists.append(BulletList(tuple(entries)) if entries else Paragraph("Geen, volgens de gegevens."))
    return lists


def choices_section(keuzes: KeuzesVooruit, title: str = "c. Keuzen die voorliggen en de keuzevrijheid van de raad"
                    ) -> Section:
    kort = (f"Korte termijn (begrotingsjaar {keuzes.jaar}): van de stromen die dan lopen beslist de raad zelf over "
            f"{keuzes.kort.aantal(Zeggenschap.BESLIST)}; bij {keuzes.kort.aantal(Zeggenschap.INDIRECT)} is zijn "
            "rol indirect en kan hij vooral kiezen via de cofinanciering.")
    lang = ("Lange termijn: " + (f"na {keuzes.cliff} loopt geen van de stromen met een bekend eindjaar nog. "
                                 if keuzes.cliff else "")
            + "Wat het programma daarna nodig heeft, komt uit nieuwe regelingen of uit eigen middelen; over eigen "
              "middelen beslist de raad, dus zijn keuzevrijheid wordt groter, maar het geld is er niet vanzelf. "
              f"Van {len(keuzes.periode_onbekend)} stromen is de looptijd onbekend: "
            + (_names(keuzes.periode_onbekend) or "geen") + ".")
    blocks = [*_choice_lists(keuzes), Paragraph(kort), _freedom_table(keuzes.kort), Paragraph(lang),
              _freedom_table(keuzes.lang)]
    return Section(title, tuple(blocks), id="keuzen")
