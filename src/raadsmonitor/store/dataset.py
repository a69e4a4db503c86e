"""Records read from the store through one connection, each table at most once."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Connection

from raadsmonitor.domain.catalogue import TABLES_BY_ENTITY
from raadsmonitor.store import repository

T = TypeVar("T")


class StoreRecords:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._cache: dict[type, list[Any]] = {}

    def all(self, entity: type[T]) -> list[T]:
        if entity not in self._cache:
            self._cache[entity] = repository.load_records(self._connection, TABLES_BY_ENTITY[entity])
        return list(self._cache[entity])
