"""A store with the mini package, one account and API token per role, and a client for the JSON API."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.domain.access import Rol
from raadsmonitor.domain.audit import AuditContext, Kanaal
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store import audit, users
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.users import add_api_token, add_user
from raadsmonitor.web.app import create_app
from tests.packages import BRON, mini, write_csv_package

BEHEER = AuditContext(actor="cli:beheer", herkomst=Kanaal.CLI)
PASSWORD = "een lang genoeg wachtwoord"  # noqa: S105 - a test account
USER_OF_ROLE = {Rol.PROGRAMMABUREAU: "controller", Rol.GRIFFIE: "griffier", Rol.RAADSLID: "raadslid",
                Rol.REKENKAMER: "rekenkamer", Rol.BEHEERDER: "beheerder", Rol.PARTNER: "woonpunt-medewerker"}

STROOM = {"id": "regio-deal", "naam": "Regio Deal Parkstad", "programma": "nphln", "herkomst": "rijk",
          "instrument": "specifieke uitkering", "begin_jaar": 2021, "eind_jaar": 2024,
          "totaalbedrag": "4637084", "bron": BRON}


@dataclass
class Api:
    engine: Engine
    client: TestClient
    tokens: dict[Rol, str]

    def auth(self, rol: Rol) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[rol]}"}

    def get(self, path: str, rol: Rol = Rol.RAADSLID, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.auth(rol), **kwargs)

    def last_audit(self) -> audit.AuditRecord:
        with self.engine.connect() as connection:
            return next(audit.iter_records(connection, limit=1, newest_first=True))


def add_accounts(engine: Engine) -> dict[Rol, str]:
    tokens = {}
    with write_transaction(engine) as connection:
        for rol, naam in USER_OF_ROLE.items():
            add_user(connection, BEHEER, naam=naam, rol=rol, wachtwoord=PASSWORD,
                     organisatie="woonpunt" if rol is Rol.PARTNER else None)
            tokens[rol] = add_api_token(connection, BEHEER, naam, "tests")[1]
    return tokens


def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Passwords are not what these tests are about: six accounts per test need not cost seconds."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def make_api(engine: Engine, folder: Path) -> Api:
    package = mini()
    package["organisaties"] = [{"id": "woonpunt", "naam": "Woonpunt", "soort": "corporatie", "bron": BRON},
                               {"id": "weller", "naam": "Weller", "soort": "corporatie", "bron": BRON}]
    assert import_package(engine, write_csv_package(folder, package)).written
    return Api(engine, TestClient(create_app(engine)), add_accounts(engine))


def values(record: audit.AuditRecord, which: str) -> dict[str, Any]:
    text = getattr(record, which)
    assert text is not None
    parsed: dict[str, Any] = json.loads(text)
    return parsed
