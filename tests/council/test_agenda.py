"""The calendar: reports due, open deadlines and meetings, as a page and as an iCalendar feed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.analysis.council.agenda import AgendaSoort, build_agenda
from raadsmonitor.cli import app
from raadsmonitor.domain.enums import StukSoort
from raadsmonitor.domain.records import MemoryRecords
from raadsmonitor.presentation.agenda import omschrijving, titel
from raadsmonitor.presentation.ical import agenda_ics
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.web.app import create_app
from tests.council.factories import afspraak, stuk, termijn


def _records() -> MemoryRecords:
    return MemoryRecords([
        termijn(StukSoort.ARTIKEL_33_VRAGEN, 30),
        afspraak("april", leverancier="bureau", uiterlijk_maand=4, verslagperiode="voorgaand jaar"),
        stuk("vraag", StukSoort.ARTIKEL_33_VRAGEN, "2024-02-20", onderwerp="Huisvesting"),
        stuk("cie", StukSoort.COMMISSIEVERGADERING, "2024-03-12", gremium="Commissie EBF", onderwerp="Voortgang"),
        stuk("memo", StukSoort.MEMO, "2024-03-05"),
    ])


def test_agenda_holds_reports_due_deadlines_and_meetings() -> None:
    agenda = build_agenda(_records(), date(2024, 3, 1))
    komend = [(p.datum, p.soort) for p in agenda.komend]
    assert komend == [(date(2024, 3, 12), AgendaSoort.VERGADERING), (date(2024, 3, 21), AgendaSoort.TERMIJN),
                      (date(2024, 4, 30), AgendaSoort.RAPPORTAGE), (date(2025, 4, 30), AgendaSoort.RAPPORTAGE)]
    assert titel(agenda.komend[0]) == "Commissie EBF: Voortgang"



def test_an_entry_carries_values_and_presentation_words_it() -> None:
    meeting, deadline, report, _ = build_agenda(_records(), date(2024, 3, 1)).komend
    assert meeting.stuk is not None and meeting.stuk.id == "cie"
    assert omschrijving(meeting) == "Commissievergadering."
    assert deadline.stuk is not None and deadline.stuk.id == "vraag" and deadline.termijn is not None
    assert titel(deadline) == "Termijn antwoord op artikel 33-vragen: Huisvesting"
    assert omschrijving(deadline).startswith("Artikel 33-vragen van 20 februari 2024. ")
    assert report.afspraak is not None and report.afspraak.id == "april" and report.leverancier is not None
    assert titel(report) == f"Uiterste datum rapportage {report.leverancier} over voorgaand jaar"
    assert omschrijving(report) == f"Informatieafspraak: {report.afspraak.omschrijving}"


def test_ics_parses_and_keeps_stable_unique_uids() -> None:
    first = agenda_ics(build_agenda(_records(), date(2024, 3, 1)))
    again = agenda_ics(build_agenda(_records(), date(2024, 3, 1)))
    assert first == again
    events = Calendar.from_ical(first).walk("VEVENT")
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids)) == 4
    assert "termijn-vraag@raadsmonitor" in uids and "afspraak-april-2025@raadsmonitor" in uids
    deadline = next(e for e in events if str(e["UID"]) == "termijn-vraag@raadsmonitor")
    assert deadline.decoded("DTSTART") == date(2024, 3, 21)  # 20 February + 30 days (a Thursday)
    later = Calendar.from_ical(agenda_ics(build_agenda(_records(), date(2024, 6, 1)))).walk("VEVENT")
    assert {str(e["UID"]) for e in later} >= set(uids) - {"termijn-vraag@raadsmonitor"}


def test_calendar_command_and_feed_on_the_demo(engine: Engine, demo_package: Path, tmp_path: Path) -> None:
    assert import_package(engine, demo_package).written
    out = tmp_path / "agenda.ics"
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["calendar", "--out", str(out), "--peildatum", "2023-11-01", "--db", url])
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    by_uid = {str(e["UID"]): e for e in events}
    assert by_uid["afspraak-bureau-april-voorgaand-jaar-2024@raadsmonitor"].decoded("DTSTART") == date(2024, 4, 30)
    assert by_uid["stuk-workshop-2023-09-14-rol-gemeenteraad@raadsmonitor"].decoded("DTSTART") == date(2023, 9, 14)
    feed = TestClient(create_app(engine)).get("/agenda.ics")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert Calendar.from_ical(feed.content).walk("VEVENT")
