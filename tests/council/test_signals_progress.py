"""The indicator rule wired to the progress analysis: a status that worsens gives a signal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from raadsmonitor.analysis.signals.progress_status import voortgang_status_history
from raadsmonitor.analysis.signals.rules import evaluate_signals
from raadsmonitor.domain.council import SturingsRegel
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import Eenheid, GebiedSoort, Polariteit, VergelijkingRol
from raadsmonitor.domain.indicators import Indicator, Voortgangsinstelling, Waarneming
from raadsmonitor.domain.programme import Gebied, Programma, Vergelijkingsgebied
from raadsmonitor.domain.records import MemoryRecords
from raadsmonitor.presentation.signals import feiten
from tests.council.factories import BRON, sturing


def _obs(gebied: str, periode: str, waarde: str, peildatum: Datum) -> Waarneming:
    return Waarneming(indicator="werk", gebied=gebied, periode=periode, peildatum=peildatum, waarde=Decimal(waarde),
                      bron=BRON)


def _records() -> MemoryRecords:
    # Synthetic: nulmeting gap 10 points (60 vs 70) in 2021, goal closed by 2041.
    # 2023: gap 8, the path allows 9 -> op koers. 2024: gap 10, the path allows 8,5 -> 15% behind -> achter.
    return MemoryRecords([
        Gebied(id="NL01", naam="Nederland", soort=GebiedSoort.LAND, bron=BRON),
        Gebied(id="hn", naam="Heerlen-Noord", soort=GebiedSoort.FOCUSGEBIED, ligt_in="NL01", bron=BRON),
        Vergelijkingsgebied(focusgebied="hn", gebied="NL01", rol=VergelijkingRol.NORM, bron=BRON),
        Programma(id="p", naam="Programma", focusgebied="hn", startdatum=Datum(2021, 1, 1), doeljaar=2041, bron=BRON),
        Voortgangsinstelling(programma="p", nulmeting_periode="nulmeting", tolerantie=Decimal("0.1"), bron=BRON),
        Indicator(id="werk", naam="Werk", eenheid=Eenheid.PROCENT, polariteit=Polariteit.HOGER_IS_BETER, bron=BRON),
        _obs("hn", "nulmeting", "60", Datum(2021, 1, 1)), _obs("NL01", "nulmeting", "70", Datum(2021, 1, 1)),
        _obs("hn", "2023", "62", Datum(2023, 1, 1)), _obs("NL01", "2023", "70", Datum(2023, 1, 1)),
        _obs("hn", "2024", "60", Datum(2024, 1, 1)), _obs("NL01", "2024", "70", Datum(2024, 1, 1)),
        sturing("werk-verslechtert", SturingsRegel.INDICATOR_VERSLECHTERT, indicator="werk"),
    ])


def test_status_history_follows_the_progress_judgement_over_time() -> None:
    records = _records()
    history = voortgang_status_history(records, date(2024, 6, 1))("werk")
    assert [(h.moment, h.status) for h in history][-2:] == [(date(2023, 1, 1), "op koers"),
                                                            (date(2024, 1, 1), "achter")]


def test_a_worsening_status_raises_a_signal_with_both_judgements() -> None:
    records = _records()
    signals = evaluate_signals(records, date(2024, 6, 1), voortgang_status_history(records, date(2024, 6, 1))).alle
    assert [(s.datum, feiten(s)) for s in signals] == [(date(2024, 1, 1), [
        "Status op 1 januari 2023: op koers.", "Status op 1 januari 2024: achter."])]
    before = evaluate_signals(records, date(2023, 6, 1), voortgang_status_history(records, date(2023, 6, 1))).alle
    assert before == []
