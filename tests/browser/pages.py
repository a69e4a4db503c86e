"""Every page the application has, with real parameters from the demo data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy import Engine

from raadsmonitor.domain.indicators import Indicator
from raadsmonitor.domain.money import Geldstroom
from raadsmonitor.domain.programme import Bron, Thema
from raadsmonitor.domain.records import Records
from raadsmonitor.store.dataset import StoreRecords

# A route with a path parameter must say here where its values come from; a test fails otherwise.
PARAMETERS: dict[str, Callable[[Records], list[str]]] = {
    "/themas/{thema_id}": lambda records: [t.id for t in records.all(Thema)],
    "/bronnen/{bron_id}": lambda records: [b.id for b in records.all(Bron)],
    "/financien/stromen/{stroom_id}": lambda records: [g.id for g in records.all(Geldstroom)],
    "/voortgang/indicatoren/{indicator_id}": lambda records: [i.id for i in records.all(Indicator)],
}
NOT_PAGES = {"/gezondheid", "/agenda.ics"}


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
    return sorted(route.path for route in _routes(app.routes) if "GET" in route.methods and route.path not in NOT_PAGES
                  and not route.path.startswith("/api/"))


def page_urls(app: FastAPI, engine: Engine) -> list[str]:
    urls = []
    with engine.connect() as connection:
        records = StoreRecords(connection)
        for path in page_routes(app):
            if "{" not in path:
                urls.append(path)
                continue
            name = path[path.index("{") + 1:path.index("}")]
            urls.extend(path.replace("{" + name + "}", value) for value in PARAMETERS[path](records))
    return urls
