"""Cells become values, or a Dutch reason why not."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from raadsmonitor.domain.catalogue import table_named
from raadsmonitor.domain.enums import Polariteit
from raadsmonitor.domain.money import Geldstroom
from raadsmonitor.domain.validation import CellError, build_record, escape_text, parse_cell, unescape_text

BEDRAG = table_named("geldstroombedragen").column("bedrag")
WAARDE = table_named("waarnemingen").column("waarde")
POLARITEIT = table_named("indicatoren").column("polariteit")
VACATURE = table_named("lidmaatschappen").column("vacature")


@pytest.mark.parametrize(("raw", "expected"), [
    ("1350000", Decimal("1350000")), ("212084,50", Decimal("212084.50")), ("€ 950000", Decimal("950000")),
    (1400000, Decimal("1400000")), (0.67, Decimal("0.67")),
])
def test_amounts_in_the_forms_a_controller_types(raw: object, expected: Decimal) -> None:
    assert parse_cell(raw, BEDRAG) == expected


def test_an_empty_optional_value_is_unknown_not_zero() -> None:
    assert parse_cell("", WAARDE) is None
    assert parse_cell("  ", WAARDE) is None


def test_an_empty_required_value_is_refused() -> None:
    with pytest.raises(CellError, match="verplicht veld is leeg"):
        parse_cell("", BEDRAG)


def test_negative_values_are_allowed_where_the_domain_has_them() -> None:
    assert parse_cell("-0,3", WAARDE) == Decimal("-0.3")  # a Leefbaarometer deviation


def test_enum_values_are_matched_without_regard_to_case_or_spacing() -> None:
    assert parse_cell("Lager  is Beter", POLARITEIT) is Polariteit.LAGER_IS_BETER


def test_boolean_words() -> None:
    assert parse_cell("ja", VACATURE) is True
    assert parse_cell("Nee", VACATURE) is False
    assert parse_cell("", VACATURE) is False  # the declared default
    with pytest.raises(CellError, match="geen ja of nee"):
        parse_cell("misschien", VACATURE)


def test_workbook_dates_are_accepted_for_partial_dates() -> None:
    column = table_named("mijlpalen").column("datum")
    assert parse_cell(datetime(2022, 6, 17), column).iso() == "2022-06-17"
    assert parse_cell(2023, column).iso() == "2023"


@pytest.mark.parametrize("text", ["=1+1", "+31 45 000", "-9 mnd", "@SUM(A1)", "'=kept", "gewoon"])
def test_formula_escaping_is_reversible(text: str) -> None:
    assert unescape_text(escape_text(text)) == text
    assert not escape_text(text).startswith(("=", "+", "-", "@"))


def test_cross_field_rules_name_the_column() -> None:
    spec = table_named("geldstromen")
    cells = {"id": "x", "naam": "X", "programma": "p", "herkomst": "rijk", "begin_jaar": "2025",
             "eind_jaar": "2022", "totaalbedrag": "10", "bedrag_focusgebied": "20", "bron": "b"}
    record, problems = build_record(Geldstroom, spec.columns, cells)
    assert record is None
    assert [(p.column, p.message) for p in problems] == [
        ("eind_jaar", "eindjaar 2022 ligt vóór beginjaar 2025"),
        ("bedrag_focusgebied", "het deel voor het focusgebied is groter dan het totaalbedrag"),
    ]


def test_text_with_a_nul_character_is_refused_in_dutch() -> None:
    column = next(c for c in table_named("gebieden").columns if c.name == "naam")
    with pytest.raises(CellError, match="NUL-teken"):
        parse_cell("Heerlen\x00Noord", column)
