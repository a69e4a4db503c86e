"""Accounts and API tokens in the store (issue 7). Functions never commit; every change they make is
appended to the audit trail in the caller's transaction, without the password or token itself.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106); session ids and API tokens are
random and stored as SHA-256 only, so a copy of the store gives no way in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from raadsmonitor.domain.access import Gebruiker, Principal, Rol, password_problem
from raadsmonitor.domain.audit import Actie, AuditContext
from raadsmonitor.store import audit
from raadsmonitor.store.tables import table

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified when the name is unknown, so that a wrong name costs as much time as a wrong password. Made on
    first use, not at import: hashing takes ~0.15 s, which every CLI command paid at start (issue 8)."""
    return _hasher.hash("geen-gebruiker-met-deze-naam")


class UserError(ValueError):
    """An account change that is refused; the message is Dutch and says why."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _user(row: Any) -> Gebruiker:
    return Gebruiker(naam=row.naam, weergavenaam=row.weergavenaam, rol=Rol(row.rol), organisatie=row.organisatie,
                     actief=row.actief, tweede_factor=row.totp_geheim is not None, aangemaakt=row.aangemaakt,
                     gewijzigd=row.gewijzigd, programma=row.programma)


def _public(user: Gebruiker) -> dict[str, Any]:
    """What the audit trail records of an account: never the hash or the second-factor secret."""
    return {"naam": user.naam, "rol": user.rol.value, "organisatie": user.organisatie, "actief": user.actief,
            "tweede_factor": user.tweede_factor, "programma": user.programma}


def get_user(connection: Connection, naam: str) -> Gebruiker | None:
    row = connection.execute(select(table("gebruikers")).where(table("gebruikers").c.naam == naam)).first()
    return _user(row) if row is not None else None


def list_users(connection: Connection) -> list[Gebruiker]:
    users = table("gebruikers")
    return [_user(row) for row in connection.execute(select(users).order_by(users.c.naam))]


def _check_programme(connection: Connection, programma: str | None) -> None:
    """An account can be limited to a programme of a focus area that is in the data."""
    if programma is None:
        return
    programmas = table("programmas")
    found = connection.execute(select(programmas.c.id).where(programmas.c.focusgebied.is_not(None))).scalars().all()
    if programma not in found:
        raise UserError(f"programma '{programma}' is geen programma van een focusgebied in de gegevens"
                            f" (wel: {', '.join(sorted(found)) or 'geen'})")


def _check_role(connection: Connection, rol: Rol, organisatie: str | None) -> None:
    if rol is Rol.PARTNER and not organisatie:
        raise UserError("een partner hoort bij een organisatie; geef --organisatie op")
    if organisatie is not None:
        found = connection.execute(select(table("organisaties").c.id)
                                   .where(table("organisaties").c.id == organisatie)).first()
        if found is None:
            raise UserError(f"organisatie '{organisatie}' bestaat niet in de gegevens")


def add_user(connection: Connection, context: AuditContext, *, naam: str, rol: Rol, wachtwoord: str,
             organisatie: str | None = None, weergavenaam: str | None = None, programma: str | None = None
             ) -> Gebruiker:
    naam = naam.strip()
    if not naam or len(naam) > 100 or any(ch.isspace() for ch in naam):
        raise UserError("een gebruikersnaam is 1 tot 100 tekens zonder spaties")
    if get_user(connection, naam) is not None:
        raise UserError(f"gebruiker '{naam}' bestaat al")
    if problem := password_problem(wachtwoord):
        raise UserError(problem)
    _check_role(connection, rol, organisatie)
    _check_programme(connection, programma)
    moment = now()
    connection.execute(insert(table("gebruikers")), [{
        "naam": naam, "weergavenaam": weergavenaam, "rol": rol.value, "organisatie": organisatie,
        "wachtwoord_hash": _hasher.hash(wachtwoord), "totp_geheim": None, "actief": True, "programma": programma,
        "aangemaakt": moment, "gewijzigd": moment}])
    user = get_user(connection, naam)
    assert user is not None
    audit.append(connection, context.event(Actie.GEBRUIKERSBEHEER, f"gebruikers/{naam}", nieuw=_public(user),
                                           toelichting="gebruiker aangemaakt"))
    return user


def _change(connection: Connection, context: AuditContext, naam: str, values: dict[str, Any],
            toelichting: str) -> Gebruiker:
    before = get_user(connection, naam)
    if before is None:
        raise UserError(f"gebruiker '{naam}' bestaat niet")
    users = table("gebruikers")
    connection.execute(update(users).where(users.c.naam == naam).values(**values, gewijzigd=now()))
    after = get_user(connection, naam)
    assert after is not None
    audit.append(connection, context.event(Actie.GEBRUIKERSBEHEER, f"gebruikers/{naam}", oud=_public(before),
                                           nieuw=_public(after), toelichting=toelichting))
    return after


def set_role(connection: Connection, context: AuditContext, naam: str, rol: Rol,
             organisatie: str | None = None, programma: str | None = None) -> Gebruiker:
    """A new role, with its organisation and programme limit (None: not limited), set together."""
    _check_role(connection, rol, organisatie)
    _check_programme(connection, programma)
    return _change(connection, context, naam, {"rol": rol.value, "organisatie": organisatie, "programma": programma},
                   "rol gewijzigd")


def set_active(connection: Connection, context: AuditContext, naam: str, actief: bool) -> Gebruiker:
    user = _change(connection, context, naam, {"actief": actief},
                   "gebruiker geactiveerd" if actief else "gebruiker uitgeschakeld")
    if not actief:  # a disabled account loses its sessions and tokens at once
        connection.execute(table("sessies").delete().where(table("sessies").c.gebruiker == naam))
        tokens = table("api_tokens")
        connection.execute(update(tokens).where(tokens.c.gebruiker == naam).values(ingetrokken=True))
    return user


def set_password(connection: Connection, context: AuditContext, naam: str, wachtwoord: str) -> Gebruiker:
    if problem := password_problem(wachtwoord):
        raise UserError(problem)
    user = _change(connection, context, naam, {"wachtwoord_hash": _hasher.hash(wachtwoord)}, "wachtwoord gewijzigd")
    # A new password ends every open session (ASVS 3.3.3): whoever knew the old one is signed out.
    connection.execute(table("sessies").delete().where(table("sessies").c.gebruiker == naam))
    return user


def set_totp_secret(connection: Connection, context: AuditContext, naam: str, geheim: str | None) -> Gebruiker:
    return _change(connection, context, naam, {"totp_geheim": geheim, "totp_laatste_stap": None},
                   "tweede factor ingesteld" if geheim else "tweede factor verwijderd")


def totp_state(connection: Connection, naam: str) -> tuple[str | None, int | None]:
    """The account's TOTP secret and the time step of the last code it signed in with."""
    users = table("gebruikers")
    found = connection.execute(select(users.c.totp_geheim, users.c.totp_laatste_stap)
                               .where(users.c.naam == naam)).first()
    return (None, None) if found is None else (found[0], found[1])


