"""Progress per indicator and area, assembled from the records with the formulas of `progress`.

One `Voortgang` per indicator and area: the observations in time order, each with the benchmark of the
same period and the gap; the nulmeting; the share of the gap closed; the status against the required
path; the trend; the age of the data. See docs/progress.md for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from raadsmonitor.analysis.programme.overview import focus_programme
from raadsmonitor.analysis.progress.aggregation import Aggregaat, Optelweigering, aggregate
from raadsmonitor.analysis.progress.formulas import (
    Afstand,
    GeenTrend,
    Oordeel,
    Oordeelreden,
    Status,
    Trend,
    age_in_months,
    decimal_year,
    gap,
    judge,
    moment_of,
    share_closed,
    trend,
)
from raadsmonitor.analysis.progress.observations import Observations
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import GebiedSoort, Polariteit, VergelijkingRol
from raadsmonitor.domain.indicators import Indicator, Voortgangsinstelling, Waarneming
from raadsmonitor.domain.programme import Gebied, GebiedOnderdeel, Programma, Vergelijkingsgebied
from raadsmonitor.domain.records import Records

# Used when a programme has no voortgangsinstelling; pages say it is the standard value.
STANDAARD_TOLERANTIE = Decimal("0.1")
ROLE_ORDER = [VergelijkingRol.REPRESENTANT, VergelijkingRol.GEMEENTE, VergelijkingRol.VERGELIJKING]


@dataclass(frozen=True)
class Instellingen:
    """What judging progress needs from the programme and its voortgangsinstelling."""

    doeljaar: int | None
    startdatum: Datum | None
    nulmeting_periode: str | None
    tolerantie: Decimal
    instelling: Voortgangsinstelling | None = None
    programma: Programma | None = None


def settings_for(records: Records, programma: Programma | None = None) -> Instellingen:
    programma = programma or focus_programme(records)
    if programma is None:
        return Instellingen(None, None, None, STANDAARD_TOLERANTIE)
    instelling = next((i for i in records.all(Voortgangsinstelling) if i.programma == programma.id), None)
    return Instellingen(
        doeljaar=programma.doeljaar, startdatum=programma.startdatum,
        nulmeting_periode=instelling.nulmeting_periode if instelling else None,
        tolerantie=instelling.tolerantie if instelling else STANDAARD_TOLERANTIE,
        instelling=instelling, programma=programma)


@dataclass(frozen=True)
class Meting:
    """One observation placed in time, with the benchmark of the same period and the gap."""

    waarneming: Waarneming
    moment: Datum | None
    moment_aangenomen: bool  # a nulmeting without a date, placed at the programme's startdatum
    norm: Waarneming | None
    afstand: Afstand | None
    nulmeting: bool = False
    afgeleid: Aggregaat | None = None  # derived from the onderdelen of a focus area

    @property
    def jaar(self) -> float | None:
        return decimal_year(self.moment) if self.moment is not None else None


@dataclass(frozen=True)
class Voortgang:
    indicator: Indicator
    gebied: Gebied
    norm_gebied: Gebied | None
    metingen: list[Meting]
    laatste: Meting | None  # the latest measurement with a value
    nulmeting: Meting | None
    aandeel_gesloten: Decimal | None
    oordeel: Oordeel
    trend: Trend | None
    trend_reden: GeenTrend | None  # why there is no trend
    ouderdom_maanden: int | None
    doeljaar: int | None
    meldingen: list[Optelweigering] = field(default_factory=list)  # why periods of the onderdelen add up to nothing
    trend_metingen: int = 0  # the gaps in time the trend was (or could not be) drawn through

    @property
    def reeksbreuken(self) -> list[Meting]:
        return [m for m in self.metingen if m.waarneming.reeksbreuk]


def norm_for(records: Records, gebied_id: str) -> Gebied | None:
    """The benchmark of an area: the 'norm' of its own focus area, or of the focus area it is compared
    with; else the country."""
    links = records.all(Vergelijkingsgebied)
    focus = {v.focusgebied for v in links if v.gebied == gebied_id} | {gebied_id}
    norms = sorted(v.gebied for v in links if v.rol is VergelijkingRol.NORM and v.focusgebied in focus)
    found = records.get(Gebied, norms[0]) if norms else None
    if found is not None:
        return found
    return min(records.where(Gebied, soort=GebiedSoort.LAND), key=lambda g: g.id, default=None)


def default_areas(records: Records) -> list[Gebied]:
    """The focus area of the programme, then its representanten, its municipality and other comparisons."""
    programma = focus_programme(records)
    focus = records.get(Gebied, programma.focusgebied) if programma and programma.focusgebied else None
    if focus is None:
        return []
    links = [v for v in records.all(Vergelijkingsgebied) if v.focusgebied == focus.id]
    ordered = sorted((v for v in links if v.rol in ROLE_ORDER), key=lambda v: (ROLE_ORDER.index(v.rol), v.gebied))
    return [focus] + [g for g in (records.get(Gebied, v.gebied) for v in ordered) if g is not None]


def onderdelen_of(records: Records, gebied: Gebied) -> list[str]:
    """The onderdelen (buurten) a focus area is made of; none for other areas."""
    if gebied.soort is not GebiedSoort.FOCUSGEBIED:
        return []
    return sorted({o.gebied for o in records.where(GebiedOnderdeel, focusgebied=gebied.id)})


def observations_for(records: Records, areas: list[Gebied], observations: Observations | None = None
                     ) -> Observations:
    """The observations of these areas, their norms and the onderdelen of focus areas, in one read."""
    observations = observations or Observations(records)
    wanted = set()
    for area in areas:
        norm = norm_for(records, area.id)
        wanted |= {area.id, *([norm.id] if norm else []), *onderdelen_of(records, area)}
    observations.load_areas(wanted)
    return observations


def _order_key(meting: Meting) -> tuple[int, tuple[int, int, int], str]:
    if meting.moment is None:
        return (1, (0, 0, 0), meting.waarneming.periode)
    return (0, meting.moment.sort_key(), meting.waarneming.periode)


def _derived(records: Records, indicator: Indicator, gebied: Gebied, own: set[str], observations: Observations
             ) -> tuple[list[tuple[Waarneming, Aggregaat]], list[Optelweigering]]:
    """Focus-area values computed from its onderdelen, for periods without an own observation."""
    if gebied.soort is not GebiedSoort.FOCUSGEBIED or indicator.aggregatie is None:
        return [], []
    onderdelen = onderdelen_of(records, gebied)
    observations.load([indicator.id, *([indicator.weegindicator] if indicator.weegindicator else [])], onderdelen)
    periods = sorted({w.periode for key in onderdelen for w in observations.of(indicator.id, key)} - own)
    derived: list[tuple[Waarneming, Aggregaat]] = []
    notes: list[Optelweigering] = []
    for periode in periods:
        result = aggregate(records, indicator.id, gebied.id, periode, observations)
        if result.waarde is None:
            if result.weigering is not None:
                notes.append(result.weigering)
            continue
        dates = [w.peildatum for w in result.onderdelen if w.peildatum is not None]
        derived.append((Waarneming(
            indicator=indicator.id, gebied=gebied.id, periode=periode, peildatum=max(dates) if dates else None,
            waarde=result.waarde, reeksbreuk=any(w.reeksbreuk for w in result.onderdelen),
            toelichting=None,  # the page words it from the Aggregaat ("Berekend uit N onderdelen"), once
            bron=result.onderdelen[0].bron), result))
    return derived, notes


def _metingen(records: Records, indicator: Indicator, gebied: Gebied, norm: Gebied | None,
              settings: Instellingen, observations: Observations) -> tuple[list[Meting], list[Optelweigering]]:
    own = observations.of(indicator.id, gebied.id)
    norm_rows = ({w.periode: w for w in observations.of(indicator.id, norm.id) if w.waarde is not None}
                 if norm is not None else {})
    derived, notes = _derived(records, indicator, gebied, {w.periode for w in own}, observations)
    pairs: list[tuple[Waarneming, Aggregaat | None]] = [(w, None) for w in own] + list(derived)
    metingen = []
    for waarneming, aggregaat in pairs:
        is_nulmeting = waarneming.periode == settings.nulmeting_periode
        moment = moment_of(waarneming.periode, waarneming.peildatum)
        assumed = moment is None and is_nulmeting and settings.startdatum is not None
        benchmark = norm_rows.get(waarneming.periode)
        afstand = (gap(waarneming.waarde, benchmark.waarde, indicator.polariteit)
                   if waarneming.waarde is not None and benchmark is not None and benchmark.waarde is not None
                   else None)
        metingen.append(Meting(waarneming, settings.startdatum if assumed else moment, assumed, benchmark,
                               afstand, is_nulmeting, aggregaat))
    metingen.sort(key=_order_key)
    return _mark_nulmeting(metingen, settings), notes


def _mark_nulmeting(metingen: list[Meting], settings: Instellingen) -> list[Meting]:
    """Without an observation in the nulmeting period, the earliest dated one with a value is the nulmeting."""
    if any(m.nulmeting and m.waarneming.waarde is not None for m in metingen):
        return metingen
    first = next((m for m in metingen if m.moment is not None and m.waarneming.waarde is not None), None)
    return [Meting(m.waarneming, m.moment, m.moment_aangenomen, m.norm, m.afstand, m is first, m.afgeleid)
            if m.nulmeting or m is first else m for m in metingen]


def _series_since_break(metingen: list[Meting]) -> list[Meting]:
    """The measurements of the current series: from the last series break on."""
    start = max((i for i, m in enumerate(metingen) if m.waarneming.reeksbreuk), default=0)
    return metingen[start:]


def _insufficient(reden: Oordeelreden, periode: str | None = None) -> Oordeel:
    return Oordeel(Status.ONVOLDOENDE_GEGEVENS, reden, periode=periode)


def _oordeel(indicator: Indicator, metingen: list[Meting], settings: Instellingen) -> Oordeel:
    if indicator.polariteit is Polariteit.NEUTRAAL:
        return Oordeel(Status.GEEN_RICHTING, Oordeelreden.GEEN_RICHTING)
    with_value = [m for m in metingen if m.waarneming.waarde is not None]
    if not with_value:
        return _insufficient(Oordeelreden.GEEN_WAARDE)
    comparable = [m for m in with_value if m.afstand is not None]
    if not comparable:
        return _insufficient(Oordeelreden.GEEN_NORMWAARDE)
    nulmeting = next((m for m in comparable if m.nulmeting), None)
    if nulmeting is None:
        return _insufficient(Oordeelreden.GEEN_NULMETING)
    if nulmeting.moment is None:
        return _insufficient(Oordeelreden.NULMETING_ZONDER_DATUM)
    later = [m for m in comparable if m.moment is not None and m is not nulmeting
             and _order_key(m) > _order_key(nulmeting)]
    if not later:
        return _insufficient(Oordeelreden.ALLEEN_NULMETING, nulmeting.waarneming.periode)
    latest = later[-1]
    if any(m.waarneming.reeksbreuk for m in metingen if _order_key(nulmeting) < _order_key(m) <= _order_key(latest)):
        return _insufficient(Oordeelreden.REEKSBREUK)
    if settings.doeljaar is None:
        return _insufficient(Oordeelreden.GEEN_DOELJAAR)
    assert nulmeting.afstand is not None and latest.afstand is not None and nulmeting.jaar and latest.jaar
    if nulmeting.afstand.achterstand is None or latest.afstand.achterstand is None:
        return _insufficient(Oordeelreden.ACHTERSTAND_ONBEKEND)
    return judge(nulmeting.afstand.achterstand, nulmeting.jaar, latest.afstand.achterstand, latest.jaar,
                 settings.doeljaar, settings.tolerantie)


def _trend(indicator: Indicator, metingen: list[Meting]) -> tuple[Trend | None, GeenTrend | None, int]:
    """The trend, or why there is none; and how many gaps in time it rests on."""
    if indicator.polariteit is Polariteit.NEUTRAAL:
        return None, GeenTrend.GEEN_RICHTING, 0
    points = [(m.jaar, m.afstand.achterstand) for m in _series_since_break(metingen)
              if m.jaar is not None and m.afstand is not None and m.afstand.achterstand is not None]
    result = trend(points)
    return result, None if result is not None else GeenTrend.TE_WEINIG_METINGEN, len(points)


def voortgang_of(records: Records, indicator: Indicator, gebied: Gebied, norm: Gebied | None,
                settings: Instellingen, today: date, observations: Observations | None = None) -> Voortgang:
    """Progress of one indicator in one area. Pass `observations` when judging many: they are read once."""
    if observations is None:
        observations = Observations(records)
        observations.load_areas({gebied.id, *([norm.id] if norm else []), *onderdelen_of(records, gebied)})
    metingen, notes = _metingen(records, indicator, gebied, norm, settings, observations)
    laatste = next((m for m in reversed(metingen) if m.waarneming.waarde is not None), None)
    nulmeting = next((m for m in metingen if m.nulmeting), None)
    closed = None
    if (nulmeting and laatste and laatste is not nulmeting and nulmeting.afstand and laatste.afstand
            and nulmeting.afstand.achterstand is not None and laatste.afstand.achterstand is not None
            and not any(m.waarneming.reeksbreuk for m in metingen[metingen.index(nulmeting) + 1:])):
        closed = share_closed(nulmeting.afstand.achterstand, laatste.afstand.achterstand)
    found_trend, reason, trend_points = _trend(indicator, metingen)
    age_moment = moment_of(laatste.waarneming.periode, laatste.waarneming.peildatum) if laatste else None
    return Voortgang(indicator, gebied, norm, metingen, laatste, nulmeting, closed,
                     _oordeel(indicator, metingen, settings), found_trend, reason,
                     age_in_months(age_moment, today), settings.doeljaar, notes, trend_points)


def voortgang_report(records: Records, today: date, gebied: str | None = None, norm: str | None = None,
                    indicator: str | None = None) -> list[Voortgang]:
    """One Voortgang per indicator and area that has observations of it (or derived ones).

    Areas: `gebied` if given, else the focus area and its comparison areas. Benchmark: `norm` if given,
    else each area's norm (vergelijkingsgebieden rol 'norm', Nederland in the demo).
    """
    chosen = records.get(Gebied, gebied) if gebied else None
    areas = ([chosen] if chosen else []) if gebied else default_areas(records)
    settings = settings_for(records)
    indicators = sorted(records.all(Indicator), key=lambda i: i.id)
    if indicator:
        indicators = [i for i in indicators if i.id == indicator]
    observations = observations_for(records, areas)
    result = []
    for area in areas:
        benchmark = records.get(Gebied, norm) if norm else norm_for(records, area.id)
        if benchmark is not None:
            observations.load_areas([benchmark.id])
        for item in indicators:
            found = voortgang_of(records, item, area, benchmark, settings, today, observations)
            if found.metingen:
                result.append(found)
    return result
