"""Issue 20 in a browser: two focus areas in one store. The reader chooses a programme, stays in it while
following the menu, switches to the other, and axe finds no violation on the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.database import open_store_engine
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import WCAG_TAGS, _violations
from tests.scope.arnhem import write_arnhem_package

PAGES = ["/", "/voortgang", "/financien", "/financien/paragraaf", "/informatie", "/voortgang/rapportage?periode=2023"]


def _axe(page: Any) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]}).response
    return _violations(results) if results["violations"] else []


def test_the_programme_choice_works_and_stays_accessible(browser: Any, tmp_path: Path, demo_package: Path) -> None:
    engine = open_store_engine(f"sqlite:///{tmp_path / 'twee.sqlite'}")
    for package in (demo_package, write_arnhem_package(tmp_path / "arnhem-oost", demo_package)):
        assert import_package(engine, package).written
    problems: dict[str, list[str]] = {}
    with LiveServer(create_app(engine, DEMO_SETTINGS)) as server:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + "/")
        assert page.locator("main h1").inner_text() == "Kies een programma"
        problems["/"] = _axe(page)
        page.get_by_role("link", name="Programma Arnhem-Oost").click()
        assert page.url == server.url + "/programma/npao/"
        assert page.locator("main h1").inner_text() == "Programma Arnhem-Oost (PAO)"
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Financiën").click()
        assert page.url == server.url + "/programma/npao/financien"
        assert "€ 81.100.000" in page.locator("main").inner_text()
        page.get_by_role("navigation", name="Programma").get_by_role(
            "link", name="Nationaal Programma Heerlen-Noord").click()
        assert page.url == server.url + "/programma/nphln/financien"
        assert "€ 73.549.309" in page.locator("main").inner_text()
        for programma in ("nphln", "npao"):
            for path in PAGES:
                url = f"/programma/{programma}{path}"
                response = page.goto(server.url + url)
                assert response is not None and response.status == 200, url
                if found := _axe(page):
                    problems[url] = found
        context.close()
    engine.dispose()
    assert {url: found for url, found in problems.items() if found} == {}
