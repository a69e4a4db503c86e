"""A real HTTP server on 127.0.0.1 that answers like OpenBesluitvorming's export, from tests/fixtures.

Each route is (source, cursor) -> (status, body file or text, next cursor, has more, delay in seconds);
the server records what was asked, so a test can check the paging.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "openbesluitvorming"


@dataclass
class Answer:
    body: str = ""
    status: int = 200
    next_cursor: str | None = None
    has_more: bool = False
    delay: float = 0.0
    content_type: str = "application/x-ndjson"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@dataclass
class Routes:
    answers: dict[tuple[str, str | None], Answer] = field(default_factory=dict)
    asked: list[dict[str, str]] = field(default_factory=list)


def _handler(routes: Routes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            routes.asked.append({"path": parts.path, **query})
            answer = routes.answers.get((query.get("source", ""), query.get("cursor")))
            if parts.path != "/api/export/snapshot" or answer is None:
                answer = Answer('{"error": "Onbekende bron"}', status=404, content_type="application/json")
            if answer.delay:
                time.sleep(answer.delay)
            body = answer.body.encode("utf-8")
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("X-Has-More", "true" if answer.has_more else "false")
                if answer.next_cursor is not None:
                    self.send_header("X-Next-Cursor", answer.next_cursor)
                self.send_header("X-Changes-Cursor", "0")
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
                pass

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
            return

    return Handler


@contextmanager
def serve(routes: Routes) -> Iterator[str]:
    """Serve the routes on a free port of 127.0.0.1; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def heerlen(second_page: str = "heerlen_snapshot_2.ndjson") -> Routes:
    """Two pages of the Heerlen export, the second reached with the cursor the first one gives."""
    last_of_first = "meeting:ibabs:gemeente:heerlen:m-2021-11-22"
    return Routes({("heerlen", None): Answer(fixture("heerlen_snapshot_1.ndjson"), next_cursor=last_of_first,
                                             has_more=True),
                   ("heerlen", last_of_first): Answer(fixture(second_page), next_cursor="recording-end")})
