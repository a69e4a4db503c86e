"""The register forms: the import's checks and Dutch messages, versions, roles, and an audit record per write."""

from __future__ import annotations

import json
from decimal import Decimal

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import select

from raadsmonitor.domain.access import Principal, Rol
from raadsmonitor.domain.audit import AuditContext, Kanaal
from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.services.reads import load_records
from raadsmonitor.services.writes import get_record, save_record
from raadsmonitor.store import audit
from raadsmonitor.store.repository import to_row
from raadsmonitor.store.tables import table
from tests.accounts import PARTNER_ORGANISATIE, account
from tests.html import attr, select_one
from tests.packages import BRON
from tests.trust.conftest import Site

NIEUWE_STROOM = {"v_id": "regio-deal", "v_naam": "Regio Deal Parkstad", "v_programma": "nphln", "v_herkomst": "rijk",
                 "v_instrument": "regio deal", "v_begin_jaar": "2021", "v_eind_jaar": "2024",
                 "v_totaalbedrag": "4637084", "v_bron": BRON}


def _form(client: TestClient, url: str) -> tuple[BeautifulSoup, dict[str, str]]:
    """The page and the values its form would send as it stands."""
    soup = BeautifulSoup(client.get(url).text, "html.parser")
    values: dict[str, str] = {}
    for element in soup.select("form.rm-form input, form.rm-form select, form.rm-form textarea"):
        if element.name == "select":
            chosen = element.select_one("option[selected]")
            values[attr(element, "name")] = attr(chosen, "value") if chosen else ""
        elif element.name == "textarea":
            values[attr(element, "name")] = element.get_text()
        else:
            values[attr(element, "name")] = attr(element, "value", "")
    return soup, values


def _totaal(site: Site, stroom: str) -> Decimal | None:
    with site.engine.connect() as connection:
        geldstromen = table("geldstromen")
        return connection.execute(select(geldstromen.c.totaalbedrag).where(geldstromen.c.id == stroom)).scalar()


