#!/usr/bin/env python3
"""Soak: N minutes of mixed reads and writes at a fixed rate against a running `raadsmonitor serve`.

    bench/soak.py [--minutes 10] [--warmup-minutes 1] [--reads-per-second 2] [--write-every 30]
                  [--scale 0.01] [--out FILE.json]

1. Generate the synthetic package (bench/generate.py, small scale) and import it into a fresh SQLite
   store; write two small "changed" packages (bronnen + the first waarnemingen with other values).
2. Start `raadsmonitor serve` on 127.0.0.1 in its own process; request every main page once
   (templates, first imports; `soak_rss_after_first_requests_mb`).
3. For N minutes: reads of the main pages, round robin, started at a fixed rate (open loop: a read is
   started on schedule whether or not earlier ones have answered; at most `--max-in-flight` at once,
   the rest counted as `reads_dropped`), and every `--write-every` seconds a re-import of one of the
   changed packages with `raadsmonitor import` in a separate process (alternating, so every write
   changes rows). The server's RSS is sampled every second. The same load runs `--warmup-minutes`
   first; the start RSS is the one at the end of that warm-up (the steady state: threads, connection
   pool and caches at their working size), so growth shows what keeps growing, not the first peak.
4. Print requests, 5xx, other failures, writes, latency percentiles and RSS at start/end with growth %.

Targets (issue 8): zero 5xx and RSS growth under 10%. Exits 1 when either is missed.
Only 127.0.0.1 is ever a target.
"""

# ruff: noqa: S603 - starting our own tools (raadsmonitor) is what this does
from __future__ import annotations

import argparse
import asyncio
import csv
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

CHANGED_ROWS = 2_000  # waarnemingen rewritten by each write


