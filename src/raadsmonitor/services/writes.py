"""Writing one record through a form or the API (issue 7): the same checks as the import, for one row.

Flow: raw values -> validated record (domain/validation, the import's Dutch messages) -> in one write
transaction: the stored row and its ETag, references, authorisation (domain/access) -> write -> audit
record. Anything refused raises WriteRefused with an HTTP-like status and per-field problems, and
writes nothing; a refused authorisation is itself recorded in the audit trail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DataError, IntegrityError

from raadsmonitor.domain.access import PARTNER_OWNERSHIP_VIA_GELDSTROOM, Principal, can_write_table, may_write
from raadsmonitor.domain.audit import Actie, AuditContext, Resultaat
from raadsmonitor.domain.catalogue import TABLES, TABLES_BY_NAME, TableSpec
from raadsmonitor.domain.money import shares_exceed
from raadsmonitor.domain.validation import CellError, build_record, parse_cell
from raadsmonitor.presentation.finance import overschrijding_tekst
from raadsmonitor.store import audit, repository
from raadsmonitor.store.database import write_transaction

INTEGER_LIMIT = 2**31  # PostgreSQL's INTEGER; a key beyond it cannot exist and must not reach the query


@dataclass(frozen=True, slots=True)
class FieldProblem:
    column: str | None
    message: str


class WriteRefused(Exception):
    """A write that is refused; status follows HTTP (403, 404, 409, 412, 422, 428), messages are Dutch."""

    def __init__(self, status: int, message: str, problems: Sequence[FieldProblem] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class Saved:
    record: Any
    etag: str
    created: bool
    key: tuple[Any, ...] = field(default=())


def spec_for(table: str) -> TableSpec:
    spec = TABLES_BY_NAME.get(table)
    if spec is None:
        raise WriteRefused(404, f"onbekende tabel '{table}'")
    return spec


def row_values(spec: TableSpec, record: Any) -> dict[str, Any]:
    """The record as the data package writes it: column name -> text, number or null (JSON-ready)."""
    row = repository.to_row(spec, record)
    return {name: (format(value.normalize(), "f") if hasattr(value, "normalize") else
                   value.isoformat() if hasattr(value, "isoformat") else value) for name, value in row.items()}


def etag_of(spec: TableSpec, record: Any) -> str:
    """A strong ETag over the stored values: any change of any column gives another one."""
    payload = json.dumps(row_values(spec, record), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return '"' + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32] + '"'


def parse_key(spec: TableSpec, parts: Sequence[str]) -> tuple[Any, ...]:
    """A key given as text (a URL path, a hidden form field) in the types the store uses."""
    if len(parts) != len(spec.key):
        raise WriteRefused(404, f"een sleutel van {spec.label} heeft {len(spec.key)} delen: {', '.join(spec.key)}")
    columns = {column.name: column for column in spec.columns}
    try:
        parsed = [parse_cell(part, columns[name]) for name, part in zip(spec.key, parts, strict=True)]
    except CellError as error:
        raise WriteRefused(404, f"ongeldige sleutel: {error}") from error
    if any(isinstance(value, int) and not -INTEGER_LIMIT <= value < INTEGER_LIMIT for value in parsed):
        raise WriteRefused(404, "ongeldige sleutel: het getal is te groot")  # no such key can be stored
    return tuple(repository.to_row_value(value, columns[name]) for name, value in zip(spec.key, parsed, strict=True))


def _stored_key(spec: TableSpec, record: Any) -> tuple[Any, ...]:
    columns = {column.name: column for column in spec.columns}
    return tuple(repository.to_row_value(getattr(record, name), columns[name]) for name in spec.key)


def get_record(source: Engine | Connection, table: str, key: Sequence[Any]) -> tuple[Any, str] | None:
    """The stored record with this key and its ETag, or None."""
    spec = spec_for(table)
    if isinstance(source, Engine):
        with source.connect() as connection:
            record = repository.load_one(connection, spec, key)
    else:
        record = repository.load_one(source, spec, key)
    return (record, etag_of(spec, record)) if record is not None else None


def _validated(spec: TableSpec, values: Mapping[str, Any]) -> Any:
    known = {column.name for column in spec.columns}
    unknown = [FieldProblem(name, f"onbekend veld '{name}'; deze tabel kent: {', '.join(sorted(known))}")
               for name in values if name not in known]
    cells = {name: (None if value is None else value if isinstance(value, str) else
                    ("ja" if value else "nee") if isinstance(value, bool) else str(value))
             for name, value in values.items()}
    record, problems = build_record(spec.entity, spec.columns, cells)
    found = unknown + [FieldProblem(problem.column, problem.message) for problem in problems]
    if found or record is None:
        raise WriteRefused(422, "de gegevens zijn niet geldig", found)
    return record


def _reference_problems(connection: Connection, spec: TableSpec, record: Any) -> list[FieldProblem]:
    problems = []
    for column in spec.columns:
        value = getattr(record, column.name)
        if column.ref is None or value is None:
            continue
        if column.ref == spec.name and value == getattr(record, "id", None):
            problems.append(FieldProblem(column.name, f"kringverwijzing: '{value}' verwijst naar zichzelf"))
        elif repository.load_one(connection, TABLES_BY_NAME[column.ref], (value,)) is None:
            label = TABLES_BY_NAME[column.ref].label
            problems.append(FieldProblem(column.name, f"verwijst naar '{value}', maar die bestaat niet in {label}"))
        elif column.ref == spec.name and _reaches(connection, spec, column.name, value, record.id):
            problems.append(FieldProblem(column.name, f"kringverwijzing: '{value}' ligt al onder '{record.id}'"))
    return problems


def _reaches(connection: Connection, spec: TableSpec, column: str, start: Any, target: Any) -> bool:
    """Whether following `column` upwards from `start` arrives at `target` (a cycle after this write)."""
    seen: set[Any] = set()
    current = start
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        parent = repository.load_one(connection, spec, (current,))
        current = getattr(parent, column) if parent is not None else None
    return False


def _vocabulary_problems(connection: Connection, spec: TableSpec, record: Any) -> list[FieldProblem]:
    """The import's glossary checks: a term points at an existing record; an alias is not a term."""
    if spec.name == "begrippen" and record.tabel is not None:
        if record.tabel not in TABLES_BY_NAME:
            return [FieldProblem("tabel", f"onbekende tabel '{record.tabel}'")]
        target = TABLES_BY_NAME[record.tabel]
        if target.key == ("id",) and repository.load_one(connection, target, (record.sleutel,)) is None:
            return [FieldProblem("sleutel", f"'{record.sleutel}' bestaat niet in tabel {record.tabel}")]
    if spec.name == "aliassen":
        terms = {begrip.term.lower() for begrip in repository.load_records(connection, TABLES_BY_NAME["begrippen"])}
        if record.alias.lower() in terms:
            return [FieldProblem("alias", f"'{record.alias}' is zelf een begrip; een alias mag geen vaste term zijn")]
    return []


