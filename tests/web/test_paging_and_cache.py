"""Long lists come a page at a time; pages are served again from memory until the store changes."""

from __future__ import annotations

import asyncio
import csv
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from raadsmonitor.domain.audit import GENESIS
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store import notify
from raadsmonitor.store.database import make_engine, migrate
from raadsmonitor.store.listing import Remembered
from raadsmonitor.web import cache
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from raadsmonitor.web.cache import PageCache
from tests.html import attr, one, page, parent, text
from tests.loops import run

EXTRA = 120  # register items added to the demo: three pages of 50


def _package_with_letters(demo_package: Path, target: Path) -> Path:
    shutil.copytree(demo_package, target)
    with (target / "informatiestukken.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for number in range(1, EXTRA + 1):
            writer.writerow([f"brief-{number:03d}", "raadsinformatiebrief", f"2024-{number % 12 + 1:02d}-15",
                             f"Brief nummer {number}", "", "", "", "", "nphln", "", "", "", "", "", "", "", "",
                             "rk2023-fig10"])
    return target


@pytest.fixture
def big_register(engine: Engine, demo_package: Path, tmp_path: Path) -> Iterator[TestClient]:
    report = import_package(engine, _package_with_letters(demo_package, tmp_path / "pakket"))
    assert report.written, [str(problem) for problem in report.problems]
    yield TestClient(create_app(engine))


def _register_rows(client: TestClient, url: str) -> list[str]:
    soup = page(client, url)
    caption = one(soup, "caption", string=lambda s: bool(s and s.startswith("Register")))
    return [attr(tr, "id") for tr in one(parent(caption, "table"), "tbody").find_all("tr")]


def test_the_register_shows_fifty_items_a_page_with_dutch_links(big_register: TestClient) -> None:
    soup = page(big_register, "/informatie?soort=raadsinformatiebrief")
    caption = text(soup.find("caption", string=lambda s: bool(s and s.startswith("Register"))))
    total = int(caption.split("(")[1].split(" ")[0].replace(".", ""))
    assert total > EXTRA and f"pagina 1 van {-(-total // 50)}" in caption
    nav = one(soup, "nav", attrs={"aria-label": "Andere pagina's"})
    assert f"stukken 1 tot en met 50 van {total}" in text(nav)
    volgende = one(nav, "a", string="Volgende pagina")
    assert volgende["href"] == "/informatie?soort=raadsinformatiebrief&pagina=2"  # the filter is kept
    pages = [_register_rows(big_register, f"/informatie?soort=raadsinformatiebrief&pagina={n}")
             for n in range(1, -(-total // 50) + 1)]
    assert [len(rows) for rows in pages[:-1]] == [50] * (len(pages) - 1)
    every = [row for rows in pages for row in rows]
    assert len(every) == len(set(every)) == total  # every item once, none lost between pages


def test_a_page_number_past_the_end_shows_the_last_page(big_register: TestClient) -> None:
    last = attr(one(page(big_register, "/informatie"), "a", string="Laatste pagina"), "href")
    assert last.startswith("/informatie?pagina=")
    assert _register_rows(big_register, "/informatie?pagina=999") == _register_rows(big_register, last)
    assert _register_rows(big_register, "/informatie?pagina=nul") == _register_rows(big_register, "/informatie")


def test_the_comparison_shows_every_area_of_a_kind_only_when_asked(client: TestClient) -> None:
    default = page(client, "/vergelijking?indicator=arbeidsparticipatie")
    names = {text(tr.th) for tr in one(one(default, "table"), "tbody").find_all("tr")}
    assert names == {"Heerlen-Noord", "Heerlen", "Roermond", "Vrieheide-de Stack"}
    buurten = page(client, "/vergelijking?indicator=arbeidsparticipatie&niveau=buurt")
    assert {text(tr.th) for tr in one(one(buurten, "table"), "tbody").find_all("tr")} == {"Vrieheide-de Stack"}
    link = one(buurten, "a", string="Gebied")
    assert link["href"] == "/vergelijking?indicator=arbeidsparticipatie&niveau=buurt&sorteer=gebied"


def test_a_browser_that_has_the_page_gets_304_until_the_data_changes(client: TestClient, engine: Engine,
                                                                      demo_package: Path, tmp_path: Path) -> None:
    first = client.get("/themas")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache" and "Talentontwikkeling" in first.text
    again = client.get("/themas", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    changed = _theme_renamed(demo_package, tmp_path)
    assert import_package(engine, changed).written
    after = client.get("/themas", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["etag"] != etag
    assert "Talent en onderwijs" in after.text and "Talentontwikkeling" not in after.text


def test_a_page_is_rendered_once_per_store_state_and_query(client: TestClient) -> None:
    pages: Remembered = client.app.state.pages  # type: ignore[attr-defined]
    before = len(pages)
    for _ in range(3):
        client.get("/themas")
        client.get("/themas?x=1")
    assert len(pages) == before + 2


def test_pages_of_an_older_store_state_are_dropped_when_the_state_changes(
        client: TestClient, engine: Engine, demo_package: Path, tmp_path: Path) -> None:
    pages: Remembered = client.app.state.pages  # type: ignore[attr-defined]
    for path in ("/themas", "/organisatie", "/financien"):
        client.get(path)
    assert len(pages) >= 3
    changed = _theme_renamed(demo_package, tmp_path)
    assert import_package(engine, changed).written
    assert "Talent en onderwijs" in client.get("/themas").text
    assert len(pages) == 1  # only the page of the new state: the three old ones can never be asked for again


def test_responses_that_set_a_cookie_are_never_shared(engine: Engine) -> None:
    calls: list[str] = []

    def endpoint(request: Request) -> HTMLResponse:
        calls.append(request.url.path)
        response = HTMLResponse("<p>persoonlijk</p>")
        response.set_cookie("sessie", "geheim")
        return response

    app = PageCache(Starlette(routes=[Route("/mijn", endpoint)]), engine)
    client = TestClient(app)
    assert [client.get("/mijn").status_code for _ in range(2)] == [200, 200]
    assert calls == ["/mijn", "/mijn"] and "etag" not in client.get("/mijn").headers


def test_many_asking_for_a_page_at_once_render_it_once(engine: Engine) -> None:
    calls: list[str] = []

    async def slow_page(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope["path"])
        await asyncio.sleep(0.05)  # rendering takes a while; the others arrive meanwhile
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"<p>Heerlen-Noord</p>"})

    cache = PageCache(slow_page, engine)

    async def ask() -> bytes:
        sent: list[Message] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": b""}

        async def send(message: Message) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": "/themas", "query_string": b"", "headers": []}
        await cache(scope, receive, send)
        return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")

    async def twenty() -> list[bytes]:
        return await asyncio.gather(*(ask() for _ in range(20)))

    answers = run(twenty())  # a loop of its own, whatever other tests left running here
    assert answers == [b"<p>Heerlen-Noord</p>"] * 20
    assert calls == ["/themas"]


def test_many_asking_for_the_same_api_list_at_once_are_answered_by_one_route_call(engine: Engine) -> None:
    """Issue 15: after an import, 32 connections asked for the same list; one asks the route, the others wait
    and get its answer from memory, byte for byte; a request with another token is not served that answer."""
    from raadsmonitor.domain.access import Principal, Rol
    from raadsmonitor.web.api.answers import ApiAnswers, token_key

    memory = Remembered()
    calls: list[bytes] = []
    headers = [(b"content-type", b"application/json"), (b"x-content-type-options", b"nosniff")]

    async def route(scope: Scope, receive: Receive, send: Send) -> None:
        token = dict(scope["headers"])[b"authorization"].removeprefix(b"Bearer ")
        calls.append(token)
        await asyncio.sleep(0.05)  # the list takes a while; the others arrive meanwhile
        if token != b"goed":
            await send({"type": "http.response.start", "status": 401, "headers": headers})
            await send({"type": "http.response.body", "body": b"{}"})
            return
        memory.put(token_key((0, GENESIS), "goed"), Principal(gebruiker="jan", rol=Rol.RAADSLID), (0, GENESIS))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b'{"totaal": 3}'})

    answers = ApiAnswers(route, engine, memory)

    async def ask(token: bytes) -> tuple[int, bytes]:
        sent: list[Message] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": b""}

        async def send(message: Message) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": "/api/v1/gebieden", "query_string": b"limiet=2",
                 "headers": [(b"host", b"testserver"), (b"authorization", b"Bearer " + token)]}
        await answers(scope, receive, send)
        assert sent[0]["headers"] == headers
        return sent[0]["status"], b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")

    async def twenty() -> list[tuple[int, bytes]]:
        return await asyncio.gather(*(ask(b"goed") for _ in range(20)))

    assert run(twenty()) == [(200, b'{"totaal": 3}')] * 20
    assert calls == [b"goed"]
    assert run(ask(b"fout")) == (401, b"{}")
    assert calls == [b"goed", b"fout"]


def _theme_renamed(demo_package: Path, tmp_path: Path) -> Path:
    """The demo package with the theme Talentontwikkeling renamed: importing it changes the store's state."""
    changed = shutil.copytree(demo_package, tmp_path / "pakket")
    themas = (changed / "themas.csv").read_text(encoding="utf-8")
    (changed / "themas.csv").write_text(themas.replace(",Talentontwikkeling,", ",Talent en onderwijs,"),
                                        encoding="utf-8")
    return changed


def _counting_state_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on every read of the store's state by the page cache is listed (the engine's URL)."""
    asked: list[str] = []
    store_state = cache.store_state

    def counted(engine: Engine) -> str:
        asked.append(str(engine.url))
        return store_state(engine)

    monkeypatch.setattr(cache, "store_state", counted)
    return asked


def _waited_for(condition: Callable[[], bool]) -> bool:
    """Whether `condition` became true within ten seconds (a notification crossing between processes)."""
    for _ in range(1000):
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_on_postgresql_two_applications_share_the_store_and_see_each_others_writes_without_asking_each_time(
        store_url: str, demo_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15: on PostgreSQL the cache asks the store for its state only after a write's notification,
    not on every request; a write through one application shows on the other's pages."""
    monkeypatch.setattr(notify, "MAX_AGE", 3600.0)  # only a notification makes it ask again
    first, second = make_engine(store_url), make_engine(store_url)
    try:
        assert import_package(first, demo_package).written
        one_app, other_app = (TestClient(create_app(engine, DEMO_SETTINGS)) for engine in (first, second))
        watch = notify.watch(second)
        assert watch is not None and _waited_for(lambda: watch.listening)
        asked = _counting_state_reads(monkeypatch)
        assert "Talentontwikkeling" in other_app.get("/themas").text
        for _ in range(5):
            assert other_app.get("/themas").status_code == 200
        assert len(asked) == 1
        heard = watch.generation
        changed = _theme_renamed(demo_package, tmp_path)
        assert import_package(first, changed).written  # through the first engine: the second hears of it
        assert "Talent en onderwijs" in one_app.get("/themas").text
        assert _waited_for(lambda: watch.generation != heard)
        after = other_app.get("/themas").text
        assert "Talent en onderwijs" in after and "Talentontwikkeling" not in after
    finally:
        first.dispose()
        second.dispose()


