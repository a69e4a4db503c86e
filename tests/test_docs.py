"""Documentation is tested: every command and setting is in both READMEs."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from raadsmonitor.cli import app
from raadsmonitor.config.settings import definitions

ROOT = Path(__file__).resolve().parents[1]
READMES = ["README.md", "README.en.md"]


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("readme", READMES)
def test_every_command_is_documented(readme: str) -> None:
    text = (ROOT / readme).read_text(encoding="utf-8")
    missing = [name for name in _commands() if f"`raadsmonitor {name}" not in text]
    assert missing == []


@pytest.mark.parametrize("readme", READMES)
def test_every_setting_is_documented(readme: str) -> None:
    text = (ROOT / readme).read_text(encoding="utf-8")
    # The monitor's own settings come from their one definition (issue 19); the others are read by the tests
    # (a PostgreSQL server, a browser) and by compose.yaml (the database password).
    settings = [definition.variable for definition in definitions()]
    missing = [setting for setting in (*settings, "RAADSMONITOR_TEST_POSTGRES_URL", "RAADSMONITOR_CHROMIUM",
                                       "RAADSMONITOR_DB_WACHTWOORD") if setting not in text]
    assert missing == []
