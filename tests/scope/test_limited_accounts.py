"""An account limited to one programme (issue 20): its pages, API lists and writes stay within that programme."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.domain.access import Rol
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store import audit
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.users import add_api_token, get_user
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import WebSettings
from tests.html import text
from tests.scope.arnhem import PROGRAMMA, write_arnhem_package
from tests.trust.api_support import BEHEER, PASSWORD, cheap_password_hashing
from tests.trust.conftest import sign_in


@pytest.fixture
def both(engine: Engine, demo_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    cheap_password_hashing(monkeypatch)
    for package in (demo_package, write_arnhem_package(tmp_path / "arnhem-oost", demo_package)):
        assert import_package(engine, package).written
    return engine


def _users(engine: Engine, *args: str) -> str:
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["users", *args, "--db", url], input=f"{PASSWORD}\n")
    return f"{result.exit_code}: {result.output}"


def test_accounts_are_limited_with_the_users_commands(both: Engine) -> None:
    assert _users(both, "add", "arnhem-raad", "--rol", "raadslid", "--programma", PROGRAMMA, "--wachtwoord-stdin") \
        == "0: Gebruiker aangemaakt: arnhem-raad, Raadslid, alleen programma npao, actief.\n"
    assert _users(both, "add", "x", "--rol", "raadslid", "--programma", "nplv", "--wachtwoord-stdin") == (
        "1: fout: programma 'nplv' is geen programma van een focusgebied in de gegevens (wel: npao, nphln)\n")
    assert _users(both, "set-role", "arnhem-raad", "--rol", "griffie", "--programma", "nphln").startswith("0: ")
    with both.connect() as connection:
        user = get_user(connection, "arnhem-raad")
        last = next(audit.iter_records(connection, limit=1, newest_first=True))
    assert user is not None and (user.rol, user.programma) == (Rol.GRIFFIE, "nphln")
    assert '"programma":"npao"' in (last.oud or "") and '"programma":"nphln"' in (last.nieuw or "")
    assert _users(both, "set-role", "arnhem-raad", "--rol", "griffie").startswith("0: Rol gewijzigd: arnhem-raad, "
                                                                                  "Griffie, actief")


def test_a_limited_account_sees_only_its_programmes_pages(both: Engine) -> None:
    assert _users(both, "add", "arnhem-raad", "--rol", "raadslid", "--programma", PROGRAMMA,
                  "--wachtwoord-stdin").startswith("0: ")
    client = TestClient(create_app(both, WebSettings()))
    sign_in(client, "arnhem-raad", password=PASSWORD)
    response = client.get("/")
    assert response.status_code == 200
    assert "Programma Arnhem-Oost (PAO)" in response.text and "rm-programmakeuze" not in response.text
    assert client.get(f"/programma/{PROGRAMMA}/financien").status_code == 200
    refused = client.get("/programma/nphln/financien")
    assert refused.status_code == 403
    with both.connect() as connection:
        last = next(audit.iter_records(connection, limit=1, newest_first=True))
    assert (last.actor, last.resultaat, last.toelichting) == (
        "gebruiker:arnhem-raad", "geweigerd", "account beperkt tot programma npao")
    assert "Regio Deal" not in text_of(client, "/financien")


def text_of(client: TestClient, url: str) -> str:
    from bs4 import BeautifulSoup

    response = client.get(url)
    assert response.status_code == 200, url
    return text(BeautifulSoup(response.text, "html.parser").main)


def test_a_limited_account_reads_and_writes_only_its_programmes_records_in_the_api(both: Engine) -> None:
    assert _users(both, "add", "arnhem-bureau", "--rol", "programmabureau", "--programma", PROGRAMMA,
                  "--wachtwoord-stdin").startswith("0: ")
    assert _users(both, "add", "iedereen", "--rol", "raadslid", "--wachtwoord-stdin").startswith("0: ")
    with write_transaction(both) as connection:
        limited = add_api_token(connection, BEHEER, "arnhem-bureau", "test")[1]
        everyone = add_api_token(connection, BEHEER, "iedereen", "test")[1]
    client = TestClient(create_app(both))

    def get(path: str, token: str) -> object:
        return client.get(path, headers={"Authorization": f"Bearer {token}"})

    for _ in range(2):  # the second answer comes from the remembered lists: still apart per account
        own = get("/api/v1/geldstromen", limited).json()  # type: ignore[attr-defined]
        assert own["totaal"] == 4 and {r["id"] for r in own["resultaten"]} == {
            "ao-ministerie", "ao-cofinanciering", "ao-spuk-kansrijke-wijk", "ao-volkshuisvestingsfonds"}
        assert get("/api/v1/geldstromen", everyone).json()["totaal"] == 16  # type: ignore[attr-defined]
    heerlen = get("/api/v1/geldstromen?programma=nphln", everyone).json()  # type: ignore[attr-defined]
    assert heerlen["totaal"] == 12 and all(r["programma"] == "nphln" for r in heerlen["resultaten"])
    assert get("/api/v1/geldstromen?programma=nphln", limited).status_code == 403  # type: ignore[attr-defined]
    assert get("/api/v1/geldstromen/preventie-met-gezag", limited).status_code == 404  # type: ignore[attr-defined]
    assert get("/api/v1/geldstromen/ao-ministerie", limited).status_code == 200  # type: ignore[attr-defined]
    stored = get("/api/v1/geldstromen/preventie-met-gezag", everyone)
    body = stored.json() | {"naam": "Overgenomen"}  # type: ignore[attr-defined]
    refused = client.put("/api/v1/geldstromen/preventie-met-gezag", json=body,
                         headers={"Authorization": f"Bearer {limited}",
                                  "If-Match": stored.headers["etag"]})  # type: ignore[attr-defined]
    assert refused.status_code == 403
    new = {"id": "ao-nieuw", "naam": "Nieuw", "programma": "nphln", "herkomst": "rijk", "bron": "test-arnhem-oost"}
    assert client.post("/api/v1/geldstromen", json=new, headers={"Authorization": f"Bearer {limited}"}
                       ).status_code == 403
    assert client.post("/api/v1/geldstromen", json=new | {"programma": PROGRAMMA},
                       headers={"Authorization": f"Bearer {limited}"}).status_code == 201
