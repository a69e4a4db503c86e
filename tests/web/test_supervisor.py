"""`serve --workers N`: our supervisor (web/supervisor.py) in place of uvicorn's, which took 25 MB and started
multiprocessing's resource tracker (12 MB) beside it (issue 15). Each test runs it in a process of its own, so its
signal handlers never replace pytest's."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from raadsmonitor.store.database import make_engine, migrate

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}


def _with_workers(code: str, tmp_path: Path) -> subprocess.Popen[str]:
    """The supervisor on a free port, each of its two workers running `code` instead of a server."""
    script = ("import sys; from raadsmonitor.web import supervisor; "
              f"supervisor.worker_command = lambda fd: [sys.executable, '-c', {code!r}, {str(tmp_path)!r}]; "
              "sys.exit(supervisor.main(['127.0.0.1', '0', '2']))")
    return subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True, env=_env(),
                            start_new_session=True)


def _end(process: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    """Whatever a failed test left: the supervisor and its workers (its own process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_the_supervisor_loads_neither_uvicorn_nor_multiprocessing_nor_the_app() -> None:
    check = ("import sys, raadsmonitor.web.supervisor; print(sorted(name for name in sys.modules if name.split('.')[0] "
             "in ('uvicorn', 'asyncio', 'multiprocessing', 'ssl', 'click', 'fastapi', 'sqlalchemy') "
             "or name.startswith('raadsmonitor.web.') and name != 'raadsmonitor.web.supervisor'))")
    finished = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=_env(), timeout=60,
                              check=False)
    assert finished.stdout.strip() == "[]", finished.stderr


def test_a_worker_loads_uvicorn_without_its_command_line_and_click() -> None:
    """A worker serves with uvicorn.Config and uvicorn.Server; uvicorn.main (click, uvicorn's supervisors) stays out
    of it (1.3 MB each, issue 15), and is still there for whoever imports it afterwards."""
    check = ("import sys; from raadsmonitor.web import worker; uvicorn = worker._uvicorn_without_its_command_line(); "
             "from uvicorn.server import Server; "
             "print(sorted(name for name in sys.modules if name.split('.')[0] == 'click' "
             "or name.startswith(('uvicorn.main', 'uvicorn.supervisors'))), uvicorn.Server is Server); "
             "import uvicorn.main, click; print(callable(uvicorn.main.main))")
    finished = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=_env(), timeout=60,
                              check=False)
    assert finished.stdout.split("\n")[:2] == ["[] True", "True"], finished.stderr


def test_a_worker_that_dies_is_replaced_and_sigterm_stops_the_supervisor_and_its_workers(tmp_path: Path) -> None:
    # Each worker notes its process id; the first two end at once (code 1), the ones started in their place stay.
    code = ("import os, sys, time; from pathlib import Path; folder = Path(sys.argv[1]); "
            "(folder / str(os.getpid())).touch(); "
            "sys.exit(1) if len(list(folder.iterdir())) <= 2 else time.sleep(120)")
    process = _with_workers(code, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        started = sorted(int(path.name) for path in tmp_path.iterdir())
        assert len(started) == 4, process.stderr.read() if process.poll() is not None and process.stderr else started
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert process.stderr is not None and process.stderr.read().count("een nieuw wordt gestart") == 2
    finally:
        _end(process)
    for pid in started:  # every worker ended (and was waited for: no process is left with its id)
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()


def _wait_for(count: int, folder: Path) -> list[int]:
    deadline = time.monotonic() + 60
    while len(list(folder.iterdir())) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return sorted(int(path.name) for path in folder.iterdir())


def _running(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()


def test_sighup_replaces_every_worker_and_sigttin_adds_one(tmp_path: Path) -> None:
    code = ("import os, sys, time; from pathlib import Path; (Path(sys.argv[1]) / str(os.getpid())).touch(); "
            "time.sleep(120)")
    process = _with_workers(code, tmp_path)
    try:
        first = _wait_for(2, tmp_path)
        process.send_signal(signal.SIGHUP)
        replaced = _wait_for(4, tmp_path)
        deadline = time.monotonic() + 30
        while any(_running(pid) for pid in first) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(replaced) == 4 and not any(_running(pid) for pid in first)
        process.send_signal(signal.SIGTTIN)
        assert len(_wait_for(5, tmp_path)) == 5
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        _end(process)


def test_a_worker_that_fails_before_serving_stops_the_supervisor(tmp_path: Path) -> None:
    process = _with_workers("import sys; sys.exit(3)", tmp_path)  # uvicorn's exit code when the app cannot start
    try:
        assert process.wait(timeout=60) == 1
        assert process.stderr is not None and "kon niet starten; de monitor stopt" in process.stderr.read()
    finally:
        _end(process)


def test_a_real_worker_whose_app_cannot_be_built_stops_the_supervisor() -> None:
    """Without the app (here: a store URL no driver knows) every worker would fail the same way: the supervisor stops
    with the worker's error said, instead of starting new workers without end."""
    env = {**_env(), "RAADSMONITOR_DATABASE_URL": "geen-driver://x"}
    process = subprocess.Popen([sys.executable, "-m", "raadsmonitor.web.supervisor", "127.0.0.1", "0", "2"],
                               stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        assert process.wait(timeout=60) == 1
        assert process.stderr is not None
        said = process.stderr.read()
        assert "kon niet starten; de monitor stopt" in said
        assert "geen-driver" in said
        assert "een nieuw wordt gestart" not in said
    finally:
        _end(process)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


def test_serve_with_two_workers_answers_without_a_resource_tracker_and_stops_on_sigterm(tmp_path: Path) -> None:
    """The whole command, on a SQLite store of its own: the command becomes the supervisor, whose only children are
    the two workers (uvicorn's supervisor had multiprocessing's resource tracker as a third)."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    port = _free_port()
    command = [sys.executable, "-m", "raadsmonitor.cli", "serve", "--db", url, "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(),
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        answered = False
        while not answered and time.monotonic() < deadline and process.poll() is None:
            try:
                answered = httpx.get(f"http://127.0.0.1:{port}/gezondheid", timeout=5).status_code == 200
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answered
        children = _children(process.pid)
        commands = [Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0") for child in children]
        assert len(children) == 2 and all(b"raadsmonitor.web.worker" in parts for parts in commands), commands
        for child in children:  # one malloc arena, and no C++ runtime (greenlet, kept out by config/logsetup.py)
            assert b"MALLOC_ARENA_MAX=1" in Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
            assert "libstdc++" not in Path(f"/proc/{child}/maps").read_text()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        _end(process)
