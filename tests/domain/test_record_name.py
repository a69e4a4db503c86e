"""One rule names a record for people: the lists of facts and the register forms agree (issue 19)."""

from __future__ import annotations

from raadsmonitor.analysis.describe import describe
from raadsmonitor.domain.catalogue import NAME_FIELDS, TABLES, record_name
from raadsmonitor.domain.council import Informatiestuk
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import StukSoort
from raadsmonitor.domain.money import Begrotingskoppeling
from raadsmonitor.domain.programme import Bron, GebiedOnderdeel


def test_a_record_is_named_by_its_first_name_field() -> None:
    bron = Bron(id="rk2023-fig2", document="Raadsrapportage 2023", onderdeel="figuur 2")
    assert record_name(bron) == "Raadsrapportage 2023"  # the document before the place in it
    stuk = Informatiestuk(id="rib-1", soort=StukSoort.MOTIE, datum=Datum(2023, 9), onderwerp="Maankwartier",
                          bron="b1")
    assert record_name(stuk) == describe(stuk) == "Maankwartier"
    koppeling = Begrotingskoppeling(id="k1", kernthema="kt1", onderdeel="Werk en inkomen", bron="b1")
    assert record_name(koppeling) == describe(koppeling) == "Werk en inkomen"


def test_a_link_between_records_has_no_name_and_is_described_by_its_parts() -> None:
    link = GebiedOnderdeel(focusgebied="heerlen-noord", gebied="meezenbroek", bron="b1")
    assert record_name(link) == ""
    assert describe(link) == "heerlen-noord · meezenbroek"


def test_every_name_field_names_some_table() -> None:
    used = {column.name for spec in TABLES for column in spec.columns}
    assert set(NAME_FIELDS) <= used
