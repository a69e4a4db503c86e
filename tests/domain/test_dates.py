from __future__ import annotations

from datetime import date

import pytest

from raadsmonitor.domain.dates import Datum, Precisie, format_datum


@pytest.mark.parametrize(("text", "precisie", "dutch"), [
    ("2021-11-22", Precisie.DAG, "22 november 2021"),
    ("2023-09", Precisie.MAAND, "september 2023"),
    ("2023", Precisie.JAAR, "2023"),
])
def test_a_date_keeps_the_precision_the_source_gave(text: str, precisie: Precisie, dutch: str) -> None:
    datum = Datum.parse(text)
    assert datum.precisie is precisie
    assert datum.iso() == text
    assert format_datum(datum) == dutch


def test_month_only_dates_sort_before_days_in_that_month() -> None:
    assert sorted([Datum.parse("2023-09-29"), Datum.parse("2023-09"), Datum.parse("2023-08-29")]) == [
        Datum.parse("2023-08-29"), Datum.parse("2023-09"), Datum.parse("2023-09-29")]


@pytest.mark.parametrize("text", ["2023-02-30", "2023-13", "22-11-2021", "", "september 2023"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Datum.parse(text)


def test_format_datum_takes_plain_dates_and_unknown() -> None:
    assert format_datum(date(2023, 8, 29)) == "29 augustus 2023"
    assert format_datum(None) == ""
