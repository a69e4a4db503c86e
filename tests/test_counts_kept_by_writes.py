"""Issue 15: the waarnemingen per source and those with a value per indicator are counted by every write
(store/tallies.py, the table aantallen), so no page counts millions of rows after an import. Each write path is
checked against a fresh count."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, func, select, text

from raadsmonitor.analysis.progress.views import comparable_indicators, values_per_indicator
from raadsmonitor.analysis.sources import source_usage, usage_of
from raadsmonitor.domain.access import Principal, Rol
from raadsmonitor.domain.audit import AuditContext, Kanaal
from raadsmonitor.domain.catalogue import TABLES
from raadsmonitor.domain.indicators import Waarneming
from raadsmonitor.domain.records import KNOWN, MemoryRecords
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.services.writes import delete_record, get_record, save_record
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.store.tables import table
from tests.packages import BRON, mini, write_csv_package

OTHER = "rk2023-ander"
PRINCIPAL = Principal(gebruiker="controller", rol=Rol.PROGRAMMABUREAU)
CONTEXT = AuditContext(actor="gebruiker:controller", herkomst=Kanaal.WEB)


def fresh(engine: Engine) -> dict[str, int]:
    """The waarnemingen per source, counted now (GROUP BY), past the repository."""
    rows = table("waarnemingen")
    with engine.connect() as connection:
        found = connection.execute(select(rows.c.bron, func.count()).group_by(rows.c.bron))
        return {bron: count for bron, count in found}


def fresh_values(engine: Engine) -> dict[str, int]:
    """The waarnemingen with a value per indicator, counted now."""
    rows = table("waarnemingen")
    with engine.connect() as connection:
        found = connection.execute(select(rows.c.indicator, func.count()).where(rows.c.waarde.is_not(None))
                                   .group_by(rows.c.indicator))
        return {indicator: count for indicator, count in found}


def kept(engine: Engine, telling: str = "bron") -> dict[str, int]:
    """The counts the writes keep."""
    with engine.connect() as connection:
        found = connection.execute(text(
            "SELECT waarde, aantal FROM aantallen WHERE tabel = 'waarnemingen' AND telling = :telling "
            "AND aantal <> 0"), {"telling": telling})
        return {value: count for value, count in found}


def assert_counts_agree(engine: Engine) -> None:
    assert kept(engine) == fresh(engine)
    assert kept(engine, "indicator met waarde") == fresh_values(engine)
    records = StoreRecords(engine)
    assert records.count_by(Waarneming, "bron") == fresh(engine)
    assert records.count_by(Waarneming, "indicator", waarde=KNOWN) == fresh_values(engine)
    memory = MemoryRecords(record for spec in TABLES for record in StoreRecords(engine).all(spec.entity))
    assert source_usage(records) == source_usage(memory)  # what the sources page shows
    for bron in (BRON, OTHER):
        assert usage_of(records, bron) == usage_of(memory, bron)
    # The comparison page's choices and the kernindicatoren's counts
    assert comparable_indicators(records) == comparable_indicators(memory)
    assert values_per_indicator(records) == values_per_indicator(memory)


def package(folder: Path, *, extra: int = 0, moved: bool = False, bad_amount: bool = False,
            unknown: bool = False) -> Path:
    tables = mini()
    if unknown:  # the first row's value no longer known
        tables["waarnemingen"][0]["waarde"] = ""
    if bad_amount:  # refused after the waarnemingen were written (geldstromen come later in the catalogue)
        tables["geldstromen"][0]["totaalbedrag"] = "49,2"
    tables["bronnen"].append({"id": OTHER, "document": "Een andere bron", "datum": "2024"})
    if moved:
        tables["waarnemingen"][0]["bron"] = OTHER
    for index in range(extra):
        tables["waarnemingen"].append({"indicator": "arbeidsparticipatie", "gebied": "NL01",
                                       "periode": f"periode-{index}", "waarde": str(index), "bron": OTHER})
    return write_csv_package(folder, tables)


def test_every_write_of_waarnemingen_keeps_the_counts_per_source(engine: Engine, tmp_path: Path) -> None:
    assert kept(engine) == {}
    # An import into an empty table (the fast path: the rows inserted, on PostgreSQL with COPY).
    assert import_package(engine, package(tmp_path / "first")).written
    assert kept(engine) == {BRON: 2}
    assert kept(engine, "indicator met waarde") == {"arbeidsparticipatie": 1}
    assert_counts_agree(engine)
    # An import into a table with rows: new rows, and a row that now cites another source.
    assert import_package(engine, package(tmp_path / "second", extra=3, moved=True, unknown=True)).written
    assert kept(engine) == {BRON: 1, OTHER: 4}
    assert kept(engine, "indicator met waarde") == {"arbeidsparticipatie": 3}
    assert_counts_agree(engine)
    assert import_package(engine, package(tmp_path / "third", extra=3, moved=True)).written  # known again
    assert kept(engine, "indicator met waarde") == {"arbeidsparticipatie": 4}
    assert_counts_agree(engine)
    # A form or the API: a new row, a row moved to another source, a row deleted.
    values = {"indicator": "arbeidsparticipatie", "gebied": "GM0917", "periode": "2024", "waarde": "60",
              "bron": BRON}
    save_record(engine, PRINCIPAL, CONTEXT, "waarnemingen", values)
    assert kept(engine) == {BRON: 2, OTHER: 4}
    assert_counts_agree(engine)
    key = ("arbeidsparticipatie", "GM0917", "2024")
    _, etag = get_record(engine, "waarnemingen", key) or (None, "")
    save_record(engine, PRINCIPAL, CONTEXT, "waarnemingen", {**values, "bron": OTHER}, key=key, if_match=etag)
    assert kept(engine) == {BRON: 1, OTHER: 5}
    assert_counts_agree(engine)
    _, etag = get_record(engine, "waarnemingen", key) or (None, "")
    save_record(engine, PRINCIPAL, CONTEXT, "waarnemingen", {**values, "bron": OTHER, "waarde": ""}, key=key,
                if_match=etag)  # the value no longer known, the source the same
    assert kept(engine) == {BRON: 1, OTHER: 5}
    assert kept(engine, "indicator met waarde") == {"arbeidsparticipatie": 4}
    assert_counts_agree(engine)
    _, etag = get_record(engine, "waarnemingen", key) or (None, "")
    save_record(engine, PRINCIPAL, CONTEXT, "waarnemingen", {**values, "bron": OTHER, "waarde": "61"}, key=key,
                if_match=etag)  # known again
    assert kept(engine, "indicator met waarde") == {"arbeidsparticipatie": 5}
    assert_counts_agree(engine)
    _, etag = get_record(engine, "waarnemingen", key) or (None, "")
    delete_record(engine, PRINCIPAL, CONTEXT, "waarnemingen", key, if_match=etag)
    assert kept(engine) == {BRON: 1, OTHER: 4}
    assert_counts_agree(engine)
    # The last row of a source deleted: the source is cited no more.
    last = ("arbeidsparticipatie", "GM0917", "startsituatie")
    delete_record(engine, PRINCIPAL, CONTEXT, "waarnemingen", last,
                  if_match=(get_record(engine, "waarnemingen", last) or (None, ""))[1])
    assert kept(engine) == {OTHER: 4}
    assert_counts_agree(engine)
    assert usage_of(StoreRecords(engine), BRON) is not None
    # An import refused halfway leaves the counts as they were (the same transaction).
    assert not import_package(engine, package(tmp_path / "broken", extra=6, bad_amount=True)).written
    assert kept(engine) == {OTHER: 4}
    assert_counts_agree(engine)


def test_the_counts_are_read_without_counting_the_waarnemingen(engine: Engine, tmp_path: Path) -> None:
    assert import_package(engine, package(tmp_path / "p", extra=2)).written
    statements: list[str] = []

    def seen(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        records = StoreRecords(engine)
        assert records.count_by(Waarneming, "bron") == {BRON: 2, OTHER: 2}
        assert records.count_by(Waarneming, "bron", bron=OTHER) == {OTHER: 2}
        assert records.count_by(Waarneming, "bron", bron="bestaat-niet") == {}
        assert records.count_by(Waarneming, "indicator", waarde=KNOWN) == {"arbeidsparticipatie": 3}
        assert [i.id for i in comparable_indicators(records)] == ["arbeidsparticipatie"]
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert statements and not any("FROM waarnemingen" in statement for statement in statements), statements


def test_the_migration_counts_the_waarnemingen_a_store_already_holds(engine: Engine, tmp_path: Path) -> None:
    from alembic import command

    from raadsmonitor.store.database import alembic_config

    assert import_package(engine, package(tmp_path / "p", extra=2, moved=True)).written
    config = alembic_config(engine)
    command.downgrade(config, "0013")  # a store written by a version without the counts
    command.upgrade(config, "head")
    assert kept(engine) == {BRON: 1, OTHER: 3} == fresh(engine)
    assert kept(engine, "indicator met waarde") == {"arbeidsparticipatie": 3} == fresh_values(engine)
