"""The JSON API as a koppeling (a budget system, a partner's own tool) uses it, on both stores."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from raadsmonitor.domain.access import Rol
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.tokens import list_api_tokens
from raadsmonitor.store.users import revoke_api_token, set_active
from tests.trust.api_support import (
    BEHEER,
    STROOM,
    USER_OF_ROLE,
    Api,
    cheap_password_hashing,
    make_api,
    values,
)

BUREAU, GRIFFIE, RAADSLID, PARTNER = Rol.PROGRAMMABUREAU, Rol.GRIFFIE, Rol.RAADSLID, Rol.PARTNER


@pytest.fixture
def api(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Api:
    cheap_password_hashing(monkeypatch)
    return make_api(engine, tmp_path / "basis")


def create(api: Api, body: Mapping[str, object], rol: Rol = BUREAU, table: str = "geldstromen") -> Any:
    return api.client.post(f"/api/v1/{table}", json=body, headers=api.auth(rol))


# --- reading ---------------------------------------------------------------------------------------


def test_a_list_comes_in_pages_with_the_total_and_a_link_to_the_next(api: Api) -> None:
    first = api.get("/api/v1/gebieden", params={"limiet": 2})
    assert first.status_code == 200
    assert (first.json()["totaal"], first.json()["limiet"], len(first.json()["resultaten"])) == (3, 2, 2)
    assert first.headers["Link"] == f'<{first.json()["volgende"]}>; rel="next"'
    second = api.get(first.json()["volgende"])
    assert second.json()["volgende"] is None and second.json()["totaal"] == 3
    ids = [gebied["id"] for page in (first, second) for gebied in page.json()["resultaten"]]
    assert sorted(ids) == ["GM0917", "NL01", "heerlen-noord"]


def test_a_list_and_its_total_follow_every_write_although_remembered_per_store_state(api: Api) -> None:
    def totaal() -> int:
        return int(api.get("/api/v1/geldstromen", params={"limiet": 1}).json()["totaal"])

    before = totaal()
    assert totaal() == before  # the same state: the remembered count
    created = create(api, STROOM)
    assert created.status_code == 201 and totaal() == before + 1
    deleted = api.client.delete("/api/v1/geldstromen/regio-deal",
                                headers=api.auth(BUREAU) | {"If-Match": created.headers["ETag"]})
    assert deleted.status_code == 204 and totaal() == before
    # A remembered answer still needs a valid token.
    assert api.client.get("/api/v1/geldstromen", params={"limiet": 1}).status_code == 401
    assert api.client.get("/api/v1/geldstromen", params={"limiet": 1},
                          headers={"Authorization": "Bearer onzin"}).status_code == 401


def test_a_repeated_list_is_answered_before_the_routes_byte_for_byte_and_only_to_a_checked_token(
        api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15: a remembered list answer costs no routing, no dependencies, no route: only the store state is read."""
    from raadsmonitor.web.api import resources

    url = "/api/v1/gebieden?limiet=2"
    first = api.get(url, rol=RAADSLID)
    assert first.status_code == 200 and first.headers["Link"]

    def not_again(*_args: object) -> None:
        raise AssertionError("the route ran again")

    monkeypatch.setattr(resources, "parse_filters", not_again)
    again = api.get(url, rol=RAADSLID)
    assert (again.status_code, again.content, again.headers.raw) == (200, first.content, first.headers.raw)
    # Another address, an unknown token or none at all goes to the route, which checks it.
    assert api.client.get(url, headers={"Authorization": "Bearer onzin"}).status_code == 401
    assert api.client.get(url).status_code == 401
    with pytest.raises(AssertionError, match="the route ran again"):
        api.get("/api/v1/gebieden?limiet=1", rol=RAADSLID)


def test_a_revoked_token_or_a_disabled_user_is_refused_at_once_although_the_holder_was_remembered(
        api: Api, engine: Engine) -> None:
    assert api.get("/api/v1/geldstromen", rol=GRIFFIE).status_code == 200
    assert api.get("/api/v1/geldstromen", rol=GRIFFIE).status_code == 200  # the same state: holder remembered
    with write_transaction(engine) as connection:
        token = next(t for t in list_api_tokens(connection) if t.gebruiker == USER_OF_ROLE[GRIFFIE])
        revoke_api_token(connection, BEHEER, token.id)
    assert api.get("/api/v1/geldstromen", rol=GRIFFIE).status_code == 401
    assert api.get("/api/v1/geldstromen", rol=RAADSLID).status_code == 200
    with write_transaction(engine) as connection:
        set_active(connection, BEHEER, USER_OF_ROLE[RAADSLID], False)
    assert api.get("/api/v1/geldstromen", rol=RAADSLID).status_code == 401


