"""Which programme a page is about (issue 20): a stable address per programme, `/programma/<id>/...`.

Every page can be asked for under `/programma/<id>` (for example `/programma/nphln/financien`): the
`ProgrammePath` middleware takes that prefix off before the routes see the path, remembers the id in
the request's scope, and puts the prefix back in the links and form actions of the HTML page it answers
with (and in a redirect's Location), so a reader who chose a programme stays in it. Without the prefix a
page is about the default programme: the setting RAADSMONITOR_PROGRAMMA, else the only programme of a
focus area in the store; with several and no setting, a programme page asks the reader to choose.
An account limited to one programme (`raadsmonitor users add --programma`) always sees that one.

The page cache (web/cache.py) sits outside this middleware, so its key holds the whole path, prefix
included: each programme's pages are cached apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from raadsmonitor.analysis.programme.scope import OnbekendProgramma, ProgrammaNodig, choose_programme, focus_programmes
from raadsmonitor.domain.programme import Programma
from raadsmonitor.domain.records import Records
from raadsmonitor.web.auth import deny, settings_of, visit
from raadsmonitor.web.middleware import HttpMiddleware

PREFIX = "/programma/"
SCOPE_KEY = "raadsmonitor.programma"
# Paths that are never about a programme: not served under the prefix, and their links are left alone.
UNSCOPED = ("/static/", "/api/", "/gezondheid", "/aanmelden", "/afmelden", PREFIX)
_ID = re.compile(r"[A-Za-z0-9_.\-]{1,200}")
_LINK = re.compile(rb'((?:href|action)=")/(?!' + b"|".join(re.escape(p.lstrip("/").encode()) for p in UNSCOPED)
                   + rb")")


def split_path(path: str) -> tuple[str | None, str]:
    """(programme id, the rest of the path) for `/programma/<id>/...`; (None, path) for any other path."""
    if not path.startswith(PREFIX):
        return None, path
    programma, _, rest = path[len(PREFIX):].partition("/")
    rest = "/" + rest
    if not _ID.fullmatch(programma) or rest.startswith(UNSCOPED):
        return None, path
    return programma, rest


def prefix_of(request: Request) -> str:
    """The prefix this request came with ("" without one)."""
    programma: str | None = request.scope.get(SCOPE_KEY)
    return f"{PREFIX}{programma}" if programma else ""


class ProgrammePath(HttpMiddleware):
    """ASGI middleware: `/programma/<id>/x` is served as `/x` for programme <id>; its HTML links keep the prefix."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        programma, rest = split_path(scope["path"])
        if programma is None:
            await self.app(scope, receive, send)
            return
        prefix = f"{PREFIX}{programma}".encode()
        raw: bytes = scope.get("raw_path") or scope["path"].encode()
        scope = {**scope, "path": rest, "raw_path": raw[len(prefix):] or b"/", SCOPE_KEY: programma}
        start: Message | None = None
        chunks: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                location = headers.get("location")
                if location is not None and location.startswith("/") and not location.startswith(UNSCOPED):
                    headers["location"] = prefix.decode() + location
                if headers.get("content-type", "").startswith("text/html") and scope["method"] != "HEAD":
                    start = message  # the body is rewritten, so its length is known only at the end
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = _LINK.sub(rb"\1" + prefix + b"/", b"".join(chunks))
                MutableHeaders(scope=start)["content-length"] = str(len(body))
                await send(start)
                message = {"type": "http.response.body", "body": body}
            await send(message)

        await self.app(scope, receive, rewrite)


@dataclass(frozen=True)
class Keuze:
    """The programme of a request (None when the store holds none, or the reader must still choose) and the
    programmes the reader can switch between."""

    programma: Programma | None
    programmas: list[Programma]
    path: str  # the page's path and query without the prefix, for the links to the other programmes


class KiesProgramma(Exception):
    """A programme page was asked for without a programme while the store holds several: the reader chooses."""

    def __init__(self, keuze: Keuze) -> None:
        super().__init__("kies een programma")
        self.keuze = keuze


def _limited_to(request: Request) -> str | None:
    user = visit(request).user
    return getattr(user, "programma", None) if visit(request).principal.signed_in else None


def programme_choice(request: Request, records: Records) -> tuple[Keuze, ProgrammaNodig | None]:
    """The programme of this request, read once per request; 404 for an unknown one, 403 for one an account
    is not limited to. With several programmes and none chosen, the second value says so."""
    found: tuple[Keuze, ProgrammaNodig | None] | None = getattr(request.state, "programme_choice", None)
    if found is not None:
        return found
    asked: str | None = request.scope.get(SCOPE_KEY)
    limited = _limited_to(request)
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    programmas = focus_programmes(records)
    if limited is not None:
        programmas = [p for p in programmas if p.id == limited]
        if asked is not None and asked != limited:
            deny(request, visit(request).principal, f"account beperkt tot programma {limited}")
    # A setting that names no focus programme of this store is left aside (the CLI says so; see docs/web.md).
    default = settings_of(request).programma
    default = default if any(p.id == default for p in programmas) else None
    waiting: ProgrammaNodig | None = None
    try:
        programma = choose_programme(records, asked or limited, default)
    except OnbekendProgramma as error:
        raise HTTPException(404) from error
    except ProgrammaNodig as error:
        programma, waiting = None, error
    found = (Keuze(programma, programmas, path), waiting)
    request.state.programme_choice = found
    return found
