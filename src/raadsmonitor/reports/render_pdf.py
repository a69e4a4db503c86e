"""PDF from the standalone HTML with WeasyPrint: selectable text, tagged as PDF/UA-1 (WeasyPrint
writes the structure tree for that variant), Dutch as the document language."""

from __future__ import annotations

from raadsmonitor.reports.content import Document
from raadsmonitor.reports.render_html import render_html


def render_pdf(document: Document) -> bytes:
    from weasyprint import HTML  # imported here: it needs the Pango system libraries

    pdf = HTML(string=render_html(document)).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return pdf