def _share_problems(connection: Connection, spec: TableSpec, record: Any) -> list[FieldProblem]:
    """Issue 20, as on import: a stream's funders bring together no more than its amount, nor 100 %."""
    if spec.name not in ("geldstromen", "geldstroomfinanciers"):
        return []
    sid = record.id if spec.name == "geldstromen" else record.geldstroom
    funders_spec = TABLES_BY_NAME["geldstroomfinanciers"]
    funders = [f for f in repository.select_records(connection, funders_spec, {"geldstroom": sid}, None, 0)
               if spec.name == "geldstromen" or f.organisatie != record.organisatie]
    if spec.name == "geldstromen":
        totaal = record.totaalbedrag
    else:
        funders.append(record)
        stroom = repository.load_one(connection, TABLES_BY_NAME["geldstromen"], (sid,))
        totaal = stroom.totaalbedrag if stroom is not None else None
    over = shares_exceed(totaal, funders)
    if over is None:
        return []
    return [FieldProblem("totaalbedrag" if spec.name == "geldstromen" else over.kolom, overschrijding_tekst(over, sid))]


def _allowed(connection: Connection, principal: Principal, spec: TableSpec, record: Any) -> bool:
    verstrekker = None
    if spec.name == PARTNER_OWNERSHIP_VIA_GELDSTROOM:
        stroom = repository.load_one(connection, TABLES_BY_NAME["geldstromen"], (record.geldstroom,))
        verstrekker = stroom.verstrekker if stroom is not None else None
    return may_write(principal, spec.name, row_values(spec, record), verstrekker)


def _check_version(spec: TableSpec, stored: Any, if_match: str | None) -> None:
    if if_match is None:
        raise WriteRefused(428, "geef de versie (ETag) mee die u hebt gelezen, zodat een wijziging van een ander "
                                "niet ongemerkt wordt overschreven")
    if if_match.strip() not in ("*", etag_of(spec, stored)):
        raise WriteRefused(412, f"{spec.label}: dit gegeven is intussen door een ander gewijzigd; "
                                "lees het opnieuw en breng uw wijziging opnieuw aan")


def object_name(spec: TableSpec, key: Sequence[Any]) -> str:
    return f"{spec.name}/" + "/".join(str(part) for part in key)


def _refuse_access(engine: Engine, context: AuditContext, spec: TableSpec, key: Sequence[Any], actie: Actie) -> None:
    with write_transaction(engine) as connection:
        audit.append(connection, context.event(Actie.TOEGANG, object_name(spec, key), Resultaat.GEWEIGERD,
                                               toelichting=f"{actie.value} niet toegestaan voor deze rol"))


