from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.importer import import_package
from raadsmonitor.web.app import create_app


@pytest.fixture
def client(engine: Engine, demo_package: Path) -> TestClient:
    report = import_package(engine, demo_package)
    assert report.written, [str(problem) for problem in report.problems]
    return TestClient(create_app(engine))


def page(client: TestClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.text, "html.parser")


def text(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]
