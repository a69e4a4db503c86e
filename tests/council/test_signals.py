"""Steering agreements raise signals with their rule, the facts and the date."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.analysis.signals.rules import (
    Afloop,
    Daling,
    IndicatorStatus,
    Reden,
    Vervallen,
    evaluate_signals,
    plus_maanden,
)
from raadsmonitor.cli import app
from raadsmonitor.domain.council import SturingsRegel
from raadsmonitor.domain.enums import BedragSoort, GeldstroomStatus
from raadsmonitor.domain.records import MemoryRecords
from raadsmonitor.presentation.signals import feiten, opmerking, waarden
from raadsmonitor.services.datapackage.importer import import_package
from tests.council.factories import bedrag, stroom, sturing

PEIL = date(2024, 3, 1)


def test_a_stream_ending_within_the_months_asked_gives_a_signal_dated_its_last_day() -> None:
    records = MemoryRecords([stroom("a", 2021, 2024), stroom("b", 2022, 2026), stroom("c"),
                             sturing("eind", SturingsRegel.GELDSTROOM_EINDIGT, maanden=12)])
    toetsing = evaluate_signals(records, PEIL).toetsingen[0]
    assert [(s.onderwerp, s.datum) for s in toetsing.signalen] == [("Stroom a", date(2024, 12, 31))]
    assert toetsing.getoetst == 2
    assert (toetsing.reden, toetsing.overgeslagen) == (Reden.EINDJAAR_ONBEKEND, 1)
    assert opmerking(toetsing) == "1 geldstroom zonder bekend eindjaar niet getoetst."
    assert toetsing.signalen[0].feit == Afloop(2021, 2024, date(2024, 12, 31), 12, PEIL)
    assert feiten(toetsing.signalen[0]) == ["Looptijd 2021 tot en met 2024.",
                                            "Laatste dag 31 december 2024; dat is binnen 12 maanden na 1 maart 2024."]


def test_a_stream_lost_or_granted_less_than_the_year_before_gives_signals() -> None:
    records = MemoryRecords([
        stroom("weg", status=GeldstroomStatus.BEEINDIGD), stroom("minder"),
        bedrag("minder", 2023, BedragSoort.TOEGEKEND, "1400000"),
        bedrag("minder", 2024, BedragSoort.TOEGEKEND, "900000"),
        sturing("vervalt", SturingsRegel.GELDSTROOM_VERVALT)])
    signals = evaluate_signals(records, PEIL).alle
    assert [(s.onderwerp, s.datum) for s in signals] == [("Stroom minder", date(2024, 1, 1)),
                                                         ("Stroom weg", PEIL)]
    # analysis gives the figures, presentation the sentence; the JSON gets both
    assert signals[0].feit == Daling(BedragSoort.TOEGEKEND, 2024, Decimal("1400000"), Decimal("900000"))
    assert feiten(signals[0])[1] == "Toegekend 2024: € 900.000 (€ 500.000 minder)."
    assert waarden(signals[0].feit) == {"soort": "daling", "bedragsoort": "toegekend", "jaar": 2024,
                                        "vorig_bedrag": 1400000, "bedrag": 900000, "verschil": 500000}
    assert signals[1].feit == Vervallen(GeldstroomStatus.BEEINDIGD, None)
    assert feiten(signals[1]) == ["Status: beëindigd.", "Totaalbedrag: onbekend."]  # unknown is not zero


def test_spending_deviation_over_the_percentage_or_the_amount() -> None:
    records = MemoryRecords([
        stroom("s"),
        bedrag("s", 2022, BedragSoort.GERAAMD, "1000000"), bedrag("s", 2022, BedragSoort.BESTEED, "850000"),
        bedrag("s", 2023, BedragSoort.GERAAMD, "1000000"), bedrag("s", 2023, BedragSoort.BESTEED, "950000"),
        bedrag("s", 2025, BedragSoort.GERAAMD, "1000000"), bedrag("s", 2025, BedragSoort.BESTEED, "1"),
        sturing("afwijking", SturingsRegel.BESTEDING_WIJKT_AF, drempel_procent=Decimal("10"),
                drempel_bedrag=Decimal("100000"))])
    toetsing = evaluate_signals(records, PEIL).toetsingen[0]
    # 2022: -150.000 = -15% (over both); 2023: -50.000 = -5% (under both); 2025 lies after the peildatum
    assert toetsing.getoetst == 2
    assert [s.datum for s in toetsing.signalen] == [date(2022, 12, 31)]
    assert feiten(toetsing.signalen[0])[1] == ("€ 150.000 (15%) minder besteed dan geraamd; "
                                              "de drempel is 10% of € 100.000.")
    assert waarden(toetsing.signalen[0].feit) == {
        "soort": "afwijking", "jaar": 2022, "geraamd": 1000000, "besteed": 850000, "afwijking": -150000,
        "afwijking_procent": -15, "drempel_procent": 10, "drempel_bedrag": 100000}


def test_indicator_rule_uses_the_injected_status_history() -> None:
    records = MemoryRecords([sturing("ind", SturingsRegel.INDICATOR_VERSLECHTERT, indicator="taal")])
    history = {"taal": [IndicatorStatus(date(2022, 1, 1), "op koers", 0, "b1"),
                        IndicatorStatus(date(2023, 1, 1), "achter", 2, "b2")]}
    signals = evaluate_signals(records, PEIL, lambda indicator: history[indicator]).alle
    assert [(s.datum, feiten(s)[1]) for s in signals] == [(date(2023, 1, 1), "Status op 1 januari 2023: achter.")]
    unwired = evaluate_signals(records, PEIL).toetsingen[0]
    assert unwired.signalen == [] and unwired.reden is Reden.VOORTGANG_NIET_AANGESLOTEN
    assert opmerking(unwired) == "De voortgangsanalyse is niet aangesloten; deze regel is niet getoetst."


def test_adding_months_keeps_the_day_where_it_exists() -> None:
    assert plus_maanden(date(2024, 3, 1), 12) == date(2025, 3, 1)
    assert plus_maanden(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_demo_signals_depend_on_the_peildatum(engine: Engine, demo_package: Path) -> None:
    assert import_package(engine, demo_package).written
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["signals", "--format", "json", "--peildatum", "2025-03-01", "--db", url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(s["onderwerp"], s["datum"], s["regel"]) for s in data["signalen"]] == [
        ("Preventie met gezag", "2025-12-31", "geldstroom eindigt binnenkort")]
    later = json.loads(CliRunner().invoke(app, ["signals", "--format", "json", "--peildatum", "2026-03-01",
                                                "--db", url]).output)
    assert later["signalen"] == []
