"""Wijzigingen: what changed between two reporting moments, and the half-yearly progress report (issue 9); the
griffie and the programme bureau take a reporting moment here (issue 20). Each page calls the core (moments,
analysis.changes, reports.voortgang) and renders the shared content model."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import Connection
from starlette.datastructures import FormData

from raadsmonitor.analysis.programme.scope import programme_of
from raadsmonitor.domain.access import Principal, can_take_peilmoment
from raadsmonitor.reports.changes import changes_section
from raadsmonitor.reports.content import Document
from raadsmonitor.reports.paragraaf import source_labels
from raadsmonitor.reports.render_html import render_fragment
from raadsmonitor.reports.voortgang import OngeldigePeriode, build_voortgang, parse_periode
from raadsmonitor.services.moments import PeilmomentError, changes_between, report_changes, take_peilmoment
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.store.snapshots import list_moments
from raadsmonitor.web.auth import audit_context, current_principal, now_for, require
from raadsmonitor.web.downloads import download, download_links, requested_format
from raadsmonitor.web.pages import programme_records
from raadsmonitor.web.peildatum import PeildatumDep, today_of
from raadsmonitor.web.rendering import render

router = APIRouter()
MENU = [(85, "/wijzigingen", "Wijzigingen")]


def _connection(request: Request) -> Iterator[Connection]:
    with request.app.state.engine.connect() as connection:
        yield connection


async def _form(request: Request) -> FormData:
    """The submitted form (read once; the guard has already read it for the CSRF check)."""
    return await request.form()


ConnectionDep = Depends(_connection)
Formulier = Depends(_form)
Vastlegger = require(can_take_peilmoment)
MAX_NAAM = 200


def _html(document: Document) -> Markup:
    return Markup(render_fragment(document, web=True, level=2))  # noqa: S704 # nosec # the renderer escapes all text


def _date(name: str, value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as error:
        raise HTTPException(400, detail=f"{name} '{value}' is geen datum; kies een peilmoment uit de lijst") from error


@dataclass(frozen=True)
class Invoer:
    """What was typed in the peilmoment form, and what is wrong with it (the field and the Dutch reason)."""

    peildatum: str = ""
    naam: str = ""
    veld: str | None = None
    fout: str | None = None


def _overview(request: Request, connection: Connection, van: str | None, tot: str | None,
              invoer: Invoer | None = None, vastgelegd: str | None = None, peildatum: date | None = None
              ) -> HTMLResponse:
    records = programme_records(request, StoreRecords(connection))
    moments = list_moments(connection)
    fragment, document = Markup(""), None
    if moments:
        try:
            found = changes_between(connection, _date("van", van), _date("tot", tot),
                                    peildatum or today_of(request), programme_of(records))
        except PeilmomentError as error:
            raise HTTPException(400, detail=str(error)) from error
        document = Document("Wijzigingen", "", (changes_section(found, "Wijzigingen", "overzicht"),),
                            source_labels(records))
        fragment = _html(document)
        van = found.van.moment.id if found.van.moment else van
    nieuw = next((m for m in moments if m.id == vastgelegd), None)
    return render(request, "wijzigingen_overzicht.html", records, "Wijzigingen", moments=moments, van=van,
                  tot=tot or "", fragment=fragment, may_snapshot=can_take_peilmoment(current_principal(request)),
                  invoer=invoer or Invoer(), vastgelegd=nieuw)


@router.get("/wijzigingen", response_class=HTMLResponse)
def wijzigingen(request: Request, van: str | None = None, tot: str | None = None, vastgelegd: str | None = None,
                connection: Connection = ConnectionDep, peildatum: date = PeildatumDep) -> HTMLResponse:
    """Without `tot`, the live data as on ?peildatum= (default today) is compared with the chosen moment."""
    return _overview(request, connection, van, tot, vastgelegd=vastgelegd, peildatum=peildatum)


def _read(form: FormData) -> tuple[Invoer, date | None]:
    """The form's peildatum and naam; the first problem with them, as the import would say it."""
    peildatum, naam = (str(form.get(name) or "").strip() for name in ("peildatum", "naam"))
    invoer = Invoer(peildatum, naam)
    if not peildatum:
        return replace(invoer, veld="peildatum", fout="vul een peildatum in (JJJJ-MM-DD)"), None
    try:  # JJJJ-MM-DD only: fromisoformat would also take 20231231 or a week date
        when = date.fromisoformat(peildatum) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", peildatum) else None
    except ValueError:
        when = None
    if when is None:
        return replace(invoer, veld="peildatum",
                       fout=f"'{peildatum}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2023-12-31"), None
    if len(naam) > MAX_NAAM:
        return replace(invoer, veld="naam", fout=f"een naam heeft hoogstens {MAX_NAAM} tekens"), None
    return invoer, when


@router.post("/wijzigingen/peilmoment", response_class=HTMLResponse)
def peilmoment(request: Request, form: FormData = Formulier, principal: Principal = Vastlegger) -> Response:
    """Take a reporting moment from the page: the same core function as `raadsmonitor snapshot`, recorded in the
    audit trail with origin web. A date that already has a moment is refused: a moment is never overwritten."""
    invoer, when = _read(form)
    status = 422
    if when is not None:
        try:
            moment = take_peilmoment(request.app.state.engine, when, invoer.naam or None, now_for(request),
                                   audit_context(request, principal))
        except PeilmomentError as error:
            invoer, status = replace(invoer, veld="peildatum", fout=str(error)), 409
        else:
            return RedirectResponse(f"/wijzigingen?vastgelegd={moment.id}", status_code=303)
    with request.app.state.engine.connect() as connection:
        response = _overview(request, connection, None, None, invoer)
    response.status_code = status
    return response


@router.get("/voortgang/rapportage", response_class=HTMLResponse)
def rapportage(request: Request, periode: str | None = None, formaat: str | None = None,
               connection: Connection = ConnectionDep, today: date = PeildatumDep) -> Response:
    """The progress report on the page, or with formaat=pdf|docx as a file: the same document either way."""
    try:
        chosen = parse_periode(periode or str(today.year - 1))
    except OngeldigePeriode as error:
        raise HTTPException(400, detail=str(error)) from error
    bestand = requested_format(formaat)
    records = programme_records(request, StoreRecords(connection))
    document = build_voortgang(records, chosen, today,
                               report_changes(connection, chosen.eind, today, programme_of(records)))
    if bestand is not None:
        return download(document, bestand)
    return render(request, "wijzigingen_rapportage.html", records, f"{document.title}, {document.subtitle}",
                  document=document, fragment=_html(document), periode=chosen.label, downloads=download_links(request))
