"""Terms and due dates, counted the Dutch way (issue 6, report 8.4).

Working days follow the Algemene termijnenwet (Atw):

- article 3: the algemeen erkende feestdagen are nieuwjaarsdag, tweede paasdag, hemelvaartsdag,
  tweede pinksterdag, both kerstdagen, the day the King's birthday is celebrated (koningsdag) and
  5 mei — every year, not only in lustrum years as the national calendar has it. Goede Vrijdag is
  counted with them here, as issue 6 asks (the Atw allows days to be equated with them). The
  `holidays` package supplies the moving feasts (Easter, Ascension, Whitsun, koningsdag on 26 April
  when 27 April is a Sunday); 5 mei and Goede Vrijdag are added explicitly so the list does not
  depend on the package version.
- article 1: a term that ends on a Saturday, Sunday or feestdag is extended to the next working day.
- article 2: a term of at least three days is extended until it holds at least two working days.

A term in *kalenderdagen* ends `aantal` days after its start; a term in *werkdagen* ends on the
`aantal`-th working day after its start. The start day itself is never counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays
from dateutil.easter import easter

from raadsmonitor.domain.council import TermijnEenheid, Termijninstelling
from raadsmonitor.domain.enums import StukSoort
from raadsmonitor.domain.records import Records


@cache
def feestdagen(jaar: int) -> frozenset[date]:
    """The algemeen erkende feestdagen of one year (Atw article 3), plus Goede Vrijdag and 5 mei."""
    # The package's NL list is the Atw list plus Easter and Whit Sunday (Sundays anyway).
    days = set(holidays.country_holidays("NL", years=jaar))
    days.add(easter(jaar) - timedelta(days=2))  # Goede Vrijdag
    days.add(date(jaar, 5, 5))  # Bevrijdingsdag: every year under the Atw
    return frozenset(days)


def laatste_dag_van_maand(jaar: int, maand: int) -> date:
    first_next = date(jaar + (maand == 12), maand % 12 + 1, 1)
    return first_next - timedelta(days=1)


def is_werkdag(day: date) -> bool:
    return day.weekday() < 5 and day not in feestdagen(day.year)


def volgende_werkdag(day: date) -> date:
    """The day itself when it is a working day, else the first working day after it (Atw article 1)."""
    while not is_werkdag(day):
        day += timedelta(days=1)
    return day


def werkdagen_tussen(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; 0 when `end` is not after `start`."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_werkdag(day)
    return count


def termijn_einde(start: date, aantal: int, eenheid: TermijnEenheid) -> date:
    """The last day of a term that starts on `start` (see the module docstring for the rules)."""
    if eenheid is TermijnEenheid.WERKDAGEN:
        day, counted = start, 0
        while counted < aantal:
            day += timedelta(days=1)
            counted += is_werkdag(day)
        return day
    end = volgende_werkdag(start + timedelta(days=aantal))
    if aantal >= 3:
        while werkdagen_tussen(start, end) < 2:  # Atw article 2
            end = volgende_werkdag(end + timedelta(days=1))
    return end


@dataclass(frozen=True)
class Termijnen:
    """The term settings by kind of item: the municipality's rules of order, as entered."""

    per_soort: dict[StukSoort, Termijninstelling]

    def voor(self, soort: StukSoort) -> Termijninstelling | None:
        return self.per_soort.get(soort)

    def einde(self, soort: StukSoort, start: date) -> date | None:
        instelling = self.voor(soort)
        return termijn_einde(start, instelling.aantal, instelling.eenheid) if instelling else None


def termijnen(records: Records) -> Termijnen:
    """Settings by kind; when a kind is set twice the first by key wins (the import keeps keys unique)."""
    result: dict[StukSoort, Termijninstelling] = {}
    for instelling in sorted(records.all(Termijninstelling), key=lambda item: item.id):
        result.setdefault(instelling.soort_stuk, instelling)
    return Termijnen(result)
