"""The pages: each route reads records, calls the core, and renders. No SQL, no logic here."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from raadsmonitor.analysis.council.nakoming import Nakoming
from raadsmonitor.analysis.glossary import glossary
from raadsmonitor.analysis.programme.organisation import governance_roles, organisation_overview
from raadsmonitor.analysis.programme.overview import programme_overview
from raadsmonitor.analysis.programme.scope import scoped
from raadsmonitor.analysis.sources import facts_of, source_usage, usage_of
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation.charts.dashboard import STATUSSEN, status_chart
from raadsmonitor.presentation.charts.svg import fte_chart
from raadsmonitor.services.dashboard import build_dashboard
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.web.paging import PER_PAGINA, paginering
from raadsmonitor.web.peildatum import PeildatumDep
from raadsmonitor.web.programme import KiesProgramma, programme_choice
from raadsmonitor.web.rendering import render

router = APIRouter()


def records_for_request(request: Request) -> Records:
    """The records of the request's programme (issue 20, web/programme.py); each table is read on its own short
    connection. With several programmes and none chosen, the reader is asked to choose one."""
    return programme_records(request, StoreRecords(request.app.state.engine))


def programme_records(request: Request, records: Records) -> Records:
    """`records` limited to the request's programme; KiesProgramma when the reader must choose one first."""
    keuze, waiting = programme_choice(request, records)
    if waiting is not None:
        raise KiesProgramma(keuze)
    return scoped(records, keuze.programma)


def shared_records(request: Request) -> Records:
    """All records, for the pages that are the same for every programme (glossary, sources)."""
    return StoreRecords(request.app.state.engine)


RecordsDep = Depends(records_for_request)
SharedRecordsDep = Depends(shared_records)


@router.get("/", response_class=HTMLResponse)
def start(request: Request, records: Records = RecordsDep, peildatum: date = PeildatumDep) -> HTMLResponse:
    """The programme at a glance (issue 16): the six tiles first, the description of the programme below them.
    Served from the page cache (web/cache.py) like every page, so the tiles are computed once per store state."""
    overview = programme_overview(records)
    dashboard, chart = None, None
    if overview is not None:
        with request.app.state.engine.connect() as connection:
            dashboard = build_dashboard(connection, records, peildatum)
        chart = status_chart([(t.thema.naam, t.aantallen) for t in dashboard.voortgang.themas])
    return render(request, "start.html", records, "Start", overview=overview, dashboard=dashboard,
                  voortgang_grafiek=chart, statussen=STATUSSEN, nakoming=Nakoming)


@router.get("/themas", response_class=HTMLResponse)
def themas(request: Request, records: Records = RecordsDep) -> HTMLResponse:
    return render(request, "themas.html", records, "Thema's en doelen", overview=programme_overview(records))


@router.get("/themas/{thema_id}", response_class=HTMLResponse)
def thema(thema_id: str, request: Request, records: Records = RecordsDep) -> HTMLResponse:
    overview = programme_overview(records)
    item = overview.thema(thema_id) if overview else None
    if item is None:
        raise HTTPException(404)
    return render(request, "thema.html", records, item.thema.naam, overview=overview, item=item)


@router.get("/organisatie", response_class=HTMLResponse)
def organisatie(request: Request, records: Records = RecordsDep) -> HTMLResponse:
    organen = organisation_overview(records)
    charts = {o.orgaan.id: fte_chart(o) for o in organen if o.functies}
    return render(request, "organisatie.html", records, "Organisatie", organen=organen,
                  rollen=governance_roles(records), charts=charts)


@router.get("/begrippen", response_class=HTMLResponse)
def begrippen(request: Request, records: Records = SharedRecordsDep) -> HTMLResponse:
    return render(request, "begrippen.html", records, "Begrippen", entries=glossary(records))


@router.get("/bronnen", response_class=HTMLResponse)
def bronnen(request: Request, records: Records = SharedRecordsDep) -> HTMLResponse:
    return render(request, "bronnen.html", records, "Bronnen", usage=source_usage(records))


@router.get("/bronnen/{bron_id}", response_class=HTMLResponse)
def bron(bron_id: str, request: Request, records: Records = SharedRecordsDep) -> HTMLResponse:
    usage = usage_of(records, bron_id)
    if usage is None:
        raise HTTPException(404)
    # One page holds up to PER_PAGINA facts of every table: the largest table sets the number of pages.
    pages = paginering(request, max((item.aantal for item in usage.gebruik), default=0))
    return render(request, "bron.html", records, usage.bron.onderdeel or usage.bron.document, usage=usage,
                  facts=facts_of(records, usage, pages.offset, PER_PAGINA), paginering=pages)


@router.get("/toegankelijkheid", response_class=HTMLResponse)
def toegankelijkheid(request: Request, records: Records = SharedRecordsDep) -> HTMLResponse:
    return render(request, "toegankelijkheid.html", records, "Toegankelijkheidsverklaring")
