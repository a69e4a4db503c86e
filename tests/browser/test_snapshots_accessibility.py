"""Issue 9: the changes page and the progress report page with real changes in them: zero axe violations.

The shared browser test sees these pages on the plain demo (no reporting moment yet); here the demo has two
moments and an edit between them, so the tables of changes are on the page too."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

from raadsmonitor.importer import import_package
from raadsmonitor.moments import take_snapshot
from raadsmonitor.store.database import open_store_engine
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import WCAG_TAGS, _violations

URLS = ["/wijzigingen?van=2023-06-30&tot=2023-12-31", "/wijzigingen", "/voortgang/rapportage?periode=2023",
        "/voortgang/rapportage?periode=2023-H1"]


def _engine_with_changes(tmp_path: Path, demo_package: Path) -> Any:
    engine = open_store_engine(f"sqlite:///{tmp_path / 'wijzigingen.sqlite'}")
    assert import_package(engine, demo_package).written
    take_snapshot(engine, date(2023, 6, 30), "Eerste halfjaar 2023", datetime(2023, 7, 1, tzinfo=UTC))
    folder = tmp_path / "wijziging"
    folder.mkdir()
    (folder / "doelen.csv").write_text(
        "id,programma,thema,soort,omschrijving,volgorde,bron\n"
        "er-fysieke-leefomgeving,nplv,,er-doel,Het zichtbaar verbeteren van de fysieke leefomgeving,1,rk2023-par2-1\n",
        encoding="utf-8")
    assert import_package(engine, folder).written
    take_snapshot(engine, date(2023, 12, 31), None, datetime(2024, 1, 2, tzinfo=UTC))
    return engine


def test_pages_with_changes_have_zero_axe_violations(browser: Any, tmp_path: Path, demo_package: Path) -> None:
    engine = _engine_with_changes(tmp_path, demo_package)
    problems: dict[str, list[str]] = {}
    with LiveServer(create_app(engine, DEMO_SETTINGS)) as server:
        context = browser.new_context()
        page = context.new_page()
        for url in URLS:
            response = page.goto(server.url + url)
            assert response is not None and response.status == 200, url
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                               "resultTypes": ["violations"]}).response
            if results["violations"]:
                problems[url] = _violations(results)
        assert "Het zichtbaar verbeteren van de fysieke leefomgeving" in page.goto(server.url + URLS[0]).text()
        context.close()
    engine.dispose()
    assert problems == {}
