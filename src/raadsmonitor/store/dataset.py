"""Records read from the store: each table, each targeted read at most once per StoreRecords.

Given an Engine, every read runs on a short connection of its own, so nothing holds a pooled
connection while a page renders: a web request never waits for a connection that another request
holds while waiting for a worker thread (bench/RESULTS.md: at 40 concurrent requests the server
locked up when the request held its connection). Given a Connection, everything is read through
it, for commands that want one consistent read.

Targeted reads (get, where, count_by) go to the store's indexes instead of loading whole tables;
once a whole table has been read, they are answered from it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

from raadsmonitor.domain.catalogue import TABLES_BY_ENTITY
from raadsmonitor.domain.records import ONE_OF, index_by_id, matches
from raadsmonitor.store import repository

T = TypeVar("T")
R = TypeVar("R")


def _frozen(equals: dict[str, object]) -> Hashable:
    return tuple(sorted((name, frozenset(value) if isinstance(value, ONE_OF) else value)
                        for name, value in equals.items()))


class StoreRecords:
    def __init__(self, source: Connection | Engine) -> None:
        self._source = source
        self._cache: dict[type, list[Any]] = {}
        self._by_id: dict[type, dict[str, Any]] = {}
        self._reads: dict[Hashable, Any] = {}

    def _read(self, work: Callable[[Connection], R]) -> R:
        if isinstance(self._source, Engine):
            with self._source.connect() as connection:
                return work(connection)
        return work(self._source)

    def all(self, entity: type[T]) -> list[T]:
        """All records of an entity. The list is shared between calls: callers must not change it."""
        if entity not in self._cache:
            spec = TABLES_BY_ENTITY[entity]
            self._cache[entity] = self._read(lambda connection: repository.load_records(connection, spec))
        return self._cache[entity]

    def get(self, entity: type[T], key: str) -> T | None:
        if entity in self._cache:
            if entity not in self._by_id:
                self._by_id[entity] = index_by_id(self._cache[entity])
            return self._by_id[entity].get(key)
        found = self.where(entity, id=key)
        return found[0] if found else None

    def where(self, entity: type[T], *, limit: int | None = None, offset: int = 0, **equals: object) -> list[T]:
        if entity in self._cache:
            found = [record for record in self._cache[entity] if matches(record, equals)]
            return found[offset:] if limit is None else found[offset:offset + limit]
        key = ("where", entity, _frozen(equals), limit, offset)
        if key not in self._reads:
            spec = TABLES_BY_ENTITY[entity]
            self._reads[key] = self._read(
                lambda connection: repository.select_records(connection, spec, equals, limit, offset))
        return list(self._reads[key])

    def count_by(self, entity: type[T], column: str, **equals: object) -> dict[Any, int]:
        key = ("count_by", entity, column, _frozen(equals))
        if key not in self._reads:
            spec = TABLES_BY_ENTITY[entity]
            self._reads[key] = self._read(lambda connection: repository.count_by(connection, spec, column, equals))
        return dict(self._reads[key])
