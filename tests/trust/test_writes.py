"""Writing one record (forms, API): the import's checks, versions, roles, and an audit record per write."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine

from raadsmonitor.domain.access import Principal, Rol
from raadsmonitor.domain.audit import AuditContext, Kanaal
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.services.writes import WriteRefused, delete_record, get_record, save_record
from raadsmonitor.store import audit
from tests.packages import BRON, mini, write_csv_package

BUREAU = Principal(gebruiker="controller", rol=Rol.PROGRAMMABUREAU)
GRIFFIE = Principal(gebruiker="griffier", rol=Rol.GRIFFIE)
WEB = AuditContext(actor="gebruiker:controller", herkomst=Kanaal.WEB, adres="127.0.0.1")

STROOM = {"id": "regio-deal", "naam": "Regio Deal Parkstad", "programma": "nphln", "herkomst": "rijk",
          "instrument": "specifieke uitkering", "begin_jaar": "2021", "eind_jaar": "2024",
          "totaalbedrag": "4637084", "bron": BRON}


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Engine:
    package = mini()
    package["organisaties"] = [{"id": "woonpunt", "naam": "Woonpunt", "soort": "corporatie", "bron": BRON},
                               {"id": "weller", "naam": "Weller", "soort": "corporatie", "bron": BRON}]
    assert import_package(engine, write_csv_package(tmp_path / "basis", package)).written
    return engine


def refusal(call: object, *args: object, **kwargs: object) -> WriteRefused:
    with pytest.raises(WriteRefused) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value


def last_record(engine: Engine) -> audit.AuditRecord:
    with engine.connect() as connection:
        return next(audit.iter_records(connection, limit=1, newest_first=True))


def test_a_new_funding_stream_is_stored_and_recorded_with_its_values(loaded: Engine) -> None:
    saved = save_record(loaded, BUREAU, WEB, "geldstromen", STROOM)
    assert saved.created and saved.record.totaalbedrag == Decimal("4637084")
    record = last_record(loaded)
    assert (record.actie, record.object, record.actor, record.herkomst, record.adres) == (
        "aanmaken", "geldstromen/regio-deal", "gebruiker:controller", "web", "127.0.0.1")
    assert json.loads(record.nieuw or "")["totaalbedrag"] == "4637084"


def test_a_change_needs_the_version_that_was_read(loaded: Engine) -> None:
    first = save_record(loaded, BUREAU, WEB, "geldstromen", STROOM)
    changed = {**STROOM, "totaalbedrag": "4700000"}
    assert refusal(save_record, loaded, BUREAU, WEB, "geldstromen", changed, key=("regio-deal",)).status == 428
    second = save_record(loaded, BUREAU, WEB, "geldstromen", changed, key=("regio-deal",), if_match=first.etag)
    stale = refusal(save_record, loaded, BUREAU, WEB, "geldstromen", {**STROOM, "totaalbedrag": "9999999"},
                    key=("regio-deal",), if_match=first.etag)
    assert stale.status == 412 and "door een ander gewijzigd" in stale.message
    stored = get_record(loaded, "geldstromen", ("regio-deal",))
    assert stored is not None and stored[0].totaalbedrag == Decimal("4700000") and stored[1] == second.etag
    assert json.loads(last_record(loaded).oud or "")["totaalbedrag"] == "4637084"


def test_invalid_values_get_the_imports_dutch_messages_per_field(loaded: Engine) -> None:
    bad = {**STROOM, "totaalbedrag": "1.350.000", "programma": "onbekend-programma"}
    problems = refusal(save_record, loaded, BUREAU, WEB, "geldstromen", bad).problems
    assert [problem.column for problem in problems] == ["totaalbedrag"]
    unknown = refusal(save_record, loaded, BUREAU, WEB, "geldstromen", {**STROOM, "programma": "onbekend"})
    assert unknown.status == 422
    assert unknown.problems[0].message == "verwijst naar 'onbekend', maar die bestaat niet in Programma's"


def test_a_role_that_may_not_write_money_is_refused_and_the_refusal_recorded(loaded: Engine) -> None:
    assert refusal(save_record, loaded, GRIFFIE, WEB, "geldstromen", STROOM).status == 403
    assert get_record(loaded, "geldstromen", ("regio-deal",)) is None
    record = last_record(loaded)
    assert (record.actie, record.resultaat) == ("toegang", "geweigerd")


def test_a_partner_writes_only_its_own_organisations_contributions(loaded: Engine) -> None:
    woonpunt = Principal(gebruiker="woonpunt-1", rol=Rol.PARTNER, organisatie="woonpunt")
    own = {**STROOM, "id": "woonpunt-bijdrage", "herkomst": "alliantiepartner", "verstrekker": "woonpunt"}
    assert save_record(loaded, woonpunt, WEB, "geldstromen", own).created
    other = {**own, "id": "weller-bijdrage", "verstrekker": "weller"}
    assert refusal(save_record, loaded, woonpunt, WEB, "geldstromen", other).status == 403
    assert get_record(loaded, "geldstromen", ("weller-bijdrage",)) is None


def test_a_record_still_referred_to_cannot_be_deleted(loaded: Engine) -> None:
    stored = get_record(loaded, "programmas", ("nphln",))
    assert stored is not None
    refused = refusal(delete_record, loaded, BUREAU, WEB, "programmas", ("nphln",), if_match=stored[1])
    assert refused.status == 409 and "rij in Geldstromen" in refused.message


def test_a_deleted_record_is_gone_and_its_old_values_recorded(loaded: Engine) -> None:
    saved = save_record(loaded, BUREAU, WEB, "geldstromen", STROOM)
    delete_record(loaded, BUREAU, WEB, "geldstromen", ("regio-deal",), if_match=saved.etag)
    assert get_record(loaded, "geldstromen", ("regio-deal",)) is None
    record = last_record(loaded)
    assert record.actie == "verwijderen" and json.loads(record.oud or "")["naam"] == "Regio Deal Parkstad"
    with loaded.connect() as connection:
        assert audit.verify(connection) == []


def test_an_area_cannot_be_placed_inside_itself(loaded: Engine) -> None:
    stored = get_record(loaded, "gebieden", ("NL01",))
    assert stored is not None
    values = {"id": "NL01", "naam": "Nederland", "soort": "land", "ligt_in": "heerlen-noord", "bron": BRON}
    refused = refusal(save_record, loaded, BUREAU, WEB, "gebieden", values, key=("NL01",), if_match=stored[1])
    assert refused.status == 422 and refused.problems[0].message.startswith("kringverwijzing")


def test_a_number_beyond_the_stores_range_is_refused_in_dutch(loaded: Engine) -> None:
    from raadsmonitor.domain.catalogue import TABLES_BY_NAME
    from raadsmonitor.services.writes import parse_key

    assert refusal(parse_key, TABLES_BY_NAME["geldstroombedragen"], ("pmg", "2147483648", "toegekend")).status == 404
    amount = {"geldstroom": "pmg", "jaar": "2147483648", "soort": "toegekend", "bedrag": "1000", "bron": BRON}
    refused = refusal(save_record, loaded, BUREAU, WEB, "geldstroombedragen", amount)
    assert refused.status == 422
