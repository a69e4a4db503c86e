"""The benchmark harness keeps working: the synthetic generator writes a valid, labelled package,
and `bench/run --quick` writes every figure. No timing is asserted here (figures are measured by
`bench/run`, not by tests)."""

from __future__ import annotations

import csv
import importlib.machinery
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.tables import table
from tests.conftest import POSTGRES_URL, PostgresDatabases, skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

TINY = 0.003  # 1 gemeente, 10 wijken, 40 buurten, 2 focusgebieden


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def tiny_package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("bench") / "package"
    return folder, generate.generate(folder, TINY, seed=7)


def test_tiny_package_follows_the_catalogue_and_counts(tiny_package: tuple[Path, dict[str, int]]) -> None:
    folder, counts = tiny_package
    for name, count in counts.items():
        with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [column.name for column in TABLES_BY_NAME[name].columns]
        assert len(_rows(folder / f"{name}.csv")) == count
    soorten = [row["soort"] for row in _rows(folder / "gebieden.csv")]
    assert (soorten.count("land"), soorten.count("gemeente"), soorten.count("focusgebied")) == (1, 1, 2)
    assert (soorten.count("wijk"), soorten.count("buurt")) == (10, 40)
    # (land + gemeente + 2 focusgebieden) x 120 x 12 + 10 wijken x 30 x 12 + 40 buurten x 10 x 12
    assert counts["waarnemingen"] == 5_760 + 3_600 + 4_800
    assert counts["informatiestukken"] == 30


def test_tiny_package_is_labelled_synthetic_everywhere(tiny_package: tuple[Path, dict[str, int]]) -> None:
    folder, _ = tiny_package
    assert {row["document"] for row in _rows(folder / "bronnen.csv")} == {
        "SYNTHETISCH — benchmarkgegevens, geen echte cijfers"}
    named = {"gebieden": "naam", "programmas": "naam", "themas": "naam", "indicatoren": "naam",
             "geldstromen": "naam", "informatiestukken": "onderwerp", "leefgebieden": "naam", "doelen": "omschrijving"}
    for name, column in named.items():
        values = [row[column] for row in _rows(folder / f"{name}.csv")]
        assert values and all(value.startswith("Synthet") for value in values), name
    assert {row["id"][:2] for row in _rows(folder / "gebieden.csv")} == {"NL", "GM", "SY", "WK", "BU"}
    assert "BU00010101" in {row["id"] for row in _rows(folder / "gebieden.csv")}


def test_tiny_package_imports_cleanly(engine: Engine, tiny_package: tuple[Path, dict[str, int]]) -> None:
    folder, counts = tiny_package
    report = import_package(engine, folder)
    assert report.problems == []
    assert report.written
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(table("waarnemingen"))).scalar_one()
        unknown = connection.execute(select(func.count()).select_from(table("waarnemingen"))
                                     .where(table("waarnemingen").c.waarde.is_(None))).scalar_one()
    assert stored == counts["waarnemingen"]
    assert 0 < unknown < stored * 0.05  # about 2% of values are left unknown, never zero


def test_bench_run_quick_writes_every_figure(tmp_path: Path) -> None:
    for tool in ("sqlite3", "wrk"):
        if shutil.which(tool) is None:
            skip_or_fail(f"het programma {tool} ontbreekt (apt-get install {tool})")
    out = tmp_path / "figures.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "run"), "--quick", "--out", str(out)], check=True,
                   timeout=240, capture_output=True)
    figures = json.loads(out.read_text(encoding="utf-8"))
    for key in ("import_seconds", "import_vs_sqlite3_cli_ratio", "import_peak_rss_mb", "sqlite3_cli_import_seconds",
                "sqlite3_cli_schema_seconds", "import_vs_sqlite3_cli_schema_ratio",
                "server_rss_mb_under_load", "server_rss_mb_supervisor", "server_rss_mb_worker_max",
                "server_rss_mb_idle", "server_rss_mb_idle_worker_max", "page_p95_ms_32conn", "rows_waarnemingen"):
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, key
    assert figures["paragraaf_html_s"] > 0 and figures["paragraaf_html_bytes"] > 1000
    ratio = figures["throughput_vs_datasette_ratio"]
    assert (isinstance(ratio, float) and ratio > 0) or ratio.startswith("overgeslagen: datasette")
    pages = figures["pages_measured"].split(", ")
    assert {"/", "/organisatie", "/bronnen"} <= set(pages)
    for page in pages:
        assert figures[f"page_{_slug(page)}_single_ms"] > 0, page
    assert figures["server_rss_mb_worker_max"] < figures["server_rss_mb_under_load"]
    assert "/api/v1/geldstromen" in pages
    assert figures["pages_loaded"].split(", ")[:2] == ["/", "/api/v1/waarnemingen?indicator=syn-ind-001"]
    for page in figures["pages_loaded"].split(", "):
        for connections in (1, 8, 32, 64):
            for name in ("p50_ms", "p95_ms", "p99_ms"):
                assert figures[f"page_{_slug(page)}_{name}_{connections}conn"] > 0, (page, name, connections)
            assert figures[f"page_{_slug(page)}_rps_{connections}conn"] >= 0
        # cold after an import (issue 15): 32 connections from the first request on, that request counted
        for name in ("p50_ms", "p95_ms", "p99_ms", "max_ms"):
            assert figures[f"page_{_slug(page)}_cold_{name}_32conn"] > 0, (page, name)
        assert figures[f"page_{_slug(page)}_cold_max_ms_32conn"] >= figures[f"page_{_slug(page)}_cold_p95_ms_32conn"]
    assert figures["page_p95_ms_32conn"] == max(figures["page_p95_ms_32conn_cold"], figures["page_p95_ms_32conn_warm"])


