"""Fixtures for the money tests: the demo's money tables (with what they refer to) in a store.

Only the tables the finance views read are loaded, so these tests do not depend on the rest of the
demo package."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from raadsmonitor.domain.records import Records
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.dataset import StoreRecords

FINANCIEN_TABLES = ("bronnen", "gebieden", "programmas", "leefgebieden", "themas", "doelen", "kpis", "organisaties",
                "interventies", "interventiepartners", "geldstromen", "geldstroombedragen", "begrotingsprogrammas",
                "kernthemas", "taakvelden", "begrotingskoppelingen", "toewijzingen")


@pytest.fixture
def financien_package(tmp_path: Path, demo_package: Path) -> Path:
    folder = tmp_path / "geld"
    folder.mkdir()
    for name in FINANCIEN_TABLES:
        shutil.copy(demo_package / f"{name}.csv", folder / f"{name}.csv")
    return folder


@pytest.fixture
def financien_engine(engine: Engine, financien_package: Path) -> Engine:
    report = import_package(engine, financien_package)
    assert report.written, [str(problem) for problem in report.problems]
    return engine


@pytest.fixture
def financien_records(financien_engine: Engine) -> Iterator[Records]:
    with financien_engine.connect() as connection:
        yield StoreRecords(connection)
