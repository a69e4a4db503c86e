"""After a change of the store, the pages visitors asked for are rendered again before a visitor asks (issue 15)."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine
from starlette.types import Receive, Scope, Send

from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from raadsmonitor.web.cache import AHEAD, FRESH_PAGES, NOTED_PAGES, PageCache, store_state

# A chart takes its id from a counter of the process (presentation/charts/): the same page rendered twice in one
# process differs only there.
CHART_ID = re.compile(rb"\b([a-z]+)-\d+(?=(-[a-z]+)?[\") ])")
WAIT_S = 120  # a bound, so a broken refresh fails the test instead of hanging it; not a timing target


def _key(app: FastAPI, engine: Engine, path: str) -> str:
    return "\n".join((store_state(engine), app.state.clock.today().isoformat(), path, ""))


def _change(store: Engine, package: Path, tmp_path: Path) -> None:
    """Import the package with one geldstroom's text changed: a recorded write, a new store state."""
    changed = shutil.copytree(package, tmp_path / "pakket")
    stromen = changed / "geldstromen.csv"
    stromen.write_text(stromen.read_text(encoding="utf-8").replace("tweede tranche", "tweede tranche (gewijzigd)", 1),
                       encoding="utf-8")
    assert import_package(store, changed).written


@pytest.fixture
def refreshing(demo_store: Engine) -> Iterator[tuple[FastAPI, TestClient]]:
    app = create_app(demo_store, DEMO_SETTINGS, refresh_pages=True)
    with TestClient(app) as client:  # runs the lifespan, which starts the refresh
        yield app, client


def test_after_an_import_the_pages_asked_for_are_rendered_again_before_a_visitor_asks(
        refreshing: tuple[FastAPI, TestClient], demo_store: Engine, demo_package: Path, tmp_path: Path) -> None:
    app, client = refreshing
    before = client.get("/financien").content
    assert client.get("/").status_code == 200
    _change(demo_store, demo_package, tmp_path)
    deadline = time.monotonic() + WAIT_S
    while any(app.state.pages.get(_key(app, demo_store, path)) is None for path in ("/financien", "/")):
        assert time.monotonic() < deadline, "the pages asked for were not rendered again after the import"
        time.sleep(0.02)
    kept = app.state.pages.get(_key(app, demo_store, "/financien")).body
    assert kept != before and b"tweede tranche (gewijzigd)" in kept
    fresh = TestClient(create_app(demo_store, DEMO_SETTINGS)).get("/financien")  # renders it itself
    assert CHART_ID.sub(rb"\1", kept) == CHART_ID.sub(rb"\1", fresh.content)
    assert client.get("/financien").content == kept  # the visitor gets the page rendered ahead
    assert app.state.pages.get(_key(app, demo_store, "/organisatie")) is None  # nobody asked for it: not rendered


def test_a_process_renders_again_what_another_process_on_the_store_was_asked(
        demo_store: Engine, demo_package: Path, tmp_path: Path) -> None:
    asked = create_app(demo_store, DEMO_SETTINGS)  # another worker of the same server: its visitors ask
    ahead = create_app(demo_store, DEMO_SETTINGS, refresh_pages=True)
    with TestClient(asked) as visitor, TestClient(ahead):
        deadline = time.monotonic() + WAIT_S
        while getattr(ahead.state, "page_cache", None) is None or not ahead.state.page_cache._generation:
            assert time.monotonic() < deadline  # the refresh has seen the current state
            time.sleep(0.02)
        assert visitor.get("/organisatie").status_code == 200
        _change(demo_store, demo_package, tmp_path)
        while ahead.state.pages.get(_key(ahead, demo_store, "/organisatie")) is None:
            assert time.monotonic() < deadline, "the page another process was asked for was not rendered ahead"
            time.sleep(0.02)
        assert ahead.state.pages.get(_key(ahead, demo_store, "/financien")) is None  # asked nowhere


def test_the_most_asked_pages_of_the_state_before_are_rendered_again_once(tmp_path: Path) -> None:
    cache = PageCache(_unused, engine=create_engine(f"sqlite:///{tmp_path / 'eigen.sqlite'}"))  # never opened here
    scopes = {f"/p{n}": {"type": "http", "path": f"/p{n}", "query_string": b"", "headers": [(b"host", b"x")]}
              for n in range(FRESH_PAGES + 2)}
    for n, scope in enumerate(scopes.values()):
        for _ in range(n + 1):
            cache._note("state-1", scope)
    cache._note("state-1", {**scopes["/p0"], AHEAD: True})  # made by the process itself: not counted
    again = cache.to_refresh("state-2")
    assert [scope["path"] for scope in again] == [f"/p{n}" for n in range(FRESH_PAGES + 1, 1, -1)]
    assert all(scope[AHEAD] and scope["method"] == "GET" for scope in again)
    assert cache.to_refresh("state-2") == []  # once per state
    assert cache.to_refresh("state-3") == []  # nobody asked for anything in state-2
    for n in range(NOTED_PAGES + 5):  # a crawler's distinct pages: only the first NOTED_PAGES are counted
        cache._note("state-3", {**scopes["/p0"], "query_string": f"n={n}".encode()})
    assert len(cache._requests) == NOTED_PAGES


def test_a_store_whose_changes_need_a_query_is_not_watched_for_them(engine: Engine) -> None:
    state = PageCache(_unused, engine=engine).state
    deadline = time.monotonic() + WAIT_S
    while not state.watched():  # a SQLite file's commits at once; PostgreSQL's notifications once its watch listens
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert not PageCache(_unused, engine=create_engine("sqlite://")).state.watched()  # in memory: the store is asked


async def _unused(scope: Scope, receive: Receive, send: Send) -> None:
    raise AssertionError("not called")
