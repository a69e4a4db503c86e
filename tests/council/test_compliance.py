"""Information agreements checked against the register: on time, late by how much, missing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.analysis.council.nakoming import AfspraakToets, Grond, Nakoming, check_nakoming
from raadsmonitor.cli import app
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import OrgaanSoort, StukSoort
from raadsmonitor.domain.programme import Orgaan
from raadsmonitor.domain.records import MemoryRecords
from raadsmonitor.presentation.nakoming import uitleg
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.dataset import StoreRecords
from tests.council.factories import BRON, afspraak, nakoming, stuk

RIB = StukSoort.RAADSINFORMATIEBRIEF


def _records() -> MemoryRecords:
    return MemoryRecords([
        Orgaan(id="college", naam="College", soort=OrgaanSoort.COLLEGE, bron=BRON),
        Orgaan(id="bureau", naam="Bureau", soort=OrgaanSoort.PROGRAMMABUREAU, bron=BRON),
        afspraak("vier", aantal_per_jaar=4),
        afspraak("gemeente", aantal_per_jaar=2, onderdeel_van="vier"),
        afspraak("april", leverancier="bureau", aantal_per_jaar=1, uiterlijk_maand=4, onderdeel_van="vier"),
        afspraak("september", leverancier="bureau", aantal_per_jaar=1, uiterlijk_maand=9, onderdeel_van="vier"),
        afspraak("tussentijds"),
        afspraak("nieuw", aantal_per_jaar=1, ingangsdatum=Datum.parse("2024-01")),
        stuk("rib-feb", RIB, "2023-02-14"),
        stuk("rib-jun", RIB, "2023-06-20"),
        stuk("rapport-2022", RIB, "2023-08-29"),
        stuk("rapport-h1", RIB, "2023-09"),
        stuk("laatste", StukSoort.MEMO, "2024-02-01"),
        nakoming("april", "rapport-2022", 2023),
        nakoming("september", "rapport-h1", 2023),
    ])


def _toets(afspraak_id: str, jaar: int = 2023, peildatum: date = date(2024, 3, 1)) -> AfspraakToets:
    nakomingen = check_nakoming(_records(), jaar, peildatum)
    for toets in nakomingen.toetsen:
        for item in [toets, *toets.onderdelen]:
            if item.afspraak.id == afspraak_id:
                return item
    raise AssertionError(afspraak_id)


def test_a_report_after_its_month_is_late_by_the_days_past_the_last_day() -> None:
    toets = _toets("april")
    assert toets.stand is Nakoming.TE_LAAT
    assert toets.uiterste_datum == date(2023, 4, 30)
    assert toets.dagen_te_laat == 121  # 30 April -> 29 August 2023
    assert toets.grond is Grond.GELEVERD_TE_LAAT  # analysis: the values; presentation: the sentence
    assert uitleg(toets) == "Geleverd 29 augustus 2023; uiterlijk 30 april 2023: 121 dagen te laat."


def test_a_report_dated_to_its_due_month_is_on_time() -> None:
    assert _toets("september").stand is Nakoming.OP_TIJD


def test_a_missing_report_is_missing_once_the_register_covers_its_due_date() -> None:
    toets = _toets("april", jaar=2022)
    assert toets.stand is Nakoming.ONTBREEKT
    assert toets.dagen_te_laat == 642  # 30 April 2022 -> 1 February 2024, the register's last item


def test_the_register_cannot_judge_what_lies_after_its_last_item() -> None:
    assert _toets("april", jaar=2024).stand is Nakoming.NOG_NIET


def test_college_letters_count_for_the_municipal_part_but_not_twice() -> None:
    toets = _toets("gemeente")
    assert toets.stand is Nakoming.NAGEKOMEN
    # the two reports are linked to the bureau's agreements and do not also count for the municipality
    assert [lev.stuk.id for lev in toets.leveringen] == ["rib-feb", "rib-jun"]


def test_at_least_four_times_is_checked_through_its_parts_without_double_counting() -> None:
    toets = _toets("vier")
    assert [part.afspraak.id for part in toets.onderdelen] == ["april", "september", "gemeente"]
    assert len(toets.leveringen) == 4
    assert toets.stand is Nakoming.TE_LAAT  # the weakest part: the April report


def test_standing_agreements_and_those_not_yet_in_force_are_not_judged() -> None:
    assert _toets("tussentijds").stand is Nakoming.NIET_TE_TOETSEN
    assert _toets("nieuw").stand is Nakoming.GOLD_NOG_NIET


def test_the_peildatum_hides_what_came_later() -> None:
    assert _toets("april", peildatum=date(2023, 6, 1)).stand is Nakoming.ONTBREEKT
    assert _toets("september", peildatum=date(2023, 6, 1)).stand is Nakoming.NOG_NIET


def test_demo_2022_and_2023_follow_from_the_register(engine: Engine, demo_package: Path) -> None:
    assert import_package(engine, demo_package).written
    with engine.connect() as connection:
        records = StoreRecords(connection)
        y2022 = {t.afspraak.id: t for top in check_nakoming(records, 2022, date(2026, 1, 1)).toetsen
                 for t in [top, *top.onderdelen]}
        y2023 = {t.afspraak.id: t for top in check_nakoming(records, 2023, date(2026, 1, 1)).toetsen
                 for t in [top, *top.onderdelen]}
    assert y2023["bureau-april-voorgaand-jaar"].stand is Nakoming.TE_LAAT
    assert y2023["bureau-april-voorgaand-jaar"].dagen_te_laat == 121
    assert y2023["bureau-april-voorgaand-jaar"].leveringen[0].stuk.datum == Datum(2023, 8, 29)
    # The bureau started in April 2022 (6.1): in 2022 its agreements did not yet hold from 1 January (issue 17)
    assert y2022["bureau-april-voorgaand-jaar"].stand is Nakoming.GOLD_NOG_NIET
    assert y2022["bureau-september-eerste-halfjaar"].stand is Nakoming.GOLD_NOG_NIET
    assert y2022["gemeente-twee-keer-gemeentelijk-deel"].stand is Nakoming.NAGEKOMEN
    assert len(y2022["gemeente-twee-keer-gemeentelijk-deel"].leveringen) == 5
    assert y2022["ten-minste-vier-keer-per-jaar"].stand is Nakoming.NAGEKOMEN
    assert "2 onderdelen golden in 2022 nog niet of niet meer" in uitleg(y2022["ten-minste-vier-keer-per-jaar"])
    assert y2022["tussentijdse-informatie"].stand is Nakoming.NIET_TE_TOETSEN


def test_compliance_command_gives_iso_dates_in_json(engine: Engine, demo_package: Path) -> None:
    assert import_package(engine, demo_package).written
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["compliance", "--jaar", "2023", "--format", "json", "--peildatum",
                                      "2026-01-01", "--db", url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["register_bekend_tot"] == "2023-09-14"
    vier = next(a for a in data["afspraken"] if a["afspraak"] == "ten-minste-vier-keer-per-jaar")
    april = next(p for p in vier["onderdelen"] if p["afspraak"] == "bureau-april-voorgaand-jaar")
    assert (april["stand"], april["uiterste_datum"], april["dagen_te_laat"]) == ("te laat", "2023-04-30", 121)
    assert april["leveringen"][0]["datum"] == "2023-08-29"
    # the text stays (compatibility) and the reason comes as a value beside it (issue 19)
    assert (april["grond"], april["uitleg"]) == (
        "geleverd-te-laat", "Geleverd 29 augustus 2023; uiterlijk 30 april 2023: 121 dagen te laat.")
    assert (vier["grond"], vier["onderdelen_niet_geldend"]) == ("via-onderdelen", 0)
    table = CliRunner().invoke(app, ["compliance", "--jaar", "2023", "--peildatum", "2026-01-01", "--db", url])
    assert "121 dagen te laat" in table.output


def test_an_agreement_is_checked_only_in_years_it_held_up_to_its_due_date() -> None:
    records = MemoryRecords([
        Orgaan(id="bureau", naam="Bureau", soort=OrgaanSoort.PROGRAMMABUREAU, bron=BRON),
        afspraak("april", leverancier="bureau", aantal_per_jaar=1, uiterlijk_maand=4,
                 ingangsdatum=Datum.parse("2022-04"), einddatum=Datum.parse("2024-05-15")),
        afspraak("jaarlijks", leverancier="bureau", aantal_per_jaar=1, ingangsdatum=Datum.parse("2022-01-01"),
                 einddatum=Datum.parse("2024-05-15")),
        stuk("laatste", StukSoort.MEMO, "2026-01-01"),
    ])

    def stand(afspraak_id: str, jaar: int) -> Nakoming:
        toetsen = check_nakoming(records, jaar, date(2026, 1, 1)).toetsen
        return next(t.stand for t in toetsen if t.afspraak.id == afspraak_id)

    assert stand("april", 2022) is Nakoming.GOLD_NOG_NIET  # 'april 2022' holds for certain only from 30 April
    assert stand("april", 2023) is Nakoming.ONTBREEKT
    assert stand("april", 2024) is Nakoming.ONTBREEKT  # it ended on 15 May 2024, after its due date 30 April
    assert stand("april", 2025) is Nakoming.GOLD_NIET_MEER
    assert stand("jaarlijks", 2022) is Nakoming.ONTBREEKT  # held from 1 January 2022
    assert stand("jaarlijks", 2024) is Nakoming.GOLD_NIET_MEER  # not the whole of 2024


def test_demo_2021_reports_nothing_missing_and_2023_the_late_report(engine: Engine, demo_package: Path) -> None:
    assert import_package(engine, demo_package).written
    url = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    y2021 = json.loads(runner.invoke(app, ["compliance", "--jaar", "2021", "--format", "json", "--peildatum",
                                           "2026-01-01", "--db", url]).output)
    standen = [a["stand"] for top in y2021["afspraken"] for a in [top, *top["onderdelen"]]]
    assert not {"ontbreekt", "te weinig", "te laat"} & set(standen), standen
    assert standen.count("gold nog niet") == 3  # the bureau's April, September and yearly agreements
    table = runner.invoke(app, ["compliance", "--jaar", "2021", "--peildatum", "2026-01-01", "--db", url]).output
    assert "867 dagen" not in table and "De afspraak geldt sinds april 2022" in table
    y2023 = runner.invoke(app, ["compliance", "--jaar", "2023", "--peildatum", "2026-01-01", "--db", url]).output
    assert "121 dagen te laat" in y2023


def test_an_end_before_the_start_is_refused() -> None:
    from raadsmonitor.domain.catalogue import TABLES_BY_NAME
    from raadsmonitor.domain.validation import build_record

    spec = TABLES_BY_NAME["informatieafspraken"]
    cells = {"id": "a", "programma": "p", "omschrijving": "x", "leverancier": "college", "ingangsdatum": "2023-05",
             "einddatum": "2023-04-30", "bron": "b"}
    record, problems = build_record(spec.entity, spec.columns, cells)
    assert record is None
    assert [(p.column, p.message) for p in problems] == [
        ("einddatum", "einddatum 30 april 2023 ligt vóór ingangsdatum mei 2023")]
