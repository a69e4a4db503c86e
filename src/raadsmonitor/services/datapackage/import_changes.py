"""What an import changes in rows that were already stored, field by field, and which of those rows other
programmes use (issue 20: a second focus area's package silently overwrote the national programme, the
area Nederland and the ministry, and the dry run said only "1 gewijzigd").

Definitions (docs/architecture.md, "Shared rows"):

- A row *belongs to* a programme when it is that programme's row in `programmas`, or when it refers to a
  row that belongs to it (a thema by its column `programma`, a kpi through its thema, a waarneming
  through its indicator, a programme through `onderdeel_van` to its parent). References are followed to
  the end.
- A row is *used by* the programmes it belongs to and by those of every row that refers to it, directly
  or through other rows (the area NL01 is used by every programme with an observation there; the
  ministry by every programme with a stream it funds).
- A *national programme* is one that other programmes are part of (`onderdeel_van`), such as NPLV.
- The *programmes of the package* are those its rows belong to, national programmes left out. A package
  whose rows belong to no such programme (some areas, a national goal) is about the one programme that
  uses a row, when only one does.
- A national programme's own rows (the programme itself, and rows whose column naming a programme names
  it: its doelen, actielijnen) are also used by every programme that is part of it.
- A changed row is *shared* when a programme that is neither national nor one of the package's uses it.
  Changing a shared row needs `--wijzig-gedeeld`. With one focus area in the store, its package may
  change NPLV's rows; with two, the second one's package may not.

The store is read inside the import's transaction, after its rows were written: what refers to a row
includes the package's own new rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from raadsmonitor.domain.catalogue import TABLES, TABLES_BY_NAME, TableSpec
from raadsmonitor.domain.kinds import json_ready
from raadsmonitor.store.tables import table

PROGRAMMES = "programmas"


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any  # as the package writes it: text, number, yes/no; None is empty
    new: Any


@dataclass
class RowChange:
    """One stored row the import changes: its table, key, row in the package and the changed fields."""

    table: str
    key: tuple[Any, ...]
    row: int | None
    fields: list[FieldChange]
    source: str = ""  # the package's file or sheet
    used_by: tuple[str, ...] = ()  # the other programmes that use it, if it is shared
    national: tuple[str, ...] = ()  # the national programmes whose own row it is
    before: dict[str, Any] = field(default_factory=dict, repr=False)
    after: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def shared(self) -> bool:
        return bool(self.used_by)

    @property
    def name(self) -> str:
        return f"{self.table}/" + "/".join(str(part) for part in self.key)


def changed_fields(spec: TableSpec, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[FieldChange]:
    """The fields whose value differs, in column order. An empty cell for a field that had a value is a
    change to empty (the package gives the whole row)."""
    found = []
    for column in spec.columns:
        old, new = before.get(column.name), after.get(column.name)
        if old != new:
            found.append(FieldChange(column.name, json_ready(old), json_ready(new)))
    return found


class ProgrammeUse:
    """Which programmes a stored row belongs to and is used by, read from the store on demand."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.records: dict[str, dict[Any, dict[str, Any]]] = {}  # id-keyed table -> id -> stored row
        self.belongs_memo: dict[tuple[str, Any], frozenset[str]] = {}
        self.referrers: dict[str, list[tuple[TableSpec, str]]] = defaultdict(list)
        for spec in TABLES:
            for column in spec.columns:
                if column.ref is not None:
                    self.referrers[column.ref].append((spec, column.name))
        self.reverse: dict[tuple[str, str], dict[Any, list[Any]]] = {}
        self.parts: dict[str, set[str]] = defaultdict(set)  # national programme -> the programmes part of it
        for row in self._rows(PROGRAMMES).values():
            if row["onderdeel_van"] is not None:
                self.parts[row["onderdeel_van"]].add(row["id"])
        self.national = frozenset(self.parts)

    def _rows(self, name: str) -> dict[Any, dict[str, Any]]:
        if name not in self.records:
            sa_table = table(name)
            self.records[name] = {row["id"]: dict(row) for row in
                                  self.connection.execute(select(sa_table)).mappings()}
        return self.records[name]

    def belongs(self, name: str, row: Mapping[str, Any]) -> frozenset[str]:
        """The programmes a row (given by its values) belongs to: its own, and those of what it refers to."""
        found: set[str] = set()
        if name == PROGRAMMES and row.get("id") is not None:
            found.add(row["id"])
        for column in TABLES_BY_NAME[name].columns:
            value = row.get(column.name)
            if column.ref is not None and value is not None:
                found |= self.belongs_to(column.ref, value)
        return frozenset(found)

    def belongs_to(self, name: str, key: Any) -> frozenset[str]:
        memo_key = (name, key)
        if memo_key not in self.belongs_memo:
            self.belongs_memo[memo_key] = frozenset()  # a cycle adds nothing (the importer refuses them anyway)
            row = self._rows(name).get(key) if TABLES_BY_NAME[name].key == ("id",) else None
            self.belongs_memo[memo_key] = self.belongs(name, row) if row is not None else frozenset(
                {key} if name == PROGRAMMES else ())
        return self.belongs_memo[memo_key]

    def _referring_ids(self, spec: TableSpec, column: str, key: Any) -> list[Any]:
        index = self.reverse.get((spec.name, column))
        if index is None:
            index = self.reverse[(spec.name, column)] = defaultdict(list)
            for row_id, row in self._rows(spec.name).items():
                if row[column] is not None:
                    index[row[column]].append(row_id)
        return index.get(key, [])

    def _leaf_programmes(self, spec: TableSpec, column: str, keys: list[Any]) -> set[str]:
        """The programmes of the rows of a table nobody refers to (waarnemingen, say) that refer to one of
        `keys`: per other reference column its distinct values, so a national table is not read row by row."""
        found: set[str] = set()
        sa_table = table(spec.name)
        for other in spec.columns:
            if other.ref is None or other.name == column:
                continue
            for start in range(0, len(keys), 500):
                query = select(sa_table.c[other.name]).distinct().where(
                    sa_table.c[column].in_(keys[start:start + 500]))
                for (value,) in self.connection.execute(query):
                    if value is not None:
                        found |= self.belongs_to(other.ref, value)
        return found

    def used_by(self, name: str, key: tuple[Any, ...], rows: Iterable[Mapping[str, Any]]) -> set[str]:
        """The programmes that use a row: its own (before and after the change) and those of every row that
        refers to it, followed back to the end; not past a programme, whose own rows are all its own (only
        to the programmes that are part of it)."""
        found: set[str] = set()
        for row in rows:
            found |= self.belongs(name, row)
        if TABLES_BY_NAME[name].key != ("id",):
            return found  # only rows with an id are referred to
        reached: dict[str, set[Any]] = defaultdict(set)
        waiting = [(name, key[0])]
        while waiting:
            current, current_key = waiting.pop()
            if current_key in reached[current]:
                continue
            reached[current].add(current_key)
            found |= self.belongs_to(current, current_key)
            for spec, column in self.referrers[current]:
                if current == PROGRAMMES and (spec.name, column) != (PROGRAMMES, "onderdeel_van"):
                    continue
                if spec.key == ("id",):
                    waiting.extend((spec.name, row_id) for row_id in self._referring_ids(spec, column, current_key))
        for current, keys in reached.items():
            for spec, column in self.referrers[current]:
                if spec.key != ("id",) and current != PROGRAMMES:
                    found |= self._leaf_programmes(spec, column, sorted(keys, key=str))
        return found

    def owned_by_national(self, name: str, rows: Iterable[Mapping[str, Any]]) -> set[str]:
        """The national programmes whose own row this is: the programme itself, or a row naming it."""
        found: set[str] = set()
        for row in rows:
            if name == PROGRAMMES:
                found |= {row["id"]} & self.national
            else:
                found |= {row[column.name] for column in TABLES_BY_NAME[name].columns
                          if column.ref == PROGRAMMES} & self.national
        return found

    def parts_of(self, national: Iterable[str]) -> set[str]:
        """The programmes that are part of these national programmes, and the parts of those."""
        found: set[str] = set()
        waiting = list(national)
        while waiting:
            for part in self.parts.get(waiting.pop(), ()):
                if part not in found:
                    found.add(part)
                    waiting.append(part)
        return found

    def name_of(self, programme: str) -> str:
        row = self._rows(PROGRAMMES).get(programme)
        return f"{programme} ({row['naam']})" if row is not None else programme