def save_record(engine: Engine, principal: Principal, context: AuditContext, table: str,
                values: Mapping[str, Any], *, key: Sequence[Any] | None = None, if_match: str | None = None) -> Saved:
    """Create a record (key None) or replace the stored one with this key (If-Match required)."""
    spec = spec_for(table)
    actie = Actie.AANMAKEN if key is None else Actie.WIJZIGEN
    if not can_write_table(principal, spec.name):
        _refuse_access(engine, context, spec, key or (), actie)
        raise WriteRefused(403, f"uw rol mag {spec.label} niet wijzigen")
    record = _validated(spec, values)
    new_key = _stored_key(spec, record)
    if key is not None and tuple(key) != new_key:
        raise WriteRefused(422, "de sleutel van een gegeven kan niet wijzigen; maak een nieuw gegeven",
                           [FieldProblem(spec.key[0], "de sleutel kan niet wijzigen")])
    try:
        with write_transaction(engine) as connection:
            return _save(connection, principal, context, spec, record, new_key, key is None, if_match)
    except WriteRefused as refusal:
        if refusal.status == 403:
            _refuse_access(engine, context, spec, new_key, actie)
        raise
    except IntegrityError as error:
        raise WriteRefused(409, f"de database weigerde het gegeven: {getattr(error, 'orig', error)}") from error
    except DataError as error:  # e.g. a number beyond PostgreSQL's INTEGER range in a form
        raise WriteRefused(422, "de database kan een waarde niet opslaan (te groot of ongeldig): "
                                f"{getattr(error, 'orig', error)}") from error


def _save(connection: Connection, principal: Principal, context: AuditContext, spec: TableSpec, record: Any,
          key: tuple[Any, ...], create: bool, if_match: str | None) -> Saved:
    stored = repository.load_one(connection, spec, key)
    if create and stored is not None:
        raise WriteRefused(409, f"{spec.label}: '{'/'.join(map(str, key))}' bestaat al; wijzig het bestaande gegeven")
    if not create:
        if stored is None:
            raise WriteRefused(404, f"{spec.label}: '{'/'.join(map(str, key))}' bestaat niet")
        _check_version(spec, stored, if_match)
    problems = (_reference_problems(connection, spec, record) + _vocabulary_problems(connection, spec, record)
                + _share_problems(connection, spec, record))
    if problems:
        raise WriteRefused(422, "de gegevens zijn niet geldig", problems)
    if not _allowed(connection, principal, spec, record) or (
            stored is not None and not _allowed(connection, principal, spec, stored)):
        raise WriteRefused(403, f"uw rol mag dit gegeven van {spec.label} niet wijzigen "
                                "(niet van uw organisatie of programma)")
    if create:
        repository.insert_one(connection, spec, record)
    else:
        repository.update_one(connection, spec, record)
    saved = repository.load_one(connection, spec, key)
    audit.append(connection, context.event(
        Actie.AANMAKEN if create else Actie.WIJZIGEN, object_name(spec, key),
        oud=row_values(spec, stored) if stored is not None else None, nieuw=row_values(spec, saved)))
    return Saved(record=saved, etag=etag_of(spec, saved), created=create, key=key)


def _referring(connection: Connection, spec: TableSpec, key: Sequence[Any]) -> list[str]:
    """Where a record is still used: Dutch phrases such as '3 rijen in Waarnemingen'."""
    if spec.key != ("id",):
        return []
    found = []
    for other in TABLES:
        for column in other.columns:
            if column.ref == spec.name:
                count = repository.count_referring(connection, other, column.name, key[0])
                if count:
                    found.append(f"{count} {'rij' if count == 1 else 'rijen'} in {other.label} ({column.name})")
    return found


def delete_record(engine: Engine, principal: Principal, context: AuditContext, table: str, key: Sequence[Any],
                  *, if_match: str | None) -> None:
    """Delete the stored record with this key; refused while other records still refer to it."""
    spec = spec_for(table)
    if not can_write_table(principal, spec.name):
        _refuse_access(engine, context, spec, key, Actie.VERWIJDEREN)
        raise WriteRefused(403, f"uw rol mag {spec.label} niet wijzigen")
    try:
        with write_transaction(engine) as connection:
            stored = repository.load_one(connection, spec, key)
            if stored is None:
                raise WriteRefused(404, f"{spec.label}: '{'/'.join(map(str, key))}' bestaat niet")
            _check_version(spec, stored, if_match)
            if not _allowed(connection, principal, spec, stored):
                raise WriteRefused(403, f"uw rol mag dit gegeven van {spec.label} niet verwijderen")
            if users := _referring(connection, spec, key):
                raise WriteRefused(409, "dit gegeven wordt nog gebruikt: " + "; ".join(users))
            repository.delete_one(connection, spec, key)
            audit.append(connection, context.event(Actie.VERWIJDEREN, object_name(spec, key),
                                                   oud=row_values(spec, stored)))
    except WriteRefused as refusal:
        if refusal.status == 403:
            _refuse_access(engine, context, spec, key, Actie.VERWIJDEREN)
        raise
