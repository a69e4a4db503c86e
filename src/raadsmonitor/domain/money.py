"""Money: funding streams, their yearly amounts, allocations, and the municipal budget they land in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from raadsmonitor.domain.columns import col, entity
from raadsmonitor.domain.enums import (
    BedragSoort,
    Categorie,
    GeldstroomStatus,
    Herkomst,
    Instrument,
    Reikwijdte,
    Zeggenschap,
)
from raadsmonitor.domain.programme import BRON

EURO = "Bedrag in euro's, zonder scheidingstekens voor duizendtallen (1350000 of 212084,50)"
# Issue 20: a stream's amount below € 1.000 is refused as most likely millions typed short.
STROOMBEDRAG = ("Bedrag in euro's: 1350000, 212084,50 of met eenheid 49,2 mln (k, mln, mld); minstens € 1.000 "
                "of 0, geen scheidingstekens voor duizendtallen")


@entity
class Geldstroom:
    """A funding stream: where money comes from, through which instrument, for when and for whom."""

    id: str = col("Sleutel van de geldstroom", key=True)
    naam: str = col("Naam van de geldstroom")
    programma: str = col("Programma", ref="programmas")
    herkomst: Herkomst = col("Wie het geld geeft: rijk, gemeente, partner, ...")
    instrument: Instrument | None = col("Via welk instrument; leeg als de bron het niet zegt", default=None)
    verstrekker: str | None = col("Organisatie die het geld verstrekt", ref="organisaties", default=None)
    ontvanger: str | None = col("Formele ontvanger of aanvrager", ref="organisaties", default=None)
    begin_jaar: int | None = col("Eerste jaar", minimum=1990, maximum=2100, default=None)
    eind_jaar: int | None = col("Laatste jaar", minimum=1990, maximum=2100, default=None)
    status: GeldstroomStatus | None = col("Stand van de aanvraag of toekenning", default=None)
    categorie: Categorie | None = col("Bureau, programma, extra of regulier", default=None)
    reikwijdte: Reikwijdte | None = col("Voor wie het geld is: focusgebied, hele gemeente of regio",
                                        default=None)
    totaalbedrag: Decimal | None = col(STROOMBEDRAG + "; leeg als onbekend", scale=2, minimum=0, default=None,
                                       stream_amount=True)
    bedrag_focusgebied: Decimal | None = col("Deel van het totaal dat specifiek voor het focusgebied is; zoals "
                                             "het totaalbedrag",
                                             scale=2, minimum=0, default=None, stream_amount=True)
    cofinanciering_vereist: bool | None = col("ja als de gemeente moet meebetalen", default=None)
    cofinanciering_van: str | None = col("Geldstroom waarvan dit de cofinanciering is",
                                         ref="geldstromen", default=None)
    via_alliantie: bool | None = col(
        "ja als de gemeente formeel aanvrager en landingsplek is, maar het geld via de alliantie "
        "(het programmabureau) loopt, zoals een SPUK Kansrijke wijken", default=None)
    onderdeel_van: str | None = col("Geldstroom waar deze stroom een deel van is", ref="geldstromen",
                                    default=None)
    zeggenschap: Zeggenschap | None = col(
        "Alleen invullen om de regel voor zeggenschap van de raad te overschrijven", default=None)
    zeggenschap_reden: str | None = col("Verplicht als zeggenschap is ingevuld: waarom", default=None)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class GeldstroomBedrag:
    """The amount of a stream in one year, by kind: estimated, granted, received or spent."""

    geldstroom: str = col("Geldstroom", ref="geldstromen", key=True)
    jaar: int = col("Jaar", minimum=1990, maximum=2100, key=True)
    soort: BedragSoort = col("Geraamd, toegekend, ontvangen of besteed", key=True)
    bedrag: Decimal = col(STROOMBEDRAG, scale=2, minimum=0, stream_amount=True)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class GeldstroomFinancier:
    """One of several funders of a stream and its share, e.g. the municipality and the partners who
    together bring the co-financing of a package (issue 20). Totals by origin use these shares; the
    part of the stream no funder covers keeps the stream's own origin."""

    geldstroom: str = col("Geldstroom", ref="geldstromen", key=True)
    organisatie: str = col("Organisatie die (een deel van) het geld geeft", ref="organisaties", key=True)
    herkomst: Herkomst = col("Wat voor geld dit deel is: rijk, gemeente, alliantiepartner, ...")
    bedrag: Decimal | None = col(EURO + "; leeg als alleen het aandeel bekend is", scale=2, minimum=0,
                                 default=None, stream_amount=True)
    aandeel: Decimal | None = col("Aandeel in procenten van het totaalbedrag (0 tot 100); leeg als het bedrag "
                                  "is ingevuld of onbekend", scale=2, minimum=0, maximum=100, default=None)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


