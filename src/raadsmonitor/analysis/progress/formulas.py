"""Progress toward the benchmark (issue 4): gap, share of the gap closed, required path, status, trend.

Conventions, used everywhere (CLI, pages, JSON):

- **verschil** = area value − benchmark value, in the indicator's unit, always.
- **achterstand** (the gap) is polarity-aware and **positive means behind** the benchmark:
  ``benchmark − value`` when higher is better, ``value − benchmark`` when lower is better. A negative
  achterstand means the area does better than the benchmark. A neutral indicator has no achterstand.
- **relatieve achterstand** = achterstand / |benchmark| (a fraction; none when the benchmark is 0).
- The benchmark is taken **in the same period** as the area's value, so the target moves with the
  national average; it is never a frozen number.

Periods are labels ("startsituatie", "2023", "zicht-op-wijken-2023-09-10"). An observation is placed in
time by its peildatum; without one, by its label when the label is a date (2023, 2023-09, 2023-09-10).
The **nulmeting** is the observation in the programme's nulmeting period (setting
`voortgangsinstellingen.nulmeting_periode`), else the earliest dated observation. A nulmeting without a
date is placed at the programme's startdatum for the path (marked as assumed); its data age stays unknown.
Undated other observations come after the dated ones, by label, and take no part in path or trend.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import Polariteit

_LABEL_DATE = re.compile(r"(?:^|-)(\d{4}(?:-\d{2}(?:-\d{2})?)?)$")


class Status(StrEnum):
    OP_KOERS = "op koers"
    AANDACHT = "aandacht"
    ACHTER = "achter"
    ONVOLDOENDE_GEGEVENS = "onvoldoende gegevens"
    GEEN_RICHTING = "geen richting"  # neutral indicators: a distance, but no course to judge


@dataclass(frozen=True)
class Afstand:
    """The distance between an area and its benchmark in one period."""

    verschil: Decimal
    achterstand: Decimal | None
    relatief: Decimal | None

    @property
    def achter(self) -> bool | None:
        return None if self.achterstand is None else self.achterstand > 0


def gap(waarde: Decimal, norm: Decimal, polariteit: Polariteit) -> Afstand:
    """verschil = waarde − norm; achterstand = norm − waarde (hoger is beter) or waarde − norm (lager is beter).

    Worked example: arbeidsparticipatie 57 against 69, hoger is beter: verschil −12, achterstand 12,
    relatief 12 / 69 = 0.1739.
    """
    verschil = waarde - norm
    if polariteit is Polariteit.HOGER_IS_BETER:
        achterstand: Decimal | None = norm - waarde
    elif polariteit is Polariteit.LAGER_IS_BETER:
        achterstand = waarde - norm
    else:
        achterstand = None
    basis = achterstand if achterstand is not None else verschil
    relatief = basis / abs(norm) if norm != 0 else None
    return Afstand(verschil, achterstand, relatief)


def share_closed(nulmeting: Decimal, nu: Decimal) -> Decimal | None:
    """Share of the nulmeting gap closed: (G0 − G) / G0; none when there was no gap at the nulmeting (G0 <= 0).

    12 → 9 gives 0.25; 12 → 15 gives −0.25 (the gap grew); 12 → −1 gives 1.0833 (past the benchmark).
    """
    if nulmeting <= 0:
        return None
    return (nulmeting - nu) / nulmeting


def decimal_year(moment: Datum) -> float:
    """A moment as a year with a fraction, from its earliest day: 2023-07-02 → 2023.5, 2022 → 2022.0."""
    day = moment.earliest()
    length = (date(day.year + 1, 1, 1) - date(day.year, 1, 1)).days
    return day.year + (day - date(day.year, 1, 1)).days / length


def moment_of(periode: str, peildatum: Datum | None) -> Datum | None:
    """The peildatum, else a date at the end of the period label (2023, 2023-09, x-2023-09-10), else none."""
    if peildatum is not None:
        return peildatum
    match = _LABEL_DATE.search(periode.strip())
    if match is None:
        return None
    try:
        return Datum.parse(match.group(1))
    except ValueError:
        return None


def required_gap(nulmeting: Decimal, t0: float, t: float, doeljaar: int) -> Decimal:
    """The gap the straight path allows at time t: G0 · (T − t) / (T − t0), and 0 from the doeljaar T on.

    Worked example: G0 = 12 at 2021.0, doeljaar 2041: at 2031.0 the path allows 12 · 10 / 20 = 6.
    """
    if nulmeting <= 0 or t >= doeljaar:
        return Decimal(0)
    remaining = Decimal(str(doeljaar - t)) / Decimal(str(doeljaar - t0))
    return nulmeting * remaining


class Oordeelreden(StrEnum):
    """Why a judgement is what it is: the status's ground (presentation/progress.py words it)."""

    # a status on the path
    OP_PAD = "op_pad"  # on or ahead of the path
    BINNEN_MARGE = "binnen_marge"  # a little behind the path, within the tolerance
    ACHTER_PAD = "achter_pad"  # behind the path by more than the tolerance
    BLIJFT_VOOR = "blijft_voor"  # at or ahead of the benchmark at the nulmeting and still
    VALT_TERUG = "valt_terug"  # at or ahead of the benchmark at the nulmeting, behind now
    # no status: what is missing
    GEEN_RICHTING = "geen_richting"  # neutral indicator: a distance, no course
    GEEN_WAARDE = "geen_waarde"  # the area has no value
    GEEN_NORMWAARDE = "geen_normwaarde"  # no benchmark value in a period with a value
    GEEN_NULMETING = "geen_nulmeting"  # no nulmeting with a value for both the area and the benchmark
    NULMETING_ZONDER_DATUM = "nulmeting_zonder_datum"  # and the programme has no startdatum
    ALLEEN_NULMETING = "alleen_nulmeting"  # no measurement after the nulmeting yet
    REEKSBREUK = "reeksbreuk"  # the series broke after the nulmeting
    GEEN_DOELJAAR = "geen_doeljaar"  # the programme has no doeljaar
    ACHTERSTAND_ONBEKEND = "achterstand_onbekend"  # a gap without a direction


