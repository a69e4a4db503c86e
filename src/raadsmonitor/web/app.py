"""The web monitor: server-rendered pages in Dutch, working without JavaScript."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from raadsmonitor.web import api, pages
from raadsmonitor.web.rendering import render_error
from raadsmonitor.web.routes import page_modules

STATIC = Path(__file__).with_name("static")

SECURITY_HEADERS = {
    # Everything is served from our own origin: no fonts, scripts or styles from elsewhere.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def create_app(engine: Engine) -> FastAPI:
    app = FastAPI(title="raadsmonitor", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = engine
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(pages.router)
    for module in page_modules():
        app.include_router(module.router)
    api.install(app)  # the JSON API under /api/v1 and its OpenAPI document (issue 7)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return api.http_error_response(request, error) or render_error(request, error.status_code)

    @app.get("/gezondheid")
    def health() -> JSONResponse:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return JSONResponse({"status": "ok"})

    return app
