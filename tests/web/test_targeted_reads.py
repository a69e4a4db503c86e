"""Targeted reads (Records.get/where/count_by) give the same answers from the store as from memory."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from raadsmonitor.domain.catalogue import TABLES
from raadsmonitor.domain.enums import GebiedSoort
from raadsmonitor.domain.indicators import Waarneming
from raadsmonitor.domain.programme import Bron, Gebied
from raadsmonitor.domain.records import KNOWN, MemoryRecords, Records
from raadsmonitor.store.dataset import StoreRecords
from tests.web.test_connections import checked_out


def _both(engine: Engine) -> tuple[Records, Records]:
    store = StoreRecords(engine)
    memory = MemoryRecords(record for spec in TABLES for record in StoreRecords(engine).all(spec.entity))
    return store, memory


def test_an_area_is_found_by_its_id_in_the_store_and_in_memory(client: Any, engine: Engine) -> None:
    for records in _both(engine):
        found = records.get(Gebied, "heerlen-noord")
        assert found is not None and found.naam == "Heerlen-Noord"
        assert records.get(Gebied, "bestaat-niet") is None


def test_observations_are_selected_by_indicator_and_one_of_several_areas(client: Any, engine: Engine) -> None:
    for records in _both(engine):
        rows = records.where(Waarneming, indicator="arbeidsparticipatie", gebied=("GM0917", "NL01"))
        assert {(w.gebied, w.periode) for w in rows} == {
            ("GM0917", "startsituatie"), ("GM0917", "zicht-op-wijken-2023-09-10"),
            ("NL01", "startsituatie"), ("NL01", "zicht-op-wijken-2023-09-10")}
        assert [g.naam for g in records.where(Gebied, soort=GebiedSoort.LAND)] == ["Nederland"]
        known = records.where(Waarneming, indicator="arbeidsparticipatie", gebied="GM0917", waarde=KNOWN)
        assert [(w.periode, w.waarde) for w in known] == [("zicht-op-wijken-2023-09-10", 59)]  # startsituatie unknown


def test_store_and_memory_page_and_count_alike(client: Any, engine: Engine) -> None:
    store, memory = _both(engine)
    for entity, column in ((Waarneming, "indicator"), (Waarneming, "bron"), (Gebied, "soort")):
        assert store.count_by(entity, column) == memory.count_by(entity, column)
    unknown = store.count_by(Waarneming, "indicator", waarde=None)
    assert unknown == memory.count_by(Waarneming, "indicator", waarde=None)
    assert unknown.get("arbeidsparticipatie") == 1  # Heerlen's startsituatie is not known
    first, second = (store.where(Waarneming, limit=5, offset=offset, bron="rk2023-fig2") for offset in (0, 5))
    everything = store.where(Waarneming, bron="rk2023-fig2")
    assert first + second == everything[:10] and len(first) == 5
    assert [(w.indicator, w.gebied, w.periode) for w in everything] == sorted(
        (w.indicator, w.gebied, w.periode) for w in memory.where(Waarneming, bron="rk2023-fig2"))


def test_targeted_reads_hold_no_connection_between_calls(client: Any, engine: Engine) -> None:
    records = StoreRecords(engine)
    records.get(Bron, "rk2023-fig2")
    records.where(Waarneming, gebied="heerlen-noord")
    records.count_by(Waarneming, "bron")
    assert checked_out(engine) == 0
