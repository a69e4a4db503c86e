"""Dates as the sources give them: a day, or only a month, or only a year.

The report dates some items "September 2023" or "voorjaar 2023"; storing those as the first of the
month would invent a day. A `Datum` keeps the precision it was given and sorts correctly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import total_ordering

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precisie(StrEnum):
    DAG = "dag"
    MAAND = "maand"
    JAAR = "jaar"


@total_ordering
@dataclass(frozen=True, slots=True)
class Datum:
    """A date known to the day, the month or the year (ISO text: 2023-09-10, 2023-09, 2023)."""

    jaar: int
    maand: int | None = None
    dag: int | None = None

    def __post_init__(self) -> None:
        if self.dag is not None and self.maand is None:
            raise ValueError("een dag zonder maand is geen datum")
        if not 1000 <= self.jaar <= 9999:
            raise ValueError(f"jaar {self.jaar} valt buiten 1000-9999")
        if self.maand is not None and not 1 <= self.maand <= 12:
            raise ValueError(f"maand {self.maand} bestaat niet")
        if self.dag is not None:
            try:
                date(self.jaar, self.maand or 1, self.dag)
            except ValueError as error:  # 31 februari; Python's own message is English
                raise ValueError(f"dag {self.dag} bestaat niet in maand {self.maand} van {self.jaar}") from error

    @classmethod
    def parse(cls, text: str) -> Datum:
        match = _ISO.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is geen datum; schrijf JJJJ-MM-DD, JJJJ-MM of JJJJ")
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        return cls(year, month, day)

    @classmethod
    def of(cls, value: date) -> Datum:
        return cls(value.year, value.month, value.day)

    def sort_key(self) -> tuple[int, int, int]:
        """Orders a month before the days in it, a year before its months."""
        return (self.jaar, self.maand or 0, self.dag or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Datum):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    @property
    def precisie(self) -> Precisie:
        if self.dag is not None:
            return Precisie.DAG
        return Precisie.MAAND if self.maand is not None else Precisie.JAAR

    def earliest(self) -> date:
        """The first day this date can mean (for ordering and deadlines)."""
        return date(self.jaar, self.maand or 1, self.dag or 1)

    def latest(self) -> date:
        """The last day this date can mean (a month's last day, 31 December of a year)."""
        if self.dag is not None:
            return self.earliest()
        month = self.maand or 12
        return date(self.jaar + (month == 12), month % 12 + 1, 1) - timedelta(days=1)

    def iso(self) -> str:
        if self.maand is None:
            return f"{self.jaar:04d}"
        if self.dag is None:
            return f"{self.jaar:04d}-{self.maand:02d}"
        return f"{self.jaar:04d}-{self.maand:02d}-{self.dag:02d}"

    def __str__(self) -> str:
        return self.iso()


def format_datum(value: Datum | date | None) -> str:
    """Dutch long form: 22 november 2021, september 2023, 2023; empty for unknown."""
    if value is None:
        return ""
    if isinstance(value, date):
        value = Datum.of(value)
    if value.maand is None:
        return str(value.jaar)
    month = MAANDEN[value.maand - 1]
    if value.dag is None:
        return f"{month} {value.jaar}"
    return f"{value.dag} {month} {value.jaar}"


def format_tijdstip(iso: str) -> str:
    """'2026-11-28T02:58:41+00:00' -> '28 november 2026 om 02:58 UTC'."""
    moment = datetime.fromisoformat(iso)
    zone = "UTC" if moment.utcoffset() == timedelta(0) else moment.strftime("%z")
    return f"{format_datum(moment.date())} om {moment:%H:%M} {zone}"
