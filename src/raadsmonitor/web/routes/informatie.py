"""Pages on the council's information position: register, agreements, signals, calendar, participation."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from raadsmonitor.analysis.council.agenda import build_agenda
from raadsmonitor.analysis.council.deadlines import termijnen
from raadsmonitor.analysis.council.nakoming import check_nakoming, nakoming_years
from raadsmonitor.analysis.council.register import RegisterFilter, Stand, build_register
from raadsmonitor.analysis.programme.participation import participation_overview
from raadsmonitor.analysis.programme.scope import programme_of
from raadsmonitor.analysis.signals.progress_status import voortgang_status_history
from raadsmonitor.analysis.signals.rules import evaluate_signals
from raadsmonitor.domain.council import Sturingsafspraak
from raadsmonitor.domain.enums import StukSoort
from raadsmonitor.domain.programme import Thema
from raadsmonitor.domain.records import Records
from raadsmonitor.services.moments import goal_comparison
from raadsmonitor.web.pages import RecordsDep
from raadsmonitor.web.paging import paginering
from raadsmonitor.web.peildatum import PeildatumDep, today_of
from raadsmonitor.web.rendering import render

router = APIRouter()

MENU = [
    (50, "/informatie", "Informatie en afspraken"),
    (55, "/signalen", "Signalen"),
    (70, "/participatie", "Participatie"),
]

SUBNAV = [("/informatie", "Register"), ("/afspraken", "Informatieafspraken"), ("/agenda", "Agenda")]


def _date(value: str | None, name: str, problems: list[str]) -> date | None:
    """A date from a GET parameter; an unreadable one is reported on the page and ignored."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"'{value}' bij {name} is geen datum; gebruik JJJJ-MM-DD. Het filter is niet toegepast.")
        return None


def _choice(value: str | None, allowed: set[str]) -> str | None:
    return value if value in allowed else None


def _filters(request: Request, records: Records, problems: list[str]) -> RegisterFilter:
    query = request.query_params
    soort = _choice(query.get("soort"), {s.value for s in StukSoort})
    return RegisterFilter(
        thema=_choice(query.get("thema"), {t.id for t in records.all(Thema)}),
        portefeuillehouder=query.get("portefeuillehouder") or None,
        soort=StukSoort(soort) if soort else None,
        van=_date(query.get("van"), "vanaf", problems),
        tot=_date(query.get("tot"), "tot en met", problems),
        langst_open=query.get("volgorde") == "langst-open",
    )


def _peildatum(request: Request, problems: list[str]) -> date:
    chosen = _date(request.query_params.get("peildatum"), "peildatum", problems)
    if chosen is not None:  # the page says 'Stand op ...' when that is not today (issue 19)
        request.state.peildatum = chosen
    return chosen or today_of(request)


@router.get("/informatie", response_class=HTMLResponse)
def informatie(request: Request, records: Records = RecordsDep) -> HTMLResponse:
    problems: list[str] = []
    peildatum = _peildatum(request, problems)
    filters = _filters(request, records, problems)
    register = build_register(records, peildatum, filters)
    pages = paginering(request, len(register.regels))
    page_of = {regel.stuk.id: index // pages.per_pagina + 1 for index, regel in enumerate(register.regels)}

    def stuk_href(stuk_id: str) -> str:
        """A linked item on this page by its anchor, on another page of the register by that page."""
        nummer = page_of.get(stuk_id, pages.nummer)
        return f"#stuk-{stuk_id}" if nummer == pages.nummer else f"{pages.href(nummer)}#stuk-{stuk_id}"

    return render(request, "council_register.html", records, "Informatie aan de raad", register=register,
                  regels=register.regels[pages.offset:pages.offset + pages.per_pagina], paginering=pages,
                  stuk_href=stuk_href,
                  filters=filters, problems=problems, themas=sorted(records.all(Thema), key=lambda t: t.volgorde),
                  soorten=list(StukSoort), standen=list(Stand), subnav=SUBNAV, query=request.query_params)


@router.get("/afspraken", response_class=HTMLResponse)
def afspraken(request: Request, records: Records = RecordsDep) -> HTMLResponse:
    problems: list[str] = []
    peildatum = _peildatum(request, problems)
    years = nakoming_years(records, peildatum)
    asked = request.query_params.get("jaar", "")
    default = check_nakoming(records, peildatum.year, peildatum).bekend_tot
    jaar = int(asked) if asked.isdigit() and int(asked) in years else (default.year if default else peildatum.year)
    return render(request, "council_afspraken.html", records, "Informatieafspraken",
                  nakomingen=check_nakoming(records, jaar, peildatum), years=years, subnav=SUBNAV,
                  termijnen=sorted(termijnen(records).per_soort.values(), key=lambda t: t.id), problems=problems)


@router.get("/signalen", response_class=HTMLResponse)
def signalen(request: Request, records: Records = RecordsDep) -> HTMLResponse:
    problems: list[str] = []
    peildatum = _peildatum(request, problems)
    with request.app.state.engine.connect() as connection:
        vergelijking = goal_comparison(connection, peildatum, programme_of(records))
    result = evaluate_signals(records, peildatum, voortgang_status_history(records, peildatum), vergelijking)
    return render(request, "council_signalen.html", records, "Signalen", signalen=result, problems=problems,
                  afspraken=sorted(records.all(Sturingsafspraak), key=lambda a: a.id))


@router.get("/agenda", response_class=HTMLResponse)
def agenda(request: Request, records: Records = RecordsDep) -> HTMLResponse:
    problems: list[str] = []
    return render(request, "council_agenda.html", records, "Agenda van de raad",
                  agenda=build_agenda(records, _peildatum(request, problems)), problems=problems, subnav=SUBNAV)


@router.get("/agenda.ics")
def agenda_feed(records: Records = RecordsDep, peildatum: date = PeildatumDep) -> Response:
    # icalendar (90 modules, ~3 MB per server process) is loaded by the first feed request, not by every worker.
    from raadsmonitor.presentation.ical import agenda_ics

    body = agenda_ics(build_agenda(records, peildatum), "raadsmonitor: agenda van de raad")
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'inline; filename="raadsmonitor-agenda.ics"'})


@router.get("/participatie", response_class=HTMLResponse)
def participatie(request: Request, records: Records = RecordsDep) -> HTMLResponse:
    return render(request, "council_participatie.html", records, "Participatie van bewoners",
                  overzicht=participation_overview(records))
