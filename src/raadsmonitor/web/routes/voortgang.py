"""Pages on progress toward the national average (issue 4): per theme and goal, per indicator, the
national kernindicatoren, the Leefbaarometer, and a comparison of areas on one indicator."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from raadsmonitor.analysis.progress.records import settings_for, voortgang_report
from raadsmonitor.analysis.progress.trends import trends
from raadsmonitor.analysis.progress.views import (
    LBM_DIMENSIES,
    Sortering,
    comparable_indicators,
    comparison,
    kernindicatoren,
    leefbaarometer,
    voortgang_by_theme,
)
from raadsmonitor.domain.enums import GebiedSoort
from raadsmonitor.domain.indicators import Indicator
from raadsmonitor.domain.records import Records, index_by_id
from raadsmonitor.presentation.charts.progress import (
    afstand_tekst,
    amount,
    gap_chart,
    theme_chart,
    value_rows,
    values_chart,
)
from raadsmonitor.presentation.charts.trends import series_label, trend_chart
from raadsmonitor.presentation.progress import age_text
from raadsmonitor.web.pages import RecordsDep
from raadsmonitor.web.paging import paginering
from raadsmonitor.web.peildatum import PeildatumDep
from raadsmonitor.web.rendering import render

router = APIRouter()
MENU = [(30, "/voortgang", "Voortgang"), (35, "/vergelijking", "Vergelijking")]

HELPERS = {"afstand_tekst": afstand_tekst, "amount": amount, "age_text": age_text}


@router.get("/voortgang", response_class=HTMLResponse)
def voortgang(request: Request, records: Records = RecordsDep, peildatum: date = PeildatumDep) -> HTMLResponse:
    overzicht = voortgang_by_theme(records, peildatum)
    charts = {t.thema.id: theme_chart(t) for t in overzicht.themas}
    return render(request, "voortgang_overzicht.html", records, "Voortgang naar het Nederlands gemiddelde",
                  overzicht=overzicht, charts=charts, **HELPERS)


@router.get("/voortgang/trends", response_class=HTMLResponse)
def trends_page(request: Request, records: Records = RecordsDep, peildatum: date = PeildatumDep) -> HTMLResponse:
    """Issue 16: per indicator the focus area, its municipality and the benchmark over all periods held."""
    found = trends(records, peildatum)
    return render(request, "voortgang_trends.html", records, "Trends per indicator", trends=found,
                  charts={t.indicator.id: trend_chart(t) for t in found}, series_label=series_label,
                  instellingen=settings_for(records))


@router.get("/voortgang/kernindicatoren", response_class=HTMLResponse)
def kernindicatoren_page(request: Request, records: Records = RecordsDep,
                         peildatum: date = PeildatumDep) -> HTMLResponse:
    return render(request, "voortgang_kernindicatoren.html", records, "Landelijke kernindicatoren",
                  actielijnen=kernindicatoren(records, peildatum), **HELPERS)


@router.get("/voortgang/leefbaarometer", response_class=HTMLResponse)
def leefbaarometer_page(request: Request, records: Records = RecordsDep) -> HTMLResponse:
    return render(request, "voortgang_leefbaarometer.html", records, "Leefbaarometer",
                  standen=leefbaarometer(records), dimensies=LBM_DIMENSIES)


@router.get("/voortgang/indicatoren/{indicator_id}", response_class=HTMLResponse)
def indicator_page(indicator_id: str, request: Request, records: Records = RecordsDep,
                   peildatum: date = PeildatumDep) -> HTMLResponse:
    indicator = index_by_id(records.all(Indicator)).get(indicator_id)
    if indicator is None:
        raise HTTPException(404)
    items = voortgang_report(records, peildatum, indicator=indicator_id)
    rows = value_rows(items)
    return render(request, "voortgang_indicator.html", records, indicator.naam, indicator=indicator, items=items,
                  chart=values_chart(items, rows) if items else None, rows=rows,
                  gap_charts={i.gebied.id: gap_chart(i) for i in items}, instellingen=settings_for(records), **HELPERS)


NIVEAUS = {"": "Focusgebieden en hun vergelijkingsgebieden", GebiedSoort.GEMEENTE.value: "Alle gemeenten",
           GebiedSoort.WIJK.value: "Alle wijken", GebiedSoort.BUURT.value: "Alle buurten"}


@router.get("/vergelijking", response_class=HTMLResponse)
def vergelijking(request: Request, indicator: str | None = None, sorteer: str = Sortering.ACHTERSTAND.value,
                 niveau: str = "", records: Records = RecordsDep, peildatum: date = PeildatumDep) -> HTMLResponse:
    indicators = comparable_indicators(records)
    chosen = index_by_id(indicators).get(indicator or "") or next(iter(indicators), None)
    sortering = Sortering(sorteer) if sorteer in Sortering._value2member_map_ else Sortering.ACHTERSTAND
    niveau = niveau if niveau in NIVEAUS else ""
    soort = GebiedSoort(niveau) if niveau else None
    rows = comparison(records, chosen.id, sortering, peildatum, soort) if chosen else []
    pages = paginering(request, len(rows))
    return render(request, "voortgang_vergelijking.html", records, "Vergelijking van gebieden",
                  indicators=indicators, chosen=chosen, rows=rows[pages.offset:pages.offset + pages.per_pagina],
                  aantal=len(rows), paginering=pages, sortering=sortering, sorteringen=list(Sortering),
                  niveau=niveau, niveaus=NIVEAUS, **HELPERS)