def test_the_state_is_read_once_for_all_requests_that_ask_at_once_and_again_after_a_notification(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15 (PostgreSQL): the watch stands in for one that listens; store_state counts its reads."""

    class Listening:
        listening, generation = True, 1

    watch = Listening()
    reads: list[int] = []

    def read(_engine: object) -> str:
        reads.append(watch.generation)
        return f"staat-{watch.generation}"

    monkeypatch.setattr(notify, "watch", lambda _engine: watch)
    monkeypatch.setattr(cache, "store_state", read)
    state = cache.StoreState(SimpleNamespace(dialect=SimpleNamespace(name="postgresql")))  # type: ignore[arg-type]

    async def ask(times: int) -> list[str]:
        return list(await asyncio.gather(*(state.current() for _ in range(times))))

    assert run(ask(10)) == ["staat-1"] * 10 and reads == [1]
    assert run(ask(3)) == ["staat-1"] * 3 and reads == [1]  # nothing heard: not asked again
    watch.generation = 2  # a notification
    assert run(ask(5)) == ["staat-2"] * 5 and reads == [1, 2]
    watch.listening = False  # the watch lost its connection: every request asks
    run(ask(1))
    run(ask(1))
    assert reads == [1, 2, 2, 2]


def test_on_sqlite_two_applications_on_one_file_see_each_others_writes_without_asking_each_time(
        tmp_path: Path, demo_package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15: on SQLite the cache reads the file's count of commits (PRAGMA data_version) and asks the store
    for its state only when it moved; a write through another engine (another process alike) shows at once."""
    monkeypatch.setattr(notify, "MAX_AGE", 3600.0)  # only a commit makes it ask again
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    first, second = make_engine(url), make_engine(url)
    migrate(first)
    try:
        assert import_package(first, demo_package).written
        other_app = TestClient(create_app(second, DEMO_SETTINGS))
        asked = _counting_state_reads(monkeypatch)
        assert "Talentontwikkeling" in other_app.get("/themas").text
        for _ in range(5):
            assert other_app.get("/themas").status_code == 200
        assert len(asked) == 1
        changed = _theme_renamed(demo_package, tmp_path)
        assert import_package(first, changed).written  # through the first engine
        after = other_app.get("/themas").text  # the very next request of the other application
        assert "Talent en onderwijs" in after and "Talentontwikkeling" not in after
        assert len(asked) == 2
    finally:
        first.dispose()
        second.dispose()


def test_the_file_version_moves_with_every_commit_of_another_connection_and_not_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("CREATE TABLE t (x INTEGER)")
    engine = make_engine(f"sqlite:///{path}")
    version = notify.FileVersion(engine)
    try:
        first = version.read()
        assert first is not None and version.read() == first  # nothing committed: the same
        writer.execute("INSERT INTO t VALUES (1)")
        second = version.read()
        assert second is not None and second != first
        writer.execute("BEGIN")
        writer.execute("INSERT INTO t VALUES (2)")
        assert version.read() == second  # not committed yet
        writer.execute("ROLLBACK")
        assert version.read() == second  # rolled back: nothing changed
    finally:
        version.close()
        writer.close()
        engine.dispose()
    assert notify.FileVersion(make_engine("sqlite://")).read() is None  # in memory: the reader asks the store
