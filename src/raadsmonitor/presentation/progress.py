"""Progress for people: the sentences of a judgement, a trend and a refused aggregate; the age of data; the
command line's table row (numbers the Dutch way, 'onbekend' for unknown); the JSON/CSV record with its text.

Analysis returns values and reason codes (`Oordeel.reden`, `Voortgang.trend_reden`, `Optelweigering`); the
wording is here, once, for the pages, the reports, the command line and the JSON alike. The plain values
are `analysis.progress.export.as_values`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from raadsmonitor.analysis.progress.aggregation import Optelreden, Optelweigering
from raadsmonitor.analysis.progress.export import FIELDS, as_values
from raadsmonitor.analysis.progress.formulas import GeenTrend, Oordeel, Oordeelreden, Trend
from raadsmonitor.analysis.progress.records import Voortgang
from raadsmonitor.presentation.formatting import format_getal, format_waarde

TABLE_HEADER = ("indicator", "gebied", "periode", "waarde", "norm", "achterstand", "status")
DE_NORM = "de norm"  # the benchmark's name when there is none


def _marge(tolerantie: Decimal | None) -> str:
    return format((tolerantie or Decimal(0)) * 100, "f").rstrip("0").rstrip(".")


_OORDEEL: dict[Oordeelreden, Callable[[Oordeel, str, str], str]] = {
    Oordeelreden.BLIJFT_VOOR: lambda o, g, n: f"{g} was bij de nulmeting op of voor {n} en is dat nog steeds.",
    Oordeelreden.VALT_TERUG: lambda o, g, n: f"{g} was bij de nulmeting op of voor {n}, maar ligt er nu achter.",
    Oordeelreden.OP_PAD: lambda o, g, n: f"{g} ligt op of voor het pad naar {n} in {o.doeljaar}.",
    Oordeelreden.BINNEN_MARGE: lambda o, g, n: (
        f"{g} ligt iets achter op het pad naar {n} in {o.doeljaar}, binnen de marge van "
        f"{_marge(o.tolerantie)}% van de achterstand bij de nulmeting."),
    Oordeelreden.ACHTER_PAD: lambda o, g, n: (
        f"{g} ligt meer dan {_marge(o.tolerantie)}% van de achterstand bij de nulmeting achter op het pad naar "
        f"{n} in {o.doeljaar}."),
    Oordeelreden.GEEN_RICHTING: lambda o, g, n: (
        f"Voor deze indicator is niet vastgelegd of hoger of lager beter is; de afstand tot {n} staat er, "
        "een koers niet."),
    Oordeelreden.GEEN_WAARDE: lambda o, g, n: f"Er is geen waarde voor {g}.",
    Oordeelreden.GEEN_NORMWAARDE: lambda o, g, n: (
        f"Voor {n} is er geen waarde in dezelfde periode; zonder die waarde is er geen afstand."),
    Oordeelreden.GEEN_NULMETING: lambda o, g, n: f"Er is geen nulmeting met een waarde voor zowel {g} als {n}.",
    Oordeelreden.NULMETING_ZONDER_DATUM: lambda o, g, n: (
        "De nulmeting heeft geen datum en het programma geen startdatum; zonder tijdstip is er geen pad."),
    Oordeelreden.ALLEEN_NULMETING: lambda o, g, n: (
        f"Er is alleen een nulmeting ({o.periode}); of {g} op koers ligt, blijkt pas na een volgende meting."),
    Oordeelreden.REEKSBREUK: lambda o, g, n: (
        "Na de nulmeting is de reeks gebroken (andere definitie, bron of gebiedsgrenzen); de laatste waarde is "
        "niet te vergelijken met de nulmeting."),
    Oordeelreden.GEEN_DOELJAAR: lambda o, g, n: (
        "Het programma heeft geen doeljaar; zonder doeljaar is er geen vereist pad."),
    Oordeelreden.ACHTERSTAND_ONBEKEND: lambda o, g, n: "Geen richting bekend.",
}


def oordeel_zin(oordeel: Oordeel, gebied: str, norm: str | None) -> str:
    """Why the status is what it is, in one Dutch sentence naming the area and its benchmark."""
    return _OORDEEL[oordeel.reden](oordeel, gebied, norm or DE_NORM)


def status_toelichting(item: Voortgang) -> str:
    """The judgement's sentence of one indicator in one area (pages, reports, JSON)."""
    return oordeel_zin(item.oordeel, item.gebied.naam, item.norm_gebied.naam if item.norm_gebied else None)


