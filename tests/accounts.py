"""Test accounts: one per role, the partner for the municipality, TOTP where the role needs one."""

from __future__ import annotations

import pyotp
from sqlalchemy import Engine, update

from raadsmonitor.domain.access import Rol
from raadsmonitor.domain.audit import AuditContext, Kanaal
from raadsmonitor.store import users
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.tables import table

PASSWORD = "lang-genoeg-wachtwoord"  # noqa: S105 - the test accounts' password
PARTNER_ORGANISATIE = "gemeente-heerlen"
SETUP = AuditContext(actor="cli:test", herkomst=Kanaal.CLI)
ROLES = list(Rol)


def account(rol: Rol) -> str:
    return f"{rol.value}-test"


def add_accounts(engine: Engine) -> dict[str, str]:
    """One active account per role (the partner for the municipality); TOTP where the role needs it."""
    secrets: dict[str, str] = {}
    with write_transaction(engine) as connection:
        for rol in ROLES:
            naam = account(rol)
            users.add_user(connection, SETUP, naam=naam, rol=rol, wachtwoord=PASSWORD,
                           organisatie=PARTNER_ORGANISATIE if rol is Rol.PARTNER else None)
            if users.get_user(connection, naam).needs_second_factor:  # type: ignore[union-attr]
                secrets[naam] = pyotp.random_base32()
                users.set_totp_secret(connection, SETUP, naam, secrets[naam])
    return secrets


def forget_used_codes(engine: Engine) -> None:
    """Let the test accounts sign in with the code of this moment again: the store accepts each TOTP code
    once (RFC 6238), and tests sign the same account in more often than every 30 seconds."""
    with write_transaction(engine) as connection:
        connection.execute(update(table("gebruikers")).values(totp_laatste_stap=None))
