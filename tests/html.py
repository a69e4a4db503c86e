"""Reading pages as a person does: fetch, check it answered, parse."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient


def page(client: TestClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.text, "html.parser")


def text(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]
