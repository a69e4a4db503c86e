"""PDF from the standalone HTML with WeasyPrint: selectable text, tagged as PDF/UA-1 (WeasyPrint
writes the structure tree for that variant), Dutch as the document language."""

from __future__ import annotations

import ctypes.util
import importlib
import io
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from types import ModuleType

from raadsmonitor.reports.content import Document
from raadsmonitor.reports.pdf_process import take as take_pdf_helper
from raadsmonitor.reports.render_html import render_html


@contextmanager
def _loader_names_only() -> Iterator[None]:
    """Without the search of `ctypes.util.find_library` while WeasyPrint opens Pango, HarfBuzz and fontconfig.

    WeasyPrint tries six spellings of each library's name (Linux, macOS and Windows ones). cffi hands every
    spelling the dynamic loader does not know to `find_library`, which on Linux runs `ldconfig -p`, then `gcc`,
    then `ld` for it: 22 searches and about 50 child processes, 0.2-0.4 s of the paragraaf PDF (issue 15).
    Each list also holds the Linux soname (libpango-1.0.so.0), which the loader opens itself, so on Linux the
    search adds nothing that loading by that name does not find."""
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


# The web server renders PDFs in several threads: one import at a time, so no thread takes another's stand-in
# for `find_library` as the original.
_IMPORTING = threading.Lock()


def import_with_loader_names(name: str) -> ModuleType:
    """Import `name` (WeasyPrint) trusting the loader's own names on Linux; if a library is not found that way,
    forget the half-imported package and import it again with the full search (and its own error message)."""
    if not sys.platform.startswith("linux"):
        return importlib.import_module(name)
    with _IMPORTING:
        if name in sys.modules:
            return importlib.import_module(name)
        try:
            # WeasyPrint prints an installation hint before it gives up; the second attempt prints it if it applies
            # (standard output is the process's, like find_library: only while the first PDF imports WeasyPrint)
            with _loader_names_only(), redirect_stdout(io.StringIO()):
                return importlib.import_module(name)
        except OSError:
            for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
                del sys.modules[module]
            return importlib.import_module(name)


def write_tagged_pdf(weasyprint: ModuleType, html: str) -> bytes:
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return bytes(pdf)


def render_pdf(document: Document) -> bytes:
    html = render_html(document)
    # the helper the command line started for a PDF (pdf_process.py), which has WeasyPrint loaded by now
    helper = take_pdf_helper()
    if helper is not None and (pdf := helper.render(html)) is not None:
        return pdf
    # imported here, not at the top: it needs the Pango system libraries, and only the PDF needs it
    return write_tagged_pdf(import_with_loader_names("weasyprint"), html)
