"""The register: statuses of moties, toezeggingen and questions, response times, filters, ordering."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from raadsmonitor.analysis.register import RegisterFilter, Stand, build_register
from raadsmonitor.domain.enums import AfdoeningStatus, KoppelingSoort, StukSoort, Uitkomst
from raadsmonitor.domain.records import MemoryRecords
from raadsmonitor.importer import import_package
from raadsmonitor.store.dataset import StoreRecords
from tests.council.factories import koppeling, stuk, termijn

PEIL = date(2024, 3, 1)


def _records() -> MemoryRecords:
    return MemoryRecords([
        termijn(StukSoort.TOEZEGGING, 90), termijn(StukSoort.ARTIKEL_33_VRAGEN, 30), termijn(StukSoort.MOTIE, 180),
        stuk("tz-open", StukSoort.TOEZEGGING, "2024-01-10", thema="wonen", portefeuillehouder="Wethouder A"),
        stuk("tz-laat", StukSoort.TOEZEGGING, "2023-06-01", portefeuillehouder="Wethouder B"),
        stuk("tz-eigen", StukSoort.TOEZEGGING, "2023-06-01", termijn=date(2024, 6, 30)),
        stuk("tz-aangehouden", StukSoort.TOEZEGGING, "2023-01-05", status=AfdoeningStatus.AANGEHOUDEN),
        stuk("tz-afgedaan", StukSoort.TOEZEGGING, "2023-02-01"),
        stuk("memo-afdoening", StukSoort.MEMO, "2023-07-15"),
        stuk("motie-aangenomen", StukSoort.MOTIE, "2023-03-01", uitkomst=Uitkomst.AANGENOMEN),
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
    assert _stand("tz-laat") is Stand.TE_LAAT  # due 30 August 2023
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


def test_response_time_in_calendar_and_working_days() -> None:
    regel = next(r for r in build_register(_records(), PEIL).regels if r.stuk.id == "vraag")
    assert regel.stand is Stand.BEANTWOORD
    assert regel.antwoordtijd is not None
    # 6 April 2023 -> 12 May 2023: 36 days; working days exclude Goede Vrijdag, Paasmaandag, Koningsdag, 5 mei
    assert regel.antwoordtijd.kalenderdagen == 36
    assert regel.antwoordtijd.werkdagen == 22
    assert regel.antwoordtijd.binnen_termijn is False  # due Monday 8 May 2023


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
    assert [r.stuk.id for r in register.regels[:5]] == ["motie-aangenomen", "tz-eigen", "tz-laat", "tz-open",
                                                  "vraag-open"]
    assert register.regels[0].dagen_open == 366  # 1 March 2023 to 1 March 2024


def test_demo_register_measures_every_answered_question(engine: Engine, demo_package: Path) -> None:
    assert import_package(engine, demo_package).written
    with engine.connect() as connection:
        register = build_register(StoreRecords(connection), date(2023, 11, 1))
    times = {r.stuk.id: r.antwoordtijd for r in register.beantwoord}
    assert times["a33v-2021-05-27-regionale-aanpak"] is not None
    assert times["a33v-2021-05-27-regionale-aanpak"].kalenderdagen == 19  # answered 15 June 2021
    assert times["a33v-2021-05-27-regionale-aanpak"].werkdagen == 13
    assert times["vraag-2021-06-16-bijdrage-ggd"] is not None
    assert times["vraag-2021-06-16-bijdrage-ggd"].kalenderdagen == 7  # answered 23 June 2021
    motie = next(r for r in register.regels if r.stuk.id == "motie-2022-02-23-positie-gemeenteraad")
    assert motie.stand is Stand.AFGEDAAN
    assert motie.afgedaan_door is not None and motie.afgedaan_door.id.startswith("rib-2022-12-20")
