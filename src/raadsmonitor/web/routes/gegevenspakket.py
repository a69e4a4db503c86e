"""Een gegevenspakket inlezen in de browser (issue 21): kiezen, de controle zien, dan bevestigen.

The steps are raadsmonitor.services.datapackage.upload (the file checks, the package kept aside, the importer's own core
function for the dry run and the write); this module turns them into pages. The size limit is also
enforced before the form is read, by web/limits.py.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import structlog
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from raadsmonitor.domain.access import Principal
from raadsmonitor.services.datapackage import upload
from raadsmonitor.services.datapackage.importer import ImportReport
from raadsmonitor.web import metrics
from raadsmonitor.web.auth import audit_context, require
from raadsmonitor.web.rendering import render

log = structlog.get_logger(__name__)
router = APIRouter()
PATH = "/gegevenspakket"
MENU = [(98, PATH, "Pakket inlezen")]
MENU_ACCESS = upload.can_upload
Inlezer = require(upload.can_upload)
TITLE = "Gegevenspakket inlezen"


def _page(request: Request, status_code: int = 200, **context: object) -> HTMLResponse:
    response = render(request, "gegevenspakket.html", None, TITLE, limiet=upload.megabytes(upload.max_upload_bytes()),
                      **context)
    response.status_code = status_code
    return response


def _counts(report: ImportReport) -> list[tuple[str, int, int, int]]:
    return [(name, count.added, count.changed, count.unchanged) for name, count in report.counts.items()]


@router.get(PATH, response_class=HTMLResponse)
def formulier(request: Request, principal: Principal = Inlezer) -> Response:
    return _page(request)


def _receive(request: Request, principal: Principal, bestand: UploadFile) -> tuple[upload.Pending, ImportReport]:
    with tempfile.NamedTemporaryFile(dir=upload.upload_folder(), prefix="ontvangen-", delete=False) as target:
        bestand.file.seek(0)
        shutil.copyfileobj(bestand.file, target, 1 << 20)
    try:
        return upload.receive(request.app.state.engine, Path(target.name), bestand.filename or "",
                              principal, audit_context(request, principal))
    finally:
        Path(target.name).unlink(missing_ok=True)


@router.post(PATH, response_class=HTMLResponse)
async def controleren(request: Request, principal: Principal = Inlezer) -> Response:
    form = await request.form()
    bestand = form.get("bestand")
    if not isinstance(bestand, UploadFile) or not bestand.filename:
        return _page(request, 400, weigering="Kies eerst een bestand: een Excel-werkmap (.xlsx) of een zip-bestand "
                                             "met CSV-bestanden.")
    try:
        pending, report = await run_in_threadpool(_receive, request, principal, bestand)
    except upload.UploadRefused as refused:
        metrics.count_import("geweigerd")
        log.info("upload_refused", actor=principal.actor, bestand=bestand.filename, reden=refused.message)
        return _page(request, 422, weigering=refused.message, bestandsnaam=bestand.filename)
    if not report.ok:
        metrics.count_import("geweigerd")
    return _page(request, 200 if report.ok else 422, controle=report, pending=pending, tellingen=_counts(report))


@router.post(PATH + "/bevestigen", response_class=HTMLResponse)
def bevestigen(request: Request, pakket: Annotated[str, Form(max_length=100)] = "",
               principal: Principal = Inlezer) -> Response:
    try:
        pending, report = upload.confirm(request.app.state.engine, pakket, principal,
                                         audit_context(request, principal))
    except upload.UploadRefused as refused:
        return _page(request, 409, weigering=refused.message)
    metrics.count_import("ingelezen" if report.written else "geweigerd")
    if not report.ok:
        return _page(request, 409 if upload.store_changed(report) else 422, controle=report, pending=pending,
                     bevestigd=True, veranderd=upload.store_changed(report))
    return _page(request, ingelezen=report, pending=pending, tellingen=_counts(report))


@router.post(PATH + "/annuleren", response_class=HTMLResponse)
def annuleren(request: Request, pakket: Annotated[str, Form(max_length=100)] = "",
              principal: Principal = Inlezer) -> Response:
    try:
        upload.discard(pakket, principal)
    except upload.UploadRefused:
        pass  # already gone: nothing to cancel
    return _page(request, geannuleerd=True)