def _slug(page: str) -> str:
    if page.startswith("/api/"):
        path, _, query = page.removeprefix("/api/v1/").partition("?")
        return "_".join(["api", path, *([query.split("=")[0]] if query else [])])
    return "start" if page == "/" else page.strip("/").split("/")[0]


@pytest.fixture(scope="module")
def bench_run() -> Any:
    """bench/run as a module (it is a script without the .py suffix)."""
    loader = importlib.machinery.SourceFileLoader("bench_run", str(ROOT / "bench" / "run"))
    spec = importlib.util.spec_from_loader("bench_run", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _sqlite_schema(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The columns of waarnemingen with their declared types, and its indexes with their SQL, in a SQLite file."""
    with sqlite3.connect(path) as connection:
        columns = [(name, declared) for _, name, declared, *_ in connection.execute("PRAGMA table_info(waarnemingen)")]
        indexes = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                     "AND tbl_name = 'waarnemingen' ORDER BY name").fetchall()
    return columns, indexes


def test_the_sqlite_floors_load_waarnemingen_bare_and_into_the_stores_table(
        bench_run: Any, tiny_package: tuple[Path, dict[str, int]], sqlite_template: Path, tmp_path: Path) -> None:
    """bench/run's two floors for the import into SQLite (issue 15): the sqlite3 tool's .import into a plain table,
    and into the store's own waarnemingen table with the store's indexes built after the rows."""
    if shutil.which("sqlite3") is None:
        skip_or_fail("het programma sqlite3 ontbreekt (apt-get install sqlite3)")
    package, counts = tiny_package
    store_columns, store_indexes = _sqlite_schema(sqlite_template)
    with (package / "waarnemingen.csv").open(encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
    for schema in (False, True):
        db = tmp_path / f"floor-{schema}.sqlite"
        db.write_bytes(b"left over from an earlier run")  # the floor starts from a new file all the same
        assert bench_run.sqlite3_cli_import(package / "waarnemingen.csv", db, schema=schema) > 0
        with sqlite3.connect(db) as connection:
            stored = connection.execute("SELECT count(*) FROM waarnemingen").fetchone()[0]
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        columns, indexes = _sqlite_schema(db)
        assert stored == counts["waarnemingen"]
        if schema:
            assert (columns, indexes) == (store_columns, store_indexes)
            assert [name for name, _ in indexes] == ["ix_waarnemingen_bron", "ix_waarnemingen_gebied",
                                                     "uq_waarnemingen_key"]
        else:
            assert (columns, indexes) == ([(name, "TEXT") for name in header], [])


@pytest.mark.postgres
def test_the_postgresql_floors_load_the_package_bare_and_with_the_stores_keys(
        bench_run: Any, tiny_package: tuple[Path, dict[str, int]], postgres_databases: PostgresDatabases | None,
        tmp_path: Path) -> None:
    """bench/run's two floors for the import into PostgreSQL (issue 15): psql \\copy into bare tables, and the
    same with the keys, indexes and references the store declares added after the rows."""
    if postgres_databases is None or shutil.which("psql") is None:
        skip_or_fail(os.environ.get("RAADSMONITOR_POSTGRES_UNAVAILABLE", "PostgreSQL of psql ontbreekt"))
        return
    package, counts = tiny_package
    url = make_url(POSTGRES_URL).set(database=f"{postgres_databases.prefix}_floor")
    for schema, suffix in ((False, "_plain"), (True, "_schema")):
        assert bench_run.psql_copy(package, url.render_as_string(hide_password=False), tmp_path, schema=schema) > 0
        loaded = create_engine(url.set(database=f"{url.database}{suffix}"))
        try:
            with loaded.connect() as connection:
                stored = connection.execute(text("SELECT count(*) FROM waarnemingen")).scalar_one()
                constraints: dict[str, int] = {kind: count for kind, count in connection.execute(text(
                    "SELECT contype, count(*) FROM pg_constraint WHERE conrelid = 'waarnemingen'::regclass "
                    "GROUP BY contype"))}
                indexes = connection.execute(text("SELECT indexdef FROM pg_indexes "
                                                  "WHERE tablename = 'waarnemingen' ORDER BY indexdef")).scalars().all()
                collation = connection.execute(text(
                    "SELECT collation_name FROM information_schema.columns "
                    "WHERE table_name = 'waarnemingen' AND column_name = 'indicator'")).scalar_one()
        finally:
            loaded.dispose()
            with postgres_databases.admin.connect() as admin:
                admin.execute(text(f'DROP DATABASE IF EXISTS "{url.database}{suffix}" WITH (FORCE)'))
        assert stored == counts["waarnemingen"]
        if not schema:
            assert (constraints, indexes, collation) == ({}, [], None)
            continue
        assert constraints == {"p": 1, "f": 3}  # the key; indicator, gebied and bron refer to their tables
        assert [definition.split(" USING btree ")[1] for definition in indexes] == [
            "(bron)", "(gebied)", "(indicator, gebied, periode)"]
        assert collation == "C"
