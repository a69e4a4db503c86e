"""The API's list answers served before routing, per store state (issue 15).

A remembered list answer still went through FastAPI's routing (about 200 API routes, each tried in turn),
its dependencies and a thread for the token check: at national size 2.5-4 ms of CPU for an answer that
was already in memory, so 55-70 ms p95 at 32 connections on two cores. `ApiAnswers` answers such a
request as the page cache answers a page: the store's state (web/cache.py's StoreState), then the token's
holder and the whole response (status, headers, body) as the app gave them for that state, address and
programme, from the app's `api_lists` memory.

Nothing is served that the route itself would not serve the same way:
- only GET lists of catalogue tables (`/api/v1/<table>`), which every role reads alike; the answer is kept
  per programme an account is limited to (issue 20), as the route's own filter is;
- a holder is only known for a token the route checked in the same store state (token_holder remembers it):
  an unknown token is never remembered, and revoking a token or disabling a user is a recorded write, which
  changes the state; a request whose token is not remembered goes to the route;
- only a 200 without a cookie is kept, with the headers it had (the security headers, `Link`), so a
  kept answer is byte for byte the one the route gave.
Requests that ask for the same missing answer at once wait for the first (after an import: 32 connections).
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from typing import Any

from fastapi.security.utils import get_authorization_scheme_param
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from raadsmonitor.domain.catalogue import TABLES
from raadsmonitor.services.reads import Remembered
from raadsmonitor.store.users import sha256
from raadsmonitor.web.cache import StoreState, pass_on_and_keep

PREFIX = "/api/v1/"
LISTS = frozenset(PREFIX + spec.name for spec in TABLES)
MAX_ANSWER_BYTES = 1024 * 1024


def token_key(generation: tuple[int, str], token: str) -> tuple[Hashable, ...]:
    """Where token_holder (web/api/auth.py) remembers a valid token's holder for a store state."""
    return ("token", *generation, sha256(token))


def _bearer(scope: Scope) -> str | None:
    """The Bearer token as FastAPI's HTTPBearer reads it (the first Authorization header); None without one."""
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, credentials = get_authorization_scheme_param(value.decode("latin-1"))
            return credentials if scheme.lower() == "bearer" and credentials else None
    return None


def _generation(state: str) -> tuple[int, str]:
    """StoreState's text ('number-hash') as the (number, hash) the API's memory keys on (reads.state)."""
    number, _, digest = state.partition("-")
    return int(number), digest


class ApiAnswers:
    """ASGI middleware: GET /api/v1/<table> answered from memory when its token's holder and the answer
    are known for the current store state; otherwise the app answers and a 200 is kept."""

    def __init__(self, app: ASGIApp, engine: Engine, memory: Remembered) -> None:
        self.app, self.memory = app, memory
        self.state = StoreState(engine)
        self._asking: dict[Hashable, asyncio.Future[None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _bearer(scope) if scope["type"] == "http" and scope["method"] == "GET" \
            and scope["path"] in LISTS else None
        if token is None:
            await self.app(scope, receive, send)
            return
        generation = _generation(await self.state.current())
        # Requests with the same token for the same address wait for the first (after an import: 32 at once),
        # whether its holder is remembered yet or not; then each is answered from memory if it can be.
        asking = ("asking", *self._key(scope, generation, sha256(token)))
        if asking in self._asking:
            await asyncio.shield(self._asking[asking])
        holder = self.memory.get(token_key(generation, token))
        if holder is not None and await self._send_kept(self._key(scope, generation, holder.programma), send):
            return
        done = self._asking.setdefault(asking, asyncio.get_running_loop().create_future())
        try:
            await self._answer(scope, receive, send, token, generation)
        finally:
            if self._asking.get(asking) is done:
                del self._asking[asking]
                done.set_result(None)

    @staticmethod
    def _key(scope: Scope, generation: tuple[int, str], whose: str | None) -> tuple[Hashable, ...]:
        # Everything the answer is made of: the address as the route sees it (its `volgende` link holds
        # scheme, host and path) and the programme the holder is limited to (or, while asking, the token's hash).
        host = next((value for name, value in scope["headers"] if name == b"host"), None)
        return ("answer", *generation, scope.get("scheme"), host, tuple(scope.get("server") or ()),
                scope.get("root_path", ""), scope["path"], scope["query_string"], whose)

    async def _send_kept(self, key: tuple[Hashable, ...], send: Send) -> bool:
        kept = self.memory.get(key)
        if kept is None:
            return False
        status, headers, body = kept
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return True

    async def _answer(self, scope: Scope, receive: Receive, send: Send, token: str,
                      generation: tuple[int, str]) -> None:
        """The app's answer, kept when it is a 200 without a cookie for a holder the route checked in this state."""
        await pass_on_and_keep(self.app, scope, receive, send,
                               lambda start, body: self._keep(scope, token, generation, start, body))

    def _keep(self, scope: Scope, token: str, generation: tuple[int, str], start: Message, body: bytes) -> None:
        headers: list[tuple[bytes, bytes]] = list(start.get("headers", []))
        if start.get("status") != 200 or any(name.lower() == b"set-cookie" for name, _ in headers) \
                or len(body) > MAX_ANSWER_BYTES:
            return
        holder: Any = self.memory.get(token_key(generation, token))
        if holder is None:  # the route did not check this token in this state (the state moved on meanwhile)
            return
        self.memory.put(self._key(scope, generation, holder.programma), (200, headers, body), generation,
                        len(body))
