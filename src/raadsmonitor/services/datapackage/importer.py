"""Import a data package: validate and write table by table, in one transaction that is only
committed when the whole package is clean.

Flow (architecture.md): source rows -> validated values -> references and aliases checked against
the package and the store -> written in batches. Tables are read in catalogue order, so a table's
references (only to earlier tables, or to itself) are checked against keys already seen; rows are
streamed from the file and written in batches, so a national package never sits in memory whole.
Any problem anywhere means the transaction is rolled back and nothing is written; every problem is
reported with its file or sheet, row and column.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from raadsmonitor.domain.audit import Actie, AuditContext, Kanaal, Resultaat
from raadsmonitor.domain.catalogue import TABLES, TABLES_BY_NAME, TableSpec
from raadsmonitor.domain.glossary import Alias, Begrip
from raadsmonitor.domain.integrity import alias_problem, begrip_problem, cycle_message, glossary_terms
from raadsmonitor.domain.money import shares_exceed
from raadsmonitor.domain.validation import RowValidator
from raadsmonitor.presentation.finance import overschrijding_tekst
from raadsmonitor.presentation.formatting import aantal
from raadsmonitor.services.audit_context import local_context
from raadsmonitor.services.datapackage.import_changes import RowChange, changed_fields, mark_shared
from raadsmonitor.sources.csv_package import CsvFolderReader
from raadsmonitor.sources.package import (
    Block,
    PackageProblem,
    PackageReader,
    Place,
    RawTable,
    is_example_row,
    package_kind,
)
from raadsmonitor.store import audit, repository
from raadsmonitor.store.database import (
    begin_write,
    references_checked_by_caller,
    rollback_journal_when_alone,
    write_transaction,
)

log = structlog.get_logger(__name__)

MAX_PROBLEMS_PER_TABLE = 1_000
BATCH = repository.BATCH
PARALLEL_BYTES = 16 * 1024 * 1024  # a CSV file this big is checked in a second process while this one writes
GLOSSARY = ("begrippen", "aliassen")  # read first: their aliases apply to every other table
# Held whole and kept to check, after every table, that a stream's funders bring no more than its amount
# (issue 20): the streams and their funders may come in one package, or either from the store.
SHARES = ("geldstromen", "geldstroomfinanciers")

Values = list[Any]  # one record: its values in column order


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    problems: list[PackageProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[str, repository.WriteCount] = field(default_factory=dict)
    examples_skipped: int = 0
    small_amounts: bool = False  # a stream's amount below € 1.000 is meant (--kleine-bedragen, issue 20)
    change_shared: bool = False  # rows other programmes use may change (--wijzig-gedeeld, issue 20)
    changes: list[RowChange] = field(default_factory=list)  # every stored row this import changes, by field

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


def reader_for(path: Path) -> PackageReader:
    if package_kind(path) == "xlsx":
        from raadsmonitor.sources.xlsx_package import XlsxReader  # openpyxl loads slowly; CSV needs none of it

        return XlsxReader(path)
    return CsvFolderReader(path)


# --- 1. which tables, and their headers -----------------------------------------------------------


def _check_header(raw: RawTable, spec: TableSpec) -> list[PackageProblem]:
    expected = [column.name for column in spec.columns]
    problems = []
    seen: Counter[str] = Counter(raw.header)
    for name, count in seen.items():
        if count > 1:
            problems.append(PackageProblem(Place(raw.source, 1, name), "kolom komt meer dan één keer voor"))
    for name in raw.header:
        if name not in expected:
            hint = "lege kolomnaam" if not name else f"onbekende kolom '{name}'"
            problems.append(PackageProblem(Place(raw.source, 1, name or None),
                                           f"{hint}; deze tabel kent: {', '.join(expected)}"))
    for name in expected:
        if name not in seen:
            problems.append(PackageProblem(Place(raw.source, 1, name), "kolom ontbreekt"))
    return problems


def known_tables(tables: Iterable[RawTable], report: ImportReport) -> dict[str, RawTable]:
    """The tables the catalogue knows, each once and with a sound header; the others are problems."""
    found: dict[str, RawTable] = {}
    seen: set[str] = set()
    for raw in tables:
        spec = TABLES_BY_NAME.get(raw.name)
        if spec is None:
            known = ", ".join(table.name for table in TABLES)
            report.problems.append(PackageProblem(Place(raw.source),
                                                  f"onbekende tabel '{raw.name}'; bekend zijn: {known}"))
            continue
        if raw.name in seen:
            report.problems.append(PackageProblem(Place(raw.source), f"tabel '{raw.name}' komt twee keer voor"))
            continue
        seen.add(raw.name)
        header_problems = _check_header(raw, spec)
        if header_problems:
            report.problems.extend(header_problems)
            continue
        found[raw.name] = raw
    return found


# --- 2. rows to values ----------------------------------------------------------------------------


@dataclass
class Batch:
    """Valid rows of one table, as one list of values per column (in the catalogue's column order),
    with the row number of each row."""

    rows: list[int]
    columns: list[list[Any]]

    @classmethod
    def of_records(cls, records: list[Values], rows: list[int], width: int) -> Batch:
        return cls(rows, [list(column) for column in zip(*records, strict=True)] or [[] for _ in range(width)])

    def records(self) -> list[Values]:
        return [list(values) for values in zip(*self.columns, strict=True)]


@dataclass
class Stage:
    """Validating one table's rows: problems (at most MAX_PROBLEMS_PER_TABLE), keys, duplicates."""

    spec: TableSpec
    raw: RawTable
    report: ImportReport
    keys: set[Any]  # the ids of this table, from the store and so far from the package
    problems: int = 0

    def __post_init__(self) -> None:
        spec, header = self.spec, self.raw.header
        names = [column.name for column in spec.columns]
        self.validator = RowValidator(spec.entity, spec.columns, header, small_amounts=self.report.small_amounts)
        self.key_positions = [names.index(name) for name in spec.key]
        # Every key seen so far, and where each was first seen, to name both rows of a duplicate (issue 15: a
        # set, not a dict of row numbers, for the 3.5 million keys of a national waarnemingen table): a key of
        # a row checked one by one with its row in first_rows; the keys of a batch checked per column with
        # that batch's row numbers in seen_in_batches, looked up only when a duplicate is to be named.
        self.seen: set[Any] = set()
        self.first_rows: dict[Any, int] = {}
        self.seen_in_batches: list[tuple[Sequence[int], Sequence[Any]]] = []
        self._batch_rows: dict[Any, int] = {}  # seen_in_batches by key, filled when a duplicate is to be named
        self._batches_indexed = 0
        self.id_index = header.index("id") if spec.key == ("id",) and "id" in header else None
        self.id_position = names.index("id") if spec.key == ("id",) else None

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        self.problems += 1
        if self.problems <= MAX_PROBLEMS_PER_TABLE:
            self.report.problems.append(PackageProblem(Place(self.raw.source, row, column), message))

    def finish(self) -> None:
        """Problems of the file itself (found while reading), and how many were left unlisted."""
        self.report.problems.extend(self.raw.problems)
        if self.problems > MAX_PROBLEMS_PER_TABLE:
            extra = self.problems - MAX_PROBLEMS_PER_TABLE
            self.report.problems.append(PackageProblem(Place(self.raw.source), f"en nog {extra} fouten in dit bestand"))

    def first_row(self, key: Any) -> int | None:
        """The row a key was first seen on, if it was."""
        if key in self.first_rows:
            return self.first_rows[key]
        for rows, keys in self.seen_in_batches[self._batches_indexed:]:
            self._batch_rows.update(zip(keys, rows, strict=True))
        self._batches_indexed = len(self.seen_in_batches)
        return self._batch_rows.get(key)

    def _key_of(self) -> Callable[[Values], Any]:
        """A row's key, as compared for duplicates; aliases differ by more than case."""
        if self.spec.name == "aliassen":
            index = self.key_positions[0]
            return lambda values: str(values[index]).lower()
        return itemgetter(*self.key_positions)

    def rows(self) -> Iterator[tuple[Values, int]]:
        """The valid rows, each with its row number; every other row becomes a problem."""
        return self._row_by_row(self.raw.rows)

    def batches(self) -> Iterator[Batch]:
        """The valid rows in batches of up to BATCH. A batch of whole, clean rows is checked a column at
        a time (issue 8: a third of the time of a national import went to calls per cell); any other
        batch row by row, which names every problem. Both give the same values. Where the container
        gives its rows in parts (RawTable.blocks, issue 15), a part is a batch."""
        parts: Iterator[Block | list[tuple[int, Sequence[Any]]]]
        if self.raw.blocks is not None:
            parts = self.raw.blocks(BATCH)
        else:
            rows = iter(self.raw.rows)
            parts = iter(lambda: list(islice(rows, BATCH)), [])
        for part in parts:
            if isinstance(part, Block):
                batch = self._by_column(part.numbers(), part.columns)
                chunk = None if batch is not None else part.rows()
            else:
                chunk = part
                batch = self._by_column(list(map(itemgetter(0), chunk)), None, list(map(itemgetter(1), chunk)))
            if batch is None:
                checked = list(self._row_by_row(chunk or ()))
                batch = Batch.of_records([values for values, _ in checked], [row for _, row in checked],
                                         len(self.spec.columns))
            yield batch

    def _by_column(self, numbers: list[int], by_position: Sequence[Sequence[Any]] | None,
                   cells: list[Sequence[Any]] | None = None) -> Batch | None:
        """A batch checked a column at a time, from its cells per column (`by_position`, each row as wide as
        the header) or per row (`cells`); None unless every row is valid and no key is seen twice.
        Then _row_by_row finds what is wrong, as it would have anyway: before that, only the first row
        of each key (the same as _row_by_row remembers) and parsed values may have been remembered."""
        if self.spec.name == "aliassen" or not self.validator.width or not numbers:
            return None
        if by_position is None:
            assert cells is not None
            if set(map(len, cells)) != {self.validator.width}:
                return None
            by_position = list(zip(*cells, strict=True))
        if any(is_example_row((first,)) for first in set(by_position[0])):
            return None
        columns = self.validator.columns_of(by_position)
        if columns is None:
            return None
        key_columns = [columns[position] for position in self.key_positions]
        keys = key_columns[0] if len(key_columns) == 1 else list(zip(*key_columns, strict=True))
        # No key twice in the batch, nor seen before; otherwise going over this batch again row by row names
        # each duplicate with the right rows. Nothing of the batch is remembered before that.
        new = set(keys)
        if len(new) != len(numbers) or not self.seen.isdisjoint(new):
            return None
        self.seen |= new
        self.seen_in_batches.append((range(numbers[0], numbers[-1] + 1) if numbers[-1] - numbers[0] + 1 == len(
            numbers) else numbers, keys))
        if self.id_position is not None:
            self.keys.update(columns[self.id_position])
        return Batch(numbers, columns)

    def _row_by_row(self, rows: Iterable[tuple[int, Sequence[Any]]]) -> Iterator[tuple[Values, int]]:
        """The valid rows of `rows`, each with its row number; every other row becomes a problem.

        The key parts are the parsed values, which the column parsers share between rows (one string
        per distinct area or period), so even a national waarnemingen table costs only a small tuple
        per row in `seen`.
        """
        spec, keys, validator = self.spec, self.keys, self.validator
        width = validator.width
        key_of, seen, first_rows = self._key_of(), self.seen, self.first_rows
        id_index, id_position = self.id_index, self.id_position
        for row_number, cells in rows:
            first = cells[0] if cells else None
            if first.__class__ is str and (first[:1] in "Vv" or first[:1].isspace()) and is_example_row(cells):
                self.report.examples_skipped += 1
                continue
            if len(cells) > width and any(str(cell).strip() for cell in cells[width:] if cell is not None):
                self.problem(row_number, None, f"rij heeft {len(cells)} cellen, de kopregel {width}")
                continue
            values, row_problems = validator.values(cells)
            if values is None:
                for row_problem in row_problems:
                    self.problem(row_number, row_problem.column, row_problem.message)
                if id_index is not None and id_index < len(cells) and cells[id_index] is not None:
                    refused_id = " ".join(str(cells[id_index]).split())
                    if refused_id:
                        keys.add(refused_id)  # references to a refused row are not reported a second time
                continue
            key = key_of(values)
            if key in seen:
                first_row = self.first_row(key)
                shown = ", ".join(str(values[spec.columns.index(spec.column(name))]) for name in spec.key)
                self.problem(row_number, spec.key[0], f"dubbele sleutel '{shown}'; staat ook op rij {first_row}")
                continue
            seen.add(key)
            first_rows[key] = row_number
            if id_position is not None:
                keys.add(values[id_position])
            yield values, row_number


# --- 3. references, aliases and order -------------------------------------------------------------


class Vocabulary:
    """Which other names stand for a record: aliases and terms of the glossary, per target table."""

    def __init__(self, begrippen: Iterable[Begrip], aliassen: Iterable[Alias]) -> None:
        by_id = {begrip.id: begrip for begrip in begrippen}
        self.names: dict[tuple[str, str], tuple[str, str]] = {}  # (table, lower name) -> (key, label)
        for begrip in by_id.values():
            if begrip.tabel and begrip.sleutel:
                self.names[(begrip.tabel, begrip.term.lower())] = (begrip.sleutel, begrip.term)
        for alias in aliassen:
            begrip_of_alias = by_id.get(alias.begrip)
            if begrip_of_alias and begrip_of_alias.tabel and begrip_of_alias.sleutel:
                self.names[(begrip_of_alias.tabel, alias.alias.lower())] = (
                    begrip_of_alias.sleutel, begrip_of_alias.term)

    def resolve(self, table: str, name: str) -> tuple[str, str] | None:
        return self.names.get((table, name.lower()))



def _record(spec: TableSpec, values: Values) -> Any:
    return spec.entity(**{column.name: value for column, value in zip(spec.columns, values, strict=True)})


class ImportStopped(Exception):
    """The import cannot go on (its problem says why); the transaction is rolled back."""

    def __init__(self, problem: PackageProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class _Checked:
    """What the checking process of a big file found, sent back after its last batch."""

    problems: list[PackageProblem]
    examples_skipped: int
    used: Counter[tuple[str, str, str]]
    keys: set[Any] | None  # the table's ids, for a table that others refer to
    referenced: dict[str, set[Any]]

    def apply(self, loader: Loader, stage: Stage) -> None:
        loader.report.problems.extend(self.problems)
        loader.report.examples_skipped = self.examples_skipped
        loader.used = self.used
        loader.referenced = self.referenced
        if self.keys is not None:
            stage.keys |= self.keys


def _can_fork() -> bool:
    """A second process that starts as a copy of this one (POSIX); elsewhere everything runs here."""
    return "fork" in multiprocessing.get_all_start_methods()


@dataclass
class Held:
    """A table validated whole before it is written: the glossary, and tables that refer to themselves."""

    stage: Stage
    records: list[Values] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


class Loader:
    """Reads, checks and writes the tables of one package on one connection, in catalogue order."""

    def __init__(self, connection: Connection, tables: dict[str, RawTable], report: ImportReport) -> None:
        self.connection, self.tables, self.report = connection, tables, report
        self.keys: dict[str, set[Any]] = {spec.name: {key[0] for key in repository.load_keys(connection, spec)}
                                          for spec in TABLES if spec.key == ("id",)}
        self.used: Counter[tuple[str, str, str]] = Counter()
        # What the package's rows refer to, and the programmes it holds: whose the package is (issue 20).
        self.referenced: dict[str, set[Any]] = {}
        self.programme_ids: set[str] = set()
        self.rows_of_changes: dict[tuple[str, tuple[Any, ...]], int] = {}
        self.held = {name: self._hold(name) for name in GLOSSARY if name in tables}
        self.vocabulary = Vocabulary(self._merged("begrippen"), self._merged("aliassen"))
        self.kept: dict[str, Held] = {}

    def run(self) -> None:
        for spec in TABLES:
            if spec.name not in self.tables:
                continue
            if spec.name in GLOSSARY:
                self._check_vocabulary(spec.name)
                self._write_held(self.held[spec.name])
            elif spec.name in SHARES or any(column.ref == spec.name for column in spec.columns):
                held = self._hold(spec.name)
                self._write_held(held)
                if spec.name in SHARES:
                    self.kept[spec.name] = held
            else:
                self._stream(spec)
        if self.kept:
            self._check_shares()
        for (alias, target, key), count in sorted(self.used.items()):
            self.report.notices.append(f"'{alias}' is gelezen als {target} '{key}' (begrippenkader; {count}x)")

    def _stage(self, name: str) -> Stage:
        spec = TABLES_BY_NAME[name]
        return Stage(spec, self.tables[name], self.report, self.keys.setdefault(name, set()))

    def _hold(self, name: str) -> Held:
        held = Held(self._stage(name))
        for values, row in held.stage.rows():
            held.records.append(values)
            held.rows.append(row)
        held.stage.finish()
        return held

    def _writer(self, spec: TableSpec) -> repository.TableWriter:
        writer = repository.TableWriter(self.connection, spec)
        self.report.counts[spec.name] = writer.count
        return writer

    def _stream(self, spec: TableSpec) -> None:
        """Validate, check references and write in batches: a big table is never held whole."""
        stage = self._stage(spec.name)
        writer = self._writer(spec)
        if writer.was_empty and stage.raw.size >= PARALLEL_BYTES and _can_fork():
            self._stream_in_parallel(stage, writer)
        else:
            for batch in self._checked_batches(stage):
                writer.write_columns(batch.columns)
        writer.finish()
        self._note_rows(stage, writer.count)

    def _note_rows(self, stage: Stage, count: repository.WriteCount) -> None:
        """The package row of each changed row, while the table's first rows are still known."""
        columns = [stage.spec.column(name) for name in stage.spec.key]
        for key, _, _ in count.changes:
            parsed = [repository.from_row_value(part, column) for part, column in zip(key, columns, strict=True)]
            lookup: Any = parsed[0] if len(parsed) == 1 else tuple(parsed)
            if stage.spec.name == "aliassen":
                lookup = str(lookup).lower()
            row = stage.first_row(lookup)
            if row is not None:
                self.rows_of_changes[(stage.spec.name, key)] = row

    def _checked_batches(self, stage: Stage) -> Iterator[Batch]:
        """The valid rows in batches, references resolved; once anything is wrong anywhere, every
        further row is still checked but no batch is given to write."""
        for batch in stage.batches():
            self._resolve_references(stage, batch)
            if batch.rows and not self.report.problems:
                yield batch
        stage.finish()

    def _stream_in_parallel(self, stage: Stage, writer: repository.TableWriter) -> None:
        """Reading and checking in a second process while this one writes, for a big file going into an
        empty table (issue 8: each takes about half of a national import, and there are two cores).

        The checking process is a fork of this one: it has the keys, aliases and problems so far, and
        never touches the database connection. It sends each batch as the driver's parameters, then
        what it found (problems, example rows, aliases used, keys); this process writes the batches.
        If it dies, the import stops with a problem and the transaction is rolled back.
        """
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        checker = context.Process(target=self._check_for_writer, args=(stage, writer, sending, receiving),
                                  daemon=True,
                                  name=f"raadsmonitor-controle-{stage.spec.name}")
        checker.start()
        sending.close()
        try:
            while True:
                try:
                    message = receiving.recv()
                except EOFError:
                    checker.join()
                    raise ImportStopped(PackageProblem(Place(stage.raw.source), (
                        "de controle van dit bestand is onverwacht gestopt (het proces dat het las "
                        f"eindigde met code {checker.exitcode}); er is niets opgeslagen"))) from None
                if isinstance(message, _Checked):
                    message.apply(self, stage)
                    return
                writer.insert(message)
        finally:
            receiving.close()
            if checker.is_alive():
                checker.kill()
            checker.join()

    def _check_for_writer(self, stage: Stage, writer: repository.TableWriter,
                          sending: multiprocessing.connection.Connection,
                          receiving: multiprocessing.connection.Connection) -> None:
        """In the checking process: send each checked batch as parameters, then the findings.

        The receiving end, inherited from the fork, is closed first: if the importer dies, the next
        send fails and this process ends instead of waiting for a reader that is gone.
        """
        receiving.close()
        known_problems = len(self.report.problems)
        for batch in self._checked_batches(stage):
            sending.send(writer.inserts(batch.columns))
        sending.send(_Checked(problems=self.report.problems[known_problems:],
                              examples_skipped=self.report.examples_skipped, used=self.used,
                              keys=stage.keys if stage.spec.key == ("id",) else None,
                              referenced=self.referenced))
        sending.close()

    def _write_held(self, held: Held) -> None:
        batch = Batch.of_records(held.records, held.rows, len(held.stage.spec.columns))
        self._resolve_references(held.stage, batch)
        held.records = batch.records()
        self._order_within_table(held)
        writer = self._writer(held.stage.spec)
        for start in range(0, len(held.records), BATCH):
            if not self.report.problems:
                writer.write(held.records[start:start + BATCH])
        writer.finish()
        self._note_rows(held.stage, writer.count)

    def _rows_by_key(self, name: str) -> dict[tuple[Any, ...], tuple[Any, int | None]]:
        """The records of a table by key, with their package row: the package's over the store's."""
        spec = TABLES_BY_NAME[name]
        index: dict[tuple[Any, ...], tuple[Any, int | None]] = {
            spec.key_of(record): (record, None) for record in repository.load_records(self.connection, spec)}
        held = self.kept.get(name)
        if held is not None:
            for values, row in zip(held.records, held.rows, strict=True):
                record = _record(spec, values)
                index[spec.key_of(record)] = (record, row)
        return index

    def _check_shares(self) -> None:
        """The funders of one stream bring together no more than its amount, nor more than 100 %; each problem
        at the package row of the stream's last funder (or of the stream, when only its amount came in)."""
        stromen = {key[0]: item for key, item in self._rows_by_key("geldstromen").items()}
        per_stroom: dict[str, list[tuple[Any, int | None]]] = {}
        for financier, row in self._rows_by_key("geldstroomfinanciers").values():
            per_stroom.setdefault(financier.geldstroom, []).append((financier, row))
        for sid, items in sorted(per_stroom.items()):
            stroom, stroom_row = stromen.get(sid, (None, None))
            over = shares_exceed(stroom.totaalbedrag if stroom is not None else None, [f for f, _ in items])
            rows = [row for _, row in items if row is not None]
            if over is None or (not rows and stroom_row is None):  # only what this package touches
                continue
            place = (Place(self.tables["geldstroomfinanciers"].source, max(rows), over.kolom) if rows else
                     Place(self.tables["geldstromen"].source, stroom_row, "totaalbedrag"))
            self.report.problems.append(PackageProblem(place, overschrijding_tekst(over, sid)))

    # --- references -------------------------------------------------------------------------------

    def _resolve_references(self, stage: Stage, batch: Batch) -> None:
        """Every reference must exist in the package or the store; a glossary name is read as its key."""
        spec = stage.spec
        references = [(index, column.name, column.ref) for index, column in enumerate(spec.columns)
                      if column.ref is not None]
        if spec.name == "programmas":
            self.programme_ids.update(batch.columns[spec.columns.index(spec.column("id"))])
        for index, name, ref in references:
            keys = self.keys.setdefault(ref, set())
            column = batch.columns[index]
            self.referenced.setdefault(ref, set()).update(column)
            if keys.issuperset(column):  # the usual case, checked without a loop
                continue
            for position, (value, row) in enumerate(zip(column, batch.rows, strict=True)):
                if value is None or value in keys:
                    continue
                resolved = self.vocabulary.resolve(ref, value)
                if resolved is not None and resolved[0] in keys:
                    column[position] = resolved[0]
                    self.referenced[ref].add(resolved[0])
                    self.used[(value, ref, resolved[0])] += 1
                    continue
                self.report.problems.append(PackageProblem(
                    Place(stage.raw.source, row, name),
                    f"verwijst naar '{value}', maar die bestaat niet in {TABLES_BY_NAME[ref].label}"))

    def _merged(self, name: str) -> list[Any]:
        """The glossary records of the store, replaced or added to by those of the package."""
        spec = TABLES_BY_NAME[name]
        records = {spec.key_of(record): record for record in repository.load_records(self.connection, spec)}
        if name in self.held:
            for values in self.held[name].records:
                record = _record(spec, values)
                records[spec.key_of(record)] = record
        return list(records.values())

    def _check_vocabulary(self, name: str) -> None:
        """Glossary entries must point at records that exist; an alias must not be a term itself."""
        held = self.held[name]
        source = held.stage.raw.source
        records = [_record(held.stage.spec, values) for values in held.records]
        if name == "begrippen":
            for begrip, row in zip(records, held.rows, strict=True):
                problem = begrip_problem(begrip, TABLES_BY_NAME,
                                         lambda table, sleutel: sleutel in self.keys.get(table, set()))
                if problem is not None:
                    self.report.problems.append(PackageProblem(Place(source, row, problem[0]), problem[1]))
            return
        terms = glossary_terms(self._merged("begrippen"))
        for alias, row in zip(records, held.rows, strict=True):
            problem = alias_problem(alias, terms)
            if problem is not None:
                self.report.problems.append(PackageProblem(Place(source, row, problem[0]), problem[1]))

    def _order_within_table(self, held: Held) -> None:
        """Parents before children for references inside one table; a cycle is refused."""
        spec, source = held.stage.spec, held.stage.raw.source
        names = [column.name for column in spec.columns]
        self_refs = [(names.index(column.name), column.name) for column in spec.columns if column.ref == spec.name]
        if not self_refs:
            return
        id_index = names.index("id")
        by_key = {values[id_index]: (values, row) for values, row in zip(held.records, held.rows, strict=True)}
        ordered: list[tuple[Values, int]] = []
        state: dict[str, str] = {}

        def parents(key: str) -> Iterator[str]:
            values = by_key[key][0]
            return (values[index] for index, _ in self_refs if values[index] in by_key)

        # Depth first, parents before children, with an explicit stack: a chain of thousands of rows (5,000
        # gebieden each in the previous) would pass Python's recursion limit (issue 19).
        for root in by_key:
            if root in state:
                continue
            state[root] = "busy"
            path, stack = [root], [parents(root)]
            while stack:
                for parent in stack[-1]:
                    if state.get(parent) == "busy":
                        cycle = cycle_message([*path[path.index(parent):], parent])
                        self.report.problems.append(PackageProblem(Place(source, by_key[parent][1], self_refs[0][1]),
                                                                   cycle))
                    elif parent not in state:
                        state[parent] = "busy"
                        path.append(parent)
                        stack.append(parents(parent))
                        break
                else:
                    stack.pop()
                    key = path.pop()
                    state[key] = "done"
                    ordered.append(by_key[key])
        held.records = [values for values, _ in ordered]
        held.rows = [row for _, row in ordered]


# --- 4. the whole import --------------------------------------------------------------------------


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Rows make millions of short-lived lists and no reference cycles; the cycle collector would
    only walk the growing index of keys again and again (a third of the time of a large import)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _review_changes(connection: Connection, loader: Loader, report: ImportReport) -> None:
    """List every stored row the import changes, field by field; a shared row (import_changes) is refused
    unless the import was told to change shared rows, naming the row, its fields and the programmes."""
    for name, count in report.counts.items():
        spec = TABLES_BY_NAME[name]
        for key, before, after in count.changes:
            report.changes.append(RowChange(name, key, loader.rows_of_changes.get((name, key)),
                                            changed_fields(spec, before, after), source=loader.tables[name].source,
                                            before=before, after=after))
    if not report.changes:
        return
    referenced = {name: {key for key in keys if key is not None} for name, keys in loader.referenced.items()}
    mark_shared(connection, report.changes, referenced, loader.programme_ids)
    if report.change_shared:
        return
    for change in report.changes:
        if change.shared:
            report.problems.append(PackageProblem(Place(change.source, change.row),
                                                  shared_refusal(change)))


def _shown(value: Any) -> str:
    if value is None:
        return "leeg"
    text = str(value) if not isinstance(value, bool) else ("ja" if value else "nee")
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def field_changes_text(change: RowChange) -> str:
    """ambitie ('De leefbaarheid…' → leeg), doeljaar (2041 → 2040)."""
    return ", ".join(f"{item.field} ({_shown(item.old)} → {_shown(item.new)})" for item in change.fields)


def shared_with_text(change: RowChange) -> str:
    parts = []
    if change.national:
        parts.append(f"is een eigen rij van het landelijke programma {', '.join(change.national)}")
    if change.used_by:
        parts.append(f"wordt ook gebruikt door {', '.join(change.used_by)}")
    return " en ".join(parts)


def shared_refusal(change: RowChange) -> str:
    return (f"{change.name} {shared_with_text(change)}; deze import zou wijzigen: {field_changes_text(change)}. "
            "Neem de opgeslagen waarden over in het pakket of laat de rij weg; is de wijziging voor alle "
            "programma's bedoeld, lees dan in met 'raadsmonitor import --wijzig-gedeeld'")


def _audit_import(connection: Any, report: ImportReport, context: AuditContext) -> None:
    """In the import's own transaction: every changed row with its old and new values, then the import.

    New rows are not listed one by one (a national package has millions): their values are the
    package itself, and the import record counts them per table.
    """
    changes = (context.event(Actie.WIJZIGEN, change.name, oud=change.before, nieuw=change.after,
                             toelichting=f"import van {report.source}" + (
                                 f"; gedeelde rij ({shared_with_text(change)}), gewijzigd met --wijzig-gedeeld"
                                 if change.shared else ""))
               for change in report.changes)
    tables = {name: {"nieuw": count.added, "gewijzigd": count.changed, "ongewijzigd": count.unchanged}
              for name, count in report.counts.items()}
    audit.append_many(connection, [*changes, context.event(Actie.IMPORTEREN, report.source,
                                                           nieuw={"tabellen": tables})])


def _object_name(spec: TableSpec, key: tuple[Any, ...]) -> str:
    return f"{spec.name}/" + "/".join(str(part) for part in key)


def _audit_refusal(engine: Engine, report: ImportReport, context: AuditContext) -> None:
    """A refused import writes nothing but its refusal (BIO 8.15: failed actions are logged too)."""
    with write_transaction(engine) as connection:
        audit.append(connection, context.event(
            Actie.IMPORTEREN, report.source, Resultaat.GEWEIGERD,
            toelichting=f"{aantal(len(report.problems), 'probleem', 'problemen')} gevonden; niets opgeslagen"))


STORE_CHANGED = ("de gegevens in de monitor zijn veranderd sinds de controle van dit pakket (iemand anders "
                 "sloeg intussen iets op); er is niets opgeslagen: controleer het pakket opnieuw")


def _write(engine: Engine, tables: dict[str, RawTable], report: ImportReport, context: AuditContext,
           expected_head: tuple[int, str] | None = None) -> None:
    """The one write transaction: committed, after its audit records, only when the whole package was
    clean and this is no dry run. With `expected_head` (the audit trail's head when the package was
    checked, issue 21) it writes only if nothing was recorded since: read inside the write lock."""
    connection = engine.connect()
    try:
        # The Loader checks every reference itself; a first import into an empty SQLite store writes
        # its pages once, without the write-ahead log (rollback_journal_when_alone).
        with references_checked_by_caller(connection), \
                rollback_journal_when_alone(connection, [spec.name for spec in TABLES]):
            transaction = begin_write(connection)
            if expected_head is not None and tuple(audit.head(connection)) != tuple(expected_head):
                transaction.rollback()
                report.problems.append(PackageProblem(Place(report.source), STORE_CHANGED))
                return
            try:
                with _no_cycle_collection():
                    loader = Loader(connection, tables, report)
                    loader.run()
                if not report.problems:
                    _review_changes(connection, loader, report)
                if report.problems or report.dry_run:
                    transaction.rollback()
                else:
                    _audit_import(connection, report, context)
                    transaction.commit()
            except ImportStopped as stopped:
                transaction.rollback()
                report.problems.append(stopped.problem)
            except SQLAlchemyError as error:
                transaction.rollback()
                reason = getattr(error, "orig", None) or error
                report.problems.append(PackageProblem(Place(report.source),
                                                      f"de database weigerde de gegevens: {reason}"))
    finally:
        connection.close()


def import_package(engine: Engine, path: Path, *, dry_run: bool = False, context: AuditContext | None = None,
                   small_amounts: bool = False, change_shared: bool = False) -> ImportReport:
    """Validate a whole package and, if it is clean and not a dry run, store it in one transaction."""
    return import_from(engine, reader_for(path), path.name or str(path), dry_run=dry_run, context=context,
                       small_amounts=small_amounts, change_shared=change_shared)


def import_from(engine: Engine, reader: PackageReader, source: str, *, dry_run: bool = False,
                context: AuditContext | None = None, small_amounts: bool = False,
                change_shared: bool = False, expected_head: tuple[int, str] | None = None) -> ImportReport:
    """The same for any reader of raw tables (a CSV folder, a workbook, an outside source such as CBS).

    Who imports is recorded in the audit trail; without a context, the operating-system user.
    `small_amounts`: a stream's amount below € 1.000 is meant and not refused; `change_shared`: rows that
    other programmes use may change (issue 20; import_changes says which rows those are). With
    `expected_head`, nothing is written if the audit trail moved on from it (a web upload's confirmation).
    """
    context = context or local_context(Kanaal.IMPORT)
    report = ImportReport(source=source, dry_run=dry_run, small_amounts=small_amounts, change_shared=change_shared)
    tables, problems = reader.read()
    report.problems.extend(problems)
    _write(engine, known_tables(tables, report), report, context, expected_head)
    if report.problems:
        report.counts.clear()  # nothing was written; counts of a refused import would only mislead
        report.problems.sort(key=lambda problem: (problem.place.source, problem.place.row or 0))
        log.info("import_refused", source=report.source, problems=len(report.problems))
        if not dry_run:
            _audit_refusal(engine, report, context)
        return report
    log.info("import_done", source=report.source, dry_run=dry_run, written=report.written,
             rows={name: count.added + count.changed for name, count in report.counts.items()})
    return report
