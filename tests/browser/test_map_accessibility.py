"""Issue 18: the buurt map with real shapes on it: zero axe violations, nothing from another origin, and the
value of every buurt readable as text in the drawing. (The shared browser test sees the map page on the plain
demo, which has no boundaries.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import Axe

from raadsmonitor.store.database import open_store_engine
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import WCAG_TAGS, _violations
from tests.progress.map_store import fill_map_store

URLS = ["/voortgang/kaart?indicator=inwoners&gebied=GM0917",
        "/voortgang/kaart?indicator=bijstand-personen&gebied=GM0917", "/voortgang/kaart?gebied=heerlen-noord"]


def test_the_map_page_has_zero_axe_violations_and_only_its_own_origin(
        browser: Any, tmp_path: Path, demo_package: Path) -> None:
    engine = open_store_engine(f"sqlite:///{tmp_path / 'kaart.sqlite'}")
    fill_map_store(engine, demo_package, tmp_path)
    problems: dict[str, list[str]] = {}
    foreign: list[str] = []
    with LiveServer(create_app(engine, DEMO_SETTINGS)) as server:
        page = browser.new_context().new_page()
        page.on("request", lambda request: foreign.append(request.url)
                if urlparse(request.url).netloc != urlparse(server.url).netloc else None)
        for url in URLS:
            response = page.goto(server.url + url)
            assert response is not None and response.status == 200, url
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                               "resultTypes": ["violations"]}).response
            if results["violations"]:
                problems[url] = _violations(results)
        page.goto(server.url + URLS[0])
        values = page.locator("svg.rm-kaart text.rm-kaart-waarde").all_text_contents()
    assert problems == {}
    assert foreign == []
    assert values == ["1.495", "2.210"]