def trend_tekst(trend: Trend) -> str:
    """When the trend line closes the gap: a year, 'niet bij het huidige tempo' or 'de achterstand is al weg'."""
    if trend.gesloten:
        return "de achterstand is al weg"
    if trend.sluitjaar is None:
        return "niet bij het huidige tempo"
    return str(trend.sluitjaar)


def geen_trend_tekst(reden: GeenTrend, metingen: int) -> str:
    """Why there is no trend, with the number of measurements there are."""
    if reden is GeenTrend.GEEN_RICHTING:
        return "Zonder richting (hoger of lager beter) is er geen trend naar het gemiddelde."
    count = "één meting" if metingen == 1 else f"{metingen} metingen"
    return (f"Geen trend: een trend vraagt ten minste drie metingen in de tijd met een waarde voor het "
            f"gebied en de norm in dezelfde periode; er {'is' if metingen == 1 else 'zijn'} {count}.")


def trend_toelichting(item: Voortgang) -> str | None:
    """The trend's text, or why there is none."""
    if item.trend is not None:
        return trend_tekst(item.trend)
    return geen_trend_tekst(item.trend_reden, item.trend_metingen) if item.trend_reden else None


def age_text(months: int | None) -> str:
    """Dutch: 'minder dan een maand', '8 maanden', '1 jaar', '3 jaar en 2 maanden', 'onbekend'."""
    if months is None:
        return "onbekend"
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} jaar")
    if rest:
        parts.append(f"{rest} maand" if rest == 1 else f"{rest} maanden")
    return " en ".join(parts) if parts else "minder dan een maand"


_WEIGERING: dict[Optelreden, Callable[[Optelweigering, str], str]] = {
    Optelreden.NIET_OPTELBAAR: lambda w, namen: (
        f"{w.indicator}: buurtcijfers zijn niet op te tellen tot het focusgebied (geen optelregel bij de "
        "indicator)."),
    Optelreden.GEEN_ONDERDELEN: lambda w, namen: "Het focusgebied heeft geen onderdelen (gebiedsonderdelen).",
    Optelreden.WAARDEN_ONTBREKEN: lambda w, namen: f"{w.indicator}, {w.periode}: geen waarde voor {namen}.",
    Optelreden.GEEN_WEEGINDICATOR: lambda w, namen: (
        f"{w.indicator}: gewogen gemiddelde gevraagd, maar de indicator noemt geen weegindicator (bijvoorbeeld "
        "het aantal inwoners)."),
    Optelreden.GEWICHTEN_ONTBREKEN: lambda w, namen: (
        f"{w.indicator}, {w.periode}: geen gewicht ({w.weegindicator}) voor {namen}; zonder gewichten geen "
        "gewogen gemiddelde."),
    Optelreden.GEWICHTEN_NUL: lambda w, namen: f"{w.indicator}, {w.periode}: de gewichten tellen op tot 0.",
}


def weigering_tekst(weigering: Optelweigering) -> str:
    """Why buurt figures do not add up to the focus area, naming what is missing."""
    return _WEIGERING[weigering.reden](weigering, ", ".join(weigering.ontbrekend))


def as_record(item: Voortgang) -> dict[str, Any]:
    """One flat record for JSON and CSV: the plain values with the Dutch explanations beside them."""
    values = as_values(item)
    texts = {"status_toelichting": status_toelichting(item), "trend_toelichting": trend_toelichting(item)}
    return {key: texts[key] if key in texts else values[key] for key in FIELDS}


def as_table_row(item: Voortgang) -> tuple[str, ...]:
    """The same record for people: Dutch number format, 'onbekend' for unknown."""
    laatste = item.laatste
    eenheid = item.indicator.eenheid
    achterstand = laatste.afstand.achterstand if laatste and laatste.afstand else None
    return (
        item.indicator.naam, item.gebied.naam, laatste.waarneming.periode if laatste else "onbekend",
        format_waarde(laatste.waarneming.waarde if laatste else None, eenheid),
        format_waarde(laatste.norm.waarde if laatste and laatste.norm else None, eenheid),
        format_getal(achterstand) if achterstand is not None else "onbekend",
        item.oordeel.status.value,
    )
