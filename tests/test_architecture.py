"""The layers' import rules hold (issue 19): import-linter checks pyproject.toml's contracts, and every
package says in its docstring what it holds and what it may import (docs/architecture.md, "The layers")."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "raadsmonitor"


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def test_import_contracts_are_kept() -> None:
    """lint-imports exits non-zero (and names the import chain) as soon as one contract is broken."""
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports is not None, "import-linter is part of the test extra"
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in result.stdout, result.stdout


def test_every_layer_has_a_rule() -> None:
    """A new top-level package needs its own contract: each one is the source of at least one."""
    layers = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    governed = {
        str(module).split(".")[1]
        for contract in _contracts()
        for key in ("source_modules", "containers", "layers")
        for module in contract.get(key, []) or []  # type: ignore[attr-defined]
    }
    assert layers - governed == set()


def test_every_package_says_what_it_holds_and_may_import() -> None:
    missing = []
    for init in sorted(PACKAGE.rglob("__init__.py")):
        if "migrations" in init.parts:
            continue
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        if docstring is None or "May import:" not in docstring:
            missing.append(str(init.relative_to(ROOT)))
    assert missing == []


# The Dutch words for dates and amounts belong in presentation/: analysis returns values and reason
# codes (signals, nakoming, the register's StandGrond), the doors word them.
WORDING = frozenset({"format_datum", "format_datum_nl", "format_euro", "format_getal", "format_waarde"})


def test_analysis_formats_no_dates_or_amounts_for_people() -> None:
    found = []
    for path in sorted((PACKAGE / "analysis").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                found += [f"{path.relative_to(ROOT)}: {alias.name}" for alias in node.names if alias.name in WORDING]
    assert found == []
