"""Issue 9: the changes page and the progress report page with real changes in them: zero axe violations; issue 20:
the peilmoment form in each of its states, and the report pages with their downloads.

The shared browser test sees these pages on the plain demo (no reporting moment yet); here the demo has two
moments and an edit between them, so the tables of changes are on the page too."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

from raadsmonitor.domain.access import Rol
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.services.moments import take_peilmoment
from raadsmonitor.store.database import open_store_engine
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.accounts import add_accounts
from tests.browser.conftest import LiveServer, sign_in
from tests.browser.test_accessibility import WCAG_TAGS, _violations

URLS = ["/wijzigingen?van=2023-06-30&tot=2023-12-31", "/wijzigingen", "/voortgang/rapportage?periode=2023",
        "/voortgang/rapportage?periode=2023-H1"]


def _engine_with_changes(tmp_path: Path, demo_package: Path) -> Any:
    engine = open_store_engine(f"sqlite:///{tmp_path / 'wijzigingen.sqlite'}")
    assert import_package(engine, demo_package).written
    take_peilmoment(engine, date(2023, 6, 30), "Eerste halfjaar 2023", datetime(2023, 7, 1, tzinfo=UTC))
    folder = tmp_path / "wijziging"
    folder.mkdir()
    (folder / "doelen.csv").write_text(
        "id,programma,thema,soort,omschrijving,volgorde,bron\n"
        "er-fysieke-leefomgeving,nplv,,er-doel,Het zichtbaar verbeteren van de fysieke leefomgeving,1,rk2023-par2-1\n",
        encoding="utf-8")
    assert import_package(engine, folder).written
    take_peilmoment(engine, date(2023, 12, 31), None, datetime(2024, 1, 2, tzinfo=UTC))
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


def test_the_peilmoment_form_with_an_error_a_refusal_and_a_success_has_zero_axe_violations(
        browser: Any, tmp_path: Path, demo_package: Path) -> None:
    """Issue 20: the griffie takes a peilmoment on /wijzigingen; every state of the form checked by axe, and the
    error summary leads to the field."""
    engine = open_store_engine(f"sqlite:///{tmp_path / 'peilmoment.sqlite'}")
    assert import_package(engine, demo_package).written
    secrets = add_accounts(engine)
    problems: dict[str, list[str]] = {}

    def check(state: str) -> None:
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                           "resultTypes": ["violations"]}).response
        if results["violations"]:
            problems[state] = _violations(results)

    with LiveServer(create_app(engine, DEMO_SETTINGS)) as server:
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, server, Rol.GRIFFIE, secrets)
        page.goto(server.url + "/wijzigingen")
        check("formulier")
        page.get_by_label("Peildatum").fill("31-12-2023")
        page.get_by_role("button", name="Peilmoment vastleggen").click()
        summary = page.locator(".rm-error-summary")
        assert "'31-12-2023' is geen datum" in summary.inner_text()
        check("fout in de datum")
        summary.locator("a[href='#peilmoment-peildatum']").click()
        assert page.evaluate("document.activeElement.id") == "peilmoment-peildatum"
        page.get_by_label("Peildatum").fill("2023-12-31")
        page.get_by_label("Naam (niet verplicht)").fill("Jaar 2023")
        page.get_by_role("button", name="Peilmoment vastleggen").click()
        assert page.locator(".rm-notice").inner_text() == "Peilmoment op 31 december 2023 (Jaar 2023) vastgelegd."
        check("vastgelegd")
        page.get_by_label("Peildatum").fill("2023-12-31")
        page.get_by_role("button", name="Peilmoment vastleggen").click()
        assert "wordt nooit overschreven" in page.locator(".rm-error-summary").inner_text()
        check("al vastgelegd")
        for url in ("/financien/paragraaf?jaar=2024", "/voortgang/rapportage?periode=2023"):
            page.goto(server.url + url)
            assert page.locator(".rm-downloads a").count() == 2
            check(url)
        context.close()
    engine.dispose()
    assert problems == {}
