#!/usr/bin/env python3
"""Kill `raadsmonitor import` with SIGKILL at random moments; the SQLite store must afterwards be
wholly as before the import or wholly as after it, and pass `PRAGMA integrity_check`.

    bench/crash.py [--runs 50] [--scale 0.01] [--seed 1] [--workdir DIR] [--first]

A store holding synthetic package A is the "before" state; importing package B (same keys, other
values: another seed) gives the "after" state. Each run copies the "before" store, starts the
import of B, kills it after a random delay between 0 and 1.1 x the time a whole import takes, then
opens the store (SQLite recovers its journal) and compares a fingerprint of every table with the
two states (rows and schema), and checks that no process of the import is left running. Prints the
counts; exits 1 if any run left the store in between or damaged, or a process behind.
"""

# ruff: noqa: S311, S603 - a seeded random delay and starting our own importer are the point
from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

from raadsmonitor.domain.catalogue import TABLES  # noqa: E402
from raadsmonitor.store.database import open_store_engine  # noqa: E402


def raadsmonitor_command() -> str:
    found = Path(sys.executable).with_name("raadsmonitor")
    return str(found) if found.exists() else (shutil.which("raadsmonitor") or "raadsmonitor")


def fingerprint(db: Path) -> tuple[str, str]:
    """A hash over every row of every table (ordered), and the integrity check's answer."""
    connection = sqlite3.connect(db)
    try:
        digest = hashlib.sha256()
        existing = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for spec in TABLES:
            if spec.name not in existing:
                continue
            order = ", ".join(spec.key)
            for row in connection.execute(f'SELECT * FROM "{spec.name}" ORDER BY {order}'):  # noqa: S608
                digest.update(repr(row).encode())
        for entry in connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"):
            digest.update(repr(entry).encode())  # the schema too: an import may drop and build indexes
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    return digest.hexdigest(), integrity


def copy_store(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")


def run_import(package: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([raadsmonitor_command(), "import", str(package), "--db", f"sqlite:///{db}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def prepare(work: Path, scale: float, seed: int, first: bool) -> tuple[Path, Path, str, str, float]:
    """Packages A and B, the 'before' store, and the fingerprints of before and after; the import time.

    With `first`, the 'before' store is empty (only the schema): B is then a first import, which
    checks its big file in a second process and builds the indexes of its empty tables after the rows.
    """
    generate.generate(work / "b", scale, seed + 1)
    before = work / "before.sqlite"
    if first:
        open_store_engine(f"sqlite:///{before}").dispose()
    else:
        generate.generate(work / "a", scale, seed)
        if run_import(work / "a", before).wait() != 0:
            raise RuntimeError("import van pakket A mislukte")
    after = work / "after.sqlite"
    copy_store(before, after)
    start = time.perf_counter()
    if run_import(work / "b", after).wait() != 0:
        raise RuntimeError("import van pakket B mislukte")
    seconds = time.perf_counter() - start
    before_print, after_print = fingerprint(before)[0], fingerprint(after)[0]
    if before_print == after_print:
        raise RuntimeError("pakket B verandert niets; de proef zou niets zeggen")
    return before, work / "b", before_print, after_print, seconds


def still_running(db: Path, wait: float = 3.0) -> int:
    """Processes still working on this store `wait` seconds after the import was killed (the checking
    process of a big file must end by itself once the importer is gone)."""
    deadline = time.monotonic() + wait
    while True:
        found = 0
        for proc in Path("/proc").iterdir():
            try:
                found += proc.name.isdigit() and str(db).encode() in (proc / "cmdline").read_bytes()
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def crash_runs(args: argparse.Namespace, work: Path) -> dict[str, int]:
    before, package_b, before_print, after_print, seconds = prepare(work, args.scale, args.seed, args.first)
    rng = random.Random(args.seed)
    counts = {"runs": 0, "killed": 0, "finished_before_kill": 0, "before": 0, "after": 0, "in_between": 0,
              "integrity_failed": 0, "left_running": 0}
    store = work / "run.sqlite"
    for _ in range(args.runs):
        copy_store(before, store)
        process = run_import(package_b, store)
        time.sleep(rng.uniform(0, 1.1 * seconds))
        finished = process.poll() is not None
        if not finished:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        counts["left_running"] += still_running(store)
        state, integrity = fingerprint(store)
        counts["runs"] += 1
        counts["finished_before_kill" if finished else "killed"] += 1
        key = "before" if state == before_print else ("after" if state == after_print else "in_between")
        counts[key] += 1
        counts["integrity_failed"] += integrity != "ok"
    print(f"een volledige import duurt {seconds:.2f} s")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="SIGKILL-proef van de import")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--first", action="store_true", help="B in een lege opslag (eerste import)")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="raadsmonitor-crash-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        counts = crash_runs(args, work)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    for name, value in counts.items():
        print(f"{name:<22}{value}")
    return 0 if counts["in_between"] == counts["integrity_failed"] == counts["left_running"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
