"""Issue 21 in Debian's Chromium: reading in a data package through the browser (a good and a bad workbook) and
single sign-on against a real OpenID Connect provider; zero axe-core violations on every new page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from raadsmonitor.domain.access import Rol
from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.services.accounts import sso
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.database import open_store_engine
from raadsmonitor.store.tables import table
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.accounts import add_accounts
from tests.browser.conftest import LiveServer, sign_in
from tests.browser.test_accessibility import _check
from tests.oidc_provider import RunningProvider, free_port, running_provider, sso_config


@pytest.fixture(scope="module")
def upload_site(tmp_path_factory: pytest.TempPathFactory, demo_package: Path) -> Iterator[tuple[LiveServer, dict]]:
    """The demo on a store of its own (the upload writes to it), with an account per role."""
    engine = open_store_engine(f"sqlite:///{tmp_path_factory.mktemp('upload') / 'demo.sqlite'}")
    assert import_package(engine, demo_package).written
    secrets = add_accounts(engine)
    with LiveServer(create_app(engine, DEMO_SETTINGS)) as server:
        yield server, secrets
    engine.dispose()


def _workbook(path: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        header = [column.name for column in TABLES_BY_NAME[name].columns]
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(column) or None for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_the_programme_bureau_reads_in_a_good_workbook_after_seeing_the_check(
        browser: Any, upload_site: tuple[LiveServer, dict], tmp_path: Path) -> None:
    server, secrets = upload_site
    good = _workbook(tmp_path / "nieuwe-bron.xlsx", {"bronnen": [
        {"id": "cbs-2024-test", "document": "CBS, Kerncijfers wijken en buurten 2024", "datum": "2024-07"}]})
    page = browser.new_context().new_page()
    sign_in(page, server, Rol.PROGRAMMABUREAU, secrets)
    page.goto(server.url + "/gegevenspakket")
    assert _check(page, Axe()) == []
    page.get_by_label("Bestand (.xlsx of .zip, hoogstens 50 MB)").set_input_files(str(good))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_selector("text=heeft geen problemen")
    row = page.locator("table tbody tr").first
    assert row.locator("th").inner_text() == "bronnen"
    assert [cell.inner_text() for cell in row.locator("td").all()] == ["1", "0", "0"]
    assert _check(page, Axe()) == []
    engine = server.app.state.engine  # type: ignore[attr-defined]
    assert _bron(engine, "cbs-2024-test") is None  # checked, not yet written
    page.get_by_role("button", name="Ja, inlezen").click()
    page.wait_for_selector("text=nieuwe-bron.xlsx is ingelezen")
    assert _check(page, Axe()) == []
    assert _bron(engine, "cbs-2024-test") == "CBS, Kerncijfers wijken en buurten 2024"
    page.context.close()


def _bron(engine: Any, bron_id: str) -> str | None:
    with engine.connect() as connection:
        bronnen = table("bronnen")
        return connection.execute(select(bronnen.c.document).where(bronnen.c.id == bron_id)).scalar()


def test_a_bad_workbook_shows_its_problems_in_a_table_and_offers_no_confirmation(
        browser: Any, upload_site: tuple[LiveServer, dict], tmp_path: Path) -> None:
    server, secrets = upload_site
    bad = _workbook(tmp_path / "fouten.xlsx", {"bronnen": [{"id": "zonder-document", "datum": "juli 2024"}]})
    page = browser.new_context().new_page()
    sign_in(page, server, Rol.GRIFFIE, secrets)
    page.goto(server.url + "/gegevenspakket")
    page.get_by_label("Bestand (.xlsx of .zip, hoogstens 50 MB)").set_input_files(str(bad))
    page.get_by_role("button", name="Controleren").click()
    alert = page.locator("[role=alert]")
    assert "fouten.xlsx heeft 2 problemen; er is niets opgeslagen" in alert.inner_text()
    rows = [[cell.inner_text() for cell in row.locator("td").all()] for row in page.locator("table tbody tr").all()]
    assert [row[:3] for row in rows] == [["bronnen", "2", "document"], ["bronnen", "2", "datum"]]
    assert page.get_by_role("button", name="Ja, inlezen").count() == 0
    assert _check(page, Axe()) == []
    assert _bron(server.app.state.engine, "zonder-document") is None  # type: ignore[attr-defined]
    page.context.close()


@pytest.fixture(scope="module")
def provider() -> Iterator[RunningProvider]:
    with running_provider() as started:
        yield started


def _sso_server(engine: Any, config_text: str, tmp_path: Path) -> LiveServer:
    path = tmp_path / "sso.toml"
    path.write_text(config_text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(sso.ENV_CONFIG, str(path))
        app = create_app(engine, DEMO_SETTINGS)
    return LiveServer(app)


def test_single_sign_on_in_chromium_from_the_sign_in_page_to_the_provider_and_back(
        browser: Any, upload_site: tuple[LiveServer, dict], provider: RunningProvider, tmp_path: Path) -> None:
    engine = upload_site[0].app.state.engine  # type: ignore[attr-defined]
    provider.set_user("griffier-browser", {"preferred_username": "g.browser", "name": "Greet Browser",
                                           "groups": ["rm-griffie"], "amr": ["pwd", "mfa"]})
    with _sso_server(engine, sso_config(provider.url), tmp_path) as server:
        page = browser.new_context().new_page()
        page.goto(server.url + "/aanmelden?volgende=/gegevenspakket")
        assert _check(page, Axe()) == []
        page.get_by_role("link", name="Aanmelden met uw account van de gemeente Heerlen").click()
        page.wait_for_url(provider.url + "/oauth2/authorize**")
        page.locator("input[name=sub]").fill("griffier-browser")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(server.url + "/gegevenspakket")
        assert "Aangemeld als" in page.locator("header").inner_text()
        assert page.locator("h1").inner_text() == "Gegevenspakket inlezen"
        page.get_by_role("button", name="Afmelden").click()
        page.wait_for_url(provider.url + "/oauth2/end_session**")  # the form-action policy let it through
        page.goto(server.url + "/gegevenspakket")
        page.wait_for_url(server.url + "/aanmelden?volgende=%2Fgegevenspakket")
        page.context.close()


def test_an_unreachable_provider_page_has_zero_axe_violations(
        browser: Any, upload_site: tuple[LiveServer, dict], tmp_path: Path) -> None:
    engine = upload_site[0].app.state.engine  # type: ignore[attr-defined]
    with _sso_server(engine, sso_config(f"http://127.0.0.1:{free_port()}", wachttijd=2), tmp_path) as server:
        page = browser.new_context().new_page()
        page.goto(server.url + "/aanmelden")
        page.get_by_role("link", name="Aanmelden met uw account van de gemeente Heerlen").click()
        alert = page.locator("[role=alert]")
        assert "De aanmeldvoorziening van uw organisatie is nu niet bereikbaar" in alert.inner_text()
        assert _check(page, Axe()) == []
        page.context.close()
