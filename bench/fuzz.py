#!/usr/bin/env python3
"""Fuzz every importer with hypothesis and print the number of cases per table and door.

    bench/fuzz.py [--examples 1000] [--package-examples 40] [--seed 1] [--tables a,b] [--out FILE.json]

For every table of the catalogue: `--examples` generated rows through the validator (build_record,
text and typed cells), and `--package-examples` whole-package imports each as a CSV folder and as a
workbook into a store that holds the demo. Then `--package-examples` x 5 generated CBS tables and
Leefbaarometer score files through their readers. The properties are in `bench/fuzzing.py`: only a
clean import or clean Dutch problems with their place, never an exception, never a partial write.
Exits 1 when any case broke a property (the shrunk case is printed). `--out` merges the figures into
a JSON file (that of `bench/run`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import fuzzing  # noqa: E402
from hypothesis import HealthCheck, Phase, given, reject, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from raadsmonitor.demo import DEMO_PACKAGE  # noqa: E402
from raadsmonitor.domain.catalogue import TABLES, TableSpec  # noqa: E402
from raadsmonitor.services.datapackage.importer import import_package  # noqa: E402
from raadsmonitor.store.database import open_store_engine  # noqa: E402


def run_property(strategy: st.SearchStrategy[Any], check: Callable[[Any], object], examples: int,
                 random_seed: int, *, shrink: bool = True) -> tuple[int, str | None]:
    """Run `check` on `examples` generated cases; (cases run, the failure or None). Whole imports are not
    shrunk (minutes per failure); their failure is printed as found."""
    calls = 0
    if examples < 1:
        return 0, None
    phases = [Phase.explicit, Phase.generate, *([Phase.shrink] if shrink else [])]

    @seed(random_seed)
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck),
              phases=phases)
    @given(strategy)
    def prop(case: Any) -> None:
        nonlocal calls
        calls += 1
        try:
            check(case)
        except fuzzing.CannotWrite:
            reject()

    try:
        prop()
    except fuzzing.FuzzFailure as failure:
        return calls, str(failure)[:600]
    return calls, None


def demo_store(folder: Path) -> Engine:
    engine = open_store_engine(f"sqlite:///{folder / 'fuzz.sqlite'}")
    report = import_package(engine, DEMO_PACKAGE)
    assert report.ok, report.problems[:3]
    return engine


class Counts:
    def __init__(self) -> None:
        self.figures: dict[str, Any] = {}
        self.failures: list[str] = []

    def add(self, name: str, result: tuple[int, str | None]) -> None:
        self.figures[name] = self.figures.get(name, 0) + result[0]
        if result[1] is not None:
            self.failures.append(f"{name}: {result[1]}")
            print(f"  FOUT {name}: {result[1]}", flush=True)


def fuzz_table(spec: TableSpec, engine: Engine, keys: dict[str, list[str]], args: argparse.Namespace,
               counts: Counts) -> None:
    start = time.perf_counter()
    for typed in (False, True):
        counts.add(f"fuzz_cells_{spec.name}", run_property(
            fuzzing.row_strategy(spec, keys, typed=typed), lambda cells: fuzzing.check_cells(spec, cells),
            args.examples // 2 + args.examples % 2 * typed, args.seed))
    for typed in (False, True):
        counts.add(f"fuzz_batches_{spec.name}", run_property(
            fuzzing.batch_strategy(spec, keys, typed=typed), lambda rows: fuzzing.check_batch(spec, rows),
            args.examples // 4, args.seed))
    counts.add(f"fuzz_csv_{spec.name}", run_property(
        fuzzing.csv_cases(spec, keys), lambda case: fuzzing.check_csv_case(case, engine), args.package_examples,
        args.seed, shrink=False))
    counts.add(f"fuzz_xlsx_{spec.name}", run_property(
        fuzzing.xlsx_cases(spec, keys), lambda case: fuzzing.check_xlsx_case(case, engine), args.package_examples,
        args.seed, shrink=False))
    print(f"  {spec.name:<26}{counts.figures[f'fuzz_cells_{spec.name}']:>7}"
          f"{counts.figures[f'fuzz_batches_{spec.name}']:>8}{counts.figures[f'fuzz_csv_{spec.name}']:>6}"
          f"{counts.figures[f'fuzz_xlsx_{spec.name}']:>6}   {time.perf_counter() - start:5.1f} s", flush=True)


def fuzz_sources(engine: Engine, keys: dict[str, list[str]], args: argparse.Namespace, counts: Counts) -> None:
    codes = [str(gebied.cbs_code or gebied.id) for gebied in fuzzing.stored_gebieden(engine)]
    examples = args.package_examples * 5
    counts.add("fuzz_cbs", run_property(fuzzing.cbs_cases(keys, codes),
                                        lambda case: fuzzing.check_cbs_case(case, engine), examples, args.seed,
                                        shrink=False))
    counts.add("fuzz_leefbaarometer", run_property(fuzzing.leefbaarometer_cases(codes),
                                                   lambda case: fuzzing.check_leefbaarometer_case(case, engine),
                                                   examples, args.seed, shrink=False))
    print(f"  CBS: {counts.figures['fuzz_cbs']} tabellen, Leefbaarometer: {counts.figures['fuzz_leefbaarometer']} "
          "scorebestanden", flush=True)


def quiet_logs() -> None:
    """The importer logs every import at info level; thousands of them would bury the counts."""
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def run(args: argparse.Namespace) -> Counts:
    quiet_logs()
    counts = Counts()
    chosen = [spec for spec in TABLES if not args.tables or spec.name in args.tables.split(",")]
    with tempfile.TemporaryDirectory(prefix="raadsmonitor-fuzz-") as folder:
        engine = demo_store(Path(folder))
        keys = fuzzing.reference_keys(engine)
        print(f"  {'tabel':<26}{'cellen':>7}{'batches':>8}{'csv':>6}{'xlsx':>6}   tijd", flush=True)
        for spec in chosen:
            fuzz_table(spec, engine, keys, args, counts)
        if not args.tables:
            fuzz_sources(engine, keys, args, counts)
        engine.dispose()
    cells = [counts.figures[f"fuzz_cells_{spec.name}"] for spec in chosen]
    counts.figures.update(fuzz_tables=len(chosen), fuzz_min_cell_cases_per_table=min(cells),
                          fuzz_cases_total=sum(value for value in counts.figures.values()),
                          fuzz_failures=len(counts.failures))
    return counts


def options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Fuzzen van elke import (hypothesis)")
    parser.add_argument("--examples", type=int, default=1000, help="rows through the validator per table")
    parser.add_argument("--package-examples", type=int, default=40, help="whole imports per table and format")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tables", help="only these tables (comma-separated)")
    parser.add_argument("--out", type=Path, help="merge the figures into this JSON file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    start = time.perf_counter()
    counts = run(args)
    counts.figures["fuzz_seconds"] = round(time.perf_counter() - start, 1)
    for name in ("fuzz_tables", "fuzz_min_cell_cases_per_table", "fuzz_cases_total", "fuzz_failures", "fuzz_seconds"):
        print(f"{name:<32}{counts.figures[name]}")
    for failure in counts.failures:
        print(f"FOUT {failure}")
    if args.out:
        existing = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
        existing.update(counts.figures)
        args.out.write_text(json.dumps(existing, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if counts.failures else 0


if __name__ == "__main__":
    sys.exit(main())
