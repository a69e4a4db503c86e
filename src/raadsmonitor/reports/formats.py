"""One entry point for every format a report is written in."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from enum import StrEnum

from raadsmonitor.reports.content import Document
from raadsmonitor.reports.render_html import render_html
from raadsmonitor.reports.render_text import render_markdown


class DocumentFormat(StrEnum):
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


RENDERERS: dict[DocumentFormat, Callable[[Document], bytes]] = {
    DocumentFormat.html: lambda document: render_html(document).encode("utf-8"),
    DocumentFormat.md: lambda document: render_markdown(document).encode("utf-8"),
    DocumentFormat.pdf: _pdf,
    DocumentFormat.docx: _docx,
}


def render(document: Document, formaat: DocumentFormat) -> bytes:
    return RENDERERS[formaat](document)


MEDIA_TYPES: dict[DocumentFormat, str] = {
    DocumentFormat.html: "text/html; charset=utf-8",
    DocumentFormat.md: "text/markdown; charset=utf-8",
    DocumentFormat.pdf: "application/pdf",
    DocumentFormat.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def file_name(document: Document, formaat: DocumentFormat) -> str:
    """A file name from the report's own title and subtitle, in lower case without accents or spaces:
    'Paragraaf Heerlen-Noord', 'Begroting 2024' -> paragraaf-heerlen-noord-begroting-2024.pdf."""
    text = unicodedata.normalize("NFKD", f"{document.title} {document.subtitle}")
    slug = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode("ascii").lower()).strip("-")
    return f"{slug or 'rapport'}.{formaat.value}"
