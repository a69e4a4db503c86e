"""Terms and due dates, counted the Dutch way (issue 6, report 8.4).

Working days follow the Algemene termijnenwet (Atw):

- article 3: the algemeen erkende feestdagen are nieuwjaarsdag, tweede paasdag, hemelvaartsdag,
  tweede pinksterdag, both kerstdagen, the day the King's birthday is celebrated (koningsdag) and
  5 mei — every year, not only in lustrum years as the national calendar has it. Goede Vrijdag is
  counted with them here, as issue 6 asks (the Atw allows days to be equated with them). The moving
  feasts follow from Easter (dateutil); koningsdag is 27 April from 2014 (30 April before: koninginnedag),
  the Saturday before when that is a Sunday (from 1980; the Monday after until then). The list is
  computed here rather than taken from the `holidays` package: that package imports the holidays of
  every country it knows (400+ modules, about 19 MB in every server process) to give these ten days.
  tests/council/test_deadlines.py checks the list against the package's NL calendar for 1966-2100.
- article 1: a term that ends on a Saturday, Sunday or feestdag is extended to the next working day.
- article 2: a term of at least three days is extended until it holds at least two working days.

A term in *kalenderdagen* ends `aantal` days after its start; a term in *werkdagen* ends on the
`aantal`-th working day after its start. The start day itself is never counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dateutil.easter import easter

from raadsmonitor.domain.council import TermijnEenheid, Termijninstelling
from raadsmonitor.domain.enums import StukSoort
from raadsmonitor.domain.records import Records


@cache
def feestdagen(jaar: int) -> frozenset[date]:
    """The algemeen erkende feestdagen of one year (Atw article 3), plus Goede Vrijdag and 5 mei.

    Eerste paas- and pinksterdag are Sundays anyway; they are in the list as in the national calendar."""
    pasen = easter(jaar)
    moving = (-2, 0, 1, 39, 49, 50)  # Goede Vrijdag, paasdagen, hemelvaartsdag, pinksterdagen
    return frozenset({date(jaar, 1, 1), koningsdag(jaar), date(jaar, 5, 5), date(jaar, 12, 25), date(jaar, 12, 26),
                      *(pasen + timedelta(days=offset) for offset in moving)})


def koningsdag(jaar: int) -> date:
    """Koningsdag (27 April, from 2014) or koninginnedag (30 April), moved off a Sunday: to the Saturday
    before from 1980 on, to the Monday after until then."""
    day = date(jaar, 4, 27 if jaar >= 2014 else 30)
    if day.weekday() == 6:
        day += timedelta(days=-1 if jaar >= 1980 else 1)
    return day


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
    """Settings by kind, from the records given (a programme's view holds its own settings and the shared
    ones, issue 20). When a kind is set twice, a programme's own setting wins over a shared one (no
    programme), and then the first by key."""
    result: dict[StukSoort, Termijninstelling] = {}
    for instelling in sorted(records.all(Termijninstelling), key=lambda item: (item.programma is None, item.id)):
        result.setdefault(instelling.soort_stuk, instelling)
    return Termijnen(result)
