"""The published pages are rendered ahead once per store state, and are the pages a visitor would get (issue 15)."""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.types import Message, Receive, Scope, Send

from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.services import reads
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store import listing
from raadsmonitor.store.listing import Remembered
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS, WebSettings
from raadsmonitor.web.cache import store_state
from raadsmonitor.web.warm import THEME_LINK, Visitors, get, published_pages
from tests.loops import run

# A chart takes its id from a counter of the process (presentation/charts/): the same page rendered twice in one
# process differs only there.
CHART_ID = re.compile(rb"\b([a-z]+)-\d+(?=(-[a-z]+)?[\") ])")
WAIT_S = 120  # a bound, so a broken warmer fails the test instead of hanging it; not a timing target


def _key(app: FastAPI, engine: Engine, path: str) -> str:
    return "\n".join((store_state(engine), app.state.clock.today().isoformat(), path, ""))


def _wait_for(app: FastAPI, engine: Engine, paths: list[str]) -> None:
    deadline = time.monotonic() + WAIT_S
    while any(app.state.pages.get(_key(app, engine, path)) is None for path in paths):
        assert time.monotonic() < deadline, [p for p in paths if app.state.pages.get(_key(app, engine, p)) is None]
        time.sleep(0.05)


@pytest.fixture
def warming(demo_store: Engine) -> Iterator[tuple[FastAPI, TestClient]]:
    app = create_app(demo_store, DEMO_SETTINGS, warm_pages=True)
    with TestClient(app) as client:  # runs the lifespan, which starts the warming
        yield app, client


def test_only_published_menu_pages_are_rendered_ahead() -> None:
    assert published_pages(WebSettings()) == []  # nothing public: nothing is cached, nothing warmed
    assert published_pages(WebSettings(public_pages=("/",))) == ["/"]
    every = published_pages(DEMO_SETTINGS)
    assert {"/", "/themas", "/organisatie", "/bronnen", "/voortgang", "/financien"} <= set(every)
    assert not any(path.startswith(("/gebruikers", "/auditspoor")) for path in every)  # behind a role


def test_pages_rendered_ahead_are_the_pages_a_visitor_gets(warming: tuple[FastAPI, TestClient],
                                                           demo_store: Engine) -> None:
    app, _ = warming
    themes = [link.decode() for link in THEME_LINK.findall(TestClient(create_app(demo_store, DEMO_SETTINGS))
                                                           .get("/themas").content)]
    assert themes, "the demo's /themas links to its themes"
    paths = [*published_pages(DEMO_SETTINGS), *themes]
    _wait_for(app, demo_store, paths)  # no visitor asked for any of them
    fresh = TestClient(create_app(demo_store, DEMO_SETTINGS))  # renders each page itself, nothing ahead
    for path in paths:
        kept = app.state.pages.get(_key(app, demo_store, path))
        answer = fresh.get(path)
        assert kept.status == answer.status_code == 200, path
        assert CHART_ID.sub(rb"\1", kept.body) == CHART_ID.sub(rb"\1", answer.content), path


def test_after_an_import_the_pages_of_the_new_state_are_rendered_ahead(
        warming: tuple[FastAPI, TestClient], demo_store: Engine, demo_package: Path, tmp_path: Path) -> None:
    app, client = warming
    _wait_for(app, demo_store, ["/", "/financien"])
    before = client.get("/financien").content
    changed = shutil.copytree(demo_package, tmp_path / "pakket")
    stromen = changed / "geldstromen.csv"
    stromen.write_text(stromen.read_text(encoding="utf-8").replace("tweede tranche", "tweede tranche (gewijzigd)", 1),
                       encoding="utf-8")
    assert import_package(demo_store, changed).written
    _wait_for(app, demo_store, ["/", "/financien"])  # a new key: the new state, rendered without a visitor
    after = app.state.pages.get(_key(app, demo_store, "/financien")).body
    assert after != before and b"tweede tranche (gewijzigd)" in after
    assert client.get("/financien").content == after


def test_the_api_table_totals_are_counted_ahead(warming: tuple[FastAPI, TestClient], demo_store: Engine) -> None:
    app, _ = warming
    memory: Remembered = app.state.api_lists
    with demo_store.connect() as connection:
        current = reads.state(connection)
        expected = listing.count(connection, TABLES_BY_NAME["waarnemingen"], {})
    key = ("count", *current, "waarnemingen")
    deadline = time.monotonic() + WAIT_S
    while memory.get(key) is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert memory.get(key) == expected > 0


def test_threads_asking_for_the_same_missing_answer_compute_it_once() -> None:
    memory = Remembered()
    calls: list[int] = []
    release = threading.Event()

    def compute() -> int:
        calls.append(1)
        release.wait(1.0)  # the others ask meanwhile (a bound, not a timing assertion)
        return 42

    with ThreadPoolExecutor(8) as pool:
        answers = [pool.submit(memory.once, "key", "state-1", compute) for _ in range(8)]
        release.set()
        assert [answer.result() for answer in answers] == [42] * 8
    assert len(calls) == 1
    assert memory.once("key", "state-1", lambda: 0) == 42  # kept for this state
    assert memory.once("key2", "state-2", lambda: 7) == 7 and memory.get("key") is None  # a new state drops the old


def test_a_page_is_rendered_ahead_only_while_no_visitor_is_waiting() -> None:
    asked: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        asked.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"pagina"})

    async def scenario() -> None:
        visitors = Visitors(app)
        visitors.in_hand = 1  # a visitor's request is in hand
        ahead = asyncio.create_task(get(visitors, "/", visitors))
        for _ in range(20):
            await asyncio.sleep(0)
        assert asked == []  # waits for the visitor
        visitors.in_hand = 0
        assert await ahead == (200, b"pagina")
        assert visitors.in_hand == 0  # the request made ahead is not counted as a visitor's
        await visitors({"type": "http", "path": "/x"}, _receive, _discard)
        assert asked == ["/", "/x"] and visitors.in_hand == 0

    run(scenario())


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _discard(message: Message) -> None:
    return None
