"""Signing in: sessions and their cookie, the second factor, throttling, CSRF and the audit trail."""

from __future__ import annotations

import json

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from raadsmonitor.domain.access import Rol
from raadsmonitor.domain.audit import Actie
from raadsmonitor.store import audit
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.tables import table
from raadsmonitor.store.users import set_active, set_totp_secret, sha256
from raadsmonitor.web.auth import SESSION_COOKIE, WebSettings
from tests.accounts import PASSWORD, SETUP, account
from tests.trust.conftest import Clock, Site, csrf_of, sign_in

RAADSLID = account(Rol.RAADSLID)
BUREAU = account(Rol.PROGRAMMABUREAU)


def _post_sign_in(client: TestClient, naam: str, wachtwoord: str, volgende: str = "/") -> object:
    token = csrf_of(client.get("/aanmelden").text)
    return client.post("/aanmelden", data={"naam": naam, "wachtwoord": wachtwoord, "volgende": volgende,
                                           "csrf": token}, follow_redirects=False)


def _session_cookie(response: object) -> str:
    header = next(h for h in response.headers.get_list("set-cookie")  # type: ignore[attr-defined]
                  if h.startswith(SESSION_COOKIE + "="))
    return header


def _trail(site: Site) -> list[audit.AuditRecord]:
    with site.engine.connect() as connection:
        return list(audit.iter_records(connection))


def test_a_council_member_signs_in_and_returns_to_the_page_asked_for(site: Site) -> None:
    client = site.client()
    asked = client.get("/organisatie", follow_redirects=False)
    assert (asked.status_code, asked.headers["location"]) == (303, "/aanmelden?volgende=%2Forganisatie")
    response = _post_sign_in(client, RAADSLID, PASSWORD, volgende="/organisatie")
    assert (response.status_code, response.headers["location"]) == (303, "/organisatie")  # type: ignore[attr-defined]
    page = client.get("/organisatie")
    assert page.status_code == 200 and "Aangemeld als" in page.text and RAADSLID in page.text


@pytest.mark.parametrize("target", ["https://elders.example/", "//elders.example/pad", "/\\elders.example",
                                    "javascript:alert(1)"])
def test_after_sign_in_only_a_page_of_this_site_is_a_destination(site: Site, target: str) -> None:
    response = _post_sign_in(site.client(), RAADSLID, PASSWORD, volgende=target)
    assert response.headers["location"] == "/"  # type: ignore[attr-defined]


def test_the_session_cookie_is_httponly_and_samesite_and_secure_over_https(site: Site) -> None:
    plain = _session_cookie(_post_sign_in(site.client(), RAADSLID, PASSWORD)).lower()
    assert "httponly" in plain and "samesite=lax" in plain and "secure" not in plain
    https = site.client(base_url="https://testserver")
    assert "secure" in _session_cookie(_post_sign_in(https, RAADSLID, PASSWORD)).lower()
    # Behind a proxy that ends https the application sees http; the setting makes every cookie Secure anyway.
    behind_proxy = site.client(WebSettings(secure_cookies=True))
    assert "secure" in behind_proxy.get("/aanmelden").headers["set-cookie"].lower()


def test_the_store_keeps_only_the_hash_of_a_session_id(site: Site) -> None:
    client = site.client()
    _post_sign_in(client, RAADSLID, PASSWORD)
    session_id = client.cookies[SESSION_COOKIE]
    with site.engine.connect() as connection:
        stored = connection.execute(select(table("sessies").c.id_hash)).scalars().all()
    assert stored == [sha256(session_id)]


def test_signing_in_gives_a_new_session_id_and_ends_the_one_before(site: Site) -> None:
    client = site.client()
    client.cookies.set(SESSION_COOKIE, "vooraf-geplant", domain="testserver.local")
    _post_sign_in(client, RAADSLID, PASSWORD)
    first = client.cookies[SESSION_COOKIE]
    assert first != "vooraf-geplant"
    _post_sign_in(client, RAADSLID, PASSWORD)
    second = client.cookies[SESSION_COOKIE]
    assert second != first
    stale = site.client()
    stale.cookies.set(SESSION_COOKIE, first, domain="testserver.local")
    assert stale.get("/organisatie", follow_redirects=False).status_code == 303
    assert client.get("/organisatie").status_code == 200


def test_a_session_ends_after_eight_idle_hours(site: Site) -> None:
    clock = Clock()
    client = site.signed_in(Rol.RAADSLID, clock=clock)
    clock.advance(hours=7, minutes=59)
    assert client.get("/themas", follow_redirects=False).status_code == 200
    clock.advance(hours=8)
    assert client.get("/themas", follow_redirects=False).status_code == 303
    sign_in(client, RAADSLID, clock=clock)  # the next sign-in clears expired sessions from the store
    with site.engine.connect() as connection:
        assert len(connection.execute(select(table("sessies"))).all()) == 1


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(site: Site) -> None:
    clock = Clock()
    client = site.signed_in(Rol.RAADSLID, clock=clock)
    for _ in range(11):
        clock.advance(hours=1)
        assert client.get("/themas", follow_redirects=False).status_code == 200
    clock.advance(hours=1)
    assert client.get("/themas", follow_redirects=False).status_code == 303


