"""The page cache never crosses the line between visitors: a signed-in page is not stored, and a
resident never gets a signed-in user's page (issues 7 and 8)."""

from __future__ import annotations

from raadsmonitor.domain.access import Rol
from raadsmonitor.web.auth import WebSettings
from tests.accounts import account
from tests.trust.conftest import Site, sign_in

PUBLIC = WebSettings(public_pages=("*",))


def test_a_signed_in_page_is_neither_stored_nor_served_to_a_resident(demo_site: Site) -> None:
    griffie = demo_site.signed_in(Rol.GRIFFIE, PUBLIC)
    resident = demo_site.client(PUBLIC)
    pages = griffie.app.state.pages  # type: ignore[attr-defined]
    before = len(pages)
    signed_in = griffie.get("/themas")
    assert signed_in.status_code == 200 and account(Rol.GRIFFIE) in signed_in.text
    assert "etag" not in signed_in.headers and len(pages) == before
    public = resident.get("/themas")
    assert public.status_code == 200 and account(Rol.GRIFFIE) not in public.text
    assert "etag" in public.headers


def test_a_resident_page_from_the_cache_is_not_what_a_signed_in_user_gets(demo_site: Site) -> None:
    client = demo_site.client(PUBLIC)
    first = client.get("/organisatie")
    assert client.get("/organisatie", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    sign_in(client, account(Rol.RAADSLID))
    again = client.get("/organisatie", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 200 and account(Rol.RAADSLID) in again.text


def test_an_api_answer_is_never_served_from_the_page_cache(demo_site: Site) -> None:
    from raadsmonitor.services.audit_context import local_context
    from raadsmonitor.store import users
    from raadsmonitor.store.database import write_transaction

    with write_transaction(demo_site.engine) as connection:
        _, token = users.add_api_token(connection, local_context(), account(Rol.RAADSLID), "test")
    client = demo_site.client(PUBLIC)
    assert client.get("/api/v1/geldstromen", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.get("/api/v1/geldstromen").status_code == 401
