"""Records read from the store, each table at most once per StoreRecords.

Given an Engine, every table is read on a short connection of its own, so nothing holds a pooled
connection while a page renders: a web request never waits for a connection that another request
holds while waiting for a worker thread (bench/RESULTS.md: at 40 concurrent requests the server
locked up when the request held its connection). Given a Connection, everything is read through
it, for commands that want one consistent read.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

from raadsmonitor.domain.catalogue import TABLES_BY_ENTITY
from raadsmonitor.store import repository

T = TypeVar("T")


class StoreRecords:
    def __init__(self, source: Connection | Engine) -> None:
        self._source = source
        self._cache: dict[type, list[Any]] = {}

    def all(self, entity: type[T]) -> list[T]:
        """All records of an entity. The list is shared between calls: callers must not change it."""
        if entity not in self._cache:
            spec = TABLES_BY_ENTITY[entity]
            if isinstance(self._source, Engine):
                with self._source.connect() as connection:
                    self._cache[entity] = repository.load_records(connection, spec)
            else:
                self._cache[entity] = repository.load_records(self._source, spec)
        return self._cache[entity]
