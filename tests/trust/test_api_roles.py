"""Every API route for every role: allowed or refused as domain/access.py designs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from raadsmonitor.domain.access import WRITABLE_TABLES, Rol
from raadsmonitor.domain.catalogue import TABLES
from raadsmonitor.store import audit
from raadsmonitor.web.api.resources import key_template
from tests.trust.api_support import Api, cheap_password_hashing, make_api


@pytest.fixture
def api(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Api:
    cheap_password_hashing(monkeypatch)
    return make_api(engine, tmp_path / "basis")


def test_every_role_reads_every_table(api: Api) -> None:
    statuses = {(rol, spec.name): api.get(f"/api/v1/{spec.name}?limiet=1", rol).status_code
                for rol in Rol for spec in TABLES}
    assert set(statuses.values()) == {200}


def _missing_key_path(table: str) -> str:
    spec = next(spec for spec in TABLES if spec.name == table)
    template = key_template(spec)
    for name in spec.key:  # a key that exists nowhere, in the key's own type
        value = "1999" if spec.column(name).kind.name == "INTEGER" else (
            spec.column(name).choices[0] if spec.column(name).choices else "bestaat-niet")
        template = template.replace("{" + name + "}", value)
    return f"/api/v1/{table}/{template}"


def test_writes_per_role_and_table_are_allowed_or_refused_as_designed(api: Api) -> None:
    outcome: dict[tuple[Rol, str], tuple[int, int]] = {}
    for rol in Rol:
        for spec in TABLES:
            created = api.client.post(f"/api/v1/{spec.name}", json={}, headers=api.auth(rol)).status_code
            deleted = api.client.delete(_missing_key_path(spec.name),
                                        headers=api.auth(rol) | {"If-Match": '"x"'}).status_code
            outcome[(rol, spec.name)] = (created, deleted)
    # Allowed: the write gets as far as checking the (empty) values or finding the record.
    expected = {(rol, spec.name): (422, 404) if spec.name in WRITABLE_TABLES[rol] else (403, 403)
                for rol in Rol for spec in TABLES}
    assert outcome == expected
    assert outcome[(Rol.RAADSLID, "geldstromen")] == (403, 403)
    assert outcome[(Rol.GRIFFIE, "informatiestukken")] == (422, 404)
    assert outcome[(Rol.GRIFFIE, "geldstromen")] == (403, 403)
    assert outcome[(Rol.PARTNER, "geldstroombedragen")] == (422, 404)
    refusals = sum(2 for value in outcome.values() if value == (403, 403))
    with api.engine.connect() as connection:
        recorded = [r for r in audit.iter_records(connection) if r.resultaat == "geweigerd" and r.herkomst == "api"]
    assert len(recorded) == refusals
