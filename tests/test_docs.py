"""Documentation is tested: every command and setting is in both READMEs."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from raadsmonitor.cli import app

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
    for setting in ("RAADSMONITOR_DATABASE_URL", "RAADSMONITOR_TEST_POSTGRES_URL", "RAADSMONITOR_LOG_LEVEL",
                    "RAADSMONITOR_CHROMIUM", "RAADSMONITOR_PUBLIEKE_PAGINAS", "RAADSMONITOR_SECURE_COOKIES",
                    "RAADSMONITOR_PROGRAMMA", "RAADSMONITOR_OPENBESLUITVORMING_URL",
                    # issue 21
                    "RAADSMONITOR_OIDC_CONFIG", "RAADSMONITOR_OIDC_CLIENT_SECRET", "RAADSMONITOR_UPLOAD_MAX_MB",
                    "RAADSMONITOR_UPLOADMAP", "RAADSMONITOR_METRICS", "RAADSMONITOR_METRICS_TOKEN",
                    "RAADSMONITOR_DB_WACHTWOORD"):
        assert setting in text
