"""The comparison of two frozen states, on hand-made before/after states (synthetic, not from the report)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from raadsmonitor.analysis.moments.changes import WijzigingSoort, compare
from raadsmonitor.domain.enums import DoelSoort, Eenheid, Herkomst, Polariteit, StukSoort
from raadsmonitor.domain.indicators import Indicator
from raadsmonitor.domain.money import Geldstroom
from raadsmonitor.domain.programme import Doel
from raadsmonitor.domain.snapshots import REGISTERSTANDEN, Peilmoment, Programmastand, Registerstand
from raadsmonitor.presentation.changes import value_text, when_text, who_text
from raadsmonitor.reports.changes import changes_as_json

BRON = "synthetisch"
JUNI, DECEMBER = date(2023, 6, 30), date(2023, 12, 31)


def _doel(id: str, omschrijving: str) -> Doel:
    return Doel(id=id, programma="p", thema="t", soort=DoelSoort.PROGRAMMADOEL, omschrijving=omschrijving, volgorde=1,
                bron=BRON)


def _stroom(bedrag: str | None, eind: int | None = 2027) -> Geldstroom:
    return Geldstroom(id="regiodeal", naam="Regio Deal", programma="p", herkomst=Herkomst.RIJK, begin_jaar=2019,
                      eind_jaar=eind, totaalbedrag=Decimal(bedrag) if bedrag else None, bron=BRON)


def _state(peildatum: date, **tables: tuple[object, ...]) -> Programmastand:
    moment = Peilmoment(id=peildatum.isoformat(), peildatum=peildatum, naam=None, aangemaakt="2024-01-05T10:00:00")
    return Programmastand(peildatum=peildatum, tables=dict(tables), moment=moment)


def test_identical_states_have_no_changes() -> None:
    state = (_doel("d1", "Meer mensen aan het werk"),)
    assert compare(_state(JUNI, doelen=state), _state(DECEMBER, doelen=state)).regels == ()


def test_a_reworded_goal_gives_one_change_with_before_and_after() -> None:
    before = _state(JUNI, doelen=(_doel("d1", "Meer mensen aan het werk"),))
    after = _state(DECEMBER, doelen=(_doel("d1", "Meer mensen duurzaam aan het werk"),))
    [change] = compare(before, after).regels
    assert (change.onderdeel, change.sleutel, change.soort, change.veld) == ("Doelen", "d1", WijzigingSoort.GEWIJZIGD,
                                                                              "omschrijving")
    assert (change.voor, change.na) == ("Meer mensen aan het werk", "Meer mensen duurzaam aan het werk")
    assert who_text(change) == "onbekend"
    assert when_text(change) == "na 30 juni 2023, uiterlijk 31 december 2023"


def test_added_and_removed_goals() -> None:
    before = _state(JUNI, doelen=(_doel("d1", "Oud doel"),))
    after = _state(DECEMBER, doelen=(_doel("d2", "Nieuw doel"),))
    changes = compare(before, after).regels
    assert [(c.sleutel, c.soort, c.voor, c.na) for c in changes] == [
        ("d1", WijzigingSoort.VERWIJDERD, "Oud doel", None), ("d2", WijzigingSoort.TOEGEVOEGD, None, "Nieuw doel")]


def test_amount_and_period_of_a_stream_each_give_a_change_in_euros() -> None:
    changes = compare(_state(JUNI, geldstromen=(_stroom("4600000"),)),
                      _state(DECEMBER, geldstromen=(_stroom("4637084", eind=2028),))).regels
    assert [(c.veld, value_text(c.voor, c.veld), value_text(c.na, c.veld)) for c in changes] == [
        ("eind_jaar", "2027", "2028"), ("totaalbedrag", "€ 4.600.000", "€ 4.637.084")]


def test_an_amount_that_becomes_unknown_reads_onbekend_not_zero() -> None:
    [change] = compare(_state(JUNI, geldstromen=(_stroom("4600000"),)),
                       _state(DECEMBER, geldstromen=(_stroom(None),))).regels
    assert value_text(change.na, change.veld) == "onbekend"


def test_a_changed_indicator_definition_is_a_series_break_but_its_theme_is_not() -> None:
    def indicator(eenheid: Eenheid, thema: str) -> Indicator:
        return Indicator(id="werk", naam="Werk", eenheid=eenheid, polariteit=Polariteit.HOGER_IS_BETER, thema=thema,
                         bron=BRON)

    changes = compare(_state(JUNI, indicatoren=(indicator(Eenheid.PROCENT, "a"),)),
                      _state(DECEMBER, indicatoren=(indicator(Eenheid.AANTAL, "b"),))).regels
    assert [(c.veld, c.reeksbreuk) for c in changes] == [("eenheid", True), ("thema", False)]


def test_a_register_status_change() -> None:
    def stand(value: str) -> Registerstand:
        return Registerstand(stuk="motie-1", soort=StukSoort.MOTIE, onderwerp="Positie raad", stand=value,
                             termijn=date(2023, 9, 1), bron=BRON)

    [change] = compare(_state(JUNI, **{REGISTERSTANDEN: (stand("open"),)}),
                       _state(DECEMBER, **{REGISTERSTANDEN: (stand("te laat"),)})).regels
    assert (change.onderdeel, change.omschrijving, change.voor, change.na) == (
        "Stand in het register", "Positie raad", "open", "te laat")


def test_against_the_live_data_the_change_has_no_upper_date_and_json_says_who_is_unknown() -> None:
    before = _state(JUNI, doelen=(_doel("d1", "A"),))
    live = Programmastand(peildatum=date(2024, 2, 1), tables={"doelen": (_doel("d1", "B"),)})
    result = compare(before, live)
    [change] = result.regels
    assert when_text(change) == "na 30 juni 2023 (de huidige gegevens)"
    data = json.loads(json.dumps(changes_as_json(result)))
    assert data["tot"] == {"peildatum": "2024-02-01", "peilmoment": None, "naam": "huidige gegevens"}
    assert data["wijzigingen"][0]["wie"] is None and data["wijzigingen"][0]["wanneer_na"] == "2023-06-30"
