"""/metrics in the Prometheus text format (issue 21), off unless RAADSMONITOR_METRICS=ja.

Counted in this process: requests by method and status, their duration (a histogram), data packages
read in through the browser by result, and failed sign-ins (password, code, single sign-on). The
counters live in the process that served the request: with `serve --workers N` each worker counts
its own and a scrape reaches one of them, so every series carries the worker's process id (`proces`);
sum over it in Prometheus. With RAADSMONITOR_METRICS_TOKEN set, /metrics asks for that Bearer token.
"""

from __future__ import annotations

import hmac
import os
import threading
import time
from collections import Counter

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from raadsmonitor.config import settings

ENV_METRICS = settings.variable_of("metrics")
ENV_TOKEN = settings.variable_of("metrics_token")
PATH = "/metrics"
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SIGN_IN_PATHS = ("/aanmelden", "/aanmelden/code")

_lock = threading.Lock()
_requests: Counter[tuple[str, str]] = Counter()
_buckets: Counter[float] = Counter()
_duration = [0.0, 0]  # sum of seconds, count
_imports: Counter[str] = Counter()
_sign_in_failures: Counter[str] = Counter()


def enabled() -> bool:
    return settings.current().metrics


def count_import(resultaat: str) -> None:
    with _lock:
        _imports[resultaat] += 1


def count_sign_in_failure(soort: str) -> None:
    with _lock:
        _sign_in_failures[soort] += 1


def observe(method: str, status: int, seconds: float) -> None:
    with _lock:
        _requests[(method, str(status))] += 1
        _duration[0] += seconds
        _duration[1] += 1
        for bound in BUCKETS:
            if seconds <= bound:
                _buckets[bound] += 1


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def exposition() -> str:
    """Every series in the text format (version 0.0.4)."""
    proces = f'proces="{os.getpid()}"'
    lines = ["# HELP raadsmonitor_http_requests_total Verzoeken aan de monitor, per methode en status.",
             "# TYPE raadsmonitor_http_requests_total counter"]
    with _lock:
        for (method, status), count in sorted(_requests.items()):
            lines.append(f'raadsmonitor_http_requests_total{{{proces},methode="{_label(method)}",status="{status}"}} '
                         f"{count}")
        lines += ["# HELP raadsmonitor_http_request_duration_seconds Hoe lang een verzoek duurde.",
                  "# TYPE raadsmonitor_http_request_duration_seconds histogram"]
        for bound in BUCKETS:
            lines.append(f'raadsmonitor_http_request_duration_seconds_bucket{{{proces},le="{bound}"}} '
                         f"{_buckets[bound]}")
        lines.append(f'raadsmonitor_http_request_duration_seconds_bucket{{{proces},le="+Inf"}} {_duration[1]}')
        lines.append(f"raadsmonitor_http_request_duration_seconds_sum{{{proces}}} {_duration[0]:.6f}")
        lines.append(f"raadsmonitor_http_request_duration_seconds_count{{{proces}}} {_duration[1]}")
        lines += ["# HELP raadsmonitor_imports_total Gegevenspakketten ingelezen via de browser, per resultaat.",
                  "# TYPE raadsmonitor_imports_total counter"]
        for resultaat in sorted({"ingelezen", "geweigerd", *_imports}):
            lines.append(f'raadsmonitor_imports_total{{{proces},resultaat="{_label(resultaat)}"}} '
                         f"{_imports[resultaat]}")
        lines += ["# HELP raadsmonitor_sign_in_failures_total Mislukte aanmeldingen, per soort.",
                  "# TYPE raadsmonitor_sign_in_failures_total counter"]
        for soort in sorted({"wachtwoord", "code", "sso", *_sign_in_failures}):
            lines.append(f'raadsmonitor_sign_in_failures_total{{{proces},soort="{_label(soort)}"}} '
                         f"{_sign_in_failures[soort]}")
    return "\n".join(lines) + "\n"


class Metrics:
    """Plain ASGI: times every request and answers /metrics itself (outside the pages' sign-in guard)."""

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token if token is not None else settings.current().metrics_token

    async def _answer(self, scope: Scope, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        sent = headers.get(b"authorization", b"").decode("latin-1")
        if self.token and not hmac.compare_digest(sent.encode(), f"Bearer {self.token}".encode()):
            status, body, kind = 401, b"Bearer-token vereist\n", b"text/plain; charset=utf-8"
        else:
            status, body, kind = 200, exposition().encode(), b"text/plain; version=0.0.4; charset=utf-8"
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", kind), (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == PATH:
            await self._answer(scope, send)
            return
        start, status = time.perf_counter(), [500]

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            observe(scope["method"], status[0], time.perf_counter() - start)
            if scope["method"] == "POST" and scope["path"] in SIGN_IN_PATHS and status[0] >= 400:
                count_sign_in_failure("code" if scope["path"].endswith("/code") else "wachtwoord")
