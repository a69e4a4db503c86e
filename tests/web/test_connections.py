"""A page holds no pooled database connection while it renders.

bench/RESULTS.md found the server locked up at 40 concurrent requests: each request held a pooled
connection while waiting for a worker thread, and the threads waited for connections. Reading each
table on its own short connection removes the cycle.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, QueuePool

from raadsmonitor.domain.programme import Thema
from raadsmonitor.web.pages import shared_records


def checked_out(engine: Engine) -> int:
    """Connections the engine's pool has lent out (only a QueuePool, the store's pool, counts them)."""
    assert isinstance(engine.pool, QueuePool), type(engine.pool)
    return engine.pool.checkedout()


def test_records_for_a_request_hold_no_connection_between_reads(client: Any, engine: Engine) -> None:
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(engine=engine)))
    records = shared_records(request)  # type: ignore[arg-type]
    assert checked_out(engine) == 0
    assert len(records.all(Thema)) == 4
    assert checked_out(engine) == 0
    assert records.all(Thema) is records.all(Thema)  # read once per request


def test_a_worker_runs_requests_on_as_many_threads_as_it_pools_connections(engine: Engine, monkeypatch: Any) -> None:
    import anyio.to_thread
    from fastapi.testclient import TestClient

    from raadsmonitor.store.database import ENV_URL
    from raadsmonitor.web.app import WORKER_THREADS, app_from_environment

    monkeypatch.setenv(ENV_URL, engine.url.render_as_string(hide_password=False))
    app = app_from_environment()
    assert app.state.engine.pool.size() == WORKER_THREADS
    with TestClient(app) as client:  # runs the lifespan, which sets the limit
        assert client.portal is not None
        limit = client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
        assert limit == WORKER_THREADS
        assert client.get("/gezondheid").status_code == 200
    app.state.engine.dispose()


def test_a_worker_process_writes_its_log_events_as_json_on_standard_error(
        engine: Engine, monkeypatch: Any, capsys: Any) -> None:
    """Issue 19: `serve --workers N` starts each worker through this factory, not through our command line."""
    import json

    import structlog

    from raadsmonitor.store.database import ENV_URL
    from raadsmonitor.web.app import app_from_environment

    structlog.reset_defaults()  # as in a fresh worker process
    monkeypatch.setenv(ENV_URL, engine.url.render_as_string(hide_password=False))
    app = app_from_environment()
    structlog.get_logger("test").info("worker_started", worker=1)
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert json.loads(line)["event"] == "worker_started" and json.loads(line)["level"] == "info"
    app.state.engine.dispose()


def test_a_worker_compiles_every_page_template_before_its_first_request(engine: Engine, monkeypatch: Any) -> None:
    """Issue 15: the first request of each page after a start compiled its templates (15 ms or more each)."""
    from raadsmonitor.store.database import ENV_URL
    from raadsmonitor.web.app import app_from_environment
    from raadsmonitor.web.rendering import TEMPLATES

    environment = TEMPLATES.env
    assert environment.cache is not None
    environment.cache.clear()
    monkeypatch.setenv(ENV_URL, engine.url.render_as_string(hide_password=False))
    app = app_from_environment()
    assert {template.name for template in environment.cache.values()} == set(environment.list_templates())
    app.state.engine.dispose()


def test_a_workers_pooled_sqlite_connections_keep_a_small_page_cache(tmp_path: Any, monkeypatch: Any) -> None:
    """Issue 15: each of a worker's 8 pooled connections filled SQLite's default page cache (2,000 KiB) under load."""
    from sqlalchemy import text

    from raadsmonitor.store.database import ENV_URL, make_engine, migrate
    from raadsmonitor.web.app import WORKER_PAGE_CACHE_KIB, app_from_environment

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    migrate(make_engine(url))
    monkeypatch.setenv(ENV_URL, url)
    app = app_from_environment()
    with app.state.engine.connect() as connection:
        assert connection.execute(text("PRAGMA cache_size")).scalar() == -WORKER_PAGE_CACHE_KIB == -256
    with make_engine(url).connect() as connection:  # any other engine (the import's) keeps SQLite's default
        assert connection.execute(text("PRAGMA cache_size")).scalar() == -2000
    app.state.engine.dispose()
