"""Issue 19: every setting is read in one place, typed, checked at the start with a Dutch message, and documented
in docs/configuration.md by a generator whose output is tested current."""

from __future__ import annotations

import ast
import logging
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.config.settings import (
    Settings,
    SettingsError,
    current,
    definitions,
    environment_for_workers,
    variable_of,
)
from raadsmonitor.services.datapackage import upload
from raadsmonitor.sources.openbesluitvorming import BASE_URL
from raadsmonitor.store.database import resolve_url
from raadsmonitor.web.auth import WebSettings
from tests.settings_reference import PATH, reference

SRC = Path(__file__).resolve().parents[1] / "src" / "raadsmonitor"
SETTINGS_MODULE = SRC / "config" / "settings.py"
VARIABLES = [definition.variable for definition in definitions()]


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No RAADSMONITOR_* setting of this machine leaks into a test."""
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


def test_without_any_variable_every_setting_has_its_old_default() -> None:
    settings = Settings.from_environment({})
    assert settings.database == "sqlite:///raadsmonitor.sqlite" and settings.database_url is None
    assert settings.publieke_paginas is None and settings.public_pages(("*",)) == ("*",)
    assert settings.secure_cookies is None and settings.programma is None
    assert settings.log_level == "info" and settings.log_level_number == logging.INFO
    assert settings.upload_max_mb == 50 and settings.uploadmap is None
    assert settings.oidc_config is None and settings.oidc_client_secret is None
    assert settings.metrics is False and settings.metrics_token == ""
    assert settings.openbesluitvorming_url == "https://openbesluitvorming.nl" == BASE_URL


def test_empty_or_blank_values_mean_the_default() -> None:
    settings = Settings.from_environment({variable: "  " for variable in VARIABLES
                                          if variable != "RAADSMONITOR_PUBLIEKE_PAGINAS"})
    assert settings == Settings()


def test_every_variable_is_read_and_typed() -> None:
    settings = Settings.from_environment({
        "RAADSMONITOR_DATABASE_URL": "postgresql://monitor@db/raad",
        "RAADSMONITOR_PUBLIEKE_PAGINAS": " /, /themas ,",
        "RAADSMONITOR_SECURE_COOKIES": "Nee",
        "RAADSMONITOR_PROGRAMMA": " nphln ",
        "RAADSMONITOR_LOG_LEVEL": "WARNING",
        "RAADSMONITOR_UPLOAD_MAX_MB": "120",
        "RAADSMONITOR_UPLOADMAP": "/srv/uploads",
        "RAADSMONITOR_OIDC_CONFIG": "/etc/raadsmonitor/sso.toml",
        "RAADSMONITOR_OIDC_CLIENT_SECRET": "geheim",
        "RAADSMONITOR_METRICS": "ja",
        "RAADSMONITOR_METRICS_TOKEN": "t0ken",
        "RAADSMONITOR_PAGINAS_VOORAF": "ja",
        "RAADSMONITOR_OPENBESLUITVORMING_URL": "http://127.0.0.1:8123",
    })
    assert settings.database == "postgresql://monitor@db/raad"
    assert settings.publieke_paginas == ("/", "/themas")
    assert settings.secure_cookies is False and settings.programma == "nphln"
    assert settings.log_level_number == logging.WARNING and settings.upload_max_mb == 120
    assert settings.uploadmap == Path("/srv/uploads") and settings.oidc_config == Path("/etc/raadsmonitor/sso.toml")
    assert (settings.oidc_client_secret, settings.metrics, settings.metrics_token) == ("geheim", True, "t0ken")
    assert settings.openbesluitvorming_url == "http://127.0.0.1:8123" and settings.paginas_vooraf is True
    # Secrets stay out of logs and tracebacks that print the settings.
    assert "geheim" not in repr(settings) and "t0ken" not in repr(settings)


def test_set_but_empty_public_pages_publish_nothing_even_for_the_demo() -> None:
    assert Settings.from_environment({"RAADSMONITOR_PUBLIEKE_PAGINAS": ""}).public_pages(("*",)) == ()
    assert Settings.from_environment({}).public_pages(("*",)) == ("*",)


@pytest.mark.parametrize(("variable", "value", "why"), [
    ("RAADSMONITOR_UPLOAD_MAX_MB", "veel", "geef een heel getal groter dan 0"),
    ("RAADSMONITOR_UPLOAD_MAX_MB", "0", "geef een heel getal groter dan 0"),
    ("RAADSMONITOR_METRICS", "misschien", "kies ja of nee"),
    ("RAADSMONITOR_SECURE_COOKIES", "altijd", "kies ja of nee"),
    ("RAADSMONITOR_LOG_LEVEL", "luid", "kies een van debug, info, warning, error, critical"),
    ("RAADSMONITOR_DATABASE_URL", "raadsmonitor.sqlite", "geef een database-URL"),
    ("RAADSMONITOR_OPENBESLUITVORMING_URL", "openbesluitvorming.nl", "begint met https://"),
    ("RAADSMONITOR_PUBLIEKE_PAGINAS", "/,themas", "'themas' is geen pagina"),
])
def test_a_value_that_cannot_be_used_is_named_with_the_reason(variable: str, value: str, why: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_environment({variable: value})
    assert str(raised.value).startswith(f"de instelling {variable}='{value}' klopt niet: ")
    assert why in str(raised.value) and raised.value.variable == variable


def test_a_wrong_value_stops_every_command_before_it_runs(clean: pytest.MonkeyPatch, tmp_path: Path) -> None:
    store = tmp_path / "monitor.sqlite"
    result = CliRunner().invoke(app, ["users", "list", "--db", f"sqlite:///{store}"],
                                env={"RAADSMONITOR_UPLOAD_MAX_MB": "veel"})
    assert result.exit_code == 2
    assert ("fout: de instelling RAADSMONITOR_UPLOAD_MAX_MB='veel' klopt niet: geef een heel getal groter dan 0"
            in result.output)
    assert not store.exists()  # nothing ran, nothing was written


def test_the_web_app_refuses_to_start_on_a_wrong_value(clean: pytest.MonkeyPatch) -> None:
    from raadsmonitor.store.database import make_engine
    from raadsmonitor.web.app import create_app

    clean.setenv("RAADSMONITOR_METRICS", "soms")
    with pytest.raises(SettingsError, match="RAADSMONITOR_METRICS"):
        create_app(make_engine("sqlite://"))


def test_the_modules_see_the_environment_through_the_settings(clean: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean.setenv("RAADSMONITOR_UPLOAD_MAX_MB", "3")
    clean.setenv("RAADSMONITOR_UPLOADMAP", str(tmp_path / "uploads"))
    clean.setenv("RAADSMONITOR_DATABASE_URL", "postgresql://monitor@db/raad")
    clean.setenv("RAADSMONITOR_PUBLIEKE_PAGINAS", "/themas")
    clean.setenv("RAADSMONITOR_SECURE_COOKIES", "ja")
    assert upload.max_upload_bytes() == 3 * 1024 * 1024
    assert upload.upload_folder() == tmp_path / "uploads" and (tmp_path / "uploads").is_dir()
    assert resolve_url() == "postgresql+psycopg://monitor@db/raad"
    assert resolve_url("sqlite:///ander.sqlite") == "sqlite:///ander.sqlite"  # --db goes first
    web = WebSettings.from_environment(default_public="*")
    assert web.public_pages == ("/themas",) and web.secure_cookies is True
    assert current() is current()  # parsed once for the same environment


def _reads_the_environment(tree: ast.AST) -> list[int]:
    """Lines that read os.environ or getenv (any spelling: os.environ, environ imported from os, os.getenv)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb") or \
                isinstance(node, ast.Name) and node.id in ("environ", "getenv", "environb") or \
                isinstance(node, ast.ImportFrom) and node.module == "os" and \
                any(alias.name in ("environ", "getenv", "environb") for alias in node.names):
            lines.append(node.lineno)
    return lines


