"""A live server with the demo data, and Debian's Chromium driven by Playwright.

Chromium comes from the Debian package (/usr/bin/chromium); `playwright install` is never used.
Where it is missing the browser tests skip, except under CI=true where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import Engine

from raadsmonitor.domain.access import Rol
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.database import open_store_engine
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.accounts import PASSWORD, account, add_accounts, forget_used_codes
from tests.conftest import skip_or_fail

CHROMIUM = os.environ.get("RAADSMONITOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class LiveServer:
    def __init__(self, app: object) -> None:
        self.app = app
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))  # type: ignore[arg-type]
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def demo_engine(tmp_path_factory: pytest.TempPathFactory, demo_package: Path) -> Engine:
    engine = open_store_engine(f"sqlite:///{tmp_path_factory.mktemp('live') / 'demo.sqlite'}")
    report = import_package(engine, demo_package)
    assert report.written, [str(problem) for problem in report.problems]
    return engine


@pytest.fixture(scope="session")
def totp_secrets(demo_engine: Engine) -> dict[str, str]:
    """An account per role on the demo store (the TOTP secrets of those that need one)."""
    return add_accounts(demo_engine)


@pytest.fixture(scope="session")
def live_server(demo_engine: Engine, totp_secrets: dict[str, str]) -> Iterator[LiveServer]:
    """The demo as `raadsmonitor demo` serves it: every page public, role-bound pages after sign-in."""
    with LiveServer(create_app(demo_engine, DEMO_SETTINGS)) as server:
        yield server


def sign_in(page: Any, server: LiveServer, rol: Rol, secrets: dict[str, str]) -> None:
    """Sign in through the pages, as a person does: name and password, then the code where needed."""
    import pyotp

    page.goto(server.url + "/aanmelden")
    page.get_by_label("Gebruikersnaam").fill(account(rol))
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    if account(rol) in secrets:
        forget_used_codes(server.app.state.engine)  # type: ignore[attr-defined]
        page.wait_for_url("**/aanmelden/code**")
        page.get_by_label("Code").fill(pyotp.TOTP(secrets[account(rol)]).now())
        page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_selector("text=Aangemeld als")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        skip_or_fail(f"Chromium niet gevonden op {CHROMIUM} (Debian-pakket chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright niet geïnstalleerd (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
