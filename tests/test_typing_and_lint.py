"""The code is type-checked and linted as part of the test run (style.md: small, typed, explicit)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_mypy_finds_no_type_errors() -> None:
    """Plain `mypy`, as a developer runs it: pyproject.toml's [tool.mypy] names what it checks (src and tests)."""
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_no_problems() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    assert ruff is not None, "ruff is part of the test extra"
    result = _run(ruff, "check", "src", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_bandit_finds_no_security_problems() -> None:
    """Every `# nosec` in src says why on the same line; src/.bandit skips only B101 (asserts narrow types)."""
    bandit = shutil.which("bandit", path=str(Path(sys.executable).parent))
    assert bandit is not None, "bandit is part of the test extra"
    result = _run(bandit, "-r", "src", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No issues identified" in result.stdout or result.stdout.strip() == "", result.stdout
