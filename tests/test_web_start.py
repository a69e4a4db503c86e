"""The start page, until the pages of the web issue replace it."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.importer import import_package
from raadsmonitor.web.app import create_app


def test_start_page_shows_the_programme_and_its_themes(engine: Engine, demo_package: Path) -> None:
    assert import_package(engine, demo_package).written
    response = TestClient(create_app(engine)).get("/")
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "Nationaal Programma Heerlen-Noord" in response.text
    for thema in ("Talentontwikkeling", "Werk en bestaanszekerheid", "Gezondheid en leefomgeving",
                  "Leefbaarheid en veiligheid"):
        assert thema in response.text


def test_start_page_on_an_empty_store_says_how_to_load_data(engine: Engine) -> None:
    response = TestClient(create_app(engine)).get("/")
    assert "Er zijn nog geen gegevens geladen" in response.text


def test_health_endpoint(engine: Engine) -> None:
    assert TestClient(create_app(engine)).get("/gezondheid").json() == {"status": "ok"}
