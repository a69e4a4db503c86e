"""A monitor with one account per role, and clients that sign in through the real sign-in pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyotp
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.config.clock import FixedClock
from raadsmonitor.domain.access import Rol
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store import users
from raadsmonitor.store.database import open_store_engine
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import WebSettings
from tests.accounts import PARTNER_ORGANISATIE, PASSWORD, ROLES, account, add_accounts, forget_used_codes
from tests.packages import BRON, mini, write_csv_package


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes() -> Iterator[None]:
    """argon2id with small cost parameters, so that a test signing in a dozen times stays quick; the
    production parameters are argon2-cffi's defaults (RFC 9106), which tests/trust/test_accounts.py sees."""
    original = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    users._hasher = original


@dataclass
class Clock(FixedClock):
    """A clock the tests move by hand: sessions expire and throttling windows pass without waiting."""

    moment: datetime = field(default_factory=lambda: datetime(2026, 11, 28, 9, 0, tzinfo=UTC))


@dataclass
class Site:
    engine: Engine
    secrets: dict[str, str]

    def client(self, settings: WebSettings | None = None, clock: Clock | None = None,
               base_url: str = "http://testserver") -> TestClient:
        app = create_app(self.engine, settings or WebSettings())
        if clock is not None:
            app.state.clock = clock
        return TestClient(app, base_url=base_url)

    def signed_in(self, rol: Rol | None, settings: WebSettings | None = None, clock: Clock | None = None
                  ) -> TestClient:
        client = self.client(settings, clock)
        if rol is not None:
            forget_used_codes(self.engine)
            sign_in(client, account(rol), self.secrets.get(account(rol)), clock)
        return client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, "geen CSRF-token in het formulier"
    return found.group(1)


def sign_in(client: TestClient, naam: str, secret: str | None = None, clock: Clock | None = None,
            password: str = PASSWORD) -> None:
    token = csrf_of(client.get("/aanmelden").text)
    response = client.post("/aanmelden", data={"naam": naam, "wachtwoord": password, "csrf": token},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    if secret is None:
        return
    assert response.headers["location"].startswith("/aanmelden/code")
    token = csrf_of(client.get("/aanmelden/code").text)
    moment = clock.now() if clock is not None else datetime.now(UTC)
    response = client.post("/aanmelden/code", data={"code": pyotp.TOTP(secret).at(moment), "csrf": token},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory, demo_package: Path) -> Iterator[Site]:
    """The demo with an account per role, on SQLite, shared by a module's read-only tests."""
    engine = open_store_engine(f"sqlite:///{tmp_path_factory.mktemp('trust') / 'site.sqlite'}")
    assert import_package(engine, demo_package).written
    yield Site(engine, add_accounts(engine))
    engine.dispose()


@pytest.fixture(scope="module")
def role_clients(demo_site: Site) -> dict[Rol | None, TestClient]:
    """A signed-in client per role (and an anonymous one), shared by a module's read-only tests."""
    return {rol: demo_site.signed_in(rol) for rol in [*ROLES, None]}


@pytest.fixture
def site(engine: Engine, tmp_path: Path) -> Site:
    """A small programme with an account per role, once on SQLite and once on PostgreSQL, for tests that write."""
    package = mini()
    package["organisaties"] = [{"id": PARTNER_ORGANISATIE, "naam": "Gemeente Heerlen", "bron": BRON}]
    package["geldstromen"][0]["verstrekker"] = PARTNER_ORGANISATIE
    assert import_package(engine, write_csv_package(tmp_path / "pakket", package)).written
    return Site(engine, add_accounts(engine))
