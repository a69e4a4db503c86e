"""One HTTP client for every outside source (issue 18): CBS (OData v3 and v4) and OpenBesluitvorming.

`HttpSource` reads one address with a timeout and says every way it can fail in Dutch, naming the source:

- 404 (or 410): `SourceNotFoundError` (CBS then tries the older OData v3 feed; OpenBesluitvorming asks
  whether the municipality exists);
- 429: "vraagt om minder verzoeken"; 5xx: the source has a fault, the status, the address, and
  "Probeer het later opnieuw."; other 4xx: the request was refused;
- no answer within the timeout, no connection, a broken connection: each said as such;
- with `get_json`, an answer that is not a JSON object.

A read that fails with a 5xx, a timeout or a broken connection is tried again (`retries`, default once,
after `retry_wait` seconds); a 4xx never. Only https is read, and plain http only on this machine
(127.0.0.1, localhost, ::1), where the tests serve recorded answers from a real local HTTP server.

Pages are counted: once the work has taken over two seconds, `Voortgangsregels` writes a counted
progress line to standard error per page. Per-source errors derive from `SourceError` (`CbsError`,
`ObvError`), so that a command can catch one kind for every source.
"""

from __future__ import annotations

import json
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, TextIO

from raadsmonitor.presentation.formatting import aantal

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PROGRESS_AFTER_S = 2.0


class SourceError(Exception):
    """An outside source could not be read, or answered something unusable (Dutch message)."""


class SourceNotFoundError(SourceError):
    """The source answered 404 (or 410): what was asked for is not there."""


class Voortgangsregels:
    """Counted progress lines on standard error, only once the work has taken over two seconds."""

    def __init__(self, stream: TextIO | None = None, after: float = PROGRESS_AFTER_S) -> None:
        self.stream = stream
        self.after = after
        self.started = time.monotonic()

    def due(self) -> bool:
        return time.monotonic() - self.started >= self.after

    def line(self, text: str) -> None:
        if self.due():
            print(text, file=self.stream or sys.stderr, flush=True)


@dataclass(frozen=True)
class Antwoord:
    """One answer: its body and its headers (names in lower case)."""

    url: str
    body: bytes
    headers: dict[str, str]


class _Retry(Exception):
    def __init__(self, error: SourceError) -> None:
        super().__init__(str(error))
        self.error = error


class HttpSource:
    """Reads one outside source over HTTP(S): a timeout, a retry for passing faults, Dutch errors, pages counted.

    `naam` is how messages name the source ("CBS", "OpenBesluitvorming"); `error` and `not_found` are the
    exception classes of that source (subclasses of `SourceError` and `SourceNotFoundError`); `hint_404` is
    added to the message of a 404."""

    def __init__(self, naam: str, *, timeout: float = 60, accept: str = "application/json",
                 error: type[SourceError] = SourceError, not_found: type[SourceError] = SourceNotFoundError,
                 hint_404: str = "", retries: int = 1, retry_wait: float = 1.0,
                 voortgang: Voortgangsregels | None = None) -> None:
        self.naam = naam
        self.timeout = timeout
        self.accept = accept
        self.error = error
        self.not_found = not_found
        self.hint_404 = hint_404
        self.retries = retries
        self.retry_wait = retry_wait
        self.voortgang = voortgang
        self.pages = 0

    def check_address(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        if not (parts.scheme == "https" or parts.scheme == "http" and parts.hostname in LOOPBACK):
            raise self.error(f"alleen https-adressen worden gelezen, niet {url}")

    def get(self, url: str) -> Antwoord:
        """The answer at `url`, tried again after a passing fault; raises the source's error otherwise."""
        self.check_address(url)
        attempt = 0
        while True:
            try:
                answer = self._get_once(url)
            except _Retry as retry:
                if attempt >= self.retries:
                    raise retry.error from retry.error.__cause__
                attempt += 1
                time.sleep(self.retry_wait)
                continue
            self.pages += 1
            return answer

    def get_json(self, url: str) -> dict[str, Any]:
        """A JSON object at `url`; a counted progress line per page once the work takes over two seconds."""
        answer = self.get(url)
        try:
            body = json.loads(answer.body)
        except ValueError as error:
            raise self.error(f"{self.naam} stuurde geen geldige JSON op {url}") from error
        if not isinstance(body, dict):
            raise self.error(f"{self.naam} stuurde geen JSON-object op {url}")
        if self.voortgang is not None:
            rows = len(body["value"]) if isinstance(body.get("value"), list) else 0
            pages, last = aantal(self.pages, "pagina", "pagina's"), aantal(rows, "rij", "rijen")
            self.voortgang.line(f"{self.naam}: {pages} gelezen (laatste pagina {last})")
        return body

    def _get_once(self, url: str) -> Antwoord:
        request = urllib.request.Request(  # noqa: S310 - https or loopback only, checked by get()
            url, headers={"Accept": self.accept, "User-Agent": "raadsmonitor"})
        naam = self.naam
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 # nosec B310
                body = response.read()
                headers = {name.lower(): value for name, value in response.headers.items()}
        except urllib.error.HTTPError as error:
            code, reason = error.code, error.reason
            if code in (404, 410):
                hint = f"; {self.hint_404}" if self.hint_404 else ""
                raise self.not_found(f"{naam} antwoordde met {code} op {url}{hint}") from error
            if code == 429:
                raise self.error(f"{naam} vraagt om minder verzoeken (429) op {url}; "
                                 "probeer het over een minuut opnieuw") from error
            if code >= 500:
                fault = self.error(f"{naam} heeft een storing: het antwoordde met {code} ({reason}) op {url}. "
                                   "Probeer het later opnieuw.")
                fault.__cause__ = error
                raise _Retry(fault) from error
            raise self.error(f"{naam} weigerde het verzoek met {code} ({reason}): {url}") from error
        except TimeoutError as error:
            raise _Retry(self._timeout(url, error)) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise _Retry(self._timeout(url, error)) from error
            raise self.error(f"{naam} is niet bereikbaar ({error.reason}): {url}") from error
        except OSError as error:
            broken = self.error(f"de verbinding met {naam} brak af ({error}): {url}")
            broken.__cause__ = error
            raise _Retry(broken) from error
        return Antwoord(url, body, headers)

    def _timeout(self, url: str, cause: BaseException) -> SourceError:
        error = self.error(f"{self.naam} gaf binnen {self.timeout:g} seconden geen antwoord op {url}")
        error.__cause__ = cause
        return error
