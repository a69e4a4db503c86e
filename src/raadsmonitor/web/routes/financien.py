"""Financiën: the money of the programme, who decides on it, what ends when, and the paragraaf
Heerlen-Noord (issue 5). Each page calls the core and renders; the paragraaf page shows the same
document as `raadsmonitor report paragraaf`."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from raadsmonitor.analysis.finance.budget import budget_mapping
from raadsmonitor.analysis.finance.overview import allocation, ledger
from raadsmonitor.domain.money import ZEGGENSCHAPSREGELS
from raadsmonitor.domain.records import Records
from raadsmonitor.reports.content import Document, Section
from raadsmonitor.reports.finance_overview import choices_document, overview_document
from raadsmonitor.reports.finance_sections import allocation_blocks, funder_blocks, package_blocks
from raadsmonitor.reports.paragraaf import ParagraafSoort, build_paragraaf, source_labels
from raadsmonitor.reports.render_html import render_fragment
from raadsmonitor.services.dashboard import money_tile
from raadsmonitor.web.downloads import download, download_links, requested_format
from raadsmonitor.web.pages import RecordsDep
from raadsmonitor.web.peildatum import PeildatumDep
from raadsmonitor.web.rendering import render

router = APIRouter()
MENU = [(40, "/financien", "Financiën")]


def _html(document: Document, level: int = 2) -> Markup:
    return Markup(render_fragment(document, web=True, level=level))  # noqa: S704 # nosec # the renderer escapes all text


def _jaar(value: str | None, default: int) -> int:
    """A year from the query string; a clear 400 for anything else."""
    if value is None or value == "":
        return default
    if not value.isdigit() or not 1990 <= int(value) <= 2100:
        raise HTTPException(400, detail=f"'{value}' is geen jaar tussen 1990 en 2100")
    return int(value)


@router.get("/financien", response_class=HTMLResponse)
def financien(request: Request, records: Records = RecordsDep, peildatum: date = PeildatumDep) -> HTMLResponse:
    document = overview_document(records, peildatum)
    # issue 16: the key figures first, from the same function as the start page's money tile
    return render(request, "financien_overzicht.html", records, "Financiën", document=document,
                  fragment=_html(document), geld=money_tile(records, peildatum))


@router.get("/financien/stromen/{stroom_id}", response_class=HTMLResponse)
def stroom(stroom_id: str, request: Request, records: Records = RecordsDep) -> HTMLResponse:
    regels = ledger(records)
    regel = next((r for r in regels if r.id == stroom_id), None)
    if regel is None:
        raise HTTPException(404)
    fragment = Markup("")
    if regel.toewijzingen:
        section = Section("Toewijzingen", tuple(allocation_blocks(allocation(regel))), id="toewijzingen")
        fragment = _html(Document(regel.stroom.naam, "", (section,), source_labels(records)))
    # issue 20: the package this stream is (or is part of) with its parts and the check, and the funders' shares
    pakket = regel.stroom.onderdeel_van or regel.id
    sections = [Section(title, tuple(blocks), id=id) for title, blocks, id in (
        ("Financiers", funder_blocks(regel), "financiers"),
        ("Pakket en onderdelen", package_blocks([r for r in regels if pakket in (r.id, r.stroom.onderdeel_van)]),
         "pakket")) if blocks]
    onderdelen = _html(Document(regel.stroom.naam, "", tuple(sections), source_labels(records))) if sections \
        else Markup("")
    return render(request, "financien_stroom.html", records, regel.stroom.naam, regel=regel, toewijzingen=fragment,
                  onderdelen=onderdelen)


@router.get("/financien/keuzen", response_class=HTMLResponse)
def keuzen(request: Request, jaar: str | None = None, records: Records = RecordsDep,
           today: date = PeildatumDep) -> HTMLResponse:
    document = choices_document(records, today, _jaar(jaar, today.year))
    return render(request, "financien_keuzen.html", records, "Keuzen die voorliggen", document=document,
                  fragment=_html(document))


@router.get("/financien/zeggenschap", response_class=HTMLResponse)
def zeggenschap(request: Request, records: Records = RecordsDep) -> HTMLResponse:
    regels = ledger(records)
    per_regel = {regel.id: [r for r in regels if r.oordeel.regel.id == regel.id and not r.oordeel.overschreven]
                 for regel in ZEGGENSCHAPSREGELS}
    return render(request, "financien_zeggenschap.html", records, "Zeggenschap van de raad",
                  regels=ZEGGENSCHAPSREGELS, per_regel=per_regel,
                  overschreven=[r for r in regels if r.oordeel.overschreven])


@router.get("/financien/begroting", response_class=HTMLResponse)
def begroting(request: Request, records: Records = RecordsDep) -> HTMLResponse:
    return render(request, "financien_begroting.html", records, "Het programma in de begroting",
                  programmas=budget_mapping(records, ledger(records)))


@router.get("/financien/paragraaf", response_class=HTMLResponse)
def paragraaf(request: Request, jaar: str | None = None, soort: str | None = None, formaat: str | None = None,
              records: Records = RecordsDep, today: date = PeildatumDep) -> Response:
    """The paragraaf on the page, or with formaat=pdf|docx as a file: the same document either way."""
    if soort not in (None, "", *ParagraafSoort):
        raise HTTPException(400, detail="soort is begroting of jaarstukken")
    chosen = ParagraafSoort(soort) if soort else ParagraafSoort.begroting
    bestand = requested_format(formaat)
    document = build_paragraaf(records, _jaar(jaar, today.year), chosen, peildatum=today)
    if bestand is not None:
        return download(document, bestand)
    return render(request, "financien_paragraaf.html", records, f"{document.title}, {document.subtitle}",
                  document=document, fragment=_html(document), soort=chosen, jaar=_jaar(jaar, today.year),
                  downloads=download_links(request))
