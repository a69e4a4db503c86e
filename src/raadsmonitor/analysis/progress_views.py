"""Progress arranged the way the council reads it: per theme and goal, per actielijn, per indicator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from raadsmonitor.analysis.programme import focus_programme
from raadsmonitor.analysis.progress_records import (
    Instellingen,
    Voortgang,
    default_areas,
    norm_for,
    progress_of,
    settings_for,
)
from raadsmonitor.domain.council import Verhaal
from raadsmonitor.domain.enums import VergelijkingRol
from raadsmonitor.domain.indicators import Indicator, Leefbaarometerscore, Waarneming
from raadsmonitor.domain.programme import Actielijn, Doel, Gebied, Thema, Vergelijkingsgebied
from raadsmonitor.domain.records import Records, index_by_id


@dataclass(frozen=True)
class Kaart:
    """One indicator card: the focus area, or the area that stands in for it where it has no figures."""

    indicator: Indicator
    voortgang: Voortgang
    focusgebied: Gebied
    plaatsvervanger: bool  # the area shown is a representant, not the focus area itself


@dataclass(frozen=True)
class DoelVoortgang:
    doel: Doel | None  # None: indicators of the theme not tied to one goal
    kaarten: list[Kaart]


@dataclass(frozen=True)
class ThemaVoortgang:
    thema: Thema
    doelen: list[DoelVoortgang]
    verhalen: list[Verhaal]


@dataclass(frozen=True)
class Overzicht:
    instellingen: Instellingen
    focusgebied: Gebied | None
    norm: Gebied | None
    themas: list[ThemaVoortgang]
    losse_verhalen: list[Verhaal]  # stories not tied to a theme


def card_for(records: Records, indicator: Indicator, today: date, settings: Instellingen | None = None) -> Kaart | None:
    areas = default_areas(records)
    if not areas:
        return None
    settings = settings or settings_for(records)
    focus = areas[0]
    representanten = _representanten(records, focus.id)
    first: Kaart | None = None
    for area in [focus, *representanten]:
        voortgang = progress_of(records, indicator, area, norm_for(records, area.id), settings, today)
        kaart = Kaart(indicator, voortgang, focus, area is not focus)
        first = first or kaart
        if voortgang.laatste is not None:
            return kaart
    return first


def _representanten(records: Records, focus: str) -> list[Gebied]:
    gebieden = index_by_id(records.all(Gebied))
    return [gebieden[v.gebied] for v in sorted(records.all(Vergelijkingsgebied), key=lambda v: v.gebied)
            if v.focusgebied == focus and v.rol is VergelijkingRol.REPRESENTANT and v.gebied in gebieden]


def progress_by_theme(records: Records, today: date) -> Overzicht:
    """Cards per theme and goal, in the programme's order, with the theme's stories beside them."""
    programma = focus_programme(records)
    settings = settings_for(records, programma)
    areas = default_areas(records)
    indicators = sorted(records.all(Indicator), key=lambda i: i.naam.lower())
    verhalen = sorted(records.all(Verhaal), key=lambda v: v.id)
    themas = []
    for thema in sorted((t for t in records.all(Thema) if programma and t.programma == programma.id),
                        key=lambda t: t.volgorde):
        doelen = sorted((d for d in records.all(Doel) if d.thema == thema.id), key=lambda d: d.volgorde)
        groups = [DoelVoortgang(doel, _cards(records, [i for i in indicators if i.doel == doel.id], today, settings))
                  for doel in doelen]
        loose = [i for i in indicators if i.thema == thema.id and i.doel not in {d.id for d in doelen}]
        groups = [g for g in groups if g.kaarten]
        if loose:
            groups.append(DoelVoortgang(None, _cards(records, loose, today, settings)))
        themas.append(ThemaVoortgang(thema, groups, [v for v in verhalen if v.thema == thema.id]))
    return Overzicht(settings, areas[0] if areas else None, norm_for(records, areas[0].id) if areas else None,
                     themas, [v for v in verhalen if v.thema is None])


def _cards(records: Records, indicators: list[Indicator], today: date, settings: Instellingen) -> list[Kaart]:
    return [kaart for kaart in (card_for(records, i, today, settings) for i in indicators) if kaart is not None]


@dataclass(frozen=True)
class Kernindicator:
    indicator: Indicator
    kaart: Kaart | None
    waarnemingen: int  # how many observations with a value the store holds


def kernindicatoren(records: Records, today: date) -> list[tuple[Actielijn, list[Kernindicator]]]:
    """The national kernindicatoren (report annex 4) per actielijn, with what is known of each."""
    settings = settings_for(records)
    counts: dict[str, int] = {}
    for waarneming in records.all(Waarneming):
        if waarneming.waarde is not None:
            counts[waarneming.indicator] = counts.get(waarneming.indicator, 0) + 1
    result = []
    for actielijn in sorted(records.all(Actielijn), key=lambda a: a.nummer):
        items = [Kernindicator(i, card_for(records, i, today, settings), counts.get(i.id, 0))
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


def _role(records: Records, gebied: Gebied) -> str:
    roles = sorted({v.rol.value for v in records.all(Vergelijkingsgebied) if v.gebied == gebied.id})
    return roles[0] if roles else gebied.soort.value


def comparison(records: Records, indicator_id: str, sortering: Sortering, today: date) -> list[Vergelijkingsrij]:
    """Every area with a value of the indicator, in each period, with its gap to its norm in that period.

    The norm areas themselves are left out: their values appear as the benchmark of each row.
    """
    indicator = index_by_id(records.all(Indicator))[indicator_id]
    gebieden = index_by_id(records.all(Gebied))
    settings = settings_for(records)
    norm_ids = {v.gebied for v in records.all(Vergelijkingsgebied) if v.rol is VergelijkingRol.NORM}
    area_ids = sorted({w.gebied for w in records.all(Waarneming) if w.indicator == indicator_id
                       and w.waarde is not None and w.gebied not in norm_ids and w.gebied in gebieden})
    rows = []
    for area_id in area_ids:
        area = gebieden[area_id]
        norm = norm_for(records, area_id)
        voortgang = progress_of(records, indicator, area, norm, settings, today)
        for meting in voortgang.metingen:
            if meting.waarneming.waarde is None:
                continue
            afstand = meting.afstand
            rows.append(Vergelijkingsrij(area, _role(records, area), meting.waarneming, meting.norm, norm,
                                         afstand.achterstand if afstand else None,
                                         afstand.relatief if afstand else None))
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
    gebieden = index_by_id(records.all(Gebied))
    latest: dict[str, Leefbaarometerscore] = {}
    for score in records.all(Leefbaarometerscore):
        if score.gebied in gebieden and (score.gebied not in latest or score.jaar > latest[score.gebied].jaar):
            latest[score.gebied] = score
    return sorted((Leefbaarometerstand(gebieden[key], score) for key, score in latest.items()),
                  key=lambda s: s.gebied.naam.lower())


def comparable_indicators(records: Records) -> list[Indicator]:
    """Indicators with at least one value in the store, by name: the choices on the comparison page."""
    with_values = {w.indicator for w in records.all(Waarneming) if w.waarde is not None}
    return sorted((i for i in records.all(Indicator) if i.id in with_values), key=lambda i: i.naam.lower())
