"""Which pages are public: `raadsmonitor demo` publishes every page, `serve` none unless the setting says so."""

from __future__ import annotations

import os
from typing import Any

import pytest
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.store.database import ENV_URL, make_engine
from raadsmonitor.web.app import WORKER_THREADS
from raadsmonitor.web.auth import ENV_PUBLIC, ENV_SECURE, WebSettings, safe_target

runner = CliRunner()


def _served_settings(monkeypatch: pytest.MonkeyPatch, *args: str) -> WebSettings:
    served: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda application, **_: served.append(application))
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    settings: WebSettings = served[0].state.settings
    return settings


def test_demo_publishes_every_page_and_serve_asks_to_sign_in(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_PUBLIC, raising=False)
    demo = _served_settings(monkeypatch, "demo", "--db", store_url)
    serve = _served_settings(monkeypatch, "serve", "--db", store_url, "--workers", "1")
    assert (demo.is_public("/financien"), serve.is_public("/financien"), serve.is_public("/")) == (True, False, False)


def test_the_setting_publishes_the_pages_it_names_also_for_the_demo(store_url: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_PUBLIC, "/, /themas,/voortgang")
    demo = _served_settings(monkeypatch, "demo", "--db", store_url)
    paths = ("/", "/themas", "/themas/talentontwikkeling", "/voortgang/kernindicatoren", "/themasx", "/financien")
    assert [demo.is_public(path) for path in paths] == [True, True, True, True, False, False]


def test_serve_in_one_process_pools_a_connection_per_request_thread_as_a_worker_does(
        store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve --workers 1` serves from its own process: its engine is a worker's, not the command's (pool of 5)."""
    served: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda application, **_: served.append(application))
    result = runner.invoke(app, ["serve", "--db", store_url, "--workers", "1"])
    assert result.exit_code == 0, result.output
    engine = served[0].state.engine
    assert engine.pool.size() == WORKER_THREADS
    assert engine.url.render_as_string(hide_password=False) == make_engine(store_url).url.render_as_string(
        hide_password=False)


def test_serve_with_workers_hands_the_store_and_the_setting_to_the_supervisors_workers(
        store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    executed: list[list[str]] = []
    monkeypatch.setattr("os.execv", lambda _program, argv: executed.append(argv))
    monkeypatch.setenv(ENV_PUBLIC, "/themas")
    monkeypatch.setenv(ENV_URL, "")  # serve sets it for the workers; monkeypatch puts the old value back
    result = runner.invoke(app, ["serve", "--db", store_url, "--workers", "3", "--port", "8123"])
    assert result.exit_code == 0, result.output
    [argv] = executed
    assert argv[1:] == ["-m", "raadsmonitor.web.supervisor", "127.0.0.1", "8123", "3"]
    assert os.environ[ENV_PUBLIC] == "/themas" and os.environ[ENV_URL].split("://")[0] in store_url


def test_the_workers_that_serve_starts_load_neither_rich_nor_babel(
        store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15: structlog loaded rich (and pygments), 3 MB in each worker, which logs JSON and never uses it; Babel
    loaded its locale data (4.5 MB) for the Dutch number symbols that presentation/formatting.py now writes out.
    The app of the module the supervisor starts each worker on is built in a fresh process, as that worker builds
    it (after importing uvicorn)."""
    import subprocess
    import sys

    from raadsmonitor.web.supervisor import worker_command

    executed: list[list[str]] = []
    monkeypatch.setattr("os.execv", lambda _program, argv: executed.append(argv))
    monkeypatch.setenv(ENV_URL, "")  # serve sets it for the workers; monkeypatch puts the old value back
    assert runner.invoke(app, ["serve", "--db", store_url, "--workers", "2"]).exit_code == 0
    command = worker_command(3)
    module = command[command.index("-m") + 1]
    check = (f"import sys, importlib, uvicorn; app = importlib.import_module({module!r}).app(); "
             "app.state.engine.dispose(); "
             "print(type(app).__name__, [name for name in ('rich', 'pygments', 'babel') if sys.modules.get(name)])")
    finished = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=dict(os.environ),
                              timeout=120, check=False)
    assert finished.stdout.split("\n")[-2:] == ["FastAPI []", ""], finished.stderr


@pytest.mark.parametrize(("value", "secure"), [("ja", True), ("1", True), ("nee", False), ("", None)])
def test_secure_cookies_follow_the_setting_or_else_the_request(monkeypatch: pytest.MonkeyPatch, value: str,
                                                              secure: bool | None) -> None:
    monkeypatch.setenv(ENV_SECURE, value)
    assert WebSettings.from_environment().secure_cookies is secure


@pytest.mark.parametrize(("target", "where"), [
    ("/themas?x=1", "/themas?x=1"), ("https://elders.example", "/"), ("//elders.example", "/"),
    ("/\\elders.example", "/"), ("themas", "/"), ("", "/"), ("/regel\neen", "/")])
def test_only_a_path_on_this_site_is_a_destination_after_sign_in(target: str, where: str) -> None:
    assert safe_target(target) == where
