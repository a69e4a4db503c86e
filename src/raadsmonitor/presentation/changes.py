"""What changed between two reporting moments, worded for people: values the Dutch way, who and when.

The comparison itself is `analysis.moments.changes` (values); pages, reports, the command line and the
signals take their text from here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from raadsmonitor.analysis.moments.changes import EURO_FIELDS, Wijziging
from raadsmonitor.domain.dates import Datum
from raadsmonitor.presentation.formatting import ONBEKEND, format_datum_nl, format_euro, format_getal


def value_text(value: Any, veld: str | None) -> str:
    """A value before or after as a council member reads it; an empty value is 'onbekend'."""
    if value is None:
        return ONBEKEND if veld is not None else "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Decimal):
        return format_euro(value) if veld in EURO_FIELDS else format_getal(value)
    if isinstance(value, (date, Datum)):
        return format_datum_nl(value)
    if isinstance(value, int) and veld != "jaar" and not (veld or "").endswith("jaar"):
        return format_getal(value)
    return str(value)


def actor_label(actor: str) -> str:
    """How a person reads the audit trail's actor: 'gebruiker:jan' -> 'jan', 'cli:root' -> 'root (opdrachtregel)'."""
    kind, _, name = actor.partition(":")
    if kind == "gebruiker":
        return name
    if kind == "cli":
        return f"{name} (opdrachtregel)"
    return actor


def who_text(wijziging: Wijziging) -> str:
    return actor_label(wijziging.wie) if wijziging.wie else ONBEKEND


def when_text(wijziging: Wijziging) -> str:
    """The day from the audit trail, else the interval between the two reporting moments."""
    if wijziging.wanneer is not None:
        return format_datum_nl(wijziging.wanneer)
    start = f"na {format_datum_nl(wijziging.wanneer_na)}" if wijziging.wanneer_na else ""
    if wijziging.wanneer_uiterlijk is None:
        return f"{start} (de huidige gegevens)".strip()
    return f"{start}, uiterlijk {format_datum_nl(wijziging.wanneer_uiterlijk)}".strip(", ")
