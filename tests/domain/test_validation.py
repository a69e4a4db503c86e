"""Cells become values, or a Dutch reason why not."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from raadsmonitor.domain.catalogue import table_named
from raadsmonitor.domain.enums import Polariteit
from raadsmonitor.domain.money import Geldstroom
from raadsmonitor.domain.validation import (
    CellError,
    RowValidator,
    build_record,
    escape_text,
    parse_cell,
    unescape_text,
)

BEDRAG = table_named("geldstroombedragen").column("bedrag")
TOTAALBEDRAG = table_named("geldstromen").column("totaalbedrag")
WAARDE = table_named("waarnemingen").column("waarde")
POLARITEIT = table_named("indicatoren").column("polariteit")
VACATURE = table_named("lidmaatschappen").column("vacature")


@pytest.mark.parametrize(("raw", "expected"), [
    ("1350000", Decimal("1350000")), ("212084,50", Decimal("212084.50")), ("€ 950000", Decimal("950000")),
    (1400000, Decimal("1400000")), (1350000.67, Decimal("1350000.67")), ("0", Decimal("0")),
    ("49,2 mln", Decimal("49200000")), ("€ 6,9 miljoen", Decimal("6900000")), ("250k", Decimal("250000")),
    ("1,5 mld", Decimal("1500000000")), ("0,1234567 mln", Decimal("123456.7")),
])
def test_amounts_in_the_forms_a_controller_types(raw: object, expected: Decimal) -> None:
    value = parse_cell(raw, BEDRAG)
    assert value == expected and str(value) == str(expected)  # exact, and written without an exponent


@pytest.mark.parametrize(("raw", "shown", "meant"), [
    ("49,2", "€ 49,20", "Bedoelde u € 49.200.000?"),
    (6.9, "€ 6,90", "Bedoelde u € 6.900.000?"),  # a number in a workbook cell
    ("22.6", "€ 22,60", "Bedoelde u € 22.600.000?"),
    ("25", "€ 25", "Bedoelde u € 25.000 of € 25.000.000?"),
])
def test_a_stream_amount_below_1000_is_refused_with_the_likely_reading(raw: object, shown: str, meant: str) -> None:
    for column in (BEDRAG, TOTAALBEDRAG):
        with pytest.raises(CellError) as refused:
            parse_cell(raw, column)
        assert f"wordt gelezen als {shown};" in str(refused.value) and meant in str(refused.value)
    number = Decimal(str(raw).replace(",", "."))
    assert parse_cell(raw, BEDRAG, small_amounts=True) == number  # meant, with --kleine-bedragen
    assert parse_cell(raw, table_named("toewijzingen").column("bedrag")) == number  # not a stream's amount


@pytest.mark.parametrize(("raw", "message"), [
    ("1.350 mln", "'1.350 mln' is niet eenduidig"),  # 1350 million, or 1,35?
    ("3 ton", "onbekende eenheid 'ton'"),
    ("1,234567891 mln", "heeft meer dan 2 decimalen"),
    ("-2 mln", "negatief"),
])
def test_an_amount_with_a_unit_is_read_exactly_or_refused(raw: str, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse_cell(raw, BEDRAG)


def test_a_unit_is_only_read_in_a_stream_amount() -> None:
    with pytest.raises(CellError, match="geen getal"):
        parse_cell("49,2 mln", WAARDE)


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
             "eind_jaar": "2022", "totaalbedrag": "10000", "bedrag_focusgebied": "20000", "bron": "b"}
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


# --- a column at a time (issue 8) ----------------------------------------------------------------

def _validator(spec_name: str) -> tuple[RowValidator, list[str]]:
    spec = table_named(spec_name)
    header = [column.name for column in spec.columns]
    return RowValidator(spec.entity, spec.columns, header), header


def _row_by_row(validator: RowValidator, rows: list[list[str]]) -> list[list[object]]:
    values = [validator.values(row)[0] for row in rows]
    assert all(value is not None for value in values)
    return [list(column) for column in zip(*values, strict=True)]


def test_a_column_at_a_time_gives_what_row_by_row_gives() -> None:
    validator, _ = _validator("waarnemingen")
    rows = [["ind-1", "NL01", "2021", "2021-12-31", "66.9", "", "", "cbs"],
            ["ind-1", "NL01", "2022", "", "-0.123456", "ja", "  met spaties  ", "cbs"],
            ["ind-1", "NL02", "2021", "2021-12-31", "", "nee", "", "cbs"],
            ["ind-2", " NL02 ", "2021", "2021-12-31", "1350000", "", "'=formule", "cbs"]]
    columns = validator.columns(rows)
    assert columns == _row_by_row(validator, rows)
    assert columns is not None and columns[4] == [Decimal("66.9"), Decimal("-0.123456"), None, Decimal("1350000")]
    assert columns[1][3] == "NL02" and columns[6][1] == "met spaties" and columns[6][3] == "=formule"
    assert validator.columns(rows) == columns  # the second time from what was remembered


def test_a_number_column_takes_the_careful_path_for_other_forms_with_the_same_values() -> None:
    validator, _ = _validator("geldstroombedragen")
    rows = [["gs-1", "2021", "toegekend", "1350000,50", "", "bron"],
            ["gs-1", "2022", "toegekend", "€ 950000", "", "bron"],
            ["gs-1", "2023", "toegekend", "12500.5", "", "bron"],
            ["gs-1", "2024", "toegekend", "4,6 mln", "", "bron"]]
    columns = validator.columns(rows)
    assert columns == _row_by_row(validator, rows)
    assert columns is not None and columns[3] == [Decimal("1350000.50"), Decimal("950000"), Decimal("12500.5"),
                                                  Decimal("4600000")]


def test_a_small_stream_amount_is_refused_a_column_at_a_time_as_row_by_row() -> None:
    rows = [["gs-1", "2021", "toegekend", "5000", "", "bron"], ["gs-1", "2022", "toegekend", "49.2", "", "bron"]]
    validator, _ = _validator("geldstroombedragen")
    assert validator.columns(rows) is None  # left to row by row, which names it
    values, problems = validator.values(rows[1])
    assert values is None and [problem.column for problem in problems] == ["bedrag"]
    assert "Bedoelde u € 49.200.000?" in problems[0].message
    spec = table_named("geldstroombedragen")
    meant = RowValidator(spec.entity, spec.columns, [column.name for column in spec.columns], small_amounts=True)
    columns = meant.columns(rows)
    assert columns == _row_by_row(meant, rows)
    assert columns is not None and columns[3] == [Decimal("5000"), Decimal("49.2")]


@pytest.mark.parametrize(("spec_name", "bad"), [
    ("waarnemingen", ["ind-1", "NL01", "2021", "", "1.1234567", "", "", "cbs"]),  # more decimals than allowed
    ("waarnemingen", ["ind-1", "NL01", "2021", "", "veel", "", "", "cbs"]),
    ("waarnemingen", ["ind-1", "", "2021", "", "1", "", "", "cbs"]),  # a required cell left empty
    ("waarnemingen", ["ind-1", "NL01", "2021"]),  # a short row
    ("geldstroombedragen", ["gs-1", "2021", "toegekend", "-5", "", "bron"]),  # below the minimum
    ("geldstroombedragen", ["gs-1", "1800", "toegekend", "5000", "", "bron"]),
    ("geldstroombedragen", ["gs-1", "2021", "toegekend", "5", "", "bron"]),  # a stream's amount below € 1.000
])
def test_a_batch_with_any_refused_cell_is_left_to_row_by_row(spec_name: str, bad: list[str]) -> None:
    validator, _ = _validator(spec_name)
    good = ["ind-1", "NL01", "2020", "", "1", "", "", "cbs"] if spec_name == "waarnemingen" else [
        "gs-1", "2020", "toegekend", "5000", "", "bron"]
    assert validator.columns([good]) is not None
    assert validator.columns([good, bad]) is None  # the whole batch, whatever else it holds
    values, problems = validator.values(bad)
    assert values is None and problems  # row by row names the problem


def test_a_table_with_rules_across_fields_is_always_checked_row_by_row() -> None:
    validator, header = _validator("geldstromen")
    assert validator.columns([[""] * len(header)]) is None
