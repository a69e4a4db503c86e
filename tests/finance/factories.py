"""Synthetic streams for unit tests (not from the report): only the fields a test is about."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from raadsmonitor.domain.enums import Herkomst
from raadsmonitor.domain.money import Geldstroom, GeldstroomBedrag
from raadsmonitor.domain.programme import Organisatie

BRON = "test-synthetisch"
GEMEENTE = Organisatie(id="gemeente-x", naam="Gemeente X", sector="Gemeente", bron=BRON)
PARTNER = Organisatie(id="scholen-x", naam="Scholenkoepel X", sector="Onderwijs", bron=BRON)


def stroom(id: str, **fields: Any) -> Geldstroom:
    values: dict[str, Any] = {"naam": id.replace("-", " ").capitalize(), "programma": "p", "herkomst": Herkomst.RIJK,
                              "bron": BRON}
    values.update(fields)
    if isinstance(values.get("totaalbedrag"), int):
        values["totaalbedrag"] = Decimal(values["totaalbedrag"])
    return Geldstroom(id=id, **values)


def bedrag(geldstroom: str, jaar: int, euro: int, soort: Any) -> GeldstroomBedrag:
    return GeldstroomBedrag(geldstroom=geldstroom, jaar=jaar, soort=soort, bedrag=Decimal(euro), bron=BRON)
