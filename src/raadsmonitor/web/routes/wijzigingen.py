"""Wijzigingen: what changed between two reporting moments, and the half-yearly progress report (issue 9).
Each page calls the core (moments, analysis.changes, reports.voortgang) and renders the shared content model."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlalchemy import Connection

from raadsmonitor.analysis.scope import programme_of
from raadsmonitor.moments import PeilmomentFout, changes_between, report_changes
from raadsmonitor.reports.changes import changes_section
from raadsmonitor.reports.content import Document
from raadsmonitor.reports.paragraaf import source_labels
from raadsmonitor.reports.render_html import render_fragment
from raadsmonitor.reports.voortgang import OngeldigePeriode, build_voortgang, parse_periode
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.store.snapshots import list_moments
from raadsmonitor.web.pages import programme_records
from raadsmonitor.web.rendering import render

router = APIRouter()
MENU = [(85, "/wijzigingen", "Wijzigingen")]


def _connection(request: Request) -> Iterator[Connection]:
    with request.app.state.engine.connect() as connection:
        yield connection


ConnectionDep = Depends(_connection)


def _html(document: Document) -> Markup:
    return Markup(render_fragment(document, web=True, level=2))  # noqa: S704 # nosec # the renderer escapes all text


def _date(name: str, value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as error:
        raise HTTPException(400, detail=f"{name} '{value}' is geen datum; kies een peilmoment uit de lijst") from error


@router.get("/wijzigingen", response_class=HTMLResponse)
def wijzigingen(request: Request, van: str | None = None, tot: str | None = None,
                connection: Connection = ConnectionDep) -> HTMLResponse:
    records = programme_records(request, StoreRecords(connection))
    moments = list_moments(connection)
    fragment, document = Markup(""), None
    if moments:
        try:
            found = changes_between(connection, _date("van", van), _date("tot", tot), date.today(),
                                    programme_of(records))
        except PeilmomentFout as error:
            raise HTTPException(400, detail=str(error)) from error
        document = Document("Wijzigingen", "", (changes_section(found, "Wijzigingen", "overzicht"),),
                            source_labels(records))
        fragment = _html(document)
        van = found.van.moment.id if found.van.moment else van
    return render(request, "wijzigingen_overzicht.html", records, "Wijzigingen", moments=moments, van=van,
                  tot=tot or "", fragment=fragment)


@router.get("/voortgang/rapportage", response_class=HTMLResponse)
def rapportage(request: Request, periode: str | None = None, connection: Connection = ConnectionDep) -> HTMLResponse:
    today = date.today()
    try:
        chosen = parse_periode(periode or str(today.year - 1))
    except OngeldigePeriode as error:
        raise HTTPException(400, detail=str(error)) from error
    records = programme_records(request, StoreRecords(connection))
    document = build_voortgang(records, chosen, today,
                               report_changes(connection, chosen.eind, today, programme_of(records)))
    return render(request, "wijzigingen_rapportage.html", records, f"{document.title}, {document.subtitle}",
                  document=document, fragment=_html(document), periode=chosen.label)
