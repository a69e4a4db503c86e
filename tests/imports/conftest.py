"""Fixtures of the import tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from raadsmonitor.store.database import make_engine


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A fresh, migrated, empty SQLite store, for what only SQLite does in a first import (its journal, its
    statements); PostgreSQL's import is COPY, with its own log and its own deferred key."""
    path = tmp_path / "store.sqlite"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()