def package_programmes(use: ProgrammeUse, referenced: Mapping[str, set[Any]],
                       programme_ids: Iterable[str]) -> frozenset[str]:
    """The programmes of the package: those its rows belong to (through what they refer to, and the
    programmes it holds itself), national programmes left out."""
    found: set[str] = set(programme_ids)
    for name, keys in referenced.items():
        for key in keys:
            found |= use.belongs_to(name, key)
    return frozenset(found - use.national)


def mark_shared(connection: Connection, changes: list[RowChange], referenced: Mapping[str, set[Any]],
                programme_ids: Iterable[str]) -> frozenset[str]:
    """Fill in `used_by` and `national` of each change; the programmes of the package come back."""
    use = ProgrammeUse(connection)
    own = package_programmes(use, referenced, programme_ids)
    for change in changes:
        rows = (change.before, change.after)
        national = use.owned_by_national(change.table, rows)
        # A national programme's own row (the programme, its doelen, actielijnen) serves every focus area in it.
        users = (use.used_by(change.table, change.key, rows) | use.parts_of(national)) - use.national
        others = users - own
        if not own and len(others) == 1:
            others = set()  # a package of no programme's own rows is about the one programme that uses the row
        change.used_by = tuple(use.name_of(programme) for programme in sorted(others))
        change.national = tuple(use.name_of(programme) for programme in sorted(national))
    return own
