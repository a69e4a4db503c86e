"""The entry of each server process that `raadsmonitor serve --workers N` starts: `python -m raadsmonitor.web.worker
FD` from its supervisor (web/supervisor.py), a uvicorn server on the inherited socket FD, or, on Windows, uvicorn's
supervisor with `raadsmonitor.web.worker:app` (a factory). What holds for the whole process is set here, before the
app is imported.
"""

from __future__ import annotations

import sys
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
    uvicorn's supervisor gave each worker (`--log-level warning`, the defaults otherwise)."""
    import socket

    import uvicorn

    config = uvicorn.Config(app, factory=True, log_level="warning")
    uvicorn.Server(config).run(sockets=[socket.socket(fileno=fd)])


if __name__ == "__main__":
    serve(int(sys.argv[1]))
