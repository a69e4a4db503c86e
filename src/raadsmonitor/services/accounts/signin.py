"""Signing in and out (issue 7): password, then a TOTP code for the roles that need one; throttled,
and every attempt in the audit trail. The web door calls these and turns the outcome into a page.

Nothing secret is recorded: no password, code or session id; an unknown name is not written down
either (people type their password in the name field), and the throttle counts names by their hash.
"""

from __future__ import annotations

import enum
import hmac
from dataclasses import dataclass
from datetime import datetime

import pyotp
from sqlalchemy import Connection, Engine

from raadsmonitor.domain.access import Gebruiker
from raadsmonitor.domain.audit import Actie, AuditContext, Resultaat
from raadsmonitor.store import audit
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.sessions import (
    SessionLimits,
    Throttle,
    create_session,
    delete_expired_sessions,
    delete_session,
    find_session,
    is_throttled,
    record_attempt,
)
from raadsmonitor.store.users import check_password, get_user, record_totp_step, sha256, totp_state

ISSUER = "raadsmonitor"


class SignInOutcome(enum.Enum):
    AANGEMELD = "aangemeld"
    CODE_NODIG = "code nodig"
    ONJUIST = "onjuist"
    CODE_ONJUIST = "code onjuist"
    GEBLOKKEERD = "geblokkeerd"
    GEEN_TWEEDE_FACTOR = "geen tweede factor"
    VERLOPEN = "verlopen"


MELDINGEN: dict[SignInOutcome, str] = {
    SignInOutcome.ONJUIST: "De naam of het wachtwoord is onjuist.",
    SignInOutcome.CODE_ONJUIST: ("De code is onjuist, verlopen of al gebruikt. Vul de code in die nu in uw app staat; "
                            "is die net gebruikt, wacht dan op de volgende."),
    SignInOutcome.GEBLOKKEERD: "Te veel mislukte pogingen om aan te melden. Probeer het over een kwartier opnieuw.",
    SignInOutcome.GEEN_TWEEDE_FACTOR: "Voor uw rol is een tweede factor (een code uit een app) verplicht, maar die is "
                                 "voor uw account nog niet ingesteld. Vraag de beheerder om "
                                 "'raadsmonitor users totp' voor uw account uit te voeren.",
    SignInOutcome.VERLOPEN: "Uw aanmelding is verlopen. Meld u opnieuw aan.",
}


@dataclass(frozen=True, slots=True)
class Aanmelding:
    """The outcome of a sign-in step, and the new session id when one was made."""

    uitkomst: SignInOutcome
    session_id: str | None = None

    @property
    def melding(self) -> str | None:
        return MELDINGEN.get(self.uitkomst)


# TOTP (RFC 6238) through pyotp: 30-second codes; one step either side allows for a clock that drifts.

def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(naam: str, geheim: str) -> str:
    return pyotp.TOTP(geheim).provisioning_uri(name=naam, issuer_name=ISSUER)


def accepted_step(geheim: str, code: str, now: datetime, last_step: int | None = None) -> int | None:
    """The 30-second step whose code this is: the current one or one either side (clock drift), but never
    the step of the last accepted code or one before it, so each code counts once (RFC 6238, section
    5.2: a code seen over someone's shoulder is worth nothing once it has been used). None if invalid."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(geheim)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _record(connection: Connection, context: AuditContext, user: Gebruiker | None, resultaat: Resultaat,
            toelichting: str) -> None:
    target = f"gebruikers/{user.naam}" if user is not None else "gebruikers/(onbekende naam)"
    audit.append(connection, context.event(Actie.AANMELDEN, target, resultaat, toelichting=toelichting))


def sign_in(engine: Engine, context: AuditContext, naam: str, wachtwoord: str, *, now: datetime,
            limits: SessionLimits, throttle: Throttle, old_session: str | None = None) -> Aanmelding:
    """Check name and password; a session (awaiting the code where the role needs one) or a refusal."""
    naam = naam.strip()
    with write_transaction(engine) as connection:
        if old_session:  # a new id at every sign-in: a session id planted before sign-in is worth nothing
            delete_session(connection, old_session)
        delete_expired_sessions(connection, now, limits)
        known = get_user(connection, naam)
        if is_throttled(connection, sha256(naam), context.adres, now=now, throttle=throttle):
            _record(connection, context, known, Resultaat.GEWEIGERD, "te veel mislukte pogingen")
            return Aanmelding(SignInOutcome.GEBLOKKEERD)
        user = check_password(connection, naam, wachtwoord)
        if user is None:
            record_attempt(connection, sha256(naam), context.adres, gelukt=False, now=now)
            _record(connection, context, known, Resultaat.MISLUKT, "naam of wachtwoord onjuist")
            return Aanmelding(SignInOutcome.ONJUIST)
        if user.needs_second_factor and not user.tweede_factor:
            _record(connection, context, user, Resultaat.GEWEIGERD, "tweede factor verplicht maar niet ingesteld")
            return Aanmelding(SignInOutcome.GEEN_TWEEDE_FACTOR)
        if user.needs_second_factor:
            session_id = create_session(connection, naam, tweede_factor=False, now=now, limits=limits)
            _record(connection, context, user, Resultaat.GELUKT, "wachtwoord juist, code gevraagd")
            return Aanmelding(SignInOutcome.CODE_NODIG, session_id)
        # Only a complete sign-in counts as a success (which resets the name's failures): a right password
        # must not buy new guesses at the code.
        record_attempt(connection, sha256(naam), context.adres, gelukt=True, now=now)
        session_id = create_session(connection, naam, tweede_factor=False, now=now, limits=limits)
        _record(connection, context, user, Resultaat.GELUKT, "aangemeld")
        return Aanmelding(SignInOutcome.AANGEMELD, session_id)


def confirm_code(engine: Engine, context: AuditContext, session_id: str, code: str, *, now: datetime,
                 limits: SessionLimits, throttle: Throttle) -> Aanmelding:
    """The second step: a valid code turns the waiting session into a new, complete one."""
    with write_transaction(engine) as connection:
        sessie = find_session(connection, session_id, now=now, limits=limits)
        if sessie is None or sessie.tweede_factor:
            return Aanmelding(SignInOutcome.VERLOPEN)
        user, key = sessie.gebruiker, sha256(sessie.gebruiker.naam)
        if is_throttled(connection, key, context.adres, now=now, throttle=throttle):
            delete_session(connection, session_id)
            _record(connection, context, user, Resultaat.GEWEIGERD, "te veel mislukte pogingen")
            return Aanmelding(SignInOutcome.GEBLOKKEERD)
        geheim, last_step = totp_state(connection, user.naam)
        step = None if geheim is None else accepted_step(geheim, code, now, last_step)
        record_attempt(connection, key, context.adres, gelukt=step is not None, now=now)
        if step is None:
            _record(connection, context, user, Resultaat.MISLUKT, "code onjuist of al gebruikt")
            return Aanmelding(SignInOutcome.CODE_ONJUIST)
        record_totp_step(connection, user.naam, step)
        delete_session(connection, session_id)
        new_id = create_session(connection, user.naam, tweede_factor=True, now=now, limits=limits)
        _record(connection, context, user, Resultaat.GELUKT, "aangemeld met tweede factor")
        return Aanmelding(SignInOutcome.AANGEMELD, new_id)


def sign_out(engine: Engine, context: AuditContext, session_id: str, naam: str) -> None:
    with write_transaction(engine) as connection:
        delete_session(connection, session_id)
        audit.append(connection, context.event(Actie.AFMELDEN, f"gebruikers/{naam}", toelichting="afgemeld"))
