"""Issue 20: the griffie and the programme bureau take a reporting moment on /wijzigingen: the same core function
as `raadsmonitor snapshot`, in the audit trail with origin web, refused for other roles, never overwritten."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from raadsmonitor.domain.access import Rol
from raadsmonitor.domain.snapshots import Peilmoment
from raadsmonitor.store import audit
from raadsmonitor.store.snapshots import list_moments
from tests.accounts import account
from tests.trust.conftest import Site, csrf_of

ALLOWED = [Rol.GRIFFIE, Rol.PROGRAMMABUREAU]
REFUSED = [rol for rol in Rol if rol not in ALLOWED]


def _moments(site: Site) -> list[Peilmoment]:
    with site.engine.connect() as connection:
        return list_moments(connection)


def _post(client: TestClient, peildatum: str, naam: str = "") -> object:
    token = csrf_of(client.get("/aanmelden").text)
    return client.post("/wijzigingen/peilmoment", data={"peildatum": peildatum, "naam": naam, "csrf": token},
                       follow_redirects=False)


def _summary(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [" ".join(item.get_text(" ").split()) for item in soup.select(".rm-error-summary li")]


@pytest.mark.parametrize("rol", ALLOWED, ids=lambda rol: rol.value)
def test_the_role_takes_a_moment_on_the_page_and_the_trail_says_who_from_the_web(site: Site, rol: Rol) -> None:
    client = site.signed_in(rol)
    page = BeautifulSoup(client.get("/wijzigingen").text, "html.parser")
    form = page.select_one("form[action='/wijzigingen/peilmoment']")
    assert form is not None and form.select_one("input[name=csrf]") is not None
    assert "raadsmonitor snapshot" not in page.get_text()
    response = _post(client, "2024-06-30", "Eerste halfjaar 2024")
    assert (response.status_code, response.headers["location"]) == (  # type: ignore[attr-defined]
        303, "/wijzigingen?vastgelegd=2024-06-30")
    notice = BeautifulSoup(client.get("/wijzigingen?vastgelegd=2024-06-30").text, "html.parser").select_one(
        ".rm-notice")
    assert notice is not None and notice.get_text() == "Peilmoment op 30 juni 2024 (Eerste halfjaar 2024) vastgelegd."
    [moment] = _moments(site)
    assert (moment.peildatum, moment.naam) == (date(2024, 6, 30), "Eerste halfjaar 2024")
    with site.engine.connect() as connection:
        last = next(audit.iter_records(connection, newest_first=True, limit=1))
        assert audit.verify(connection) == []
    assert (last.actie, last.object, last.resultaat, last.actor, last.herkomst) == (
        "peilmoment", "peilmomenten/2024-06-30", "gelukt", f"gebruiker:{account(rol)}", "web")


@pytest.mark.parametrize("rol", [*REFUSED, None], ids=lambda rol: rol.value if rol else "anoniem")
def test_other_roles_see_no_form_and_are_refused_and_nothing_is_taken(site: Site, rol: Rol | None) -> None:
    client = site.signed_in(rol)
    if rol is not None:
        page = BeautifulSoup(client.get("/wijzigingen").text, "html.parser")
        assert page.select_one("form[action='/wijzigingen/peilmoment']") is None
        text = " ".join(page.get_text().split())
        assert "De griffie of het programmabureau legt de stand van het programma vast als peilmoment" in text
        assert "raadsmonitor snapshot" not in text
    response = _post(client, "2024-06-30")
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert _moments(site) == []
    with site.engine.connect() as connection:
        last = next(audit.iter_records(connection, newest_first=True, limit=1))
    assert (last.actie, last.resultaat, last.object) == ("toegang", "geweigerd", "POST /wijzigingen/peilmoment")


def test_a_moment_is_never_overwritten_and_the_page_says_so_in_dutch(site: Site) -> None:
    client = site.signed_in(Rol.GRIFFIE)
    assert _post(client, "2024-06-30", "Eerste").status_code == 303  # type: ignore[attr-defined]
    response = _post(client, "2024-06-30", "Tweede")
    assert response.status_code == 409  # type: ignore[attr-defined]
    [message] = _summary(response.text)  # type: ignore[attr-defined]
    assert message.startswith("Er is al een peilmoment op 30 juni 2024 ('Eerste'), gemaakt op ")
    assert "een peilmoment wordt nooit overschreven. Kies een andere peildatum." in message
    soup = BeautifulSoup(response.text, "html.parser")  # type: ignore[attr-defined]
    field = soup.select_one("#peilmoment-peildatum")
    assert field is not None and field["aria-invalid"] == "true" and field["value"] == "2024-06-30"
    assert soup.select_one("#peilmoment-naam")["value"] == "Tweede"  # type: ignore[index]
    assert [(m.peildatum, m.naam) for m in _moments(site)] == [(date(2024, 6, 30), "Eerste")]


@pytest.mark.parametrize(("peildatum", "message"), [
    ("", "Vul een peildatum in (JJJJ-MM-DD)."),
    ("30-06-2024", "'30-06-2024' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2023-12-31."),
    ("2024-02-30", "'2024-02-30' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2023-12-31."),
    ("2024-W26-1", "'2024-W26-1' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2023-12-31."),
])
def test_a_date_that_is_not_one_is_refused_per_field_and_nothing_is_taken(site: Site, peildatum: str,
                                                                         message: str) -> None:
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    response = _post(client, peildatum)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert _summary(response.text) == [message]  # type: ignore[attr-defined]
    assert _moments(site) == []
