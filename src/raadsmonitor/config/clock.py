"""The one clock of the monitor (issue 19): pages and commands ask it for today's date, so tests can fix time.

The web app keeps its clock on app.state.clock (create_app takes one), the commands get theirs from
commands._shared.clock(). Domain and analysis functions never read a clock: they take the date as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Where 'now' comes from."""

    def now(self) -> datetime:
        """The current moment, timezone-aware (UTC)."""
        ...

    def today(self) -> date:
        """Today's date where the monitor runs."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return date.today()

    def __repr__(self) -> str:
        return "SystemClock()"


@dataclass
class FixedClock:
    """A clock that stands still at `moment` until moved by hand (tests, and reproducible runs)."""

    moment: datetime

    def __post_init__(self) -> None:
        if self.moment.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware moment")

    @classmethod
    def on(cls, day: date, at: time = time(9, 0)) -> FixedClock:
        """The clock at `at` (UTC) on `day`."""
        return cls(datetime.combine(day, at, tzinfo=UTC))

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.date()

    def advance(self, **delta: float) -> None:
        """Move the clock on by a timedelta's keywords (hours=8, days=1, ...)."""
        self.moment += timedelta(**delta)