def record_totp_step(connection: Connection, naam: str, stap: int) -> None:
    """The step of a code just accepted, so it is not accepted again; the sign-in itself is audited."""
    users = table("gebruikers")
    connection.execute(update(users).where(users.c.naam == naam).values(totp_laatste_stap=stap))


def check_password(connection: Connection, naam: str, wachtwoord: str) -> Gebruiker | None:
    """The active account with this name and password, else None; the same work either way."""
    users = table("gebruikers")
    row = connection.execute(select(users).where(users.c.naam == naam)).first()
    try:
        _hasher.verify(row.wachtwoord_hash if row is not None else _dummy_hash(), wachtwoord)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row.actief:
        return None
    if _hasher.check_needs_rehash(row.wachtwoord_hash):
        connection.execute(update(users).where(users.c.naam == naam).values(wachtwoord_hash=_hasher.hash(wachtwoord)))
    return _user(row)


def add_api_token(connection: Connection, context: AuditContext, naam: str, label: str | None) -> tuple[str, str]:
    """A new token for the user: (token id, the token itself). The token is shown once and stored hashed."""
    user = get_user(connection, naam)
    if user is None:
        raise UserError(f"gebruiker '{naam}' bestaat niet")
    token_id = secrets.token_hex(8)
    token = f"rm_{token_id}_{secrets.token_urlsafe(32)}"
    connection.execute(insert(table("api_tokens")), [{
        "id": token_id, "gebruiker": naam, "token_hash": sha256(token), "naam": label, "aangemaakt": now(),
        "laatst_gebruikt": None, "ingetrokken": False}])
    audit.append(connection, context.event(Actie.GEBRUIKERSBEHEER, f"api_tokens/{token_id}",
                                           nieuw={"gebruiker": naam, "naam": label}, toelichting="API-token gemaakt"))
    return token_id, token


def revoke_api_token(connection: Connection, context: AuditContext, token_id: str) -> None:
    tokens = table("api_tokens")
    result = connection.execute(update(tokens).where(tokens.c.id == token_id).values(ingetrokken=True))
    if result.rowcount == 0:
        raise UserError(f"API-token '{token_id}' bestaat niet")
    audit.append(connection, context.event(Actie.GEBRUIKERSBEHEER, f"api_tokens/{token_id}",
                                           toelichting="API-token ingetrokken"))


def principal_for_token(connection: Connection, token: str) -> Principal | None:
    """Who holds this API token, if it is valid, not revoked and its user active."""
    tokens, users = table("api_tokens"), table("gebruikers")
    row = connection.execute(
        select(tokens.c.id, users.c.naam, users.c.rol, users.c.organisatie, users.c.programma)
        .join(users, users.c.naam == tokens.c.gebruiker)
        .where(tokens.c.token_hash == sha256(token), tokens.c.ingetrokken.is_(False), users.c.actief.is_(True))
    ).first()
    if row is None:
        return None
    return Principal(gebruiker=row.naam, rol=Rol(row.rol), organisatie=row.organisatie, programma=row.programma)
