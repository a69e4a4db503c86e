"""The size limit of a browser upload (issue 21), enforced before the form is read.

The pages' guard reads every POST's form for its CSRF token, so an upload is parsed before its route
runs; this layer refuses a body over the limit first (by Content-Length, and by counting what arrives
for a body sent without one), with a Dutch page, so nothing of it is kept.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from raadsmonitor.services.datapackage import upload

UPLOAD_PATHS = ("/gegevenspakket",)
MARGIN = 64 * 1024  # the form's other fields and its boundaries


def _page(limit: int) -> bytes:
    return ("<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Bestand te groot - raadsmonitor"
            "</title><link rel=\"stylesheet\" href=\"/static/raadsmonitor.css\"></head><body><main id=\"inhoud\">"
            "<h1>Bestand te groot</h1><p>Het bestand is groter dan " + upload.megabytes(limit) + "; dat is te groot "
            "voor een upload. Er is niets opgeslagen. Lees zo'n groot pakket in met <code>raadsmonitor import</code>."
            "</p><p><a href=\"/gegevenspakket\">Terug naar inlezen</a></p></main></body></html>").encode()


class UploadLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def _refuse(self, send: Send, limit: int) -> None:
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"connection", b"close"),
                                (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'"),
                                (b"x-content-type-options", b"nosniff")]})
        await send({"type": "http.response.body", "body": _page(limit)})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in UPLOAD_PATHS:
            await self.app(scope, receive, send)
            return
        limit = upload.max_upload_bytes()
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit + MARGIN:
            await self._refuse(send, limit)
            return
        if declared.isdigit():
            await self.app(scope, self._capped(receive, int(declared)), send)
            return
        # No Content-Length (a chunked body; browsers always send one): read it first, up to the limit.
        messages: list[Message] = []
        received = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            received += len(message.get("body", b""))
            if received > limit + MARGIN:
                await self._refuse(send, limit)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    @staticmethod
    def _capped(receive: Receive, declared: int) -> Receive:
        """Never more body than Content-Length said (the server enforces it too)."""
        received = [0]

        async def capped() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                received[0] += len(message.get("body", b""))
                if received[0] > declared:
                    return {"type": "http.disconnect"}
            return message

        return capped
