"""Server-side sessions and sign-in attempts (issue 7). Functions never commit; the caller owns the
write transaction (store.database.write_transaction).

A session id is 32 random bytes given to the browser once; the store keeps only its SHA-256, so a
copy of the store cannot be used to take over a session. Times are passed in, so tests need no clock.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select, update

from raadsmonitor.domain.access import Gebruiker
from raadsmonitor.store.tables import table
from raadsmonitor.store.users import get_user, sha256

# A session's last-seen time is written at most once a minute, not on every page: reading stays cheap.
TOUCH_AFTER = timedelta(minutes=1)
# Sign-in attempts are kept a day: long enough for every throttling window, short enough to stay small.
KEEP_ATTEMPTS = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class SessionLimits:
    idle: timedelta = timedelta(hours=8)
    absolute: timedelta = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class Session:
    """A session found by its id: whose it is and whether the second factor was given."""

    gebruiker: Gebruiker
    tweede_factor: bool
    laatst_gezien: datetime


@dataclass(frozen=True, slots=True)
class Throttle:
    """How many failures a name or an address may have in a window before attempts are refused."""

    window: timedelta = timedelta(minutes=15)
    per_name: int = 5
    per_address: int = 20


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def create_session(connection: Connection, naam: str, *, tweede_factor: bool, now: datetime,
                   limits: SessionLimits) -> str:
    """A new session for the user; returns the id for the cookie (stored hashed only)."""
    session_id = secrets.token_urlsafe(32)
    connection.execute(insert(table("sessies")), [{
        "id_hash": sha256(session_id), "gebruiker": naam, "aangemaakt": _iso(now), "laatst_gezien": _iso(now),
        "verloopt": _iso(now + limits.absolute), "tweede_factor": tweede_factor}])
    return session_id


def find_session(connection: Connection, session_id: str, *, now: datetime, limits: SessionLimits) -> Session | None:
    """The live session with this id whose user is active; None when unknown, expired or disabled."""
    sessies = table("sessies")
    row = connection.execute(select(sessies).where(sessies.c.id_hash == sha256(session_id))).first()
    if row is None:
        return None
    seen = datetime.fromisoformat(row.laatst_gezien)
    if now >= datetime.fromisoformat(row.verloopt) or now - seen >= limits.idle:
        return None
    user = get_user(connection, row.gebruiker)
    if user is None or not user.actief:
        return None
    return Session(gebruiker=user, tweede_factor=row.tweede_factor, laatst_gezien=seen)


def touch_session(connection: Connection, session_id: str, now: datetime) -> None:
    sessies = table("sessies")
    connection.execute(update(sessies).where(sessies.c.id_hash == sha256(session_id))
                       .values(laatst_gezien=_iso(now)))


def delete_session(connection: Connection, session_id: str) -> None:
    connection.execute(delete(table("sessies")).where(table("sessies").c.id_hash == sha256(session_id)))


def delete_expired_sessions(connection: Connection, now: datetime, limits: SessionLimits) -> None:
    sessies = table("sessies")
    connection.execute(delete(sessies).where((sessies.c.verloopt <= _iso(now))
                                             | (sessies.c.laatst_gezien <= _iso(now - limits.idle))))


def record_attempt(connection: Connection, naam: str, adres: str | None, *, gelukt: bool, now: datetime) -> None:
    attempts = table("aanmeldpogingen")
    connection.execute(delete(attempts).where(attempts.c.tijdstip < _iso(now - KEEP_ATTEMPTS)))
    connection.execute(insert(attempts), [{"gebruiker": naam[:100], "adres": adres, "tijdstip": _iso(now),
                                           "gelukt": gelukt}])


def _failures(connection: Connection, column_name: str, value: str, since: datetime, *, reset_by_success: bool
              ) -> int:
    """Failures for this name or address in the window (for a name: after its last success)."""
    attempts = table("aanmeldpogingen")
    column = attempts.c[column_name]
    query = (select(func.count()).select_from(attempts)
             .where(column == value, attempts.c.gelukt.is_(False), attempts.c.tijdstip >= _iso(since)))
    if reset_by_success:
        last_success = (select(func.max(attempts.c.tijdstip))
                        .where(column == value, attempts.c.gelukt.is_(True)).scalar_subquery())
        query = query.where(attempts.c.tijdstip > func.coalesce(last_success, ""))
    return int(connection.execute(query).scalar_one())


def is_throttled(connection: Connection, naam: str, adres: str | None, *, now: datetime, throttle: Throttle) -> bool:
    """Whether further attempts for this name or from this address are refused for now."""
    since = now - throttle.window
    if _failures(connection, "gebruiker", naam[:100], since, reset_by_success=True) >= throttle.per_name:
        return True
    # A success from an address does not reset it: signing in to one's own account must not buy guesses at others.
    return adres is not None and (_failures(connection, "adres", adres, since, reset_by_success=False)
                                  >= throttle.per_address)
