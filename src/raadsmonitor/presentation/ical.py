"""The council's calendar as an iCalendar feed (RFC 5545), written with the `icalendar` package."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar, Event

from raadsmonitor.analysis.council.agenda import Agenda
from raadsmonitor.presentation.agenda import omschrijving, titel

PRODID = "-//raadsmonitor//agenda van de raad//NL"


def agenda_ics(agenda: Agenda, naam: str = "raadsmonitor") -> bytes:
    """One all-day VEVENT per entry; DTSTAMP is the peildatum, so the same data gives the same bytes."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", naam)
    stamp = datetime.combine(agenda.peildatum, time(0, 0), tzinfo=UTC)
    for punt in agenda.punten:
        event = Event()
        event.add("uid", punt.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", punt.datum)
        event.add("dtend", punt.datum + timedelta(days=1))
        event.add("summary", titel(punt))
        event.add("description", omschrijving(punt))
        event.add("categories", [punt.soort.value])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
