"""Issue 20: the paragraaf and the voortgangsrapportage download as PDF and DOCX from their own pages; the links
are the page's own address with the format added, so they keep what the page shows."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from tests.conftest import skip_or_fail

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGES = ["/financien/paragraaf?jaar=2024&soort=jaarstukken&programma=nphln", "/voortgang/rapportage?periode=2023-H1"]


def _page(client: TestClient, url: str) -> tuple[str, dict[str, str]]:
    """The report's title (the page's heading before the colon) and its download links by media type."""
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.h1 is not None
    title = soup.h1.get_text().split(":")[0].strip()
    links = {str(a["type"]): str(a["href"]) for a in soup.select(".rm-downloads a[download]")}
    return title, links


def _pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext niet gevonden (Debian-pakket poppler-utils)")
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def _file_name(response: object) -> str:
    disposition = response.headers["content-disposition"]  # type: ignore[attr-defined]
    found = re.fullmatch(r'attachment; filename="([a-z0-9-]+\.(pdf|docx))"', disposition)
    assert found is not None, disposition
    return found.group(1)


@pytest.mark.parametrize("url", PAGES)
def test_the_links_are_the_pages_own_address_with_the_format(client: TestClient, url: str) -> None:
    _, links = _page(client, url)
    assert links == {PDF: f"{url}&formaat=pdf", DOCX: f"{url}&formaat=docx"}
    # Opened from a download address (or with any earlier format), the page's links still name one format each.
    _, again = _page(client, f"{url}&formaat=html")
    assert again == links


@pytest.mark.parametrize("url", PAGES)
def test_the_pdf_download_is_the_report_of_the_page(client: TestClient, url: str) -> None:
    title, links = _page(client, url)
    response = client.get(links[PDF])
    assert response.status_code == 200
    assert response.headers["content-type"] == PDF
    assert response.content.startswith(b"%PDF")
    name = _file_name(response)
    assert name.endswith(".pdf") and name.startswith(title.lower().split()[0] + "-")
    text = " ".join(_pdf_text(response.content).split())
    assert title in text
    period = "Jaarstukken 2024" if "paragraaf" in url else "Eerste halfjaar 2023"
    assert period.lower() in text.lower() and name.removesuffix(".pdf").endswith(
        period.lower().replace(" ", "-"))


@pytest.mark.parametrize("url", PAGES)
def test_the_docx_download_opens_in_word_with_the_reports_title_and_sections(client: TestClient, url: str) -> None:
    from docx import Document as WordDocument

    title, links = _page(client, url)
    soup = BeautifulSoup(client.get(url).text, "html.parser")
    sections = [a.get_text() for a in soup.select("main nav[aria-label^='Inhoud'] a")]
    response = client.get(links[DOCX])
    assert response.status_code == 200
    assert response.headers["content-type"] == DOCX
    assert _file_name(response).endswith(".docx")
    word = WordDocument(BytesIO(response.content))
    headings = [p.text for p in word.paragraphs
                if p.style is not None and str(p.style.name).startswith(("Heading", "Title"))]
    assert headings[0] == title
    assert sections and all(section in headings for section in sections)


def test_an_unknown_format_is_a_dutch_400(client: TestClient) -> None:
    response = client.get("/financien/paragraaf?formaat=xls")
    assert response.status_code == 400
    assert "Formaat 'xls' bestaat niet; kies pdf of docx." in BeautifulSoup(response.text, "html.parser").get_text()