def test_a_disabled_account_loses_its_open_session_at_once(site: Site) -> None:
    client = site.signed_in(Rol.GRIFFIE)
    assert client.get("/registers").status_code == 200
    with write_transaction(site.engine) as connection:
        set_active(connection, SETUP, account(Rol.GRIFFIE), False)
    assert client.get("/registers", follow_redirects=False).status_code == 303
    assert _post_sign_in(site.client(), account(Rol.GRIFFIE), PASSWORD).status_code == 401  # type: ignore[attr-defined]


def test_signing_out_ends_the_session_and_is_recorded(site: Site) -> None:
    client = site.signed_in(Rol.RAADSLID)
    session_id = client.cookies[SESSION_COOKIE]
    response = client.post("/afmelden", data={"csrf": csrf_of(client.get("/themas").text)}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/aanmelden?afgemeld=1")
    assert "U bent afgemeld" in client.get(response.headers["location"]).text
    again = site.client()
    again.cookies.set(SESSION_COOKIE, session_id, domain="testserver.local")
    assert again.get("/themas", follow_redirects=False).status_code == 303
    last = _trail(site)[-1]
    assert (last.actie, last.resultaat, last.object) == ("afmelden", "gelukt", f"gebruikers/{RAADSLID}")


# The second factor

def test_the_programme_bureau_signs_in_with_password_and_then_a_code_from_its_app(site: Site) -> None:
    clock = Clock()
    client = site.client(clock=clock)
    response = _post_sign_in(client, BUREAU, PASSWORD, volgende="/registers")
    assert response.headers["location"] == "/aanmelden/code?volgende=%2Fregisters"  # type: ignore[attr-defined]
    assert client.get("/registers", follow_redirects=False).status_code == 303  # not yet: the code is missing
    token = csrf_of(client.get("/aanmelden/code").text)
    wrong = client.post("/aanmelden/code", data={"code": "000000", "csrf": token}, follow_redirects=False)
    assert wrong.status_code == 401 and "De code is onjuist" in wrong.text
    code = pyotp.TOTP(site.secrets[BUREAU]).at(clock.now())
    right = client.post("/aanmelden/code", data={"code": code, "volgende": "/registers", "csrf": token},
                        follow_redirects=False)
    assert (right.status_code, right.headers["location"]) == (303, "/registers")
    assert client.get("/registers").status_code == 200


def _code_step(client: TestClient, code: str) -> object:
    assert _post_sign_in(client, BUREAU, PASSWORD).status_code == 303  # type: ignore[attr-defined]
    token = csrf_of(client.get("/aanmelden/code").text)
    return client.post("/aanmelden/code", data={"code": code, "csrf": token}, follow_redirects=False)


def test_a_code_counts_once_even_within_the_half_minute_it_is_shown(site: Site) -> None:
    clock = Clock()
    totp = pyotp.TOTP(site.secrets[BUREAU])
    code = totp.at(clock.now())
    assert _code_step(site.client(clock=clock), code).status_code == 303  # type: ignore[attr-defined]
    clock.advance(seconds=5)  # someone who saw it over a shoulder, on another device
    again = _code_step(site.client(clock=clock), code)
    assert again.status_code == 401 and "al gebruikt" in again.text  # type: ignore[attr-defined]
    earlier = totp.at(clock.now(), counter_offset=-1)  # an older code, still inside the drift window
    assert _code_step(site.client(clock=clock), earlier).status_code == 401  # type: ignore[attr-defined]
    clock.advance(seconds=30)
    assert _code_step(site.client(clock=clock), totp.at(clock.now())).status_code == 303  # type: ignore[attr-defined]
    asked, used = "wachtwoord juist, code gevraagd", "aangemeld met tweede factor"
    refused = "code onjuist of al gebruikt"
    assert [record.toelichting for record in _trail(site) if record.actie == Actie.AANMELDEN.value][-8:] == [
        asked, used, asked, refused, asked, refused, asked, used]


def test_a_role_that_needs_a_second_factor_cannot_sign_in_without_one(site: Site) -> None:
    with write_transaction(site.engine) as connection:
        set_totp_secret(connection, SETUP, BUREAU, None)
    response = _post_sign_in(site.client(), BUREAU, PASSWORD)
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "raadsmonitor users totp" in response.text  # type: ignore[attr-defined]
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")  # type: ignore[attr-defined]


# Throttling

def test_five_wrong_passwords_lock_the_name_for_a_quarter_of_an_hour(site: Site) -> None:
    clock = Clock()
    client = site.client(clock=clock)
    for _ in range(5):
        assert _post_sign_in(client, RAADSLID, "verkeerd-wachtwoord").status_code == 401  # type: ignore[attr-defined]
    locked = _post_sign_in(client, RAADSLID, PASSWORD)
    assert locked.status_code == 429 and "Te veel mislukte pogingen" in locked.text  # type: ignore[attr-defined]
    clock.advance(minutes=16)
    assert _post_sign_in(client, RAADSLID, PASSWORD).status_code == 303  # type: ignore[attr-defined]


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(site: Site) -> None:
    client = site.client()
    unknown = _post_sign_in(client, "niemand", PASSWORD)
    wrong = _post_sign_in(client, RAADSLID, "verkeerd-wachtwoord")
    assert unknown.status_code == wrong.status_code == 401  # type: ignore[attr-defined]
    assert "De naam of het wachtwoord is onjuist." in unknown.text  # type: ignore[attr-defined]
    assert "De naam of het wachtwoord is onjuist." in wrong.text  # type: ignore[attr-defined]


def test_twenty_failures_from_one_address_lock_that_address_for_every_name(site: Site) -> None:
    client = site.client(clock=Clock())
    for number in range(20):
        _post_sign_in(client, f"gok-{number}", "verkeerd-wachtwoord")
    assert _post_sign_in(client, RAADSLID, PASSWORD).status_code == 429  # type: ignore[attr-defined]


def test_throttling_counts_wrong_codes_too(site: Site) -> None:
    client = site.client(clock=Clock())
    for _ in range(5):
        _post_sign_in(client, BUREAU, PASSWORD)
        token = csrf_of(client.get("/aanmelden/code").text)
        client.post("/aanmelden/code", data={"code": "000000", "csrf": token})
    assert _post_sign_in(client, BUREAU, PASSWORD).status_code == 429  # type: ignore[attr-defined]


# CSRF

def _new_source_form(client: TestClient, token: str | None) -> int:
    data = {"v_id": "nieuwe-bron", "v_document": "Raadsinformatiebrief"}
    if token is not None:
        data["csrf"] = token
    return client.post("/registers/bronnen/nieuw", data=data, follow_redirects=False).status_code


def _sources(site: Site) -> list[str]:
    with site.engine.connect() as connection:
        return list(connection.execute(select(table("bronnen").c.id)).scalars())


def test_a_form_without_or_with_a_wrong_csrf_token_is_refused_and_nothing_is_written(site: Site) -> None:
    client = site.signed_in(Rol.GRIFFIE)
    other = site.signed_in(Rol.GRIFFIE)
    other_token = csrf_of(other.get("/registers/bronnen/nieuw").text)
    before = _sources(site)
    for token in (None, "", "geraden", other_token):
        assert _new_source_form(client, token) == 403
    assert _sources(site) == before
    refused = client.post("/registers/bronnen/nieuw", data={"v_id": "x"})
    assert refused.status_code == 403 and "Het formulier kon niet worden verwerkt" in refused.text
    last = _trail(site)[-1]
    assert (last.actie, last.resultaat, last.toelichting) == ("toegang", "geweigerd",
                                                              "formulier zonder geldig CSRF-token")
    assert _new_source_form(client, csrf_of(client.get("/registers/bronnen/nieuw").text)) == 303
    assert "nieuwe-bron" in _sources(site)


def test_the_sign_in_form_needs_its_csrf_cookie(site: Site) -> None:
    client = site.client()
    token = csrf_of(client.get("/aanmelden").text)
    stranger = site.client()  # a form posted from another site: the browser has no matching cookie
    response = stranger.post("/aanmelden", data={"naam": RAADSLID, "wachtwoord": PASSWORD, "csrf": token},
                             follow_redirects=False)
    assert response.status_code == 403 and SESSION_COOKIE not in stranger.cookies


# The audit trail

def test_every_sign_in_attempt_is_recorded_without_password_code_or_session_id(site: Site) -> None:
    client = site.client()
    _post_sign_in(client, RAADSLID, "verkeerd-wachtwoord")
    _post_sign_in(client, "iemand-onbekends", PASSWORD)
    sign_in(client, BUREAU, site.secrets[BUREAU])
    attempts = [(r.object, r.resultaat, r.toelichting, r.adres) for r in _trail(site) if r.actie == "aanmelden"]
    assert attempts == [
        (f"gebruikers/{RAADSLID}", "mislukt", "naam of wachtwoord onjuist", "testclient"),
        ("gebruikers/(onbekende naam)", "mislukt", "naam of wachtwoord onjuist", "testclient"),
        (f"gebruikers/{BUREAU}", "gelukt", "wachtwoord juist, code gevraagd", "testclient"),
        (f"gebruikers/{BUREAU}", "gelukt", "aangemeld met tweede factor", "testclient"),
    ]
    everything = json.dumps([vars_of(record) for record in _trail(site)])
    assert PASSWORD not in everything and "iemand-onbekends" not in everything
    assert client.cookies[SESSION_COOKIE] not in everything and site.secrets[BUREAU] not in everything


def vars_of(record: audit.AuditRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in audit.AuditRecord.__dataclass_fields__}
