"""Every page in a real browser: zero axe-core violations (WCAG 2.1 A and AA), nothing from another
origin, usable with the keyboard alone."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from raadsmonitor.domain.access import Rol
from raadsmonitor.web.app import create_app
from tests.browser.conftest import sign_in
from tests.browser.pages import PARAMETERS, page_routes, page_urls, role_for

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_every_route_with_parameters_has_a_source_of_values(demo_engine: Any) -> None:
    routes = [path for path in page_routes(create_app(demo_engine)) if "{" in path]
    assert sorted(routes) == sorted(PARAMETERS)


def _violations(results: dict[str, Any]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
            for v in results["violations"]]


def _check(page: Any, axe: Axe) -> list[str]:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                     "resultTypes": ["violations"]}).response
    return _violations(results)


def test_every_page_has_zero_axe_violations_and_loads_only_its_own_origin(
        browser: Any, live_server: Any, demo_engine: Any, totp_secrets: dict[str, str]) -> None:
    """Public pages as an anonymous resident; the audit trail, accounts and forms as the role that opens them."""
    urls = page_urls(create_app(demo_engine), demo_engine)
    assert len(urls) > 10
    axe = Axe()
    problems: dict[str, list[str]] = {}
    foreign: list[str] = []
    pages: dict[Rol | None, Any] = {}
    for url in urls:
        rol = role_for(url)
        if rol not in pages:
            pages[rol] = browser.new_context().new_page()
            pages[rol].on("request", lambda request: foreign.append(request.url)
                          if urlparse(request.url).netloc not in (urlparse(live_server.url).netloc, "") else None)
            if rol is not None:
                sign_in(pages[rol], live_server, rol, totp_secrets)
        response = pages[rol].goto(live_server.url + url)
        assert response is not None and response.status == 200, (url, rol)
        if found := _check(pages[rol], axe):
            problems[url] = found
    for page in pages.values():
        page.context.close()
    assert problems == {}
    assert foreign == []
    assert set(pages) == {None, Rol.REKENKAMER, Rol.BEHEERDER, Rol.GRIFFIE, Rol.PROGRAMMABUREAU}


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


def test_sign_in_with_a_wrong_password_and_the_code_step_have_zero_axe_violations(
        browser: Any, live_server: Any, totp_secrets: dict[str, str]) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/aanmelden")
    assert _check(page, Axe()) == []
    page.get_by_label("Gebruikersnaam").fill("programmabureau-test")
    page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    page.get_by_role("button", name="Aanmelden").click()
    assert page.locator("[role=alert]").inner_text() == "De naam of het wachtwoord is onjuist."
    assert _check(page, Axe()) == []
    page.get_by_label("Gebruikersnaam").fill("programmabureau-test")
    page.get_by_label("Wachtwoord").fill("lang-genoeg-wachtwoord")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/aanmelden/code**")
    assert _check(page, Axe()) == []
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Aanmelden").click()
    assert "De code is onjuist" in page.locator("[role=alert]").inner_text()
    assert _check(page, Axe()) == []
    context.close()


def test_a_form_with_errors_has_zero_axe_violations_and_leads_to_each_field(
        browser: Any, live_server: Any, totp_secrets: dict[str, str]) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, Rol.PROGRAMMABUREAU, totp_secrets)
    page.goto(live_server.url + "/registers/geldstromen/nieuw")
    page.locator("#veld-totaalbedrag").fill("4.637.084,00")
    page.get_by_role("button", name="Toevoegen").click()
    summary = page.locator(".rm-error-summary")
    assert "Er is niets opgeslagen" in summary.inner_text()
    assert _check(page, Axe()) == []
    summary.locator("a[href='#veld-totaalbedrag']").click()
    assert page.evaluate("document.activeElement.id") == "veld-totaalbedrag"
    context.close()
