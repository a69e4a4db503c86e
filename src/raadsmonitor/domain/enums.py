"""The closed lists of the domain. Values are what a user types in the data package and sees."""

from __future__ import annotations

from enum import StrEnum


class GebiedSoort(StrEnum):
    LAND = "land"
    PROVINCIE = "provincie"
    REGIO = "regio"
    GEMEENTE = "gemeente"
    FOCUSGEBIED = "focusgebied"
    WIJK = "wijk"
    BUURT = "buurt"
    OVERIG = "overig"


class VergelijkingRol(StrEnum):
    """Why an area is shown beside a focus area."""

    NORM = "norm"  # the benchmark the goal is measured against: Nederland
    GEMEENTE = "gemeente"  # the municipality the focus area lies in
    VERGELIJKING = "vergelijking"  # another area to compare with
    REPRESENTANT = "representant"  # stands in for the focus area where no figures for it exist


class OrgaanSoort(StrEnum):
    GEMEENTERAAD = "gemeenteraad"
    COLLEGE = "college"
    ALLIANTIERAAD = "alliantieraad"
    ALLIANTIEBESTUUR = "alliantiebestuur"
    PROGRAMMABUREAU = "programmabureau"
    KERNTEAM = "kernteam"
    PROGRAMMALIJNTEAM = "programmalijnteam"
    REKENKAMER = "rekenkamer"
    RIJK = "rijk"
    BEWONERSORGAAN = "bewonersorgaan"
    OVERIG = "overig"


class GovernanceRol(StrEnum):
    KADERSTELLEN = "kaderstellen"
    BESLUITEN = "besluiten"
    STUREN = "sturen"
    ADVISEREN = "adviseren"
    UITVOEREN = "uitvoeren"
    CONTROLEREN = "controleren"
    VERANTWOORDEN = "verantwoorden"


class DoelSoort(StrEnum):
    ER_DOEL = "er-doel"  # the national programme's three ER-doelen (report 2.1)
    PROGRAMMADOEL = "programmadoel"  # a focus area's own goal per thema (figure 4)


class Eenheid(StrEnum):
    PROCENT = "procent"
    AANTAL = "aantal"
    EURO = "euro"
    JAREN = "jaren"
    PER_1000_INWONERS = "per 1.000 inwoners"
    PER_10000_INWONERS = "per 10.000 inwoners"
    RAPPORTCIJFER = "rapportcijfer"
    SCORE = "score"


class Polariteit(StrEnum):
    HOGER_IS_BETER = "hoger is beter"
    LAGER_IS_BETER = "lager is beter"
    NEUTRAAL = "neutraal"


class Aggregatie(StrEnum):
    """How buurt figures add up to a focus area (issue 4)."""

    GEWOGEN_GEMIDDELDE = "gewogen gemiddelde"
    SOM = "som"
    NIET_OPTELBAAR = "niet optelbaar"


class Herkomst(StrEnum):
    RIJK = "rijk"
    PROVINCIE = "provincie"
    REGIO = "regio"
    GEMEENTE = "gemeente"
    ALLIANTIEPARTNER = "alliantiepartner"
    OVERIG = "overig"


class Instrument(StrEnum):
    SPECIFIEKE_UITKERING = "specifieke uitkering"
    REGIO_DEAL = "regio deal"
    FONDS = "fonds"
    SUBSIDIE = "subsidie"
    EIGEN_MIDDELEN = "eigen middelen"
    PARTNERBUDGET = "partnerbudget"
    OVERIG = "overig"


class GeldstroomStatus(StrEnum):
    VERWACHT = "verwacht"
    AANGEVRAAGD = "aangevraagd"
    TOEGEZEGD = "toegezegd"
    VERLEEND = "verleend"
    ONTVANGEN = "ontvangen"
    AFGEWEZEN = "afgewezen"
    BEEINDIGD = "beëindigd"


class Categorie(StrEnum):
    """Report figure 8: why the money is there."""

    BUREAU = "bureau"
    PROGRAMMA = "programma"
    EXTRA = "extra"  # would not be spent without the programme
    REGULIER = "regulier"  # would be spent anyway


class Reikwijdte(StrEnum):
    """For whom the money is: the focus area, the whole municipality, or the region."""

    FOCUSGEBIED = "focusgebied"
    GEMEENTE = "gemeente"
    REGIO = "regio"


class BedragSoort(StrEnum):
    GERAAMD = "geraamd"
    TOEGEKEND = "toegekend"
    ONTVANGEN = "ontvangen"
    BESTEED = "besteed"


class Zeggenschap(StrEnum):
    """Does the council decide on this money (report 6.2, 6.3, 6.5)."""

    BESLIST = "raad beslist"
    INDIRECT = "indirect"
    BEPERKT = "beperkt"
    GEEN = "geen"


class StukSoort(StrEnum):
    RAADSINFORMATIEBRIEF = "raadsinformatiebrief"
    RAADSINFORMATIEBIJEENKOMST = "raadsinformatiebijeenkomst"
    RAADSVOORSTEL = "raadsvoorstel"
    COMMISSIEVERGADERING = "commissievergadering"
    MEMO = "memo"
    ARTIKEL_33_VRAGEN = "artikel 33-vragen"
    ARTIKEL_33_ANTWOORDEN = "artikel 33-antwoorden"
    MONDELINGE_VRAAG = "mondelinge vraag"
    ANTWOORD = "antwoord"
    MOTIE = "motie"
    AMENDEMENT = "amendement"
    TOEZEGGING = "toezegging"
    INSPREKER = "inspreker"
    RAPPORTAGE = "rapportage"
    WORKSHOP = "workshop"


class Uitkomst(StrEnum):
    AANGENOMEN = "aangenomen"
    VERWORPEN = "verworpen"
    INGETROKKEN = "ingetrokken"


class AfdoeningStatus(StrEnum):
    """Stored status of a motie or toezegging; 'te laat' is derived from the due date (issue 6)."""

    OPEN = "open"
    AFGEDAAN = "afgedaan"
    AANGEHOUDEN = "aangehouden"


class KoppelingSoort(StrEnum):
    BEANTWOORDT = "beantwoordt"
    HANDELT_MOTIE_AF = "handelt motie af"
    DOET_TOEZEGGING_AF = "doet toezegging af"
    HOORT_BIJ = "hoort bij"
    VERVOLG_OP = "vervolg op"


class ParticipatieSoort(StrEnum):
    BIJEENKOMST = "bijeenkomst"
    EVENEMENT = "evenement"
    ENQUETE = "enquête"
    BEWONERSORGAAN = "bewonersorgaan"
    COMMUNICATIEKANAAL = "communicatiekanaal"
    VRIJWILLIGERSWERK = "vrijwilligerswerk"
    PRIJS = "prijs"
    ONDERSTEUNING = "ondersteuning"
    OVERIG = "overig"
