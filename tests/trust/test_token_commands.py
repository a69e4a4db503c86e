"""`raadsmonitor token add|list|revoke`, as a beheerder gives a koppeling access to the API."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.domain.access import Rol
from raadsmonitor.store import audit
from raadsmonitor.store.database import make_engine, write_transaction
from raadsmonitor.store.users import add_user
from raadsmonitor.web.app import create_app
from tests.trust.api_support import BEHEER, PASSWORD

runner = CliRunner()


def test_a_token_is_shown_once_works_for_the_api_and_stops_working_when_revoked(store_url: str) -> None:
    engine = make_engine(store_url)
    with write_transaction(engine) as connection:
        add_user(connection, BEHEER, naam="controller", rol=Rol.PROGRAMMABUREAU, wachtwoord=PASSWORD)
    made = runner.invoke(app, ["token", "add", "controller", "--naam", "koppeling begroting", "--db", store_url])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    token_id = re.search(r"API-token (\w+) gemaakt voor controller", made.stdout).group(1)  # type: ignore[union-attr]
    client = TestClient(create_app(engine))
    assert client.get("/api/v1/gebieden", headers={"Authorization": f"Bearer {token}"}).status_code == 200

    listed = runner.invoke(app, ["token", "list", "--db", store_url])
    assert f"{token_id}\tcontroller\tkoppeling begroting\tgemaakt " in listed.stdout
    assert listed.stdout.rstrip().endswith("actief") and token not in listed.stdout

    revoked = runner.invoke(app, ["token", "revoke", token_id, "--db", store_url])
    assert revoked.exit_code == 0 and f"API-token {token_id} is ingetrokken." in revoked.stdout
    assert client.get("/api/v1/gebieden", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert runner.invoke(app, ["token", "list", "--db", store_url]).stdout.rstrip().endswith("ingetrokken")
    with engine.connect() as connection:
        records = list(audit.iter_records(connection))
    assert [record.toelichting for record in records][-2:] == ["API-token gemaakt", "API-token ingetrokken"]
    assert all(token not in str(record) for record in records)
    engine.dispose()


def test_a_token_for_an_unknown_user_or_an_unknown_token_id_is_refused(store_url: str) -> None:
    unknown_user = runner.invoke(app, ["token", "add", "niemand", "--db", store_url])
    assert unknown_user.exit_code == 1 and "gebruiker 'niemand' bestaat niet" in unknown_user.output
    unknown_token = runner.invoke(app, ["token", "revoke", "abc123", "--db", store_url])
    assert unknown_token.exit_code == 1 and "API-token 'abc123' bestaat niet" in unknown_token.output
    assert runner.invoke(app, ["token", "list", "--db", store_url]).stdout.strip() == "Er zijn geen API-tokens."
