"""Every import ends with the same summary (issue 18): 'Samenvatting: N nieuw, N gewijzigd, N ongewijzigd,
N geweigerd', and `samenvatting` in --format json; and counted progress lines once it takes over two seconds."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner, Result

from raadsmonitor.cli import app
from raadsmonitor.commands._shared import MetVoortgang, summary_line
from raadsmonitor.services.datapackage.importer import reader_for
from raadsmonitor.sources.http import Voortgangsregels
from raadsmonitor.sources.package import PackageProblem, RawTable
from tests.packages import mini, write_csv_package


def _import(engine: Engine, package: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["import", str(package), *args,
                                    "--db", engine.url.render_as_string(hide_password=False)])


def test_a_data_package_import_sums_its_tables_in_the_summary(engine: Engine, tmp_path: Path) -> None:
    package = write_csv_package(tmp_path / "pakket", mini())
    dry = json.loads(_import(engine, package, "--dry-run", "--format", "json").stdout)
    new = sum(count["nieuw"] for count in dry["aantallen"].values())
    assert new == sum(len(rows) for rows in mini().values()) > 0
    assert dry["samenvatting"] == {"nieuw": new, "gewijzigd": 0, "ongewijzigd": 0, "geweigerd": 0}
    first = _import(engine, package)
    assert first.exit_code == 0, first.output
    assert summary_line(dry["samenvatting"]) in first.stdout
    again = _import(engine, package)
    assert f"Samenvatting: 0 nieuw, 0 gewijzigd, {new} ongewijzigd, 0 geweigerd" in again.stdout


def test_a_refused_package_counts_its_problems_as_refused_and_nothing_else(engine: Engine, tmp_path: Path) -> None:
    tables = mini()
    tables["geldstromen"] = [dict(tables["geldstromen"][0], totaalbedrag="veel")]
    package = write_csv_package(tmp_path / "kapot", tables)
    result = _import(engine, package, "--format", "json")
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["samenvatting"] == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 0, "geweigerd": len(body["fouten"])}
    assert body["samenvatting"]["geweigerd"] >= 1
    text = _import(engine, package)
    assert f"Samenvatting: 0 nieuw, 0 gewijzigd, 0 ongewijzigd, {len(body['fouten'])} geweigerd" in text.stdout


def test_rows_are_counted_on_standard_error_once_the_import_takes_over_two_seconds(tmp_path: Path) -> None:
    package = write_csv_package(tmp_path / "pakket", mini())
    stream = io.StringIO()
    reader = MetVoortgang(reader_for(package), Voortgangsregels(stream, after=0))
    reader.EVERY = 1
    tables, _ = reader.read()
    streams = {table.name: list(table.rows) for table in tables}
    lines = stream.getvalue().splitlines()
    for name, rows in streams.items():
        assert len(rows) == len(mini()[name])
        if rows:
            assert f"{name}: {len(rows)} {'rij' if len(rows) == 1 else 'rijen'} gelezen" in lines


def test_a_quick_import_prints_no_progress_lines(tmp_path: Path) -> None:
    stream = io.StringIO()
    reader = MetVoortgang(reader_for(write_csv_package(tmp_path / "pakket", mini())), Voortgangsregels(stream))
    reader.EVERY = 1
    for table in reader.read()[0]:
        list(table.rows)
    assert stream.getvalue() == ""


class _Rows:
    """A reader of one table whose rows say how far they were read when each is taken (issue 15)."""

    def __init__(self, count: int) -> None:
        self.count, self.taken = count, 0

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        for number in range(2, self.count + 2):
            self.taken += 1
            yield number, [str(number)]

    def read(self) -> tuple[list[RawTable], list[PackageProblem]]:
        return [RawTable("waarnemingen", "waarnemingen.csv", ["indicator"], self.rows())], []


def test_progress_lines_fall_on_each_multiple_and_hold_at_most_one_chunk_of_rows() -> None:
    stream = io.StringIO()
    source = _Rows(23)
    reader = MetVoortgang(source, Voortgangsregels(stream, after=0))
    reader.EVERY, reader.CHUNK = 10, 4  # chunks of gcd(10, 4) = 2 rows
    rows = reader.read()[0][0].rows
    handed, ahead = [], []
    for number, _ in rows:
        handed.append(number)
        ahead.append(source.taken - len(handed))
    assert handed == list(range(2, 25))  # every row, in order, the last chunk a short one
    assert stream.getvalue().splitlines() == ["waarnemingen: 10 rijen gelezen", "waarnemingen: 20 rijen gelezen"]
    assert max(ahead) == 1  # at most the rest of one chunk read ahead: no list of 100,000 rows held