def test_a_page_of_a_composite_key_continues_after_the_last_key(api: Api) -> None:
    pages, url = [], "/api/v1/waarnemingen?limiet=1"
    while url:
        page = api.get(url).json()
        pages.append(page["resultaten"])
        url = page["volgende"]
    assert sorted(row[0]["gebied"] for row in pages) == ["GM0917", "heerlen-noord"]


def test_a_list_filters_on_columns_and_an_empty_filter_finds_unknown_values(api: Api) -> None:
    noord = api.get("/api/v1/waarnemingen", params={"gebied": "heerlen-noord"}).json()
    assert noord["totaal"] == 1 and noord["resultaten"][0]["waarde"] == "57"
    unknown = api.get("/api/v1/waarnemingen", params={"waarde": ""}).json()
    assert [row["gebied"] for row in unknown["resultaten"]] == ["GM0917"]
    assert api.get("/api/v1/geldstroombedragen", params={"jaar": 2022, "soort": "toegekend"}).json()["totaal"] == 1


def test_an_unknown_filter_or_a_wrong_value_is_refused_in_dutch_with_its_name(api: Api) -> None:
    unknown = api.get("/api/v1/waarnemingen", params={"regio": "noord"})
    assert unknown.status_code == 400 and unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["fouten"][0]["veld"] == "regio"
    assert "onbekende parameter" in unknown.json()["fouten"][0]["melding"]
    wrong = api.get("/api/v1/geldstroombedragen", params={"jaar": "tweeduizend"}).json()
    assert wrong["fouten"] == [{"veld": "jaar", "in": "query", "melding": "'tweeduizend' is geen geheel getal"}]
    too_many = api.get("/api/v1/gebieden", params={"limiet": 5000}).json()
    assert too_many["status"] == 400 and too_many["fouten"][0]["melding"] == "mag hoogstens 1000 zijn"
    assert api.get("/api/v1/gebieden", params={"cursor": "onzin"}).json()["fouten"][0]["veld"] == "cursor"


def test_one_record_by_its_key_with_amounts_as_exact_text_and_an_etag(api: Api) -> None:
    stroom = api.get("/api/v1/geldstromen/pmg")
    assert stroom.status_code == 200 and stroom.headers["ETag"].startswith('"')
    assert (stroom.json()["totaalbedrag"], stroom.json()["begin_jaar"]) == ("5600000", 2022)
    bedrag = api.get("/api/v1/geldstroombedragen/pmg/2022/toegekend").json()
    assert bedrag["bedrag"] == "1400000"
    waarneming = api.get("/api/v1/waarnemingen/arbeidsparticipatie/GM0917/startsituatie").json()
    assert waarneming["waarde"] is None  # unknown stays unknown, never 0


def test_a_missing_record_or_address_is_a_dutch_404(api: Api) -> None:
    missing = api.get("/api/v1/geldstromen/bestaat-niet")
    assert missing.status_code == 404 and missing.json()["title"] == "Niet gevonden"
    assert api.get("/api/v1/geldstroombedragen/pmg/ooit/toegekend").status_code == 404
    nowhere = api.get("/api/v1/nergens")
    assert nowhere.status_code == 404 and nowhere.headers["content-type"] == "application/problem+json"
    wrong_method = api.client.patch("/api/v1/geldstromen/pmg", headers=api.auth(BUREAU))
    assert wrong_method.status_code == 405 and wrong_method.json()["title"] == "Methode niet toegestaan"


# --- writing ---------------------------------------------------------------------------------------


def test_a_new_funding_stream_is_created_with_its_address_and_version_and_recorded(api: Api) -> None:
    created = create(api, STROOM)
    assert created.status_code == 201, created.text
    assert created.headers["Location"] == "/api/v1/geldstromen/regio-deal"
    read = api.get("/api/v1/geldstromen/regio-deal")
    assert read.json()["totaalbedrag"] == "4637084" and read.headers["ETag"] == created.headers["ETag"]
    record = api.last_audit()
    assert (record.actie, record.object, record.herkomst, record.actor, record.resultaat) == (
        "aanmaken", "geldstromen/regio-deal", "api", "gebruiker:controller", "gelukt")
    assert record.oud is None and values(record, "nieuw")["totaalbedrag"] == "4637084"
    assert create(api, STROOM).status_code == 409


def test_amounts_may_be_sent_as_numbers_or_as_text(api: Api) -> None:
    assert create(api, {**STROOM, "totaalbedrag": 4637084.5}).json()["totaalbedrag"] == "4637084.5"


