"""Wiring for the signal rule 'status indicator verslechtert': statuses over time from the progress analysis.

The progress analysis (issue 4, `analysis.progress_records`) judges an indicator for an area on all
its observations. To see how that judgement moved, it is repeated as of each measurement moment of
the focus area: observations of the indicator measured after that moment are hidden (observations
without a moment stay, as the progress analysis leaves them out of path and trend anyway). Only the
judged statuses op koers (rang 0), aandacht (1) and achter (2) are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from raadsmonitor.analysis.programme.overview import focus_programme
from raadsmonitor.analysis.progress.formulas import Status, moment_of
from raadsmonitor.analysis.progress.observations import Observations
from raadsmonitor.analysis.progress.records import norm_for, observations_for, settings_for, voortgang_of
from raadsmonitor.analysis.signals.rules import IndicatorStatus, StatusHistory
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.indicators import Indicator, Waarneming
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.domain.records import Records, ScanningRecords

T = TypeVar("T")
RANG = {Status.OP_KOERS: 0, Status.AANDACHT: 1, Status.ACHTER: 2}


class _AsOf(ScanningRecords):
    """The records as they were when `moment` was the latest measurement of one indicator."""

    def __init__(self, records: Records, indicator: str, moment: Datum) -> None:
        self._records, self._indicator, self._moment = records, indicator, moment

    def visible(self, item: Waarneming) -> bool:
        moment = moment_of(item.periode, item.peildatum)
        return item.indicator != self._indicator or moment is None or moment <= self._moment

    def all(self, entity: type[T]) -> list[T]:
        items: list[Any] = self._records.all(entity)
        return [item for item in items if self.visible(item)] if entity is Waarneming else items

    def get(self, entity: type[T], key: str) -> T | None:
        return self._records.get(entity, key)  # waarnemingen have no id: nothing to hide here

    def where(self, entity: type[T], *, limit: int | None = None, offset: int = 0, **equals: object) -> list[T]:
        columns: dict[str, Any] = equals
        if entity is not Waarneming:
            return self._records.where(entity, limit=limit, offset=offset, **columns)
        items: list[Any] = [item for item in self._records.where(Waarneming, **columns) if self.visible(item)]
        return items[offset:] if limit is None else items[offset:offset + limit]


class _AsOfObservations(Observations):
    """The observations already read for the request, with those of one indicator after `moment` hidden."""

    def __init__(self, base: Observations, view: _AsOf) -> None:
        super().__init__(view)
        self._base, self._view = base, view

    def load_areas(self, gebieden: Iterable[str]) -> None:
        self._base.load_areas(gebieden)

    def load(self, indicators: Iterable[str], gebieden: Iterable[str]) -> None:
        self._base.load(indicators, gebieden)

    def of(self, indicator: str, gebied: str) -> list[Waarneming]:
        return [item for item in self._base.of(indicator, gebied) if self._view.visible(item)]


def voortgang_status_history(records: Records, today: date) -> StatusHistory:
    """A `StatusHistory` for the focus area of the programme, judged against its benchmark."""
    programma = focus_programme(records)
    gebied: Gebied | None = records.get(Gebied, programma.focusgebied) if programma and programma.focusgebied else None
    settings = settings_for(records)
    observations = observations_for(records, [gebied] if gebied else [])

    def history(indicator_id: str) -> list[IndicatorStatus]:
        indicator = records.get(Indicator, indicator_id)
        if gebied is None or indicator is None:
            return []
        norm = norm_for(records, gebied.id)
        full = voortgang_of(records, indicator, gebied, norm, settings, today, observations)
        moments = sorted({m.moment for m in full.metingen if m.moment is not None and m.waarneming.waarde is not None})
        result = []
        for moment in moments:
            as_of = _AsOf(records, indicator.id, moment)
            view = voortgang_of(as_of, indicator, gebied, norm, settings, today, _AsOfObservations(observations, as_of))
            if view.oordeel.status in RANG:
                bron = view.laatste.waarneming.bron if view.laatste else None
                result.append(IndicatorStatus(moment.earliest(), view.oordeel.status.value,
                                              RANG[view.oordeel.status], bron))
        return result

    return history
