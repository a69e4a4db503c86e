"""Every route × every role (and anonymous, with and without published pages): allowed or refused as designed.

The design, written out here rather than read from the code: every page needs a signed-in role unless it
is published; the audit trail is for rekenkamer and beheerder, accounts for the beheerder, a register's
forms for the roles that may write that register (domain/access.py WRITABLE_TABLES, the issue's role list).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from raadsmonitor.domain.access import WRITABLE_TABLES, Gebruiker, Rol
from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.store import audit
from raadsmonitor.store.users import list_users
from raadsmonitor.web.auth import DEMO_SETTINGS, WebSettings
from raadsmonitor.web.routes.registers import REGISTERS
from tests.accounts import account
from tests.browser.pages import post_routes, urls_per_route
from tests.trust.conftest import Site, csrf_of

OPEN = "open"
SIGN_IN = "naar aanmelden"
REFUSED = "geweigerd"
ALWAYS_OPEN = {"/aanmelden", "/toegankelijkheid"}
ROLE_BOUND: dict[str, set[Rol]] = {
    "/auditspoor": {Rol.REKENKAMER, Rol.BEHEERDER},
    "/gebruikers": {Rol.BEHEERDER},
    "/registers": {Rol.GRIFFIE, Rol.PROGRAMMABUREAU, Rol.PARTNER},
    "/gegevenspakket": {Rol.GRIFFIE, Rol.PROGRAMMABUREAU},
}


def roles_for(path: str) -> set[Rol] | None:
    """The roles a role-bound page admits; None for a page every signed-in role reads."""
    if path.startswith("/registers/"):
        table = path.split("/")[2]
        return {rol for rol in Rol if table in WRITABLE_TABLES[rol]}
    return ROLE_BOUND.get(path)


def expected(path: str, rol: Rol | None, public: bool) -> str:
    if path == "/aanmelden/code":  # only someone between password and code sees it
        return SIGN_IN
    if path in ALWAYS_OPEN:
        return OPEN
    admitted = roles_for(path)
    if rol is None:
        return OPEN if public and admitted is None else SIGN_IN
    return OPEN if admitted is None or rol in admitted else REFUSED


def outcome(client: TestClient, url: str) -> str:
    response = client.get(url, follow_redirects=False)
    if response.status_code == 200:
        return OPEN
    if response.status_code == 303 and response.headers["location"].startswith("/aanmelden"):
        return SIGN_IN
    if response.status_code == 403:
        return REFUSED
    return f"status {response.status_code}"


def one_url_per_route(site: Site) -> dict[str, str]:
    app = site.client().app
    return {route: urls[0] for route, urls in urls_per_route(app, site.engine).items()}  # type: ignore[arg-type]


@pytest.mark.parametrize("rol", [*Rol, None], ids=lambda rol: rol.value if rol else "anoniem")
def test_every_page_is_open_or_refused_for_each_role_as_designed(
        demo_site: Site, role_clients: dict[Rol | None, TestClient], rol: Rol | None) -> None:
    client = role_clients[rol]
    urls = one_url_per_route(demo_site)
    assert len(urls) > 25
    found = {route: outcome(client, url) for route, url in urls.items()}
    assert found == {route: expected(urlsplit(url).path, rol, public=False) for route, url in urls.items()}


def test_with_every_page_published_an_anonymous_visitor_reads_them_but_not_the_role_bound_ones(
        demo_site: Site) -> None:
    client = demo_site.client(DEMO_SETTINGS)
    urls = one_url_per_route(demo_site)
    found = {route: outcome(client, url) for route, url in urls.items()}
    assert found == {route: expected(urlsplit(url).path, None, public=True) for route, url in urls.items()}
    assert found["/themas"] == OPEN and found["/auditspoor"] == SIGN_IN and found["/registers/{tabel}"] == SIGN_IN


def test_published_prefixes_open_those_pages_only(demo_site: Site) -> None:
    client = demo_site.client(WebSettings(public_pages=("/", "/themas")))
    assert [outcome(client, url) for url in ("/", "/themas", "/themas/talentontwikkeling", "/organisatie",
                                             "/financien", "/begrippen")] == [
        OPEN, OPEN, OPEN, SIGN_IN, SIGN_IN, SIGN_IN]


def test_the_menu_shows_an_anonymous_visitor_only_the_published_pages(demo_site: Site) -> None:
    client = demo_site.client(WebSettings(public_pages=("/", "/themas")))
    html = client.get("/themas").text
    assert 'href="/themas"' in html and 'href="/organisatie"' not in html and 'href="/auditspoor"' not in html


@pytest.mark.parametrize("spec", REGISTERS, ids=lambda spec: spec.name)
def test_each_register_form_opens_for_exactly_the_roles_that_may_write_it(
        role_clients: dict[Rol | None, TestClient], spec: object) -> None:
    name = spec.name  # type: ignore[attr-defined]
    found = {rol: outcome(role_clients[rol], f"/registers/{name}/nieuw") for rol in Rol}
    assert found == {rol: OPEN if name in WRITABLE_TABLES[rol] else REFUSED for rol in Rol}


def test_there_is_a_form_for_every_table_some_role_may_write() -> None:
    writable = set().union(*WRITABLE_TABLES.values())
    assert {spec.name for spec in REGISTERS} == writable
    assert all(name in TABLES_BY_NAME for name in writable)


# POST: every form refused for anonymous visitors and for roles without the right, with a valid CSRF token
# (so that the refusal is the role's), and nothing written.

POST_BODIES: dict[str, tuple[str, dict[str, str], set[Rol]]] = {
    "/afmelden": ("/afmelden", {}, set(Rol)),
    "/gebruikers": ("/gebruikers", {"naam": "nieuw", "rol": "raadslid", "wachtwoord": "x" * 14}, {Rol.BEHEERDER}),
    "/gebruikers/{naam}/rol": ("/gebruikers/raadslid-test/rol", {"rol": "beheerder"}, {Rol.BEHEERDER}),
    "/gebruikers/{naam}/actief": ("/gebruikers/raadslid-test/actief", {"actief": "nee"}, {Rol.BEHEERDER}),
    "/registers/{tabel}/nieuw": ("/registers/geldstromen/nieuw", {"v_id": "nieuw"},
                                 {Rol.PROGRAMMABUREAU, Rol.PARTNER}),
    "/registers/{tabel}/wijzigen": ("/registers/geldstromen/wijzigen", {"sleutel": "aanjaaggeld-2023"},
                                    {Rol.PROGRAMMABUREAU, Rol.PARTNER}),
    "/registers/{tabel}/verwijderen": ("/registers/geldstromen/verwijderen", {"sleutel": "aanjaaggeld-2023"},
                                       {Rol.PROGRAMMABUREAU, Rol.PARTNER}),
    "/wijzigingen/peilmoment": ("/wijzigingen/peilmoment", {"peildatum": "2030-01-01"},
                                {Rol.GRIFFIE, Rol.PROGRAMMABUREAU}),
    "/gegevenspakket": ("/gegevenspakket", {}, {Rol.GRIFFIE, Rol.PROGRAMMABUREAU}),
    "/gegevenspakket/bevestigen": ("/gegevenspakket/bevestigen", {"pakket": "x" * 32},
                                   {Rol.GRIFFIE, Rol.PROGRAMMABUREAU}),
    "/gegevenspakket/annuleren": ("/gegevenspakket/annuleren", {"pakket": "x" * 32},
                                  {Rol.GRIFFIE, Rol.PROGRAMMABUREAU}),
}
SIGN_IN_STEPS = {"/aanmelden", "/aanmelden/code"}  # what an anonymous visitor posts to become signed in


def test_every_post_route_is_in_the_post_matrix(demo_site: Site) -> None:
    assert set(post_routes(demo_site.client().app)) == set(POST_BODIES) | SIGN_IN_STEPS  # type: ignore[arg-type]


def _state(site: Site) -> tuple[list[Gebruiker], int]:
    with site.engine.connect() as connection:
        return list_users(connection), _geldstromen(site)


def _geldstromen(site: Site) -> int:
    with site.engine.connect() as connection:
        return len(list(connection.exec_driver_sql("SELECT id, naam, totaalbedrag FROM geldstromen")))


@pytest.mark.parametrize("rol", [*Rol, None], ids=lambda rol: rol.value if rol else "anoniem")
def test_every_form_is_refused_for_anonymous_visitors_and_roles_without_the_right(demo_site: Site,
                                                                                   rol: Rol | None) -> None:
    client = demo_site.signed_in(rol, DEMO_SETTINGS)
    before = _state(demo_site)
    for route, (url, body, admitted) in POST_BODIES.items():
        if rol in admitted:
            continue
        token = csrf_of(client.get("/aanmelden").text)
        response = client.post(url, data={**body, "csrf": token}, follow_redirects=False)
        assert response.status_code == 403, (route, rol)
        assert "Geen toegang" in response.text
    assert _state(demo_site) == before


def test_a_refused_page_is_recorded_in_the_audit_trail_with_who_and_what(demo_site: Site) -> None:
    client = demo_site.signed_in(Rol.RAADSLID)
    assert client.get("/gebruikers").status_code == 403
    with demo_site.engine.connect() as connection:
        last = next(audit.iter_records(connection, newest_first=True, limit=1))
    assert (last.actie, last.resultaat, last.object, last.actor) == (
        "toegang", "geweigerd", "GET /gebruikers", f"gebruiker:{account(Rol.RAADSLID)}")
