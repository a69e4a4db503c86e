"""GET /api/v1/register and `raadsmonitor register`: the register's stand and handling times as JSON (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.domain.access import Rol
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.users import add_api_token, add_user
from raadsmonitor.web.app import create_app
from tests.trust.api_support import BEHEER, PASSWORD, Api, cheap_password_hashing


@pytest.fixture
def demo_api(engine: Engine, demo_package: Path, monkeypatch: pytest.MonkeyPatch) -> Api:
    cheap_password_hashing(monkeypatch)
    assert import_package(engine, demo_package).written
    with write_transaction(engine) as connection:
        add_user(connection, BEHEER, naam="raadslid", rol=Rol.RAADSLID, wachtwoord=PASSWORD)
        token = add_api_token(connection, BEHEER, "raadslid", "tests")[1]
    return Api(engine, TestClient(create_app(engine)), {Rol.RAADSLID: token})


def test_the_register_api_gives_stand_links_and_handling_times(demo_api: Api) -> None:
    response = demo_api.get("/api/v1/register", params={"peildatum": "2026-12-06", "limiet": 1000})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["peildatum"], body["totaal"], body["volgende"]) == ("2026-12-06", 37, None)
    by_id = {regel["id"]: regel for regel in body["resultaten"]}
    motie = by_id["motie-2022-02-23-positie-gemeenteraad"]
    assert motie["stand"] == "afgedaan"
    assert motie["afgedaan_door"] == "rib-2022-12-20-afhandeling-motie-positie-gemeenteraad"
    assert motie["afhandeltijd"] == {"kalenderdagen": 300, "werkdagen": 208, "binnen_termijn": False}
    alliantie = by_id["a33v-2022-07-04-alliantie"]
    assert (alliantie["stand"], alliantie["dagen_open"], alliantie["nagegaan_op"]) == ("onbekend", None, None)
    huisvesting = by_id["a33v-2023-05-26-plannen-huisvesting"]
    assert huisvesting["koppelingen"][0]["richting"] == "van"
    assert huisvesting["koppelingen"][0]["toelichting"].startswith("Afgeleid, niet letterlijk in de bron")


def test_the_register_api_pages_and_needs_a_token(demo_api: Api) -> None:
    first = demo_api.get("/api/v1/register", params={"peildatum": "2024-01-01", "limiet": 30})
    assert len(first.json()["resultaten"]) == 30 and first.headers["Link"].endswith('rel="next"')
    second = demo_api.get(first.json()["volgende"])
    assert len(second.json()["resultaten"]) == 7 and second.json()["peildatum"] == "2024-01-01"
    assert demo_api.client.get("/api/v1/register").status_code == 401
    assert demo_api.get("/api/v1/register", params={"peildatum": "1-1-2024"}).status_code == 400


def test_the_register_command_gives_the_same_lines(engine: Engine, demo_package: Path) -> None:
    assert import_package(engine, demo_package).written
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["register", "--peildatum", "2026-12-06", "--format", "json", "--db", url])
    assert result.exit_code == 0, result.output
    lines = json.loads(result.output)["regels"]
    assert next(r for r in lines if r["id"] == "vraag-2021-09-29-cijfers-analyses")["stand"] == "onbekend"
    table = CliRunner().invoke(app, ["register", "--peildatum", "2026-12-06", "--db", url]).output
    assert "300 dagen (208 werkdagen)" in table and "onbekend" in table


def test_the_register_api_keeps_to_one_programme_when_asked(demo_api: Api) -> None:
    mine = demo_api.get("/api/v1/register", params={"programma": "nphln", "limiet": 1000})
    assert mine.status_code == 200 and mine.json()["totaal"] == 37
    unknown = demo_api.get("/api/v1/register", params={"programma": "arnhem-oost"})
    assert unknown.status_code == 400 and "Onbekend programma: arnhem-oost" in unknown.json()["detail"]