def test_invalid_values_are_refused_per_column_in_dutch_and_nothing_is_stored(api: Api) -> None:
    refused = create(api, {**STROOM, "totaalbedrag": "veel", "eind_jaar": "2024", "kleur": "rood"})
    assert refused.status_code == 422
    fouten = {fout["veld"]: fout["melding"] for fout in refused.json()["fouten"]}
    assert fouten["kleur"].startswith("onbekende kolom")
    assert fouten["eind_jaar"] == "moet een geheel getal zijn"
    assert fouten["totaalbedrag"].startswith("'veel' is geen getal")
    unknown_programme = create(api, {**STROOM, "programma": "ander-programma"}).json()
    assert unknown_programme["fouten"][0]["veld"] == "programma"
    assert "bestaat niet" in unknown_programme["fouten"][0]["melding"]
    rules = create(api, {**STROOM, "begin_jaar": 2025}).json()
    assert rules["fouten"][0] == {"veld": "eind_jaar", "in": "body",
                                  "melding": "eindjaar 2024 ligt vóór beginjaar 2025"}
    assert api.get("/api/v1/geldstromen/regio-deal").status_code == 404
    not_json = api.client.post("/api/v1/geldstromen", content=b"{niet", headers=api.auth(BUREAU))
    assert not_json.status_code == 400


def test_a_replacement_needs_the_version_that_was_read(api: Api) -> None:
    etag = api.get("/api/v1/geldstromen/pmg").headers["ETag"]
    body = {**api.get("/api/v1/geldstromen/pmg").json(), "totaalbedrag": "5800000"}
    missing = api.client.put("/api/v1/geldstromen/pmg", json=body, headers=api.auth(BUREAU))
    assert missing.status_code == 428 and missing.json()["title"] == "If-Match vereist"
    replaced = api.client.put("/api/v1/geldstromen/pmg", json=body, headers=api.auth(BUREAU) | {"If-Match": etag})
    assert replaced.status_code == 200 and replaced.json()["totaalbedrag"] == "5800000"
    assert replaced.headers["ETag"] != etag
    record = api.last_audit()
    assert (record.actie, record.herkomst, record.actor) == ("wijzigen", "api", "gebruiker:controller")
    assert (values(record, "oud")["totaalbedrag"], values(record, "nieuw")["totaalbedrag"]) == ("5600000", "5800000")
    stale = api.client.put("/api/v1/geldstromen/pmg", json=body, headers=api.auth(BUREAU) | {"If-Match": etag})
    assert stale.status_code == 412 and "intussen door een ander gewijzigd" in stale.json()["detail"]


def test_a_replacement_may_leave_out_the_key_but_cannot_change_it(api: Api) -> None:
    read = api.get("/api/v1/geldstroombedragen/pmg/2022/toegekend")
    body = {name: value for name, value in read.json().items() if name not in ("geldstroom", "jaar", "soort")}
    headers = api.auth(BUREAU) | {"If-Match": read.headers["ETag"]}
    replaced = api.client.put("/api/v1/geldstroombedragen/pmg/2022/toegekend", json={**body, "bedrag": "1500000"},
                              headers=headers)
    assert replaced.status_code == 200 and replaced.json()["bedrag"] == "1500000"
    renamed = api.client.put("/api/v1/geldstroombedragen/pmg/2022/toegekend", json={**body, "jaar": 2023},
                             headers=api.auth(BUREAU) | {"If-Match": replaced.headers["ETag"]})
    assert renamed.status_code == 422 and "sleutel" in renamed.json()["detail"]


def test_a_replacement_of_a_missing_record_is_404(api: Api) -> None:
    missing = api.client.put("/api/v1/geldstromen/regio-deal", json=STROOM,
                             headers=api.auth(BUREAU) | {"If-Match": '"iets"'})
    assert missing.status_code == 404


def test_a_delete_needs_the_version_and_is_refused_while_the_record_is_used(api: Api) -> None:
    created = create(api, STROOM)
    url = "/api/v1/geldstromen/regio-deal"
    assert api.client.delete(url, headers=api.auth(BUREAU)).status_code == 428
    assert api.client.delete(url, headers=api.auth(BUREAU) | {"If-Match": '"oud"'}).status_code == 412
    deleted = api.client.delete(url, headers=api.auth(BUREAU) | {"If-Match": created.headers["ETag"]})
    assert deleted.status_code == 204 and api.get(url).status_code == 404
    record = api.last_audit()
    assert (record.actie, record.object, record.herkomst, record.nieuw) == (
        "verwijderen", "geldstromen/regio-deal", "api", None)
    assert values(record, "oud")["naam"] == "Regio Deal Parkstad"
    used = api.client.delete("/api/v1/geldstromen/pmg", headers=api.auth(BUREAU) | {
        "If-Match": api.get("/api/v1/geldstromen/pmg").headers["ETag"]})
    assert used.status_code == 409 and "Bedragen per jaar" in used.json()["detail"]


# --- who may ---------------------------------------------------------------------------------------


