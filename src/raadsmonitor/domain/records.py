"""What analysis functions read from: records of an entity, however they were obtained.

Besides all records of an entity, a source answers targeted reads that a store serves from its key
and reference indexes: one record by id, the records whose columns equal given values (a collection
value means "one of these", KNOWN means "any value but None"), optionally a page of them, and counts
per value of one column.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

ONE_OF = (tuple, list, set, frozenset)  # a where() value of these types matches any of its items


class _Known:
    """The where() value that matches any value that is known (not None)."""

    def __repr__(self) -> str:
        return "KNOWN"


KNOWN = _Known()


class Records(Protocol):
    def all(self, entity: type[T]) -> list[T]:
        """All records, ordered by key in a store. The list may be shared: callers must not change it."""
        ...

    def get(self, entity: type[T], key: str) -> T | None:
        """The record with this id (entities keyed by id only), or None."""
        ...

    def where(self, entity: type[T], *, limit: int | None = None, offset: int = 0, **equals: object) -> list[T]:
        """The records whose columns equal the given values, in the order of all(); limit/offset page them."""
        ...

    def count_by(self, entity: type[T], column: str, **equals: object) -> dict[Any, int]:
        """How many records (whose columns equal the given values) there are per value of one column."""
        ...


def matches(record: object, equals: dict[str, object]) -> bool:
    for name, wanted in equals.items():
        value = getattr(record, name)
        if wanted is KNOWN:
            if value is None:
                return False
        elif isinstance(wanted, ONE_OF):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


class ScanningRecords(ABC):
    """Targeted reads answered by scanning all(): for record sources that are small or already in memory.
    A subclass says only how to get all records of an entity."""

    @abstractmethod
    def all(self, entity: type[T]) -> list[T]: ...

    def get(self, entity: type[T], key: str) -> T | None:
        return next((record for record in self.all(entity) if record.id == key), None)  # type: ignore[attr-defined]

    def where(self, entity: type[T], *, limit: int | None = None, offset: int = 0, **equals: object) -> list[T]:
        found = [record for record in self.all(entity) if matches(record, equals)]
        return found[offset:] if limit is None else found[offset:offset + limit]

    def count_by(self, entity: type[T], column: str, **equals: object) -> dict[Any, int]:
        return dict(Counter(getattr(record, column) for record in self.all(entity) if matches(record, equals)))


class MemoryRecords(ScanningRecords):
    """Records held in memory: for tests and for analysis over a snapshot. Ids are looked up by index."""

    def __init__(self, records: Iterable[Any] = ()) -> None:
        self._by_entity: dict[type, list[Any]] = defaultdict(list)
        self._by_id: dict[type, dict[str, Any]] = {}
        for record in records:
            self._by_entity[type(record)].append(record)

    def all(self, entity: type[T]) -> list[T]:
        return list(self._by_entity.get(entity, []))

    def get(self, entity: type[T], key: str) -> T | None:
        if entity not in self._by_id:
            self._by_id[entity] = index_by_id(self._by_entity.get(entity, []))
        return self._by_id[entity].get(key)


def index_by_id(records: Iterable[T]) -> dict[str, T]:
    return {record.id: record for record in records}  # type: ignore[attr-defined]


def first_or_fail(items: Sequence[T], matches: Callable[[T], bool], name: Callable[[T], str],
                  error: Callable[[str], Exception]) -> T:
    """The first of `items` that matches; otherwise `error` raised with the names of the items there are,
    comma-separated ('geen' when there are none), for a Dutch message that says what could have been meant."""
    found = next((item for item in items if matches(item)), None)
    if found is None:
        raise error(", ".join(name(item) for item in items) or "geen")
    return found
