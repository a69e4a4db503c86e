"""WeasyPrint made ready in a second process while the command line reads the store (issue 15).

Of the paragraaf PDF's 1.6 s CPU at national size, `raadsmonitor report ... --format pdf` spent 0.3 s importing
WeasyPrint and about 0.1 s of its layout warming it up (fontconfig, Pango's fonts, cffi's C types), and 0.7 s
importing Typer, SQLAlchemy and the monitor and reading the store. The two do not depend on each other, so the
command forks a helper first thing: the helper imports WeasyPrint and lays out a small page in the report's
style sheet while the command itself loads and builds the report; then the command hands the helper the HTML
and gets the PDF back. On a machine with a free core the import and the warm-up cost no wall time; on a busy
machine the two processes take turns and the helper adds about 0.1 s CPU (a second process, its own exit).
With one core, on other systems than Linux (no `fork`), for other commands and in tests that call the command
in-process nothing is started and the PDF is rendered in-process as before. When the helper fails in any way
the PDF is rendered in-process after all, so an error reads as it always did.

Only the standard library is imported here: this module loads before anything else of the command line."""

from __future__ import annotations

import atexit
import gc
import os
import select
import signal
import struct
import sys
from collections.abc import Sequence

_HEADER = struct.Struct("!cQ")  # a status byte and the length of what follows
_OK, _FAILED = b"+", b"-"
_REPORT_COMMANDS = ("paragraaf", "raadsvoorstel", "voortgang")


def is_report(argv: Sequence[str]) -> bool:
    """Whether the arguments (without the program name) ask for one of the `raadsmonitor report ...` commands."""
    return len(argv) >= 2 and argv[0] == "report" and argv[1] in _REPORT_COMMANDS


def wants_pdf(argv: Sequence[str]) -> bool:
    """Whether the arguments (without the program name) ask `raadsmonitor report ...` for a PDF."""
    if not is_report(argv):
        return False
    pairs = zip(argv, argv[1:], strict=False)
    return any(a == "--format" and b == "pdf" for a, b in pairs) or "--format=pdf" in argv


def _read_exactly(fd: int, size: int) -> bytes:
    parts, left = [], size
    while left:
        part = os.read(fd, min(left, 1 << 20))
        if not part:
            raise EOFError
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _send(fd: int, status: bytes, data: bytes) -> None:
    _write_all(fd, _HEADER.pack(status, len(data)) + data)


def _receive(fd: int) -> tuple[bytes, bytes]:
    status, size = _HEADER.unpack(_read_exactly(fd, _HEADER.size))
    return status, _read_exactly(fd, size)


def _warm_up(weasyprint: object) -> None:
    """Lay out a small page with the report's style sheet: loads the fonts and parses the C types WeasyPrint
    needs for every document (about a sixth of the paragraaf's layout)."""
    from raadsmonitor.reports.render_html import STYLE

    html = ('<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>t</title>'
            f'<style>{STYLE}</style></head><body><main><h1>t</h1><p><strong>t</strong></p><section><h2>t</h2>'
            '<table><caption>t</caption><thead><tr><th scope="col">t</th></tr></thead><tbody><tr><th scope="row">t'
            '</th><td class="rm-number">1</td></tr></tbody></table><figure><svg xmlns="http://www.w3.org/2000/svg" '
            'viewBox="0 0 9 9"><text x="1" y="5">t</text></svg><figcaption>t</figcaption></figure></section>'
            "</main></body></html>")
    weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[attr-defined]


def _serve(requests: int, replies: int) -> None:
    """The helper: import and warm up WeasyPrint, then render the one HTML document it is sent."""
    try:
        from raadsmonitor.reports.render_pdf import import_with_loader_names, write_tagged_pdf

        weasyprint = import_with_loader_names("weasyprint")
        if not select.select([requests], [], [], 0)[0]:  # only while the command is not ready yet: on a busy
            _warm_up(weasyprint)  # machine the warm-up would only add its own time to the PDF's
        ready = True
    except Exception:  # noqa: BLE001 - the command renders in-process then, and reports the error itself
        ready = False
    try:
        _, html = _receive(requests)
    except EOFError:  # the command ended without a PDF (an error, or a report it could not build)
        return
    if not ready:
        _send(replies, _FAILED, b"")
        return
    try:
        pdf = write_tagged_pdf(weasyprint, html.decode("utf-8"))
    except Exception:  # noqa: BLE001 - as above
        _send(replies, _FAILED, b"")
        return
    _send(replies, _OK, pdf)


class PdfHelper:
    """The forked helper, seen from the command: `render` hands it the HTML and returns the PDF, or None."""

    def __init__(self, pid: int, requests: int, replies: int) -> None:
        self.pid, self._requests, self._replies = pid, requests, replies
        self._done = False

    def render(self, html: str) -> bytes | None:
        if self._done:
            return None
        try:
            _send(self._requests, _OK, html.encode("utf-8"))
            status, pdf = _receive(self._replies)
        except (OSError, EOFError):
            status, pdf = _FAILED, b""
        self.close()
        return pdf if status == _OK else None

    def close(self) -> None:
        """Let the helper go (it stops at once when it waits for HTML) and wait for it: no process outlives
        the command, and none keeps its standard streams open."""
        if self._done:
            return
        self._done = True
        for fd in (self._requests, self._replies):
            os.close(fd)
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


_HELPER: PdfHelper | None = None


def start() -> PdfHelper | None:
    """Fork the helper (see the module's text); None where `fork` is not available or it fails."""
    global _HELPER
    if not sys.platform.startswith("linux") or _HELPER is not None:
        return None
    if len(os.sched_getaffinity(0)) < 2:  # one core: the two would take turns, and the helper costs ~0.1 s CPU
        return None
    requests_read, requests_write = os.pipe()
    replies_read, replies_write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (requests_read, requests_write, replies_read, replies_write):
            os.close(fd)
        return None
    if pid == 0:  # the helper: never returns into the command line
        status = 1
        # It renders one document and ends: the cyclic collector's passes over WeasyPrint's objects were 10-15 %
        # of the paragraaf's render (0.05-0.07 of 0.45-0.5 s CPU, issue 15), for 3 MB of garbage the end frees.
        gc.disable()
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the command, which stops the helper
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.close(requests_write)
            os.close(replies_read)
            _serve(requests_read, replies_write)
            status = 0
        finally:
            os._exit(status)
    os.close(requests_read)
    os.close(replies_write)
    _HELPER = PdfHelper(pid, requests_write, replies_read)
    atexit.register(_HELPER.close)
    return _HELPER


def start_for_command(argv: Sequence[str]) -> PdfHelper | None:
    """For a report: turn the cyclic garbage collector off (below), and start the helper when it is asked for as PDF.

    A report command is one short pass over a part of the store; its collections walked the objects of every
    module it imports, again and again, for cycles it hardly makes: 0.05-0.1 s of the paragraaf's 0.6 s CPU before
    its HTML is ready, 0.5 s of the voortgang's 2 s, with the same peak memory without them (national package,
    issue 15). The process ends right after (cli._end_quickly), and the helper starts with the collector off too."""
    if not is_report(argv):
        return None
    gc.disable()
    return start() if wants_pdf(argv) else None


def take() -> PdfHelper | None:
    """The helper started for this command, once: the first PDF it renders is the command's."""
    global _HELPER
    helper, _HELPER = _HELPER, None
    return helper
