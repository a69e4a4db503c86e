"""The buurt map per indicator (issue 18): the area's own buurten against the national average."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from raadsmonitor.analysis.progress.buurtkaart import LABELS, MAP_KINDS, buurtkaart, codes_of, map_areas
from raadsmonitor.analysis.progress.views import comparable_indicators
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.domain.records import Records, index_by_id
from raadsmonitor.presentation.charts.buurtkaart import buurt_map, swatch
from raadsmonitor.store.boundaries import load_boundaries
from raadsmonitor.web.pages import RecordsDep
from raadsmonitor.web.rendering import render

router = APIRouter()
MENU: list[tuple[int, str, str]] = []  # reached from the progress pages and each indicator


@router.get("/voortgang/kaart", response_class=HTMLResponse)
def kaart(request: Request, indicator: str | None = None, gebied: str | None = None, periode: str | None = None,
          records: Records = RecordsDep) -> HTMLResponse:
    indicators = comparable_indicators(records)
    areas = map_areas(records)
    chosen = index_by_id(indicators).get(indicator or "") if indicator else next(iter(indicators), None)
    area = records.get(Gebied, gebied) if gebied else next(iter(areas), None)
    if (indicator and chosen is None) or (gebied and (area is None or area.soort not in MAP_KINDS)):
        raise HTTPException(404)
    if area is not None and area not in areas:
        areas = [*areas, area]
    result = None
    svg = None
    if chosen is not None and area is not None:
        grenzen = load_boundaries(request.app.state.engine, codes_of(records, area))
        result = buurtkaart(records, chosen, area, grenzen, periode)
        svg = buurt_map(result)
    title = f"Kaart: {chosen.naam} per buurt" if chosen else "Kaart per buurt"
    return render(request, "voortgang_kaart.html", records, title, indicators=indicators, areas=areas,
                  chosen=chosen, area=area, kaart=result, svg=svg, labels=LABELS, swatch=swatch)
