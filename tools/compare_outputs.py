"""Capture the outputs at two commits and compare them (issue 15): the before/after check of an optimisation.

    python tools/compare_outputs.py REV_BEFORE [REV_AFTER] [--package demo|national] [--scale 0.06]
                                    [--db-before URL --db-after URL] [--keep DIR]

Each revision is checked out in a temporary git worktree; tests/outputs/capture.py of *this* checkout captures the
outputs with that revision's `src` first on the import path, so both sides are captured the same way, also when
REV_BEFORE predates the capture tool. Without REV_AFTER the second side is this checkout as it is (uncommitted
changes included). The national package is generated once, by this checkout's bench/generate.py, and the same
files are imported on both sides. Exit code 0: identical; 1: the outputs differ (the first differences are shown
as unified diffs); 2: a capture failed.

Both revisions run in this Python environment: a revision that needs other dependencies needs them installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.outputs import capture  # noqa: E402 - after the checkout's root is on the path


def git(*arguments: str) -> str:
    executable = shutil.which("git")
    if executable is None:
        raise SystemExit("git ontbreekt")
    return subprocess.run([executable, "-C", str(ROOT), *arguments], capture_output=True,  # noqa: S603 - our own git call
                          text=True, check=True).stdout.strip()


def capture_at(tree: Path, out: Path, package: str, folder: Path | None, db: str | None, scale: float) -> None:
    """Run the capture with `tree`'s source first on the path (its raadsmonitor, templates and demo data)."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree / "src"), str(ROOT)])}
    command = [sys.executable, "-m", "tests.outputs.capture", str(out), "--package", package, "--quiet",
               "--scale", str(scale)]
    if folder is not None:
        command += ["--from", str(folder)]
    if db:
        command += ["--db", db]
    check = subprocess.run([sys.executable, "-c", "import raadsmonitor; print(raadsmonitor.__file__)"],
                           env=environment, capture_output=True, text=True, check=True).stdout.strip()
    if not Path(check).resolve().is_relative_to((tree / "src").resolve()):
        raise SystemExit(f"raadsmonitor komt uit {check}, niet uit {tree / 'src'}")
    print(f"vastleggen: {tree} -> {out}", file=sys.stderr)
    subprocess.run(command, env=environment, cwd=ROOT, check=True)  # noqa: S603 - this interpreter, our own module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vergelijk de uitvoer van twee commits (pagina's, API, rapporten)")
    parser.add_argument("before", help="commit, tak of tag vóór de wijziging")
    parser.add_argument("after", nargs="?", help="commit erna (standaard: deze checkout zoals hij is)")
    parser.add_argument("--package", choices=capture.PACKAGES, default="national")
    parser.add_argument("--scale", type=float, default=0.06,
                        help="schaal van het landelijke pakket (standaard 0.06: alle 20 focusgebieden)")
    parser.add_argument("--db-before", help="een lege database voor de eerste kant (standaard: tijdelijk SQLite)")
    parser.add_argument("--db-after", help="een lege database voor de tweede kant")
    parser.add_argument("--keep", type=Path, help="bewaar beide vastleggingen in deze map (before/, after/)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="compare-outputs-") as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        folder = capture.package_path(args.package, work, args.scale) if args.package == "national" else None
        trees: list[Path] = []
        try:
            sides = []
            for name, rev in (("before", args.before), ("after", args.after)):
                if rev is None:
                    sides.append((name, ROOT))
                    continue
                tree = Path(temporary) / f"tree-{name}"
                git("worktree", "add", "--detach", str(tree), git("rev-parse", "--verify", f"{rev}^{{commit}}"))
                trees.append(tree)
                sides.append((name, tree))
            for (name, tree), db in zip(sides, (args.db_before, args.db_after), strict=True):
                try:
                    capture_at(tree, work / name, args.package, folder, db, args.scale)
                except subprocess.CalledProcessError as error:
                    print(f"fout: vastleggen van {name} mislukte (code {error.returncode})", file=sys.stderr)
                    return 2
        finally:
            for tree in trees:
                git("worktree", "remove", "--force", str(tree))
        problems = capture.compare_folders(work / "before", work / "after")
        count = len(list((work / "after").rglob("*.txt")))
    if problems:
        print("\n\n".join(problems))
        return 1
    print(f"Gelijk: alle {count} uitvoer(en) van {args.package} zijn dezelfde"
          + (f" (bewaard in {work})" if args.keep else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
