"""One programme at a time (issue 20): the records of one focus area's programme, nothing of another's.

A store may hold several focus areas' programmes (Heerlen-Noord and Arnhem-Oost, each under the national
programme). Every page, report and command is about one of them. `ProgrammeRecords` is a view on the
records that leaves out everything belonging to another focus programme, so the analyses need not know
that the store holds more: a record is left out when its `programma` is another focus programme, or when
it refers (through any column that names another table) to a record that is left out, in the
catalogue's load order (a theme of Arnhem-Oost, its goals, indicators and their observations, its
streams and their amounts, its register and agreements). What is shared stays: the national programme,
areas, organisations, sources, the glossary, and indicators that belong to no programme's theme.

The comparison of focus areas is about all of them by design; it reads `everything(records)`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any, TypeVar

from raadsmonitor.domain.catalogue import TABLES, TABLES_BY_ENTITY, TABLES_BY_NAME, TableSpec
from raadsmonitor.domain.programme import Programma
from raadsmonitor.domain.records import Records, first_or_fail
from raadsmonitor.domain.snapshots import REGISTERSTANDEN, Programmastand

T = TypeVar("T")

PROGRAMMAS = "programmas"
MAX_NAMED = 500  # at most this many values named in one targeted read (IN); beyond it a table is read whole
NARROW_FROM = 1_000  # a scoped table of fewer rows is read whole; of more, only the rows the programme shows


def focus_programmes(records: Records) -> list[Programma]:
    """The programmes of a focus area (with a focusgebied), by key: the ones a reader chooses between."""
    return sorted((p for p in records.all(Programma) if p.focusgebied), key=lambda p: p.id)


_REFERENCES: dict[int, tuple[TableSpec, tuple[tuple[str, str], ...]]] = {}


def _references(spec: TableSpec) -> tuple[tuple[str, str], ...]:
    """The columns that name another table (or their own), with that table; made once per table spec (asked per
    record while a national table's hidden records are found, issue 15; a spec's own hash costs more than this)."""
    found = _REFERENCES.get(id(spec))
    if found is None or found[0] is not spec:
        found = _REFERENCES[id(spec)] = (spec, tuple((column.name, column.ref) for column in spec.columns
                                                     if column.ref is not None))
    return found[1]


def _scoped_tables() -> frozenset[str]:
    """The tables whose records can belong to one programme: programmas and whatever refers to them."""
    scoped = {PROGRAMMAS}
    for spec in TABLES:  # load order: a table refers only to earlier tables (or itself)
        if any(ref in scoped for _, ref in _references(spec)):
            scoped.add(spec.name)
    return frozenset(scoped)


SCOPED_TABLES = _scoped_tables()


class OnbekendProgramma(ValueError):
    """The programme asked for is not a focus area's programme in this store."""


def check_programme(records: Records, programma_id: str) -> Programma:
    """The focus programme with this id, or a Dutch error naming the ones there are."""
    def unknown(known: str) -> OnbekendProgramma:
        return OnbekendProgramma(f"onbekend programma: {programma_id}; programma's van een focusgebied: {known}")

    return first_or_fail(focus_programmes(records), lambda p: p.id == programma_id, lambda p: p.id, unknown)


