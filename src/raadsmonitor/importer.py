"""Import a data package: validate everything first, then write everything in one transaction.

Flow (architecture.md): source rows -> validated domain records -> references and aliases checked
against the package and the store -> one transaction. Any problem anywhere means nothing is
written, and every problem is reported with its file or sheet, row and column.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from raadsmonitor.audit_context import local_context
from raadsmonitor.domain.audit import Actie, AuditContext, Herkomst, Resultaat
from raadsmonitor.domain.catalogue import TABLES, TABLES_BY_NAME, TableSpec
from raadsmonitor.domain.glossary import Alias, Begrip
from raadsmonitor.domain.validation import build_record
from raadsmonitor.sources.csv_package import CsvFolderReader
from raadsmonitor.sources.package import (
    PackageProblem,
    PackageReader,
    Place,
    RawTable,
    is_example_row,
    package_kind,
)
from raadsmonitor.sources.xlsx_package import XlsxReader
from raadsmonitor.store import audit, repository
from raadsmonitor.store.database import begin_write, write_transaction

log = structlog.get_logger(__name__)

MAX_PROBLEMS_PER_TABLE = 1_000


@dataclass
class Staged:
    """The valid records of one table, each with the row it came from."""

    spec: TableSpec
    source: str
    records: list[Any] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    # Keys of rows refused for other reasons: references to them are not reported a second time.
    refused_keys: set[Any] = field(default_factory=set)


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    problems: list[PackageProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[str, repository.WriteCount] = field(default_factory=dict)
    examples_skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


def reader_for(path: Path) -> PackageReader:
    return XlsxReader(path) if package_kind(path) == "xlsx" else CsvFolderReader(path)


# --- 1. rows to records ---------------------------------------------------------------------------


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


def _parsed_id(spec: TableSpec, header: list[str], cells: Sequence[Any]) -> Any:
    if spec.key != ("id",) or "id" not in header:
        return None
    index = header.index("id")
    return " ".join(str(cells[index]).split()) if index < len(cells) and cells[index] is not None else None


def _stage_table(raw: RawTable, spec: TableSpec, report: ImportReport) -> Staged:
    staged = Staged(spec, raw.source)
    first_row_of: dict[tuple[Any, ...], int] = {}
    problems: list[PackageProblem] = []
    width = len(raw.header)
    for row_number, cells in raw.rows:
        if is_example_row(cells):
            report.examples_skipped += 1
            continue
        if len(cells) > width and any(str(cell).strip() for cell in cells[width:] if cell is not None):
            problems.append(PackageProblem(Place(raw.source, row_number),
                                           f"rij heeft {len(cells)} cellen, de kopregel {width}"))
            continue
        record, row_problems = build_record(spec.entity, spec.columns, dict(zip(raw.header, cells, strict=False)))
        problems.extend(PackageProblem(Place(raw.source, row_number, problem.column), problem.message)
                        for problem in row_problems)
        if record is None:
            staged.refused_keys.add(_parsed_id(spec, raw.header, cells))
            continue
        key = spec.key_of(record)
        if spec.name == "aliassen":
            key = (str(key[0]).lower(),)
        if key in first_row_of:
            shown = ", ".join(str(part) for part in spec.key_of(record))
            problems.append(PackageProblem(Place(raw.source, row_number, spec.key[0]),
                                           f"dubbele sleutel '{shown}'; staat ook op rij {first_row_of[key]}"))
            continue
        first_row_of[key] = row_number
        staged.records.append(record)
        staged.rows.append(row_number)
    report.problems.extend(raw.problems)
    if len(problems) > MAX_PROBLEMS_PER_TABLE:
        extra = len(problems) - MAX_PROBLEMS_PER_TABLE
        problems = problems[:MAX_PROBLEMS_PER_TABLE]
        problems.append(PackageProblem(Place(raw.source), f"en nog {extra} fouten in dit bestand"))
    report.problems.extend(problems)
    return staged


def stage(tables: Iterable[RawTable], report: ImportReport) -> dict[str, Staged]:
    staged: dict[str, Staged] = {}
    for raw in tables:
        spec = TABLES_BY_NAME.get(raw.name)
        if spec is None:
            known = ", ".join(table.name for table in TABLES)
            report.problems.append(PackageProblem(Place(raw.source),
                                                  f"onbekende tabel '{raw.name}'; bekend zijn: {known}"))
            continue
        if raw.name in staged:
            report.problems.append(PackageProblem(Place(raw.source), f"tabel '{raw.name}' komt twee keer voor"))
            continue
        header_problems = _check_header(raw, spec)
        if header_problems:
            report.problems.extend(header_problems)
            continue
        staged[raw.name] = _stage_table(raw, spec, report)
    return staged


# --- 2. references, aliases and order -------------------------------------------------------------


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


def _merged(staged: dict[str, Staged], stored: dict[str, list[Any]], name: str) -> list[Any]:
    records = {TABLES_BY_NAME[name].key_of(record): record for record in stored.get(name, [])}
    if name in staged:
        records.update({TABLES_BY_NAME[name].key_of(record): record for record in staged[name].records})
    return list(records.values())


def _check_vocabulary(staged: dict[str, Staged], stored: dict[str, list[Any]], report: ImportReport,
                      keys: dict[str, set[Any]]) -> None:
    """Glossary entries must point at records that exist; an alias must not be a term itself."""
    if "begrippen" in staged:
        for record, row in zip(staged["begrippen"].records, staged["begrippen"].rows, strict=True):
            if record.tabel is None:
                continue
            if record.tabel not in TABLES_BY_NAME:
                report.problems.append(PackageProblem(Place(staged["begrippen"].source, row, "tabel"),
                                                      f"onbekende tabel '{record.tabel}'"))
            elif record.sleutel not in keys[record.tabel]:
                report.problems.append(PackageProblem(
                    Place(staged["begrippen"].source, row, "sleutel"),
                    f"'{record.sleutel}' bestaat niet in tabel {record.tabel}"))
    if "aliassen" in staged:
        terms = {begrip.term.lower() for begrip in _merged(staged, stored, "begrippen")}
        for record, row in zip(staged["aliassen"].records, staged["aliassen"].rows, strict=True):
            if record.alias.lower() in terms:
                report.problems.append(PackageProblem(
                    Place(staged["aliassen"].source, row, "alias"),
                    f"'{record.alias}' is zelf een begrip; een alias mag geen vaste term zijn"))


def _resolve_references(staged: dict[str, Staged], keys: dict[str, set[Any]], vocabulary: Vocabulary,
                        report: ImportReport) -> None:
    used: Counter[tuple[str, str, str]] = Counter()
    for table in staged.values():
        ref_columns = [(column.name, column.ref) for column in table.spec.columns if column.ref is not None]
        if not ref_columns:
            continue
        for index, (record, row) in enumerate(zip(table.records, table.rows, strict=True)):
            changes: dict[str, str] = {}
            for name, ref in ref_columns:
                value = getattr(record, name)
                if value is None or value in keys[ref]:
                    continue
                resolved = vocabulary.resolve(ref, value)
                if resolved is not None and resolved[0] in keys[ref]:
                    changes[name] = resolved[0]
                    used[(value, ref, resolved[0])] += 1
                    continue
                label = TABLES_BY_NAME[ref].label
                report.problems.append(PackageProblem(Place(table.source, row, name),
                                                      f"verwijst naar '{value}', maar die bestaat niet in {label}"))
            if changes:
                table.records[index] = dataclasses.replace(record, **changes)
    for (alias, target, key), count in sorted(used.items()):
        report.notices.append(f"'{alias}' is gelezen als {target} '{key}' (begrippenkader; {count}x)")


def _order_within_table(table: Staged, report: ImportReport) -> None:
    """Parents before children for references inside one table; a cycle is refused."""
    self_refs = [column.name for column in table.spec.columns if column.ref == table.spec.name]
    if not self_refs:
        return
    by_key = {record.id: (record, row) for record, row in zip(table.records, table.rows, strict=True)}
    ordered: list[tuple[Any, int]] = []
    state: dict[str, str] = {}

    def visit(key: str, path: list[str]) -> None:
        if state.get(key) == "done":
            return
        if state.get(key) == "busy":
            record, row = by_key[key]
            cycle = " → ".join([*path[path.index(key):], key])
            report.problems.append(PackageProblem(Place(table.source, row, self_refs[0]),
                                                  f"kringverwijzing: {cycle}"))
            return
        state[key] = "busy"
        record, row = by_key[key]
        for name in self_refs:
            parent = getattr(record, name)
            if parent in by_key:
                visit(parent, [*path, key])
        state[key] = "done"
        ordered.append((record, row))

    for key in by_key:
        visit(key, [])
    table.records = [record for record, _ in ordered]
    table.rows = [row for _, row in ordered]


# --- 3. the whole import --------------------------------------------------------------------------


def _stored_glossary(engine: Engine) -> dict[str, list[Any]]:
    with engine.connect() as connection:
        return {name: repository.load_records(connection, TABLES_BY_NAME[name])
                for name in ("begrippen", "aliassen")}


def _all_keys(engine: Engine, staged: dict[str, Staged]) -> dict[str, set[Any]]:
    keys: dict[str, set[Any]] = defaultdict(set)
    with engine.connect() as connection:
        for spec in TABLES:
            if spec.key == ("id",):
                keys[spec.name] = {key[0] for key in repository.load_keys(connection, spec)}
    for table in staged.values():
        if table.spec.key == ("id",):
            keys[table.spec.name].update(record.id for record in table.records)
            keys[table.spec.name].update(key for key in table.refused_keys if key)
    return keys


def _audit_import(connection: Any, report: ImportReport, context: AuditContext) -> None:
    """In the import's own transaction: every changed row with its old and new values, then the import.

    New rows are not listed one by one (a national package has millions): their values are the
    package itself, and the import record counts them per table.
    """
    for name, count in report.counts.items():
        spec = TABLES_BY_NAME[name]
        for key, old, new in count.changes:
            audit.append(connection, context.event(Actie.WIJZIGEN, _object_name(spec, key), oud=old, nieuw=new,
                                                   toelichting=f"import van {report.source}"))
    tables = {name: {"nieuw": count.added, "gewijzigd": count.changed, "ongewijzigd": count.unchanged}
              for name, count in report.counts.items()}
    audit.append(connection, context.event(Actie.IMPORTEREN, report.source, nieuw={"tabellen": tables}))


def _object_name(spec: TableSpec, key: tuple[Any, ...]) -> str:
    return f"{spec.name}/" + "/".join(str(part) for part in key)


def _audit_refusal(engine: Engine, report: ImportReport, context: AuditContext) -> None:
    """A refused import writes nothing but its refusal (BIO 8.15: failed actions are logged too)."""
    with write_transaction(engine) as connection:
        audit.append(connection, context.event(
            Actie.IMPORTEREN, report.source, Resultaat.GEWEIGERD,
            toelichting=f"{len(report.problems)} problemen gevonden; niets opgeslagen"))


def _write(engine: Engine, staged: dict[str, Staged], report: ImportReport, context: AuditContext) -> None:
    connection = engine.connect()
    transaction = begin_write(connection)
    try:
        for spec in TABLES:
            if spec.name in staged:
                report.counts[spec.name] = repository.upsert(connection, spec, staged[spec.name].records)
        if report.dry_run:
            transaction.rollback()
        else:
            _audit_import(connection, report, context)
            transaction.commit()
    except SQLAlchemyError as error:
        transaction.rollback()
        reason = getattr(error, "orig", None) or error
        report.problems.append(PackageProblem(Place(report.source), f"de database weigerde de gegevens: {reason}"))
    finally:
        connection.close()


def import_package(engine: Engine, path: Path, *, dry_run: bool = False,
                   context: AuditContext | None = None) -> ImportReport:
    """Validate a whole package and, if it is clean and not a dry run, store it in one transaction."""
    return import_from(engine, reader_for(path), path.name or str(path), dry_run=dry_run, context=context)


def import_from(engine: Engine, reader: PackageReader, source: str, *, dry_run: bool = False,
                context: AuditContext | None = None) -> ImportReport:
    """The same for any reader of raw tables (a CSV folder, a workbook, an outside source such as CBS).

    Who imports is recorded in the audit trail; without a context, the operating-system user.
    """
    context = context or local_context(Herkomst.IMPORT)
    report = ImportReport(source=source, dry_run=dry_run)
    tables, problems = reader.read()
    report.problems.extend(problems)
    staged = stage(tables, report)
    stored = _stored_glossary(engine)
    keys = _all_keys(engine, staged)
    _check_vocabulary(staged, stored, report, keys)
    vocabulary = Vocabulary(_merged(staged, stored, "begrippen"), _merged(staged, stored, "aliassen"))
    _resolve_references(staged, keys, vocabulary, report)
    for table in staged.values():
        _order_within_table(table, report)
    if report.problems:
        report.problems.sort(key=lambda problem: (problem.place.source, problem.place.row or 0))
        log.info("import_refused", source=report.source, problems=len(report.problems))
        if not dry_run:
            _audit_refusal(engine, report, context)
        return report
    _write(engine, staged, report, context)
    log.info("import_done", source=report.source, dry_run=dry_run, written=report.written,
             rows={name: count.added + count.changed for name, count in report.counts.items()})
    return report
