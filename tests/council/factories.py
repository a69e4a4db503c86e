"""Small synthetic records for the council tests (test data, not facts from the report)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from raadsmonitor.domain.council import (
    Afspraaknakoming,
    Informatieafspraak,
    Informatiekoppeling,
    Informatiestuk,
    Sturingsafspraak,
    SturingsRegel,
    TermijnEenheid,
    Termijninstelling,
)
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import BedragSoort, GeldstroomStatus, Herkomst, KoppelingSoort, StukSoort
from raadsmonitor.domain.money import Geldstroom, GeldstroomBedrag

BRON = "test-synthetisch"


def stuk(id: str, soort: StukSoort, datum: str, **fields: Any) -> Informatiestuk:
    return Informatiestuk(id=id, soort=soort, datum=Datum.parse(datum), onderwerp=fields.pop("onderwerp", id),
                          bron=BRON, **fields)


def koppeling(van: str, naar: str, soort: KoppelingSoort) -> Informatiekoppeling:
    return Informatiekoppeling(van=van, naar=naar, soort=soort, bron=BRON)


def termijn(soort: StukSoort, aantal: int, eenheid: TermijnEenheid = TermijnEenheid.KALENDERDAGEN
            ) -> Termijninstelling:
    return Termijninstelling(id=f"termijn-{soort.value}", soort_stuk=soort, aantal=aantal, eenheid=eenheid,
                             omschrijving="Synthetische termijn voor de test", bron=BRON)


def afspraak(id: str, **fields: Any) -> Informatieafspraak:
    return Informatieafspraak(id=id, programma="p", omschrijving=fields.pop("omschrijving", id),
                              leverancier=fields.pop("leverancier", "college"), bron=BRON, **fields)


def nakoming(afspraak_id: str, stuk_id: str, jaar: int) -> Afspraaknakoming:
    return Afspraaknakoming(afspraak=afspraak_id, informatiestuk=stuk_id, jaar=jaar, bron=BRON)


def stroom(id: str, begin: int | None = None, eind: int | None = None,
           status: GeldstroomStatus | None = None) -> Geldstroom:
    return Geldstroom(id=id, naam=f"Stroom {id}", programma="p", herkomst=Herkomst.RIJK, begin_jaar=begin,
                      eind_jaar=eind, status=status, bron=BRON)


def bedrag(stroom_id: str, jaar: int, soort: BedragSoort, euro: str) -> GeldstroomBedrag:
    return GeldstroomBedrag(geldstroom=stroom_id, jaar=jaar, soort=soort, bedrag=Decimal(euro), bron=BRON)


def sturing(id: str, regel: SturingsRegel, **fields: Any) -> Sturingsafspraak:
    return Sturingsafspraak(id=id, programma="p", regel=regel, omschrijving=id, bron=BRON, **fields)


PEILDATUM = date(2024, 3, 1)
