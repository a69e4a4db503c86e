"""Reading and writing domain records. Functions never commit: the caller owns the transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import chain, islice, repeat
from operator import is_, itemgetter, ne
from typing import Any

from sqlalchemy import ColumnElement, Connection, Dialect, Result, and_, func, insert, select, tuple_, update

from raadsmonitor.domain.catalogue import TableSpec
from raadsmonitor.domain.columns import Column, Kind
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.kinds import KINDS, domain_value, reader, stored_value
from raadsmonitor.domain.records import KNOWN, ONE_OF
from raadsmonitor.store import tallies
from raadsmonitor.store.tables import KEYED_BY_UNIQUE_INDEX, key_index_name, table

BATCH = 5_000
# On SQLite, the rows of a table that was empty go in this many per INSERT (issue 15: a statement per row cost
# the writer about 2.4 s more CPU in a national import, bench/RESULTS.md session 12), fewer where a row is so
# wide that they would pass SQLite's limit on parameters per statement (_rows_per_insert).
ROWS_PER_INSERT = 100
# SQLITE_MAX_VARIABLE_NUMBER before SQLite 3.32, when the driver cannot say the connection's own limit.
_SQLITE_PARAMETERS = 999
# On SQLite, a secondary index of a table that was empty stays up to date row by row when the first rows of the
# import give its leading column in runs at least this long (TableWriter._in_runs): each run adds to one place of
# the index. Rows in no such order touch its pages at random, and it is dropped and built after the rows (issue 15,
# bench/RESULTS.md session 13: for the national waarnemingen, keeping the gebied and bron indexes up to date took
# the writer 2 s more while the checking process was still busy, and saved 2 s of building them afterwards).
RUN_LENGTH = 100
# Helper threads SQLite may sort with while it builds an index after the rows (PRAGMA threads; issue 15: the key of
# the national waarnemingen 2.17 -> 1.83 s, medians of 3 alternated pairs, bench/RESULTS.md session 13).
SORT_THREADS = 2


def to_row_value(value: Any, column: Column) -> Any:
    """The stored form of a domain value (domain/kinds.py)."""
    return stored_value(value, column)


def from_row_value(value: Any, column: Column) -> Any:
    """A stored value back as the domain's value (domain/kinds.py)."""
    return domain_value(value, column)


def to_row(spec: TableSpec, record: object) -> dict[str, Any]:
    return {column.name: to_row_value(getattr(record, column.name), column) for column in spec.columns}


# Per table spec: each column's name and its reader (domain/kinds.py), made on first use.
_ROW_PLANS: dict[int, tuple[TableSpec, tuple[tuple[str, Callable[[Any], Any] | None], ...]]] = {}


def _row_plan(spec: TableSpec) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    found = _ROW_PLANS.get(id(spec))
    if found is None or found[0] is not spec:
        found = _ROW_PLANS[id(spec)] = (spec, tuple((column.name, reader(column)) for column in spec.columns))
    return found[1]


def from_row(spec: TableSpec, row: Any) -> Any:
    """The record of a row: `from_row_value` per column, with each column's reader looked up once per table."""
    mapping = row._mapping
    values = {}
    for name, read in _row_plan(spec):
        value = mapping[name]
        values[name] = value if read is None or value is None else read(value)
    return spec.entity(**values)


def records_of(spec: TableSpec, result: Result[Any]) -> Iterator[Any]:
    """The records of a result of `select(table)`, as `from_row` makes them, BATCH rows fetched at a time: a row
    is taken apart by position and only the columns with a reader are converted (issue 15: reading a national
    table's rows one `fetchone` and one `row._mapping` at a time was most of a cold page's time)."""
    plan = _row_plan(spec)
    names = tuple(name for name, _ in plan)
    position = {name: index for index, name in enumerate(result.keys())}
    in_order = itemgetter(*(position[name] for name in names))
    readers = [(index, read) for index, (_, read) in enumerate(plan) if read is not None]
    entity = spec.entity
    single = len(names) == 1
    while rows := result.fetchmany(BATCH):
        for row in rows:
            values = [in_order(row)] if single else list(in_order(row))
            for index, read in readers:
                if (value := values[index]) is not None:
                    values[index] = read(value)
            yield entity(**dict(zip(names, values, strict=True)))