def test_the_programme_bureau_adds_a_funding_stream_and_the_trail_names_who(site: Site) -> None:
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    _, values = _form(client, "/registers/geldstromen/nieuw")
    response = client.post("/registers/geldstromen/nieuw", data={**values, **NIEUWE_STROOM}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/registers/geldstromen?gedaan=aangemaakt")
    listing = client.get(response.headers["location"]).text
    assert "Het gegeven is toegevoegd." in listing and "Regio Deal Parkstad" in listing
    assert _totaal(site, "regio-deal") == Decimal("4637084")
    with site.engine.connect() as connection:
        last = next(audit.iter_records(connection, newest_first=True, limit=1))
    assert (last.actie, last.object, last.actor, last.herkomst) == (
        "aanmaken", "geldstromen/regio-deal", f"gebruiker:{account(Rol.PROGRAMMABUREAU)}", "web")


def test_an_invalid_form_says_per_field_what_is_wrong_in_the_imports_words_and_writes_nothing(site: Site) -> None:
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    _, values = _form(client, "/registers/geldstromen/nieuw")
    data = {**values, **NIEUWE_STROOM, "v_herkomst": "", "v_totaalbedrag": "4.637.084,00", "v_eind_jaar": "2019"}
    response = client.post("/registers/geldstromen/nieuw", data=data)
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    summary = [" ".join(item.get_text(" ").split()) for item in soup.select(".rm-error-summary li")]
    assert any("verplicht veld is leeg" in line for line in summary)
    assert any("is geen getal; schrijf bijvoorbeeld 1350000 of 66,9" in line for line in summary)
    amount = select_one(soup, "#veld-totaalbedrag")
    assert amount["aria-invalid"] == "true" and "fout-totaalbedrag" in attr(amount, "aria-describedby").split()
    assert soup.select_one("#fout-totaalbedrag") is not None
    assert soup.select_one(".rm-error-summary a[href='#veld-totaalbedrag']") is not None
    assert amount["value"] == "4.637.084,00"  # what was typed stays, to be corrected
    assert _totaal(site, "regio-deal") is None


def test_a_form_opened_before_someone_elses_change_is_refused_and_says_so(site: Site) -> None:
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    _, values = _form(client, "/registers/geldstromen/wijzigen?sleutel=pmg")
    assert values["versie"].startswith('"')
    found = get_record(site.engine, "geldstromen", ("pmg",))
    assert found is not None
    colleague = Principal(gebruiker="collega", rol=Rol.PROGRAMMABUREAU)
    changed = {name[2:]: value for name, value in values.items() if name.startswith("v_")} | {"totaalbedrag": "5700000"}
    save_record(site.engine, colleague, AuditContext(actor="gebruiker:collega", herkomst=Kanaal.WEB),
                "geldstromen", changed, key=("pmg",), if_match=found[1])
    stale = client.post("/registers/geldstromen/wijzigen", data={**values, "v_totaalbedrag": "9999999"})
    assert stale.status_code == 412
    assert "intussen door een ander gewijzigd" in stale.text
    assert _totaal(site, "pmg") == Decimal("5700000")


def test_a_change_without_a_version_is_refused(site: Site) -> None:
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    _, values = _form(client, "/registers/geldstromen/wijzigen?sleutel=pmg")
    del values["versie"]
    stale = client.post("/registers/geldstromen/wijzigen", data={**values, "v_totaalbedrag": "9999999"})
    assert stale.status_code == 428
    assert _totaal(site, "pmg") == Decimal("5600000")


def test_a_change_is_saved_with_its_old_and_new_value_in_the_trail(site: Site) -> None:
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    _, values = _form(client, "/registers/geldstromen/wijzigen?sleutel=pmg")
    response = client.post("/registers/geldstromen/wijzigen", data={**values, "v_totaalbedrag": "5700000"},
                           follow_redirects=False)
    assert response.status_code == 303
    assert _totaal(site, "pmg") == Decimal("5700000")
    with site.engine.connect() as connection:
        last = next(audit.iter_records(connection, newest_first=True, limit=1))
    assert last.actie == "wijzigen"
    assert (json.loads(last.oud or "")["totaalbedrag"], json.loads(last.nieuw or "")["totaalbedrag"]) == (
        "5600000", "5700000")


def test_a_record_still_in_use_is_not_deleted(site: Site) -> None:
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    soup, _ = _form(client, "/registers/geldstromen/verwijderen?sleutel=pmg")
    versie, token = (attr(select_one(soup, f"input[name={name}]"), "value") for name in ("versie", "csrf"))
    response = client.post("/registers/geldstromen/verwijderen", data={"sleutel": "pmg", "versie": versie,
                                                                        "csrf": token})
    assert response.status_code == 409 and "wordt nog gebruikt" in response.text
    assert _totaal(site, "pmg") == Decimal("5600000")


def test_deleting_asks_for_confirmation_and_then_deletes(site: Site) -> None:
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    soup, _ = _form(client, "/registers/geldstroombedragen/verwijderen?sleutel=pmg&sleutel=2022&sleutel=toegekend")
    assert "Weet u zeker" in soup.get_text()
    data = {"sleutel": ["pmg", "2022", "toegekend"], "versie": attr(select_one(soup, "input[name=versie]"), "value"),
            "csrf": attr(select_one(soup, "input[name=csrf]"), "value")}
    response = client.post("/registers/geldstroombedragen/verwijderen", data=data, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (
        303, "/registers/geldstroombedragen?gedaan=verwijderd")
    assert get_record(site.engine, "geldstroombedragen", ("pmg", 2022, "toegekend")) is None


def test_a_partner_keeps_its_own_funding_streams_only(site: Site) -> None:
    client = site.signed_in(Rol.PARTNER)
    assert "pmg" in client.get("/registers/geldstromen").text  # its own (verstrekker: the municipality)
    _, values = _form(client, "/registers/geldstromen/nieuw")
    someone_elses = {**values, **NIEUWE_STROOM}  # no verstrekker: not the partner's organisation
    refused = client.post("/registers/geldstromen/nieuw", data=someone_elses)
    assert refused.status_code == 403 and "niet van uw organisatie" in refused.text
    own = {**someone_elses, "v_verstrekker": PARTNER_ORGANISATIE}
    assert client.post("/registers/geldstromen/nieuw", data=own, follow_redirects=False).status_code == 303


def test_the_form_is_built_from_the_catalogue_with_labels_choices_and_required_marks(site: Site) -> None:
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    soup, _ = _form(client, "/registers/geldstromen/nieuw")
    label = soup.select_one("label[for=veld-herkomst]")
    assert label is not None and label.select_one(".rm-required") is not None
    herkomst = [option["value"] for option in soup.select("#veld-herkomst option")]
    assert "rijk" in herkomst and "gemeente" in herkomst
    assert [option["value"] for option in soup.select("#veld-verstrekker option")] == ["", PARTNER_ORGANISATIE]
    for field in soup.select("form.rm-form [id^=veld-]"):
        assert soup.select_one(f"label[for={field['id']}]") is not None
        assert all(soup.select_one(f"#{ref}") is not None for ref in attr(field, "aria-describedby").split())


def test_a_long_register_is_shown_a_page_at_a_time_in_key_order_and_every_record_is_on_one_page(site: Site) -> None:
    """At national size waarnemingen holds millions of rows: the list is read a page at a time from the store."""
    spec = TABLES_BY_NAME["waarnemingen"]
    extra = [spec.entity(indicator="arbeidsparticipatie", gebied="heerlen-noord", periode=str(jaar), waarde=None,
                         bron=BRON) for jaar in range(1900, 2021)]
    with site.engine.begin() as connection:
        connection.execute(table("waarnemingen").insert(), [to_row(spec, record) for record in extra])
    with site.engine.connect() as connection:
        expected = [", ".join("" if part is None else str(part) for part in spec.key_of(record))
                    for record in load_records(connection, spec)]
    pages = -(-len(expected) // 50)
    assert pages == 3
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    url: str | None = "/registers/waarnemingen"
    shown: list[str] = []
    captions: list[str] = []
    while url is not None:
        soup = BeautifulSoup(client.get(url).text, "html.parser")
        captions.append(" ".join(select_one(soup, "caption").get_text().split()))
        rows = [" ".join(th.get_text().split()) for th in soup.select("tbody th[scope=row]")]
        assert 0 < len(rows) <= 50
        shown += rows
        following = soup.select_one("nav.rm-paging a[rel=next]")
        url = attr(following, "href") if following is not None else None
    assert shown == expected
    assert len(captions) == pages
    assert captions[0] == f"{len(expected)} gegevens, pagina 1 van {pages}"
    assert captions[-1].endswith(f"pagina {pages} van {pages}")


def test_a_reference_to_a_long_register_is_typed_as_a_key_and_a_wrong_key_is_refused(site: Site, monkeypatch) -> None:
    """At national size gebieden holds 17,865 rows: the form asks for the key instead of listing every one."""
    from raadsmonitor.web.routes import registers

    client = site.signed_in(Rol.PROGRAMMABUREAU)
    soup, _ = _form(client, "/registers/waarnemingen/nieuw")
    assert select_one(soup, "#veld-gebied").name == "select"  # the small programme: a list to choose from

    with site.engine.connect() as connection:
        gebieden = len(load_records(connection, TABLES_BY_NAME["gebieden"]))
    monkeypatch.setattr(registers, "MOST_CHOICES", gebieden - 1)
    soup, values = _form(client, "/registers/waarnemingen/nieuw")
    gebied = select_one(soup, "#veld-gebied")
    assert (gebied.name, attr(gebied, "type")) == ("input", "text")
    hint = " ".join(select_one(soup, "#hint-gebied").get_text().split())
    assert "De sleutel van een gegeven uit het register gebieden." in hint
    assert select_one(soup, "#veld-indicator").name == "select"  # a register no longer than the limit: still a list

    nieuw = {**values, "v_indicator": "arbeidsparticipatie", "v_periode": "1899", "v_waarde": "50", "v_bron": BRON}
    refused = client.post("/registers/waarnemingen/nieuw", data={**nieuw, "v_gebied": "bestaat-niet"})
    assert refused.status_code == 422
    soup = BeautifulSoup(refused.text, "html.parser")
    assert attr(select_one(soup, "#veld-gebied"), "aria-invalid") == "true"
    assert "bestaat-niet" in select_one(soup, "#fout-gebied").get_text()
    waarnemingen = table("waarnemingen")
    with site.engine.connect() as connection:
        assert connection.execute(select(waarnemingen).where(waarnemingen.c.periode == "1899")).first() is None

    saved = client.post("/registers/waarnemingen/nieuw", data={**nieuw, "v_gebied": "heerlen-noord"},
                        follow_redirects=False)
    assert saved.status_code == 303
    with site.engine.connect() as connection:
        row = connection.execute(select(waarnemingen.c.gebied, waarnemingen.c.waarde)
                                 .where(waarnemingen.c.periode == "1899")).one()
    assert (row.gebied, Decimal(row.waarde)) == ("heerlen-noord", Decimal("50"))
