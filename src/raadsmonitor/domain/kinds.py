"""The rules of each column kind, in one place: what may be empty, the ranges a store can hold, and
how a value is written as data-package text, in its stored form and back.

Modules that used to branch on a column's `Kind` look its rules up in `KINDS` instead; what stays
theirs is what is not the domain's business (SQL types in store/tables.py, JSON Schema in the API).
Parsing a cell is `domain.validation.parse_cell`, which looks its parser up by kind the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from raadsmonitor.domain.columns import Column, Kind
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.validation import escape_text

# The stores' limits: PostgreSQL's INTEGER and NUMERIC(DECIMAL_DIGITS + scale, scale); beyond them a value
# would be refused by the database instead of with a Dutch reason.
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1
DECIMAL_DIGITS = 18
DEFAULT_SCALE = 6  # digits after the point of a decimal column that declares no scale


def nullable(column: Column) -> bool:
    """Whether the store may hold no value for the column: not when it is required or part of the key,
    nor for a yes/no column with a default (it is then always ja or nee)."""
    return not (column.required or column.key or column.kind is Kind.BOOLEAN and column.default is not None)


def decimal_scale(column: Column) -> int:
    """How many digits after the point a decimal column keeps."""
    return column.scale if column.scale is not None else DEFAULT_SCALE


def decimal_limit() -> int:
    """The largest whole number of digits a decimal column holds."""
    return 10**DECIMAL_DIGITS - 1


def integer_fits(value: int) -> bool:
    return INTEGER_MIN <= value <= INTEGER_MAX


def range_problem(value: Any, column: Column) -> str | None:
    """Why a parsed number cannot be stored or compared in the store's column (Dutch), or None."""
    if column.kind is Kind.INTEGER and isinstance(value, int) and not integer_fits(value):
        return f"{value} valt buiten het bereik van {INTEGER_MIN} tot en met {INTEGER_MAX}"
    if column.kind is Kind.DECIMAL and isinstance(value, Decimal) and abs(value) > decimal_limit():
        return f"{value} is groter dan {DECIMAL_DIGITS} cijfers toelaten"
    return None


def format_decimal(value: Decimal) -> str:
    """Plain notation without trailing zeros: 1350000, 66.9, 0.67 (never 1.35E+6). Not through
    normalize(), which rounds to 28 digits."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def json_ready(value: Any) -> Any:
    """A stored value as the data package writes it in JSON: 49200000, 2021-11-22, ja/nee as bool."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _same(value: Any) -> Any:
    return value


def _same_for(value: Any, column: Column) -> Any:
    return value


def _iso_date(value: date) -> str:
    assert isinstance(value, date)
    return value.isoformat()


def _enum_member(value: Any, column: Column) -> Any:
    assert column.enum is not None
    return column.enum(value)


def _decimal(value: Any, column: Column) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True, slots=True)
class KindRules:
    """What a kind of column does with a (known, not None) value."""

    text: Callable[[Any], str]  # the one canonical data-package text (CSV cell, workbook text)
    stored: Callable[[Any], Any] | None  # the domain value in its stored form; None: stored as it is
    unstored: Callable[[Any, Column], Any]  # the stored form (or a database's answer) back to the domain value
    from_json: Callable[[Any], Any]  # a `json_ready` value back to the stored form
    hint: str | None = None  # what a form tells the person who types it


KINDS: dict[Kind, KindRules] = {
    Kind.TEXT: KindRules(text=lambda value: escape_text(str(value)), stored=None, unstored=_same_for,
                         from_json=_same),
    Kind.REF: KindRules(text=lambda value: escape_text(str(value)), stored=None, unstored=_same_for,
                        from_json=_same),
    Kind.INTEGER: KindRules(text=str, stored=None, unstored=_same_for, from_json=_same, hint="Een geheel getal."),
    Kind.DECIMAL: KindRules(
        text=format_decimal, stored=None, unstored=_decimal, from_json=Decimal,
        hint="Een getal, zonder punten voor duizendtallen; bijvoorbeeld 1350000 of 66,9."),
    Kind.BOOLEAN: KindRules(text=lambda value: "ja" if value else "nee", stored=None, unstored=_same_for,
                            from_json=_same),
    Kind.DATE: KindRules(text=_iso_date, stored=None, unstored=_same_for, from_json=date.fromisoformat,
                         hint="Een datum: JJJJ-MM-DD, bijvoorbeeld 2021-11-22."),
    Kind.DATUM: KindRules(text=lambda value: value.iso(), stored=lambda value: value.iso(),
                          unstored=lambda value, column: Datum.parse(value), from_json=_same,
                          hint="Een jaar, maand of dag: 2023, 2023-09 of 2023-09-15."),
    Kind.ENUM: KindRules(text=lambda value: str(value.value), stored=lambda value: value.value,
                         unstored=_enum_member, from_json=_same),
}
assert set(KINDS) == set(Kind), "every column kind has its rules"


def cell_text(value: Any, column: Column) -> str:
    """The text a data-package cell holds for a value; empty for unknown."""
    return "" if value is None else KINDS[column.kind].text(value)


def stored_value(value: Any, column: Column) -> Any:
    """A domain value in the form the store keeps (a Datum as ISO text, a choice as its text)."""
    if value is None:
        return None
    stored = KINDS[column.kind].stored
    return value if stored is None else stored(value)


def domain_value(value: Any, column: Column) -> Any:
    """A stored value back as the domain's value."""
    return None if value is None else KINDS[column.kind].unstored(value, column)


@lru_cache(maxsize=8192)
def _datum(text: str) -> Datum:
    return Datum.parse(text)  # a Datum is frozen: the same text may give the same instance


def reader(column: Column) -> Callable[[Any], Any] | None:
    """`domain_value` for a known (not None) stored value of this column, made once per column for reading
    many rows (issue 15: a national table's rows took most of a cold page's time); None where the stored
    value is the domain value. Dates and choices repeat, so each text is turned into its value once."""
    unstored = KINDS[column.kind].unstored
    if unstored is _same_for:
        return None
    if column.kind is Kind.DATUM:
        return _datum
    if column.kind is Kind.ENUM:
        assert column.enum is not None
        enum, members = column.enum, {member.value: member for member in column.enum}
        return lambda value: members[value] if value in members else enum(value)
    return lambda value: unstored(value, column)
