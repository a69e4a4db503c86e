"""The README's command reference, generated from the code by Typer's own Markdown generator (`typer ... utils docs`).

`python -m tests.cli_reference` rewrites the block between the markers in README.md; `tests/test_cli_reference.py`
fails when the block is not what the code gives (a command, option, default or help text changed without the README).
Typer writes its fixed words in English; they are put in Dutch here, and its headings become bold lines so the
reference sits inside one collapsed section of the README.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BEGIN = "<!-- begin opdrachtenoverzicht: gegenereerd met `python -m tests.cli_reference`, niet met de hand wijzigen -->"
END = "<!-- einde opdrachtenoverzicht -->"

_WORDS = [
    ("**Usage**:", "**Gebruik**:"),
    ("**Options**:", "**Opties**:"),
    ("**Arguments**:", "**Argumenten**:"),
    ("**Commands**:", "**Opdrachten**:"),
    ("Show this message and exit.", "Toon deze hulp en stop."),
    ("[OPTIONS]", "[OPTIES]"),
    ("COMMAND [ARGS]...", "OPDRACHT [ARGUMENTEN]..."),
]


def _clean_environment() -> dict[str, str]:
    """Only what finds the code: no RAADSMONITOR_* setting of this machine can change what the reference says."""
    keep = ("PATH", "PYTHONPATH", "HOME", "LANG", "SYSTEMROOT")
    return {name: value for name, value in os.environ.items() if name in keep} | {"COLUMNS": "100",
                                                                                "PYTHONIOENCODING": "utf-8"}


def typer_docs() -> str:
    """Typer's Markdown for the raadsmonitor command line, as its `utils docs` command writes it."""
    typer_cli = shutil.which("typer", path=str(Path(sys.executable).parent)) or shutil.which("typer")
    if typer_cli is None:
        raise RuntimeError("het programma 'typer' (uit het pakket typer) is niet gevonden")
    result = subprocess.run([typer_cli, "raadsmonitor.cli", "utils", "docs", "--name", "raadsmonitor"],
                            capture_output=True, text=True, check=True, env=_clean_environment())
    return result.stdout


def in_dutch(markdown: str) -> str:
    for english, dutch in _WORDS:
        markdown = markdown.replace(english, dutch)
    markdown = re.sub(r"\[required\]", "[verplicht]", markdown)
    markdown = re.sub(r"\[default: ([^\]]*)\]", r"[standaard: \1]", markdown)
    markdown = re.sub(r"^#+ (.+)$", r"**\1**", markdown, flags=re.M)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown)
    return markdown.strip() + "\n"


def block() -> str:
    return (f"{BEGIN}\n<details>\n<summary>Alle opdrachten en opties</summary>\n\n{in_dutch(typer_docs())}\n"
            f"</details>\n{END}")


def current_block(text: str) -> str | None:
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        return None
    return text[start:end + len(END)]


def write() -> None:
    text = README.read_text(encoding="utf-8")
    found = current_block(text)
    if found is None:
        raise SystemExit(f"README.md mist de markeringen {BEGIN!r} en {END!r}")
    README.write_text(text.replace(found, block()), encoding="utf-8")


if __name__ == "__main__":
    write()
