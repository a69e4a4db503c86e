"""The web monitor: server-rendered pages in Dutch, working without JavaScript."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from raadsmonitor.config.clock import Clock, SystemClock
from raadsmonitor.config.settings import current as current_settings
from raadsmonitor.services.accounts import sso
from raadsmonitor.store import notify
from raadsmonitor.web import api, metrics, pages, warm
from raadsmonitor.web.api.answers import ApiAnswers
from raadsmonitor.web.auth import SignInRequired, WebSettings, finish_response, guard, sign_in_url
from raadsmonitor.web.cache import PageCache, keep_fresh, page_store
from raadsmonitor.web.limits import UploadLimit
from raadsmonitor.web.middleware import HttpMiddleware
from raadsmonitor.web.programme import KiesProgramma, ProgrammePath
from raadsmonitor.web.rendering import compile_templates, render, render_error
from raadsmonitor.web.routes import page_modules

STATIC = Path(__file__).with_name("static")

SECURITY_HEADERS = {
    # Everything is served from our own origin: no fonts, scripts or styles from elsewhere.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def security_headers(config: sso.SsoConfig | None) -> dict[str, str]:
    if config is None:
        return SECURITY_HEADERS
    policy = SECURITY_HEADERS["Content-Security-Policy"].replace("form-action 'self'",
                                                                 f"form-action 'self' {config.origin}")
    return {**SECURITY_HEADERS, "Content-Security-Policy": policy}


# Threads per process for the synchronous work of a request (queries, rendering; anyio's default is 40). The
# work holds the GIL nearly all the time, so more threads add no throughput on a core, but each costs memory:
# its stack, a malloc arena, and a pooled database connection with its own SQLite page cache. With 40, each of
# two workers grew to ~130 MB under the bench's load; with 8, to ~113 MB, at the same requests per second.
WORKER_THREADS = 8
# SQLite's page cache of each pooled connection, in KiB (SQLite's default 2,000). The pages of a national store's
# large reads do not fit in either (they stream through it), the operating system keeps the file's pages anyway,
# and each of the 8 connections filled its cache: 256 KiB took a worker under the bench's load from ~109 to ~105
# MB (bench/RESULTS.md, "Session 10, branch mem").
WORKER_PAGE_CACHE_KIB = 256


class SecurityHeaders(HttpMiddleware):
    """The security headers and the cookies a request decided on (finish_response), on every response.

    Plain ASGI (web/middleware.py): an API read takes 1.7 ms, and BaseHTTPMiddleware would add to it (issue 8).
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        # With single sign-on, the sign-out form is sent on to the provider's end-session page (issue 21).
        headers_of_app = getattr(scope["app"].state, "security_headers", SECURITY_HEADERS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in headers_of_app.items():
                    headers.setdefault(name, value)
                cookies = Response()
                finish_response(Request(scope), cookies)  # the request's state is kept in its scope
                for value in cookies.headers.getlist("set-cookie"):
                    headers.append("set-cookie", value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _CountVisitors(warm.Visitors):
    """warm.Visitors, made by Starlette when it builds the middleware stack, and found by the warmer on the app."""

    def __init__(self, app: ASGIApp, holder: FastAPI) -> None:
        super().__init__(app)
        holder.state.visitors = self


class _PageCacheOfApp(PageCache):
    """The PageCache, made by Starlette when it builds the middleware stack, and found by KeepFresh on the app."""

    def __init__(self, app: ASGIApp, holder: FastAPI, engine: Engine) -> None:
        super().__init__(app, engine, holder.state.pages, today=lambda: holder.state.clock.today())
        holder.state.page_cache = self


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    # What exists once the app is made (modules, templates, routes, the catalogue) lives as long as the
    # process: moved out of the collector's generations, a full collection no longer walks it during a request.
    gc.collect()
    gc.freeze()
    # While it runs, a server keeps a SQLite store open (a read-only connection of its own): a first import by
    # another process then keeps the write-ahead log (store/database.rollback_journal_when_alone), so this
    # server's readers go on reading instead of waiting for the import and failing with "database is locked".
    holding = notify.FileVersion(app.state.engine) if app.state.engine.dialect.name == "sqlite" else None
    if holding is not None:
        holding.read()
    # The published pages rendered ahead for each store state (web/warm.py, issue 15), in the background.
    warming = (asyncio.create_task(warm.keep_warm(app, app.state.engine, app.state.settings,
                                                  lambda: app.state.clock.today(), app.state.api_lists,
                                                  app.state.visitors))
               if app.state.warm else None)
    # The pages visitors asked for rendered again as soon as the store changes (web/cache.py, issue 15).
    refreshing = (asyncio.create_task(keep_fresh(app, app.state.page_cache))
                  if app.state.refresh_pages else None)
    yield
    for task in (warming, refreshing):
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    if holding is not None:
        holding.close()


def create_app(engine: Engine, settings: WebSettings | None = None, clock: Clock | None = None,
               warm_pages: bool = False, refresh_pages: bool = False) -> FastAPI:
    """The application; settings default to the environment (RAADSMONITOR_PUBLIEKE_PAGINAS and others), the clock
    to the system's (a FixedClock shows every page as on one day). With `warm_pages` (the server's processes when
    RAADSMONITOR_PAGINAS_VOORAF=ja) the published pages are rendered ahead after every change of the store and at
    the start (web/warm.py). With `refresh_pages` (every server process) the pages visitors asked for are rendered
    again as soon as the store changes (web/cache.keep_fresh)."""
    app = FastAPI(title="raadsmonitor", docs_url=None, redoc_url=None, openapi_url=None, lifespan=_lifespan)
    app.state.engine = engine
    app.state.warm = warm_pages
    app.state.refresh_pages = refresh_pages
    app.state.clock = clock if clock is not None else SystemClock()
    app.state.settings = settings or WebSettings.from_environment()
    # Single sign-on (issue 21) when RAADSMONITOR_OIDC_CONFIG names a configuration file; a form may then be sent
    # on to the provider (sign-out ends its session too), so its origin joins the policy's form-action.
    config = sso.config_from_environment()
    app.state.sso_provider = sso.Provider(config) if config is not None else None
    app.state.security_headers = security_headers(config)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Every page and form passes the guard: sign-in or a published page, and a CSRF token on every POST.
    app.include_router(pages.router, dependencies=[Depends(guard)])
    for module in page_modules():
        app.include_router(module.router, dependencies=[Depends(guard)])
    # The JSON API under /api/v1 and its OpenAPI document (issue 7): Bearer tokens, no cookies, so it is not
    # behind the pages' guard and CSRF check but authenticates every request itself. Its routes come after
    # the pages': there are five times as many, and a signed-in user's page is matched without them.
    api.install(app)

    app.add_middleware(SecurityHeaders)
    # /programma/<id>/... (issue 20): inside the page cache, so the cache keys on the whole path, prefix included.
    app.add_middleware(ProgrammePath)
    # Added last, so it is the outermost layer: stored pages carry the security headers above.
    # GET /api/v1/<table> answered from the API's memory per store state, before the routes (issue 15).
    app.add_middleware(ApiAnswers, engine=engine, memory=app.state.api_lists)
    app.state.pages = page_store()
    # Today's date is part of a stored page's key; it is asked of the app's clock, which a test may replace.
    app.add_middleware(_PageCacheOfApp, holder=app, engine=engine)
    # A browser upload over the size limit is refused before its form is read (issue 21).
    app.add_middleware(UploadLimit)
    if metrics.enabled():  # /metrics (issue 21): off unless RAADSMONITOR_METRICS says so
        app.add_middleware(metrics.Metrics)
    # Outermost: the visitors' requests in hand, so pages are rendered ahead only between them (web/warm.py).
    app.state.visitors = None
    if warm_pages:
        app.add_middleware(_CountVisitors, holder=app)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return api.http_error_response(request, error) or render_error(request, error.status_code, error.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if api.is_api_request(request):  # the API answers in problem JSON
            return api.validation_problem(error)
        return render_error(request, 400)

    @app.exception_handler(KiesProgramma)
    async def choose_programme(request: Request, error: KiesProgramma) -> Response:
        return render(request, "programma_kiezen.html", None, "Kies een programma", keuze=error.keuze)

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, error: SignInRequired) -> RedirectResponse:
        return RedirectResponse(sign_in_url(error.target), status_code=303)

    @app.get("/gezondheid")
    def health() -> JSONResponse:
        # The store must answer and hold the monitor's schema (issue 21: the container's HEALTHCHECK).
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT count(*) FROM auditregels WHERE volgnummer < 0").scalar()
        except SQLAlchemyError:
            return JSONResponse({"status": "fout", "melding": "de database is niet bereikbaar"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return app


def app_from_environment() -> FastAPI:
    """The app on the store named by RAADSMONITOR_DATABASE_URL: the factory each worker process calls."""
    from raadsmonitor.config.logsetup import configure_logging

    # Each worker is a new process started by uvicorn, not by our command line: its log events would
    # otherwise come out in structlog's default console form instead of JSON on standard error (issue 19).
    configure_logging()

    compile_templates()  # before the app starts: its lifespan freezes what exists then (gc.freeze)
    return create_app(server_engine(), warm_pages=current_settings().paginas_vooraf, refresh_pages=True)


def server_engine(url: str | None = None) -> Engine:
    """The engine of one server process (a worker, or `serve --workers 1` itself): a pooled connection per request
    thread, because with fewer, connections beyond the pool would be opened and closed again under load (each a
    new SQLite handle, its pragmas and schema read anew); on SQLite each with a small page cache."""
    from raadsmonitor.store.database import make_engine

    return make_engine(url, pool_size=WORKER_THREADS, page_cache_kib=WORKER_PAGE_CACHE_KIB)
