"""A live server with the demo data, and Debian's Chromium driven by Playwright.

Chromium comes from the Debian package (/usr/bin/chromium); `playwright install` is never used.
Where it is missing the browser tests skip, except under CI=true where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from raadsmonitor.importer import import_package
from raadsmonitor.store.database import open_store_engine
from raadsmonitor.web.app import create_app
from tests.conftest import skip_or_fail

CHROMIUM = os.environ.get("RAADSMONITOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class LiveServer:
    def __init__(self, app: object) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))  # type: ignore[arg-type]
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def demo_engine(tmp_path_factory: pytest.TempPathFactory, demo_package: Path):  # type: ignore[no-untyped-def]
    engine = open_store_engine(f"sqlite:///{tmp_path_factory.mktemp('live') / 'demo.sqlite'}")
    report = import_package(engine, demo_package)
    assert report.written, [str(problem) for problem in report.problems]
    return engine


@pytest.fixture(scope="session")
def live_server(demo_engine) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    with LiveServer(create_app(demo_engine)) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        skip_or_fail(f"Chromium niet gevonden op {CHROMIUM} (Debian-pakket chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright niet geïnstalleerd (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
