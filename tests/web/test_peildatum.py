"""Issue 19: pages that depend on the date follow the app's clock, and ?peildatum=JJJJ-MM-DD shows them as on
another day, saying so; a value that is not a date is refused in Dutch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.config.clock import FixedClock
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.html import attr, page, select_one, text

TODAY = date(2026, 12, 6)
Demo = Callable[[FixedClock], TestClient]


@pytest.fixture
def demo(engine: Engine, demo_package: Path) -> Demo:
    """The demo, every page public as `raadsmonitor demo` serves it, at the time of a given clock."""
    assert import_package(engine, demo_package).written
    return lambda clock: TestClient(create_app(engine, DEMO_SETTINGS, clock=clock))


def _signals(client: TestClient, url: str) -> list[str]:
    return [text(row.select("td")[1]) for row in page(client, url).select("main table tbody tr")]


def test_pages_follow_the_apps_clock_without_a_peildatum(demo: Demo) -> None:
    # The stream 'Preventie met gezag' ends on 31 December 2025: a signal within its last 12 months only.
    early = page(demo(FixedClock.on(date(2025, 3, 1))), "/signalen")
    assert "Preventie met gezag" in text(early.main) and "getoetst op 1 maart 2025" in text(early.main)
    assert early.select(".rm-stand-op") == []  # the page is about today: nothing to say
    late = page(demo(FixedClock.on(date(2026, 3, 1))), "/signalen")
    assert "Preventie met gezag" not in text(late.main) and "getoetst op 1 maart 2026" in text(late.main)


def test_a_stored_page_is_not_served_on_the_next_day(demo: Demo) -> None:
    clock = FixedClock.on(date(2025, 12, 30))
    client = demo(clock)
    assert "Preventie met gezag" in text(page(client, "/signalen").main)
    clock.advance(days=2)  # 1 January 2026: the stream has ended, and the page cache keys on the clock's day
    assert "Preventie met gezag" not in text(page(client, "/signalen").main)


def test_a_peildatum_shows_the_page_as_on_that_day_and_says_so(demo: Demo) -> None:
    client = demo(FixedClock.on(TODAY))
    soup = page(client, "/signalen?peildatum=2025-03-01")
    notice = select_one(soup, "main .rm-stand-op")
    assert text(select_one(notice, "strong")) == "Stand op 1 maart 2025"
    link = select_one(notice, "a")
    assert text(link) == "Bekijk de stand van vandaag" and attr(link, "href") == "/signalen"
    assert "Preventie met gezag" in text(soup.main)
    assert "Preventie met gezag" not in text(page(client, "/signalen?peildatum=2026-03-01").main)
    assert page(client, "/signalen?peildatum=2026-12-06").select(".rm-stand-op") == []  # today: no notice


def test_progress_pages_age_the_figures_against_the_peildatum(demo: Demo) -> None:
    client = demo(FixedClock.on(TODAY))
    # The demo's childcare figure is of 10 September 2023.
    early = text(page(client, "/voortgang?peildatum=2023-09-20").main)
    late = text(page(client, "/voortgang?peildatum=2025-06-01").main)
    assert "minder dan een maand oud (peildatum 10 september 2023)" in early
    assert "1 jaar en 8 maanden oud (peildatum 10 september 2023)" in late
    assert "Stand op 20 september 2023" in early and "Stand op 1 juni 2025" in late
    kern = text(page(client, "/voortgang/kernindicatoren?peildatum=2025-06-01").main)
    assert "1 jaar en 8 maanden oud" in kern


def test_finance_and_reports_take_their_year_from_the_peildatum(demo: Demo) -> None:
    client = demo(FixedClock.on(TODAY))
    paragraaf = page(client, "/financien/paragraaf?peildatum=2025-06-01")
    assert text(paragraaf.h1) == "Paragraaf Heerlen-Noord: begroting 2025"
    # The form and the downloads keep the peildatum.
    assert attr(select_one(paragraaf, "main form input[name=peildatum]"), "value") == "2025-06-01"
    assert all("peildatum=2025-06-01" in attr(link, "href") for link in paragraaf.select("main a[href*=formaat]"))
    assert text(page(client, "/financien/paragraaf").h1) == "Paragraaf Heerlen-Noord: begroting 2026"
    keuzen = text(page(client, "/financien/keuzen?peildatum=2023-06-01").main)
    assert "Keuzen die voorliggen in 2023 en 2024" in keuzen and "Budget aanjaaggeld 2023" in keuzen
    rapportage = page(client, "/voortgang/rapportage?peildatum=2025-06-01")
    assert text(rapportage.h1) == "Voortgangsrapportage Heerlen-Noord: 2024"  # the year before the peildatum


def test_the_dashboard_and_the_trends_follow_the_peildatum(demo: Demo) -> None:
    client = demo(FixedClock.on(TODAY))
    early = page(client, "/?peildatum=2025-03-01")
    assert text(select_one(early, "main .rm-stand-op strong")) == "Stand op 1 maart 2025"
    # The stream 'Preventie met gezag' ends on 31 December 2025: the signals tile names it only in its last year.
    assert "Preventie met gezag" in text(select_one(early, "#tegel-signalen"))
    assert "Preventie met gezag" not in text(select_one(page(client, "/?peildatum=2026-03-01"), "#tegel-signalen"))
    assert page(client, "/").select(".rm-stand-op") == []
    trends = page(client, "/voortgang/trends?peildatum=2025-03-01")
    assert text(select_one(trends, "main .rm-stand-op strong")) == "Stand op 1 maart 2025"


@pytest.mark.parametrize("url", ["/", "/voortgang/trends", "/voortgang", "/voortgang/kernindicatoren",
                                 "/vergelijking", "/financien", "/financien/keuzen", "/financien/paragraaf",
                                 "/voortgang/rapportage", "/agenda.ics", "/wijzigingen"])
@pytest.mark.parametrize("value", ["2026-02-30", "morgen", "6-12-2026"])
def test_a_peildatum_that_is_not_a_date_is_refused_in_dutch(demo: Demo, url: str, value: str) -> None:
    response = demo(FixedClock.on(TODAY)).get(f"{url}?peildatum={value}")
    assert response.status_code == 400
    assert f"De peildatum &#39;{value}&#39; is geen datum: schrijf JJJJ-MM-DD, bijvoorbeeld 2026-12-06." \
        in response.text


def test_the_changes_page_compares_with_the_live_data_as_on_the_peildatum(demo: Demo, engine: Engine) -> None:
    from raadsmonitor.services.moments import take_peilmoment

    clock = FixedClock.on(TODAY)
    take_peilmoment(engine, date(2025, 1, 1), "Begin 2025", clock.now())
    client = demo(clock)
    soup = page(client, "/wijzigingen?peildatum=2025-06-01")
    assert text(select_one(soup, "main .rm-stand-op strong")) == "Stand op 1 juni 2025"
    assert "1 juni 2025" in text(soup.main)  # the live side of the comparison is dated by the peildatum
    assert "1 juni 2025" not in text(page(client, "/wijzigingen").main)
