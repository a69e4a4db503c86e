"""Reading CBS's JSON over HTTP with a clear Dutch message for every way it can fail (issue 18).

- 404: `CbsNietGevonden` (the caller may then try the older OData v3 feed);
- 5xx: CBS has a fault: the status, the address, and "probeer het later opnieuw";
- a timeout, no connection, or an answer that is not JSON: each said as such.

Only https is read, except plain http on the loopback address (127.0.0.1, localhost, ::1), which is
where the tests serve recorded answers from a real local HTTP server. Pages are counted; once a
read takes longer than two seconds, a counted progress line goes to standard error per page.
"""

from __future__ import annotations

import json
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, TextIO

from raadsmonitor.sources.cbs import CbsError

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PROGRESS_AFTER_S = 2.0


class CbsNietGevonden(CbsError):
    """CBS answered 404: the table or collection is not there (on this API)."""


class Voortgangsregels:
    """Counted progress lines on standard error, only once the work has taken over two seconds."""

    def __init__(self, stream: TextIO | None = None, after: float = PROGRESS_AFTER_S) -> None:
        self.stream = stream
        self.after = after
        self.started = time.monotonic()

    def line(self, text: str) -> None:
        if time.monotonic() - self.started >= self.after:
            print(text, file=self.stream or sys.stderr, flush=True)


class CbsHttpClient:
    """`HttpClient` for CBS's OData v3 and v4 APIs: a timeout, Dutch errors, counted pages."""

    def __init__(self, timeout: float = 60, voortgang: Voortgangsregels | None = None) -> None:
        self.timeout = timeout
        self.voortgang = voortgang
        self.pages = 0

    def get_json(self, url: str) -> dict[str, Any]:
        parts = urllib.parse.urlsplit(url)
        if not (parts.scheme == "https" or parts.scheme == "http" and parts.hostname in LOOPBACK):
            raise CbsError(f"alleen https-adressen worden gelezen, niet {url}")
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url, headers={"Accept": "application/json", "User-Agent": "raadsmonitor"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 # nosec B310
                body = response.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                raise CbsNietGevonden(f"CBS kent {url} niet (404)") from error
            if error.code >= 500:
                raise CbsError(f"CBS heeft een storing: het antwoordde met {error.code} ({error.reason}) op {url}. "
                               "Probeer het later opnieuw.") from error
            raise CbsError(f"CBS weigerde het verzoek met {error.code} ({error.reason}): {url}") from error
        except TimeoutError as error:
            raise CbsError(f"CBS gaf binnen {self.timeout:g} seconden geen antwoord op {url}") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise CbsError(f"CBS gaf binnen {self.timeout:g} seconden geen antwoord op {url}") from error
            raise CbsError(f"CBS is niet bereikbaar ({error.reason}): {url}") from error
        except OSError as error:
            raise CbsError(f"de verbinding met CBS brak af ({error}): {url}") from error
        try:
            answer = json.loads(body)
        except ValueError as error:
            raise CbsError(f"CBS stuurde geen geldige JSON op {url}") from error
        if not isinstance(answer, dict):
            raise CbsError(f"CBS stuurde geen JSON-object op {url}")
        self.pages += 1
        if self.voortgang is not None:
            rows = len(answer.get("value", [])) if isinstance(answer.get("value"), list) else 0
            self.voortgang.line(f"CBS: {self.pages} pagina's gelezen (laatste pagina {rows} rijen)")
        return answer
