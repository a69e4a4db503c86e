"""The audit trail (issue 7): who changed what, when, from where, with what result — tamper-evident.

Each record (BIO 8.15: action, object, result, origin, actor, timestamp; plus the old and new values)
carries the hash of its predecessor and its own hash over all its fields, so that editing, removing or
reordering any record breaks the chain where it happened. Pure: the store appends and reads.
Never put passwords, tokens or session ids in a record: callers pass values, not secrets.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first record


class Actie(enum.Enum):
    AANMAKEN = "aanmaken"
    WIJZIGEN = "wijzigen"
    VERWIJDEREN = "verwijderen"
    IMPORTEREN = "importeren"
    AANMELDEN = "aanmelden"
    AFMELDEN = "afmelden"
    TOEGANG = "toegang"  # an authorisation decision (logged when refused)
    GEBRUIKERSBEHEER = "gebruikersbeheer"
    PEILMOMENT = "peilmoment"
    HERSTEL = "herstel"  # a restore from backup


class Resultaat(enum.Enum):
    GELUKT = "gelukt"
    GEWEIGERD = "geweigerd"
    MISLUKT = "mislukt"


class Kanaal(enum.Enum):
    """Through which door the action came."""

    WEB = "web"
    API = "api"
    CLI = "cli"
    IMPORT = "import"
    DEMO = "demo"


@dataclass(frozen=True, kw_only=True, slots=True)
class AuditEvent:
    """What happened, before it is numbered, timestamped and chained by the store."""

    actie: Actie
    object: str  # e.g. "geldstromen/spuk-2022" or "gebruiker/jan" or the name of an imported package
    resultaat: Resultaat
    herkomst: Kanaal
    actor: str  # "gebruiker:<naam>", "cli:<os user>", "anoniem"
    oud: Mapping[str, Any] | None = None
    nieuw: Mapping[str, Any] | None = None
    adres: str | None = None  # the client address for web/API, None on the CLI
    toelichting: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class AuditContext:
    """Who acts, through which door, from where: given to every write so it can record itself."""

    actor: str
    herkomst: Kanaal
    adres: str | None = None

    def event(self, actie: Actie, object: str, resultaat: Resultaat = Resultaat.GELUKT, *,
              oud: Mapping[str, Any] | None = None, nieuw: Mapping[str, Any] | None = None,
              toelichting: str | None = None) -> AuditEvent:
        return AuditEvent(actie=actie, object=object, resultaat=resultaat, herkomst=self.herkomst,
                          actor=self.actor, adres=self.adres, oud=oud, nieuw=nieuw, toelichting=toelichting)


@dataclass(frozen=True, kw_only=True, slots=True)
class AuditRecord:
    volgnummer: int
    tijdstip: str  # ISO 8601, UTC, seconds precision plus microseconds
    actie: str
    object: str
    resultaat: str
    herkomst: str
    actor: str
    adres: str | None
    toelichting: str | None
    oud: str | None  # canonical JSON
    nieuw: str | None  # canonical JSON
    vorige_hash: str
    hash: str


def canonical_json(value: Mapping[str, Any] | None) -> str | None:
    """One byte sequence per value: sorted keys, no spaces, decimals and dates as text."""
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _hashed_fields(record: AuditRecord | Mapping[str, Any]) -> list[Any]:
    get = record.get if isinstance(record, Mapping) else (lambda name: getattr(record, name))
    return [get(name) for name in ("volgnummer", "tijdstip", "actie", "object", "resultaat", "herkomst",
                                   "actor", "adres", "toelichting", "oud", "nieuw", "vorige_hash")]


def record_hash(fields: AuditRecord | Mapping[str, Any]) -> str:
    payload = json.dumps(_hashed_fields(fields), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def chain(event: AuditEvent, *, volgnummer: int, tijdstip: str, vorige_hash: str) -> AuditRecord:
    """The record that follows a record with hash vorige_hash (GENESIS for the first)."""
    fields: dict[str, Any] = {
        "volgnummer": volgnummer, "tijdstip": tijdstip, "actie": event.actie.value, "object": event.object,
        "resultaat": event.resultaat.value, "herkomst": event.herkomst.value, "actor": event.actor,
        "adres": event.adres, "toelichting": event.toelichting, "oud": canonical_json(event.oud),
        "nieuw": canonical_json(event.nieuw), "vorige_hash": vorige_hash,
    }
    return AuditRecord(**fields, hash=record_hash(fields))


def verify_chain(records: Iterable[AuditRecord], *, expected_head: str | None = None) -> list[str]:
    """Dutch descriptions of every break in the chain; empty when the trail is intact.

    Records must come in volgnummer order. A removed last record cannot be seen from the chain
    alone: compare the head hash with one kept elsewhere (expected_head, see SECURITY.md).
    """
    problems: list[str] = []
    previous_hash, previous_number = GENESIS, 0
    for record in records:
        if record.volgnummer != previous_number + 1:
            problems.append(f"regel {record.volgnummer}: volgt op regel {previous_number} "
                            f"(regels ontbreken of staan in een andere volgorde)")
        if record.vorige_hash != previous_hash:
            problems.append(f"regel {record.volgnummer}: verwijst niet naar de hash van de regel ervoor "
                            f"(een regel ervoor is gewijzigd, verwijderd of verplaatst)")
        if record_hash(record) != record.hash:
            problems.append(f"regel {record.volgnummer}: de inhoud past niet bij de hash (de regel is gewijzigd)")
        previous_hash, previous_number = record.hash, record.volgnummer
    if expected_head is not None and previous_hash != expected_head:
        problems.append(f"de laatste regel ({previous_number}) heeft niet de verwachte hash {expected_head}: "
                        f"regels aan het eind zijn verwijderd of toegevoegd")
    return problems
