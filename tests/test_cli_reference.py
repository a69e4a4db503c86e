"""Issue 19: the README's command reference is generated from the code and current; the hand-written command table
names only options the commands have."""

from __future__ import annotations

import re

import pytest
import typer

from raadsmonitor.cli import app
from tests.cli_reference import BEGIN, END, README, ROOT, block, current_block, in_dutch


def test_the_generated_reference_in_the_readme_is_current() -> None:
    found = current_block(README.read_text(encoding="utf-8"))
    assert found is not None, f"README.md mist {BEGIN} ... {END}"
    assert found == block(), "het opdrachtenoverzicht is verouderd: draai `python -m tests.cli_reference`"


def test_the_reference_names_every_command_and_option_in_dutch() -> None:
    reference = current_block(README.read_text(encoding="utf-8")) or ""
    assert "**`raadsmonitor import`**" in reference and "**`raadsmonitor users add`**" in reference
    assert "`--kleine-bedragen`" in reference and "[standaard: text]" in reference
    for english in ("**Usage**", "**Options**", "[required]", "[default:", "Show this message"):
        assert english not in reference


def test_typer_words_are_put_in_dutch() -> None:
    assert in_dutch("# `x`\n\n**Usage**:\n* `--a`: b  [default: 3]\n* `p`: q  [required]\n") == (
        "**`x`**\n\n**Gebruik**:\n* `--a`: b  [standaard: 3]\n* `p`: q  [verplicht]\n")


def _options() -> dict[str, set[str]]:
    """Every leaf command ('report paragraaf') with the option names it accepts."""
    found: dict[str, set[str]] = {}

    def walk(command: object, path: list[str]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, [*path, name])
            return
        names: set[str] = set()
        for parameter in getattr(command, "params", []):
            names.update(getattr(parameter, "opts", []))
            names.update(getattr(parameter, "secondary_opts", []))
        found[" ".join(path)] = names

    walk(typer.main.get_command(app), [])
    return found


@pytest.mark.parametrize("readme", ["README.md", "README.en.md"])
def test_the_command_table_names_only_options_that_exist(readme: str) -> None:
    options = _options()
    wrong = []
    for line in (ROOT / readme).read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `raadsmonitor "):
            continue
        for usage in re.findall(r"`raadsmonitor ([^`]*)`", line.split(" | ")[0]):
            words = usage.split()
            command = next((" ".join(words[:n]) for n in (2, 1) if " ".join(words[:n]) in options), None)
            if command is None:
                wrong.append(f"{usage}: onbekende opdracht")
                continue
            wrong += [f"{command}: {option}" for option in re.findall(r"--[a-z][a-z-]*", usage)
                      if option not in options[command]]
    assert wrong == []
