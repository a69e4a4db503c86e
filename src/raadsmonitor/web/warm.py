"""The published pages rendered ahead, once per store state (issue 15).

The page cache (web/cache.py) keeps each page under the store's state, so after every recorded write (an
import above all) the first visitor of each page waited for its render: at national size half a second for
the start page, and at 32 connections everyone who asked meanwhile. Each server process therefore watches
the state (the audit trail's head, a one-row read) and, when it changes or the process starts, asks itself
for the published menu pages and the theme pages linked from /themas, one after the other, exactly as an
anonymous visitor would: through the whole application, so the cache stores what a visitor gets, under the
key a visitor's request has. A visitor who asks for a page while it is being rendered waits for that render
(the page cache's own rule), and what was rendered ahead is the same bytes a visitor's request would have
stored. Visitors go first: a page is rendered ahead only after the process has had no visitor's request in
hand for QUIET_SECONDS (`Visitors`), and a round stops once the state has moved on: a render ahead competes
for the same cores and lock with the page a visitor is waiting for, who renders it themselves anyway when
it is not ready.

Only pages an anonymous visitor may read are rendered ahead (RAADSMONITOR_PUBLIEKE_PAGINAS): pages of
signed-in users are never cached. The JSON API's lists are remembered per state too (web/api/resources.py);
what their first request spent most on, counting the table (all 3.5 million waarnemingen at national size),
is done ahead for every table without a filter. Nothing here is shared between processes; each worker warms
its own memory. Off unless RAADSMONITOR_PAGINAS_VOORAF=ja: each worker then holds every published page's
render, not only those asked for (docs/web.md says what it cost).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import date

import structlog
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from raadsmonitor.domain.catalogue import TABLES
from raadsmonitor.services import reads
from raadsmonitor.web.auth import WebSettings
from raadsmonitor.web.cache import AHEAD, anonymous_get, ask, store_state
from raadsmonitor.web.middleware import HttpMiddleware
from raadsmonitor.web.rendering import menu

log = structlog.get_logger(__name__)

POLL_SECONDS = 0.2  # how often the state is read: a write is noticed within this time
IDLE_POLL_SECONDS = 0.01  # while visitors' requests are in hand, how often to look again
QUIET_SECONDS = 0.5  # a page is rendered ahead only after this long without a visitor's request


class Visitors(HttpMiddleware):
    """ASGI middleware: how many visitors' HTTP requests this process has in hand (those made here not counted)."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self.in_hand = 0
        self.last = 0.0  # the event loop's time when the last visitor's request came or went

    def quiet(self) -> bool:
        return not self.in_hand and asyncio.get_running_loop().time() - self.last >= QUIET_SECONDS

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get(AHEAD):
            await self.app(scope, receive, send)
            return
        self.in_hand += 1
        self.last = asyncio.get_running_loop().time()
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_hand -= 1
            self.last = asyncio.get_running_loop().time()


async def _no_visitors(visitors: Visitors | None) -> None:
    while visitors is not None and not visitors.quiet():
        await asyncio.sleep(IDLE_POLL_SECONDS)
THEME_LINK = re.compile(rb'href="(/themas/[A-Za-z0-9_.\-]+)"')


def published_pages(settings: WebSettings) -> list[str]:
    """The menu's pages an anonymous visitor may read (entries behind a role check are for signed-in users)."""
    return [href for href, _, check in menu() if check is None and settings.is_public(href)]


async def get(app: ASGIApp, path: str, visitors: Visitors | None = None) -> tuple[int, bytes]:
    """One anonymous GET of `path` through the whole application, once no visitor's request is in hand; its status
    and body."""
    await _no_visitors(visitors)
    return await ask(app, {**anonymous_get(path, ""), AHEAD: True})


def count_tables(engine: Engine, memory: reads.Remembered) -> None:
    """Every table's total, as the API's unfiltered lists give it (resources.list_route), kept for this state."""
    with engine.connect() as connection:
        for spec in TABLES:
            reads.remembered_count(memory, connection, spec, {})


async def warm(app: ASGIApp, settings: WebSettings, visitors: Visitors | None = None,
               current: Callable[[], Awaitable[bool]] | None = None) -> int:
    """Render the published pages (and the theme pages /themas links to) into the cache; how many answered 200.
    Stops early once `current()` says the store's state is no longer the one being warmed."""
    done = 0
    pages = published_pages(settings)
    for path in pages:
        if current is not None and not await current():
            return done
        status, body = await get(app, path, visitors)
        done += status == 200
        if path == "/themas" and status == 200:
            for theme in dict.fromkeys(link.decode() for link in THEME_LINK.findall(body)):
                if current is not None and not await current():
                    return done
                if settings.is_public(theme):
                    done += (await get(app, theme, visitors))[0] == 200
    return done


async def warm_lists(engine: Engine, memory: reads.Remembered | None, visitors: Visitors | None = None) -> None:
    if memory is not None:
        await _no_visitors(visitors)
        await run_in_threadpool(count_tables, engine, memory)


async def keep_warm(app: ASGIApp, engine: Engine, settings: WebSettings, today: Callable[[], date],
                    memory: reads.Remembered | None = None, visitors: Visitors | None = None,
                    poll: float = POLL_SECONDS) -> None:
    """Until cancelled: whenever the store's state (or the date) differs from the last one warmed, warm again:
    the published pages, and the API's table totals in `memory` (the app's api_lists)."""
    warmed: tuple[str, date] | None = None
    while True:
        try:
            current = (await run_in_threadpool(store_state, engine), today())
        except Exception:  # a store that does not answer now must not end the server; the pages say so themselves
            log.warning("warming_state_unreadable", exc_info=True)
            await asyncio.sleep(max(poll, 5.0))
            continue
        if current != warmed:
            warmed = current  # a page that fails is not tried again until the state changes

            async def still(state: tuple[str, date] = current) -> bool:
                return (await run_in_threadpool(store_state, engine), today()) == state

            try:
                log.debug("pages_warmed", pages=await warm(app, settings, visitors, still))
                await warm_lists(engine, memory, visitors)
            except Exception:
                log.warning("warming_failed", exc_info=True)
        await asyncio.sleep(poll)
