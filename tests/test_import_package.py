"""Importing a data package: all-or-nothing, every problem named by place, idempotent."""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError

from raadsmonitor.domain.catalogue import TABLES_BY_ENTITY, TABLES_BY_NAME
from raadsmonitor.domain.indicators import Waarneming
from raadsmonitor.domain.money import Geldstroom
from raadsmonitor.domain.programme import Bron, Doel, Gebied
from raadsmonitor.domain.validation import RowValidator
from raadsmonitor.services.datapackage import importer
from raadsmonitor.services.datapackage.importer import ImportReport, import_package
from raadsmonitor.sources import csv_package
from raadsmonitor.store import repository
from raadsmonitor.store.tables import KEYED_BY_UNIQUE_INDEX, key_index_name, table
from tests.packages import BRON, mini, write_csv_package

E = TypeVar("E")


def snapshot(engine: Engine) -> dict[str, list[object]]:
    with engine.connect() as connection:
        return {name: repository.load_records(connection, spec) for name, spec in TABLES_BY_NAME.items()}


def rows_of(engine: Engine, entity: type[E]) -> list[E]:
    """The stored rows of one entity's table, read as `snapshot` reads them."""
    with engine.connect() as connection:
        return repository.load_records(connection, TABLES_BY_ENTITY[entity])


def messages(report: ImportReport) -> list[str]:
    return [str(problem) for problem in report.problems]


