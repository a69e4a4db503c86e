"""The entry of each server process that `raadsmonitor serve --workers N` starts: `python -m raadsmonitor.web.worker
FD` from its supervisor (web/supervisor.py), a uvicorn server on the inherited socket FD, or, on Windows, uvicorn's
supervisor with `raadsmonitor.web.worker:app` (a factory). What holds for the whole process is set here, before the
app is imported.
"""

from __future__ import annotations

import sys
import traceback
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


def serve(fd: int) -> None:
    """One server process on the listening socket its supervisor passed as FD (web/supervisor.py), with the options
    uvicorn's supervisor gave each worker (`--log-level warning`, the defaults otherwise). An app that cannot be built
    (uvicorn would let the exception end the process with code 1, and be started again and again) ends it with
    uvicorn's STARTUP_FAILURE, on which the supervisor stops the monitor."""
    import socket

    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    config = uvicorn.Config(app, factory=True, log_level="warning")
    try:
        config.load()  # the app, built before serving: a store or setting that fails fails the same way every time
    except Exception:  # noqa: BLE001 - whatever it is, it is said, and the supervisor stops instead of restarting
        traceback.print_exc()
        sys.exit(STARTUP_FAILURE)
    uvicorn.Server(config).run(sockets=[socket.socket(fileno=fd)])


if __name__ == "__main__":
    serve(int(sys.argv[1]))
