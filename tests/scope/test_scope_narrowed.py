"""A programme's view reads only the rows it shows from a large table (issue 15), and shows the same as when it
reads the table whole. The demo's tables are small, so the threshold is lowered to make every table 'large'."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from raadsmonitor.analysis.programme import scope
from raadsmonitor.analysis.programme.scope import SCOPED_TABLES, ProgrammeRecords
from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.domain.money import GeldstroomBedrag
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.dataset import StoreRecords
from tests.scope.arnhem import PROGRAMMA, write_arnhem_package


class WholeTables:
    """The store's records, noting which tables were read whole."""

    def __init__(self, records: StoreRecords) -> None:
        self.records = records
        self.whole: list[type] = []

    def all(self, entity: type) -> list[Any]:
        self.whole.append(entity)
        return self.records.all(entity)

    def get(self, entity: type, key: str) -> Any:
        return self.records.get(entity, key)

    def where(self, entity: type, *, limit: int | None = None, offset: int = 0, **equals: object) -> list[Any]:
        return self.records.where(entity, limit=limit, offset=offset, **equals)

    def count_by(self, entity: type, column: str, **equals: object) -> dict[Any, int]:
        return self.records.count_by(entity, column, **equals)


@pytest.fixture
def both(engine: Engine, demo_package: Path, tmp_path: Path) -> Engine:
    for package in (demo_package, write_arnhem_package(tmp_path / "arnhem-oost", demo_package)):
        assert import_package(engine, package).written
    return engine


def test_a_large_table_is_read_only_for_the_rows_the_programme_shows(both: Engine,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scope, "NARROW_FROM", 0, raising=False)
    with both.connect() as connection:
        store = WholeTables(StoreRecords(connection))
        arnhem = ProgrammeRecords(store, PROGRAMMA)
        assert [b.geldstroom for b in arnhem.all(GeldstroomBedrag)] == ["ao-ministerie"]
        assert [b.geldstroom for b in arnhem.where(GeldstroomBedrag)] == ["ao-ministerie"]
        assert GeldstroomBedrag not in store.whole
        assert len(store.records.all(GeldstroomBedrag)) > 1  # the other programme's amounts are in the store


@pytest.mark.parametrize("programma", ["nphln", PROGRAMMA])
def test_read_in_part_or_whole_the_view_shows_the_same(both: Engine, monkeypatch: pytest.MonkeyPatch,
                                                         programma: str) -> None:
    def view(threshold: int) -> dict[str, tuple[Any, ...]]:
        monkeypatch.setattr(scope, "NARROW_FROM", threshold, raising=False)
        with both.connect() as connection:
            records = ProgrammeRecords(StoreRecords(connection), programma)
            return {name: (records.all(TABLES_BY_NAME[name].entity), records.where(TABLES_BY_NAME[name].entity),
                           records.hidden_keys(name) if TABLES_BY_NAME[name].key == ("id",) else None)
                    for name in sorted(SCOPED_TABLES)}

    in_part, whole = view(0), view(10**9)
    assert in_part == whole
    assert any(shown for shown, _, _ in whole.values()) and any(hidden for _, _, hidden in whole.values())
