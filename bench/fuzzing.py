"""Property-based fuzzing of every importer (hypothesis): strategies and the properties they must keep.

Shared by `bench/fuzz.py` (many cases, counts per table) and `tests/bench/test_fuzz.py` (a few cases).

The property, for every table of the catalogue and every door data comes in by: whatever the cells,
the result is either a clean import or clean validation problems — a Dutch message with its place
(file or sheet, row, column) — never an exception and never a partial write.

- cells: `domain.validation.build_record` on generated rows (text as a CSV gives it, and the typed
  values a workbook gives: numbers, dates, booleans). A valid record must read back from its own
  canonical text (`sources.cells.format_cell`) as the same record.
- batches: a few generated rows checked a column at a time (`RowValidator.columns`, the importer's
  quick path) must give exactly the values row by row gives, or be left to row by row when any
  row is refused.
- CSV package: a folder with one generated table (header and file-level damage too: BOM, semicolons,
  not UTF-8, NUL, unknown or missing columns, ragged rows, example rows), imported into a store that
  holds the demo; the store must be untouched when there are problems, and grow by exactly the rows
  reported as added when there are none.
- XLSX package: the same rows as typed cells in a workbook (plus formulas and damaged files).
- CBS and Leefbaarometer: generated StatLine rows and score files through their readers.
"""

from __future__ import annotations

import csv
import hashlib
import re
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from raadsmonitor.domain.catalogue import TABLES, TABLES_BY_NAME, TableSpec
from raadsmonitor.domain.columns import Column, Kind
from raadsmonitor.domain.validation import FALSE_WORDS, TRUE_WORDS, RowValidator, build_record
from raadsmonitor.services.datapackage.importer import ImportReport, import_from, import_package
from raadsmonitor.sources.cbs import CbsPackageReader, CbsTabel, register_of
from raadsmonitor.sources.cells import format_cell
from raadsmonitor.sources.leefbaarometer import LeefbaarometerReader
from raadsmonitor.sources.package import PackageProblem
from raadsmonitor.store import repository
from raadsmonitor.store.tables import table

# Words of Python's own (English) error messages; a problem shown to a user must not read like that.
ENGLISH = re.compile(r"\b(the|out of range|must be|invalid|not a|cannot|could not|expected|object|error|"
                     r"day|month|year|none|traceback|exception)\b", re.IGNORECASE)
TODAY = date(2026, 11, 28)


class FuzzFailure(AssertionError):
    """A generated case broke the property; the message says how (for the counts table)."""


def assert_dutch(message: str, context: object) -> None:
    """Not empty and no English words outside the quoted value the message repeats ('NONE' is geen getal)."""
    own_words = re.sub(r"'[^']*'", "", message)
    if not message.strip() or ENGLISH.search(own_words):
        raise FuzzFailure(f"geen nette Nederlandse melding: {message!r} ({context!r})")


# --- cell strategies ----------------------------------------------------------------------------------

BLANK = st.sampled_from(["", " ", "\t", "\u00a0"])
FORMULA = st.sampled_from(["=1+1", "+31", "-5", "@SUM(A1)", "'=x", "''=", "'\tx", "=HYPERLINK(\"x\")"])
# Text a spreadsheet or a file can hold: any character but the surrogates and the C0 controls a
# workbook cannot store (those are covered by the CSV strategies, which allow everything).
ANY_TEXT = st.text(max_size=30)
SHEET_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


def _case_variants(words: Sequence[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(words)).flatmap(
        lambda word: st.sampled_from([word, word.upper(), f"  {word} ", word.title()]))


def integer_text() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(-10**6, 10**12).map(str), st.integers(-10**40, 10**40).map(str),
                     st.sampled_from([" 12 ", "+3", "1.0", "1,5", "1e3", "٣", "0x10", "1_000", "--1"]))


