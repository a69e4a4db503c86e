"""Eenmalig aanmelden met OpenID Connect (issue 21), against a real provider in its own process on 127.0.0.1:
the authorization-code flow with PKCE, roles from the provider's groups, no local code when the provider did
MFA, the account tied to the subject, sign-out at the provider, a Dutch page when it is unreachable, and
every step in the audit trail."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from raadsmonitor.domain.access import Rol
from raadsmonitor.services.accounts import sso
from raadsmonitor.store import audit, users
from raadsmonitor.store.database import write_transaction
from tests.accounts import SETUP
from tests.oidc_provider import RunningProvider, free_port, path_of, running_provider, sso_config
from tests.trust.conftest import Site, csrf_of

MFA = ["pwd", "mfa"]


@pytest.fixture(scope="module")
def provider() -> Iterator[RunningProvider]:
    with running_provider() as started:
        yield started


@pytest.fixture
def configured(provider: RunningProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "sso.toml"
    path.write_text(sso_config(provider.url), encoding="utf-8")
    monkeypatch.setenv(sso.ENV_CONFIG, str(path))
    return path


def _start(client: TestClient, volgende: str = "/") -> str:
    response = client.get(f"/aanmelden/sso?volgende={volgende}", follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def sign_in(client: TestClient, provider: RunningProvider, sub: str, volgende: str = "/"):
    callback = provider.authorize(_start(client, volgende), sub)
    assert callback.startswith("http://testserver/aanmelden/sso/terug?")
    return client.get(path_of(callback), follow_redirects=False)


def _trail(site: Site) -> list[audit.AuditRecord]:
    with site.engine.connect() as connection:
        return list(audit.iter_records(connection))


def _link(site: Site, issuer: str, sub: str) -> str | None:
    with site.engine.connect() as connection:
        return sso.linked_user(connection, issuer, sub)


def test_a_griffier_signs_in_with_the_organisation_account_and_gets_the_role_of_the_group(
        site: Site, provider: RunningProvider, configured: Path) -> None:
    provider.set_user("griffier-1", {"preferred_username": "a.jansen", "name": "Anna Jansen",
                                     "groups": ["rm-griffie", "alle-medewerkers"], "amr": MFA})
    client = site.client()
    page = client.get("/aanmelden").text
    assert "Aanmelden met uw account van de gemeente Heerlen" in page
    response = sign_in(client, provider, "griffier-1", volgende="/gegevenspakket")
    assert response.status_code == 303 and response.headers["location"] == "/gegevenspakket"
    assert client.get("/gegevenspakket").status_code == 200  # a griffie page: the role came from the group
    assert _link(site, provider.url, "griffier-1") == "a.jansen"
    with site.engine.connect() as connection:
        user = users.get_user(connection, "a.jansen")
    assert user is not None and user.rol is Rol.GRIFFIE and user.weergavenaam == "Anna Jansen"
    trail = [(r.actie, r.object, r.resultaat, r.toelichting) for r in _trail(site)[-3:]]
    assert trail[0][:3] == ("gebruikersbeheer", "gebruikers/a.jansen", "gelukt")
    assert trail[1][3] == "gekoppeld aan een account bij de aanmeldvoorziening"
    assert trail[2][:3] == ("aanmelden", "gebruikers/a.jansen", "gelukt")
    toelichting = trail[2][3]
    assert toelichting is not None
    assert f"eenmalig aanmelden ({provider.url}, tweede factor bij de aanmeldvoorziening)" in toelichting


def test_the_flow_uses_pkce_s256_state_and_nonce(site: Site, provider: RunningProvider, configured: Path) -> None:
    client = site.client()
    response = client.get("/aanmelden/sso", follow_redirects=False)
    query = parse_qs(urlsplit(response.headers["location"]).query)
    kept = json.loads(base64.urlsafe_b64decode(response.cookies["rm_sso_stap"]))
    expected = base64.urlsafe_b64encode(hashlib.sha256(kept["verifier"].encode()).digest()).rstrip(b"=").decode()
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"] == [expected]
    assert query["state"] == [kept["state"]] and query["nonce"] == [kept["nonce"]]
    assert query["response_type"] == ["code"] and query["redirect_uri"] == ["http://testserver/aanmelden/sso/terug"]
    assert len(kept["verifier"]) >= 43  # RFC 7636: 43 to 128 characters


def test_no_local_code_when_the_provider_did_mfa_and_a_refusal_when_it_did_not(
        site: Site, provider: RunningProvider, configured: Path) -> None:
    provider.set_user("bureau-1", {"preferred_username": "p.smeets", "groups": ["rm-programmabureau"], "amr": MFA})
    client = site.client()
    assert sign_in(client, provider, "bureau-1").headers["location"] == "/"
    assert client.get("/registers/geldstromen", follow_redirects=False).status_code == 200  # no code step

    provider.set_user("bureau-2", {"preferred_username": "q.smeets", "groups": ["rm-programmabureau"],
                                   "amr": ["pwd"]})
    other = site.client()
    refused = sign_in(other, provider, "bureau-2")
    assert refused.status_code == 403
    assert "Voor uw rol is een tweede factor verplicht" in refused.text
    assert other.get("/registers", follow_redirects=False).status_code == 303  # not signed in
    last = _trail(site)[-1]
    assert (last.actie, last.resultaat, last.toelichting) == (
        "aanmelden", "geweigerd", "sso: tweede factor verplicht maar niet gedaan")


def test_the_account_follows_the_subject_not_the_name_and_its_role_follows_the_groups(
        site: Site, provider: RunningProvider, configured: Path) -> None:
    with write_transaction(site.engine) as connection:  # a local account with the name the provider will give
        users.add_user(connection, SETUP, naam="r.peters", rol=Rol.RAADSLID, wachtwoord="x" * 16)
    provider.set_user("raad-1", {"preferred_username": "r.peters", "groups": ["rm-raad"], "amr": MFA})
    sign_in(site.client(), provider, "raad-1")
    naam = _link(site, provider.url, "raad-1")
    assert naam is not None and naam.startswith("r.peters-") and naam != "r.peters"  # never the local account

    provider.set_user("raad-1", {"preferred_username": "r.peters-nieuw", "groups": ["rm-griffie"], "amr": MFA})
    client = site.client()
    assert sign_in(client, provider, "raad-1").status_code == 303
    assert _link(site, provider.url, "raad-1") == naam  # the same account
    with site.engine.connect() as connection:
        assert users.get_user(connection, naam).rol is Rol.GRIFFIE  # type: ignore[union-attr]
    assert any(r.toelichting == "rol gewijzigd" and r.object == f"gebruikers/{naam}" for r in _trail(site))


def test_without_a_mapped_group_there_is_no_account(site: Site, provider: RunningProvider, configured: Path) -> None:
    provider.set_user("buiten-1", {"preferred_username": "b.buiten", "groups": ["alle-medewerkers"], "amr": MFA})
    response = sign_in(site.client(), provider, "buiten-1")
    assert response.status_code == 403
    assert "geen van uw groepen is aan een rol gekoppeld" in response.text
    assert _link(site, provider.url, "buiten-1") is None
    with site.engine.connect() as connection:
        assert users.get_user(connection, "b.buiten") is None


def test_sign_out_ends_the_session_here_and_at_the_provider(site: Site, provider: RunningProvider,
                                                            configured: Path) -> None:
    provider.set_user("griffier-2", {"preferred_username": "g.twee", "groups": ["rm-griffie"], "amr": MFA})
    client = site.client()
    sign_in(client, provider, "griffier-2")
    page = client.get("/registers")
    assert page.status_code == 200
    assert f"form-action 'self' {provider.url}" in page.headers["content-security-policy"]
    response = client.post("/afmelden", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(provider.url + "/oauth2/end_session?")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/aanmelden?afgemeld=1"]
    assert query["id_token_hint"][0].count(".") == 2
    assert client.get("/registers", follow_redirects=False).status_code == 303  # signed out here
    import httpx

    assert httpx.get(location, timeout=10).status_code == 200  # the provider's own sign-out page
    assert [r.actie for r in _trail(site)][-1] == "afmelden"


def test_an_unreachable_provider_gives_a_dutch_page_and_a_record(site: Site, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sso.toml"
    path.write_text(sso_config(f"http://127.0.0.1:{free_port()}", wachttijd=2), encoding="utf-8")
    monkeypatch.setenv(sso.ENV_CONFIG, str(path))
    client = site.client()
    response = client.get("/aanmelden/sso", follow_redirects=False)
    assert response.status_code == 503
    assert "De aanmeldvoorziening van uw organisatie is nu niet bereikbaar" in response.text
    assert 'name="wachtwoord"' in response.text  # the local sign-in is still there
    last = _trail(site)[-1]
    assert (last.actie, last.object, last.resultaat) == ("aanmelden", "sso", "mislukt")
    assert last.toelichting is not None and last.toelichting.startswith("sso: aanmeldvoorziening niet bereikbaar")


def test_a_callback_with_another_state_or_a_cancelled_sign_in_is_refused(site: Site, provider: RunningProvider,
                                                                         configured: Path) -> None:
    provider.set_user("griffier-3", {"preferred_username": "g.drie", "groups": ["rm-griffie"], "amr": MFA})
    client = site.client()
    callback = provider.authorize(_start(client), "griffier-3")
    forged = path_of(callback).replace("state=", "state=x")
    response = client.get(forged, follow_redirects=False)
    assert response.status_code == 400 and "Uw aanmelding is verlopen" in response.text
    assert _link(site, provider.url, "griffier-3") is None
    cancelled = client.get("/aanmelden/sso/terug?error=access_denied&state=x", follow_redirects=False)
    assert cancelled.status_code == 401 and "afgebroken of geweigerd" in cancelled.text
    assert _trail(site)[-1].toelichting == "sso: de aanmeldvoorziening meldde 'access_denied'"


def test_the_configuration_file_is_checked_with_dutch_messages(tmp_path: Path) -> None:
    path = tmp_path / "sso.toml"
    path.write_text('issuer = "https://login.example.nl"\nclient_id = "rm"\n[[rollen]]\ngroep = "a"\nrol = "baas"\n',
                    encoding="utf-8")
    with pytest.raises(sso.ConfigError, match="onbekende rol 'baas'"):
        sso.load_config(path)
    path.write_text('issuer = "https://login.example.nl"\nclient_id = "rm"\n', encoding="utf-8")
    with pytest.raises(sso.ConfigError, match="geen enkele"):
        sso.load_config(path)
    path.write_text('issuer = "https://login.example.nl/"\nclient_id = "rm"\nmfa_acr = "urn:mfa"\n'
                    '[[rollen]]\nclaim = "roles"\nwaarde = "Partner.Woonbedrijf"\nrol = "partner"\n'
                    'organisatie = "woonbedrijf"\n', encoding="utf-8")
    config = sso.load_config(path, secret="uit-de-omgeving")  # noqa: S106
    assert (config.issuer, config.client_secret, config.mfa_acr) == ("https://login.example.nl", "uit-de-omgeving",
                                                                     ("urn:mfa",))
    rule = sso.role_for(config, {"roles": ["Partner.Woonbedrijf"]})
    assert rule is not None and (rule.rol, rule.organisatie) == (Rol.PARTNER, "woonbedrijf")
    assert sso.provider_did_mfa(config, {"acr": "urn:mfa"}) and not sso.provider_did_mfa(config, {"amr": ["pwd"]})




def test_without_mfa_at_the_provider_an_account_with_a_code_app_is_asked_its_local_code(
        site: Site, provider: RunningProvider, configured: Path) -> None:
    import pyotp

    provider.set_user("bureau-3", {"preferred_username": "c.code", "groups": ["rm-programmabureau"], "amr": MFA})
    sign_in(site.client(), provider, "bureau-3")
    geheim = pyotp.random_base32()
    with write_transaction(site.engine) as connection:
        users.set_totp_secret(connection, SETUP, "c.code", geheim)
    provider.set_user("bureau-3", {"preferred_username": "c.code", "groups": ["rm-programmabureau"], "amr": ["pwd"]})
    client = site.client()
    response = sign_in(client, provider, "bureau-3", volgende="/registers")
    assert response.headers["location"] == "/aanmelden/code?volgende=%2Fregisters"
    assert client.get("/registers", follow_redirects=False).status_code == 303  # not yet
    page = client.get("/aanmelden/code?volgende=%2Fregisters").text
    done = client.post("/aanmelden/code", data={"code": pyotp.TOTP(geheim).now(), "volgende": "/registers",
                                                "csrf": csrf_of(page)}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/registers"
    assert client.get("/registers", follow_redirects=False).status_code == 200
    toelichting = [r.toelichting for r in _trail(site) if r.actie == "aanmelden"][-2]
    assert toelichting is not None and "; code gevraagd)" in toelichting
