"""A cache of page responses, keyed by path and query string and the state of the store (issue 8).

The data only changes through recorded writes (imports, the demo, snapshots, forms, the API), and
every recorded write adds a link to the audit trail (store/audit.py). The cache key holds the number
*and* hash of the last link, so a page is rendered once per store state and served from memory after
that; a restored back-up (an older chain) can never hit a page of the newer state. Nothing is kept
that another process would need: each worker and machine has its own cache. It asks the store for its
state only when the store may have changed: on PostgreSQL after a write's notification or a lost
connection of its watch, on SQLite when the file's count of commits moved; on both after five seconds
at the latest (StoreState, store/notify.py; issue 15).

The key also holds today's date (pages judge ages and deadlines against today) and never anything of
the user: signed-in users see the same data, and a response that sets a cookie or says it is private
is not stored. An ETag from the same key lets a browser revalidate with If-None-Match and get a 304.

After a change of the store (an import above all), the first visitors of a page wait for its render, and at 32
connections each of them waited a whole render (issue 15). So each process notes which pages visitors asked for in a
store state, and as soon as it sees the state change (KeepFresh, within REFRESH_POLL_SECONDS) it renders those
pages again, the most asked first (at most FRESH_PAGES), through the whole application as the visitor asked: a
visitor who asks meanwhile waits for that render instead of starting one, and is served sooner. A page nobody asked
for in the last state is not rendered, so the cache holds no more than before.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import stat
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import structlog
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from raadsmonitor.services import trail
from raadsmonitor.services.reads import Remembered
from raadsmonitor.store import notify
from raadsmonitor.web.auth import SESSION_COOKIE

# The JSON API authenticates every request with its token and has ETags of its own per record: a cached
# answer must never reach someone without that token (issue 7). The sign-in pages carry CSRF tokens.
NOT_CACHED = ("/static/", "/gezondheid", "/api/", "/aanmelden")
MAX_BYTES = 16 * 1024 * 1024  # per process (hundreds of pages); least recently used pages go first
MAX_PAGE_BYTES = 4 * 1024 * 1024
MAX_PAGES = 10_000
FRESH_PAGES = 8  # per process: the most asked pages of the last store state rendered again when it changes
NOTED_PAGES = 1_000  # per process and state: the distinct pages counted (a crawler's thousands are not all kept)
REFRESH_POLL_SECONDS = 0.01  # how often KeepFresh looks at the store's marker (microseconds each, no query)
AHEAD = "raadsmonitor.ahead"  # in the scope of a request this process makes itself: not a visitor's

log = structlog.get_logger(__name__)


def store_state(engine: Engine) -> str:
    """The number and hash of the last audit record: it changes with every recorded write."""
    with engine.connect() as connection:
        number, digest = trail.head(connection)
    return f"{number}-{digest}"


class StoreState:
    """store_state, asked of the store only when it may have changed (issue 15).

    A read of the store per request for the key was the largest part of a cached page's time under load
    (on PostgreSQL a round trip; on SQLite a pooled connection, a query and a hop to a worker thread, which
    held a cached page to a fifth of PostgreSQL's rate). On PostgreSQL a Watch (store/notify.py) hears every
    recorded write's notification; on SQLite a FileVersion reads the file's count of commits. The state read
    last holds while that marker is the same (and the watch kept listening) and it is younger than MAX_AGE;
    when it must be asked again, one request asks and the others at that moment wait for its answer.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._watch: tuple[int, notify.Watch | None] | None = None  # the process it belongs to, the watch
        self._file = notify.FileVersion(engine) if engine.dialect.name == "sqlite" else None
        self._known: tuple[str, int, float] | None = None  # state, the marker then, when
        self._asking: asyncio.Future[str] | None = None

    def watched(self) -> bool:
        """Whether a change is noticed without a query (a FileVersion or a listening Watch): only then may it be
        looked at often."""
        marker = self._marker()
        return marker is not None and marker[1]

    def _watch_of_process(self) -> notify.Watch | None:
        if self._watch is None or self._watch[0] != os.getpid():
            self._watch = (os.getpid(), notify.watch(self.engine))
        return self._watch[1]

    def _marker(self) -> tuple[int, bool] | None:
        """What moves when the store may have changed, and whether it can be trusted now; None: always ask."""
        if self._file is not None:
            version = self._file.read()
            return None if version is None else (version, True)
        watch = self._watch_of_process()
        return None if watch is None else (watch.generation, watch.listening)

    async def current(self) -> str:
        marker = self._marker()
        if marker is None:
            return await run_in_threadpool(store_state, self.engine)
        known = self._known
        if known is not None and marker[1] and known[1] == marker[0] \
                and time.monotonic() - known[2] < notify.MAX_AGE:
            return known[0]
        if self._asking is not None:
            other = self._asking
            await asyncio.wait([other])
            if not other.cancelled() and other.exception() is None:
                return other.result()
            return await run_in_threadpool(store_state, self.engine)  # that request failed: ask once more
        self._asking = asking = asyncio.get_running_loop().create_future()
        try:
            # The marker before the read: a change during the read makes the next request ask again.
            asked = time.monotonic()
            state = await run_in_threadpool(store_state, self.engine)
            self._known = (state, marker[0], asked)
            asking.set_result(state)
            return state
        finally:
            if not asking.done():
                asking.cancel()
            self._asking = None


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


def page_store() -> Remembered:
    """The pages of one process: hundreds of pages within MAX_BYTES, the older store states' dropped."""
    return Remembered(max_items=MAX_PAGES, max_bytes=MAX_BYTES)


# A request with a session cookie is a signed-in user's: its page names the user and carries a CSRF
# token, so it is neither served from nor put in the shared cache (issue 7). Only what an anonymous
# visitor may read (published pages) is ever stored, and it is served only to anonymous visitors.
SESSION_MARK = f"{SESSION_COOKIE}=".encode()


def _signed_in(scope: Scope) -> bool:
    return any(name == b"cookie" and SESSION_MARK in value or name == b"authorization"
               for name, value in scope["headers"])


def _cacheable(scope: Scope) -> bool:
    if scope["type"] != "http":  # the lifespan scope has no path: it passes on to the app's lifespan
        return False
    path: str = scope["path"]
    return scope["method"] == "GET" and not path.startswith(NOT_CACHED) and not _signed_in(scope)


def _shareable(status: int, headers: list[tuple[bytes, bytes]]) -> bool:
    """A 200 that sets no cookie and is not marked private: the same for everyone who asks."""
    names = {name.lower() for name, _ in headers}
    private = any(name.lower() == b"cache-control" and (b"private" in value or b"no-store" in value)
                  for name, value in headers)
    return status == 200 and b"set-cookie" not in names and not private


class PageCache:
    """ASGI middleware: serve GET pages from the page store, answer If-None-Match with 304."""

    def __init__(self, app: ASGIApp, engine: Engine, pages: Remembered | None = None,
                 today: Callable[[], date] = date.today) -> None:
        self.app, self.engine, self.today = app, engine, today
        self.state = StoreState(engine)
        self.pages = pages if pages is not None else page_store()
        # Renders in progress: when many ask for a page that is not cached yet (just after an import), one
        # request renders it and the others wait and get the stored copy, instead of all rendering it.
        self._rendering: dict[str, asyncio.Future[None]] = {}
        # The pages visitors asked for in the current generation (how often, and a request to ask it again with),
        # and those of the generation before, which KeepFresh renders again for the new one.
        self._generation = ""
        self._asked: Counter[tuple[str, str]] = Counter()
        self._requests: dict[tuple[str, str], Scope] = {}
        self._before: list[Scope] = []
        self.shared = SharedNotes(engine)

    async def generation(self) -> str:
        """The store's state and today's date: what a page is kept under, besides its path and query."""
        return "\n".join((await self.state.current(), self.today().isoformat()))

    def _note(self, generation: str, scope: Scope | None) -> None:
        """Count a visitor's request of a cacheable page (None: only see the generation); at a new generation, the
        most asked pages of the one before become the pages to render again, followed by those the other processes
        on this store were asked for then (SharedNotes: a worker renders ahead what the other one was asked)."""
        if generation != self._generation:
            before = [self._requests[page] for page, _ in self._asked.most_common(FRESH_PAGES)]
            for page in self.shared.pages(self._generation):
                if len(before) >= FRESH_PAGES:
                    break
                if page not in self._requests:
                    before.append(_request_again(anonymous_get(*page)))
            self.shared.keep(self._generation, generation)
            self._before = before
            self._generation, self._asked, self._requests = generation, Counter(), {}
        if scope is not None and not scope.get(AHEAD):
            page = (scope["path"], scope["query_string"].decode("latin-1"))
            if page in self._requests:
                self._asked[page] += 1
            elif len(self._requests) < NOTED_PAGES:
                self._asked[page] += 1
                self._requests[page] = _request_again(scope)
                self.shared.add(generation, page)

    def to_refresh(self, generation: str) -> list[Scope]:
        """The requests to render again for `generation`: the most asked pages of the generation before it (once)."""
        self._note(generation, None)
        pages, self._before = self._before, []
        return pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _cacheable(scope):
            await self.app(scope, receive, send)
            return
        generation = await self.generation()
        self._note(generation, scope)
        key = "\n".join((generation, scope["path"], scope["query_string"].decode("latin-1")))
        etag = b'"' + hashlib.sha256(key.encode()).hexdigest()[:32].encode() + b'"'
        extra = [(b"etag", etag), (b"cache-control", b"no-cache")]
        if etag in _if_none_match(scope):
            await send({"type": "http.response.start", "status": 304, "headers": extra})
            await send({"type": "http.response.body", "body": b""})
            return
        if key in self._rendering:  # the same page is being rendered for another request: wait for it
            await asyncio.shield(self._rendering[key])
        page = self.pages.get(key)
        if page is not None:
            await send({"type": "http.response.start", "status": page.status, "headers": page.headers + extra})
            await send({"type": "http.response.body", "body": page.body})
            return
        done = self._rendering.setdefault(key, asyncio.get_running_loop().create_future())
        try:
            await self._render(scope, receive, send, key, generation, extra)
        finally:
            if self._rendering.get(key) is done:
                del self._rendering[key]
                done.set_result(None)

    async def _render(self, scope: Scope, receive: Receive, send: Send, key: str, generation: str,
                      extra: list[tuple[bytes, bytes]]) -> None:
        def with_key(start: Message) -> Message:
            if _shareable(start["status"], list(start.get("headers", []))):
                return {**start, "headers": [*start.get("headers", []), *extra]}
            return start

        await pass_on_and_keep(self.app, scope, receive, send,
                               lambda start, body: self._keep(key, generation, start, body), with_key)

    def _keep(self, key: str, generation: str, start: Message, body: bytes) -> None:
        headers = [(name, value) for name, value in start.get("headers", [])
                   if name.lower() not in (b"etag", b"cache-control")]
        if _shareable(start.get("status", 0), list(start.get("headers", []))) and len(body) <= MAX_PAGE_BYTES:
            self.pages.put(key, CachedPage(start["status"], headers, body), generation, len(body))


async def pass_on_and_keep(app: ASGIApp, scope: Scope, receive: Receive, send: Send,
                           keep: Callable[[Message, bytes], None],
                           start_sent: Callable[[Message], Message] | None = None) -> None:
    """Run the app, sending its response on as it comes (its start message as `start_sent` makes it), and give
    `keep` the whole response as the app gave it (its start message and body) once the last part is sent on.
    The page cache and the API's answers (web/api/answers.py) keep responses this way."""
    start: Message = {}
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
            if start_sent is not None:
                message = start_sent(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                keep(start, b"".join(chunks))
        await send(message)

    await app(scope, receive, capture)


class SharedNotes:
    """The pages asked for per store state, shared by the processes of this machine that serve the same store (the
    workers of `serve --workers N` share nothing else but the store): one file per state with a line per page, in a
    directory of the user's own under the temporary directory, appended to by the process that first counts the
    page in that state. Only a path and a query are kept (of a cacheable page: anonymous, published). Where the
    directory cannot be used, each process knows only its own visitors' pages."""

    def __init__(self, engine: Engine) -> None:
        url = engine.url.render_as_string(hide_password=True)
        self.store = hashlib.sha256(url.encode()).hexdigest()[:16]
        self._directory: Path | None = None

    def _folder(self) -> Path | None:
        if self._directory is None:
            folder = Path(tempfile.gettempdir()) / f"raadsmonitor-{os.getuid()}"
            try:
                folder.mkdir(mode=0o700, exist_ok=True)
                status = folder.lstat()
            except OSError:
                return None
            if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o077:
                return None  # not ours alone: nothing is read from or written to it
            self._directory = folder
        return self._directory

    def _file(self, generation: str) -> Path | None:
        folder = self._folder()
        if folder is None or not generation:
            return None
        return folder / f"gevraagd-{self.store}-{hashlib.sha256(generation.encode()).hexdigest()[:16]}"

    def add(self, generation: str, page: tuple[str, str]) -> None:
        file = self._file(generation)
        if file is not None:
            with contextlib.suppress(OSError), file.open("a", encoding="utf-8") as lines:
                lines.write(json.dumps(page) + "\n")  # one write of a short line: appends of processes do not mix

    def pages(self, generation: str) -> list[tuple[str, str]]:
        """The pages asked for in `generation` by any process, in the order first asked, each once."""
        file = self._file(generation)
        if file is None:
            return []
        try:
            text = file.read_text(encoding="utf-8")
        except OSError:
            return []
        found: dict[tuple[str, str], None] = {}
        for line in text.splitlines()[:NOTED_PAGES * 8]:
            with contextlib.suppress(ValueError):
                path, query = json.loads(line)
                if isinstance(path, str) and isinstance(query, str) and path.startswith("/") \
                        and not path.startswith(NOT_CACHED):
                    found[(path, query)] = None
        return list(found)

    def keep(self, *generations: str) -> None:
        """Remove the files of this store's other states."""
        folder = self._folder()
        if folder is None:
            return
        kept = {self._file(generation) for generation in generations}
        for file in folder.glob(f"gevraagd-{self.store}-*"):
            if file not in kept:
                with contextlib.suppress(OSError):
                    file.unlink()


def anonymous_get(path: str, query: str) -> Scope:
    """An anonymous visitor's GET of a page: one another process was asked for, or one web/warm.get renders ahead."""
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": query.encode("latin-1"), "root_path": "",
            "headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 80)}


def _request_again(scope: Scope) -> Scope:
    """A visitor's GET as this process asks it again later: the same path, query and headers (an anonymous visitor
    sends no session or token, or the page is not cacheable), marked as made here; nothing of the request's state."""
    return {AHEAD: True, "type": "http", "asgi": scope.get("asgi", {"version": "3.0"}),
            "http_version": scope.get("http_version", "1.1"), "method": "GET", "scheme": scope.get("scheme", "http"),
            "path": scope["path"], "raw_path": scope.get("raw_path", scope["path"].encode()),
            "query_string": scope["query_string"], "root_path": scope.get("root_path", ""),
            "headers": [(name, value) for name, value in scope["headers"] if name != b"if-none-match"],
            "client": scope.get("client"), "server": scope.get("server")}


async def ask(app: ASGIApp, scope: Scope) -> tuple[int, bytes]:
    """One GET through `app` as `scope` says (a request this process makes itself); its status and body."""
    status, chunks = 0, []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(dict(scope), receive, send)
    return status, b"".join(chunks)


async def keep_fresh(app: ASGIApp, cache: PageCache, poll: float = REFRESH_POLL_SECONDS) -> None:
    """Until cancelled: when the store's state (or the date) changes, render the pages visitors asked for most in the
    state before, one at a time through the whole application `app`, so they are in `cache` when visitors ask again
    (or being rendered, and the visitor waits for that render). Stops a round once the state moves on. Only where a
    change is noticed without asking the store (StoreState.watched); elsewhere the visitors render as before."""
    while True:
        await asyncio.sleep(poll)
        if not cache.state.watched():
            continue
        try:
            generation = await cache.generation()
            for scope in cache.to_refresh(generation):
                if await cache.generation() != generation:
                    break
                await ask(app, scope)
        except Exception:  # a store that does not answer now, or a page that fails: the visitors see it themselves
            log.warning("pages_refresh_failed", exc_info=True)
            await asyncio.sleep(max(poll, 1.0))


def _if_none_match(scope: Scope) -> list[bytes]:
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            return [item.strip().removeprefix(b"W/") for item in value.split(b",")]
    return []
