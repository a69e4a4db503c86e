"""Every page in a real browser: zero axe-core violations (WCAG 2.1 A and AA), nothing from another
origin, usable with the keyboard alone."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from raadsmonitor.web.app import create_app
from tests.browser.pages import PARAMETERS, page_routes, page_urls

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_every_route_with_parameters_has_a_source_of_values(demo_engine: Any) -> None:
    routes = [path for path in page_routes(create_app(demo_engine)) if "{" in path]
    assert sorted(routes) == sorted(PARAMETERS)


def _violations(results: dict[str, Any]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
            for v in results["violations"]]


def test_every_page_has_zero_axe_violations_and_loads_only_its_own_origin(
        browser: Any, live_server: Any, demo_engine: Any) -> None:
    urls = page_urls(create_app(demo_engine), demo_engine)
    assert len(urls) > 10
    axe = Axe()
    problems: dict[str, list[str]] = {}
    foreign: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    page.on("request", lambda request: foreign.append(request.url)
            if urlparse(request.url).netloc not in (urlparse(live_server.url).netloc, "") else None)
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, url
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                         "resultTypes": ["violations"]}).response
        if results["violations"]:
            problems[url] = _violations(results)
    context.close()
    assert problems == {}
    assert foreign == []


@pytest.mark.parametrize("width", [360, 1280])
def test_keyboard_user_reaches_the_content_with_a_visible_focus(browser: Any, live_server: Any, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/themas")
    page.keyboard.press("Tab")
    skip_link = page.locator("a.rm-skiplink")
    assert skip_link.evaluate("el => el === document.activeElement")
    assert skip_link.is_visible()
    assert skip_link.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.wait_for_url("**#inhoud")  # the jump is asynchronous; this fails when it does not happen
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    focus_ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus_ring == "solid"
    context.close()
