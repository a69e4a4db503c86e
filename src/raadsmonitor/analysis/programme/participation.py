"""Residents: what they were asked, their seats in the alliance, and their voice in the council (report ch. 5).

- *Bewonerszetels*: seats in an alliantieraad held on behalf of residents (`namens` is 'inwoners');
  a seat is filled when it is not a vacature. The report: two seats reserved, neither filled (3.1).
- *Parallel aan raadsbesluiten*: activities whose `raadsbesluit` names a council decision in the
  register; the report finds no such link yet (5.1), which the page says rather than hiding.
- *Insprekers*: residents who spoke in the council's committees (figure 12), from the register.
"""

from __future__ import annotations

from dataclasses import dataclass

from raadsmonitor.domain.council import Informatiestuk, Participatieactiviteit
from raadsmonitor.domain.enums import OrgaanSoort, StukSoort
from raadsmonitor.domain.programme import Lidmaatschap, Orgaan
from raadsmonitor.domain.records import Records, index_by_id

RESIDENTS = "inwoners"


@dataclass(frozen=True)
class Bewonerszetel:
    """A residents' seat in a body (filled or vacant)."""

    lidmaatschap: Lidmaatschap
    orgaan: Orgaan

    @property
    def ingevuld(self) -> bool:
        return not self.lidmaatschap.vacature


@dataclass(frozen=True)
class ParallelBesluit:
    """A council decision and the participation activities that ran beside it."""

    besluit: Informatiestuk
    activiteiten: list[Participatieactiviteit]


@dataclass(frozen=True)
class Participatie:
    """What residents were asked, where they sit, which decisions ran beside it, who spoke in."""

    activiteiten: list[Participatieactiviteit]
    zetels: list[Bewonerszetel]
    parallel: list[ParallelBesluit]
    insprekers: list[Informatiestuk]

    @property
    def zetels_ingevuld(self) -> int:
        return sum(1 for zetel in self.zetels if zetel.ingevuld)


def _seats(records: Records) -> list[Bewonerszetel]:
    organen = {o.id: o for o in records.all(Orgaan) if o.soort is OrgaanSoort.ALLIANTIERAAD}
    seats = [Bewonerszetel(lid, organen[lid.orgaan]) for lid in records.all(Lidmaatschap)
             if lid.orgaan in organen and (lid.namens or "").strip().lower() == RESIDENTS]
    return sorted(seats, key=lambda seat: seat.lidmaatschap.id)


def participation_overview(records: Records) -> Participatie:
    activiteiten = sorted(records.all(Participatieactiviteit),
                          key=lambda a: (a.datum.sort_key() if a.datum else (9999, 0, 0), a.id))
    stukken = index_by_id(records.all(Informatiestuk))
    by_besluit: dict[str, list[Participatieactiviteit]] = {}
    for activiteit in activiteiten:
        if activiteit.raadsbesluit in stukken:
            by_besluit.setdefault(activiteit.raadsbesluit, []).append(activiteit)
    parallel = sorted((ParallelBesluit(stukken[key], items) for key, items in by_besluit.items()),
                      key=lambda p: p.besluit.datum.sort_key())
    insprekers = sorted((s for s in stukken.values() if s.soort is StukSoort.INSPREKER),
                        key=lambda s: (s.datum.sort_key(), s.id))
    return Participatie(activiteiten, _seats(records), parallel, insprekers)
