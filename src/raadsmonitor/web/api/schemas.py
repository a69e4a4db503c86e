"""The JSON form of every catalogue table, generated from its column declarations (issue 7).

One function per direction: what a stored row looks like as JSON, what a request body may hold, and
the JSON Schema of both for the OpenAPI document. The checks on a body are exactly what its schema
says (types, lengths, ranges, choices); everything further (required cells, references, rules across
fields) is the same validation as the import, in writes.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from raadsmonitor.domain.catalogue import TableSpec
from raadsmonitor.domain.columns import Column, Kind
from raadsmonitor.domain.kinds import (
    DECIMAL_DIGITS,
    INTEGER_MAX,
    INTEGER_MIN,
    decimal_limit,
    decimal_scale,
    nullable,
    range_problem,
    stored_value,
)

JsonSchema = dict[str, Any]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATUM_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
NOT_BLANK = r"\S"


class ValueProblem(ValueError):
    """A JSON value that does not fit its column; the message is Dutch."""


def schema_name(spec: TableSpec) -> str:
    return spec.entity.__name__


def input_schema_name(spec: TableSpec) -> str:
    return f"{spec.entity.__name__}Invoer"


def decimal_pattern(column: Column) -> str:
    return rf"^-?\d{{1,{DECIMAL_DIGITS}}}(\.\d{{1,{decimal_scale(column)}}})?$"


def _bounds(column: Column, low: int, high: int) -> JsonSchema:
    minimum = column.minimum if column.minimum is not None else low
    maximum = column.maximum if column.maximum is not None else high
    return {"minimum": int(minimum) if minimum == int(minimum) else float(minimum),
            "maximum": int(maximum) if maximum == int(maximum) else float(maximum)}


def _text_schema(column: Column) -> JsonSchema:
    schema: JsonSchema = {"type": "string", "maxLength": column.max_length}
    if not nullable(column):
        schema |= {"minLength": 1, "pattern": NOT_BLANK}
    return schema


def _decimal_schema(column: Column, for_input: bool) -> JsonSchema:
    text: JsonSchema = {"type": "string", "pattern": decimal_pattern(column)}
    number = {"type": "number", **_bounds(column, -decimal_limit(), decimal_limit())}
    return {"anyOf": [number, text]} if for_input else text


# The JSON Schema of each column kind's value, given the column and whether it is for a request body.
_SCHEMAS: dict[Kind, Callable[[Column, bool], JsonSchema]] = {
    Kind.TEXT: lambda column, for_input: _text_schema(column),
    Kind.REF: lambda column, for_input: _text_schema(column),
    Kind.INTEGER: lambda column, for_input: {"type": "integer", **_bounds(column, INTEGER_MIN, INTEGER_MAX)},
    Kind.DECIMAL: _decimal_schema,
    Kind.BOOLEAN: lambda column, for_input: {"type": "boolean"},
    Kind.DATE: lambda column, for_input: {"type": "string", "format": "date"},
    Kind.DATUM: lambda column, for_input: {"type": "string", "pattern": DATUM_PATTERN},
    Kind.ENUM: lambda column, for_input: {"type": "string", "enum": list(column.choices)},
}


def value_schema(column: Column, *, for_input: bool) -> JsonSchema:
    """The JSON Schema of one column's value (without null)."""
    return _SCHEMAS[column.kind](column, for_input)


def column_schema(column: Column, *, for_input: bool) -> JsonSchema:
    schema = value_schema(column, for_input=for_input)
    if nullable(column):
        schema = {"anyOf": [schema, {"type": "null"}]}
    description = column.description + (f" (verwijst naar {column.ref})" if column.ref else "")
    return {**schema, "description": description}


def record_schema(spec: TableSpec) -> JsonSchema:
    """A stored record as the API returns it: every column, null where the value is unknown."""
    return {"title": spec.label, "type": "object", "description": spec.description,
            "properties": {column.name: column_schema(column, for_input=False) for column in spec.columns},
            "required": [column.name for column in spec.columns], "additionalProperties": False}


def input_schema(spec: TableSpec) -> JsonSchema:
    """A request body for POST and PUT: the required columns must be there, unknown columns are refused."""
    required = [column.name for column in spec.columns if not nullable(column) and column.default is None]
    return {"title": f"{spec.label} (invoer)", "type": "object",
            "properties": {column.name: column_schema(column, for_input=True) for column in spec.columns},
            "required": required, "additionalProperties": False}


