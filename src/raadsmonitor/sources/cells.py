"""How values are written in a data package: the one canonical text form of each kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from raadsmonitor.domain.columns import Column, Kind
from raadsmonitor.domain.validation import escape_text


def format_decimal(value: Decimal) -> str:
    """Plain notation without trailing zeros: 1350000, 66.9, 0.67 (never 1.35E+6). Not through
    normalize(), which rounds to 28 digits."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_cell(value: Any, column: Column) -> str:
    """The text a CSV cell holds for a value; empty for unknown."""
    if value is None:
        return ""
    if column.kind is Kind.BOOLEAN:
        return "ja" if value else "nee"
    if column.kind is Kind.DECIMAL:
        return format_decimal(value)
    if column.kind is Kind.INTEGER:
        return str(value)
    if column.kind is Kind.DATE:
        assert isinstance(value, date)
        return value.isoformat()
    if column.kind in (Kind.DATUM,):
        return value.iso()
    if column.kind is Kind.ENUM:
        return str(value.value)
    return escape_text(str(value))
