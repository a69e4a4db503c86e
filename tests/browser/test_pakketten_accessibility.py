"""The money pages with a package, its parts and several funders (issue 20, test package Arnhem-Oost):
zero axe-core violations in Debian's Chromium, like every demo page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.database import open_store_engine
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import _check

ARNHEM_OOST = Path(__file__).parent.parent / "finance" / "data" / "arnhem-oost"
URLS = ("/financien", "/financien/paragraaf?jaar=2025", "/financien/keuzen?jaar=2025",
        "/financien/stromen/ao-cofinanciering", "/financien/stromen/ao-pakket")


def test_package_and_funder_tables_have_zero_axe_violations(browser: Any, tmp_path: Path) -> None:
    engine = open_store_engine(f"sqlite:///{tmp_path / 'arnhem-oost.sqlite'}")
    assert import_package(engine, ARNHEM_OOST).written
    axe = Axe()
    with LiveServer(create_app(engine, DEMO_SETTINGS)) as server:
        page = browser.new_context().new_page()
        problems = {}
        for url in URLS:
            response = page.goto(server.url + url)
            assert response is not None and response.status == 200, url
            assert page.locator("table").count() > 0, url
            if found := _check(page, axe):
                problems[url] = found
        page.context.close()
    engine.dispose()
    assert problems == {}
