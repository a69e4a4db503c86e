"""Templates, Dutch formatting filters and the frame every page shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from raadsmonitor.analysis.programme.scope import everything
from raadsmonitor.domain.access import Principal
from raadsmonitor.domain.programme import Bron, Programma
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation import agenda, formatting, nakoming, progress, register, signals
from raadsmonitor.web.auth import CSRF_FIELD, CSRF_REFUSED, Visit, csrf_token, settings_of, visit
from raadsmonitor.web.peildatum import stand_op
from raadsmonitor.web.programme import Keuze, programme_choice

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
TEMPLATES.env.filters.update(
    euro=formatting.format_euro,
    getal=formatting.format_getal,
    waarde=formatting.format_waarde,
    datum=formatting.format_datum_nl,
    fte=formatting.format_fte,
    miljoen=formatting.format_miljoen,
    bronlabel=formatting.short_source_label,
    tijdstip=formatting.format_tijdstip,
)
TEMPLATES.env.globals["aantal"] = formatting.aantal


def compile_templates() -> None:
    """Compile every page template now: the server's processes do so at their start (issue 15), so the first
    request of each page after the start does not wait for it (45 templates, 0.3-0.7 s of CPU per process)."""
    for name in TEMPLATES.env.list_templates():
        TEMPLATES.env.get_template(name)


TEMPLATES.env.globals["signaal_feiten"] = signals.feiten
TEMPLATES.env.globals["toetsing_opmerking"] = signals.opmerking
TEMPLATES.env.globals["toets_uitleg"] = nakoming.uitleg
TEMPLATES.env.globals["stand_toelichting"] = register.stand_toelichting
TEMPLATES.env.globals["status_toelichting"] = progress.status_toelichting
TEMPLATES.env.globals["trend_toelichting"] = progress.trend_toelichting
TEMPLATES.env.globals["optelweigering"] = progress.weigering_tekst
TEMPLATES.env.globals["agenda_titel"] = agenda.titel
TEMPLATES.env.globals["agenda_omschrijving"] = agenda.omschrijving


def sentence(text: str) -> str:
    """A message as a sentence: first letter upper case (the rest as written) and one full stop."""
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:] + "." if text else ""


TEMPLATES.env.filters["zin"] = sentence
TEMPLATES.env.globals["csrf_token"] = csrf_token
TEMPLATES.env.globals["csrf_field"] = CSRF_FIELD

CORE_MENU = [
    (10, "/", "Start"),
    (20, "/themas", "Thema's en doelen"),
    (60, "/organisatie", "Organisatie"),
    (80, "/begrippen", "Begrippen"),
    (90, "/bronnen", "Bronnen"),
]


MenuCheck = Callable[[Principal], bool]


@cache
def menu() -> list[tuple[str, str, MenuCheck | None]]:
    """Core entries and those of the page modules, in their declared order (computed on first use).

    A module may declare MENU_ACCESS, the check a principal must pass to see its entries (and pages).
    """
    from raadsmonitor.web.routes import page_modules

    entries: list[tuple[int, str, str, MenuCheck | None]] = [(*entry, None) for entry in CORE_MENU]
    for module in page_modules():
        check = getattr(module, "MENU_ACCESS", None)
        entries.extend((*entry, check) for entry in getattr(module, "MENU", []))
    return [(href, label, check) for _, href, label, check in sorted(entries, key=lambda entry: entry[:3])]


def visible_menu(request: Request, current: Visit) -> list[tuple[str, str]]:
    """The entries this visitor may open: published pages for anonymous visitors, by role otherwise."""
    principal, settings = current.principal, settings_of(request)
    return [(href, label) for href, label, check in menu()
            if (check(principal) if check is not None else principal.signed_in or settings.is_public(href))]



class SourceLookup:
    """The sources a page links to, each read by key when the page first names it."""

    def __init__(self, records: Records | None) -> None:
        self._records = records

    def get(self, bron_id: str | None) -> Bron | None:
        return self._records.get(Bron, bron_id) if self._records is not None and bron_id else None


@dataclass(frozen=True)
class Site:
    """What the frame around every page shows."""

    programma: Programma | None
    menu: list[tuple[str, str]]
    current: str
    visit: Visit
    programmas: list[Programma] = field(default_factory=list)  # to switch between (issue 20); one: no switch
    path: str = "/"  # this page without the programme prefix


def _choice(request: Request, records: Records | None) -> Keuze | None:
    """The request's programme (web/programme.py); for a page without records only if already known."""
    if records is None:
        found = getattr(request.state, "programme_choice", None)
        return found[0] if found is not None else None
    return programme_choice(request, everything(records))[0]


def _current(path: str) -> str:
    matches = [href for href, _, _ in menu() if href != "/" and (path == href or path.startswith(href + "/"))]
    return matches[0] if matches else ("/" if path == "/" else "")


def render(request: Request, template: str, records: Records | None, page_title: str, **context: Any
           ) -> HTMLResponse:
    keuze = _choice(request, records)
    bronnen = SourceLookup(records)
    current = visit(request)
    site = Site(keuze.programma if keuze else None, visible_menu(request, current), _current(request.url.path),
                current, keuze.programmas if keuze else [], keuze.path if keuze else request.url.path)
    return TEMPLATES.TemplateResponse(request, template, {"site": site, "bronnen": bronnen,
                                                          "page_title": page_title, "stand_op": stand_op(request),
                                                          **context})


ERROR_TITLES = {400: "Ongeldig verzoek", 404: "Pagina niet gevonden", 403: "Geen toegang", 429: "Even geduld"}


def render_error(request: Request, status_code: int, detail: Any = None) -> HTMLResponse:
    title = ERROR_TITLES.get(status_code, "Er ging iets mis")
    # A route's own Dutch reason for a bad request (e.g. an unknown period) is worth showing.
    reason = detail if status_code == 400 and isinstance(detail, str) and detail != "Bad Request" else None
    response = render(request, "fout.html", None, title, status_code=status_code,
                      csrf_refused=detail == CSRF_REFUSED, reason=reason)
    response.status_code = status_code
    return response
