"""The base of the site's plain ASGI middlewares: they act on HTTP requests only and pass everything
else (the lifespan scope, which has no path or headers) on to the app untouched.

Plain ASGI rather than Starlette's BaseHTTPMiddleware (`@app.middleware`), which runs each request through a
task group and streams its body through a queue: a noticeable share of an API read (issue 8).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware(ABC):
    """Subclasses say in `handle` what they do with an HTTP request; `self.app` is the app they wrap."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    @abstractmethod
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """What the middleware does with one HTTP request; it calls `self.app` to pass it on."""
