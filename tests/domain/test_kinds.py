"""Each column kind's rules, kept once in domain/kinds.py, and the doors that now look them up agree."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Numeric

from raadsmonitor.domain.catalogue import TABLES, table_named
from raadsmonitor.domain.columns import Kind
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import StukSoort
from raadsmonitor.domain.kinds import (
    DECIMAL_DIGITS,
    INTEGER_MAX,
    INTEGER_MIN,
    KINDS,
    cell_text,
    decimal_scale,
    domain_value,
    json_ready,
    nullable,
    range_problem,
    stored_value,
)
from raadsmonitor.domain.validation import parse_cell
from raadsmonitor.store.tables import table
from raadsmonitor.web.api.schemas import column_schema

STUK = table_named("informatiestukken")
DATUM = STUK.column("datum")
SOORT = STUK.column("soort")
TERMIJN = STUK.column("termijn")
DREMPEL = table_named("sturingsafspraken").column("drempel_bedrag")
TOTAALBEDRAG = table_named("geldstromen").column("totaalbedrag")
FOCUSBUURT = table_named("gebiedsonderdelen").column("focusbuurt")
COFINANCIERING = table_named("geldstromen").column("cofinanciering_vereist")
WAARDE = table_named("waarnemingen").column("waarde")
JAAR = table_named("geldstroombedragen").column("jaar")


def test_every_kind_has_its_rules() -> None:
    assert set(KINDS) == set(Kind)


def test_what_may_be_empty() -> None:
    assert not nullable(STUK.column("id"))  # part of the key
    assert not nullable(DATUM)  # required
    assert nullable(TERMIJN)  # optional
    assert not nullable(FOCUSBUURT)  # ja/nee with a default: always ja or nee
    assert nullable(COFINANCIERING)  # ja/nee without a default: unknown is allowed


def test_the_store_and_the_api_use_the_one_empty_rule_for_every_column() -> None:
    for spec in TABLES:
        stored = table(spec.name)
        for column in spec.columns:
            schema = column_schema(column, for_input=False)
            api_allows_null = {"type": "null"} in schema.get("anyOf", [])
            assert stored.c[column.name].nullable == nullable(column) == api_allows_null, (spec.name, column.name)


def test_the_store_keeps_the_declared_decimal_scale() -> None:
    assert decimal_scale(DREMPEL) == 2
    assert decimal_scale(WAARDE) == 6  # no scale declared
    for name, column in (("sturingsafspraken", DREMPEL), ("waarnemingen", WAARDE)):
        sql_type = table(name).c[column.name].type
        assert isinstance(sql_type, Numeric)
        assert (sql_type.precision, sql_type.scale) == (DECIMAL_DIGITS + decimal_scale(column), decimal_scale(column))


def test_numbers_beyond_the_store_are_refused_in_dutch() -> None:
    assert range_problem(INTEGER_MAX, JAAR) is None
    assert range_problem(INTEGER_MAX + 1, JAAR) == (
        "2147483648 valt buiten het bereik van -2147483648 tot en met 2147483647")
    assert range_problem(INTEGER_MIN - 1, JAAR) is not None
    assert range_problem(Decimal(10**18), TOTAALBEDRAG) == "1000000000000000000 is groter dan 18 cijfers toelaten"
    assert range_problem(Decimal(10**18 - 1), TOTAALBEDRAG) is None


@pytest.mark.parametrize(("column", "value", "text", "stored"), [
    (DATUM, Datum(2023, 9), "2023-09", "2023-09"),
    (SOORT, StukSoort.MOTIE, "motie", "motie"),
    (TERMIJN, date(2021, 11, 22), "2021-11-22", date(2021, 11, 22)),
    (TOTAALBEDRAG, Decimal("1350000.000000"), "1350000", Decimal("1350000.000000")),
    (FOCUSBUURT, True, "ja", True),
    (JAAR, 2021, "2021", 2021),
    (STUK.column("onderwerp"), "=SOM(A1)", "'=SOM(A1)", "=SOM(A1)"),  # a spreadsheet must not run it
])
def test_a_value_as_package_text_and_in_the_store_and_back(column: object, value: object, text: str,
                                                           stored: object) -> None:
    assert isinstance(column, type(DATUM))
    assert cell_text(value, column) == text
    assert parse_cell(text, column) == value  # the package text reads back as the same value
    assert stored_value(value, column) == stored
    assert domain_value(stored, column) == value


def test_unknown_stays_unknown_everywhere() -> None:
    for column in (DATUM, SOORT, TERMIJN, TOTAALBEDRAG, FOCUSBUURT, JAAR):
        assert cell_text(None, column) == ""
        assert stored_value(None, column) is None
        assert domain_value(None, column) is None


def test_a_database_float_becomes_an_exact_decimal() -> None:
    value = domain_value(66.9, TOTAALBEDRAG)
    assert isinstance(value, Decimal) and value == Decimal("66.9")


def test_json_ready_values_read_back_through_their_kind() -> None:
    assert json_ready(Decimal("49200000.000000")) == "49200000"
    assert json_ready(date(2021, 11, 22)) == "2021-11-22"
    assert json_ready(True) is True
    assert KINDS[Kind.DECIMAL].from_json("49200000") == Decimal("49200000")
    assert KINDS[Kind.DATE].from_json("2021-11-22") == date(2021, 11, 22)
    assert KINDS[Kind.DATUM].from_json("2023-09") == "2023-09"  # stored as text; domain_value makes the Datum


def test_a_form_tells_how_to_type_numbers_and_dates() -> None:
    assert KINDS[Kind.DECIMAL].hint == "Een getal, zonder punten voor duizendtallen; bijvoorbeeld 1350000 of 66,9."
    assert KINDS[Kind.DATE].hint == "Een datum: JJJJ-MM-DD, bijvoorbeeld 2021-11-22."
    assert KINDS[Kind.TEXT].hint is None
