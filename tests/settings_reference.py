"""docs/configuration.md, generated from the Settings definitions (issue 19), as tests/cli_reference.py does for the
README's command reference.

`python -m tests.settings_reference` rewrites the file; tests/test_settings.py fails when it is not what the code
gives (a setting added, renamed or described differently without the documentation).
"""

from __future__ import annotations

from raadsmonitor.config.settings import Setting, definitions
from tests.cli_reference import ROOT

PATH = ROOT / "docs" / "configuration.md"

INTRO = """\
# Instellingen

<!-- Gegenereerd met `python -m tests.settings_reference` uit src/raadsmonitor/config/settings.py; niet met de hand
wijzigen. -->

De monitor leest zijn instellingen uit omgevingsvariabelen, één keer bij de start van elke opdracht en van elk
serverproces. Een variabele die niet is gezet of leeg is, geeft de standaardwaarde. Een waarde die niet te gebruiken
is, houdt de monitor bij de start tegen met een melding die de variabele noemt en zegt wat er mis is, bijvoorbeeld:

    fout: de instelling RAADSMONITOR_UPLOAD_MAX_MB='veel' klopt niet: geef een heel getal groter dan 0, bijvoorbeeld 50

Ja/nee-instellingen nemen `ja`, `1` of `true` voor ja en `nee`, `0` of `false` voor nee.
Opties op de opdrachtregel (zoals `--db`) gaan voor de instellingen hieronder.

| Variabele | Standaard |
| --- | --- |
"""


def section(setting: Setting) -> str:
    lines = [f"## `{setting.variable}`", "", setting.description, "", f"Standaard: {setting.default_text}."]
    if setting.example:
        lines += ["", f"Voorbeeld: `{setting.variable}={setting.example}`"]
    if setting.secret:
        lines += ["", "Dit is een geheim: de monitor toont het nergens; zet het niet in een bestand dat anderen lezen."]
    return "\n".join(lines) + "\n"


def reference() -> str:
    table = "".join(f"| [`{s.variable}`](#{s.variable.lower()}) | {s.default_text} |\n" for s in definitions())
    return INTRO + table + "\n" + "\n".join(section(s) for s in definitions())


def write() -> None:
    PATH.write_text(reference(), encoding="utf-8")


if __name__ == "__main__":
    write()
