"""The supervisor of `raadsmonitor serve --workers N` (N > 1) on POSIX: `python -m raadsmonitor.web.supervisor HOST
PORT N`, which the command execs once it has opened (and migrated) the store.

It binds the address once, as uvicorn binds it, and starts N server processes (`python -m raadsmonitor.web.worker FD`,
each a uvicorn server on the inherited socket). It does what uvicorn's supervisor did for us: a worker that dies is
replaced, unless it failed before serving (uvicorn's exit code 3: the app or the address is broken and would fail
the same way again), then the supervisor stops; SIGINT and SIGTERM stop the workers and then the supervisor; SIGHUP
replaces each worker in turn; SIGTTIN and SIGTTOU add and remove one. It imports only the standard library's process
and socket modules, so it stays at the interpreter's floor (about 11 MB), where uvicorn's supervisor took 25 MB and
started multiprocessing's resource tracker (12 MB, a whole interpreter) beside it (issue 15, bench/RESULTS.md
"Session 11, branch rss"). uvicorn's supervisor also pinged each worker's thread; this one does not (a worker whose
interpreter hangs is not replaced). On Windows, which cannot pass a socket to a child this way, `serve` still runs
uvicorn's supervisor.
"""

from __future__ import annotations

import signal
import socket
import subprocess  # nosec B404 - starts this same interpreter on our own worker module
import sys
import time

STARTUP_FAILURE = 3  # uvicorn's exit code for a worker that failed before it served (uvicorn.config.STARTUP_FAILURE)
POLL_SECONDS = 0.5  # as uvicorn's supervisor: how often signals and dead workers are looked at
# The signals it acts on (handle_signals); those a platform lacks are left out, so the module imports anywhere.
HANDLED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGTTIN", "SIGTTOU")
                if hasattr(signal, name))


def bind(host: str, port: int) -> socket.socket:
    """The listening address, bound as uvicorn's Config.bind_socket binds it (IPv6 when the host has a colon,
    SO_REUSEADDR), and inheritable: each worker listens and accepts on it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def worker_command(fd: int) -> list[str]:
    """One server process on the inherited socket `fd` (web/worker.py)."""
    return [sys.executable, "-m", "raadsmonitor.web.worker", str(fd)]


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class Supervisor:
    """N workers on one socket; `run` returns the exit code."""

    def __init__(self, sock: socket.socket, workers: int) -> None:
        self.sock = sock
        self.wanted = workers
        self.workers: list[subprocess.Popen[bytes]] = []
        self.signals: list[int] = []

    def start_worker(self) -> subprocess.Popen[bytes]:
        fd = self.sock.fileno()
        return subprocess.Popen(worker_command(fd), pass_fds=(fd,))  # noqa: S603 # nosec B603 - our own worker

    def stop_worker(self, worker: subprocess.Popen[bytes]) -> None:
        if worker.poll() is None:
            worker.terminate()
        worker.wait()

    def run(self) -> int:
        for number in HANDLED:
            signal.signal(number, lambda number, _frame: self.signals.append(number))
        self.workers = [self.start_worker() for _ in range(self.wanted)]
        code = None
        while code is None:
            time.sleep(POLL_SECONDS)
            code = self.handle_signals()
            if code is None:
                code = self.replace_dead()
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
        for worker in self.workers:
            worker.wait()
        return code

    def handle_signals(self) -> int | None:
        """0 when asked to stop; otherwise None, after acting on the signals that came."""
        while self.signals:
            number = self.signals.pop(0)
            if number in (signal.SIGINT, signal.SIGTERM):
                return 0
            if number == signal.SIGHUP:  # each worker replaced in turn, the next one started before the old stops
                for index, old in enumerate(self.workers):
                    self.workers[index] = self.start_worker()
                    self.stop_worker(old)
            elif number == signal.SIGTTIN:
                self.workers.append(self.start_worker())
            elif number == signal.SIGTTOU and len(self.workers) > 1:
                self.stop_worker(self.workers.pop())
        return None

    def replace_dead(self) -> int | None:
        """Start a worker in place of each one that ended; 1 when one failed before it served."""
        for index, worker in enumerate(self.workers):
            code = worker.poll()
            if code is None:
                continue
            if code == STARTUP_FAILURE:
                _say(f"fout: serverproces {worker.pid} kon niet starten; de monitor stopt")
                return 1
            _say(f"serverproces {worker.pid} stopte (code {code}); een nieuw wordt gestart")
            self.workers[index] = self.start_worker()
        return None


def main(argv: list[str]) -> int:
    host, port, workers = argv[0], int(argv[1]), int(argv[2])
    try:
        sock = bind(host, port)
    except OSError as error:
        _say(f"fout: kan niet luisteren op {host}:{port} ({error.strerror})")
        return 2
    return Supervisor(sock, workers).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
