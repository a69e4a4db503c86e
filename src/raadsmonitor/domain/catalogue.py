"""Every table of the model, in the order data can be loaded: a table only refers to earlier ones
(or to itself). The data package, the store and the pages all walk this one list."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from raadsmonitor.domain import council, glossary, indicators, money, programme
from raadsmonitor.domain.columns import Column, columns_of


@dataclass(frozen=True)
class TableSpec:
    name: str  # file name in a CSV package, sheet name in a workbook, table name in the store
    entity: type[Any]
    label: str  # Dutch, for people
    description: str  # Dutch, on the instruction sheet

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        return columns_of(self.entity)

    @cached_property
    def key(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.key)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def key_of(self, record: object) -> tuple[object, ...]:
        return tuple(getattr(record, name) for name in self.key)


def _t(name: str, entity: type, label: str, description: str) -> TableSpec:
    return TableSpec(name, entity, label, description)


TABLES: tuple[TableSpec, ...] = (
    _t("bronnen", programme.Bron, "Bronnen",
       "Documenten en de plaats daarin (figuur, paragraaf) waar de gegevens vandaan komen. "
       "Elke rij in elke andere tabel verwijst naar een bron."),
    _t("gebieden", programme.Gebied, "Gebieden",
       "Nederland, gemeenten, focusgebieden, wijken en buurten."),
    _t("gebiedsonderdelen", programme.GebiedOnderdeel, "Gebiedsonderdelen",
       "Welke wijken en buurten tot een focusgebied horen."),
    _t("vergelijkingsgebieden", programme.Vergelijkingsgebied, "Vergelijkingsgebieden",
       "Met welke gebieden een focusgebied wordt vergeleken; de norm is meestal Nederland."),
    _t("programmas", programme.Programma, "Programma's",
       "Het nationale programma en het programma van het focusgebied."),
    _t("leefgebieden", programme.Leefgebied, "Leefgebieden",
       "De leefgebieden waarover en waardoorheen het programma werkt."),
    _t("themas", programme.Thema, "Thema's", "De thema's van het programma."),
    _t("actielijnen", programme.Actielijn, "Actielijnen", "De actielijnen van het nationale programma."),
    _t("doelen", programme.Doel, "Doelen", "De doelen per thema, en de ER-doelen van het nationale programma."),
    _t("kpis", programme.Kpi, "KPI's", "De KPI's per thema."),
    _t("organisaties", programme.Organisatie, "Organisaties", "Alliantiepartners en andere organisaties."),
    _t("interventies", programme.Interventie, "Interventies",
       "Projecten, programma's en interventies per doel."),
    _t("interventiepartners", programme.InterventiePartner, "Interventiepartners",
       "Welke organisaties bij een interventie betrokken zijn."),
    _t("organen", programme.Orgaan, "Organen",
       "Alliantieraad, alliantiebestuur, programmabureau, kernteam, raad, college."),
    _t("governancetaken", programme.GovernanceTaak, "Governancetaken",
       "Wie kaders stelt, besluit, stuurt, adviseert, uitvoert en controleert."),
    _t("lidmaatschappen", programme.Lidmaatschap, "Lidmaatschappen",
       "Wie in welk orgaan zit, in welke functie en namens wie."),
    _t("bureaufuncties", programme.Bureaufunctie, "Bureaufuncties",
       "De functies van het programmabureau en hun omvang in FTE."),
    _t("mijlpalen", programme.Mijlpaal, "Mijlpalen", "De geschiedenis van het programma."),
    _t("indicatoren", indicators.Indicator, "Indicatoren",
       "Wat gemeten wordt, in welke eenheid, en of hoger of lager beter is."),
    _t("waarnemingen", indicators.Waarneming, "Waarnemingen",
       "De waarden per indicator, gebied en periode. Een lege waarde is onbekend, nooit nul."),
    _t("voortgangsinstellingen", indicators.Voortgangsinstelling, "Voortgangsinstellingen",
       "Per programma: welke periode de nulmeting is en hoeveel afwijking van het vereiste pad 'aandacht' is."),
    _t("leefbaarometerscores", indicators.Leefbaarometerscore, "Leefbaarometerscores",
       "Leefbaarometer-scores per gebied en jaar; de dimensies als afwijking van het landelijk gemiddelde."),
    _t("geldstromen", money.Geldstroom, "Geldstromen",
       "Elke geldstroom: herkomst, instrument, periode, status, categorie, reikwijdte en bedrag."),
    _t("geldstroombedragen", money.GeldstroomBedrag, "Bedragen per jaar",
       "Bedragen per geldstroom en jaar: geraamd, toegekend, ontvangen of besteed."),
    _t("geldstroomfinanciers", money.GeldstroomFinancier, "Financiers per geldstroom",
       "Wie samen een geldstroom betalen en met welk deel, bijvoorbeeld gemeente en partners bij de "
       "cofinanciering. Samen niet meer dan het totaalbedrag van de stroom."),
    _t("begrotingsprogrammas", money.Begrotingsprogramma, "Begrotingsprogramma's",
       "De programma's van de gemeentebegroting."),
    _t("kernthemas", money.Kernthema, "Kernthema's", "De kernthema's van de gemeentebegroting."),
    _t("taakvelden", money.Taakveld, "Taakvelden", "De Iv3-taakvelden per boekjaar."),
    _t("begrotingskoppelingen", money.Begrotingskoppeling, "Begrotingskoppelingen",
       "Waar onderdelen van het programma in de gemeentebegroting staan."),
    _t("toewijzingen", money.Toewijzing, "Toewijzingen",
       "Delen van een geldstroom, toegewezen aan een project, thema, kernthema of gebied."),
    _t("informatiestukken", council.Informatiestuk, "Informatiestukken",
       "Wat de raad ontving en deed: brieven, bijeenkomsten, voorstellen, vragen, moties, toezeggingen."),
    _t("informatiekoppelingen", council.Informatiekoppeling, "Informatiekoppelingen",
       "Welk stuk op welk ander stuk ingaat: antwoord op vragen, afdoening van een motie."),
    _t("informatieafspraken", council.Informatieafspraak, "Informatieafspraken",
       "Afspraken over wie de raad hoe vaak en wanneer informeert."),
    _t("afspraaknakomingen", council.Afspraaknakoming, "Nakoming van afspraken",
       "Welk stuk in het register welke informatieafspraak nakomt, en voor welk jaar."),
    _t("termijninstellingen", council.Termijninstelling, "Termijnen",
       "Binnen welke termijn vragen worden beantwoord en toezeggingen en moties worden afgedaan."),
    _t("sturingsafspraken", council.Sturingsafspraak, "Sturingsafspraken",
       "Van welke afwijkingen de raad op de hoogte wil worden gehouden, per thema, doel of geldstroom."),
    _t("participatieactiviteiten", council.Participatieactiviteit, "Participatie",
       "Activiteiten waarin bewoners meedenken of meedoen."),
    _t("verhalen", council.Verhaal, "Verhalen", "Ervaringen van bewoners en professionals bij de cijfers."),
    _t("begrippen", glossary.Begrip, "Begrippen", "Het begrippenkader: elke term één keer gedefinieerd."),
    _t("aliassen", glossary.Alias, "Aliassen",
       "Andere namen voor een begrip; bij invoer worden ze vervangen door de vaste term."),
)

TABLES_BY_NAME: dict[str, TableSpec] = {table.name: table for table in TABLES}
TABLES_BY_ENTITY: dict[type, TableSpec] = {table.entity: table for table in TABLES}


def table_named(name: str) -> TableSpec:
    return TABLES_BY_NAME[name]


# The fields that name a record for people, in this order where a record has more than one (a bron's
# document before its onderdeel, a thema's naam before its omschrijving). Pages, lists of facts and the
# register forms all name a record by these.
NAME_FIELDS = ("naam", "titel", "onderwerp", "omschrijving", "functie", "term", "alias", "document", "onderdeel")


def record_name(record: object) -> str:
    """The name of a record for people; empty for a record that has none (a link between two records)."""
    for name in NAME_FIELDS:
        value = getattr(record, name, None)
        if value:
            return str(value)
    return ""
