"""Focus areas side by side, with a synthetic second focus area (labelled synthetic: not from the report)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from raadsmonitor.analysis.comparison import compare_focus_areas
from raadsmonitor.domain.enums import Eenheid, GebiedSoort, Herkomst, Polariteit, Reikwijdte
from raadsmonitor.domain.indicators import Indicator
from raadsmonitor.domain.money import Geldstroom
from raadsmonitor.domain.programme import Gebied, Programma
from raadsmonitor.reports.comparison import comparison_section
from raadsmonitor.reports.content import Document
from raadsmonitor.reports.formats import DocumentFormat, render
from tests.progress.factories import BRON, indicator, obs, records

TODAY = date(2024, 3, 1)


def _stroom(id: str, programma: str, bedrag: str) -> Geldstroom:
    return Geldstroom(id=id, naam=f"Synthetisch {id}", programma=programma, herkomst=Herkomst.RIJK,
                      reikwijdte=Reikwijdte.FOCUSGEBIED, totaalbedrag=Decimal(bedrag), bron=BRON)


def _two_areas() -> object:
    inwoners = Indicator(id="inwoners", naam="Inwoners", eenheid=Eenheid.AANTAL, polariteit=Polariteit.NEUTRAAL,
                         bron=BRON)
    return records(
        Gebied(id="zz", naam="Zuidzijde (synthetisch)", soort=GebiedSoort.FOCUSGEBIED, ligt_in="NL01", bron=BRON),
        Programma(id="q", naam="Tweede programma", focusgebied="zz", doeljaar=2041, bron=BRON),
        indicator("werk"), inwoners,
        obs("NL01", "2023", "70"), obs("hn", "2023", "60"), obs("zz", "2023", "65"),
        obs("hn", "2023", "10000", indicator="inwoners"), obs("zz", "2023", "4000", indicator="inwoners"),
        _stroom("s1", "p", "1000000"), _stroom("s2", "q", "600000"))


def test_same_indicator_and_money_per_resident_side_by_side() -> None:
    vergelijking = compare_focus_areas(_two_areas(), TODAY)  # type: ignore[arg-type]
    assert [f.gebied.id for f in vergelijking.gebieden] == ["hn", "zz"]
    # 1.000.000 / 10.000 = 100; 600.000 / 4.000 = 150
    assert [f.per_inwoner for f in vergelijking.gebieden] == [Decimal(100), Decimal(150)]
    [(werk, voortgang)] = vergelijking.indicatoren
    assert werk.id == "werk"
    # gaps to the Dutch 70 (higher is better): 70 - 60 = 10 and 70 - 65 = 5
    assert [v.laatste.afstand.achterstand for v in voortgang] == [Decimal(10), Decimal(5)]  # type: ignore[union-attr]


def test_comparison_section_in_the_report() -> None:
    section = comparison_section(_two_areas(), TODAY)  # type: ignore[arg-type]
    text = render(Document("Test", "", (section,)), DocumentFormat.md).decode("utf-8")
    assert "| Heerlen-Noord [1] | € 1.000.000 [1] | 1 van 1 bedragen bekend | 10.000 [1] | € 100 |" in text
    assert "| Zuidzijde (synthetisch) [1] | € 600.000 [1] | 1 van 1 bedragen bekend | 4.000 [1] | € 150 |" in text
    assert ("| Werk | 60% (2023); 10 procentpunten achter op Nederland [1] "
            "| 65% (2023); 5 procentpunten achter op Nederland [1] |") in text


def test_one_focus_area_says_there_is_nothing_to_compare() -> None:
    section = comparison_section(records(), TODAY)
    assert len(section.blocks) == 1
    assert "De monitor bevat één focusgebied (Heerlen-Noord)" in section.blocks[0].text  # type: ignore[union-attr]