def test_only_the_settings_module_reads_the_environment() -> None:
    found = {str(path.relative_to(SRC)): lines for path in sorted(SRC.rglob("*.py")) if path != SETTINGS_MODULE
             if (lines := _reads_the_environment(ast.parse(path.read_text(encoding="utf-8"))))}
    assert found == {}, "lees instellingen via raadsmonitor.config.settings"
    assert _reads_the_environment(ast.parse(SETTINGS_MODULE.read_text(encoding="utf-8")))  # the check sees reads


def test_every_setting_has_a_variable_a_description_and_a_default_text() -> None:
    assert variable_of("upload_max_mb") == "RAADSMONITOR_UPLOAD_MAX_MB"
    assert len(set(VARIABLES)) == len(VARIABLES) == 13
    for definition in definitions():
        assert definition.variable.startswith("RAADSMONITOR_") and definition.description.endswith(".")
        assert definition.default_text


def test_the_configuration_reference_is_current() -> None:
    assert PATH.read_text(encoding="utf-8") == reference(), \
        "docs/configuration.md is verouderd: draai `python -m tests.settings_reference`"


def test_the_configuration_reference_names_every_setting_and_is_linked_from_the_readmes() -> None:
    text = PATH.read_text(encoding="utf-8")
    assert all(f"## `{variable}`" in text for variable in VARIABLES)
    for readme in ("README.md", "README.en.md"):
        assert "(docs/configuration.md)" in (SRC.parents[1] / readme).read_text(encoding="utf-8")


def test_the_workers_get_one_malloc_arena_unless_the_environment_sets_their_number(clean: pytest.MonkeyPatch) -> None:
    """`serve --workers N` puts its settings into the environment its supervisor and workers inherit, with
    MALLOC_ARENA_MAX=1 (issue 15); an operator's own value is passed on unchanged."""
    clean.delenv("MALLOC_ARENA_MAX", raising=False)
    environment_for_workers({"RAADSMONITOR_PUBLIEKE_PAGINAS": "/themas"})
    assert (os.environ["MALLOC_ARENA_MAX"], os.environ["RAADSMONITOR_PUBLIEKE_PAGINAS"]) == ("1", "/themas")
    clean.setenv("MALLOC_ARENA_MAX", "4")
    environment_for_workers({})
    assert os.environ["MALLOC_ARENA_MAX"] == "4"
    with pytest.raises(KeyError):
        environment_for_workers({"MALLOC_ARENA_MAX": "2"})  # not a setting of the monitor's
