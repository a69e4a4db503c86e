"""What analysis functions read from: all records of an entity, however they were obtained."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Records(Protocol):
    def all(self, entity: type[T]) -> list[T]: ...


class MemoryRecords:
    """Records held in memory: for tests and for analysis over a snapshot."""

    def __init__(self, records: Iterable[Any] = ()) -> None:
        self._by_entity: dict[type, list[Any]] = defaultdict(list)
        for record in records:
            self._by_entity[type(record)].append(record)

    def all(self, entity: type[T]) -> list[T]:
        return list(self._by_entity.get(entity, []))


def index_by_id(records: Iterable[T]) -> dict[str, T]:
    return {record.id: record for record in records}  # type: ignore[attr-defined]
