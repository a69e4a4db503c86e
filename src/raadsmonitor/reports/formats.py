"""One entry point for every format a report is written in."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from raadsmonitor.reports.content import Document
from raadsmonitor.reports.render_html import render_html
from raadsmonitor.reports.render_text import render_markdown


class Formaat(StrEnum):
    html = "html"
    pdf = "pdf"
    docx = "docx"
    md = "md"


def _pdf(document: Document) -> bytes:
    from raadsmonitor.reports.render_pdf import render_pdf

    return render_pdf(document)


def _docx(document: Document) -> bytes:
    from raadsmonitor.reports.render_docx import render_docx

    return render_docx(document)


RENDERERS: dict[Formaat, Callable[[Document], bytes]] = {
    Formaat.html: lambda document: render_html(document).encode("utf-8"),
    Formaat.md: lambda document: render_markdown(document).encode("utf-8"),
    Formaat.pdf: _pdf,
    Formaat.docx: _docx,
}


def render(document: Document, formaat: Formaat) -> bytes:
    return RENDERERS[formaat](document)
