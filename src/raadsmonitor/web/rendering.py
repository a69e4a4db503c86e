"""Templates, Dutch formatting filters and the frame every page shares."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from raadsmonitor import formatting
from raadsmonitor.domain.programme import Bron, Programma
from raadsmonitor.domain.records import Records

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
TEMPLATES.env.filters.update(
    euro=formatting.format_euro,
    getal=formatting.format_getal,
    waarde=formatting.format_waarde,
    datum=formatting.format_datum_nl,
    fte=formatting.format_fte,
    miljoen=formatting.format_miljoen,
    bronlabel=formatting.short_source_label,
)
TEMPLATES.env.globals["aantal"] = formatting.aantal

CORE_MENU = [
    (10, "/", "Start"),
    (20, "/themas", "Thema's en doelen"),
    (60, "/organisatie", "Organisatie"),
    (80, "/begrippen", "Begrippen"),
    (90, "/bronnen", "Bronnen"),
]


@cache
def menu() -> list[tuple[str, str]]:
    """Core entries and those of the page modules, in their declared order (computed on first use)."""
    from raadsmonitor.web.routes import page_modules

    entries = CORE_MENU + [entry for module in page_modules() for entry in getattr(module, "MENU", [])]
    return [(href, label) for _, href, label in sorted(entries)]



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


def _current(path: str) -> str:
    matches = [href for href, _ in menu() if href != "/" and (path == href or path.startswith(href + "/"))]
    return matches[0] if matches else ("/" if path == "/" else "")


def render(request: Request, template: str, records: Records | None, page_title: str, **context: Any
           ) -> HTMLResponse:
    from raadsmonitor.analysis.programme import focus_programme

    programma = focus_programme(records) if records is not None else None
    bronnen = SourceLookup(records)
    site = Site(programma, menu(), _current(request.url.path))
    return TEMPLATES.TemplateResponse(request, template, {"site": site, "bronnen": bronnen,
                                                          "page_title": page_title, **context})


def render_error(request: Request, status_code: int) -> HTMLResponse:
    title = "Pagina niet gevonden" if status_code == 404 else "Er ging iets mis"
    response = render(request, "fout.html", None, title, status_code=status_code)
    response.status_code = status_code
    return response
