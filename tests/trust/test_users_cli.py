"""`raadsmonitor users`: accounts on the command line, passwords never as an argument, every change audited."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pyotp
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.services.accounts.signin import accepted_step
from raadsmonitor.store import audit
from raadsmonitor.store.database import make_engine
from raadsmonitor.store.users import check_password
from tests.accounts import PASSWORD

runner = CliRunner()


def users(store_url: str, *args: str, stdin: str | None = None) -> object:
    return runner.invoke(app, ["users", *args, "--db", store_url], input=stdin)


def test_a_beheerder_adds_an_account_with_the_password_from_stdin_and_it_signs_in(store_url: str) -> None:
    result = users(store_url, "add", "griffier", "--rol", "griffie", "--weergavenaam", "De griffier",
                   "--wachtwoord-stdin", stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "Gebruiker aangemaakt: griffier, Griffie, actief." in result.output  # type: ignore[attr-defined]
    engine = make_engine(store_url)
    with engine.connect() as connection:
        assert check_password(connection, "griffier", PASSWORD) is not None
        [record] = list(audit.iter_records(connection))
    assert (record.actie, record.object, record.actor.startswith("cli:")) == (
        "gebruikersbeheer", "gebruikers/griffier", True)
    assert PASSWORD not in (record.nieuw or "")
    engine.dispose()


def test_the_password_is_asked_twice_and_must_match(store_url: str) -> None:
    result = users(store_url, "add", "jan", "--rol", "raadslid", stdin=f"{PASSWORD}\nanders-wachtwoord\n")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "de twee wachtwoorden zijn niet gelijk" in result.output  # type: ignore[attr-defined]
    assert "jan" not in users(store_url, "list").output  # type: ignore[attr-defined]
    asked = users(store_url, "add", "jan", "--rol", "raadslid", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert asked.exit_code == 0 and PASSWORD not in asked.output  # type: ignore[attr-defined]


def test_a_short_password_and_a_partner_without_organisation_are_refused_in_dutch(store_url: str) -> None:
    short = users(store_url, "add", "jan", "--rol", "raadslid", "--wachtwoord-stdin", stdin="kort\n")
    assert (short.exit_code, short.output.strip()) == (  # type: ignore[attr-defined]
        1, "fout: een wachtwoord heeft minstens 12 tekens")
    partner = users(store_url, "add", "woonpunt", "--rol", "partner", "--wachtwoord-stdin", stdin=PASSWORD + "\n")
    assert "een partner hoort bij een organisatie" in partner.output  # type: ignore[attr-defined]


def test_roles_are_changed_accounts_disabled_and_enabled_and_listed(store_url: str) -> None:
    users(store_url, "add", "piet", "--rol", "raadslid", "--wachtwoord-stdin", stdin=PASSWORD + "\n")
    assert "Rol gewijzigd: piet, Rekenkamer" in users(store_url, "set-role", "piet", "--rol", "rekenkamer").output  # type: ignore[attr-defined]
    assert "Uitgeschakeld: piet" in users(store_url, "disable", "piet").output  # type: ignore[attr-defined]
    listed = json.loads(users(store_url, "list", "--format", "json").output)  # type: ignore[attr-defined]
    assert listed == [{"naam": "piet", "weergavenaam": None, "rol": "rekenkamer", "organisatie": None,
                       "programma": None, "actief": False, "tweede_factor": False}]
    assert "Ingeschakeld: piet" in users(store_url, "enable", "piet").output  # type: ignore[attr-defined]
    assert users(store_url, "disable", "niemand").exit_code == 1  # type: ignore[attr-defined]


def test_totp_shows_the_secret_once_and_the_app_codes_are_accepted(store_url: str) -> None:
    users(store_url, "add", "beheer", "--rol", "beheerder", "--wachtwoord-stdin", stdin=PASSWORD + "\n")
    result = users(store_url, "totp", "beheer")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    uri = next(line for line in result.output.splitlines() if line.startswith("otpauth://"))  # type: ignore[attr-defined]
    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    now = datetime.now(UTC)
    assert accepted_step(secret, pyotp.TOTP(secret).at(now), now) is not None
    assert "beheer, Beheerder, actief, tweede factor ingesteld" in users(store_url, "list").output  # type: ignore[attr-defined]
    engine = make_engine(store_url)
    with engine.connect() as connection:
        assert secret not in json.dumps([record.nieuw for record in audit.iter_records(connection)])
    engine.dispose()


def test_a_new_password_replaces_the_old_one(store_url: str) -> None:
    users(store_url, "add", "jan", "--rol", "raadslid", "--wachtwoord-stdin", stdin=PASSWORD + "\n")
    result = users(store_url, "password", "jan", "--wachtwoord-stdin", stdin="een-heel-ander-wachtwoord\n")
    assert result.output.strip() == "Wachtwoord van jan gewijzigd."  # type: ignore[attr-defined]
    engine = make_engine(store_url)
    with engine.connect() as connection:
        assert check_password(connection, "jan", PASSWORD) is None
        assert check_password(connection, "jan", "een-heel-ander-wachtwoord") is not None
    engine.dispose()
