"""One line that names a record for people, whatever its table: used where facts are listed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from raadsmonitor.domain.catalogue import record_name
from raadsmonitor.domain.indicators import Waarneming
from raadsmonitor.domain.money import GeldstroomBedrag, GeldstroomFinancier
from raadsmonitor.domain.programme import GebiedOnderdeel, InterventiePartner, Vergelijkingsgebied


def _generic(record: Any) -> str:
    return record_name(record) or str(getattr(record, "id", ""))


def _waarneming(record: Waarneming) -> str:
    return f"{record.indicator} · {record.gebied} · {record.periode}"


def _bedrag(record: GeldstroomBedrag) -> str:
    return f"{record.geldstroom} · {record.jaar} · {record.soort.value}"


def _pair(first: str, second: str) -> Callable[[Any], str]:
    return lambda record: f"{getattr(record, first)} · {getattr(record, second)}"


DESCRIBERS: dict[type, Callable[[Any], str]] = {
    Waarneming: _waarneming,
    GeldstroomBedrag: _bedrag,
    GeldstroomFinancier: _pair("geldstroom", "organisatie"),
    InterventiePartner: _pair("interventie", "organisatie"),
    GebiedOnderdeel: _pair("focusgebied", "gebied"),
    Vergelijkingsgebied: _pair("focusgebied", "gebied"),
}


def describe(record: Any) -> str:
    return DESCRIBERS.get(type(record), _generic)(record)