def iter_records(connection: Connection, spec: TableSpec) -> Iterator[Any]:
    """All records of a table, ordered by key, streamed."""
    sa_table = table(spec.name)
    # On the statement: Connection.execution_options would switch the whole connection to streaming.
    query = select(sa_table).order_by(*(sa_table.c[name] for name in spec.key)).execution_options(yield_per=BATCH)
    yield from records_of(spec, connection.execute(query))


def load_records(connection: Connection, spec: TableSpec) -> list[Any]:
    return list(iter_records(connection, spec))


def _query_value(value: Any, column: Column) -> Any:
    """A value to compare a column with: enumerations may be given as members or as their text."""
    if isinstance(value, Enum):
        return value.value
    return value.iso() if isinstance(value, Datum) else value


def _condition(spec: TableSpec, name: str, wanted: object) -> ColumnElement[bool]:
    column = next((c for c in spec.columns if c.name == name), None)
    if column is None:
        raise ValueError(f"{spec.name} has no column {name}")
    sa_column = table(spec.name).c[name]
    if isinstance(wanted, ONE_OF):
        return sa_column.in_([_query_value(value, column) for value in wanted])
    if wanted is None:
        return sa_column.is_(None)
    if wanted is KNOWN:
        return sa_column.is_not(None)
    return sa_column == _query_value(wanted, column)


def select_records(connection: Connection, spec: TableSpec, equals: dict[str, object], limit: int | None = None,
                   offset: int = 0) -> list[Any]:
    """The records whose columns equal the given values (a collection: one of them), ordered by key.

    Served by the store's indexes: every reference column and the (composite) key are indexed.
    """
    sa_table = table(spec.name)
    query = (select(sa_table).where(*(_condition(spec, name, wanted) for name, wanted in equals.items()))
             .order_by(*(sa_table.c[name] for name in spec.key)).offset(offset or None).limit(limit))
    return list(records_of(spec, connection.execute(query)))


def count_by(connection: Connection, spec: TableSpec, name: str, equals: dict[str, object]) -> dict[Any, int]:
    """How many rows (whose columns equal the given values) there are per value of one column (GROUP BY).

    A count the writes keep (store/tallies.py: the waarnemingen per source, those with a value per indicator) is
    read, not counted."""
    kept = tallies.answering(spec.name, name, equals)
    if kept is not None:
        return tallies.read(connection, spec.name, *kept)
    column = next(c for c in spec.columns if c.name == name)
    sa_column = table(spec.name).c[name]
    query = (select(sa_column, func.count())
             .where(*(_condition(spec, key, wanted) for key, wanted in equals.items())).group_by(sa_column))
    read = reader(column)  # once per column, not per value (a table's ids: thousands of groups, issue 15)
    if read is None:
        return {value: count for value, count in connection.execute(query)}
    return {None if value is None else read(value): count for value, count in connection.execute(query)}


def load_keys(connection: Connection, spec: TableSpec) -> set[tuple[Any, ...]]:
    sa_table = table(spec.name)
    columns = [sa_table.c[name] for name in spec.key]
    return {tuple(row) for row in connection.execute(select(*columns))}


Row = tuple[Any, ...]
Change = tuple[Row, dict[str, Any], dict[str, Any]]


@dataclass
class WriteCount:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    # For the audit trail (issue 7): each update of an existing key to other values, as
    # (key, the row before as load_records reads it, the row after as to_row gives it).
    changes: list[Change] = field(default_factory=list)


def _converter(column: Column, processor: Callable[[Any], Any] | None) -> tuple[Callable[[Any], Any] | None, bool]:
    """Domain value to the driver's parameter: the stored form (to_row_value), then the column type's own binding;
    and whether it is converted once per distinct object (yes/no, dates, choices: the parsers hand out one
    object per distinct text) or per cell."""
    if column.kind is Kind.BOOLEAN:
        return processor, True
    if KINDS[column.kind].stored is None:
        return processor, False  # the type's own binding, which takes None too
    if processor is None:
        return (lambda value: to_row_value(value, column)), True
    return (lambda value: processor(to_row_value(value, column))), True


@dataclass
class Inserts:
    """Rows for TableWriter.insert(), as the parameters of each column except those at the positions in
    `empty`, which are NULL in every row. Columns, because they travel between processes in a third less
    time than rows."""

    columns: list[Sequence[Any]]
    empty: tuple[int, ...] = ()

    def rows(self) -> list[Row]:
        return list(zip(*self.columns, strict=True))