class ProgrammeRecords:
    """The records of one focus programme: those of other focus programmes are left out (see module)."""

    def __init__(self, records: Records, programma_id: str) -> None:
        self.everything = records
        self.programma = programma_id
        self._hidden: dict[str, frozenset[Any]] = {}
        self._narrow: dict[str, dict[str, object] | None] = {}

    def _hidden_keys(self, table: str) -> frozenset[Any]:
        """The ids of the records of `table` that are left out (only for tables other tables refer to)."""
        if table not in self._hidden:
            if table not in SCOPED_TABLES:
                self._hidden[table] = frozenset()
            elif table == PROGRAMMAS:
                programmas = self.everything.all(Programma)
                hidden = {p.id for p in programmas if p.focusgebied and p.id != self.programma}
                self._hidden[table] = frozenset(self._closure(TABLES_BY_NAME[table], programmas, hidden))
            elif (hidden_ids := self._hidden_ids_counted(TABLES_BY_NAME[table])) is not None:
                self._hidden[table] = hidden_ids
            else:
                spec = TABLES_BY_NAME[table]
                self._hidden[table] = frozenset()  # a table that refers to itself: its parents first (below)
                records = self.everything.all(spec.entity)
                hidden = {record.id for record in records if self._refers_to_hidden(spec, record)}
                self._hidden[table] = frozenset(self._closure(spec, records, hidden))
        return self._hidden[table]

    def _hiding(self, spec: TableSpec) -> list[tuple[str, str]]:
        """The columns of a table that refer to another table with hidden records, with that table."""
        return [(name, ref) for name, ref in _references(spec) if ref != spec.name and self._hidden_keys(ref)]

    def _present(self, spec: TableSpec, hiding: list[tuple[str, str]]) -> list[dict[Any, int]] | None:
        """How many records a table has per value of each hiding column (one GROUP BY each); None for a table too
        small to be worth the questions (read whole, as always) or one that refers to itself (a part of a hidden
        record is hidden too: that closure needs every record)."""
        if not hiding or any(ref == spec.name for _, ref in _references(spec)):
            return None
        first = self.everything.count_by(spec.entity, hiding[0][0])
        if sum(first.values()) < NARROW_FROM:
            return None
        return [first, *(self.everything.count_by(spec.entity, name) for name, _ in hiding[1:])]

    def _hidden_ids_counted(self, spec: TableSpec) -> frozenset[Any] | None:
        """The ids of a large table's hidden records asked of the store (one GROUP BY id per hiding reference)
        instead of read with the whole table (issue 15: the start page read 5,000 register items to show 250);
        None when the whole table is read for them (see _present) or a hidden set is too large to name."""
        hiding = self._hiding(spec)
        if spec.key != ("id",) or self._present(spec, hiding) is None:
            return None
        if any(len(self._hidden_keys(ref)) > MAX_NAMED for _, ref in hiding):
            return None
        hidden: set[Any] = set()
        for name, ref in hiding:
            hidden.update(self.everything.count_by(spec.entity, "id", **{name: tuple(self._hidden_keys(ref))}))
        return frozenset(hidden)

    def _narrowed(self, spec: TableSpec) -> dict[str, object] | None:
        """The condition that reads only the records of a large table this programme shows (issue 15): per hiding
        reference, the values it takes that are shown. None when the whole table is read (see _present), when a
        hiding reference has records without a value (the store would read those apart and the order by key would
        be lost) or names too many shown values."""
        if spec.name == PROGRAMMAS:
            return None
        hiding = self._hiding(spec)
        present = self._present(spec, hiding)
        if present is None:
            return None
        narrowed: dict[str, object] = {}
        for (name, ref), counts in zip(hiding, present, strict=True):
            if None in counts:
                return None
            hidden = self._hidden_keys(ref)
            shown = tuple(sorted(value for value in counts if value not in hidden))
            if len(shown) > MAX_NAMED:
                return None
            narrowed[name] = shown
        return narrowed

    def _read_all(self, spec: TableSpec, entity: type[T]) -> list[T]:
        """Every record of a table that may be shown: only the shown ones when the store can select them."""
        if spec.name not in self._narrow:
            self._narrow[spec.name] = self._narrowed(spec)
        narrowed = self._narrow[spec.name]
        if narrowed is None:
            return self.everything.all(entity)
        return self.everything.where(entity, limit=None, offset=0, **narrowed)

    def _closure(self, spec: TableSpec, records: list[Any], hidden: set[Any]) -> set[Any]:
        """Add the records that refer to a hidden record of their own table (a part of a hidden stream)."""
        own = [name for name, ref in _references(spec) if ref == spec.name]
        changed = bool(own)
        while changed:
            changed = False
            for record in records:
                if record.id not in hidden and any(getattr(record, name) in hidden for name in own):
                    hidden.add(record.id)
                    changed = True
        return hidden

    def _refers_to_hidden(self, spec: TableSpec, record: Any) -> bool:
        for name, ref in _references(spec):
            value = getattr(record, name)
            if value is not None and ref != spec.name and value in self._hidden_keys(ref):
                return True
        return False

    def _shown(self, spec: TableSpec, record: Any) -> bool:
        if spec.name == PROGRAMMAS or (spec.key == ("id",) and spec.name in _REFERRED):
            return record.id not in self._hidden_keys(spec.name)
        return not self._refers_to_hidden(spec, record)

    def belongs(self, spec: TableSpec, record: Any) -> bool:
        """Whether a record (of this store, or of a peilmoment) is shown in this programme's view."""
        if spec.name not in SCOPED_TABLES:
            return True
        if spec.name == PROGRAMMAS:
            return record.id not in self._hidden_keys(PROGRAMMAS) and (not record.focusgebied
                                                                       or record.id == self.programma)
        if spec.name in _REFERRED and spec.key == ("id",) and record.id in self._hidden_keys(spec.name):
            return False
        return not self._refers_to_hidden(spec, record)

    def hidden_keys(self, table: str) -> frozenset[Any]:
        """The ids of the records of `table` left out of this view."""
        return self._hidden_keys(table)

    def _filters(self, entity: type) -> TableSpec | None:
        """The table's spec when some of its records may be left out; None when all are shown."""
        spec = TABLES_BY_ENTITY.get(entity)
        if spec is None or spec.name not in SCOPED_TABLES:
            return None
        if spec.name == PROGRAMMAS:
            return spec if self._hidden_keys(PROGRAMMAS) else None
        return spec if any(self._hidden_keys(ref) for _, ref in _references(spec) if ref != spec.name) else None

    def all(self, entity: type[T]) -> list[T]:
        spec = self._filters(entity)
        if spec is None:
            return self.everything.all(entity)
        return [record for record in self._read_all(spec, entity) if self._shown(spec, record)]

    def get(self, entity: type[T], key: str) -> T | None:
        record = self.everything.get(entity, key)
        spec = self._filters(entity)
        return record if record is None or spec is None or self._shown(spec, record) else None

    def where(self, entity: type[T], *, limit: int | None = None, offset: int = 0, **equals: object) -> list[T]:
        spec = self._filters(entity)
        if spec is None:
            return self.everything.where(entity, limit=limit, offset=offset, **equals)
        if spec.name == PROGRAMMAS or (spec.key == ("id",) and spec.name in _REFERRED):
            # _shown needs the table's hidden ids: a small table is read whole for them, so read it first and let
            # it answer this question too (issue 15: the register read 5,000 twice); a large one's are counted.
            self._hidden_keys(spec.name)
        read = self.everything.where(entity, limit=None, offset=0, **equals) if equals else self._read_all(spec, entity)
        found = [record for record in read if self._shown(spec, record)]
        return found[offset:] if limit is None else found[offset:offset + limit]

    def count_by(self, entity: type[T], column: str, **equals: object) -> dict[Any, int]:
        spec = self._filters(entity)
        if spec is None:
            return self.everything.count_by(entity, column, **equals)
        hiding = {name for name, ref in _references(spec) if ref != spec.name and self._hidden_keys(ref)}
        if hiding == {column} and spec.name not in _REFERRED:
            # Counted per the one reference that hides records (observations per indicator): the store counts,
            # the hidden values are dropped; nothing is read record by record.
            hidden = self._hidden_keys(dict(_references(spec))[column])
            return {value: count for value, count in self.everything.count_by(entity, column, **equals).items()
                    if value not in hidden}
        return dict(Counter(getattr(record, column) for record in self.where(entity, limit=None, offset=0, **equals)))


