"""Fixtures: every test that touches a store runs on SQLite and on PostgreSQL.

PostgreSQL is taken from RAADSMONITOR_TEST_POSTGRES_URL (default: the local server's database
`test`). Each test gets its own fresh database, copied from a migrated template made once per run.
Where PostgreSQL cannot be reached the PostgreSQL variants are skipped, except under CI=true, where
a missing service is a failure: CI must never pass by skipping.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from raadsmonitor.store.database import make_engine, migrate

POSTGRES_URL = os.environ.get("RAADSMONITOR_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# Tests that make their own application read the pages as a resident of the demo does: every page
# published (as `raadsmonitor demo`). tests/trust gives its applications their settings explicitly.
os.environ.setdefault("RAADSMONITOR_PUBLIEKE_PAGINAS", "*")


def skip_or_fail(reason: str) -> None:
    """Skip locally when a service or tool is missing; fail under CI=true."""
    if IN_CI:
        pytest.fail(f"CI=true, maar {reason}", pytrace=False)
    pytest.skip(reason)


class PostgresDatabases:
    """Creates a migrated template database once, then one copy per test."""

    def __init__(self, admin_url: str) -> None:
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.prefix = f"rm_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.template: str | None = None
        self.created: list[str] = []

    def _url(self, name: str) -> str:
        return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    def new(self) -> str:
        if self.template is None:
            self.template = f"{self.prefix}_template"
            with self.admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{self.template}"'))
            self.created.append(self.template)
            engine = make_engine(self._url(self.template))
            migrate(engine)
            engine.dispose()
        name = f"{self.prefix}_{len(self.created)}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        self.created.append(name)
        return self._url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.created.remove(name)  # type: ignore[arg-type]

    def close(self) -> None:
        with self.admin.connect() as connection:
            for name in reversed(self.created):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases | None]:
    try:
        databases = PostgresDatabases(POSTGRES_URL)
        with databases.admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # no server, wrong URL, no driver
        databases = None
        reason = f"PostgreSQL niet bereikbaar op {make_url(POSTGRES_URL).render_as_string()}: {error}"
        os.environ["RAADSMONITOR_POSTGRES_UNAVAILABLE"] = reason[:500]
    yield databases
    if databases is not None:
        databases.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """A URL to a fresh, migrated, empty store: once SQLite, once PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "store.sqlite"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    databases: PostgresDatabases | None = request.getfixturevalue("postgres_databases")
    if databases is None:
        skip_or_fail(os.environ.get("RAADSMONITOR_POSTGRES_UNAVAILABLE", "PostgreSQL niet bereikbaar"))
        return
    url = databases.new()
    yield url
    databases.drop(url)


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    engine = make_engine(store_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def demo_package() -> Path:
    from raadsmonitor.demo import DEMO_PACKAGE

    return DEMO_PACKAGE


@pytest.fixture
def demo_store(engine: Engine, demo_package: Path) -> Engine:
    """The store loaded with the Heerlen-Noord demo."""
    from raadsmonitor.services.datapackage.importer import import_package

    report = import_package(engine, demo_package)
    assert report.written, [str(problem) for problem in report.problems]
    return engine


@pytest.fixture
def client(demo_store: Engine) -> Iterator[object]:
    """The web application on a store loaded with the Heerlen-Noord demo, every page published read-only to
    anonymous visitors as `raadsmonitor demo` does (tests/trust covers sign-in and roles)."""
    from fastapi.testclient import TestClient

    from raadsmonitor.web.app import create_app
    from raadsmonitor.web.auth import DEMO_SETTINGS

    yield TestClient(create_app(demo_store, DEMO_SETTINGS))
