"""The rule 'doel of streefwaarde gewijzigd': changed goals, KPIs and the doeljaar since the previous peilmoment.

Pure tests on hand-made frozen states (synthetic test data, not facts from the report), then end to end on the
demo on SQLite and PostgreSQL: no peilmoment, then a peilmoment, a reworded goal, and the command and page.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.analysis.moments.changes import compare
from raadsmonitor.analysis.signals.rules import Peilvergelijking, Reden, Toetsing, evaluate_signals
from raadsmonitor.cli import app
from raadsmonitor.domain.council import SturingsRegel
from raadsmonitor.domain.enums import DoelSoort
from raadsmonitor.domain.programme import Doel, Kpi, Programma, Thema
from raadsmonitor.domain.records import MemoryRecords
from raadsmonitor.domain.snapshots import Peilmoment, Programmastand
from raadsmonitor.presentation.formatting import format_datum_nl
from raadsmonitor.presentation.signals import REDENEN, feiten, opmerking
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.services.moments import NO_MOMENT, take_peilmoment
from raadsmonitor.web.app import create_app
from tests.council.factories import BRON, sturing

JUNI, DECEMBER = date(2023, 6, 30), date(2023, 12, 31)
THEMAS = [Thema(id="werk", programma="p", naam="Werk", volgorde=1, bron=BRON),
          Thema(id="wonen", programma="p", naam="Wonen", volgorde=2, bron=BRON)]


def _doel(id: str, thema: str, omschrijving: str, volgorde: int = 1, bron: str = BRON) -> Doel:
    return Doel(id=id, programma="p", thema=thema, soort=DoelSoort.PROGRAMMADOEL, omschrijving=omschrijving,
                volgorde=volgorde, bron=bron)


def _kpi(id: str, thema: str, doel: str | None, omschrijving: str) -> Kpi:
    return Kpi(id=id, thema=thema, doel=doel, omschrijving=omschrijving, volgorde=1, bron=BRON)


def _programma(doeljaar: int) -> Programma:
    return Programma(id="p", naam="Programma P", doeljaar=doeljaar, bron=BRON)


BIJSTAND = _doel("werk-bijstand", "werk", "Minder mensen in de bijstand.")
HUIZEN = _doel("wonen-huizen", "wonen", "Meer goede huizen.")
KPI_BANEN = _kpi("kpi-banen", "werk", "werk-bijstand", "500 mensen meer aan het werk.")
KPI_LEEGSTAND = _kpi("kpi-leegstand", "wonen", "wonen-huizen", "De leegstand daalt naar 3%.")
BEFORE = (_programma(2041), (BIJSTAND, HUIZEN), (KPI_BANEN, KPI_LEEGSTAND))


def _state(day: date, items: tuple[Programma, tuple[Doel, ...], tuple[Kpi, ...]]) -> Programmastand:
    moment = Peilmoment(id=day.isoformat(), peildatum=day, aangemaakt="2024-01-05T09:30:00+00:00")
    programma, doelen, kpis = items
    return Programmastand(peildatum=day, tables={"programmas": (programma,), "doelen": doelen, "kpis": kpis},
                       moment=moment)


def _evaluate(after: tuple[Programma, tuple[Doel, ...], tuple[Kpi, ...]], **scope: Any) -> Toetsing:
    records = MemoryRecords([*THEMAS, sturing("doel", SturingsRegel.DOEL_GEWIJZIGD, **scope)])
    vergelijking = Peilvergelijking(compare(_state(JUNI, BEFORE), _state(DECEMBER, after)))
    return evaluate_signals(records, DECEMBER, vergelijking=vergelijking).toetsingen[0]


def test_a_reworded_goal_gives_one_signal_with_the_text_before_and_after() -> None:
    reworded = _doel("werk-bijstand", "werk", "Half zoveel mensen in de bijstand.", bron="nieuwe-bron")
    toetsing = _evaluate((_programma(2041), (reworded, HUIZEN), (KPI_BANEN, KPI_LEEGSTAND)))
    assert [(s.onderwerp, s.datum) for s in toetsing.signalen] == [("Doel werk-bijstand", DECEMBER)]
    assert feiten(toetsing.signalen[0]) == [
        "Omschrijving gewijzigd.", "Voor: Minder mensen in de bijstand.", "Na: Half zoveel mensen in de bijstand.",
        "Wanneer: na 30 juni 2023, uiterlijk 31 december 2023."]
    assert toetsing.signalen[0].bronnen == [BRON, "nieuwe-bron"]  # the change in source is shown, not a signal
    assert toetsing.getoetst == 5  # the programme's doeljaar, two goals, two KPIs
    assert opmerking(toetsing) is None


def test_an_unchanged_state_or_a_new_order_gives_no_signal() -> None:
    assert _evaluate(BEFORE).signalen == []
    reordered = (_programma(2041), (_doel("werk-bijstand", "werk", "Minder mensen in de bijstand.", 2), HUIZEN),
                 (KPI_BANEN, KPI_LEEGSTAND))
    assert _evaluate(reordered).signalen == []


def test_a_changed_doeljaar_and_a_removed_kpi_for_the_whole_programme() -> None:
    toetsing = _evaluate((_programma(2040), (BIJSTAND, HUIZEN), (KPI_BANEN,)))
    assert [(s.onderwerp, feiten(s)[:3]) for s in toetsing.signalen] == [
        ("Doeljaar van programma p", ["Doeljaar gewijzigd.", "Voor: 2041", "Na: 2040"]),
        ("KPI kpi-leegstand", ["KPI verwijderd.", "Voor: De leegstand daalt naar 3%.", "Na: —"])]


def test_an_agreement_on_a_thema_or_doel_leaves_out_the_other_goals_and_the_doeljaar() -> None:
    after = (_programma(2040), (BIJSTAND, _doel("wonen-huizen", "wonen", "Meer betaalbare huizen.")),
             (_kpi("kpi-banen", "werk", "werk-bijstand", "600 mensen meer aan het werk."), KPI_LEEGSTAND))
    werk = _evaluate(after, thema="werk")
    assert [s.onderwerp for s in werk.signalen] == ["KPI kpi-banen"]
    assert werk.getoetst == 2  # werk-bijstand and kpi-banen
    huizen = _evaluate(after, doel="wonen-huizen")
    assert [s.onderwerp for s in huizen.signalen] == ["Doel wonen-huizen"]
    assert huizen.getoetst == 2  # wonen-huizen and kpi-leegstand


def test_without_a_comparison_the_rule_says_why_it_was_not_evaluated() -> None:
    records = MemoryRecords([*THEMAS, sturing("doel", SturingsRegel.DOEL_GEWIJZIGD)])
    unwired = evaluate_signals(records, DECEMBER).toetsingen[0]
    assert (unwired.signalen, unwired.getoetst, unwired.reden) == ([], 0, Reden.VERGELIJKING_NIET_AANGESLOTEN)
    assert opmerking(unwired) == REDENEN[Reden.VERGELIJKING_NIET_AANGESLOTEN]
    no_moment = evaluate_signals(records, DECEMBER, vergelijking=Peilvergelijking(None, NO_MOMENT)).toetsingen[0]
    assert (no_moment.signalen, no_moment.reden, opmerking(no_moment)) == ([], Reden.GEEN_VERGELIJKING, NO_MOMENT)


# End to end on the demo.

GOAL = "tal-kansrijke-start"
OLD_GOAL = "Ieder kind in Heerlen-Noord (-9 mnd tot 2 jaar) gaat kansrijk van start."
NEW_GOAL = "Ieder kind in Heerlen-Noord (-9 mnd tot 2 jaar) gaat kansrijk en gezond van start."


def _signals(engine: Engine, peildatum: str) -> dict[str, Any]:
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["signals", "--format", "json", "--peildatum", peildatum, "--db", url])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def _goal_rule(data: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    signals = [s for s in data["signalen"] if s["regel"] == "doel of streefwaarde gewijzigd"]
    [toetsing] = [t for t in data["toetsingen"] if t["regel"] == "doel of streefwaarde gewijzigd"]
    return signals, toetsing


def _reword_goal(demo: Path, folder: Path) -> None:
    with (demo / "doelen.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        [row] = [r for r in reader if r["id"] == GOAL]
        header = reader.fieldnames
    assert header is not None and row["omschrijving"] == OLD_GOAL
    folder.mkdir()
    with (folder / "doelen.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerow({**row, "omschrijving": NEW_GOAL})


def test_demo_without_a_peilmoment_the_rule_is_not_evaluated(engine: Engine, demo_package: Path) -> None:
    assert import_package(engine, demo_package).written
    signals, toetsing = _goal_rule(_signals(engine, "2023-12-31"))
    assert signals == []
    assert (toetsing["afspraak"], toetsing["getoetst"], toetsing["opmerking"]) == (
        "doel-of-streefwaarde-gewijzigd", 0,
        "Er is nog geen peilmoment; leg er een vast met raadsmonitor snapshot --peildatum JJJJ-MM-DD. "
        "Deze regel is niet getoetst.")
    assert toetsing["reden"] == "geen-vergelijking"


def test_demo_a_reworded_goal_after_a_peilmoment_gives_exactly_that_signal(engine: Engine, demo_package: Path,
                                                                           tmp_path: Path) -> None:
    assert import_package(engine, demo_package).written
    take_peilmoment(engine, JUNI, "Eerste halfjaar 2023", datetime(2023, 7, 1, 9, 0, tzinfo=UTC))
    _reword_goal(demo_package, tmp_path / "wijziging")
    assert import_package(engine, tmp_path / "wijziging").written
    signals, toetsing = _goal_rule(_signals(engine, "2023-12-31"))
    assert signals == [{
        "afspraak": "doel-of-streefwaarde-gewijzigd", "regel": "doel of streefwaarde gewijzigd",
        "onderwerp": f"Doel {GOAL}", "datum": "2023-12-31",
        "feiten": ["Omschrijving gewijzigd.", f"Voor: {OLD_GOAL}", f"Na: {NEW_GOAL}",
                   # the audit trail knows the day of the re-import: today, in UTC
                   f"Wanneer: {format_datum_nl(datetime.now(UTC).date())}."],
        "waarden": {"soort": "doelwijziging", "tabel": "doelen", "sleutel": GOAL, "wijziging": "gewijzigd",
                    "veld": "omschrijving", "voor": OLD_GOAL, "na": NEW_GOAL,
                    "wanneer": datetime.now(UTC).date().isoformat(), "wanneer_na": "2023-06-30",
                    "wanneer_uiterlijk": None},  # compared with the current data
        "bronnen": ["rk2023-fig4"]}]
    assert toetsing["opmerking"] is None and toetsing["reden"] is None and toetsing["getoetst"] > 1
    before, _ = _goal_rule(_signals(engine, "2023-06-30"))  # nothing before the first peilmoment to compare with
    assert before == []
    page = TestClient(create_app(engine)).get("/signalen", params={"peildatum": "2023-12-31"})
    cell = BeautifulSoup(page.text, "html.parser").find("th", string=f"Doel {GOAL}")
    row = cell.find_parent("tr") if cell else None
    assert row is not None
    assert NEW_GOAL in row.get_text() and OLD_GOAL in row.get_text()
    assert row.find("a", href="/bronnen/rk2023-fig4") is not None
    report = TestClient(create_app(engine)).get("/voortgang/rapportage", params={"periode": "2023-H2"})
    assert f"Doel {GOAL}: Omschrijving gewijzigd. Voor: {OLD_GOAL} Na: {NEW_GOAL}" in report.text
