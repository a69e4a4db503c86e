"""Progress per indicator and area over synthetic series (not figures from the report)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from raadsmonitor.analysis.progress.aggregation import Optelreden, Optelweigering, aggregate
from raadsmonitor.analysis.progress.formulas import GeenTrend, Oordeelreden, Status
from raadsmonitor.analysis.progress.records import Voortgang, voortgang_report
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import Aggregatie, Polariteit
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation.progress import as_record, status_toelichting, trend_toelichting, weigering_tekst
from tests.progress.factories import indicator, obs, records

TODAY = date(2026, 11, 28)


def _one(store: Records, gebied: str = "hn") -> Voortgang:
    (found,) = [v for v in voortgang_report(store, TODAY, gebied=gebied) if v.indicator.id == "werk"]
    return found


def test_a_nulmeting_alone_gives_a_gap_but_no_status_and_no_trend() -> None:
    found = _one(records(indicator(), obs("hn", "nulmeting", "57"), obs("NL01", "nulmeting", "69")))
    assert found.laatste is not None and found.laatste.afstand is not None
    assert found.laatste.afstand.achterstand == Decimal(12)
    assert found.nulmeting is found.laatste
    assert found.nulmeting.moment == Datum(2021, 1, 1) and found.nulmeting.moment_aangenomen
    assert found.oordeel.status is Status.ONVOLDOENDE_GEGEVENS
    assert found.oordeel.reden is Oordeelreden.ALLEEN_NULMETING and found.oordeel.periode == "nulmeting"
    assert status_toelichting(found) == ("Er is alleen een nulmeting (nulmeting); of Heerlen-Noord op koers ligt, "
                                         "blijkt pas na een volgende meting.")
    assert found.trend is None and found.trend_reden is GeenTrend.TE_WEINIG_METINGEN and found.trend_metingen == 1
    assert "er is één meting" in (trend_toelichting(found) or "")
    assert found.ouderdom_maanden is None  # the nulmeting has no date of its own


def test_the_benchmark_moves_with_the_national_average_in_each_period() -> None:
    # Nulmeting 2021: 57 vs 69 (gap 12). 2031: 66 vs 72 (gap 6); the path allows 12 * 10/20 = 6: op koers.
    # Against a frozen 69 it would have looked like a gap of 3.
    found = _one(records(indicator(), obs("hn", "nulmeting", "57"), obs("NL01", "nulmeting", "69"),
                         obs("hn", "2031", "66"), obs("NL01", "2031", "72")))
    assert found.laatste is not None and found.laatste.afstand is not None
    assert found.laatste.afstand.achterstand == Decimal(6)
    assert found.aandeel_gesloten == Decimal("0.5")
    assert found.oordeel.status is Status.OP_KOERS


def test_three_points_give_a_trend_and_a_projected_year() -> None:
    # gaps 12 (2021), 10 (2023), 8 (2025): -1 per year, zero in 2033
    found = _one(records(indicator(), obs("hn", "nulmeting", "57"), obs("NL01", "nulmeting", "69"),
                         obs("hn", "2023", "60"), obs("NL01", "2023", "70"),
                         obs("hn", "2025", "62"), obs("NL01", "2025", "70")))
    assert found.trend is not None
    assert found.trend.helling == -1.0
    assert found.trend.sluitjaar == 2033
    assert found.trend_reden is None and found.trend_metingen == 3
    # path at 2025 allows 9.6, the gap is 8: op koers; the record gives the values beside the sentences (issue 19)
    record = as_record(found)
    assert (record["status"], record["status_reden"], record["tolerantie"]) == ("op koers", "op_pad", 0.1)
    assert record["afwijking_pad"] == -0.1333  # (8 - 9.6) / 12
    assert record["status_toelichting"] == "Heerlen-Noord ligt op of voor het pad naar Nederland in 2041."
    assert (record["trend_toelichting"], record["trend_sluitjaar"], record["trend_metingen"]) == ("2033", 2033, 3)
    assert record["trend_reden"] is None and record["trend_gesloten"] is False
    # path at 2025 allows 12 * 16/20 = 9.6; gap 8: op koers
    assert found.oordeel.status is Status.OP_KOERS


def test_behind_the_path_is_achter_with_its_sentence() -> None:
    # path at 2025 allows 9.6; gap 12: (12 - 9.6) / 12 = 0.2 > 0.1
    found = _one(records(indicator(), obs("hn", "nulmeting", "57"), obs("NL01", "nulmeting", "69"),
                         obs("hn", "2025", "58"), obs("NL01", "2025", "70")))
    assert found.oordeel.status is Status.ACHTER
    assert found.oordeel.reden is Oordeelreden.ACHTER_PAD
    assert status_toelichting(found).startswith("Heerlen-Noord ligt meer dan 10%")


def test_a_series_break_after_the_nulmeting_stops_the_comparison() -> None:
    found = _one(records(indicator(), obs("hn", "nulmeting", "57"), obs("NL01", "nulmeting", "69"),
                         obs("hn", "2025", "58", reeksbreuk=True), obs("NL01", "2025", "70")))
    assert found.oordeel.status is Status.ONVOLDOENDE_GEGEVENS
    assert found.oordeel.reden is Oordeelreden.REEKSBREUK
    assert "is de reeks gebroken" in status_toelichting(found)
    assert found.aandeel_gesloten is None
    assert [m.waarneming.periode for m in found.reeksbreuken] == ["2025"]


def test_lower_is_better_counts_a_higher_value_as_behind() -> None:
    found = _one(records(indicator(polariteit=Polariteit.LAGER_IS_BETER), obs("hn", "nulmeting", "11"),
                         obs("NL01", "nulmeting", "5.1")))
    assert found.laatste is not None and found.laatste.afstand is not None
    assert found.laatste.afstand.achterstand == Decimal("5.9")


def test_without_a_benchmark_in_the_same_period_there_is_no_gap() -> None:
    found = _one(records(indicator(), obs("hn", "2023", "57"), obs("NL01", "2022", "69")))
    assert found.laatste is not None and found.laatste.afstand is None
    assert found.oordeel.reden is Oordeelreden.GEEN_NORMWAARDE
    assert status_toelichting(found) == ("Voor Nederland is er geen waarde in dezelfde periode; zonder die waarde is "
                                         "er geen afstand.")


def test_an_unknown_value_stays_unknown() -> None:
    found = _one(records(indicator(), obs("hn", "nulmeting", None), obs("NL01", "nulmeting", "69")))
    assert found.laatste is None
    assert found.oordeel.reden is Oordeelreden.GEEN_WAARDE
    assert status_toelichting(found) == "Er is geen waarde voor Heerlen-Noord."


def test_data_age_counts_from_the_peildatum() -> None:
    found = _one(records(indicator(), obs("hn", "x", "57", peildatum=Datum(2023, 9, 10)),
                         obs("NL01", "x", "69", peildatum=Datum(2023, 9, 10))))
    assert found.ouderdom_maanden == 38


def test_buurt_rates_add_up_by_weighted_mean_with_the_weights_source() -> None:
    # (60 * 1000 + 50 * 3000) / 4000 = 52.5
    store = records(indicator(aggregatie=Aggregatie.GEWOGEN_GEMIDDELDE, weegindicator="inwoners"),
                    indicator("inwoners"),
                    obs("BU1", "2023", "60"), obs("BU2", "2023", "50"),
                    obs("BU1", "2023", "1000", indicator="inwoners"), obs("BU2", "2023", "3000", indicator="inwoners"))
    result = aggregate(store, "werk", "hn", "2023")
    assert result.waarde == Decimal("52.5")
    assert [w.gebied for w in result.gewichten] == ["BU1", "BU2"]
    assert result.bronnen == ["synthetisch"]


def test_counts_add_up_by_sum() -> None:
    store = records(indicator(aggregatie=Aggregatie.SOM), obs("BU1", "2023", "12"), obs("BU2", "2023", "30"))
    assert aggregate(store, "werk", "hn", "2023").waarde == Decimal(42)


def test_a_weighted_mean_without_weights_is_refused_with_a_clear_message() -> None:
    store = records(indicator(aggregatie=Aggregatie.GEWOGEN_GEMIDDELDE, weegindicator="inwoners"),
                    indicator("inwoners"), obs("BU1", "2023", "60"), obs("BU2", "2023", "50"),
                    obs("BU1", "2023", "1000", indicator="inwoners"))
    result = aggregate(store, "werk", "hn", "2023")
    assert result.waarde is None
    assert result.weigering == Optelweigering(Optelreden.GEWICHTEN_ONTBREKEN, "Werk", "2023", ("Buurt Twee",),
                                              "inwoners")
    assert weigering_tekst(result.weigering) == ("Werk, 2023: geen gewicht (inwoners) voor Buurt Twee; zonder "
                                                 "gewichten geen gewogen gemiddelde.")


def test_a_weighted_mean_without_a_weight_indicator_is_refused() -> None:
    store = records(indicator(aggregatie=Aggregatie.GEWOGEN_GEMIDDELDE), obs("BU1", "2023", "60"),
                    obs("BU2", "2023", "50"))
    weigering = aggregate(store, "werk", "hn", "2023").weigering
    assert weigering is not None and weigering.reden is Optelreden.GEEN_WEEGINDICATOR
    assert "noemt geen weegindicator" in weigering_tekst(weigering)


def test_a_missing_buurt_value_refuses_the_aggregate() -> None:
    store = records(indicator(aggregatie=Aggregatie.SOM), obs("BU1", "2023", "12"))
    weigering = aggregate(store, "werk", "hn", "2023").weigering
    assert weigering is not None and weigering.ontbrekend == ("Buurt Twee",)
    assert weigering_tekst(weigering) == "Werk, 2023: geen waarde voor Buurt Twee."


def test_no_rule_means_no_aggregate() -> None:
    store = records(indicator(), obs("BU1", "2023", "12"), obs("BU2", "2023", "3"))
    weigering = aggregate(store, "werk", "hn", "2023").weigering
    assert weigering is not None and weigering.reden is Optelreden.NIET_OPTELBAAR
    assert weigering_tekst(weigering) == ("Werk: buurtcijfers zijn niet op te tellen tot het focusgebied (geen "
                                          "optelregel bij de indicator).")


def test_the_focus_area_gets_an_aggregated_value_in_its_progress() -> None:
    store = records(indicator(aggregatie=Aggregatie.SOM, polariteit=Polariteit.LAGER_IS_BETER),
                    obs("BU1", "2023", "12"), obs("BU2", "2023", "30"), obs("NL01", "2023", "40"))
    found = _one(store)
    assert found.laatste is not None and found.laatste.afgeleid is not None
    assert found.laatste.waarneming.waarde == Decimal(42)
    # a value, not a sentence: the indicator page words it from the Aggregaat, once (it said it twice)
    assert found.laatste.waarneming.toelichting is None and len(found.laatste.afgeleid.onderdelen) == 2
    assert found.laatste.afstand is not None and found.laatste.afstand.achterstand == Decimal(2)


def test_a_period_the_onderdelen_do_not_add_up_in_is_reported_as_a_reason_with_its_sentence() -> None:
    # an own value in 2022; in 2023 only BU1 has one, so the sum for the focus area is refused
    store = records(indicator(aggregatie=Aggregatie.SOM), obs("hn", "2022", "20"), obs("BU1", "2023", "12"),
                    obs("NL01", "2023", "40"))
    found = _one(store)
    assert [m.waarneming.periode for m in found.metingen] == ["2022"]
    assert found.meldingen == [Optelweigering(Optelreden.WAARDEN_ONTBREKEN, "Werk", "2023", ("Buurt Twee",))]
    assert [weigering_tekst(w) for w in found.meldingen] == ["Werk, 2023: geen waarde voor Buurt Twee."]
