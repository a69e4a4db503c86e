"""How values are written in a data package: the one canonical text form of each kind (domain/kinds.py)."""

from __future__ import annotations

from typing import Any

from raadsmonitor.domain.columns import Column
from raadsmonitor.domain.kinds import cell_text, format_decimal

__all__ = ["format_cell", "format_decimal"]


def format_cell(value: Any, column: Column) -> str:
    """The text a CSV cell holds for a value; empty for unknown."""
    return cell_text(value, column)
