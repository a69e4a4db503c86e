"""Fuzzing every importer, in small: generated cells and packages give a clean import or clean Dutch
problems with their place, never an exception or a partial write. The many-case run with its counts
per table is `bench/fuzz.py` (docs/bench.md); RAADSMONITOR_FUZZ_EXAMPLES sets the cases here."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from raadsmonitor.demo import DEMO_PACKAGE
from raadsmonitor.domain.catalogue import TABLES, TABLES_BY_NAME, TableSpec
from raadsmonitor.domain.validation import RowValidator, build_record
from raadsmonitor.services.datapackage.importer import import_package

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import fuzz  # noqa: E402
import fuzzing  # noqa: E402

EXAMPLES = int(os.environ.get("RAADSMONITOR_FUZZ_EXAMPLES", "12"))
PACKAGE_TABLES = ("bronnen", "gebieden", "indicatoren", "waarnemingen", "geldstromen", "geldstroombedragen",
                  "informatiestukken", "begrippen", "aliassen", "lidmaatschappen")


@pytest.fixture
def demo_engine(engine: Engine) -> Engine:
    assert import_package(engine, DEMO_PACKAGE).ok
    return engine


KEYS = {name: ["heerlen-noord", "GM0917", "rk2023-fig2"] for name in TABLES_BY_NAME}


def _holds_for_text_and_typed_cells(strategy: Callable[..., Any], check: Callable[[Any], None],
                                    spec: TableSpec) -> None:
    """A property over generated cells, as a CSV gives them and as a workbook types them."""
    for typed in (False, True):
        cases, failure = fuzz.run_property(strategy(spec, KEYS, typed=typed), check, EXAMPLES, seed_of(spec))
        assert failure is None, failure
        assert cases >= EXAMPLES


@pytest.mark.parametrize("spec", TABLES, ids=lambda spec: spec.name)
def test_every_table_turns_any_cells_into_a_record_or_dutch_problems(spec: TableSpec) -> None:
    _holds_for_text_and_typed_cells(fuzzing.row_strategy, partial(fuzzing.check_cells, spec), spec)


@pytest.mark.parametrize("spec", TABLES, ids=lambda spec: spec.name)
def test_a_batch_checked_a_column_at_a_time_gives_what_row_by_row_gives(spec: TableSpec) -> None:
    _holds_for_text_and_typed_cells(fuzzing.batch_strategy, partial(fuzzing.check_batch, spec), spec)


def test_the_batch_property_finds_a_column_path_that_disagrees(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = TABLES_BY_NAME["waarnemingen"]
    row = {"indicator": "x", "gebied": "GM0917", "periode": "2021", "peildatum": "", "waarde": "1.50",
           "reeksbreuk": "", "toelichting": "", "bron": "b"}
    fuzzing.check_batch(spec, [row])
    right = RowValidator.columns

    def another_source(self: RowValidator, rows: Sequence[Sequence[object]]) -> list[list[Any]] | None:
        columns = right(self, rows)
        return None if columns is None else [*columns[:-1], ["andere bron"]]

    monkeypatch.setattr(RowValidator, "columns", another_source)
    with pytest.raises(fuzzing.FuzzFailure, match="per kolom"):
        fuzzing.check_batch(spec, [row])


def seed_of(spec: TableSpec) -> int:
    return sum(spec.name.encode())


@pytest.mark.parametrize("door", ["csv", "xlsx"])
def test_generated_packages_import_cleanly_or_change_nothing(demo_engine: Engine, door: str) -> None:
    keys = fuzzing.reference_keys(demo_engine)
    check = partial(fuzzing.check_csv_case if door == "csv" else fuzzing.check_xlsx_case, engine=demo_engine)
    for name in PACKAGE_TABLES:
        spec = TABLES_BY_NAME[name]
        strategy = fuzzing.csv_cases(spec, keys) if door == "csv" else fuzzing.xlsx_cases(spec, keys)
        cases, failure = fuzz.run_property(strategy, check, max(2, EXAMPLES // 4), seed_of(spec), shrink=False)
        assert failure is None, f"{name}: {failure}"
        assert cases >= 1


def test_generated_cbs_tables_and_leefbaarometer_files_import_cleanly_or_change_nothing(demo_engine: Engine) -> None:
    keys = fuzzing.reference_keys(demo_engine)
    codes = [str(gebied.cbs_code or gebied.id) for gebied in fuzzing.stored_gebieden(demo_engine)]
    for strategy, check in ((fuzzing.cbs_cases(keys, codes), fuzzing.check_cbs_case),
                            (fuzzing.leefbaarometer_cases(codes), fuzzing.check_leefbaarometer_case)):
        cases, failure = fuzz.run_property(strategy, partial(check, engine=demo_engine), EXAMPLES, 1, shrink=False)
        assert failure is None, failure
        assert cases >= EXAMPLES


# Cases the fuzzing found, kept as plain examples.

def test_a_day_that_does_not_exist_is_refused_in_dutch() -> None:
    spec = TABLES_BY_NAME["waarnemingen"]
    _, problems = build_record(spec.entity, spec.columns, {"indicator": "x", "gebied": "GM0917", "periode": "2023",
                                                           "peildatum": "2023-02-31", "bron": "b"})
    assert [(problem.column, problem.message) for problem in problems] == [
        ("peildatum", "dag 31 bestaat niet in maand 2 van 2023")]


def test_a_workbook_date_before_the_year_1000_is_a_problem_not_a_crash() -> None:
    spec = TABLES_BY_NAME["waarnemingen"]
    _, problems = build_record(spec.entity, spec.columns, {"indicator": "x", "gebied": "GM0917", "periode": "2023",
                                                           "peildatum": date(999, 1, 1), "bron": "b"})
    assert [(problem.column, problem.message) for problem in problems] == [
        ("peildatum", "jaar 999 valt buiten 1000-9999")]


def test_an_amount_of_29_digits_is_exported_without_rounding() -> None:
    from raadsmonitor.sources.cells import format_decimal

    assert format_decimal(Decimal("10000000000000000000000000001")) == "10000000000000000000000000001"
    assert format_decimal(Decimal("1.350E+6")) == "1350000"
    assert format_decimal(Decimal("66.90")) == "66.9"
