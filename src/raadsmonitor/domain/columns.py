"""How an entity declares its columns once, for every door into the model.

Each domain entity is a frozen dataclass whose fields carry a `Column` in their metadata. From that
one declaration the store builds its tables, the data package its CSV headers, workbook sheets and
dropdowns, and the validator its checks. Field names are the column names a programme controller
sees in the data package, so they are Dutch domain nouns (`begin_jaar`, `bedrag`, `bron`).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar, Union, dataclass_transform

from raadsmonitor.domain.dates import Datum


class Kind(StrEnum):
    TEXT = "tekst"
    INTEGER = "geheel getal"
    DECIMAL = "getal"
    BOOLEAN = "ja/nee"
    DATE = "datum"
    DATUM = "datum (dag, maand of jaar)"
    ENUM = "keuzelijst"
    REF = "verwijzing"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table, as declared on the entity."""

    name: str
    kind: Kind
    description: str
    required: bool
    key: bool = False
    ref: str | None = None
    enum: type[StrEnum] | None = None
    scale: int | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    max_length: int = 10_000
    default: Any = None
    stream_amount: bool = False  # a geldstroom's euro amount: small values are refused (validation.py, issue 20)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(member.value for member in self.enum) if self.enum else ()


@dataclass(frozen=True, slots=True)
class _ColumnOptions:
    description: str
    key: bool
    ref: str | None
    scale: int | None
    minimum: Decimal | None
    maximum: Decimal | None
    max_length: int | None
    stream_amount: bool


def col(
    description: str,
    *,
    key: bool = False,
    ref: str | None = None,
    scale: int | None = None,
    minimum: int | str | None = None,
    maximum: int | str | None = None,
    max_length: int | None = None,
    default: Any = dataclasses.MISSING,
    stream_amount: bool = False,
) -> Any:
    """Declare a column on an entity field; the field's type gives its kind and whether it may be empty.

    `stream_amount`: the euro amount of a funding stream, where an amount below € 1.000 is almost always
    millions typed short ("49,2"); validation refuses it unless the import is told it is meant.
    """
    options = _ColumnOptions(
        description=description,
        key=key,
        ref=ref,
        scale=scale,
        minimum=Decimal(minimum) if minimum is not None else None,
        maximum=Decimal(maximum) if maximum is not None else None,
        max_length=max_length,
        stream_amount=stream_amount,
    )
    return field(default=default, metadata={"column": options})


_Entity = TypeVar("_Entity")


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(col, field))
def entity(cls: type[_Entity]) -> type[_Entity]:
    """Make a domain entity: a frozen, keyword-only dataclass with slots whose fields are declared with `col`.

    A plain alias `entity = dataclass(...)` would work at run time, but type checkers do not see through it
    and would not check the fields an entity is built with; `dataclass_transform` tells them.
    """
    return dataclass(frozen=True, kw_only=True, slots=True)(cls)


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) == 1 and len(typing.get_args(annotation)) == 2:
            return args[0], True
    return annotation, False


def _kind_of(annotation: Any, ref: str | None) -> tuple[Kind, type[StrEnum] | None]:
    if ref is not None:
        return Kind.REF, None
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return Kind.ENUM, annotation
    simple = {str: Kind.TEXT, int: Kind.INTEGER, Decimal: Kind.DECIMAL, bool: Kind.BOOLEAN,
              date: Kind.DATE, Datum: Kind.DATUM}
    if annotation in simple:
        return simple[annotation], None
    raise TypeError(f"no column kind for {annotation!r}")


def columns_of(entity: type) -> tuple[Column, ...]:
    """The columns an entity declares, in declaration order."""
    hints = typing.get_type_hints(entity)
    result = []
    for item in dataclasses.fields(entity):
        options: _ColumnOptions = item.metadata["column"]
        annotation, optional = _unwrap_optional(hints[item.name])
        kind, enum = _kind_of(annotation, options.ref)
        has_default = item.default is not dataclasses.MISSING
        default_length = 200 if options.key or kind is Kind.REF else 10_000
        result.append(Column(
            name=item.name,
            kind=kind,
            description=options.description,
            required=not optional and not has_default,
            key=options.key,
            ref=options.ref,
            enum=enum,
            scale=options.scale,
            minimum=options.minimum,
            maximum=options.maximum,
            max_length=options.max_length or default_length,
            default=item.default if has_default else None,
            stream_amount=options.stream_amount,
        ))
    return tuple(result)
