"""The entry of each server process that `raadsmonitor serve --workers N` has uvicorn start
(`raadsmonitor.web.worker:app`, a factory): what holds for the whole process is set here, before the app is
imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

def app() -> FastAPI:
    """The app of one server process, on the store and settings of the environment (web.app.app_from_environment).

    The logging setup is imported first: it imports structlog without rich (`config/logsetup.py`), which structlog
    would otherwise load for a console renderer a worker never uses (rich with pygments: 3 MB in each worker,
    issue 15, bench/RESULTS.md "Session 10, branch mem"); every later `import structlog` gets that module."""
    import raadsmonitor.config.logsetup  # noqa: F401
    from raadsmonitor.web.app import app_from_environment

    return app_from_environment()
