"""The web monitor. For now one plain start page; the pages of issue 3 build on this frame."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.store import repository

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))


def create_app(engine: Engine) -> FastAPI:
    app = FastAPI(title="raadsmonitor", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/", response_class=HTMLResponse)
    def start(request: Request) -> HTMLResponse:
        with engine.connect() as connection:
            programmas = repository.load_records(connection, TABLES_BY_NAME["programmas"])
            themas = repository.load_records(connection, TABLES_BY_NAME["themas"])
            doelen = repository.load_records(connection, TABLES_BY_NAME["doelen"])
            counts = repository.counts(connection)
        local = [programma for programma in programmas if programma.focusgebied]
        return TEMPLATES.TemplateResponse(request, "start.html", {
            "programmas": local,
            "themas": sorted(themas, key=lambda thema: thema.volgorde),
            "doelen": doelen,
            "counts": [(TABLES_BY_NAME[name].label, count) for name, count in counts.items()],
        })

    @app.get("/gezondheid")
    def health() -> JSONResponse:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return JSONResponse({"status": "ok"})

    return app
