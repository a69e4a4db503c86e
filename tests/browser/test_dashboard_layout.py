"""The dashboard and the wide pages in Debian's Chromium at desktop and phone width (issue 16): the six tiles
above the fold on a desktop, no sideways scrolling of the page itself, header words never cut, wide tables in
named scroll regions a keyboard can reach, zero axe violations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_accessibility import _check

PAGES = ("/", "/voortgang/trends", "/financien", "/informatie")
WIDTHS = (1280, 390)
HEIGHT = 800


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def screen(request: pytest.FixtureRequest, browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": request.param, "height": HEIGHT})
    yield context.new_page()
    context.close()


def test_the_six_tiles_are_above_the_fold_on_a_desktop(browser: Any, live_server: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": HEIGHT})
    page = context.new_page()
    page.goto(live_server.url + "/")
    tiles = page.locator(".rm-tile")
    assert tiles.count() == 6
    for index in range(6):
        figure = tiles.nth(index).locator(".rm-tile__figure").bounding_box()
        heading = tiles.nth(index).locator("h2").bounding_box()
        assert figure is not None and heading is not None
        assert heading["y"] >= 0 and figure["y"] + figure["height"] <= HEIGHT, index
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scrolling_of_the_page_and_zero_axe_violations(screen: Any, live_server: Any, path: str) -> None:
    response = screen.goto(live_server.url + path)
    assert response is not None and response.status == 200
    width = screen.evaluate("window.innerWidth")
    assert screen.evaluate("document.documentElement.scrollWidth") <= width, path
    assert screen.evaluate("document.body.scrollWidth") <= width, path
    cut = screen.evaluate("""[...document.querySelectorAll('thead th')]
        .filter(th => th.scrollWidth > th.clientWidth + 1).map(th => th.textContent.trim())""")
    assert cut == [], path
    assert _check(screen, Axe()) == [], path


def test_a_wide_register_scrolls_in_its_own_region_with_a_visible_cue_on_a_phone(browser: Any,
                                                                                 live_server: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": HEIGHT})
    page = context.new_page()
    page.goto(live_server.url + "/informatie")
    region = page.get_by_role("region", name="Register")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # the table is wider than the phone
    assert page.locator("#register-schuiven").is_visible()
    region.focus()
    assert region.evaluate("el => el === document.activeElement")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    scrolled = 0
    for _ in range(40):  # the page's CSP forbids wait_for_function's eval: ask until the scroll has happened
        scrolled = region.evaluate("el => el.scrollLeft")
        if scrolled:
            break
        page.wait_for_timeout(50)
    assert scrolled > 0  # the keyboard scrolls the region
    context.close()


@pytest.mark.parametrize("path, blocks", [("/", ".rm-tile"), ("/voortgang/trends", ".rm-multiple")])
def test_tiles_and_charts_print_whole_on_a4(browser: Any, live_server: Any, path: str, blocks: str) -> None:
    """Printed on A4 (794 px wide at 96 dpi): nothing sticks out sideways, no tile or chart is split over two
    pages, the menus stay off paper; Chromium makes the PDF."""
    context = browser.new_context(viewport={"width": 794, "height": 1123})
    page = context.new_page()
    page.goto(live_server.url + path)
    page.emulate_media(media="print")
    assert page.evaluate("document.documentElement.scrollWidth") <= 794
    assert page.locator(".rm-nav").is_hidden()
    avoid = page.evaluate(f"""[...document.querySelectorAll('{blocks}')]
        .map(el => getComputedStyle(el).breakInside)""")
    assert avoid and set(avoid) == {"avoid"}
    assert page.pdf(format="A4").startswith(b"%PDF")
    context.close()
