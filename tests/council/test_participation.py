"""Residents: seats in the alliantieraad, activities, and input parallel to council decisions."""

from __future__ import annotations

from raadsmonitor.analysis.programme.participation import participation_overview
from raadsmonitor.domain.council import Participatieactiviteit
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import OrgaanSoort, ParticipatieSoort, StukSoort
from raadsmonitor.domain.programme import Lidmaatschap, Orgaan
from raadsmonitor.domain.records import MemoryRecords
from tests.council.factories import BRON, stuk


def _records() -> MemoryRecords:
    return MemoryRecords([
        Orgaan(id="ar", naam="Alliantieraad", soort=OrgaanSoort.ALLIANTIERAAD, bron=BRON),
        Lidmaatschap(id="ar-inwoners-1", orgaan="ar", functie="Vertegenwoordiger inwoners", namens="inwoners",
                     vacature=True, bron=BRON),
        Lidmaatschap(id="ar-inwoners-2", orgaan="ar", organisatie="bewonersraad", functie="Vertegenwoordiger",
                     namens="Inwoners", bron=BRON),
        Lidmaatschap(id="ar-wethouder", orgaan="ar", organisatie="gemeente", functie="Wethouder", bron=BRON),
        stuk("rv-woonvisie", StukSoort.RAADSVOORSTEL, "2024-05-29"),
        stuk("insp", StukSoort.INSPREKER, "2024-05-14"),
        Participatieactiviteit(id="avond", programma="p", soort=ParticipatieSoort.BIJEENKOMST, naam="Buurtavond",
                               datum=Datum.parse("2024-04"), bereik=40, raadsbesluit="rv-woonvisie", bron=BRON),
        Participatieactiviteit(id="krant", programma="p", soort=ParticipatieSoort.COMMUNICATIEKANAAL,
                               naam="Krant", bron=BRON),
    ])


def test_resident_seats_are_counted_and_filled_ones_recognised() -> None:
    overzicht = participation_overview(_records())
    assert [z.lidmaatschap.id for z in overzicht.zetels] == ["ar-inwoners-1", "ar-inwoners-2"]
    assert overzicht.zetels_ingevuld == 1


def test_decisions_with_resident_input_in_parallel_and_the_insprekers() -> None:
    overzicht = participation_overview(_records())
    assert [(p.besluit.id, [a.id for a in p.activiteiten]) for p in overzicht.parallel] == [
        ("rv-woonvisie", ["avond"])]
    assert [s.id for s in overzicht.insprekers] == ["insp"]
    assert [a.id for a in overzicht.activiteiten] == ["avond", "krant"]  # undated last
