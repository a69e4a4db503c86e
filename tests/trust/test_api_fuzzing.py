"""Schemathesis against /api/openapi.json with a real token: no server error, and every answer (status,
content type, headers, body) is what the document promises. On both stores: PostgreSQL refuses more
than SQLite (NUL characters, numbers out of range), so a missing check shows up there as a 500."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine

from raadsmonitor.demo import DEMO_PACKAGE
from raadsmonitor.domain.access import Rol
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.database import make_engine, write_transaction
from raadsmonitor.store.users import add_api_token, add_user
from raadsmonitor.web.api import openapi_document
from raadsmonitor.web.app import create_app
from tests.conftest import PostgresDatabases, skip_or_fail
from tests.trust.api_support import BEHEER, PASSWORD

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
CONFIG = SchemathesisConfig.from_dict({"base-url": "http://testserver", "phases": {"coverage": {"enabled": False}},
                                     "generation": {"max-examples": 3}})


def _fuzz_store_url(request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    if request.param == "sqlite":
        path = folder / "fuzz.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    databases: PostgresDatabases | None = request.getfixturevalue("postgres_databases")
    if databases is None:
        skip_or_fail("PostgreSQL niet bereikbaar")
        return
    url = databases.new()
    yield url
    databases.drop(url)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fuzz_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One store with the demo per store kind for all operations: the fuzzer's writes may pile up in it."""
    for url in _fuzz_store_url(request, tmp_path_factory.mktemp("fuzz")):
        engine = make_engine(url)
        assert import_package(engine, DEMO_PACKAGE).written
        yield engine
        engine.dispose()


@pytest.fixture(scope="module")
def fuzz_token(fuzz_engine: Engine) -> str:
    """The programme bureau writes most tables, so most write paths get past the role check."""
    with write_transaction(fuzz_engine) as connection:
        add_user(connection, BEHEER, naam="fuzzer", rol=Rol.PROGRAMMABUREAU, wachtwoord=PASSWORD)
        return add_api_token(connection, BEHEER, "fuzzer", "schemathesis")[1]


# The document the application serves at /api/openapi.json (test_api_document.py checks it is the same);
# each store's application is called in-process (ASGI) through fuzz_app.
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)


@pytest.fixture(scope="module")
def fuzz_app(fuzz_engine: Engine) -> FastAPI:
    return create_app(fuzz_engine)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_of_the_api_is_as_its_openapi_document_says(case: Any, fuzz_token: str, fuzz_app: FastAPI) -> None:
    case.call_and_validate(app=fuzz_app, headers={"Authorization": f"Bearer {fuzz_token}"}, checks=CHECKS)