def known_sum(amounts: Iterable[Decimal | None]) -> Decimal:
    """The sum of the amounts that are known; an unknown amount (None) is left out, not counted as zero."""
    return sum((amount for amount in amounts if amount is not None), Decimal(0))


def share_amount(financier: GeldstroomFinancier, totaal: Decimal | None) -> Decimal | None:
    """A funder's share in euro: the stated amount, else the stated percentage of the stream's total;
    None when neither is known."""
    if financier.bedrag is not None:
        return financier.bedrag
    if financier.aandeel is not None and totaal is not None:
        return (totaal * financier.aandeel / 100).quantize(Decimal("0.01"))
    return None


@dataclass(frozen=True, slots=True)
class Overschrijding:
    """The funders of one stream bring in more than it holds: the column at fault, and the two figures."""

    kolom: str  # "aandeel" (percentages above 100) or "bedrag" (euros above the stream's total)
    samen: Decimal
    grens: Decimal


def shares_exceed(totaal: Decimal | None, financiers: list[GeldstroomFinancier]) -> Overschrijding | None:
    """Issue 20: the shares of one stream may not exceed its amount (nor 100 % together)."""
    procenten = [f.aandeel for f in financiers if f.aandeel is not None and f.bedrag is None]
    if sum(procenten, Decimal(0)) > 100:
        return Overschrijding("aandeel", sum(procenten, Decimal(0)), Decimal(100))
    bedragen = [b for f in financiers if (b := share_amount(f, totaal)) is not None]
    if totaal is not None and sum(bedragen, Decimal(0)) > totaal:
        return Overschrijding("bedrag", sum(bedragen, Decimal(0)), totaal)
    return None


