"""A real HTTP server on 127.0.0.1 that serves the recorded answers in tests/fixtures/cbs (issue 18).

Paths follow CBS: `/odata/v1/CBS/<table>/<collection>` (OData v4) and `/ODataApi/odata/<table>/<collection>`
(OData v3) map to `v4/<table>/<collection>.json` and `v3/<table>/<collection>.json` under `root` (the
constructed answers in tests/fixtures/cbs, or the recorded ones in tests/fixtures/cbs-recorded); `$skiptoken=N` in the
query picks `<collection>-N.json`. `{base}` in a fixture becomes the server's own address, so next-page
links lead back here. A path without a fixture answers 404, as CBS does. A test can make a path answer
with another status (`faults`), or with a status only the next few times (`passing`),
hang longer than the client waits (`delays`), or answer something else
(`answers`). Every request is remembered in `asked`.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cbs"
ROOTS = {"/odata/v1/CBS/": "v4", "/ODataApi/odata/": "v3"}


@dataclass
class FixtureServer:
    root: Path = FIXTURES
    base: str = ""
    asked: list[str] = field(default_factory=list)
    faults: dict[str, int] = field(default_factory=dict)  # path suffix -> status
    delays: dict[str, float] = field(default_factory=dict)  # path suffix -> seconds before answering
    answers: dict[str, Any] = field(default_factory=dict)  # path suffix -> JSON to answer instead
    passing: dict[str, list[int]] = field(default_factory=dict)  # path suffix -> statuses of its next answers

    def fixture(self, path: str, query: str) -> Path | None:
        for root, folder in ROOTS.items():
            if path.startswith(root):
                name = path.removeprefix(root)
                token = urllib.parse.parse_qs(query).get("$skiptoken", [""])[0]
                return self.root / folder / (f"{name}-{token}.json" if token else f"{name}.json")
        return None

    def answer(self, raw_path: str) -> tuple[int, bytes]:
        self.asked.append(raw_path)
        path, _, query = raw_path.partition("?")
        path = urllib.parse.unquote(path)
        for suffix, seconds in self.delays.items():
            if path.endswith(suffix):
                time.sleep(seconds)
        for suffix, statuses in self.passing.items():
            if path.endswith(suffix) and statuses:
                return statuses.pop(0), b'{"error": "passing fault"}'
        for suffix, status in self.faults.items():
            if path.endswith(suffix):
                return status, b'{"error": "recorded fault"}'
        for suffix, body in self.answers.items():
            if path.endswith(suffix):
                return 200, json.dumps(body).encode()
        fixture = self.fixture(path, query)
        if fixture is None or not fixture.is_file() or ".." in path:
            return 404, b'{"error": {"code": "404", "message": "Resource not found"}}'
        return 200, fixture.read_text(encoding="utf-8").replace("{base}", self.base).encode()


@contextmanager
def serving(root: Path = FIXTURES) -> Iterator[FixtureServer]:
    """The server on a free port of 127.0.0.1; `root` holds `v3/` and `v4/` (default tests/fixtures/cbs)."""
    state = FixtureServer(root=root)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            status, body = state.answer(self.path)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (timeout test)
                pass

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
