"""Pages shown at another day than today (issue 19, ?peildatum=): the notice 'Stand op ...' and the pages under it
have zero axe-core violations in Debian's Chromium, like every demo page."""

from __future__ import annotations

from datetime import date
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import Engine

from raadsmonitor.config.clock import FixedClock
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import _check

URLS = ("/voortgang?peildatum=2025-06-01", "/financien/paragraaf?peildatum=2025-06-01",
        "/financien/keuzen?peildatum=2023-06-01", "/signalen?peildatum=2025-03-01",
        "/voortgang/rapportage?peildatum=2025-06-01", "/vergelijking?peildatum=2024-01-01")


def test_pages_at_a_peildatum_have_zero_axe_violations(browser: Any, demo_engine: Engine) -> None:
    axe = Axe()
    app = create_app(demo_engine, DEMO_SETTINGS, clock=FixedClock.on(date(2026, 12, 6)))
    with LiveServer(app) as server:
        page = browser.new_context().new_page()
        problems = {}
        for url in URLS:
            response = page.goto(server.url + url)
            assert response is not None and response.status == 200, url
            assert page.locator(".rm-stand-op").inner_text().startswith("Stand op "), url
            if found := _check(page, axe):
                problems[url] = found
        page.context.close()
    assert problems == {}
