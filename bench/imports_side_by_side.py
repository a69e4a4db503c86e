#!/usr/bin/env python3
"""bench/run's import figures for two code versions, alternated in the same minutes (issue 15).

    bench/imports_side_by_side.py PACKAGE SRC_BEFORE SRC_AFTER [--repeat N] [--postgres [URL]]

Each round imports PACKAGE into a fresh SQLite store with `raadsmonitor import`, once with SRC_BEFORE and once
with SRC_AFTER on PYTHONPATH (e.g. a detached worktree's src/), next to bench/run's two SQLite floors (the `sqlite3`
tool's `.import` of waarnemingen.csv into a plain table; into the store's table, its indexes built after the rows);
with --postgres also into a fresh PostgreSQL database (dropped and created anew) next to bench/run's two psql
floors (bare tables; with the store's keys, indexes and references). Uses
bench/run's own run_child, sqlite3_cli_import, fresh_postgres and psql_copy, so the figures are bench/run's.
Prints each run and the medians with their ratios.
"""

import argparse
import importlib.machinery
import importlib.util
import os
import statistics
import sys
import tempfile
from pathlib import Path

loader = importlib.machinery.SourceFileLoader("benchrun", str(Path(__file__).with_name("run")))
spec = importlib.util.spec_from_loader("benchrun", loader)
assert spec is not None
m = importlib.util.module_from_spec(spec)
loader.exec_module(m)

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("package", type=Path)
parser.add_argument("before", type=Path, help="the src/ folder of the version before")
parser.add_argument("after", type=Path, help="the src/ folder of the version after")
parser.add_argument("--repeat", type=int, default=3)
parser.add_argument("--postgres", nargs="?", const=m.POSTGRES_URL, default=None, metavar="URL")
args = parser.parse_args()
work = Path(os.environ.get("WORKDIR", Path(tempfile.gettempdir()) / "bench-imports-side-by-side"))
work.mkdir(exist_ok=True)
command = [sys.executable, "-m", "raadsmonitor.cli", "import", str(args.package), "--db"]
sides = {"before": args.before.resolve(), "after": args.after.resolve()}
names = ("sqlite3", "sqlite3_schema", *sides, "psql", "psql_schema", *(f"pg_{side}" for side in sides))
times: dict[str, list[float]] = {name: [] for name in names}


def imported(src: Path, url: str) -> float:
    return m.run_child([*command, url], env=dict(os.environ, PYTHONPATH=str(src)))[0]


for run in range(args.repeat):
    times["sqlite3"].append(m.sqlite3_cli_import(args.package / "waarnemingen.csv", work / "plain.sqlite"))
    times["sqlite3_schema"].append(m.sqlite3_cli_import(args.package / "waarnemingen.csv", work / "shaped.sqlite",
                                                        schema=True))
    for side, src in sides.items():
        store = work / f"{side}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{store}{suffix}").unlink(missing_ok=True)
        times[side].append(imported(src, f"sqlite:///{store}"))
    line = ", ".join(f"{name} {times[name][-1]:.2f} s" for name in ("sqlite3", "sqlite3_schema", *sides))
    if args.postgres:
        times["psql"].append(m.psql_copy(args.package, args.postgres, work))
        times["psql_schema"].append(m.psql_copy(args.package, args.postgres, work, schema=True))
        for side, src in sides.items():
            times[f"pg_{side}"].append(imported(src, m.fresh_postgres(args.postgres)))
        line += "; PostgreSQL: " + ", ".join(f"{name} {times[name][-1]:.2f} s" for name in
                                             ("psql", "psql_schema", *(f"pg_{side}" for side in sides)))
    print(f"round {run + 1}: {line}", flush=True)

medians = {name: statistics.median(values) for name, values in times.items() if values}
print("medians: " + ", ".join(f"{name} {value:.2f} s" for name, value in medians.items()))
for side in sides:
    ratios = [f"import_vs_sqlite3_cli_ratio {medians[side] / medians['sqlite3']:.2f}",
              f"import_vs_sqlite3_cli_schema_ratio {medians[side] / medians['sqlite3_schema']:.2f}"]
    if args.postgres:
        ratios += [f"pg2_import_vs_psql_copy_ratio {medians[f'pg_{side}'] / medians['psql']:.2f}",
                   f"pg2_import_vs_psql_copy_schema_ratio {medians[f'pg_{side}'] / medians['psql_schema']:.2f}"]
    print(f"{side}: " + ", ".join(ratios))
