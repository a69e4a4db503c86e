"""Focus areas side by side (issue 9, for the audit offices' joint reports): the same indicators, their
gaps to each area's norm, and the programme's money per resident.

Money per resident = the known part of the money specifically for the focus area (`finance.focus_total`
over the streams of the area's programme) / the latest known number of residents (the observation of the
indicator `inwoners` for the area). Unknown residents or no known amount: unknown, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from raadsmonitor.analysis.finance.overview import Totaal, focus_total, ledger
from raadsmonitor.analysis.progress.records import Voortgang, norm_for, observations_for, settings_for, voortgang_of
from raadsmonitor.domain.enums import GebiedSoort
from raadsmonitor.domain.indicators import Indicator, Waarneming
from raadsmonitor.domain.programme import Gebied, Programma
from raadsmonitor.domain.records import Records

INWONERS = "inwoners"  # the indicator whose values are the number of residents of an area


@dataclass(frozen=True)
class Focusgebied:
    gebied: Gebied
    programma: Programma | None
    geld: Totaal | None  # money specifically for the area; None without a programme
    inwoners: Waarneming | None  # the latest observation with a value

    @property
    def per_inwoner(self) -> Decimal | None:
        if self.geld is None or not self.geld.bekend or self.inwoners is None or not self.inwoners.waarde:
            return None
        return self.geld.som / self.inwoners.waarde


@dataclass(frozen=True)
class Vergelijking:
    gebieden: list[Focusgebied]
    indicatoren: list[tuple[Indicator, list[Voortgang]]]  # one Voortgang per focus area, in the same order


def _residents(records: Records, gebied: str) -> Waarneming | None:
    found = [w for w in records.where(Waarneming, indicator=INWONERS, gebied=gebied) if w.waarde is not None]
    return max(found, key=lambda w: w.periode) if found else None


def focus_areas(records: Records) -> list[Focusgebied]:
    regels = ledger(records)
    result = []
    for gebied in sorted(records.where(Gebied, soort=GebiedSoort.FOCUSGEBIED), key=lambda g: g.id):
        programma = next((p for p in records.all(Programma) if p.focusgebied == gebied.id), None)
        geld = focus_total([r for r in regels if r.stroom.programma == programma.id]) if programma else None
        result.append(Focusgebied(gebied, programma, geld, _residents(records, gebied.id)))
    return result


def compare_focus_areas(records: Records, today: date) -> Vergelijking:
    """Indicators observed in at least two focus areas, each area against its own norm in the same period."""
    gebieden = focus_areas(records)
    observations = observations_for(records, [f.gebied for f in gebieden])

    def observed(indicator: str, gebied: str) -> bool:
        return any(w.waarde is not None for w in observations.of(indicator, gebied))

    rows = []
    for indicator in sorted(records.all(Indicator), key=lambda i: i.naam.lower()):
        if indicator.id == INWONERS or sum(observed(indicator.id, f.gebied.id) for f in gebieden) < 2:
            continue
        rows.append((indicator, [voortgang_of(records, indicator, f.gebied, norm_for(records, f.gebied.id),
                                             settings_for(records, f.programma), today, observations)
                                 for f in gebieden]))
    return Vergelijking(gebieden, rows)
