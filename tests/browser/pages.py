"""Every page the application has, with real parameters from the demo data, and the role that opens it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy import Engine

from raadsmonitor.domain.access import GRIFFIE_TABLES, Rol
from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.domain.indicators import Indicator
from raadsmonitor.domain.money import Geldstroom
from raadsmonitor.domain.programme import Bron, Thema
from raadsmonitor.domain.records import Records
from raadsmonitor.store import repository
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.web.routes.registers import REGISTERS

# Registers whose change and delete forms are opened with a real record: amounts, enumerations, references
# and yes/no (geldstromen), dates and long text (informatiestukken), a key of three parts (waarnemingen).
SAMPLE_REGISTERS = ("geldstromen", "informatiestukken", "waarnemingen")


def _record_urls(action: str) -> Callable[[Records, Engine], list[str]]:
    def urls(_: Records, engine: Engine) -> list[str]:
        found = []
        with engine.connect() as connection:
            for name in SAMPLE_REGISTERS:
                spec = TABLES_BY_NAME[name]
                record = repository.load_records(connection, spec)[0]
                query = urlencode([("sleutel", str(part)) for part in spec.key_of(record)])
                found.append(f"/registers/{name}/{action}?{query}")
        return found
    return urls


# A route with a path parameter must say here which URLs to open; a test fails otherwise.
PARAMETERS: dict[str, Callable[[Records, Engine], list[str]]] = {
    "/themas/{thema_id}": lambda records, _: [f"/themas/{t.id}" for t in records.all(Thema)],
    "/bronnen/{bron_id}": lambda records, _: [f"/bronnen/{b.id}" for b in records.all(Bron)],
    "/financien/stromen/{stroom_id}": lambda records, _: [f"/financien/stromen/{g.id}"
                                                          for g in records.all(Geldstroom)],
    "/voortgang/indicatoren/{indicator_id}": lambda records, _: [f"/voortgang/indicatoren/{i.id}"
                                                                 for i in records.all(Indicator)],
    "/registers/{tabel}": lambda _, __: [f"/registers/{spec.name}" for spec in REGISTERS],
    "/registers/{tabel}/nieuw": lambda _, __: [f"/registers/{spec.name}/nieuw" for spec in REGISTERS],
    "/registers/{tabel}/wijzigen": _record_urls("wijzigen"),
    "/registers/{tabel}/verwijderen": _record_urls("verwijderen"),
}
# Single sign-on's steps (issue 21) send the browser on and exist only with a provider configured; their pages
# are tested in tests/browser/test_upload_and_sso.py.
NOT_PAGES = {"/gezondheid", "/agenda.ics", "/aanmelden/sso", "/aanmelden/sso/terug"}


def role_for(url: str) -> Rol | None:
    """Who opens a page that not every visitor may see (None: every signed-in role, or the public)."""
    path = url.split("?")[0]
    if path == "/auditspoor":
        return Rol.REKENKAMER
    if path == "/gebruikers":
        return Rol.BEHEERDER
    if path in ("/registers", "/gegevenspakket"):
        return Rol.GRIFFIE
    if path.startswith("/registers/"):
        return Rol.GRIFFIE if path.split("/")[2] in GRIFFIE_TABLES else Rol.PROGRAMMABUREAU
    return None


def _routes(routes: list[Any]) -> list[APIRoute]:
    """Routes of the app and of the routers it includes (FastAPI wraps those as 'original_router')."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(_routes(route.original_router.routes))
    return found


def page_routes(app: FastAPI) -> list[str]:
    """The HTML pages: GET routes, without the JSON API (issue 7) and the other non-pages."""
    return sorted(route.path for route in _routes(app.routes)
                  if "GET" in (route.methods or ()) and route.path not in NOT_PAGES
                  and not route.path.startswith("/api/"))


def post_routes(app: FastAPI) -> list[str]:
    """The forms' POST routes; the JSON API's writes have their own matrix (tests/trust/test_api_roles.py)."""
    return sorted(route.path for route in _routes(app.routes) if "POST" in (route.methods or ())
                  and not route.path.startswith("/api/"))


def urls_per_route(app: FastAPI, engine: Engine) -> dict[str, list[str]]:
    with engine.connect() as connection:
        records = StoreRecords(connection)
        return {path: (PARAMETERS[path](records, engine) if "{" in path else [path]) for path in page_routes(app)}


def page_urls(app: FastAPI, engine: Engine) -> list[str]:
    return [url for urls in urls_per_route(app, engine).values() for url in urls]
