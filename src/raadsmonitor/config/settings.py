"""Every setting the monitor reads from the environment, in one typed object (issue 19).

This is the only module that reads os.environ for settings (tests/test_settings.py enforces it). Each setting
is a field of Settings with its variable name, its default and its description in the field's metadata;
docs/configuration.md is generated from those by `python -m tests.settings_reference`, and a test keeps it
current. A value that cannot be used stops the monitor at its start with a SettingsError naming the variable
and saying why, in Dutch; an unset or empty variable means the default, as it always has.

`current()` parses the environment once per distinct set of values: commands and the app call it at their start
(so a wrong value is said before anything runs), and the modules that need a setting later ask it again for free.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

PREFIX = "RAADSMONITOR_"
ALL_PAGES = "*"
_TRUE = ("1", "ja", "true")
_FALSE = ("0", "nee", "false")
DEFAULT_SQLITE = Path("raadsmonitor.sqlite")
DEFAULT_UPLOAD_MAX_MB = 50
DEFAULT_OPENBESLUITVORMING_URL = "https://openbesluitvorming.nl"
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


class SettingsError(ValueError):
    """A setting whose value cannot be used: the message (Dutch) names the variable and says why."""

    def __init__(self, variable: str, value: str, why: str) -> None:
        super().__init__(f"de instelling {variable}={value!r} klopt niet: {why}")
        self.variable = variable
        self.why = why


@dataclass(frozen=True)
class Setting:
    """How one field is read: the variable, its parser and the words of the configuration reference."""

    variable: str
    parse: Callable[[str, str], Any]
    description: str
    default_text: str
    example: str = ""
    secret: bool = False
    empty_is_value: bool = False  # set but empty is a value of its own (no public pages), not the default


def _setting(variable: str, default: Any, parse: Callable[[str, str], Any], description: str, default_text: str,
             example: str = "", secret: bool = False, empty_is_value: bool = False) -> Any:
    return field(default=default, repr=not secret, metadata={
        "setting": Setting(PREFIX + variable, parse, description, default_text, example, secret, empty_is_value)})


# --- parsers: (variable, stripped non-empty text) -> value, or a SettingsError -------------------------------


def _text(_variable: str, value: str) -> str:
    return value


def _path(_variable: str, value: str) -> Path:
    return Path(value)


def _yes_no(variable: str, value: str) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise SettingsError(variable, value, "kies ja of nee (of 1/0, true/false)")


def _positive_int(variable: str, value: str) -> int:
    if not value.isdigit() or int(value) <= 0:
        raise SettingsError(variable, value, "geef een heel getal groter dan 0, bijvoorbeeld 50")
    return int(value)


def _log_level(variable: str, value: str) -> str:
    if value.lower() not in LOG_LEVELS:
        raise SettingsError(variable, value, "kies een van " + ", ".join(LOG_LEVELS))
    return value.lower()


def _database_url(variable: str, value: str) -> str:
    scheme, separator, _rest = value.partition("://")
    if not separator or not scheme or not scheme.replace("+", "").replace("_", "").isalnum():
        raise SettingsError(variable, value, "geef een database-URL, bijvoorbeeld sqlite:///pad.sqlite of "
                                             "postgresql://gebruiker@server/database")
    return value


def _http_url(variable: str, value: str) -> str:
    if not value.startswith(("http://", "https://")) or len(value.split("://", 1)[1].strip("/")) == 0:
        raise SettingsError(variable, value, "geef een adres dat begint met https:// of http://")
    return value


def _public_pages(variable: str, value: str) -> tuple[str, ...]:
    parts = [part.strip() for part in value.split(",") if part.strip()]
    wrong = [part for part in parts if part != ALL_PAGES and not part.startswith("/")]
    if wrong:
        raise SettingsError(variable, value, f"'{wrong[0]}' is geen pagina; geef paden die met / beginnen, "
                                             "gescheiden door komma's (bijvoorbeeld /,/themas), of * voor alle "
                                             "pagina's")
    return tuple(parts)


@dataclass(frozen=True)
class Settings:
    """The monitor's settings; None means 'not set', where the default depends on who asks."""

    database_url: str | None = _setting(
        "DATABASE_URL", None, _database_url,
        "De database van de monitor. Elke opdracht gebruikt `--db` als die is gegeven, anders deze instelling.",
        f"`sqlite:///{DEFAULT_SQLITE}` (een SQLite-bestand in de huidige map)",
        "postgresql://raadsmonitor@localhost/raadsmonitor")
    publieke_paginas: tuple[str, ...] | None = _setting(
        "PUBLIEKE_PAGINAS", None, _public_pages,
        "Pagina's die zonder aanmelden te lezen zijn (alleen lezen): paden gescheiden door komma's; een pad "
        "publiceert ook de pagina's eronder, `/` alleen de startpagina, `*` alle pagina's.",
        "geen bij `raadsmonitor serve`; alle pagina's (`*`) bij `raadsmonitor demo` (gezet maar leeg: geen, ook bij "
        "de demo)", "/,/themas,/voortgang", empty_is_value=True)
    secure_cookies: bool | None = _setting(
        "SECURE_COOKIES", None, _yes_no,
        "Of de cookies van de monitor het kenmerk Secure krijgen (alleen over https verstuurd): `ja` of `nee`.",
        "Secure precies wanneer het verzoek over https kwam", "ja")
    programma: str | None = _setting(
        "PROGRAMMA", None, _text,
        "Het programma van een focusgebied waar pagina's zonder `/programma/<sleutel>` en opdrachten zonder "
        "`--programma` over gaan, als de database er meer dan één bevat.",
        "het enige programma van een focusgebied in de database", "nphln")
    log_level: str = _setting(
        "LOG_LEVEL", "info", _log_level,
        "Vanaf welk niveau logregels (JSON op standaardfout) worden geschreven: " + ", ".join(LOG_LEVELS) + ".",
        "`info`", "warning")
    upload_max_mb: int = _setting(
        "UPLOAD_MAX_MB", DEFAULT_UPLOAD_MAX_MB, _positive_int,
        "De grootste toegestane upload van een gegevenspakket in de browser, in megabytes (MB).",
        f"`{DEFAULT_UPLOAD_MAX_MB}`", "100")
    uploadmap: Path | None = _setting(
        "UPLOADMAP", None, _path,
        "De map waarin geüploade gegevenspakketten wachten op bevestiging (wordt aangemaakt, alleen voor de "
        "eigenaar leesbaar).",
        "`raadsmonitor-uploads` in de tijdelijke map van het systeem", "/var/lib/raadsmonitor/uploads")
    oidc_config: Path | None = _setting(
        "OIDC_CONFIG", None, _path,
        "Een TOML-bestand dat single sign-on (OpenID Connect) instelt: de aanbieder en welke groepen welke rol "
        "krijgen. Zonder deze instelling is er geen single sign-on.",
        "geen single sign-on", "/etc/raadsmonitor/sso.toml")
    oidc_client_secret: str | None = _setting(
        "OIDC_CLIENT_SECRET", None, _text,
        "Het clientgeheim bij de aanbieder van single sign-on. Het gaat voor `client_secret` in het bestand van "
        "`RAADSMONITOR_OIDC_CONFIG`, zodat het geheim niet in dat bestand hoeft te staan.",
        "`client_secret` uit dat bestand, en anders geen (een publieke client, alleen met PKCE)", secret=True)
    metrics: bool = _setting(
        "METRICS", False, _yes_no,
        "Of de monitor `/metrics` aanbiedt (Prometheus-tekstformaat): `ja` of `nee`.", "`nee`", "ja")
    metrics_token: str = _setting(
        "METRICS_TOKEN", "", _text,
        "Als deze is gezet, vraagt `/metrics` om dit Bearer-token.", "geen token: `/metrics` is open",
        secret=True)
    paginas_vooraf: bool = _setting(
        "PAGINAS_VOORAF", False, _yes_no,
        "Of elk serverproces de openbare pagina's alvast opbouwt na elke wijziging van de gegevens (zoals een "
        "import) en bij het starten, zodat de eerste bezoeker daarna niet wacht: `ja` of `nee`. Het gebeurt alleen "
        "als er een halve seconde geen verzoek loopt, maar kost elk proces geheugen en rekentijd; een bezoeker die "
        "direct na de wijziging komt, kan erdoor wat langer wachten.", "`nee`", "ja")
    openbesluitvorming_url: str = _setting(
        "OPENBESLUITVORMING_URL", DEFAULT_OPENBESLUITVORMING_URL, _http_url,
        "Het adres van OpenBesluitvorming waar `raadsmonitor import-raadsinformatie` vergaderingen en stukken leest.",
        f"`{DEFAULT_OPENBESLUITVORMING_URL}`", "https://openbesluitvorming.example")

    @classmethod
    def from_environment(cls, environment: Mapping[str, str] | None = None) -> Settings:
        """The settings in `environment` (default: this process's); a SettingsError for a value that cannot
        be used. Unset or empty (only spaces) means the default."""
        source = os.environ if environment is None else environment
        return _parse(tuple(source.get(definition.variable) for definition in definitions()))

    @property
    def database(self) -> str:
        """The database URL with its default filled in."""
        return self.database_url or f"sqlite:///{DEFAULT_SQLITE}"

    def public_pages(self, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        return self.publieke_paginas if self.publieke_paginas is not None else default

    @property
    def log_level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.log_level.upper()]