def decimal_text() -> st.SearchStrategy[str]:
    plain = st.decimals(allow_nan=True, allow_infinity=True).map(str)
    comma = st.decimals(min_value=-10**9, max_value=10**9, places=3).map(lambda value: str(value).replace(".", ","))
    odd = st.sampled_from(["€ 1350000", "€1.350.000", "1.350.000", "1 350 000", "66,9", ",5", "5.", "1e5", "NaN",
                           "-Infinity", "1,2,3", "12%", "\u00a01\u00a0000"])
    return st.one_of(plain, comma, odd)


def datum_text() -> st.SearchStrategy[str]:
    years = st.integers(0, 12_000)
    months = st.integers(0, 13)
    days = st.integers(0, 32)
    return st.one_of(
        st.tuples(years, months, days).map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
        st.tuples(years, months).map(lambda t: f"{t[0]:04d}-{t[1]:02d}"),
        years.map(str), st.dates().map(date.isoformat),
        st.sampled_from(["2021-K2", "22-11-2021", "2021/11/22", "2021-11-22T10:00", "nov 2021", "2021-1-5"]))


def ref_text(column: Column, keys: dict[str, list[str]]) -> st.SearchStrategy[str]:
    known = keys.get(column.ref or "", [])
    existing = st.sampled_from(known).flatmap(
        lambda key: st.sampled_from([key, f" {key} ", key.upper(), key.replace("-", "  -")])) if known else st.nothing()
    return st.one_of(existing, existing, ANY_TEXT)