@entity
class Begrotingsprogramma:
    """A programme of the municipal budget (report figure 9)."""

    id: str = col("Sleutel", key=True)
    nummer: int = col("Nummer in de begroting", minimum=0)
    naam: str = col("Naam")
    programma: str | None = col("Programma waarvoor het begrotingsprogramma geldt (de gemeente van dat programma); "
                                "leeg: voor elk programma in de database", ref="programmas", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Kernthema:
    """A kernthema within a municipal budget programme (report figure 9)."""

    id: str = col("Sleutel", key=True)
    begrotingsprogramma: str = col("Begrotingsprogramma", ref="begrotingsprogrammas")
    naam: str = col("Naam")
    bron: str = col(BRON, ref="bronnen")


@entity
class Taakveld:
    """An Iv3 taakveld from the official list of a book year."""

    id: str = col("Sleutel: boekjaar en code, bijvoorbeeld 2025-1.2", key=True)
    code: str = col("Code van het taakveld, bijvoorbeeld 1.2", max_length=10)
    naam: str = col("Naam van het taakveld")
    boekjaar: int = col("Boekjaar waarvoor de lijst geldt", minimum=2000, maximum=2100)
    bron: str = col(BRON, ref="bronnen")


@entity
class Begrotingskoppeling:
    """Where a part of the programme sits in the municipal budget (report figure 9)."""

    id: str = col("Sleutel", key=True)
    kernthema: str = col("Kernthema van de begroting", ref="kernthemas")
    thema: str | None = col("Thema van het programma; leeg als het overkoepelend is", ref="themas",
                            default=None)
    onderdeel: str = col("Onderdeel van het programma, zoals de bron het noemt")
    interventie: str | None = col("Interventie", ref="interventies", default=None)
    geldstroom: str | None = col("Geldstroom", ref="geldstromen", default=None)
    taakveld: str | None = col("Iv3-taakveld", ref="taakvelden", default=None)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Toewijzing:
    """Part of a stream assigned to a project, theme, budget line or area."""

    id: str = col("Sleutel", key=True)
    geldstroom: str = col("Geldstroom", ref="geldstromen")
    omschrijving: str = col("Waaraan het geld is toegewezen")
    bedrag: Decimal | None = col(EURO + "; leeg als onbekend", scale=2, minimum=0, default=None)
    interventie: str | None = col("Interventie", ref="interventies", default=None)
    thema: str | None = col("Thema", ref="themas", default=None)
    kernthema: str | None = col("Kernthema van de begroting", ref="kernthemas", default=None)
    taakveld: str | None = col("Iv3-taakveld", ref="taakvelden", default=None)
    gebied: str | None = col("Gebied waar het geld landt", ref="gebieden", default=None)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")




# --- decision authority of the council (report 6.2, 6.3, 6.5, figure 8) ----------------------------

Voorwaarde = Callable[[Geldstroom, frozenset[str]], bool]
"""A rule's condition: the stream, and the ids of the organisations that are the municipality."""

_RIJKSINSTRUMENTEN = frozenset({Instrument.SPECIFIEKE_UITKERING, Instrument.REGIO_DEAL, Instrument.FONDS,
                                Instrument.SUBSIDIE})
_VAN_BUITEN = frozenset({Herkomst.RIJK, Herkomst.PROVINCIE, Herkomst.REGIO})


@dataclass(frozen=True, slots=True)
class Zeggenschapsregel:
    """One row of the table that says whether the council decides on a stream's money."""

    id: str
    voorwaarde: str  # the condition, as a controller reads it
    zeggenschap: Zeggenschap | None  # None: the rule cannot tell ("onbekend")
    uitleg: str
    rapport: str  # what the rule rests on, in general terms (the same for every municipality)
    geldt: Voorwaarde


def _regel(id: str, voorwaarde: str, zeggenschap: Zeggenschap | None, uitleg: str, rapport: str,
           geldt: Voorwaarde) -> Zeggenschapsregel:
    return Zeggenschapsregel(id, voorwaarde, zeggenschap, uitleg, rapport, geldt)


# Read from top to bottom: the first rule whose condition holds decides. A controller overrides the
# outcome for one stream with the columns zeggenschap and zeggenschap_reden.
ZEGGENSCHAPSREGELS: tuple[Zeggenschapsregel, ...] = (
    _regel("partnergeld",
           "Het geld komt van een alliantiepartner, of het instrument is een partnerbudget.",
           Zeggenschap.GEEN,
           "De raad gaat niet over de middelen van de alliantiepartners: hij gaat over het deel van de "
           "middelen dat de gemeente bijdraagt, niet over het totaal.",
           "budgetrecht van de raad: alleen de middelen van de gemeente",
           lambda s, gemeente: s.herkomst is Herkomst.ALLIANTIEPARTNER or s.instrument is Instrument.PARTNERBUDGET),
    _regel("buiten-de-gemeente",
           "De ontvanger is bekend en is niet de gemeente (of haar programmabureau).",
           Zeggenschap.GEEN,
           "Het geld loopt niet via de gemeente en staat dus niet in haar begroting; de raad beslist er niet "
           "over. Voorbeeld: geld dat een ministerie rechtstreeks aan een schoolbestuur toekent.",
           "de gemeentebegroting bevat alleen wat via de gemeente loopt",
           lambda s, gemeente: s.ontvanger is not None and s.ontvanger not in gemeente),
    _regel("cofinanciering-door-de-gemeente",
           "Het geld komt van de gemeente en is de cofinanciering van een andere geldstroom.",
           Zeggenschap.BESLIST,
           "De gemeente betaalt haar (verplichte) bijdrage uit het gemeentefonds of eigen inkomsten; de raad "
           "stelt die vast met de begroting.",
           "budgetrecht van de raad",
           lambda s, gemeente: s.herkomst is Herkomst.GEMEENTE and s.cofinanciering_van is not None),
    _regel("eigen-middelen",
           "Het geld komt van de gemeente zelf.",
           Zeggenschap.BESLIST,
           "De raad heeft het budgetrecht: met de begroting wijst hij de middelen toe, met de jaarstukken "
           "controleert hij de besteding.",
           "budgetrecht van de raad",
           lambda s, gemeente: s.herkomst is Herkomst.GEMEENTE),
    _regel("aanvrager-voor-de-alliantie",
           "Een specifieke uitkering die de gemeente als formele aanvrager voor de alliantie ontvangt "
           "(via_alliantie is ja).",
           Zeggenschap.BEPERKT,
           "Een gradatie: het geld loopt via de alliantie en het programmabureau; de gemeente is formeel "
           "aanvrager en landingsplek. Het staat in de begroting, maar het rijk stelt de voorwaarden en de "
           "alliantie maakt de keuzes.",
           "voorwaarden van de verstrekker; keuzes in de samenwerking",
           lambda s, gemeente: s.instrument is Instrument.SPECIFIEKE_UITKERING and s.via_alliantie is True),
    _regel("rijksgeld-met-cofinanciering",
           "Geld van rijk, provincie of regio via een specifieke uitkering, regio deal, fonds of subsidie, "
           "waarvoor de gemeente moet meebetalen.",
           Zeggenschap.INDIRECT,
           "Het rijk is bepalend: het stelt de voorwaarden, het college legt verantwoording af aan het rijk en "
           "geld dat niet volgens afspraak is besteed kan worden teruggevorderd. De raad stelt het vast met de "
           "begroting. Door de cofinanciering, waarover de raad zelf beslist, is zijn rol sterker.",
           "voorwaarden van de verstrekker; budgetrecht over de cofinanciering",
           lambda s, gemeente: (s.herkomst in _VAN_BUITEN and s.instrument in _RIJKSINSTRUMENTEN
                                and s.cofinanciering_vereist is True)),
    _regel("specifieke-uitkering",
           "Een specifieke uitkering.",
           Zeggenschap.INDIRECT,
           "Het rijk is bepalend: het stelt de voorwaarden, het college legt verantwoording af aan het rijk en "
           "geld kan worden teruggevorderd. De uitkering staat in de begroting en de jaarstukken, maar de "
           "zeggenschap van de raad is indirecter dan bij eigen middelen.",
           "voorwaarden van de verstrekker",
           lambda s, gemeente: s.instrument is Instrument.SPECIFIEKE_UITKERING),
    _regel("rijksgeld-onder-voorwaarden",
           "Geld van rijk, provincie of regio via een regio deal, fonds of subsidie.",
           Zeggenschap.INDIRECT,
           "Het rijk verstrekt middelen onder voorwaarden; de raad stelt ze vast met de begroting, maar de "
           "voorwaarden liggen vast.",
           "voorwaarden van de verstrekker",
           lambda s, gemeente: s.herkomst in _VAN_BUITEN and s.instrument in _RIJKSINSTRUMENTEN),
    _regel("onbekend",
           "Geen van de regels hierboven past, bijvoorbeeld omdat het instrument niet bekend is.",
           None,
           "Zonder herkomst en instrument is niet te zeggen of de raad beslist; de raadsmonitor raadt niet. "
           "Vul het instrument in, of overschrijf de zeggenschap met een reden.",
           "",
           lambda s, gemeente: True),
)


__all__ = [
    "Begrotingskoppeling", "Begrotingsprogramma", "Geldstroom", "GeldstroomBedrag", "GeldstroomFinancier", "Kernthema",
    "Overschrijding", "Taakveld", "Toewijzing", "ZEGGENSCHAPSREGELS", "Zeggenschapsregel", "share_amount",
    "shares_exceed",
]
