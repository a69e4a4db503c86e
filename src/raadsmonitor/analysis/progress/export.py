"""Progress as flat records with plain values: for JSON and CSV. `presentation.progress.as_record` adds the
Dutch explanations (`status_toelichting`, `trend_toelichting`) beside these values; the command line's table
for people is `presentation.progress.as_table_row`.

`peildatum` is the observation's own date; `moment` is where it is placed in time (the peildatum, a date
in the period label, or for a nulmeting without a date the programme's startdatum: `moment_aangenomen`).
Numbers are plain (57 for 57% with `eenheid` "procent"; fractions such as `achterstand_relatief` and
`aandeel_gesloten` are shares, 0.1739 = 17,39%). Dates are ISO 8601. Unknown is null, never 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from raadsmonitor.analysis.progress.records import Voortgang

FIELDS = (
    "indicator", "indicator_naam", "thema", "gebied", "gebied_naam", "norm_gebied", "norm_gebied_naam",
    "periode", "peildatum", "moment", "moment_aangenomen", "waarde", "norm_waarde", "eenheid", "polariteit",
    "verschil", "achterstand", "achterstand_relatief", "nulmeting_periode", "nulmeting_achterstand",
    "aandeel_gesloten", "vereiste_achterstand", "doeljaar", "status", "status_toelichting", "trend_per_jaar",
    "trend_sluitjaar", "trend_toelichting", "ouderdom_maanden", "reeksbreuk", "afgeleid", "bron", "norm_bron",
    "status_reden", "afwijking_pad", "tolerantie", "trend_reden", "trend_metingen", "trend_gesloten",
)
TEXT_FIELDS = ("status_toelichting", "trend_toelichting")  # written by presentation.progress.as_record


def plain(value: Decimal | None, places: int | None = None) -> int | float | None:
    """57 for Decimal('57.000000'), 4.6 for Decimal('4.600000'); None stays None."""
    if value is None:
        return None
    if places is not None:
        value = round(value, places)
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def as_values(item: Voortgang) -> dict[str, Any]:
    """The FIELDS but the TEXT_FIELDS, as plain values. `status_reden` and `trend_reden` are codes (why the status
    is what it is, why there is no trend); `afwijking_pad` is how far behind the path as a share of the
    nulmeting gap; `trend_metingen` the gaps in time the trend rests on."""
    laatste, nulmeting = item.laatste, item.nulmeting
    afstand = laatste.afstand if laatste else None
    waarneming = laatste.waarneming if laatste else None
    trend = item.trend
    return {
        "indicator": item.indicator.id, "indicator_naam": item.indicator.naam, "thema": item.indicator.thema,
        "gebied": item.gebied.id, "gebied_naam": item.gebied.naam,
        "norm_gebied": item.norm_gebied.id if item.norm_gebied else None,
        "norm_gebied_naam": item.norm_gebied.naam if item.norm_gebied else None,
        "periode": waarneming.periode if waarneming else None,
        "peildatum": waarneming.peildatum.iso() if waarneming and waarneming.peildatum else None,
        "moment": laatste.moment.iso() if laatste and laatste.moment else None,
        "moment_aangenomen": bool(laatste and laatste.moment_aangenomen),
        "waarde": plain(waarneming.waarde if waarneming else None),
        "norm_waarde": plain(laatste.norm.waarde if laatste and laatste.norm else None),
        "eenheid": item.indicator.eenheid.value, "polariteit": item.indicator.polariteit.value,
        "verschil": plain(afstand.verschil if afstand else None),
        "achterstand": plain(afstand.achterstand if afstand else None),
        "achterstand_relatief": plain(afstand.relatief if afstand else None, 4),
        "nulmeting_periode": nulmeting.waarneming.periode if nulmeting else None,
        "nulmeting_achterstand": plain(nulmeting.afstand.achterstand if nulmeting and nulmeting.afstand else None),
        "aandeel_gesloten": plain(item.aandeel_gesloten, 4),
        "vereiste_achterstand": plain(item.oordeel.vereist, 4),
        "doeljaar": item.doeljaar,
        "status": item.oordeel.status.value,
        "trend_per_jaar": round(trend.helling, 4) if trend else None,
        "trend_sluitjaar": trend.sluitjaar if trend else None,
        "ouderdom_maanden": item.ouderdom_maanden,
        "reeksbreuk": bool(item.reeksbreuken),
        "afgeleid": bool(laatste and laatste.afgeleid),
        "bron": waarneming.bron if waarneming else None,
        "norm_bron": laatste.norm.bron if laatste and laatste.norm else None,
        "status_reden": item.oordeel.reden.value,
        "afwijking_pad": plain(item.oordeel.afwijking, 4),
        "tolerantie": plain(item.oordeel.tolerantie),
        "trend_reden": item.trend_reden.value if item.trend_reden else None,
        "trend_metingen": item.trend_metingen,
        "trend_gesloten": trend.gesloten if trend else None,
    }