# Tables other tables refer to by id: their hidden keys are computed once and looked up.
_REFERRED = frozenset(ref for spec in TABLES for _, ref in _references(spec))


def everything(records: Records) -> Records:
    """All records of the store, also when `records` is one programme's view (the focus-area comparison)."""
    return records.everything if isinstance(records, ProgrammeRecords) else records


class ProgrammaNodig(ValueError):
    """The store holds several focus programmes and none was chosen."""

    def __init__(self, programmas: list[Programma]) -> None:
        self.programmas = programmas
        names = ", ".join(f"{p.id} ({p.naam})" for p in programmas)
        super().__init__(f"de monitor bevat {len(programmas)} programma's van een focusgebied: {names}; "
                         "kies er een")


def choose_programme(records: Records, programma_id: str | None, default: str | None = None) -> Programma | None:
    """The programme a page or command is about: the one asked for, else the configured default
    (RAADSMONITOR_PROGRAMMA), else the only focus programme; None when the store holds none.

    An unknown id is an OnbekendProgramma; several programmes and none asked for or configured is a
    ProgrammaNodig (never silently the first one).
    """
    wanted = programma_id or default
    if wanted:
        return check_programme(records, wanted)
    programmas = focus_programmes(records)
    if len(programmas) > 1:
        raise ProgrammaNodig(programmas)
    return programmas[0] if programmas else None


def scoped(records: Records, programma: Programma | None) -> Records:
    """The records of `programma` (all records when there is none)."""
    return ProgrammeRecords(records, programma.id) if programma is not None else records


def programme_of(records: Records) -> str | None:
    """The programme a view is limited to; None for all records."""
    return records.programma if isinstance(records, ProgrammeRecords) else None


def scope_state(state: Programmastand, records: Records) -> Programmastand:
    """A frozen state (a peilmoment or the live data) with only what belongs to the programme of `records`
    (a view from ProgrammeRecords; the state unchanged for all records). Which records belong to another
    programme is judged by the current data, also for a record deleted since the peilmoment."""
    if not isinstance(records, ProgrammeRecords):
        return state
    tables = {name: tuple(record for record in found if records.belongs(TABLES_BY_NAME[name], record))
              if name in TABLES_BY_NAME else found for name, found in state.tables.items()}
    if REGISTERSTANDEN in tables:
        hidden = records.hidden_keys("informatiestukken")
        tables[REGISTERSTANDEN] = tuple(stand for stand in tables[REGISTERSTANDEN] if stand.stuk not in hidden)
    return replace(state, tables=tables)
