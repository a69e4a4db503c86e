"""The programme as the report describes it: areas, themes, goals, interventions, organisation."""

from __future__ import annotations

from decimal import Decimal

from raadsmonitor.domain.columns import col, entity
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import DoelSoort, GebiedSoort, GovernanceRol, OrgaanSoort, VergelijkingRol

BRON = "Sleutel van de bron (tabel bronnen) waar dit gegeven vandaan komt"


@entity
class Bron:
    """A document and the place in it (figure, section) that a fact comes from."""

    id: str = col("Sleutel van de bron, bijvoorbeeld rk2023-fig2", key=True)
    document: str = col("Titel van het document")
    onderdeel: str | None = col("Figuur, tabel, paragraaf of pagina in het document", default=None)
    uitgever: str | None = col("Wie het document uitgaf", default=None)
    datum: Datum | None = col("Datum van het document (JJJJ-MM-DD, JJJJ-MM of JJJJ)", default=None)
    oorspronkelijke_bron: str | None = col(
        "Waar het document de cijfers zelf vandaan heeft, bijvoorbeeld Zicht op wijken", default=None)
    url: str | None = col("Adres waar het document te vinden is", default=None)
    toelichting: str | None = col("Opmerking over de bron of de overname", default=None)


@entity
class Gebied:
    """A country, municipality, focus area, wijk or buurt."""

    id: str = col("Sleutel van het gebied; bij CBS-gebieden de CBS-code (GM0917, WK091701)", key=True)
    naam: str = col("Naam van het gebied")
    soort: GebiedSoort = col("Soort gebied")
    cbs_code: str | None = col("CBS-code (NL01, GM, WK of BU gevolgd door cijfers)", default=None)
    ligt_in: str | None = col("Gebied waar dit gebied in ligt", ref="gebieden", default=None)
    toelichting: str | None = col("Opmerking over het gebied of de afbakening", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class GebiedOnderdeel:
    """A wijk or buurt that belongs to a focus area."""

    focusgebied: str = col("Het focusgebied", ref="gebieden", key=True)
    gebied: str = col("Wijk of buurt die tot het focusgebied hoort", ref="gebieden", key=True)
    focusbuurt: bool = col("ja als het een focusbuurt is", default=False)
    bron: str = col(BRON, ref="bronnen")


@entity
class Vergelijkingsgebied:
    """An area shown beside a focus area: the national benchmark, its municipality, others."""

    focusgebied: str = col("Het focusgebied", ref="gebieden", key=True)
    gebied: str = col("Het gebied waarmee vergeleken wordt", ref="gebieden", key=True)
    rol: VergelijkingRol = col("Waarom dit gebied ernaast staat")
    bron: str = col(BRON, ref="bronnen")


@entity
class Programma:
    """The national programme or a focus area's programme (NPLV, NPHLN)."""

    id: str = col("Sleutel van het programma, bijvoorbeeld nphln", key=True)
    naam: str = col("Volledige naam")
    afkorting: str | None = col("Afkorting", default=None)
    focusgebied: str | None = col("Het focusgebied van het programma", ref="gebieden", default=None)
    onderdeel_van: str | None = col("Het nationale programma waar dit programma bij hoort",
                                    ref="programmas", default=None)
    ambitie: str | None = col("De ambitie in de woorden van het programma", default=None)
    startdatum: Datum | None = col("Formeel beginpunt", default=None)
    doeljaar: int | None = col("Jaar waarin het doel bereikt moet zijn", minimum=2000, maximum=2100,
                               default=None)
    doeljaar_toelichting: str | None = col("Waar het doeljaar op berust", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Leefgebied:
    """One of the life domains the programme works across (werken, wonen, leren, ...)."""

    id: str = col("Sleutel van het leefgebied", key=True)
    programma: str = col("Programma", ref="programmas")
    naam: str = col("Naam van het leefgebied")
    volgorde: int = col("Volgorde op pagina's en in rapporten", minimum=0)
    bron: str = col(BRON, ref="bronnen")


@entity
class Thema:
    """One of the programme's themes that cut across the leefgebieden."""

    id: str = col("Sleutel van het thema", key=True)
    programma: str = col("Programma", ref="programmas")
    naam: str = col("Naam van het thema")
    omschrijving: str | None = col("Korte omschrijving", default=None)
    volgorde: int = col("Volgorde op pagina's en in rapporten", minimum=0)
    bron: str = col(BRON, ref="bronnen")


@entity
class Actielijn:
    """One of the national programme's four actielijnen."""

    id: str = col("Sleutel van de actielijn", key=True)
    programma: str = col("Programma", ref="programmas")
    nummer: int = col("Nummer van de actielijn", minimum=1)
    naam: str = col("Naam van de actielijn")
    korte_naam: str | None = col("Korte naam tussen haakjes in de bron", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Doel:
    """A goal of a programme, usually under a thema."""

    id: str = col("Sleutel van het doel", key=True)
    programma: str = col("Programma", ref="programmas")
    thema: str | None = col("Thema waar het doel onder valt", ref="themas", default=None)
    soort: DoelSoort = col("Soort doel")
    omschrijving: str = col("Het doel in de woorden van de bron")
    volgorde: int = col("Volgorde binnen het thema", minimum=0)
    bron: str = col(BRON, ref="bronnen")


@entity
class Kpi:
    """A key performance indicator the programme states for a thema."""

    id: str = col("Sleutel van de KPI", key=True)
    thema: str = col("Thema", ref="themas")
    doel: str | None = col("Doel waar de KPI bij hoort", ref="doelen", default=None)
    omschrijving: str = col("De KPI in de woorden van de bron")
    volgorde: int = col("Volgorde binnen het thema", minimum=0)
    bron: str = col(BRON, ref="bronnen")


@entity
class Organisatie:
    """A partner, government body or other organisation."""

    id: str = col("Sleutel van de organisatie", key=True)
    naam: str = col("Naam van de organisatie")
    sector: str | None = col("Sector, zoals de bron die noemt (Onderwijs, Wonen, Rijk, ...)", default=None)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Interventie:
    """A project, programme or intervention serving a goal."""

    id: str = col("Sleutel van de interventie", key=True)
    naam: str = col("Naam van het project, programma of de interventie")
    thema: str = col("Thema", ref="themas")
    doel: str | None = col("Doel", ref="doelen", default=None)
    onderdelen: str | None = col("Onderdelen, zoals de bron ze noemt", default=None)
    omschrijving: str | None = col("Omschrijving", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class InterventiePartner:
    """A partner involved in an intervention."""

    interventie: str = col("Interventie", ref="interventies", key=True)
    organisatie: str = col("Betrokken organisatie", ref="organisaties", key=True)
    bron: str = col(BRON, ref="bronnen")


@entity
class Orgaan:
    """A body in the programme's or the municipality's governance."""

    id: str = col("Sleutel van het orgaan", key=True)
    naam: str = col("Naam van het orgaan")
    soort: OrgaanSoort = col("Soort orgaan")
    programma: str | None = col("Programma", ref="programmas", default=None)
    taak: str | None = col("Taak in de woorden van de bron", default=None)
    legt_verantwoording_af_aan: str | None = col("Orgaan waaraan dit orgaan verantwoording aflegt",
                                                 ref="organen", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class GovernanceTaak:
    """Who sets frameworks, decides, steers, advises, carries out and checks."""

    id: str = col("Sleutel", key=True)
    orgaan: str = col("Orgaan", ref="organen")
    rol: GovernanceRol = col("Rol")
    omschrijving: str = col("Wat het orgaan in deze rol doet")
    bron: str = col(BRON, ref="bronnen")


@entity
class Lidmaatschap:
    """A seat in a body: who holds it, in which function, on whose behalf."""

    id: str = col("Sleutel", key=True)
    orgaan: str = col("Orgaan", ref="organen")
    organisatie: str | None = col("Organisatie van de zetelhouder; leeg bij een vacature",
                                  ref="organisaties", default=None)
    functie: str = col("Functie")
    namens: str | None = col("Namens wie de zetelhouder er zit", default=None)
    sector: str | None = col("Sector, zoals de bron die noemt", default=None)
    vacature: bool = col("ja als de zetel niet is ingevuld", default=False)
    peildatum: Datum | None = col("Situatie per", default=None)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Bureaufunctie:
    """A function in the programme bureau and its size in FTE (figure 7)."""

    id: str = col("Sleutel", key=True)
    orgaan: str = col("Orgaan, meestal het programmabureau", ref="organen")
    functie: str = col("Functie")
    fte: Decimal | None = col("Omvang in FTE", scale=2, minimum=0, maximum=100, default=None)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Mijlpaal:
    """A step in the programme's history (report chapter 4.1)."""

    id: str = col("Sleutel", key=True)
    programma: str = col("Programma", ref="programmas")
    datum: Datum = col("Datum (JJJJ-MM-DD, JJJJ-MM of JJJJ)")
    omschrijving: str = col("Wat er gebeurde")
    bron: str = col(BRON, ref="bronnen")


__all__ = [
    "Actielijn", "Bron", "Bureaufunctie", "Doel", "Gebied", "GebiedOnderdeel", "GovernanceTaak",
    "Interventie", "InterventiePartner", "Kpi", "Leefgebied", "Lidmaatschap", "Mijlpaal", "Orgaan",
    "Organisatie", "Programma", "Thema", "Vergelijkingsgebied",
]