def test_without_a_valid_token_the_api_answers_401_with_www_authenticate(api: Api) -> None:
    anonymous = api.client.get("/api/v1/geldstromen")
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    assert anonymous.json()["title"] == "Niet aangemeld"
    wrong = api.client.get("/api/v1/geldstromen", headers={"Authorization": "Bearer rm_geen_echt_token"})
    assert wrong.status_code == 401 and 'error="invalid_token"' in wrong.headers["WWW-Authenticate"]
    assert api.client.post("/api/v1/geldstromen", json=STROOM).status_code == 401


def test_every_role_reads_and_a_council_member_may_not_write_which_is_recorded(api: Api) -> None:
    for rol in Rol:
        assert api.get("/api/v1/geldstromen/pmg", rol).status_code == 200
    refused = create(api, STROOM, RAADSLID)
    assert refused.status_code == 403 and refused.json()["title"] == "Geen toegang"
    record = api.last_audit()
    assert (record.actie, record.resultaat, record.herkomst, record.actor, record.object) == (
        "toegang", "geweigerd", "api", "gebruiker:raadslid", "geldstromen/")
    assert api.get("/api/v1/geldstromen/regio-deal").status_code == 404


def test_the_griffie_may_not_change_the_money_but_may_keep_the_register(api: Api) -> None:
    assert create(api, STROOM, GRIFFIE).status_code == 403
    stuk = {"id": "rib-2024-01", "soort": "raadsinformatiebrief", "onderwerp": "Voortgang NPHLN",
            "datum": "2024-01-15", "bron": "rk2023-test"}
    created = create(api, stuk, GRIFFIE, "informatiestukken")
    assert created.status_code == 201, created.text


def test_a_partner_writes_only_its_own_organisations_funding(api: Api) -> None:
    own = create(api, {**STROOM, "id": "woonpunt-bijdrage", "verstrekker": "woonpunt", "herkomst": "alliantiepartner"},
                 PARTNER)
    assert own.status_code == 201, own.text
    other = create(api, {**STROOM, "id": "weller-bijdrage", "verstrekker": "weller", "herkomst": "alliantiepartner"},
                   PARTNER)
    assert other.status_code == 403
    assert (api.last_audit().resultaat, api.last_audit().actor) == ("geweigerd", "gebruiker:woonpunt-medewerker")


def test_only_the_rekenkamer_and_beheerder_read_the_audit_trail(api: Api) -> None:
    create(api, STROOM)
    trail = api.get("/api/v1/auditspoor", Rol.REKENKAMER, params={"limiet": 500})
    assert trail.status_code == 200
    last = trail.json()["resultaten"][-1]
    assert (last["actie"], last["object"], last["herkomst"]) == ("aanmaken", "geldstromen/regio-deal", "api")
    assert last["nieuw"]["totaalbedrag"] == "4637084" and trail.json()["totaal"] == last["volgnummer"]
    assert api.get("/api/v1/auditspoor", Rol.BEHEERDER).status_code == 200
    refused = api.get("/api/v1/auditspoor", RAADSLID)
    assert refused.status_code == 403
    record = api.last_audit()
    assert (record.actie, record.resultaat, record.object, record.actor) == (
        "toegang", "geweigerd", "auditspoor", "gebruiker:raadslid")


def test_the_audit_trail_comes_in_pages_after_a_volgnummer(api: Api) -> None:
    first = api.get("/api/v1/auditspoor", Rol.REKENKAMER, params={"limiet": 2}).json()
    second = api.get(first["volgende"], Rol.REKENKAMER).json()
    assert [r["volgnummer"] for r in first["resultaten"] + second["resultaten"]][:4] == [1, 2, 3, 4]


def test_values_beyond_what_a_store_holds_are_refused_in_dutch_not_with_a_server_error(api: Api) -> None:
    assert api.get("/api/v1/themas", params={"volgorde": 2**31}).json()["fouten"][0]["veld"] == "volgorde"
    assert api.get(f"/api/v1/geldstroombedragen/pmg/{2**31}/toegekend").status_code == 404
    too_big = create(api, {**STROOM, "begin_jaar": 2**31, "totaalbedrag": "1" + "0" * 18}).json()
    assert {fout["veld"] for fout in too_big["fouten"]} == {"begin_jaar", "totaalbedrag"}
    nul = create(api, {**STROOM, "naam": "Regio\x00Deal"}).json()
    assert nul["fouten"] == [{"veld": "naam", "in": "body",
                              "melding": "bevat een NUL-teken; dat kan niet worden opgeslagen"}]
    assert api.get("/api/v1/geldstromen/pmg%00").status_code == 404
    cursor = base64.urlsafe_b64encode(json.dumps(["pmg", 2**31, "toegekend"]).encode()).decode()
    assert api.get("/api/v1/geldstroombedragen", params={"cursor": cursor}).status_code == 400
