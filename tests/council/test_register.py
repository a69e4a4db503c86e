"""The register: statuses of moties, toezeggingen and questions, response times, filters, ordering."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from raadsmonitor.analysis.council.register import RegisterFilter, Stand, StandGrond, build_register
from raadsmonitor.domain.enums import AfdoeningStatus, KoppelingSoort, StukSoort, Uitkomst
from raadsmonitor.domain.records import MemoryRecords
from raadsmonitor.presentation.register import stand_toelichting
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.dataset import StoreRecords
from tests.council.factories import koppeling, stuk, termijn

PEIL = date(2024, 3, 1)


def _records() -> MemoryRecords:
    return MemoryRecords([
        termijn(StukSoort.TOEZEGGING, 90), termijn(StukSoort.ARTIKEL_33_VRAGEN, 30), termijn(StukSoort.MOTIE, 180),
        stuk("tz-open", StukSoort.TOEZEGGING, "2024-01-10", thema="wonen", portefeuillehouder="Wethouder A"),
        stuk("tz-laat", StukSoort.TOEZEGGING, "2023-06-01", portefeuillehouder="Wethouder B",
             nagegaan_op=date(2024, 2, 15)),
        stuk("tz-onbekend", StukSoort.TOEZEGGING, "2023-06-02"),
        stuk("tz-eigen", StukSoort.TOEZEGGING, "2023-06-01", termijn=date(2024, 6, 30)),
        stuk("tz-aangehouden", StukSoort.TOEZEGGING, "2023-01-05", status=AfdoeningStatus.AANGEHOUDEN),
        stuk("tz-afgedaan", StukSoort.TOEZEGGING, "2023-02-01"),
        stuk("memo-afdoening", StukSoort.MEMO, "2023-07-15"),
        stuk("motie-aangenomen", StukSoort.MOTIE, "2023-03-01", uitkomst=Uitkomst.AANGENOMEN,
             nagegaan_op=date(2024, 3, 20)),
        stuk("motie-verworpen", StukSoort.MOTIE, "2023-03-01", uitkomst=Uitkomst.VERWORPEN),
        stuk("motie-onbekend", StukSoort.MOTIE, "2023-03-01"),
        stuk("vraag", StukSoort.ARTIKEL_33_VRAGEN, "2023-04-06"),
        stuk("antwoord", StukSoort.ARTIKEL_33_ANTWOORDEN, "2023-05-12"),
        stuk("vraag-open", StukSoort.ARTIKEL_33_VRAGEN, "2024-02-20"),
        stuk("rib-maand", StukSoort.RAADSINFORMATIEBRIEF, "2023-09", thema="wonen"),
        koppeling("memo-afdoening", "tz-afgedaan", KoppelingSoort.DOET_TOEZEGGING_AF),
        koppeling("antwoord", "vraag", KoppelingSoort.BEANTWOORDT),
    ])


def _stand(register_id: str, records: MemoryRecords | None = None) -> Stand | None:
    register = build_register(records or _records(), PEIL)
    return next(r.stand for r in register.regels if r.stuk.id == register_id)


def test_toezegging_statuses_follow_due_date_links_and_the_stored_status() -> None:
    assert _stand("tz-open") is Stand.OPEN  # due 9 April 2024, after the peildatum
    assert _stand("tz-laat") is Stand.TE_LAAT  # due 30 August 2023, checked 15 February 2024
    assert _stand("tz-onbekend") is Stand.ONBEKEND  # past its due date, and never checked: unknown, not late
    assert _stand("tz-eigen") is Stand.OPEN  # its own due date, 30 June 2024, wins over the setting
    assert _stand("tz-aangehouden") is Stand.AANGEHOUDEN
    assert _stand("tz-afgedaan") is Stand.AFGEDAAN


def test_afgedaan_is_derived_from_the_settling_memo_with_its_date() -> None:
    regel = next(r for r in build_register(_records(), PEIL).regels if r.stuk.id == "tz-afgedaan")
    assert regel.afgedaan_door is not None and regel.afgedaan_door.id == "memo-afdoening"
    assert regel.termijn == date(2023, 5, 2)  # 1 February 2023 + 90 days
    assert regel.na_termijn is True  # settled 15 July 2023


def test_only_an_adopted_motie_has_to_be_settled() -> None:
    assert _stand("motie-aangenomen") is Stand.TE_LAAT  # 1 March 2023 + 180 days = 28 August 2023
    assert _stand("motie-verworpen") is None
    assert _stand("motie-onbekend") is None


def test_analysis_gives_a_reason_code_and_presentation_words_it() -> None:
    regels = {r.stuk.id: r for r in build_register(_records(), PEIL).regels}
    expected = {
        "tz-laat": (StandGrond.NAGEGAAN, "Op 15 februari 2024 nagegaan: niet afgedaan."),
        "tz-onbekend": (StandGrond.NIET_NAGEGAAN, "Het register bevat geen afdoening, en niet wanneer is "
                        "nagegaan of die er is; of er is afgedaan, is onbekend."),
        "vraag-open": (None, None),  # due 21 March 2024, after the peildatum: open, nothing to add
        "motie-verworpen": (StandGrond.NIET_AANGENOMEN, "De motie is verworpen; er is niets af te doen."),
        "motie-onbekend": (StandGrond.UITKOMST_ONBEKEND, "De uitkomst van de motie staat niet in het register; "
                           "of zij moet worden afgedaan is onbekend."),
        "tz-open": (None, None),
        "tz-afgedaan": (None, None),
    }
    assert {key: (regels[key].grond, stand_toelichting(regels[key])) for key in expected} == expected


def test_an_unchecked_question_past_its_due_date_is_worded_as_a_question() -> None:
    regels = {r.stuk.id: r for r in build_register(_records(), date(2024, 6, 1)).regels}
    assert regels["vraag-open"].grond is StandGrond.NIET_NAGEGAAN
    assert stand_toelichting(regels["vraag-open"]) == (
        "Het register bevat geen antwoord, en niet wanneer is nagegaan of er een antwoord is; of de vraag "
        "beantwoord is, is onbekend.")


def test_response_time_in_calendar_and_working_days() -> None:
    regel = next(r for r in build_register(_records(), PEIL).regels if r.stuk.id == "vraag")
    assert regel.stand is Stand.BEANTWOORD
    assert regel.afhandeltijd is not None
    # 6 April 2023 -> 12 May 2023: 36 days; working days exclude Goede Vrijdag, Paasmaandag, Koningsdag, 5 mei
    assert regel.afhandeltijd.kalenderdagen == 36
    assert regel.afhandeltijd.werkdagen == 22
    assert regel.afhandeltijd.binnen_termijn is False  # due Monday 8 May 2023


def test_handling_time_of_a_settled_toezegging() -> None:
    regel = next(r for r in build_register(_records(), PEIL).regels if r.stuk.id == "tz-afgedaan")
    assert regel.afhandeltijd is not None
    assert regel.afhandeltijd.kalenderdagen == 164  # 1 February 2023 -> 15 July 2023
    assert regel.afhandeltijd.binnen_termijn is False  # due 2 May 2023


def test_unknown_and_open_items_do_not_change_with_the_peildatum_once_checked() -> None:
    later = build_register(_records(), date(2030, 1, 1))
    by_id = {r.stuk.id: r for r in later.regels}
    assert by_id["tz-laat"].dagen_open == 259  # still counted to the check date, not to 2030
    assert by_id["tz-onbekend"].dagen_open is None
    assert by_id["vraag-open"].stand is Stand.ONBEKEND  # past its term in 2030, never checked
    assert later.aantal(Stand.ONBEKEND) == 4  # tz-onbekend, tz-open, tz-eigen and vraag-open: past due, unchecked


def test_filters_by_theme_portefeuillehouder_and_period() -> None:
    records = _records()
    by_theme = build_register(records, PEIL, RegisterFilter(thema="wonen"))
    assert [r.stuk.id for r in by_theme.regels] == ["rib-maand", "tz-open"]
    by_holder = build_register(records, PEIL, RegisterFilter(portefeuillehouder="Wethouder B"))
    assert [r.stuk.id for r in by_holder.regels] == ["tz-laat"]
    september = build_register(records, PEIL, RegisterFilter(van=date(2023, 9, 15), tot=date(2023, 9, 30)))
    assert [r.stuk.id for r in september.regels] == ["rib-maand"]  # a month-precision date overlaps the period
    assert by_theme.portefeuillehouders == ["Wethouder A", "Wethouder B"]


def test_longest_open_items_come_first_when_asked() -> None:
    register = build_register(_records(), PEIL, RegisterFilter(langst_open=True))
    assert [r.stuk.id for r in register.regels[:5]] == ["motie-aangenomen", "tz-laat", "tz-eigen", "tz-open",
                                                  "vraag-open"]
    assert register.regels[0].dagen_open == 366  # 1 March 2023 to the peildatum 1 March 2024 (checked later)
    assert register.regels[1].dagen_open == 259  # 1 June 2023 to the day it was checked, 15 February 2024
    assert register.regels[2].dagen_open is None  # open within its term, but nobody checked: no count


def test_demo_register_measures_every_answer_and_settlement(engine: Engine, demo_package: Path) -> None:
    assert import_package(engine, demo_package).written
    with engine.connect() as connection:
        register = build_register(StoreRecords(connection), date(2023, 11, 1))
    times = {r.stuk.id: r.afhandeltijd for r in register.afgehandeld}
    assert times["a33v-2021-05-27-regionale-aanpak"] is not None
    assert times["a33v-2021-05-27-regionale-aanpak"].kalenderdagen == 19  # answered 15 June 2021
    assert times["a33v-2021-05-27-regionale-aanpak"].werkdagen == 13
    assert times["vraag-2021-06-16-bijdrage-ggd"] is not None
    assert times["vraag-2021-06-16-bijdrage-ggd"].kalenderdagen == 7  # answered 23 June 2021
    motie = next(r for r in register.regels if r.stuk.id == "motie-2022-02-23-positie-gemeenteraad")
    assert motie.stand is Stand.AFGEDAAN
    assert motie.afgedaan_door is not None and motie.afgedaan_door.id.startswith("rib-2022-12-20")


def test_demo_register_raises_no_false_alarms(engine: Engine, demo_package: Path) -> None:
    """Issue 17: the four cases of figures 10 and 11 that the register used to get wrong."""
    assert import_package(engine, demo_package).written
    with engine.connect() as connection:
        records = StoreRecords(connection)
        now = build_register(records, date(2026, 12, 6))
        later = build_register(records, date(2031, 1, 1))
    by_id = {r.stuk.id: r for r in now.regels}
    # Three artikel 33-vragen without an answer in figure 11: unknown, not 'geen antwoord ... 1985 dagen open'
    unknown = ["a33v-2021-06-29-voortgang-rijksprogramma-burgerparticipatie", "a33v-2021-08-03-programma-en-proces",
               "a33v-2022-07-04-alliantie"]
    for stuk_id in unknown:
        assert (by_id[stuk_id].stand, by_id[stuk_id].dagen_open) == (Stand.ONBEKEND, None), stuk_id
    assert now.aantal(Stand.GEEN_ANTWOORD) == 0
    assert [(r.stuk.id, r.stand, r.dagen_open) for r in later.regels] == [
        (r.stuk.id, r.stand, r.dagen_open) for r in now.regels]  # nothing grows with the date
    # The 11 July 2023 answer of the VVD is linked to the questions of 26 May 2023
    huisvesting = by_id["a33v-2023-05-26-plannen-huisvesting"]
    assert huisvesting.stand is Stand.BEANTWOORD
    assert huisvesting.afgedaan_door is not None and huisvesting.afgedaan_door.id == "a33a-2023-07-11-vragen-vvd"
    assert huisvesting.afhandeltijd is not None and huisvesting.afhandeltijd.kalenderdagen == 46
    assert huisvesting.afhandeltijd.werkdagen == 31  # Pinkstermaandag 29 May 2023 does not count
    # The motie 'positie gemeenteraad' of 23 February 2022, settled by the letter of 20 December 2022
    motie = by_id["motie-2022-02-23-positie-gemeenteraad"]
    assert motie.afhandeltijd is not None
    assert motie.afhandeltijd.kalenderdagen == 300
    assert motie.afhandeltijd.werkdagen == 208  # checked against the holidays package, with Goede Vrijdag and 5 mei


def test_an_answer_after_the_peildatum_does_not_count_on_it(engine: Engine, demo_package: Path) -> None:
    """On 1 July 2023 the questions of 26 May 2023 were open: their answer came on 11 July 2023."""
    assert import_package(engine, demo_package).written
    with engine.connect() as connection:
        register = build_register(StoreRecords(connection), date(2023, 7, 1))
    huisvesting = next(r for r in register.regels if r.stuk.id == "a33v-2023-05-26-plannen-huisvesting")
    assert huisvesting.stand is Stand.GEEN_ANTWOORD  # due 26 June 2023 (30 days, 25 June is a Sunday)
    assert (huisvesting.dagen_open, huisvesting.bekend_op) == (36, date(2023, 7, 1))
    assert huisvesting.afhandeltijd is None
    assert stand_toelichting(huisvesting) == "Beantwoord op 11 juli 2023, na de peildatum."
    motie = next(r for r in register.regels if r.stuk.id == "motie-2022-02-23-positie-gemeenteraad")
    assert motie.stand is Stand.AFGEDAAN  # settled 20 December 2022, before the peildatum
