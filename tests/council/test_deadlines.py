"""Terms counted the Dutch way: Algemene termijnenwet feestdagen, Goede Vrijdag, 5 mei every year."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from raadsmonitor.analysis.council.deadlines import feestdagen, is_werkdag, termijn_einde, termijnen, werkdagen_tussen
from raadsmonitor.domain.council import TermijnEenheid
from raadsmonitor.domain.enums import StukSoort
from raadsmonitor.domain.records import MemoryRecords
from tests.council.factories import termijn

KALENDER = TermijnEenheid.KALENDERDAGEN
WERK = TermijnEenheid.WERKDAGEN


def test_feestdagen_2023_are_the_atw_days_with_goede_vrijdag_and_5_mei() -> None:
    assert feestdagen(2023) >= {
        date(2023, 1, 1), date(2023, 4, 7), date(2023, 4, 10), date(2023, 4, 27), date(2023, 5, 5),
        date(2023, 5, 18), date(2023, 5, 29), date(2023, 12, 25), date(2023, 12, 26)}


def test_feestdagen_match_an_independent_calendar_from_1966_to_2100() -> None:
    # The `holidays` package's NL calendar (a test dependency only): the Atw days plus Easter and Whit
    # Sunday, with 5 mei only in lustrum years; Goede Vrijdag and 5 mei every year are added by us.
    import holidays
    from dateutil.easter import easter

    for jaar in range(1966, 2101):
        theirs = set(holidays.country_holidays("NL", years=jaar))
        theirs |= {easter(jaar) - timedelta(days=2), date(jaar, 5, 5)}
        assert feestdagen(jaar) == theirs, jaar


def test_koninginnedag_moved_to_the_monday_before_1980_and_to_the_saturday_after() -> None:
    assert date(1967, 5, 1) in feestdagen(1967) and date(1967, 4, 30) not in feestdagen(1967)
    assert date(1989, 4, 29) in feestdagen(1989) and date(1989, 4, 30) not in feestdagen(1989)
    assert date(2013, 4, 30) in feestdagen(2013) and date(2014, 4, 26) in feestdagen(2014)


def test_5_mei_is_a_feestdag_also_outside_lustrum_years() -> None:
    assert not is_werkdag(date(2023, 5, 5))  # a Friday, and 2023 is no lustrum year
    assert is_werkdag(date(2023, 5, 4))


def test_koningsdag_moves_to_26_april_when_27_april_is_a_sunday() -> None:
    assert not is_werkdag(date(2025, 4, 26)) and date(2025, 4, 26) in feestdagen(2025)


def test_a_term_ending_on_saturday_runs_to_monday() -> None:
    # 27 May 2021 + 30 days = Saturday 26 June 2021 -> Monday 28 June 2021 (Atw article 1)
    assert termijn_einde(date(2021, 5, 27), 30, KALENDER) == date(2021, 6, 28)


def test_a_term_ending_on_5_mei_runs_to_the_next_working_day() -> None:
    # 5 April 2023 + 30 days = Friday 5 May 2023 (feestdag) -> Monday 8 May 2023
    assert termijn_einde(date(2023, 4, 5), 30, KALENDER) == date(2023, 5, 8)


def test_a_term_of_three_days_holds_at_least_two_working_days() -> None:
    # 28 April 2023 (Fri) + 3 days = Monday 1 May: only one working day in the term -> Tuesday 2 May (article 2)
    assert termijn_einde(date(2023, 4, 28), 3, KALENDER) == date(2023, 5, 2)


def test_working_days_skip_goede_vrijdag_and_paasmaandag() -> None:
    # Thursday 6 April 2023 + 2 werkdagen: 7 (Goede Vrijdag), 8-9 (weekend), 10 (Paasmaandag) -> 11, 12 April
    assert termijn_einde(date(2023, 4, 6), 2, WERK) == date(2023, 4, 12)


def test_working_days_between_question_and_answer() -> None:
    # 27 May 2021 (Thu) to 15 June 2021 (Tue): 28 May, 31 May-4 June, 7-11 June, 14-15 June = 13
    assert werkdagen_tussen(date(2021, 5, 27), date(2021, 6, 15)) == 13
    # Christmas week 2023: Friday 22 and Wednesday 27 December only
    assert werkdagen_tussen(date(2023, 12, 21), date(2023, 12, 27)) == 2
    assert werkdagen_tussen(date(2023, 12, 27), date(2023, 12, 21)) == 0


def test_a_programmes_own_term_wins_over_a_shared_one() -> None:
    """Issue 20: a term setting with a programme is that programme's; a shared one (no programme) applies otherwise."""
    gedeeld = replace(termijn(StukSoort.ARTIKEL_33_VRAGEN, 30), id="a-gedeeld")
    eigen = replace(termijn(StukSoort.ARTIKEL_33_VRAGEN, 20, WERK), id="b-eigen", programma="p")
    motie = termijn(StukSoort.MOTIE, 180)
    settings = termijnen(MemoryRecords([gedeeld, eigen, motie]))
    assert settings.voor(StukSoort.ARTIKEL_33_VRAGEN) == eigen  # although "a-gedeeld" comes first by key
    assert settings.einde(StukSoort.ARTIKEL_33_VRAGEN, date(2023, 4, 6)) == termijn_einde(date(2023, 4, 6), 20, WERK)
    assert settings.voor(StukSoort.MOTIE) == motie
    assert termijnen(MemoryRecords([gedeeld, motie])).voor(StukSoort.ARTIKEL_33_VRAGEN) == gedeeld
