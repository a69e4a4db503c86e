"""The formulas of progress toward the benchmark, each with a worked example computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from raadsmonitor.analysis.progress.formulas import (
    Oordeelreden,
    Status,
    age_in_months,
    decimal_year,
    gap,
    judge,
    moment_of,
    required_gap,
    share_closed,
    trend,
)
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import Polariteit
from raadsmonitor.presentation.progress import age_text, oordeel_zin, trend_tekst

D = Decimal
NAMES = ("Heerlen-Noord", "Nederland")  # the area and its benchmark, as the sentences name them


def test_arbeidsparticipatie_57_against_69_is_12_points_behind() -> None:
    afstand = gap(D(57), D(69), Polariteit.HOGER_IS_BETER)
    assert afstand.verschil == D(-12)
    assert afstand.achterstand == D(12)
    assert afstand.relatief is not None and round(afstand.relatief, 4) == D("0.1739")  # 12 / 69
    assert afstand.achter is True


def test_bijstand_11_against_5_1_is_behind_because_lower_is_better() -> None:
    afstand = gap(D(11), D("5.1"), Polariteit.LAGER_IS_BETER)
    assert afstand.verschil == D("5.9")
    assert afstand.achterstand == D("5.9")


def test_an_area_doing_better_than_the_benchmark_has_a_negative_achterstand() -> None:
    # Roermond energielabel E-G 15% against Nederland 16%, lower is better: one point ahead
    afstand = gap(D(15), D(16), Polariteit.LAGER_IS_BETER)
    assert afstand.achterstand == D(-1)
    assert afstand.achter is False


def test_a_neutral_indicator_has_a_difference_but_no_achterstand() -> None:
    afstand = gap(D(40), D(50), Polariteit.NEUTRAAL)
    assert afstand.verschil == D(-10)
    assert afstand.achterstand is None
    assert afstand.relatief == D("-0.2")


def test_relative_gap_is_unknown_against_a_benchmark_of_zero() -> None:
    assert gap(D(3), D(0), Polariteit.LAGER_IS_BETER).relatief is None


@pytest.mark.parametrize(("nulmeting", "nu", "expected"), [
    (D(12), D(9), D("0.25")),
    (D(12), D(15), D("-0.25")),
    (D(12), D(0), D(1)),
    (D(8), D(-2), D("1.25")),
])
def test_share_of_the_nulmeting_gap_closed(nulmeting: Decimal, nu: Decimal, expected: Decimal) -> None:
    assert share_closed(nulmeting, nu) == expected


def test_no_share_closed_when_there_was_no_gap_at_the_nulmeting() -> None:
    assert share_closed(D(0), D(3)) is None
    assert share_closed(D(-2), D(-1)) is None


def test_required_path_runs_straight_from_the_nulmeting_gap_to_zero_in_the_doeljaar() -> None:
    assert required_gap(D(12), 2021.0, 2031.0, 2041) == D(6)  # halfway in time: half the gap
    assert required_gap(D(12), 2021.0, 2021.0, 2041) == D(12)
    assert required_gap(D(12), 2021.0, 2041.0, 2041) == D(0)
    assert required_gap(D(12), 2021.0, 2045.0, 2041) == D(0)


def test_on_or_ahead_of_the_path_is_op_koers() -> None:
    # path at 2031 allows 6; the gap is 5
    oordeel = judge(D(12), 2021.0, D(5), 2031.0, 2041, D("0.1"))
    assert oordeel.status is Status.OP_KOERS
    assert oordeel.vereist == D(6)
    assert oordeel.reden is Oordeelreden.OP_PAD and oordeel.doeljaar == 2041
    assert oordeel_zin(oordeel, *NAMES) == "Heerlen-Noord ligt op of voor het pad naar Nederland in 2041."


def test_slightly_behind_the_path_within_the_tolerance_is_aandacht() -> None:
    # path allows 6; the gap is 7: (7 - 6) / 12 = 0.0833, within 10%
    oordeel = judge(D(12), 2021.0, D(7), 2031.0, 2041, D("0.1"))
    assert oordeel.status is Status.AANDACHT
    assert oordeel.afwijking is not None and round(oordeel.afwijking, 4) == D("0.0833")
    assert oordeel.reden is Oordeelreden.BINNEN_MARGE and oordeel.tolerantie == D("0.1")
    assert "binnen de marge van 10%" in oordeel_zin(oordeel, *NAMES)


def test_further_behind_than_the_tolerance_is_achter() -> None:
    # path allows 6; the gap is 8: (8 - 6) / 12 = 0.1667, more than 10%
    oordeel = judge(D(12), 2021.0, D(8), 2031.0, 2041, D("0.1"))
    assert oordeel.status is Status.ACHTER
    assert oordeel.reden is Oordeelreden.ACHTER_PAD
    assert oordeel_zin(oordeel, *NAMES) == ("Heerlen-Noord ligt meer dan 10% van de achterstand bij de nulmeting "
                                            "achter op het pad naar Nederland in 2041.")


def test_an_area_ahead_at_the_nulmeting_must_stay_ahead() -> None:
    ahead, behind = judge(D(-1), 2021.0, D(-1), 2023.0, 2041, D("0.1")), judge(D(-1), 2021.0, D(2), 2023.0, 2041,
                                                                                D("0.1"))
    assert (ahead.status, ahead.reden) == (Status.OP_KOERS, Oordeelreden.BLIJFT_VOOR)
    assert (behind.status, behind.reden) == (Status.AANDACHT, Oordeelreden.VALT_TERUG)
    assert oordeel_zin(ahead, *NAMES) == "Heerlen-Noord was bij de nulmeting op of voor Nederland en is dat nog steeds."
    assert oordeel_zin(behind, "Heerlen-Noord", None) == ("Heerlen-Noord was bij de nulmeting op of voor de norm, "
                                                          "maar ligt er nu achter.")


def test_trend_through_three_points_projects_the_year_the_gap_closes() -> None:
    # t̄ = 2021, ḡ = 25/3; slope = ((-1)(10 - 8.333) + (1)(6 - 8.333)) / 2 = -2; zero at 2021 + 4.1667 = 2025.17
    result = trend([(2020.0, D(10)), (2021.0, D(9)), (2022.0, D(6))])
    assert result is not None
    assert result.helling == pytest.approx(-2.0)
    assert result.sluitjaar == 2025
    assert trend_tekst(result) == "2025"


def test_a_growing_gap_does_not_close_at_the_current_pace() -> None:
    result = trend([(2020.0, D(10)), (2021.0, D(10)), (2022.0, D(11))])
    assert result is not None and result.sluitjaar is None
    assert not result.gesloten and trend_tekst(result) == "niet bij het huidige tempo"


def test_a_gap_already_closed_says_so() -> None:
    result = trend([(2020.0, D(2)), (2021.0, D(1)), (2022.0, D(-1))])
    assert result is not None and result.gesloten
    assert trend_tekst(result) == "de achterstand is al weg"


def test_no_trend_from_fewer_than_three_points() -> None:
    assert trend([(2020.0, D(10)), (2021.0, D(9))]) is None
    assert trend([(2021.0, D(10))]) is None


@pytest.mark.parametrize(("periode", "peildatum", "expected"), [
    ("zicht-op-wijken-2023-09-10", Datum(2023, 9, 10), Datum(2023, 9, 10)),
    ("startsituatie", None, None),
    ("2022", None, Datum(2022)),
    ("2023-09", None, Datum(2023, 9)),
    ("kerncijfers-2021", None, Datum(2021)),
    ("2023-H1", None, None),
])
def test_a_period_is_placed_in_time_by_its_peildatum_or_a_date_in_its_label(
        periode: str, peildatum: Datum | None, expected: Datum | None) -> None:
    assert moment_of(periode, peildatum) == expected


def test_decimal_year_counts_days_from_the_start_of_the_year() -> None:
    assert decimal_year(Datum(2022)) == 2022.0
    assert decimal_year(Datum(2023, 7, 2)) == pytest.approx(2023 + 182 / 365)


def test_data_age_in_whole_months_and_dutch_words() -> None:
    assert age_in_months(Datum(2023, 9, 10), date(2026, 11, 28)) == 38
    assert age_text(38) == "3 jaar en 2 maanden"
    assert age_text(1) == "1 maand"
    assert age_text(0) == "minder dan een maand"
    assert age_text(12) == "1 jaar"
    assert age_in_months(None, date(2026, 11, 28)) is None
    assert age_text(None) == "onbekend"
