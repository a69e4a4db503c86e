"""The entry of each server process that `raadsmonitor serve --workers N` has uvicorn start
(`raadsmonitor.web.worker:app`, a factory): what holds for the whole process is set here, before the app is
imported.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

# structlog imports rich, when it is installed (it is: typer needs it), for its console renderer and pretty
# tracebacks. A worker logs JSON (config/logsetup.py) and uses neither; rich with pygments cost 3 MB in each
# worker (issue 15, bench/RESULTS.md "Session 10, branch mem"). None in sys.modules makes an import of it fail
# as if it were not installed, and structlog does without it.
NOT_IN_WORKERS = ("rich",)


def app() -> FastAPI:
    """The app of one server process, on the store and settings of the environment (web.app.app_from_environment)."""
    for name in NOT_IN_WORKERS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # an already imported module stays
    from raadsmonitor.web.app import app_from_environment

    return app_from_environment()
