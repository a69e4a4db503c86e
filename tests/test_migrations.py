"""The migrations build exactly the tables the model declares, on both stores."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from raadsmonitor.domain.indicators import Waarneming
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.database import MIGRATIONS, alembic_config, head_revision, is_migrated, migrate
from raadsmonitor.store.tables import made_on, metadata
from tests.packages import BRON, mini, write_csv_package
from tests.test_import_package import rows_of, snapshot


def test_migrations_match_the_model(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": made_on(engine.dialect.name)})
        assert compare_metadata(context, metadata) == []


def test_migrating_twice_is_harmless(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)
    assert is_migrated(engine)


def test_the_newest_revision_is_known_without_loading_alembic(engine: Engine) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()


def _key_of_waarnemingen(engine: Engine) -> dict[str, object]:
    """How the store keys waarnemingen: on SQLite each index with whether it is unique, how it was made ('pk' for
    a primary key's own index, 'c' by CREATE INDEX) and its columns; on PostgreSQL the primary key's columns and
    the collation of each key column (None: the database's default)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            listed = connection.exec_driver_sql("PRAGMA index_list(waarnemingen)").all()
            return {str(row[1]): (bool(row[2]), str(row[3]), tuple(
                str(column[2]) for column in connection.exec_driver_sql(f'PRAGMA index_info("{row[1]}")')))
                    for row in listed}
        primary = connection.exec_driver_sql(
            "SELECT a.attname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
            "AND a.attnum = ANY (c.conkey) WHERE c.conrelid = 'waarnemingen'::regclass AND c.contype = 'p' "
            "ORDER BY array_position(c.conkey, a.attnum)").scalars().all()
        collations: dict[str, str | None] = dict(connection.exec_driver_sql(
            "SELECT column_name, collation_name FROM information_schema.columns "
            "WHERE table_name = 'waarnemingen' AND column_name IN ('indicator', 'gebied', 'periode')").all())
        return {"primary key": tuple(primary), "collations": collations}


KEY = ("indicator", "gebied", "periode")
SECONDARY = {"ix_waarnemingen_bron": (False, "c", ("bron",)), "ix_waarnemingen_gebied": (False, "c", ("gebied",))}
AT_0014 = {"sqlite": {"sqlite_autoindex_waarnemingen_1": (True, "pk", KEY), **SECONDARY},
           "postgresql": {"primary key": KEY, "collations": dict.fromkeys(KEY)}}
AT_0015 = {"sqlite": {"uq_waarnemingen_key": (True, "c", KEY), **SECONDARY},
           "postgresql": {"primary key": KEY, "collations": dict.fromkeys(KEY, "C")}}


def test_upgrading_a_store_with_waarnemingen_to_0015_keeps_every_row_and_keys_them_anew(
        engine: Engine, tmp_path: Path) -> None:
    """Issue 15: on SQLite the table is rebuilt, keyed by a unique index the import can drop and build again;
    on PostgreSQL the key columns compare bytes. The downgrade gives 0014's shape back with the same rows."""
    from alembic import command

    tables = mini()
    tables["waarnemingen"] += [{"indicator": "arbeidsparticipatie", "gebied": "heerlen-noord", "periode": f"p{i}",
                                "waarde": str(i), "toelichting": "é" * (i % 3), "bron": BRON} for i in range(300)]
    assert import_package(engine, write_csv_package(tmp_path / "p", tables)).written
    stored = snapshot(engine)
    config = alembic_config(engine)
    assert _key_of_waarnemingen(engine) == AT_0015[engine.dialect.name]

    command.downgrade(config, "0014")
    assert _key_of_waarnemingen(engine) == AT_0014[engine.dialect.name]
    assert snapshot(engine) == stored

    command.upgrade(config, "head")
    assert _key_of_waarnemingen(engine) == AT_0015[engine.dialect.name]
    assert snapshot(engine) == stored
    with engine.connect() as connection:
        foreign = {(key["constrained_columns"][0], key["referred_table"])
                   for key in inspect(connection).get_foreign_keys("waarnemingen")}
        assert foreign == {("indicator", "indicatoren"), ("gebied", "gebieden"), ("bron", "bronnen")}
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": made_on(engine.dialect.name)})
        assert compare_metadata(context, metadata) == []

    tables["waarnemingen"][5] = dict(tables["waarnemingen"][5], waarde="12,5")  # an upsert on the new key
    again = import_package(engine, write_csv_package(tmp_path / "q", tables))
    assert again.written and (again.counts["waarnemingen"].changed, again.counts["waarnemingen"].added) == (1, 0)


def test_the_key_of_waarnemingen_is_compared_byte_by_byte(engine: Engine, tmp_path: Path) -> None:
    """COLLATE "C" on PostgreSQL (issue 15: building the key's index compares bytes, not locale-aware strings), as
    SQLite always compares: lists ordered by the key follow byte order on both stores."""
    tables = mini()
    tables["waarnemingen"] = [{"indicator": "arbeidsparticipatie", "gebied": "heerlen-noord", "periode": periode,
                               "waarde": "1", "bron": BRON} for periode in ("b", "a", "Z", "B", "é", "e")]
    assert import_package(engine, write_csv_package(tmp_path / "p", tables)).written
    ordered = [waarneming.periode for waarneming in rows_of(engine, Waarneming)]
    assert ordered == sorted(ordered, key=lambda text: text.encode()) == ["B", "Z", "a", "b", "e", "é"]
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            collations = connection.exec_driver_sql(
                "SELECT a.attname, c.collname FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation "
                "WHERE a.attrelid = 'waarnemingen'::regclass AND a.attname IN ('indicator', 'gebied', 'periode')"
            ).all()
        assert dict(collations) == dict.fromkeys(KEY, "C")
