"""Progress arranged the way the council reads it: per theme and goal, per actielijn, per indicator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from raadsmonitor.analysis.programme.overview import focus_programme
from raadsmonitor.analysis.progress.formulas import gap
from raadsmonitor.analysis.progress.observations import Observations
from raadsmonitor.analysis.progress.records import (
    Instellingen,
    Voortgang,
    default_areas,
    norm_for,
    observations_for,
    onderdelen_of,
    settings_for,
    voortgang_of,
)
from raadsmonitor.domain.council import Verhaal
from raadsmonitor.domain.enums import GebiedSoort, VergelijkingRol
from raadsmonitor.domain.indicators import Indicator, Leefbaarometerscore, Waarneming
from raadsmonitor.domain.programme import Actielijn, Doel, Gebied, Thema, Vergelijkingsgebied
from raadsmonitor.domain.records import KNOWN, Records


@dataclass(frozen=True)
class Kaart:
    """One indicator card: the focus area, or the area that stands in for it where it has no figures."""

    indicator: Indicator
    voortgang: Voortgang
    focusgebied: Gebied
    plaatsvervanger: bool  # the area shown is a representant, not the focus area itself


@dataclass(frozen=True)
class DoelVoortgang:
    """The indicator cards of one goal (or of a theme's indicators tied to no goal)."""

    doel: Doel | None  # None: indicators of the theme not tied to one goal
    kaarten: list[Kaart]


@dataclass(frozen=True)
class ThemaVoortgang:
    """A theme's progress: its goals' cards and the stories told beside them."""

    thema: Thema
    doelen: list[DoelVoortgang]
    verhalen: list[Verhaal]


@dataclass(frozen=True)
class Overzicht:
    """The progress page: every theme of the focus area against the norm area."""

    instellingen: Instellingen
    focusgebied: Gebied | None
    norm: Gebied | None
    themas: list[ThemaVoortgang]
    losse_verhalen: list[Verhaal]  # stories not tied to a theme


def card_for(records: Records, indicator: Indicator, today: date, settings: Instellingen | None = None,
             observations: Observations | None = None) -> Kaart | None:
    areas = default_areas(records)
    if not areas:
        return None
    settings = settings or settings_for(records)
    focus = areas[0]
    representanten = _representanten(records, focus.id)
    observations = observations or observations_for(records, [focus, *representanten])
    first: Kaart | None = None
    for area in [focus, *representanten]:
        voortgang = voortgang_of(records, indicator, area, norm_for(records, area.id), settings, today, observations)
        kaart = Kaart(indicator, voortgang, focus, area is not focus)
        first = first or kaart
        if voortgang.laatste is not None:
            return kaart
    return first


def _representanten(records: Records, focus: str) -> list[Gebied]:
    links = sorted(records.all(Vergelijkingsgebied), key=lambda v: v.gebied)
    found = [records.get(Gebied, v.gebied) for v in links
             if v.focusgebied == focus and v.rol is VergelijkingRol.REPRESENTANT]
    return [gebied for gebied in found if gebied is not None]


def _card_observations(records: Records, areas: list[Gebied]) -> Observations:
    """The observations every card of the focus area may need: it, its representanten, their norms and onderdelen."""
    return observations_for(records, [areas[0], *_representanten(records, areas[0].id)] if areas else [])


def voortgang_by_theme(records: Records, today: date) -> Overzicht:
    """Cards per theme and goal, in the programme's order, with the theme's stories beside them."""
    programma = focus_programme(records)
    settings = settings_for(records, programma)
    areas = default_areas(records)
    observations = _card_observations(records, areas)
    indicators = sorted(records.all(Indicator), key=lambda i: i.naam.lower())
    verhalen = sorted(records.all(Verhaal), key=lambda v: v.id)
    themas = []
    for thema in sorted((t for t in records.all(Thema) if programma and t.programma == programma.id),
                        key=lambda t: t.volgorde):
        doelen = sorted((d for d in records.all(Doel) if d.thema == thema.id), key=lambda d: d.volgorde)
        groups = [DoelVoortgang(doel, _cards(records, [i for i in indicators if i.doel == doel.id], today, settings,
                                             observations))
                  for doel in doelen]
        loose = [i for i in indicators if i.thema == thema.id and i.doel not in {d.id for d in doelen}]
        groups = [g for g in groups if g.kaarten]
        if loose:
            groups.append(DoelVoortgang(None, _cards(records, loose, today, settings, observations)))
        themas.append(ThemaVoortgang(thema, groups, [v for v in verhalen if v.thema == thema.id]))
    return Overzicht(settings, areas[0] if areas else None, norm_for(records, areas[0].id) if areas else None,
                     themas, [v for v in verhalen if v.thema is None])


def _cards(records: Records, indicators: list[Indicator], today: date, settings: Instellingen,
           observations: Observations) -> list[Kaart]:
    return [kaart for kaart in (card_for(records, i, today, settings, observations) for i in indicators)
            if kaart is not None]


@dataclass(frozen=True)
class Kernindicator:
    indicator: Indicator
    kaart: Kaart | None
    waarnemingen: int  # how many observations with a value the store holds


def kernindicatoren(records: Records, today: date) -> list[tuple[Actielijn, list[Kernindicator]]]:
    """The national kernindicatoren (report annex 4) per actielijn, with what is known of each."""
    settings = settings_for(records)
    counts = values_per_indicator(records)
    observations = _card_observations(records, default_areas(records))
    result = []
    for actielijn in sorted(records.all(Actielijn), key=lambda a: a.nummer):
        items = [Kernindicator(i, card_for(records, i, today, settings, observations), counts.get(i.id, 0))
                 for i in sorted(records.all(Indicator), key=lambda i: i.naam.lower())
                 if i.kernindicator and i.actielijn == actielijn.id]
        if items:
            result.append((actielijn, items))
    return result


class Sortering(StrEnum):
    ACHTERSTAND = "achterstand"
    WAARDE = "waarde"
    GEBIED = "gebied"
    PERIODE = "periode"


@dataclass(frozen=True)
class Vergelijkingsrij:
    gebied: Gebied
    rol: str  # focusgebied, representant, gemeente, vergelijking, or the area's kind
    waarneming: Waarneming
    norm: Waarneming | None
    norm_gebied: Gebied | None
    achterstand: Decimal | None
    relatief: Decimal | None


def _roles(links: list[Vergelijkingsgebied]) -> dict[str, str]:
    roles: dict[str, set[str]] = {}
    for link in links:
        roles.setdefault(link.gebied, set()).add(link.rol.value)
    return {gebied: sorted(values)[0] for gebied, values in roles.items()}


def _focus_scope(records: Records, links: list[Vergelijkingsgebied]) -> set[str]:
    """The focus areas and the areas they are compared with (not their norms)."""
    focus = {g.id for g in records.where(Gebied, soort=GebiedSoort.FOCUSGEBIED)} | {v.focusgebied for v in links}
    return focus | {v.gebied for v in links if v.rol is not VergelijkingRol.NORM}


def _plain_rows(indicator: Indicator, area: Gebied, rol: str, norm: Gebied | None, observations: Observations
                ) -> list[Vergelijkingsrij]:
    """An area's values with its norm's value of the same period: what progress_of gives an area that is
    not a focus area, without judging a course."""
    norm_rows = ({w.periode: w for w in observations.of(indicator.id, norm.id) if w.waarde is not None}
                 if norm else {})
    rows = []
    for waarneming in observations.of(indicator.id, area.id):
        benchmark = norm_rows.get(waarneming.periode)
        if waarneming.waarde is None:
            continue
        afstand = (gap(waarneming.waarde, benchmark.waarde, indicator.polariteit)
                   if benchmark is not None and benchmark.waarde is not None else None)
        rows.append(Vergelijkingsrij(area, rol, waarneming, benchmark, norm,
                                     afstand.achterstand if afstand else None, afstand.relatief if afstand else None))
    return rows


def comparison(records: Records, indicator_id: str, sortering: Sortering, today: date,
               niveau: GebiedSoort | None = None) -> list[Vergelijkingsrij]:
    """Areas with a value of the indicator, in each period, with the gap to their norm in that period.

    By default the focus areas and the areas they are compared with; with `niveau` every area of that
    kind (all wijken, all buurten). The norm areas themselves are left out: their values appear as the
    benchmark of each row.
    """
    indicator = records.get(Indicator, indicator_id)
    if indicator is None:
        return []
    links = records.all(Vergelijkingsgebied)
    norm_ids = {v.gebied for v in links if v.rol is VergelijkingRol.NORM}
    observations = Observations(records)
    if niveau is None:
        scope = _focus_scope(records, links) - norm_ids
        areas = records.where(Gebied, id=tuple(sorted(scope))) if scope else []
    else:
        areas = [g for g in records.where(Gebied, soort=niveau) if g.id not in norm_ids]
    norms = {area.id: norm_for(records, area.id) for area in areas}
    weights = [indicator.weegindicator] if indicator.weegindicator else []
    focus = [a for a in areas if a.soort is GebiedSoort.FOCUSGEBIED]
    observations.load([indicator_id, *weights], {*(a.id for a in areas), *(n.id for n in norms.values() if n),
                                                 *(o for a in focus for o in onderdelen_of(records, a))})
    roles, settings = _roles(links), settings_for(records)
    rows = []
    for area in sorted(areas, key=lambda a: a.id):
        if not any(w.waarde is not None for w in observations.of(indicator_id, area.id)):
            continue
        rol = roles.get(area.id, area.soort.value)
        if area.soort is not GebiedSoort.FOCUSGEBIED:
            rows += _plain_rows(indicator, area, rol, norms[area.id], observations)
            continue
        voortgang = voortgang_of(records, indicator, area, norms[area.id], settings, today, observations)
        rows += [Vergelijkingsrij(area, rol, m.waarneming, m.norm, norms[area.id],
                                  m.afstand.achterstand if m.afstand else None,
                                  m.afstand.relatief if m.afstand else None)
                 for m in voortgang.metingen if m.waarneming.waarde is not None]
    return sorted(rows, key=_sort_key(sortering))


def _sort_key(sortering: Sortering) -> Callable[[Vergelijkingsrij], Any]:
    """Unknown values last; the largest gap (furthest behind) first, the highest value first."""
    if sortering is Sortering.GEBIED:
        return lambda r: (r.gebied.naam.lower(), r.waarneming.periode)
    if sortering is Sortering.PERIODE:
        return lambda r: (r.waarneming.periode, r.gebied.naam.lower())
    if sortering is Sortering.WAARDE:
        return lambda r: (r.waarneming.waarde is None, -(r.waarneming.waarde or 0), r.gebied.naam.lower())
    return lambda r: (r.achterstand is None, -(r.achterstand or 0), r.gebied.naam.lower())


@dataclass(frozen=True)
class Leefbaarometerstand:
    gebied: Gebied
    score: Leefbaarometerscore


LBM_DIMENSIES = (("fys", "Fysieke omgeving"), ("onv", "Overlast en onveiligheid"), ("soc", "Sociale samenhang"),
                 ("vrz", "Voorzieningen"), ("won", "Woningvoorraad"))


def leefbaarometer(records: Records) -> list[Leefbaarometerstand]:
    """The latest Leefbaarometer score of each area in the store, by area name."""
    latest: dict[str, Leefbaarometerscore] = {}
    for score in records.all(Leefbaarometerscore):
        if score.gebied not in latest or score.jaar > latest[score.gebied].jaar:
            latest[score.gebied] = score
    found = records.where(Gebied, id=tuple(latest)) if latest else []
    return sorted((Leefbaarometerstand(gebied, latest[gebied.id]) for gebied in found),
                  key=lambda s: s.gebied.naam.lower())


def values_per_indicator(records: Records) -> dict[str, int]:
    """How many observations with a value the store holds per indicator (a store keeps these counts: issue 15)."""
    return records.count_by(Waarneming, "indicator", waarde=KNOWN)


def comparable_indicators(records: Records) -> list[Indicator]:
    """Indicators with at least one value in the store, by name: the choices on the comparison page.

    From the observations with a value per indicator, which a store keeps with every write (issue 15), instead of
    one look-up per indicator."""
    counts = values_per_indicator(records)
    return sorted((i for i in records.all(Indicator) if counts.get(i.id)), key=lambda i: i.naam.lower())
