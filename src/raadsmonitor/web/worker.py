"""The entry of each server process that `raadsmonitor serve --workers N` starts: `python -m raadsmonitor.web.worker
FD` from its supervisor (web/supervisor.py), a uvicorn server on the inherited socket FD, or, on Windows, uvicorn's
supervisor with `raadsmonitor.web.worker:app` (a factory). What holds for the whole process is set here, before the
app is imported.
"""

from __future__ import annotations

import sys
import traceback
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from fastapi import FastAPI

def app() -> FastAPI:
    """The app of one server process, on the store and settings of the environment (web.app.app_from_environment).

    The logging setup is imported first: it imports structlog without rich (`config/logsetup.py`), which structlog
    would otherwise load for a console renderer a worker never uses (rich with pygments: 3 MB in each worker,
    issue 15, bench/RESULTS.md "Session 10, branch mem"), and without greenlet (1.1 MB, "Session 13, branch
    rss3"); every later `import structlog` gets that module."""
    import raadsmonitor.config.logsetup  # noqa: F401
    from raadsmonitor.web.app import app_from_environment

    return app_from_environment()


def _not_in_a_worker(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise RuntimeError("uvicorn's command line is not loaded in a server process (web/worker.py)")


def _uvicorn_without_its_command_line() -> ModuleType:
    """uvicorn, imported without `uvicorn.main`, its command line, when uvicorn is not loaded yet.

    `import uvicorn` runs `from uvicorn.main import Server, main, run`, and `uvicorn.main` loads click and uvicorn's
    supervisors (the reloader's and the one of `--workers`) for its options: 1.3 MB in each worker, which serves
    with `uvicorn.Config` and `uvicorn.Server` only (issue 15, bench/RESULTS.md "Session 13, branch rss3"). While
    uvicorn loads, a stand-in gives it the real `Server` and, for `main` and `run`, a function that says they are
    not loaded; afterwards the stand-in is gone and `import uvicorn.main` loads the real module for anyone."""
    if "uvicorn" in sys.modules:
        return sys.modules["uvicorn"]
    stand_in = ModuleType("uvicorn.main")
    stand_in.main = stand_in.run = _not_in_a_worker  # type: ignore[attr-defined]

    def server(name: str) -> Any:  # `uvicorn.server` needs `uvicorn.config`, which `uvicorn` imports first
        if name != "Server":
            raise AttributeError(name)
        from uvicorn.server import Server

        return Server

    stand_in.__getattr__ = server  # type: ignore[method-assign]
    sys.modules["uvicorn.main"] = stand_in
    try:
        import uvicorn
    finally:
        del sys.modules["uvicorn.main"]
    return uvicorn


def serve(fd: int) -> None:
    """One server process on the listening socket its supervisor passed as FD (web/supervisor.py), with the options
    uvicorn's supervisor gave each worker (`--log-level warning`, the defaults otherwise). An app that cannot be built
    (uvicorn would let the exception end the process with code 1, and be started again and again) ends it with
    uvicorn's STARTUP_FAILURE, on which the supervisor stops the monitor."""
    import socket

    uvicorn = _uvicorn_without_its_command_line()
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