@dataclass(frozen=True)
class Oordeel:
    status: Status
    reden: Oordeelreden
    vereist: Decimal | None = None  # the gap the path allows at the latest measurement
    afwijking: Decimal | None = None  # (G − R) / G0: how far behind the path, as a share of the nulmeting gap
    doeljaar: int | None = None  # the year of the path's end (statuses on the path)
    tolerantie: Decimal | None = None  # the margin of 'aandacht', a share of the nulmeting gap
    periode: str | None = None  # the nulmeting's period (ALLEEN_NULMETING)


def judge(g0: Decimal, t0: float, g: Decimal, t: float, doeljaar: int, tolerantie: Decimal) -> Oordeel:
    """Status against the straight path from the nulmeting gap G0 to zero in the doeljaar.

    d = (G − R(t)) / G0. op koers: d <= 0; aandacht: 0 < d <= tolerantie; achter: d > tolerantie.
    An area at or ahead of the benchmark at the nulmeting (G0 <= 0) must stay there: op koers while
    G <= 0, aandacht once it falls behind.
    """
    if g0 <= 0:
        if g <= 0:
            return Oordeel(Status.OP_KOERS, Oordeelreden.BLIJFT_VOOR, Decimal(0), None, doeljaar, tolerantie)
        return Oordeel(Status.AANDACHT, Oordeelreden.VALT_TERUG, Decimal(0), None, doeljaar, tolerantie)
    vereist = required_gap(g0, t0, t, doeljaar)
    afwijking = (g - vereist) / g0
    if afwijking <= 0:
        return Oordeel(Status.OP_KOERS, Oordeelreden.OP_PAD, vereist, afwijking, doeljaar, tolerantie)
    if afwijking <= tolerantie:
        return Oordeel(Status.AANDACHT, Oordeelreden.BINNEN_MARGE, vereist, afwijking, doeljaar, tolerantie)
    return Oordeel(Status.ACHTER, Oordeelreden.ACHTER_PAD, vereist, afwijking, doeljaar, tolerantie)


@dataclass(frozen=True)
class Trend:
    """Least-squares line through the gaps: G(t) = gemiddelde + helling · (t − t_gemiddeld)."""

    punten: int
    helling: float  # change of the gap per year; negative means the gap is closing
    sluitjaar: int | None  # the year the line reaches zero; None: not at this pace
    gesloten: bool  # the latest gap is already zero or less


class GeenTrend(StrEnum):
    """Why there is no trend."""

    GEEN_RICHTING = "geen_richting"  # neutral indicator: no gap to the average to follow
    TE_WEINIG_METINGEN = "te_weinig_metingen"  # fewer than three gaps at different times


MINIMUM_TREND_POINTS = 3


def trend(points: list[tuple[float, Decimal]]) -> Trend | None:
    """Ordinary least squares over (year, gap) points; at least three points, else None.

    helling b = Σ(t − t̄)(g − ḡ) / Σ(t − t̄)²; the gap reaches zero at t* = t̄ − ḡ / b (b < 0),
    and the sluitjaar is the year t* falls in. Worked example: gaps 10, 9, 6 in 2020, 2021, 2022:
    t̄ = 2021, ḡ = 8.333, b = −2, t* = 2025.17, sluitjaar 2025.
    """
    if len(points) < MINIMUM_TREND_POINTS:
        return None
    ts = [t for t, _ in points]
    gs = [float(g) for _, g in points]
    t_mean, g_mean = sum(ts) / len(ts), sum(gs) / len(gs)
    spread = sum((t - t_mean) ** 2 for t in ts)
    if spread == 0:
        return None
    slope = sum((t - t_mean) * (g - g_mean) for t, g in zip(ts, gs, strict=True)) / spread
    latest = points[-1][1]
    if latest <= 0:
        return Trend(len(points), slope, None, True)
    if slope >= 0:
        return Trend(len(points), slope, None, False)
    return Trend(len(points), slope, math.floor(t_mean - g_mean / slope), False)


def age_in_months(moment: Datum | None, today: date) -> int | None:
    """Whole months from the earliest day of the moment to today; None when the moment is unknown."""
    if moment is None:
        return None
    start = moment.earliest()
    months = (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)
    return max(months, 0)