def variable_of(name: str) -> str:
    """The environment variable of the Settings field `name` ('upload_max_mb' -> 'RAADSMONITOR_UPLOAD_MAX_MB')."""
    found: Setting = Settings.__dataclass_fields__[name].metadata["setting"]
    return found.variable


def definitions() -> tuple[Setting, ...]:
    """Every setting, in the order of the Settings fields."""
    return tuple(f.metadata["setting"] for f in fields(Settings))


@lru_cache(maxsize=16)
def _parse(values: tuple[str | None, ...]) -> Settings:
    parsed: dict[str, Any] = {}
    for definition, attribute, value in zip(definitions(), fields(Settings), values, strict=True):
        # Secrets are taken as given; every other value without the spaces around it.
        text = (value or "") if definition.secret else (value or "").strip()
        if text.strip():
            parsed[attribute.name] = definition.parse(definition.variable, text)
        elif value is not None and definition.empty_is_value:
            parsed[attribute.name] = definition.parse(definition.variable, "")
    return Settings(**parsed)


def current() -> Settings:
    """The settings of this process's environment (parsed once for each distinct set of values)."""
    return Settings.from_environment()


# Given to the server processes of `serve --workers N` unless the environment sets it already (then passed on as it
# is). glibc gives each thread that allocates while another holds the lock a malloc arena of its own (up to 8 per
# core), and memory freed in one arena is not reused by another; a worker's request threads take turns under the GIL
# anyway. With one arena both workers together stayed about 2 MB lower under the bench's load (issue 15,
# bench/RESULTS.md "Session 13, branch rss3").
WORKER_DEFAULTS = {"MALLOC_ARENA_MAX": "1"}


def environment_for_workers(settings: Mapping[str, str]) -> None:
    """Put settings into this process's environment, for the server processes that `serve --workers` starts
    (they read their settings from it, as from any environment), and WORKER_DEFAULTS where it sets none."""
    known = {definition.variable for definition in definitions()}
    for variable, value in settings.items():
        if variable not in known:
            raise KeyError(variable)
        os.environ[variable] = value
    for variable, value in WORKER_DEFAULTS.items():
        os.environ.setdefault(variable, value)
