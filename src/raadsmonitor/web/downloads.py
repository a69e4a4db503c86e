"""A report page's downloads (issue 20): the page's own address with `formaat=pdf` or `formaat=docx` added, so a
download holds whatever the page shows (year, kind, period, programme). The route builds the same document as for
the page and as `raadsmonitor report` does; reports.formats renders it."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request
from fastapi.responses import Response

from raadsmonitor.reports.content import Document
from raadsmonitor.reports.formats import MEDIA_TYPES, DocumentFormat, file_name, render

PARAMETER = "formaat"
DOWNLOADS: tuple[tuple[DocumentFormat, str], ...] = ((DocumentFormat.pdf, "PDF"),
                                                    (DocumentFormat.docx, "Word-document (DOCX)"))


@dataclass(frozen=True)
class Download:
    label: str
    href: str
    media_type: str


def requested_format(value: str | None) -> DocumentFormat | None:
    """The download asked for, None for the page itself; a clear 400 for anything else."""
    if value in (None, "", DocumentFormat.html.value):
        return None
    for formaat, _ in DOWNLOADS:
        if value == formaat.value:
            return formaat
    raise HTTPException(400, detail=f"formaat '{value}' bestaat niet; kies pdf of docx")


def download_links(request: Request) -> list[Download]:
    """The page's own path and query, with the format set (any earlier `formaat` replaced)."""
    links = []
    for formaat, label in DOWNLOADS:
        url = request.url.include_query_params(**{PARAMETER: formaat.value})
        links.append(Download(label, f"{url.path}?{url.query}", MEDIA_TYPES[formaat]))
    return links


def download(document: Document, formaat: DocumentFormat) -> Response:
    """The report as a file to save, with a file name from its title."""
    return Response(render(document, formaat), media_type=MEDIA_TYPES[formaat],
                    headers={"Content-Disposition": f'attachment; filename="{file_name(document, formaat)}"'})
