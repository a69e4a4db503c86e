"""Accounts and API tokens in the store: argon2id, no secrets anywhere readable, changes audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from raadsmonitor.domain.access import Rol
from raadsmonitor.domain.audit import AuditContext, Kanaal
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store import audit, users
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.tables import table
from tests.packages import BRON, mini, write_csv_package

BEHEERDER = AuditContext(actor="gebruiker:beheer", herkomst=Kanaal.CLI)
PASSWORD = "lang-genoeg-wachtwoord"  # noqa: S105 - a test account


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Engine:
    package = mini()
    package["organisaties"] = [{"id": "woonpunt", "naam": "Woonpunt", "soort": "corporatie", "bron": BRON}]
    assert import_package(engine, write_csv_package(tmp_path / "p", package)).written
    with write_transaction(engine) as connection:
        users.add_user(connection, BEHEERDER, naam="jan", rol=Rol.GRIFFIE, wachtwoord=PASSWORD)
    return engine


def test_the_password_is_stored_as_an_argon2id_hash_and_checked(store: Engine) -> None:
    with store.connect() as connection:
        stored = connection.execute(select(table("gebruikers").c.wachtwoord_hash)).scalar_one()
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        assert users.check_password(connection, "jan", PASSWORD) is not None
        assert users.check_password(connection, "jan", "verkeerd-wachtwoord") is None
        assert users.check_password(connection, "piet", PASSWORD) is None


def test_short_passwords_partners_without_organisation_and_duplicates_are_refused(store: Engine) -> None:
    with write_transaction(store) as connection:
        with pytest.raises(users.UserError, match="minstens 12 tekens"):
            users.add_user(connection, BEHEERDER, naam="kort", rol=Rol.RAADSLID, wachtwoord="kort")
        with pytest.raises(users.UserError, match="hoort bij een organisatie"):
            users.add_user(connection, BEHEERDER, naam="partner", rol=Rol.PARTNER, wachtwoord=PASSWORD)
        with pytest.raises(users.UserError, match="bestaat al"):
            users.add_user(connection, BEHEERDER, naam="jan", rol=Rol.RAADSLID, wachtwoord=PASSWORD)
        partner = users.add_user(connection, BEHEERDER, naam="wp", rol=Rol.PARTNER, wachtwoord=PASSWORD,
                                 organisatie="woonpunt")
    assert partner.principal.organisatie == "woonpunt"


def test_a_token_works_until_its_user_is_disabled(store: Engine) -> None:
    with write_transaction(store) as connection:
        token_id, token = users.add_api_token(connection, BEHEERDER, "jan", "koppeling")
    with store.connect() as connection:
        principal = users.principal_for_token(connection, token)
        assert principal is not None and (principal.gebruiker, principal.rol) == ("jan", Rol.GRIFFIE)
        assert users.principal_for_token(connection, token + "x") is None
        assert token not in str(connection.execute(select(table("api_tokens"))).all())
    with write_transaction(store) as connection:
        users.set_active(connection, BEHEERDER, "jan", False)
    with store.connect() as connection:
        assert users.principal_for_token(connection, token) is None
        assert users.check_password(connection, "jan", PASSWORD) is None
    assert token_id


def test_account_changes_are_audited_without_secrets(store: Engine) -> None:
    with write_transaction(store) as connection:
        users.set_role(connection, BEHEERDER, "jan", Rol.REKENKAMER)
        users.set_password(connection, BEHEERDER, "jan", "een-ander-lang-wachtwoord")
        _, token = users.add_api_token(connection, BEHEERDER, "jan", None)
    with store.connect() as connection:
        trail = list(audit.iter_records(connection))
        hashes = connection.execute(select(table("gebruikers").c.wachtwoord_hash)).scalars().all()
    account = [r for r in trail if r.actie == "gebruikersbeheer"]
    assert [r.toelichting for r in account] == ["gebruiker aangemaakt", "rol gewijzigd", "wachtwoord gewijzigd",
                                               "API-token gemaakt"]
    text = " ".join(f"{r.oud} {r.nieuw} {r.toelichting}" for r in trail)
    assert "$argon2id$" not in text and token not in text and PASSWORD not in text
    assert all(h not in text for h in hashes)