class TableWriter:
    """Writes the records of one table in batches, inside the caller's transaction; rows not given stay.

    A record is given as its values in column order. A table that was empty when the writer started
    only gets inserts (the importer has refused duplicate keys already), which is the fast path of a
    first import; otherwise each batch's keys are looked up, so the count of new, changed and unchanged
    rows is exact and every changed row is reported with its values before and after. New and changed
    rows are written with INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE a value differs.
    Records must come in an order that satisfies references within the table (parents first).
    Call finish() after the last batch.

    On SQLite, a table that was empty gets the unique index that keys a table of tables.KEYED_BY_UNIQUE_INDEX built
    once after its rows instead of row by row (a sorted build is several times cheaper; a primary key's index cannot
    be dropped; issues 8 and 15), and so does each secondary index unless the first rows give its leading column in
    runs of at least RUN_LENGTH (then it is kept up to date as the rows go in, while the importer's checking process
    is still busy); its rows go in ROWS_PER_INSERT to an INSERT. Dropping and creating the indexes happens inside
    the caller's transaction, so a rollback brings them back, and other connections keep reading their own snapshot
    meanwhile. A table with rows keeps its key index: the upsert's ON CONFLICT needs it.
    On PostgreSQL such a table's rows go in with COPY (copy_rows), with its constraints and indexes
    dropped until finish() (defer_postgres_constraints): readers of that table wait for the commit.
    """

    def __init__(self, connection: Connection, spec: TableSpec) -> None:
        self.connection, self.spec, self.count = connection, spec, WriteCount()
        self.table = table(spec.name)
        self.names = [column.name for column in spec.columns]
        self.key_index = [self.names.index(name) for name in spec.key]
        converters = (_converter(column, self.table.c[column.name].type.bind_processor(connection.dialect))
                      for column in spec.columns)
        self.converters = [(index, convert, by_value) for index, (convert, by_value) in enumerate(converters)
                           if convert is not None]
        self.was_empty = connection.execute(select(self.table.c[spec.key[0]]).limit(1)).first() is None
        self.insert_sql: dict[tuple[tuple[int, ...], int], str] = {}
        self.upsert_sql = _upsert_statement(connection.dialect, spec)
        self.select_sql, self.key_marker, self.select_end = _select_by_keys(connection.dialect, spec)
        self.deferred_indexes: list[str] = []
        self.tallied = tallies.Changes(spec.name, self.names)  # what the rows add to the counts kept (if any)

    def write(self, records: Sequence[Sequence[Any]]) -> None:
        self.write_columns(list(zip(*records, strict=True)) or [() for _ in self.names])

    def write_columns(self, columns: Sequence[Sequence[Any]]) -> None:
        """Records given as one sequence of values per column, in column order."""
        if self.was_empty:
            self.insert(self.inserts(columns))
        else:
            parameters = self.parameters_of(columns)
            self._execute(self.upsert_sql, self._new_or_changed(list(zip(*columns, strict=True)), parameters))

    def inserts(self, columns: Sequence[Sequence[Any]]) -> Inserts:
        """What insert() takes for records given per column: their parameters, without the columns that
        are empty in every record."""
        converted = self._converted(columns)
        empty = tuple(index for index, column in enumerate(converted)
                      if column and all(map(is_, column, repeat(None))))
        return Inserts([column for index, column in enumerate(converted) if index not in empty], empty)

    def insert(self, inserts: Inserts) -> None:
        """Rows for a table that was empty, as inserts() gives them (possibly made in another process)."""
        assert self.was_empty, "a table with rows is written with write(), which compares them"
        rows = inserts.rows()
        if len(rows) >= BATCH and not self.count.added:
            self._defer_indexes(inserts)
        self.count.added += len(rows)
        if self.tallied:
            given = [index for index in range(len(self.names)) if index not in inserts.empty]
            by_name = {self.names[index]: column for index, column in zip(given, inserts.columns, strict=True)}
            self.tallied.add_columns(by_name.get)
        if self.connection.dialect.name == "postgresql":
            copy_rows(self.connection, self.spec, inserts.empty, rows)
            return
        if self.connection.dialect.name != "sqlite":
            self._execute(self._insert_sql(inserts.empty, 1), rows)
            return
        self._insert_several_per_statement(inserts.empty, rows)

    def _insert_several_per_statement(self, empty: tuple[int, ...], rows: list[Row]) -> None:
        """SQLite: the rows as INSERT ... VALUES (...), (...), ... of _rows_per_insert rows each (one
        executemany), the last ones with a statement of their own size."""
        per_statement = self._rows_per_insert(len(self.names) - len(empty))
        whole = len(rows) - len(rows) % per_statement
        if whole:
            self.connection.exec_driver_sql(
                self._insert_sql(empty, per_statement),
                [tuple(chain.from_iterable(rows[start:start + per_statement]))
                 for start in range(0, whole, per_statement)])
        if whole < len(rows):
            rest = rows[whole:]
            self.connection.exec_driver_sql(self._insert_sql(empty, len(rest)), tuple(chain.from_iterable(rest)))

    def _rows_per_insert(self, width: int) -> int:
        """ROWS_PER_INSERT, or as many rows of `width` parameters as the connection takes in one statement."""
        driver: Any = self.connection.connection.driver_connection
        getlimit = getattr(driver, "getlimit", None)  # Python 3.11+
        limit = getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if getlimit is not None else _SQLITE_PARAMETERS
        return max(1, min(ROWS_PER_INSERT, limit // max(1, width)))

    def _insert_sql(self, empty: tuple[int, ...], rows: int) -> str:
        statement = self.insert_sql.get((empty, rows))
        if statement is None:
            statement = self.insert_sql[(empty, rows)] = _insert_statement(self.connection.dialect, self.spec,
                                                                           empty, rows)
        return statement

    def finish(self) -> None:
        """Build the indexes that were left for after the rows; add the rows written to the table's tallies.

        On SQLite the builds may sort with SORT_THREADS helper threads (PRAGMA threads, set back afterwards): the
        importer's checking process is done by then, so the other core is free."""
        if self.deferred_indexes and self.connection.dialect.name == "sqlite":
            before = self.connection.exec_driver_sql("PRAGMA threads").scalar_one()
            self.connection.exec_driver_sql(f"PRAGMA threads = {SORT_THREADS}")
            try:
                self._build_deferred()
            finally:
                self.connection.exec_driver_sql(f"PRAGMA threads = {int(before)}")
        else:
            self._build_deferred()
        self.tallied.apply(self.connection)

    def _build_deferred(self) -> None:
        for sql in self.deferred_indexes:
            self.connection.exec_driver_sql(sql)
        self.deferred_indexes = []

    def _defer_indexes(self, first: Inserts) -> None:
        """On SQLite, drop the table's own indexes until finish(): the unique index that keys a table of
        KEYED_BY_UNIQUE_INDEX (built first again) and each secondary one whose leading column does not come
        in runs in the `first` rows (_in_runs); a primary key's index cannot be dropped and stays.
        On PostgreSQL, its constraints and indexes (defer_postgres_constraints).

        The importer has refused duplicate keys already, so no row the key index would refuse goes in
        meanwhile; if one did, building the index fails and the transaction is rolled back."""
        if self.connection.dialect.name == "postgresql":
            self.deferred_indexes.extend(defer_postgres_constraints(self.connection, self.spec.name))
            return
        if self.connection.dialect.name != "sqlite":
            return
        found = self.connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (self.spec.name,)).all()
        key_index = key_index_name(self.spec.name) if self.spec.name in KEYED_BY_UNIQUE_INDEX else None
        quote = self.connection.dialect.identifier_preparer.quote
        for name, sql in sorted(found, key=lambda index: index[0] != key_index):
            if name != key_index and self._in_runs(quote(name), first):
                continue
            self.connection.exec_driver_sql(f"DROP INDEX {quote(name)}")
            self.deferred_indexes.append(sql)

    def _in_runs(self, quoted_index: str, first: Inserts) -> bool:
        """Whether the `first` rows give the leading column of a SQLite index in runs of at least RUN_LENGTH
        rows on average (a column that is empty throughout is one run)."""
        leading = self.connection.exec_driver_sql(f"PRAGMA index_info({quoted_index})").first()
        if leading is None or leading[2] not in self.names:  # an index on an expression: no column to look at
            return False
        position = self.names.index(leading[2])
        if position in first.empty:
            return True
        column = first.columns[position - sum(1 for index in first.empty if index < position)]
        runs = 1 + sum(map(ne, column, islice(column, 1, None)))
        return len(column) >= RUN_LENGTH * runs

    def parameters_of(self, columns: Sequence[Sequence[Any]]) -> list[Row]:
        """The driver's parameters for each record given as one sequence of values per column: the stored
        form, bound as the column type binds it.

        A column converted by raadsmonitor itself (dates, yes/no, choices: few distinct values, equal
        values stored alike) is converted once per distinct value and then looked up, without a Python
        call per cell (issue 8).
        """
        return list(zip(*self._converted(columns), strict=True))

    def _converted(self, columns: Sequence[Sequence[Any]]) -> list[Sequence[Any]]:
        converted = list(columns)
        for index, convert, by_value in self.converters:
            column = converted[index]
            first = column[0] if column else None
            # Compared by identity: a Datum's own == and hash are Python calls.
            if by_value and all(map(is_, column, repeat(first))):  # one object throughout (all 'nee', say)
                converted[index] = [None if first is None else convert(first)] * len(column)
            elif by_value:  # each distinct object once: the parsers hand out one object per distinct value
                ids = list(map(id, column))
                stored = {key: None if value is None else convert(value)
                          for key, value in dict(zip(ids, column, strict=True)).items()}
                converted[index] = list(map(stored.__getitem__, ids))
            else:
                converted[index] = list(map(convert, column))
        return converted

    def _execute(self, sql: str, parameters: list[Row]) -> None:
        if parameters:
            self.connection.exec_driver_sql(sql, parameters)

    def _key(self, row: Sequence[Any]) -> Row:
        return tuple(row[index] for index in self.key_index)

    def _new_or_changed(self, records: Sequence[Sequence[Any]], parameters: list[Row]) -> list[Row]:
        """Count each record as new, changed or unchanged against the stored row with its key, compared
        in the driver's own form (one query per batch); list the changed ones."""
        stored = {self._key(row): tuple(row) for row in self._stored_as_driven([self._key(p) for p in parameters])}
        written: list[Row] = []
        changed: list[Sequence[Any]] = []
        for record, values in zip(records, parameters, strict=True):
            before = stored.get(self._key(values))
            if before is None:
                self.count.added += 1
            elif before != values:
                self.count.changed += 1
                changed.append(record)
            else:
                self.count.unchanged += 1
                continue
            written.append(values)
        if changed:
            self._list_changes(changed)
        if self.tallied:
            self.tallied.add_rows(written)
            self.tallied.add_rows([stored[self._key(values)] for values in written if self._key(values) in stored], -1)
        return written

    def _stored_as_driven(self, keys: list[Row]) -> Iterator[Sequence[Any]]:
        """The stored rows with these keys, as the driver returns them, in column order."""
        per_query = max(1, 8_000 // len(self.key_index))  # well within every driver's parameter limit
        for start in range(0, len(keys), per_query):
            chunk = keys[start:start + per_query]
            sql = self.select_sql + ", ".join([self.key_marker] * len(chunk)) + self.select_end
            yield from self.connection.exec_driver_sql(sql, tuple(part for key in chunk for part in key))

    def _list_changes(self, records: Sequence[Sequence[Any]]) -> None:
        """Each changed row with its values before (as load_records reads them) and after (as to_row)."""
        columns = self.spec.columns
        rows = [{column.name: to_row_value(value, column) for value, column in zip(record, columns, strict=True)}
                for record in records]
        keys = [tuple(row[name] for name in self.spec.key) for row in rows]
        key_columns = [self.table.c[name] for name in self.spec.key]
        condition = key_columns[0].in_([key[0] for key in keys]) if len(key_columns) == 1 else tuple_(
            *key_columns).in_(keys)
        before: dict[Row, dict[str, Any]] = {}
        for found in self.connection.execute(select(*(self.table.c[name] for name in self.names)).where(condition)):
            mapping = dict(found._mapping)
            before[tuple(mapping[name] for name in self.spec.key)] = mapping
        self.count.changes.extend((key, before[key], row) for key, row in zip(keys, rows, strict=True))


def _select_by_keys(dialect: Dialect, spec: TableSpec) -> tuple[str, str, str]:
    """SELECT every column of the rows with given keys: the text before and after one marker group per key.

    Several key columns are joined from a VALUES list, which both databases look up by the key's index (the
    primary key's, or on SQLite the unique index of a table in KEYED_BY_UNIQUE_INDEX).
    """
    quote = dialect.identifier_preparer.quote
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    table_name = quote(spec.name)
    names = ", ".join(f"{table_name}.{quote(column.name)}" for column in spec.columns)
    keys = [quote(name) for name in spec.key]
    # Only quoted catalogue identifiers are put into the text; every value is a bound parameter.
    if len(keys) == 1:
        return f"SELECT {names} FROM {table_name} WHERE {keys[0]} IN (", marker, ")"  # noqa: S608 # nosec B608
    joined = " AND ".join(f"{table_name}.{key} = k.{key}" for key in keys)
    head = f"WITH k ({', '.join(keys)}) AS (VALUES "
    select = f") SELECT {names} FROM k JOIN {table_name} ON {joined}"  # noqa: S608 # nosec B608
    return head, f"({', '.join([marker] * len(keys))})", select


def _insert_statement(dialect: Dialect, spec: TableSpec, empty: tuple[int, ...], rows: int = 1) -> str:
    """INSERT of `rows` rows as driver SQL with positional parameters (row after row); the columns at the
    positions in `empty` are NULL in the statement itself (issue 8: binding a None costs the driver an
    adapter lookup, millions of times for a column such as toelichting)."""
    quote = dialect.identifier_preparer.quote
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    # Names come from the catalogue, quoted by the dialect; every value is a parameter or NULL.
    columns = ", ".join(quote(column.name) for column in spec.columns)
    values = "(" + ", ".join("NULL" if index in empty else marker for index in range(len(spec.columns))) + ")"
    return f"INSERT INTO {quote(spec.name)} ({columns}) VALUES {', '.join([values] * rows)}"  # noqa: S608 # nosec B608


def copy_rows(connection: Connection, spec: TableSpec, empty: tuple[int, ...], rows: Sequence[Row]) -> None:
    """PostgreSQL's bulk path for rows going into a table that was empty: COPY ... FROM STDIN through
    psycopg 3, inside the caller's transaction (a rollback removes them like any insert), with the same
    constraints checked as an INSERT (keys, references, NOT NULL). The columns at the positions in `empty`
    are left out, so they get NULL (no column of the catalogue has a default). Issue 15: executemany sent
    a statement per row; COPY streams the rows as one command.
    """
    quote = connection.dialect.identifier_preparer.quote
    # Names come from the catalogue, quoted by the dialect; every value travels in the COPY data.
    columns = ", ".join(quote(column.name) for index, column in enumerate(spec.columns) if index not in empty)
    driver = connection.connection.driver_connection
    assert driver is not None, "a live connection"
    with driver.cursor() as cursor, cursor.copy(f"COPY {quote(spec.name)} ({columns}) FROM STDIN") as copy:
        write_row = copy.write_row
        for row in rows:
            write_row(row)


def defer_postgres_constraints(connection: Connection, name: str) -> list[str]:
    """Drop a PostgreSQL table's foreign keys, indexes and (when no table refers to it) its primary key and
    unique constraints, inside the caller's transaction; returns the statements that bring them back, in
    order, for after the rows are in (TableWriter.finish).

    For a table that was empty before a big import (issue 15): checking each row's references and keeping
    three indexes row by row took 26 of 27 s for 373,200 waarnemingen; building them afterwards takes
    under 2 s, and adding the constraints checks every row as before, so a row that breaks one still
    fails the import and the rollback restores the table as it was. The price: DROP takes an exclusive
    lock, so readers of this (empty) table wait until the import commits; other tables are read as usual.
    """
    quote = connection.dialect.identifier_preparer.quote
    table_name = quote(name)
    # Only quoted catalogue identifiers and the definitions PostgreSQL itself gives are put into statements.
    constraints = connection.exec_driver_sql(
        "SELECT c.conname, c.contype, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.conrelid = to_regclass(%s) AND (c.contype = 'f' OR c.contype IN ('p', 'u') AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint r WHERE r.confrelid = c.conrelid)) ORDER BY c.contype, c.conname",
        (table_name,)).all()
    indexes = connection.exec_driver_sql(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = to_regclass(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = x.indexrelid) ORDER BY i.relname", (table_name,)).all()
    foreign = [(conname, definition) for conname, kind, definition in constraints if kind == "f"]
    keys = [(conname, definition) for conname, kind, definition in constraints if kind != "f"]
    for conname, _ in [*foreign, *keys]:
        connection.exec_driver_sql(f"ALTER TABLE {table_name} DROP CONSTRAINT {quote(conname)}")
    for index_name, _ in indexes:
        connection.exec_driver_sql(f"DROP INDEX {quote(index_name)}")
    return [*(f"ALTER TABLE {table_name} ADD CONSTRAINT {quote(conname)} {definition}" for conname, definition in keys),
            *(definition for _, definition in indexes),
            *(f"ALTER TABLE {table_name} ADD CONSTRAINT {quote(conname)} {definition}"
              for conname, definition in foreign)]


def _upsert_statement(dialect: Dialect, spec: TableSpec) -> str:
    """INSERT ... ON CONFLICT DO UPDATE WHERE a value differs, as driver SQL with positional parameters
    (SQLite >= 3.24 and PostgreSQL both know ON CONFLICT)."""
    quote = dialect.identifier_preparer.quote
    names = [quote(column.name) for column in spec.columns]
    keys = [quote(name) for name in spec.key]
    insert_sql = _insert_statement(dialect, spec, ())
    others = [name for name in names if name not in keys]
    if not others:
        return f"{insert_sql} ON CONFLICT ({', '.join(keys)}) DO NOTHING"
    differs = " IS NOT " if dialect.name == "sqlite" else " IS DISTINCT FROM "
    assignments = ", ".join(f"{name} = excluded.{name}" for name in others)
    condition = " OR ".join(f"{quote(spec.name)}.{name}{differs}excluded.{name}" for name in others)
    conflict = f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {assignments} WHERE {condition}"  # nosec B608
    return insert_sql + conflict


def upsert(connection: Connection, spec: TableSpec, records: Sequence[Any]) -> WriteCount:
    """Insert new records and update changed ones, by key; rows not given are left as they are.

    Records are entities, in an order that satisfies references within the table (parents first).
    """
    writer = TableWriter(connection, spec)
    names = [column.name for column in spec.columns]
    for start in range(0, len(records), BATCH):
        writer.write([[getattr(record, name) for name in names] for record in records[start:start + BATCH]])
    writer.finish()
    return writer.count


def _key_clause(spec: TableSpec, key: Sequence[Any]) -> Any:
    sa_table = table(spec.name)
    return and_(*(sa_table.c[name] == value for name, value in zip(spec.key, key, strict=True)))


def load_one(connection: Connection, spec: TableSpec, key: Sequence[Any]) -> Any | None:
    """The record with this key (values as the domain holds them), or None."""
    row = connection.execute(select(table(spec.name)).where(_key_clause(spec, key))).first()
    return from_row(spec, row) if row is not None else None


def insert_one(connection: Connection, spec: TableSpec, record: Any) -> None:
    row = to_row(spec, record)
    connection.execute(insert(table(spec.name)), [row])
    _count_one(connection, spec, None, row)


def update_one(connection: Connection, spec: TableSpec, record: Any) -> None:
    row = to_row(spec, record)
    values = {name: value for name, value in row.items() if name not in spec.key}
    key = spec.key_of(record)
    before = _tallied_before(connection, spec, key)
    if connection.execute(update(table(spec.name)).where(_key_clause(spec, key)).values(**values)).rowcount:
        _count_one(connection, spec, before, row)


def delete_one(connection: Connection, spec: TableSpec, key: Sequence[Any]) -> None:
    before = _tallied_before(connection, spec, key)
    if connection.execute(table(spec.name).delete().where(_key_clause(spec, key))).rowcount:
        _count_one(connection, spec, before, None)


def _tallied_before(connection: Connection, spec: TableSpec, key: Sequence[Any]) -> dict[str, Any] | None:
    """The tallied columns of the stored row with this key, before a write changes it (tables with tallies only)."""
    changes = tallies.Changes(spec.name, ())
    if not changes:
        return None
    return tallies.stored_row(connection, spec.name, changes.columns_read, dict(zip(spec.key, key, strict=True)))


def _count_one(connection: Connection, spec: TableSpec, before: dict[str, Any] | None,
               after: dict[str, Any] | None) -> None:
    """One row's write in the table's tallies: the row as it was counted once less, as it is once more."""
    changes = tallies.Changes(spec.name, ())
    if not changes:
        return
    if before is not None:
        changes.add_row(before, -1)
    if after is not None:
        changes.add_row(after)
    changes.apply(connection)


def count_referring(connection: Connection, spec: TableSpec, column: str, value: Any) -> int:
    """How many rows of a table refer to a value through a column (before a delete)."""
    sa_table = table(spec.name)
    return int(connection.execute(select(func.count()).select_from(sa_table)
                                  .where(sa_table.c[column] == value)).scalar_one())