def load_runner() -> Any:
    """bench/run as a module (it has no .py suffix): its Server, page list and helpers."""
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader("bench_run", str(BENCH / "run"))
    spec = importlib.util.spec_from_loader("bench_run", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def changed_package(source: Path, target: Path, variant: int) -> int:
    """bronnen and the first CHANGED_ROWS waarnemingen of `source`, with values shifted by `variant`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "bronnen.csv", target / "bronnen.csv")
    with (source / "waarnemingen.csv").open(encoding="utf-8", newline="") as handle, \
            (target / "waarnemingen.csv").open("w", encoding="utf-8", newline="") as out:
        reader = csv.DictReader(handle)
        assert reader.fieldnames is not None
        writer = csv.DictWriter(out, reader.fieldnames, lineterminator="\n")
        writer.writeheader()
        for count, row in enumerate(reader):
            if count == CHANGED_ROWS:
                break
            row["waarde"] = str(variant * 1000 + count % 97)
            writer.writerow(row)
    return CHANGED_ROWS


class Tally:
    """What happened to the reads and writes."""

    def __init__(self) -> None:
        self.reads = self.server_errors = self.other_status = self.failures = self.dropped = 0
        self.latencies_ms: list[float] = []
        self.writes = self.writes_failed = 0
        self.write_seconds: list[float] = []
        self.statuses: dict[int, int] = {}


async def read_once(client: Any, url: str, tally: Tally, timeout: float) -> None:
    import httpx

    start = time.perf_counter()
    try:
        response = await client.get(url, timeout=timeout)
    except httpx.HTTPError:
        tally.failures += 1
        return
    tally.reads += 1
    tally.latencies_ms.append((time.perf_counter() - start) * 1000)
    tally.statuses[response.status_code] = tally.statuses.get(response.status_code, 0) + 1
    if response.status_code >= 500:
        tally.server_errors += 1
    elif response.status_code != 200:
        tally.other_status += 1


async def reads(base: str, pages: list[str], args: argparse.Namespace, tally: Tally, until: float) -> None:
    """Start one read every 1/rate seconds until `until`, round robin over the pages."""
    import httpx

    interval = 1 / args.reads_per_second
    in_flight: set[asyncio.Task[None]] = set()
    limits = httpx.Limits(max_connections=args.max_in_flight)
    async with httpx.AsyncClient(limits=limits) as client:
        next_at = time.monotonic()
        index = 0
        while next_at < until:
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            if len(in_flight) >= args.max_in_flight:
                tally.dropped += 1
            else:
                task = asyncio.create_task(read_once(client, base + pages[index % len(pages)], tally, args.timeout))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
            index += 1
            next_at += interval
        if in_flight:
            await asyncio.gather(*in_flight)


async def writes(command: list[str], packages: list[Path], db: Path, args: argparse.Namespace, tally: Tally,
                 until: float) -> None:
    """A re-import every `write_every` seconds, each in its own process, alternating the packages."""
    next_at = time.monotonic() + args.write_every / 2
    while next_at < until:
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        package = packages[tally.writes % len(packages)]
        start = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            *command, "import", str(package), "--db", f"sqlite:///{db}",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        _, stderr = await process.communicate()
        tally.writes += 1
        tally.write_seconds.append(time.perf_counter() - start)
        if process.returncode != 0:
            tally.writes_failed += 1
            print(f"  schrijven mislukt: {stderr.decode(errors='replace')[-500:]}", flush=True)
        next_at += args.write_every


async def sample_rss(runner: Any, pid: int, samples: list[tuple[float, float]], until: float) -> None:
    """(seconds since the start, RSS in MB) once a second."""
    start = time.monotonic()
    while time.monotonic() < until:
        samples.append((time.monotonic() - start, runner.rss_mb(pid)))
        await asyncio.sleep(1.0)


async def soak(runner: Any, server: Any, pages: list[str], packages: list[Path], db: Path,
               args: argparse.Namespace) -> tuple[Tally, list[tuple[float, float]]]:
    tally = Tally()
    samples: list[tuple[float, float]] = []
    until = time.monotonic() + (args.warmup_minutes + args.minutes) * 60
    command = [runner.raadsmonitor_command()]
    progress = asyncio.create_task(report_progress(tally, samples, until))
    await asyncio.gather(reads(server.base, pages, args, tally, until),
                         writes(command, packages, db, args, tally, until),
                         sample_rss(runner, server.process.pid, samples, until))
    progress.cancel()
    return tally, samples


async def report_progress(tally: Tally, samples: list[tuple[float, float]], until: float) -> None:
    while True:
        await asyncio.sleep(60)
        left = max(0.0, until - time.monotonic()) / 60
        print(f"  nog {left:.1f} min: {tally.reads} verzoeken, {tally.server_errors} 5xx, {tally.writes} "
              f"schrijfacties, RSS {samples[-1][1] if samples else 0:.0f} MB", flush=True)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def figures_of(tally: Tally, samples: list[tuple[float, float]], rss_warm: float, rss_end: float,
               args: argparse.Namespace, pages: list[str]) -> dict[str, Any]:
    """RSS growth is measured from the end of the warm-up minutes under the same load (the steady state:
    threads, pools and caches have reached their working size) to the end of the soak."""
    warm_mark = args.warmup_minutes * 60
    rss_start = next((rss for seconds, rss in samples if seconds >= warm_mark), rss_end)
    growth = (rss_end - rss_start) / rss_start * 100 if rss_start else 0.0
    return {
        "soak_minutes": args.minutes, "soak_warmup_minutes": args.warmup_minutes, "soak_scale": args.scale,
        "soak_reads_per_second": args.reads_per_second,
        "soak_write_every_s": args.write_every, "soak_pages": ", ".join(pages),
        "soak_requests": tally.reads, "soak_5xx": tally.server_errors, "soak_other_non_200": tally.other_status,
        "soak_failed_requests": tally.failures, "soak_reads_dropped": tally.dropped,
        "soak_statuses": ", ".join(f"{code}: {count}" for code, count in sorted(tally.statuses.items())),
        "soak_read_p50_ms": percentile(tally.latencies_ms, 0.50),
        "soak_read_p95_ms": percentile(tally.latencies_ms, 0.95),
        "soak_read_p99_ms": percentile(tally.latencies_ms, 0.99),
        "soak_writes": tally.writes, "soak_writes_failed": tally.writes_failed,
        "soak_write_median_s": statistics.median(tally.write_seconds) if tally.write_seconds else 0.0,
        "soak_rss_after_first_requests_mb": rss_warm, "soak_rss_start_mb": rss_start, "soak_rss_end_mb": rss_end,
        "soak_rss_peak_mb": max((rss for _, rss in samples), default=rss_end), "soak_rss_growth_pct": growth,
    }


def prepare(work: Path, scale: float) -> tuple[Path, list[Path]]:
    package = work / "package"
    counts = generate.generate(package, scale)
    print(f"pakket: {sum(counts.values()):,} rijen, waarvan {counts['waarnemingen']:,} waarnemingen", flush=True)
    changed = [work / "changed-1", work / "changed-2"]
    for variant, folder in enumerate(changed, start=1):
        changed_package(package, folder, variant)
    return package, changed


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    runner = load_runner()
    package, changed = prepare(work, args.scale)
    db = work / "soak.sqlite"
    seconds, _ = runner.raadsmonitor_import(package, db)
    print(f"import in {seconds:.1f} s", flush=True)
    pages = runner.main_pages()
    server = runner.Server(db, work / "server.log")
    server.start()
    try:
        for page in pages:  # warm-up: templates, first imports, caches that belong to a steady state
            seconds, status = runner.probe(server.base + page, args.timeout)
            print(f"  opwarmen {page}: {seconds * 1000:.0f} ms (status {status})", flush=True)
        rss_warm = runner.rss_mb(server.process.pid)
        print(f"soak: {args.warmup_minutes:g} + {args.minutes:g} min, {args.reads_per_second:g} verzoeken/s, elke "
              f"{args.write_every:g} s een import; RSS na de eerste verzoeken {rss_warm:.1f} MB", flush=True)
        tally, samples = asyncio.run(soak(runner, server, pages, changed, db, args))
        rss_end = runner.rss_mb(server.process.pid)
    finally:
        server.stop()
    return figures_of(tally, samples, rss_warm, rss_end, args, pages)


def options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Duurproef: lezen en schrijven in een vast tempo")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--warmup-minutes", type=float, default=1.0,
                        help="the same load before the start RSS is taken")
    parser.add_argument("--reads-per-second", type=float, default=2.0)
    parser.add_argument("--write-every", type=float, default=30.0, help="seconds between re-imports")
    parser.add_argument("--max-in-flight", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--out", type=Path, help="write the figures as JSON (merged into an existing file)")
    parser.add_argument("--workdir", type=Path)
    return parser.parse_args(argv)


def write_out(path: Path, figures: dict[str, Any]) -> None:
    existing = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    existing.update(figures)
    path.write_text(json.dumps(existing, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="raadsmonitor-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        figures = run(args, work)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    width = max(len(name) for name in figures)
    for name, value in figures.items():
        print(f"{name:<{width}}  {value:,.2f}" if isinstance(value, float) else f"{name:<{width}}  {value}")
    if args.out:
        write_out(args.out, figures)
    return 0 if figures["soak_5xx"] == 0 and figures["soak_rss_growth_pct"] < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