def list_schema(item_ref: str, title: str) -> JsonSchema:
    return {"title": title, "type": "object", "required": ["totaal", "limiet", "volgende", "resultaten"],
            "properties": {
                "totaal": {"type": "integer", "minimum": 0, "description": "Aantal records dat aan de filters voldoet"},
                "limiet": {"type": "integer", "minimum": 1, "description": "Hoogstens zoveel records per pagina"},
                "volgende": {"anyOf": [{"type": "string"}, {"type": "null"}],
                             "description": "Adres van de volgende pagina; null op de laatste"},
                "resultaten": {"type": "array", "items": {"$ref": item_ref}}}}


# --- values ----------------------------------------------------------------------------------------


def decimal_text(value: Decimal) -> str:
    """'1350000.000000' -> '1350000', '66.90' -> '66.9': the value without the store's padding."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def json_value(value: Any, column: Column) -> Any:
    """A stored value (or a domain value) as JSON: decimals as text (exact), dates as ISO text, a Datum or a
    choice as its stored text."""
    if value is None:
        return None
    if column.kind is Kind.DECIMAL:
        return decimal_text(value if isinstance(value, Decimal) else Decimal(str(value)))
    if column.kind is Kind.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    return value if isinstance(value, str) else stored_value(value, column)


def record_json(spec: TableSpec, row: Mapping[str, Any]) -> dict[str, Any]:
    return {column.name: json_value(row.get(column.name), column) for column in spec.columns}


def _text(value: Any, column: Column) -> str:
    if not isinstance(value, str):
        raise ValueProblem("moet tekst zijn")
    if "\x00" in value:
        raise ValueProblem("bevat een NUL-teken; dat kan niet worden opgeslagen")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueProblem("bevat tekens die geen geldige Unicode zijn") from error
    if len(value) > column.max_length:
        raise ValueProblem(f"tekst is {len(value)} tekens lang; ten hoogste {column.max_length} toegestaan")
    return value


def _integer(value: Any, column: Column) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueProblem("moet een geheel getal zijn")
    if problem := range_problem(value, column):
        raise ValueProblem(problem)
    return str(value)


def _decimal(value: Any, column: Column) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueProblem("moet een getal zijn, als getal of als tekst (bijvoorbeeld 1350000 of \"66.9\")")
    if isinstance(value, str) and not re.match(decimal_pattern(column), value):
        raise ValueProblem(f"'{value}' is geen getal in de vorm 1350000 of 66.9 "
                           f"(hoogstens {DECIMAL_DIGITS} cijfers voor en {decimal_scale(column)} na de punt)")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueProblem(f"{value} is geen eindig getal")
    if problem := range_problem(number, column):
        raise ValueProblem(problem)
    return format(number, "f")


def _date(value: Any, column: Column) -> str:
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueProblem("is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2021-11-22")
    return value


def _datum(value: Any, column: Column) -> str:
    if not isinstance(value, str) or not re.match(DATUM_PATTERN, value):
        raise ValueProblem("is geen datum; schrijf JJJJ-MM-DD, JJJJ-MM of JJJJ")
    return value


def _enum(value: Any, column: Column) -> str:
    if value not in column.choices:
        raise ValueProblem(f"'{value}' is geen geldige keuze; kies uit: {', '.join(column.choices)}")
    return str(value)


def _boolean(value: Any, column: Column) -> str:
    if not isinstance(value, bool):
        raise ValueProblem("moet true of false zijn")
    return "ja" if value else "nee"


_CELL = {Kind.TEXT: _text, Kind.REF: _text, Kind.INTEGER: _integer, Kind.DECIMAL: _decimal,
         Kind.BOOLEAN: _boolean, Kind.DATE: _date, Kind.DATUM: _datum, Kind.ENUM: _enum}


def cell_text(value: Any, column: Column) -> str | None:
    """A JSON value as the text cell the import's validation reads; None stays None (unknown, never zero)."""
    return None if value is None else _CELL[column.kind](value, column)


def body_cells(spec: TableSpec, body: Any) -> tuple[dict[str, str | None], list[tuple[str | None, str]]]:
    """The cells of a request body, and every (column, Dutch reason) that makes it unfit for its schema."""
    if not isinstance(body, dict):
        return {}, [(None, "de gegevens moeten een JSON-object zijn, met de kolomnamen als sleutels")]
    known = {column.name: column for column in spec.columns}
    problems: list[tuple[str | None, str]] = [
        (name, f"onbekende kolom; deze tabel kent: {', '.join(known)}") for name in body if name not in known]
    cells: dict[str, str | None] = {}
    for name, column in known.items():
        try:
            cells[name] = cell_text(body.get(name), column)
        except ValueProblem as problem:
            problems.append((name, str(problem)))
    return cells, problems
