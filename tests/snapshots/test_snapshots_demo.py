"""End to end on the demo, on SQLite and PostgreSQL: a snapshot, an edit, a second snapshot, and the changes
command, page and progress report show exactly those edits."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from raadsmonitor.analysis.moments.snapshots import freeze
from raadsmonitor.cli import app
from raadsmonitor.domain.audit import AuditContext, Kanaal
from raadsmonitor.presentation.formatting import format_datum_nl
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.services.moments import take_peilmoment
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.store.snapshots import PeilmomentError, find_moment, list_moments, load_peilmoment
from raadsmonitor.store.tables import table
from raadsmonitor.web.app import create_app
from tests.html import attr, one

OLD_GOAL = "Het verbeteren van de fysieke leefomgeving"
NEW_GOAL = "Het zichtbaar verbeteren van de fysieke leefomgeving"
CONTROLLER = AuditContext(actor="gebruiker:controller", herkomst=Kanaal.IMPORT)


def today() -> str:
    """The day the edits were made: the audit trail records real time (UTC)."""
    return format_datum_nl(datetime.now(UTC).date())


def _db(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _edited_row(demo: Path, name: str, key: str, column: str, value: str, folder: Path) -> None:
    with (demo / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if row["id"] == key]
        header = reader.fieldnames
    assert header is not None and len(rows) == 1
    rows[0][column] = value
    with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def edited(engine: Engine, demo_package: Path, tmp_path: Path) -> Engine:
    """The demo; a snapshot on 30 June 2023; a reworded goal and a changed amount; a snapshot on 31 December."""
    assert import_package(engine, demo_package).written
    result = CliRunner().invoke(app, ["snapshot", "--peildatum", "2023-06-30", "--naam", "Eerste halfjaar 2023",
                                      "--db", _db(engine)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "wijziging"
    folder.mkdir()
    _edited_row(demo_package, "doelen", "er-fysieke-leefomgeving", "omschrijving", NEW_GOAL, folder)
    _edited_row(demo_package, "geldstromen", "regio-deal-parkstad-2", "totaalbedrag", "4637084", folder)
    report = import_package(engine, folder, context=CONTROLLER)
    assert report.written, [str(p) for p in report.problems]
    take_peilmoment(engine, date(2023, 12, 31), None, datetime.now(UTC))
    return engine


def test_changes_command_shows_exactly_the_two_edits(edited: Engine) -> None:
    result = CliRunner().invoke(app, ["changes", "--sinds", "2023-06-30", "--tot", "2023-12-31", "--format", "json",
                                      "--db", _db(edited)])
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["wijzigingen"]
    assert [(c["tabel"], c["sleutel"], c["soort"], c["veld"], c["voor"], c["na"]) for c in changes] == [
        ("doelen", "er-fysieke-leefomgeving", "gewijzigd", "omschrijving", OLD_GOAL, NEW_GOAL),
        ("geldstromen", "regio-deal-parkstad-2", "gewijzigd", "totaalbedrag", "4600000", "4637084"),
        # not an edit: on 30 June 2023 the questions of 26 May were unanswered, their answer came on 11 July
        ("registerstanden", "a33v-2023-05-26-plannen-huisvesting", "gewijzigd", "stand", "geen antwoord",
         "beantwoord"),
    ]
    assert {(c["wie"], c["wanneer"]) for c in changes[:2]} == {("controller", datetime.now(UTC).date().isoformat())}
    assert {c["actor"] for c in changes[:2]} == {"gebruiker:controller"}  # the trail's value beside the name (issue 19)
    assert changes[2]["wie"] is None and changes[2]["actor"] is None  # a derived register status: no actor


def test_changes_table_and_since_the_last_snapshot(edited: Engine) -> None:
    table_output = CliRunner().invoke(app, ["changes", "--sinds", "2023-06-30", "--db", _db(edited)]).output
    assert f"totaalbedrag\t€ 4.600.000\t€ 4.637.084\twie: controller\twanneer: {today()}" in table_output
    since_last = CliRunner().invoke(app, ["changes", "--db", _db(edited)])
    assert since_last.exit_code == 0
    assert "Tussen het peilmoment van 31 december 2023 en de huidige gegevens" in since_last.output
    assert "niets gewijzigd" in since_last.output


def test_a_snapshot_is_never_overwritten_and_survives_later_edits(edited: Engine) -> None:
    result = CliRunner().invoke(app, ["snapshot", "--peildatum", "2023-06-30", "--naam", "Opnieuw",
                                      "--db", _db(edited)])
    assert result.exit_code == 1
    assert "er is al een peilmoment op 30 juni 2023 ('Eerste halfjaar 2023')" in result.output
    assert "wordt nooit overschreven" in result.output
    with edited.connect() as connection:
        assert [m.naam for m in list_moments(connection)] == ["Eerste halfjaar 2023", None]
        count = connection.execute(select(func.count()).select_from(table("peilmomentinhoud"))).scalar_one()
        assert count == 2 * 12  # eleven frozen tables and the register statuses, per moment
        juni = load_peilmoment(connection, find_moment(connection, date(2023, 6, 30)))
        goal = next(d for d in juni.records("doelen") if d.id == "er-fysieke-leefomgeving")
        assert goal.omschrijving == OLD_GOAL


def test_a_snapshot_holds_the_same_records_as_the_store(edited: Engine) -> None:
    with edited.connect() as connection:
        frozen = load_peilmoment(connection, find_moment(connection, date(2023, 12, 31)))
        live = freeze(StoreRecords(connection), date(2023, 12, 31))
    assert frozen.tables == live.tables
    assert len(frozen.records("waarnemingen")) == 118 and len(frozen.records("registerstanden")) == 10


def test_an_unknown_moment_is_a_clear_error(edited: Engine) -> None:
    result = CliRunner().invoke(app, ["changes", "--sinds", "2023-01-01", "--db", _db(edited)])
    assert result.exit_code == 1
    assert "er is geen peilmoment op 2023-01-01; bekende peilmomenten: 2023-06-30, 2023-12-31" in result.output
    with edited.connect() as connection, pytest.raises(PeilmomentError):
        find_moment(connection, date(2022, 1, 1))


def test_changes_page_lists_the_two_edits(edited: Engine) -> None:
    response = TestClient(create_app(edited)).get("/wijzigingen", params={"van": "2023-06-30", "tot": "2023-12-31"})
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
            for row in page.select("main table tbody tr")]
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        ("gewijzigd", "omschrijving", OLD_GOAL, NEW_GOAL, "controller"),
        ("gewijzigd", "totaalbedrag", "€ 4.600.000", "€ 4.637.084", "controller"),
        ("gewijzigd", "stand", "geen antwoord", "beantwoord", "onbekend")]  # the answer of 11 July 2023
    assert all(attr(one(row, "a", href=True), "href").startswith("/bronnen/") for row in page.select("main tbody tr"))


def test_progress_report_shows_the_edits_since_the_previous_moment(edited: Engine, tmp_path: Path) -> None:
    out = tmp_path / "voortgang.md"
    result = CliRunner().invoke(app, ["report", "voortgang", "--periode", "2023", "--format", "md", "--out", str(out),
                                      "--peildatum", "2024-01-05", "--db", _db(edited)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    section = text[text.index("## Wat is er veranderd sinds de vorige rapportage"):text.index("## Vergelijking")]
    assert "Van het peilmoment van 30 juni 2023 (Eerste halfjaar 2023) tot het peilmoment van 31 december 2023: " \
           "3 wijzigingen." in section
    assert f"| omschrijving | {OLD_GOAL} | {NEW_GOAL} | controller |" in section
    assert "| totaalbedrag | € 4.600.000 | € 4.637.084 | controller |" in section
    assert "| stand | geen antwoord | beantwoord | onbekend |" in section  # answered on 11 July 2023
    assert section.count("| gewijzigd |") == 3


def test_progress_report_for_the_first_half_year_has_no_earlier_moment(edited: Engine, tmp_path: Path) -> None:
    out = tmp_path / "h1.md"
    result = CliRunner().invoke(app, ["report", "voortgang", "--periode", "2023-H1", "--format", "md", "--out",
                                      str(out), "--db", _db(edited)])
    assert result.exit_code == 0, result.output
    assert "Er is geen eerder peilmoment" in out.read_text(encoding="utf-8")


def test_changes_up_to_a_moment_start_at_the_moment_before_it(edited: Engine) -> None:
    result = CliRunner().invoke(app, ["changes", "--tot", "2023-12-31", "--format", "json", "--db", _db(edited)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["van"]["peildatum"] == "2023-06-30"
    wrong = CliRunner().invoke(app, ["changes", "--sinds", "2023-12-31", "--tot", "2023-06-30", "--db", _db(edited)])
    assert wrong.exit_code == 1
    assert "--tot (2023-06-30) moet na --sinds (2023-12-31) liggen" in wrong.output