def text_for(column: Column, keys: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """What a CSV cell of this column could hold: mostly plausible, often wrong, sometimes empty."""
    if column.kind is Kind.INTEGER:
        typed = integer_text()
    elif column.kind is Kind.DECIMAL:
        typed = decimal_text()
    elif column.kind is Kind.BOOLEAN:
        typed = _case_variants([*TRUE_WORDS, *FALSE_WORDS, "misschien"])
    elif column.kind is Kind.DATE:
        typed = st.one_of(st.dates().map(date.isoformat), datum_text())
    elif column.kind is Kind.DATUM:
        typed = datum_text()
    elif column.kind is Kind.ENUM:
        typed = _case_variants([*column.choices, "onbekend"])
    elif column.kind is Kind.REF:
        typed = ref_text(column, keys)
    else:
        typed = st.one_of(ANY_TEXT, FORMULA, st.just("x" * (column.max_length + 1)))
    return st.one_of(typed, typed, typed, BLANK, ANY_TEXT)


def value_for(column: Column, keys: dict[str, list[str]], text: st.SearchStrategy[str] | None = None
              ) -> st.SearchStrategy[Any]:
    """What a workbook cell could hold: the text forms, and typed numbers, dates and booleans."""
    typed: st.SearchStrategy[Any] = st.one_of(
        st.integers(-10**15, 10**15), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
        st.dates(), st.datetimes(), st.none())
    text = text if text is not None else text_for(column, keys)
    return st.one_of(text, text, typed)


def row_strategy(spec: TableSpec, keys: dict[str, list[str]], *, typed: bool) -> st.SearchStrategy[dict[str, Any]]:
    cell = value_for if typed else text_for
    return st.fixed_dictionaries({column.name: cell(column, keys) for column in spec.columns})


# --- 1. cells -----------------------------------------------------------------------------------------


def check_cells(spec: TableSpec, cells: dict[str, Any]) -> None:
    """build_record gives a record that reads back from its own text, or Dutch problems per column."""
    names = {column.name for column in spec.columns}
    try:
        record, problems = build_record(spec.entity, spec.columns, cells)
    except Exception as error:
        raise FuzzFailure(f"{spec.name}: {type(error).__name__}: {error} bij {cells!r}") from error
    if record is None:
        if not problems:
            raise FuzzFailure(f"{spec.name}: geweigerd zonder melding: {cells!r}")
        for problem in problems:
            if problem.column not in names:
                raise FuzzFailure(f"{spec.name}: melding zonder kolom van de tabel: {problem!r}")
            assert_dutch(problem.message, cells)
        return
    text = {column.name: format_cell(getattr(record, column.name), column) for column in spec.columns}
    again, again_problems = build_record(spec.entity, spec.columns, text)
    if again != record:
        raise FuzzFailure(f"{spec.name}: {cells!r} leest niet terug uit {text!r}: {again_problems or again!r}")


def batch_strategy(spec: TableSpec, keys: dict[str, list[str]], *,
                   typed: bool) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(row_strategy(spec, keys, typed=typed), min_size=1, max_size=6)


def check_batch(spec: TableSpec, rows: list[dict[str, Any]]) -> None:
    """A batch checked a column at a time (RowValidator.columns, issue 8) gives exactly what row by row
    gives when every row is valid (same values, same types, same decimals); with any refused row, or a
    rule across fields, it is left to row by row (None)."""
    header = [column.name for column in spec.columns]
    cells = [[row[name] for name in header] for row in rows]
    by_row, by_column = (RowValidator(spec.entity, spec.columns, header) for _ in range(2))
    try:
        expected = [by_row.values(row)[0] for row in cells]
        columns = by_column.columns(cells)
    except Exception as error:
        raise FuzzFailure(f"{spec.name}: {type(error).__name__}: {error} bij {cells!r}") from error
    if by_column.rules is not None or any(values is None for values in expected):
        if columns is not None:
            raise FuzzFailure(f"{spec.name}: per kolom aangenomen, per rij niet: {cells!r}")
        return
    wanted = [list(column) for column in zip(*expected, strict=True)]
    if columns is None or repr(columns) != repr(wanted):
        raise FuzzFailure(f"{spec.name}: per kolom {columns!r}, per rij {wanted!r} bij {cells!r}")


# --- the store ----------------------------------------------------------------------------------------


def reference_keys(engine: Engine) -> dict[str, list[str]]:
    """The id keys the store holds per table (for plausible references)."""
    with engine.connect() as connection:
        return {spec.name: sorted(str(key[0]) for key in repository.load_keys(connection, spec))
                for spec in TABLES if spec.key == ("id",)}


def fingerprint(engine: Engine, names: Sequence[str]) -> tuple[dict[str, int], str]:
    """Row counts of every table, and a hash over the rows of the named ones."""
    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        for spec in TABLES:
            counts[spec.name] = connection.execute(select(func.count()).select_from(table(spec.name))).scalar_one()
        for name in names:
            stored = table(name)
            order = [stored.c[column] for column in TABLES_BY_NAME[name].key]
            for row in connection.execute(select(stored).order_by(*order)):
                digest.update(repr(tuple(row)).encode())
    return counts, digest.hexdigest()


def check_report(report: ImportReport, engine: Engine, before: tuple[dict[str, int], str], names: Sequence[str]
                 ) -> None:
    """Problems: clean, placed, and nothing written. No problems: the store grew by the rows added."""
    after = fingerprint(engine, names)
    if report.problems:
        for problem in report.problems:
            check_problem(problem)
        if after != before:
            raise FuzzFailure(f"geweigerde import schreef toch: {report.problems[:3]}")
        return
    for name, count in report.counts.items():
        if after[0][name] - before[0][name] != count.added:
            raise FuzzFailure(f"{name}: {after[0][name] - before[0][name]} rijen erbij, gemeld {count.added}")
    for name in set(after[0]) - set(report.counts):
        if after[0][name] != before[0][name]:
            raise FuzzFailure(f"{name}: niet in het pakket, toch veranderd")


def check_problem(problem: PackageProblem) -> None:
    if not problem.place.source:
        raise FuzzFailure(f"melding zonder plaats: {problem}")
    if problem.place.column is not None and problem.place.row is None:
        raise FuzzFailure(f"melding met kolom maar zonder rij: {problem}")
    assert_dutch(problem.message, str(problem.place))


def guarded_import(run: Callable[[], ImportReport], engine: Engine, names: Sequence[str]) -> ImportReport:
    before = fingerprint(engine, names)
    try:
        report = run()
    except Exception as error:
        raise FuzzFailure(f"{type(error).__name__}: {error}") from error
    check_report(report, engine, before, names)
    return report


# --- 2. CSV packages ----------------------------------------------------------------------------------


@dataclass
class CsvCase:
    """One table as a CSV file, with the file-level damage to apply."""

    spec: TableSpec
    rows: list[dict[str, str]]
    header_change: str = "none"  # none, drop, unknown, duplicate, upper, empty
    damage: str = "none"  # none, bom, semicolon, latin1, nul, ragged, example, garbage, empty_file
    garbage: bytes = b""
    extra: list[str] = field(default_factory=list)


HEADER_CHANGES = ("none", "none", "none", "drop", "unknown", "duplicate", "upper", "empty")
DAMAGES = ("none", "none", "none", "none", "bom", "semicolon", "latin1", "nul", "ragged", "example", "garbage",
           "empty_file")


@st.composite
def csv_cases(draw: st.DrawFn, spec: TableSpec, keys: dict[str, list[str]]) -> CsvCase:
    rows = draw(st.lists(row_strategy(spec, keys, typed=False), min_size=1, max_size=4))
    return CsvCase(spec, rows, draw(st.sampled_from(HEADER_CHANGES)), draw(st.sampled_from(DAMAGES)),
                   draw(st.binary(max_size=20)), draw(st.lists(ANY_TEXT, min_size=1, max_size=3)))


def _header(case: CsvCase) -> list[str]:
    header = [column.name for column in case.spec.columns]
    if case.header_change == "drop" and len(header) > 1:
        header = header[:-1]
    elif case.header_change == "unknown":
        header = [*header, "onbekend"]
    elif case.header_change == "duplicate":
        header = [*header, header[0]]
    elif case.header_change == "upper":
        header = [header[0].upper(), *header[1:]]
    elif case.header_change == "empty":
        header = [*header, ""]
    return header


def write_csv_case(case: CsvCase, folder: Path) -> None:
    header = _header(case)
    delimiter = ";" if case.damage == "semicolon" else ","
    lines = [header] + [[row.get(name, "") for name in header] for row in case.rows]
    if case.damage == "ragged":
        lines[-1] = lines[-1] + case.extra
    if case.damage == "example":
        lines.insert(1, ["VOORBEELD: " + (lines[1][0] if len(lines) > 1 and lines[1] else ""), *lines[1][1:]])
    path = folder / f"{case.spec.name}.csv"
    with path.open("w", encoding="utf-8", errors="surrogatepass", newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\n").writerows(lines)
    _damage_bytes(path, case)


def _damage_bytes(path: Path, case: CsvCase) -> None:
    data = path.read_bytes()
    if case.damage == "bom":
        data = "\ufeff".encode() + data
    elif case.damage == "latin1":
        data = data.decode("utf-8", errors="surrogatepass").encode("latin-1", errors="replace") + b"\xe9\xff"
    elif case.damage == "nul":
        data = data[: len(data) // 2] + b"\x00" + data[len(data) // 2:]
    elif case.damage == "garbage":
        data = data + case.garbage
    elif case.damage == "empty_file":
        data = b""
    path.write_bytes(data)


def check_csv_case(case: CsvCase, engine: Engine) -> ImportReport:
    with tempfile.TemporaryDirectory(prefix="fuzz-csv-") as folder:
        write_csv_case(case, Path(folder))
        return guarded_import(lambda: import_package(engine, Path(folder)), engine, [case.spec.name])


# --- 3. XLSX packages ---------------------------------------------------------------------------------


@dataclass
class XlsxCase:
    spec: TableSpec
    rows: list[dict[str, Any]]
    formula: bool
    damage: str  # none, truncated, garbage, instruction
    garbage: bytes


@st.composite
def xlsx_cases(draw: st.DrawFn, spec: TableSpec, keys: dict[str, list[str]]) -> XlsxCase:
    text = st.one_of(SHEET_TEXT, st.sampled_from(sorted(keys.get("bronnen", ["x"]))))
    cells = st.fixed_dictionaries({column.name: value_for(column, keys, st.one_of(
        text_for(column, keys).filter(lambda value: not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", value)),
        text)) for column in spec.columns})
    rows = draw(st.lists(cells, min_size=1, max_size=4))
    damage = draw(st.sampled_from(("none", "none", "none", "none", "truncated", "garbage", "instruction")))
    return XlsxCase(spec, rows, draw(st.booleans()), damage, draw(st.binary(min_size=1, max_size=200)))


def write_xlsx_case(case: XlsxCase, path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = case.spec.name
    header = [column.name for column in case.spec.columns]
    sheet.append(header)
    for row in case.rows:
        sheet.append([_sheet_value(row[name]) for name in header])
    if case.formula:
        sheet.cell(row=2, column=1, value="=1+1")
    if case.damage == "instruction":
        workbook.create_sheet("Instructie").append(["uitleg"])
    workbook.save(path)
    if case.damage == "truncated":
        path.write_bytes(path.read_bytes()[: max(1, len(path.read_bytes()) // 2)])
    elif case.damage == "garbage":
        path.write_bytes(case.garbage)


def _sheet_value(value: Any) -> Any:
    """What a workbook can hold (text starting with '=' becomes a formula, as when a person types it)."""
    if isinstance(value, float) and value != value:
        return None  # a workbook cannot hold NaN
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return str(value)
    return value


def check_xlsx_case(case: XlsxCase, engine: Engine) -> ImportReport:
    with tempfile.TemporaryDirectory(prefix="fuzz-xlsx-") as folder:
        path = Path(folder) / "pakket.xlsx"
        try:
            write_xlsx_case(case, path)
        except (ValueError, TypeError, zipfile.BadZipFile) as error:  # openpyxl cannot write this value
            raise CannotWrite(str(error)) from error
        return guarded_import(lambda: import_package(engine, path), engine, [case.spec.name])


class CannotWrite(Exception):
    """openpyxl refused to write a generated value: not a case a person can make either."""


# --- 4. CBS StatLine tables ---------------------------------------------------------------------------

CBS_TABLES = ("bronnen", "gebieden", "waarnemingen")
LEEFBAAROMETER_TABLES = ("bronnen", "gebieden", "leefbaarometerscores")


def stored_gebieden(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        return repository.load_records(connection, TABLES_BY_NAME["gebieden"])


def region_codes(codes: Sequence[str]) -> st.SearchStrategy[str]:
    made = st.one_of(st.integers(0, 9999).map(lambda n: f"GM{n:04d}"),
                     st.integers(0, 999999).map(lambda n: f"WK{n:06d}"),
                     st.integers(0, 99999999).map(lambda n: f"BU{n:08d}"),
                     st.sampled_from(["NL01", "PV20", "LD01", "CR01", ""]))
    known = st.sampled_from(sorted(codes)).map(lambda code: code.ljust(10)) if codes else st.nothing()
    return st.one_of(known, known, made, ANY_TEXT)


def cbs_value() -> st.SearchStrategy[Any]:
    odd = st.one_of(st.lists(st.integers(), max_size=2),
                    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1))
    return st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
                     st.booleans(), st.sampled_from([".", "x", "-", "", "  12.5 ", "1,5"]), decimal_text(), ANY_TEXT,
                     odd)


def period_code() -> st.SearchStrategy[str]:
    return st.one_of(st.tuples(st.integers(0, 9999), st.sampled_from(["JJ", "MM", "KW", "XX"]), st.integers(0, 99))
                     .map(lambda t: f"{t[0]:04d}{t[1]}{t[2]:02d}"), ANY_TEXT)


@dataclass
class CbsCase:
    tabel: CbsTabel
    measures: dict[str, str]
    periode: str | None


@st.composite
def cbs_cases(draw: st.DrawFn, keys: dict[str, list[str]], codes: Sequence[str]) -> CbsCase:
    with_time = draw(st.booleans())
    properties = [{"Key": "M1", "Type": "Topic", "Title": "Maat een"}, {"Key": "M2", "Type": "Topic", "Title": "Twee"},
                  {"Key": "WijkenEnBuurten", "Type": "GeoDimension"}]
    if with_time:
        properties.append({"Key": "Perioden", "Type": "TimeDimension"})
    row = st.fixed_dictionaries({"ID": st.integers(0, 10**6), "WijkenEnBuurten": region_codes(codes),
                                 "Perioden": period_code(), "M1": cbs_value(), "M2": cbs_value()})
    rows = draw(st.lists(row, max_size=5))
    indicators = keys.get("indicatoren") or ["x"]
    measures = {"M1": draw(st.one_of(st.sampled_from(indicators), ANY_TEXT)), "M2": draw(st.sampled_from(indicators))}
    info = {"Title": draw(ANY_TEXT), "Modified": draw(st.one_of(st.just("2024-03-01T02:00:00"), ANY_TEXT)),
            "Period": draw(st.one_of(st.just("2023"), ANY_TEXT))}
    regions = {str(item["WijkenEnBuurten"]).strip(): draw(ANY_TEXT) for item in rows}
    tabel = CbsTabel(draw(st.sampled_from(["85618NED", "83765NED", " 8 x "])), info, properties, rows, regions)
    return CbsCase(tabel, measures, draw(st.one_of(st.none(), st.just("2022"), ANY_TEXT)))


def check_cbs_case(case: CbsCase, engine: Engine) -> ImportReport:
    reader = CbsPackageReader([(case.tabel, case.measures)], register_of(stored_gebieden(engine)), TODAY,
                              case.periode)
    return guarded_import(lambda: import_from(engine, reader, reader.source), engine, CBS_TABLES)


# --- 5. Leefbaarometer score files --------------------------------------------------------------------

LEEFBAAROMETER_COLUMNS = ("bu_code", "jaar", "lbm", "fys", "onv", "soc", "vrz", "won")


@dataclass
class LeefbaarometerCase:
    header: list[str]
    rows: list[list[str]]
    delimiter: str
    encoding: str  # utf-8, utf-8-sig, latin-1
    gemeente: str | None


@st.composite
def leefbaarometer_cases(draw: st.DrawFn, codes: Sequence[str]) -> LeefbaarometerCase:
    header = list(LEEFBAAROMETER_COLUMNS)
    change = draw(st.sampled_from(["none", "none", "upper", "drop", "extra", "shuffle"]))
    if change == "upper":
        header = [name.upper() for name in header]
    elif change == "drop":
        header.remove(draw(st.sampled_from(header)))
    elif change == "extra":
        header.append("opmerking")
    elif change == "shuffle":
        header = draw(st.permutations(header))
    buurten = [code for code in codes if code.startswith("BU")]
    cell = {"bu_code": st.one_of(st.sampled_from(buurten) if buurten else st.nothing(), region_codes(codes)),
            "jaar": st.one_of(st.integers(1990, 2030).map(str), integer_text(), BLANK)}
    rows = draw(st.lists(st.fixed_dictionaries({name: cell.get(name, st.one_of(decimal_text(), BLANK, ANY_TEXT))
                                                for name in header}), max_size=5))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1"]))
    return LeefbaarometerCase(header, [[row[name] for name in header] for row in rows],
                              draw(st.sampled_from([",", ";"])), encoding,
                              draw(st.one_of(st.none(), st.just("GM0917"), st.just("0917"), ANY_TEXT)))


def check_leefbaarometer_case(case: LeefbaarometerCase, engine: Engine) -> ImportReport:
    with tempfile.TemporaryDirectory(prefix="fuzz-lbm-") as folder:
        path = Path(folder) / "lbm scores 2022.csv"
        with path.open("w", encoding=case.encoding, errors="replace", newline="") as handle:
            csv.writer(handle, delimiter=case.delimiter, lineterminator="\n").writerows([case.header, *case.rows])
        reader = LeefbaarometerReader(path, stored_gebieden(engine), TODAY, case.gemeente)
        return guarded_import(lambda: import_from(engine, reader, path.name), engine, LEEFBAAROMETER_TABLES)