@pytest.fixture(params=["one process", "checked in a second process"])
def checking(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways a table is read: here, or (a big CSV file into an empty table) in a second process
    while this one writes. Every file counts as big in the second way."""
    if request.param != "one process":
        monkeypatch.setattr(importer, "PARALLEL_BYTES", 0)
    return str(request.param)


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Engine:
    report = import_package(engine, write_csv_package(tmp_path / "basis", mini()))
    assert report.written, messages(report)
    return engine


def refused(engine: Engine, package: Path) -> ImportReport:
    """Import a bad package and check that it was refused and left the store exactly as it was."""
    before = snapshot(engine)
    report = import_package(engine, package)
    assert not report.ok
    assert not report.written
    assert snapshot(engine) == before
    return report


def test_valid_package_is_stored_with_unknown_values_kept_unknown(engine: Engine, tmp_path: Path,
                                                                  checking: str) -> None:
    report = import_package(engine, write_csv_package(tmp_path / "p", mini()))
    assert report.written
    assert report.counts["gebieden"].added == 3
    with engine.connect() as connection:
        values = {(w.gebied, w.periode): w.waarde
                  for w in repository.load_records(connection, TABLES_BY_NAME["waarnemingen"])}
    assert values[("heerlen-noord", "startsituatie")] == Decimal("57")
    assert values[("GM0917", "startsituatie")] is None  # empty in the source: unknown, not zero


def test_reimporting_the_same_package_changes_nothing(loaded: Engine, tmp_path: Path) -> None:
    before = snapshot(loaded)
    report = import_package(loaded, write_csv_package(tmp_path / "again", mini()))
    assert report.written
    assert all(count.added == 0 and count.changed == 0 for count in report.counts.values())
    assert snapshot(loaded) == before


def test_a_changed_row_is_updated_and_rows_not_in_the_package_stay(loaded: Engine, tmp_path: Path) -> None:
    package = {"bronnen": mini()["bronnen"],
               "geldstromen": [dict(mini()["geldstromen"][0], totaalbedrag="5700000")]}
    report = import_package(loaded, write_csv_package(tmp_path / "p", package))
    assert report.counts["geldstromen"].changed == 1
    after = snapshot(loaded)
    assert rows_of(loaded, Geldstroom)[0].totaalbedrag == Decimal("5700000")
    assert len(after["gebieden"]) == 3


def test_a_changed_row_is_listed_with_its_values_before_and_after(loaded: Engine, tmp_path: Path) -> None:
    package = {"bronnen": mini()["bronnen"],
               "geldstromen": [dict(mini()["geldstromen"][0], totaalbedrag="5700000")]}
    report = import_package(loaded, write_csv_package(tmp_path / "p", package))
    [(key, before, after)] = report.counts["geldstromen"].changes
    assert key == ("pmg",)
    assert before["totaalbedrag"] == Decimal("5600000") and after["totaalbedrag"] == Decimal("5700000")
    assert before["naam"] == after["naam"] == "Preventie met gezag"
    assert report.counts["bronnen"].changes == []


def test_a_first_import_lists_no_changed_rows(engine: Engine, tmp_path: Path, checking: str) -> None:
    report = import_package(engine, write_csv_package(tmp_path / "p", mini()))
    assert all(count.changes == [] for count in report.counts.values())


def test_a_problem_in_a_later_batch_undoes_the_batches_already_written(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checking: str) -> None:
    monkeypatch.setattr(importer, "BATCH", 2)
    tables = {"bronnen": mini()["bronnen"], "waarnemingen": [
        {"indicator": "arbeidsparticipatie", "gebied": "heerlen-noord", "periode": str(year), "waarde": "50",
         "bron": BRON} for year in range(2010, 2017)]}
    tables["waarnemingen"][6]["gebied"] = "heerlen-zuid"
    report = refused(engine, write_csv_package(tmp_path / "p", dict(mini(), **tables)))
    assert messages(report) == [
        "waarnemingen.csv:8:gebied: verwijst naar 'heerlen-zuid', maar die bestaat niet in Gebieden"]


def test_a_duplicate_key_far_apart_in_a_big_table_names_both_rows(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checking: str) -> None:
    monkeypatch.setattr(importer, "BATCH", 3)
    tables = mini()
    tables["waarnemingen"] = [{"indicator": "arbeidsparticipatie", "gebied": "heerlen-noord", "periode": f"p{i}",
                               "waarde": "1", "bron": BRON} for i in range(10)]
    tables["waarnemingen"].append(dict(tables["waarnemingen"][1], waarde="2"))
    report = refused(engine, write_csv_package(tmp_path / "p", tables))
    assert messages(report) == ["waarnemingen.csv:12:indicator: dubbele sleutel 'arbeidsparticipatie, "
                                "heerlen-noord, p1'; staat ook op rij 3"]


def test_duplicates_in_several_batches_each_name_the_row_their_key_was_first_on(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checking: str) -> None:
    """Issue 15: the keys of a batch checked per column are kept without their rows; a duplicate found later,
    also after more such batches, still names the right first row."""
    monkeypatch.setattr(importer, "BATCH", 3)
    tables = mini()
    rows = [{"indicator": "arbeidsparticipatie", "gebied": "heerlen-noord", "periode": f"p{i}", "waarde": "1",
             "bron": BRON} for i in range(12)]
    tables["waarnemingen"] = [*rows[:6], dict(rows[1], waarde="2"), *rows[6:12], dict(rows[8], waarde="3"),
                              dict(rows[1], waarde="4")]
    report = refused(engine, write_csv_package(tmp_path / "p", tables))
    shown = ("waarnemingen.csv:{}:indicator: dubbele sleutel 'arbeidsparticipatie, heerlen-noord, p{}'; "
             "staat ook op rij {}")
    assert messages(report) == [shown.format(8, 1, 3), shown.format(15, 8, 11), shown.format(16, 1, 3)]


def test_a_file_full_of_errors_lists_the_first_thousand_and_counts_the_rest(engine: Engine, tmp_path: Path,
                                                                            checking: str) -> None:
    tables = mini()
    tables["waarnemingen"] = [{"indicator": "arbeidsparticipatie", "gebied": "heerlen-noord", "periode": f"p{i}",
                               "waarde": "veel", "bron": BRON} for i in range(1_005)]
    found = messages(refused(engine, write_csv_package(tmp_path / "p", tables)))
    assert len(found) == 1_001
    assert found[0] == "waarnemingen.csv: en nog 5 fouten in dit bestand"
    assert found[1].startswith("waarnemingen.csv:2:waarde: 'veel' is geen getal")
    assert found[-1].startswith("waarnemingen.csv:1001:waarde: 'veel' is geen getal")


def test_dry_run_validates_and_counts_but_writes_nothing(engine: Engine, tmp_path: Path, checking: str) -> None:
    report = import_package(engine, write_csv_package(tmp_path / "p", mini()), dry_run=True)
    assert report.ok and not report.written
    assert report.counts["gebieden"].added == 3
    assert snapshot(engine)["gebieden"] == []


def test_alias_from_the_glossary_is_resolved_and_reported(loaded: Engine, tmp_path: Path) -> None:
    doel = dict(mini()["doelen"][0], id="doel-2", thema="Onderwijs")
    report = import_package(loaded, write_csv_package(tmp_path / "p", {"doelen": [doel]}))
    assert report.written, messages(report)
    assert any("'Onderwijs' is gelezen als themas 'talentontwikkeling'" in notice for notice in report.notices)
    stored = {d.id: d for d in rows_of(loaded, Doel)}
    assert stored["doel-2"].thema == "talentontwikkeling"


def test_wrong_types_are_named_by_file_row_and_column(loaded: Engine, tmp_path: Path) -> None:
    tables = mini()
    tables["themas"][0]["volgorde"] = "eerste"
    tables["programmas"][0]["startdatum"] = "22-11-2021"
    tables["indicatoren"][0]["eenheid"] = "procenten"
    report = refused(loaded, write_csv_package(tmp_path / "p", tables))
    found = messages(report)
    assert "themas.csv:2:volgorde: 'eerste' is geen geheel getal" in found
    assert any(m.startswith("programmas.csv:2:startdatum: '22-11-2021' is geen datum") for m in found)
    assert any(m.startswith("indicatoren.csv:2:eenheid: 'procenten' is geen geldige keuze") for m in found)


def test_unknown_reference_is_refused(loaded: Engine, tmp_path: Path, checking: str) -> None:
    tables = {"doelen": [dict(mini()["doelen"][0], thema="bestaat-niet")]}
    report = refused(loaded, write_csv_package(tmp_path / "p", tables))
    assert messages(report) == [
        "doelen.csv:2:thema: verwijst naar 'bestaat-niet', maar die bestaat niet in Thema's"]


def test_duplicate_keys_name_both_rows(engine: Engine, tmp_path: Path) -> None:
    tables = mini()
    tables["gebieden"].append(dict(tables["gebieden"][0], naam="Nederland (dubbel)"))
    report = refused(engine, write_csv_package(tmp_path / "p", tables))
    assert "gebieden.csv:5:id: dubbele sleutel 'NL01'; staat ook op rij 2" in messages(report)


def test_duplicate_composite_key_of_observations(engine: Engine, tmp_path: Path, checking: str) -> None:
    tables = mini()
    tables["waarnemingen"].append(dict(tables["waarnemingen"][0], waarde="58"))
    report = refused(engine, write_csv_package(tmp_path / "p", tables))
    assert any("waarnemingen.csv:4:indicator: dubbele sleutel 'arbeidsparticipatie, heerlen-noord, "
               "startsituatie'; staat ook op rij 2" == m for m in messages(report))


@pytest.mark.parametrize(("amount", "message"), [
    ("-100", "geldstroombedragen.csv:2:bedrag: -100 is negatief; alleen 0 of meer is toegestaan"),
    ("veel", "geldstroombedragen.csv:2:bedrag: 'veel' is geen getal; schrijf bijvoorbeeld 1350000 of 66,9 "
             "(geen scheidingstekens voor duizendtallen)"),
    ("1.350.000", "geldstroombedragen.csv:2:bedrag: '1.350.000' is geen getal; schrijf bijvoorbeeld 1350000 "
                  "of 66,9 (geen scheidingstekens voor duizendtallen)"),
    ("1.350", "geldstroombedragen.csv:2:bedrag: '1.350' heeft meer dan 2 decimalen"),
])
def test_negative_or_non_numeric_amounts_are_refused(loaded: Engine, tmp_path: Path, amount: str,
                                                     message: str) -> None:
    tables = {"geldstroombedragen": [dict(mini()["geldstroombedragen"][0], bedrag=amount)]}
    assert messages(refused(loaded, write_csv_package(tmp_path / "p", tables))) == [message]


def test_decimal_comma_is_accepted(engine: Engine, tmp_path: Path) -> None:
    tables = mini()
    tables["waarnemingen"][0]["waarde"] = "66,9"
    assert import_package(engine, write_csv_package(tmp_path / "p", tables)).written
    assert rows_of(engine, Waarneming)[1].waarde == Decimal("66.9")


def test_end_before_start_is_refused(loaded: Engine, tmp_path: Path) -> None:
    tables = {"geldstromen": [dict(mini()["geldstromen"][0], begin_jaar="2025", eind_jaar="2022")]}
    assert messages(refused(loaded, write_csv_package(tmp_path / "p", tables))) == [
        "geldstromen.csv:2:eind_jaar: eindjaar 2022 ligt vóór beginjaar 2025"]


def test_missing_and_extra_columns_are_refused(loaded: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "bronnen.csv").write_text("id,document,extra\nx,Rapport,1\n", encoding="utf-8")
    found = messages(refused(loaded, folder))
    assert any(m.startswith("bronnen.csv:1:extra: onbekende kolom 'extra'") for m in found)
    assert "bronnen.csv:1:onderdeel: kolom ontbreekt" in found
    assert "bronnen.csv:1:toelichting: kolom ontbreekt" in found


def test_unknown_table_file_is_refused(loaded: Engine, tmp_path: Path) -> None:
    folder = write_csv_package(tmp_path / "p", {"bronnen": mini()["bronnen"]})
    (folder / "projecten.csv").write_text("id\nx\n", encoding="utf-8")
    found = messages(refused(loaded, folder))
    assert len(found) == 1 and found[0].startswith("projecten.csv: onbekende tabel 'projecten'")


def test_empty_file_is_refused(loaded: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "gebieden.csv").write_bytes(b"")
    assert messages(refused(loaded, folder)) == [
        "gebieden.csv: het bestand is leeg; de kopregel met de kolomnamen ontbreekt"]


@pytest.mark.parametrize("content", [b"  \n\t\n" * 20, "\ufeff".encode() + b" \n" * 20, b"\n" * 40 + b"\xc2\xa0"])
def test_a_file_of_only_blanks_is_empty_in_any_block(loaded: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     content: bytes) -> None:
    """Blank in ASCII (not decoded, issue 15), with a byte-order mark, or a no-break space in the last block."""
    monkeypatch.setattr(csv_package, "BLOCK", 8)
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "gebieden.csv").write_bytes(content)
    assert messages(refused(loaded, folder)) == [
        "gebieden.csv: het bestand is leeg; de kopregel met de kolomnamen ontbreekt"]


def test_file_that_is_not_utf8_is_refused_with_its_line(loaded: Engine, tmp_path: Path) -> None:
    folder = write_csv_package(tmp_path / "p", {"gebieden": mini()["gebieden"]})
    text = (folder / "gebieden.csv").read_text(encoding="utf-8").replace("Heerlen-Noord", "Hé-Noord")
    (folder / "gebieden.csv").write_bytes(text.encode("latin-1"))
    found = messages(refused(loaded, folder))
    assert len(found) == 1
    assert found[0].startswith("gebieden.csv:4: het bestand is geen UTF-8")


def test_a_fault_far_into_a_big_file_is_found_with_its_line_and_refuses_the_file_whole(
        loaded: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_package, "BLOCK", 64)  # the file is checked in many small blocks
    folder = write_csv_package(tmp_path / "p", {"gebieden": mini()["gebieden"]})
    lines = (folder / "gebieden.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    extra = [f"buurt-{n},Buurt {n},buurt,,heerlen-noord,,{BRON}\n" for n in range(40)]
    (folder / "gebieden.csv").write_bytes("".join([*lines, *extra]).encode("utf-8") + b"x,\xff,buurt,,,,\n")
    assert messages(refused(loaded, folder)) == [
        f"gebieden.csv:{len(lines) + len(extra) + 1}: het bestand is geen UTF-8 (byte "
        f"{len(''.join([*lines, *extra]).encode()) + 3}); sla het op als 'CSV UTF-8'"]


def test_a_character_split_between_two_blocks_is_read_whole(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_package, "BLOCK", 7)
    tables = mini()
    tables["gebieden"][2]["naam"] = "Heerlen-Noord (één gebied, ‘sterk’)"
    assert import_package(engine, write_csv_package(tmp_path / "p", tables)).written
    names = {gebied.id: gebied.naam for gebied in rows_of(engine, Gebied)}
    assert names["heerlen-noord"] == "Heerlen-Noord (één gebied, ‘sterk’)"


def test_a_nul_character_refuses_the_file_with_its_line(loaded: Engine, tmp_path: Path) -> None:
    folder = write_csv_package(tmp_path / "p", {"gebieden": mini()["gebieden"]})
    text = (folder / "gebieden.csv").read_text(encoding="utf-8")
    (folder / "gebieden.csv").write_text(text.replace("Heerlen-Noord", "Heerlen\x00Noord"), encoding="utf-8")
    assert messages(refused(loaded, folder)) == [
        "gebieden.csv:4: het bestand bevat een NUL-teken; is het wel een CSV-bestand?"]


def test_a_nul_character_far_into_a_big_file_is_named_with_its_line(
        loaded: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_package, "BLOCK", 64)  # the file is checked in many small blocks; its lines counted after
    folder = write_csv_package(tmp_path / "p", {"gebieden": mini()["gebieden"]})
    lines = (folder / "gebieden.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    extra = [f"buurt-{n},Buurt {n},buurt,,heerlen-noord,,{BRON}\n" for n in range(40)]
    (folder / "gebieden.csv").write_text("".join([*lines, *extra, "x,Bu\x00urt,buurt,,,,\n", *extra]), encoding="utf-8")
    assert messages(refused(loaded, folder)) == [
        f"gebieden.csv:{len(lines) + len(extra) + 1}: het bestand bevat een NUL-teken; is het wel een CSV-bestand?"]


def test_semicolon_separated_file_from_a_dutch_spreadsheet_is_read(engine: Engine, tmp_path: Path) -> None:
    folder = write_csv_package(tmp_path / "p", mini())
    (folder / "bronnen.csv").write_text(
        "\ufeffid;document;onderdeel;uitgever;datum;oorspronkelijke_bron;url;toelichting\n"
        f"{BRON};Rekenkamer Heerlen, Startonderzoek NPHLN;Figuur 2;;2023-11;;;\n", encoding="utf-8")
    assert import_package(engine, folder).written


def test_a_formula_in_a_csv_cell_is_kept_as_text_never_run(engine: Engine, tmp_path: Path) -> None:
    tables = mini()
    tables["bronnen"][0]["toelichting"] = "=HYPERLINK(\"http://example.invalid\")"
    assert import_package(engine, write_csv_package(tmp_path / "p", tables)).written
    toelichting = rows_of(engine, Bron)[0].toelichting
    assert toelichting is not None and toelichting.startswith("=HYPERLINK")


def test_a_one_megabyte_cell_is_refused(loaded: Engine, tmp_path: Path) -> None:
    tables = {"bronnen": [dict(mini()["bronnen"][0], toelichting="x" * 1_000_000)]}
    assert messages(refused(loaded, write_csv_package(tmp_path / "p", tables))) == [
        "bronnen.csv:2:toelichting: tekst is 1000000 tekens lang; ten hoogste 10000 toegestaan"]


def test_a_hundred_thousand_row_table_imports_in_one_go(engine: Engine, tmp_path: Path, checking: str) -> None:
    tables = mini()
    tables["waarnemingen"] = [{"indicator": "arbeidsparticipatie", "gebied": "heerlen-noord",
                               "periode": f"p{i}", "waarde": str(i % 97), "bron": BRON} for i in range(100_000)]
    report = import_package(engine, write_csv_package(tmp_path / "p", tables))
    assert report.written
    assert report.counts["waarnemingen"].added == 100_000


def test_clean_batches_are_checked_a_column_at_a_time_and_stored_as_row_by_row_would(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checking: str) -> None:
    rows: list[int] = []
    by_row = RowValidator.values

    def counted(self: RowValidator, cells: Sequence[object]) -> Any:
        rows.append(len(cells))
        return by_row(self, cells)

    monkeypatch.setattr(RowValidator, "values", counted)
    tables = mini()
    tables["waarnemingen"] = [*_observations(2 * importer.BATCH),
                              {**_observations(1)[0], "periode": "laatste", "waarde": "", "toelichting": "onbekend"}]
    report = import_package(engine, write_csv_package(tmp_path / "p", tables))
    assert report.written, messages(report)
    assert len(rows) < 100  # the small tables are held and checked row by row; the observations were not
    with engine.connect() as connection:
        stored = {(record.periode, record.waarde, record.toelichting)
                  for record in repository.load_records(connection, TABLES_BY_NAME["waarnemingen"])}
    assert ("p1000", Decimal("30"), None) in stored and ("laatste", None, "onbekend") in stored
    assert len(stored) == 2 * importer.BATCH + 1


def _observations(count: int) -> list[dict[str, object]]:
    return [{"indicator": "arbeidsparticipatie", "gebied": "heerlen-noord", "periode": f"p{i}",
             "waarde": str(i % 97), "bron": BRON} for i in range(count)]


def _indexes(engine: Engine, name: str) -> set[str]:
    return {str(index["name"]) for index in inspect(engine).get_indexes(name)}


def _constraints(engine: Engine, name: str) -> tuple[set[tuple[str, ...]], tuple[str, ...]]:
    """The foreign keys (column, table referred to) and the key's columns of a table: its primary key, or on
    SQLite the unique index that keys a table of KEYED_BY_UNIQUE_INDEX (issue 15)."""
    found = inspect(engine)
    key = tuple(found.get_pk_constraint(name)["constrained_columns"])
    if engine.dialect.name == "sqlite" and name in KEYED_BY_UNIQUE_INDEX:
        assert not key, "keyed by its unique index, not by a primary key"
        key = next(tuple(str(column) for column in index["column_names"]) for index in found.get_indexes(name)
                   if index["name"] == key_index_name(name) and index["unique"])
    return ({(*foreign["constrained_columns"], foreign["referred_table"]) for foreign in found.get_foreign_keys(name)},
            key)


def test_a_big_first_import_has_its_indexes_afterwards_and_a_refused_one_keeps_them(
        engine: Engine, tmp_path: Path, checking: str) -> None:
    """On SQLite the secondary indexes of an empty table, and the unique index that keys waarnemingen, are built
    after its rows, inside the transaction; on PostgreSQL its indexes, primary key and foreign keys (issue 15)."""
    indexes = _indexes(engine, "waarnemingen")
    constraints = _constraints(engine, "waarnemingen")
    assert {"ix_waarnemingen_gebied", "ix_waarnemingen_bron"} <= indexes
    assert constraints == ({("indicator", "indicatoren"), ("gebied", "gebieden"), ("bron", "bronnen")},
                           ("indicator", "gebied", "periode"))
    bad = dict(mini(), waarnemingen=[*_observations(2 * repository.BATCH), {**_observations(1)[0], "waarde": "x"}])
    refused(engine, write_csv_package(tmp_path / "bad", bad))
    assert (_indexes(engine, "waarnemingen"), _constraints(engine, "waarnemingen")) == (indexes, constraints)
    report = import_package(engine, write_csv_package(tmp_path / "p", dict(mini(), waarnemingen=_observations(
        2 * repository.BATCH + 1))))
    assert report.written and report.counts["waarnemingen"].added == 2 * repository.BATCH + 1
    assert (_indexes(engine, "waarnemingen"), _constraints(engine, "waarnemingen")) == (indexes, constraints)
    with engine.connect() as connection:
        plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT * FROM waarnemingen WHERE gebied = 'heerlen-noord'")
                        ) if engine.dialect.name == "sqlite" else "ix_waarnemingen_gebied"
    assert "ix_waarnemingen_gebied" in plan


def test_after_an_import_every_connection_checks_foreign_keys_again(engine: Engine, tmp_path: Path,
                                                                   checking: str) -> None:
    """The import turns SQLite's own checks off for its connection only (it checks references itself)."""
    assert import_package(engine, write_csv_package(tmp_path / "p", mini())).written
    with engine.connect() as connection, pytest.raises(IntegrityError):
        connection.execute(table("waarnemingen").insert().values(
            indicator="arbeidsparticipatie", gebied="nergens", periode="2030", reeksbreuk=False, bron=BRON))


def test_the_second_process_stores_exactly_what_one_process_would(engine: Engine, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    package = write_csv_package(tmp_path / "p", dict(mini(), waarnemingen=_observations(12_345)))
    monkeypatch.setattr(importer, "PARALLEL_BYTES", 0)
    first = import_package(engine, package)
    assert first.written and first.counts["waarnemingen"].added == 12_345
    monkeypatch.setattr(importer, "PARALLEL_BYTES", 1 << 60)
    again = import_package(engine, package)  # compares every row with the stored one, in the driver's form
    assert again.written
    assert {name: (count.added, count.changed) for name, count in again.counts.items()} == {
        name: (0, 0) for name in again.counts}
    assert again.counts["waarnemingen"].unchanged == 12_345


def test_the_second_process_finds_the_same_problems_as_one_process(engine: Engine, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _observations(3 * importer.BATCH)
    rows[10]["waarde"] = "veel"
    rows[6_000]["gebied"] = "heerlen-zuid"
    rows.append(dict(rows[7_000]))
    package = write_csv_package(tmp_path / "p", dict(mini(), waarnemingen=rows))
    alone = messages(refused(engine, package))
    monkeypatch.setattr(importer, "PARALLEL_BYTES", 0)
    assert messages(refused(engine, package)) == alone == [
        "waarnemingen.csv:12:waarde: 'veel' is geen getal; schrijf bijvoorbeeld 1350000 of 66,9 "
        "(geen scheidingstekens voor duizendtallen)",
        "waarnemingen.csv:6002:gebied: verwijst naar 'heerlen-zuid', maar die bestaat niet in Gebieden",
        "waarnemingen.csv:15002:indicator: dubbele sleutel 'arbeidsparticipatie, heerlen-noord, p7000'; "
        "staat ook op rij 7002"]


CHECKER_DIED = ("bronnen.csv: de controle van dit bestand is onverwacht gestopt (het proces dat het las eindigde "
                "met code 3); er is niets opgeslagen")


def test_a_second_process_that_dies_stops_the_import_and_writes_nothing(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def die(*_: object) -> None:
        os._exit(3)

    monkeypatch.setattr(importer, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(importer.Loader, "_check_for_writer", die)
    report = refused(engine, write_csv_package(tmp_path / "p", mini()))
    assert messages(report) == [CHECKER_DIED]


def test_a_second_process_that_dies_after_its_first_rows_stops_the_import_and_writes_nothing(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows already written when the checking process dies: the rollback removes them. (A COPY kept open
    across a table's batches, tried for issue 15, made this rollback wait for ever.)"""
    def die_after_one_batch(self: importer.Loader, stage: importer.Stage, writer: repository.TableWriter,
                            sending: Any, receiving: Any) -> None:
        receiving.close()
        for batch in self._checked_batches(stage):
            sending.send(writer.inserts(batch.columns))
            os._exit(3)

    monkeypatch.setattr(importer, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(importer.Loader, "_check_for_writer", die_after_one_batch)
    report = refused(engine, write_csv_package(tmp_path / "p", mini()))
    assert messages(report) == [CHECKER_DIED]
    monkeypatch.undo()
    assert import_package(engine, write_csv_package(tmp_path / "p2", mini())).written  # the store still takes it


def test_errors_are_all_reported_at_once_across_files(loaded: Engine, tmp_path: Path, checking: str) -> None:
    tables = mini()
    tables["themas"][0]["volgorde"] = "x"
    tables["gebieden"][2]["soort"] = "stadsdeel"
    tables["geldstroombedragen"][0]["bedrag"] = "-1"
    found = messages(refused(loaded, write_csv_package(tmp_path / "p", tables)))
    assert {m.split(":")[0] for m in found} == {"themas.csv", "gebieden.csv", "geldstroombedragen.csv"}


def test_cycle_within_a_table_is_refused(engine: Engine, tmp_path: Path) -> None:
    tables = mini()
    tables["gebieden"][0]["ligt_in"] = "heerlen-noord"
    found = messages(refused(engine, write_csv_package(tmp_path / "p", tables)))
    assert found == ["gebieden.csv:2:ligt_in: kringverwijzing: NL01 → heerlen-noord → GM0917 → NL01"]


def test_a_chain_of_thousands_of_rows_in_one_table_is_ordered_without_recursion(engine: Engine,
                                                                                 tmp_path: Path) -> None:
    """Issue 19: 5,000 gebieden each in the previous one, listed children first."""
    tables = mini()
    chain = [{"id": f"buurt-{n:04d}", "naam": f"Synthetische buurt {n}", "soort": "buurt",
              "ligt_in": f"buurt-{n - 1:04d}" if n else "GM0917", "bron": tables["gebieden"][0]["bron"]}
             for n in range(5_000)]
    tables["gebieden"] += list(reversed(chain))
    report = import_package(engine, write_csv_package(tmp_path / "p", tables))
    assert report.written, [str(problem) for problem in report.problems]
    with engine.connect() as connection:
        deepest = connection.exec_driver_sql("SELECT ligt_in FROM gebieden WHERE id = 'buurt-4999'").scalar()
    assert deepest == "buurt-4998"


def test_alias_that_is_itself_a_term_is_refused(loaded: Engine, tmp_path: Path) -> None:
    tables = {"aliassen": [dict(mini()["aliassen"][0], alias="Talentontwikkeling")]}
    assert messages(refused(loaded, write_csv_package(tmp_path / "p", tables))) == [
        "aliassen.csv:2:alias: 'Talentontwikkeling' is zelf een begrip; een alias mag geen vaste term zijn"]


def test_override_of_authority_needs_a_reason(loaded: Engine, tmp_path: Path) -> None:
    tables = {"geldstromen": [dict(mini()["geldstromen"][0], zeggenschap="raad beslist")]}
    assert messages(refused(loaded, write_csv_package(tmp_path / "p", tables))) == [
        "geldstromen.csv:2:zeggenschap_reden: wie de regel voor zeggenschap overschrijft, geeft de reden"]


# --- workbooks -------------------------------------------------------------------------------------


def write_workbook(path: Path, tables: dict[str, list[dict[str, object]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        header = [column.name for column in TABLES_BY_NAME[name].columns]
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(column) if row.get(column) != "" else None for column in header])
    workbook.save(path)
    return path


def test_workbook_package_is_imported(engine: Engine, tmp_path: Path) -> None:
    report = import_package(engine, write_workbook(tmp_path / "p.xlsx", mini()))
    assert report.written, messages(report)
    assert len(snapshot(engine)["gebieden"]) == 3


def test_formula_in_a_workbook_cell_is_refused_with_sheet_row_column(loaded: Engine, tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "p.xlsx", {"geldstroombedragen": mini()["geldstroombedragen"]})
    workbook = load_workbook(path)
    workbook["geldstroombedragen"]["D2"] = "=1000*1400"
    workbook.save(path)
    found = messages(refused(loaded, path))
    assert "geldstroombedragen:2:kolom D: een formule is niet toegestaan; vul de waarde zelf in" in found


def test_corrupt_workbook_is_refused(loaded: Engine, tmp_path: Path) -> None:
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"PK\x03\x04 dit is geen werkmap")
    found = messages(refused(loaded, path))
    assert len(found) == 1 and found[0].startswith("kapot.xlsx: de werkmap is beschadigd of geen .xlsx-bestand")


def test_workbook_numbers_and_dates_are_read_as_typed(engine: Engine, tmp_path: Path) -> None:
    tables = mini()
    tables["waarnemingen"][0]["waarde"] = 57.5
    tables["themas"][0]["volgorde"] = 1
    report = import_package(engine, write_workbook(tmp_path / "p.xlsx", tables))
    assert report.written, messages(report)
    assert rows_of(engine, Waarneming)[1].waarde == Decimal("57.5")
