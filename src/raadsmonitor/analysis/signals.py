"""Signals: the deviations the council asked to hear about, raised from the data (report 3.3, issue 6).

Each `Sturingsafspraak` names a rule and its scope: one geldstroom, or every stream of the programme
(narrowed to a thema through the streams' toewijzingen). Rules, evaluated on a `peildatum`:

- *geldstroom eindigt binnenkort* (`maanden` N): a stream's last day (31 December of eind_jaar)
  lies between the peildatum and N months after it. Streams with an unknown end never trigger;
  the evaluation says how many were skipped.
- *geldstroom vervalt of daalt*: the stream's status is afgewezen or beëindigd; or a yearly amount
  of one kind (toegekend, geraamd, ...) is lower than the same kind a year earlier.
- *besteding wijkt af van raming* (`drempel_procent` X and/or `drempel_bedrag` Y): for a year up to
  the peildatum's year with both a geraamd and a besteed amount, afwijking = besteed − geraamd and
  afwijking% = afwijking / geraamd × 100; it triggers when |afwijking%| > X or |afwijking| > Y.
- *status indicator verslechtert*: the latest judged status of an indicator is worse than the one
  before. The statuses come from an injected `StatusHistory` (the progress analysis); without one
  the rule is reported as not evaluated.

'A goal or target changed' needs snapshots of earlier versions and is not a rule here yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from raadsmonitor.domain.council import Sturingsafspraak, SturingsRegel
from raadsmonitor.domain.dates import format_datum
from raadsmonitor.domain.enums import BedragSoort, GeldstroomStatus
from raadsmonitor.domain.money import Geldstroom, GeldstroomBedrag, Toewijzing
from raadsmonitor.domain.records import Records
from raadsmonitor.formatting import aantal, format_euro, format_getal


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator's judged status at one moment; `rang` 0 is best, higher is worse."""

    moment: date
    status: str
    rang: int
    bron: str | None = None


StatusHistory = Callable[[str], list[IndicatorStatus]]  # indicator id -> judged statuses, oldest first


@dataclass(frozen=True)
class Signaal:
    afspraak: Sturingsafspraak
    onderwerp: str
    feiten: list[str]
    datum: date
    bronnen: list[str]


@dataclass(frozen=True)
class Toetsing:
    afspraak: Sturingsafspraak
    signalen: list[Signaal]
    getoetst: int  # how many subjects (streams, indicators) the rule was checked on
    opmerking: str | None = None  # why it could not be (fully) evaluated


@dataclass(frozen=True)
class Signalen:
    peildatum: date
    toetsingen: list[Toetsing] = field(default_factory=list)

    @property
    def alle(self) -> list[Signaal]:
        found = [s for t in self.toetsingen for s in t.signalen]
        return sorted(found, key=lambda s: (s.datum, s.afspraak.id, s.onderwerp))


@dataclass(frozen=True)
class _Data:
    records: Records
    peildatum: date
    status_history: StatusHistory | None


def plus_maanden(day: date, maanden: int) -> date:
    months = day.year * 12 + day.month - 1 + maanden
    year, month = divmod(months, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError(day)  # pragma: no cover


def _streams(afspraak: Sturingsafspraak, records: Records) -> list[Geldstroom]:
    streams = [g for g in records.all(Geldstroom) if g.programma == afspraak.programma]
    if afspraak.geldstroom:
        streams = [g for g in streams if g.id == afspraak.geldstroom]
    if afspraak.thema:
        allocated = {t.geldstroom for t in records.all(Toewijzing) if t.thema == afspraak.thema}
        streams = [g for g in streams if g.id in allocated]
    return sorted(streams, key=lambda g: g.id)


def _amounts(records: Records, stream: str, soort: BedragSoort) -> dict[int, GeldstroomBedrag]:
    return {b.jaar: b for b in records.all(GeldstroomBedrag) if b.geldstroom == stream and b.soort is soort}


def _ending(afspraak: Sturingsafspraak, data: _Data) -> Toetsing:
    if afspraak.maanden is None:
        return Toetsing(afspraak, [], 0, "Vul het aantal maanden in; zonder is de regel niet te toetsen.")
    streams = _streams(afspraak, data.records)
    horizon = plus_maanden(data.peildatum, afspraak.maanden)
    signals = []
    for stream in (s for s in streams if s.eind_jaar is not None):
        end = date(stream.eind_jaar or 0, 12, 31)
        if data.peildatum <= end <= horizon:
            facts = [f"Looptijd {stream.begin_jaar or 'onbekend'} tot en met {stream.eind_jaar}.",
                     f"Laatste dag {format_datum(end)}; dat is binnen {afspraak.maanden} maanden na "
                     f"{format_datum(data.peildatum)}."]
            signals.append(Signaal(afspraak, stream.naam, facts, end, [stream.bron]))
    unknown = sum(1 for s in streams if s.eind_jaar is None)
    note = f"{aantal(unknown, 'geldstroom', 'geldstromen')} zonder bekend eindjaar niet getoetst." if unknown else None
    return Toetsing(afspraak, signals, len(streams) - unknown, note)


def _reductions(afspraak: Sturingsafspraak, stream: Geldstroom, data: _Data) -> list[Signaal]:
    signals = []
    for soort in BedragSoort:
        amounts = _amounts(data.records, stream.id, soort)
        for year in sorted(amounts):
            before, now = amounts.get(year - 1), amounts[year]
            if before is not None and now.bedrag < before.bedrag:
                facts = [f"{soort.value.capitalize()} {year - 1}: {format_euro(before.bedrag)}.",
                         f"{soort.value.capitalize()} {year}: {format_euro(now.bedrag)} "
                         f"({format_euro(before.bedrag - now.bedrag)} minder)."]
                signals.append(Signaal(afspraak, stream.naam, facts, date(year, 1, 1), [before.bron, now.bron]))
    return signals


def _lost_or_reduced(afspraak: Sturingsafspraak, data: _Data) -> Toetsing:
    streams = _streams(afspraak, data.records)
    signals = []
    for stream in streams:
        if stream.status in (GeldstroomStatus.AFGEWEZEN, GeldstroomStatus.BEEINDIGD):
            facts = [f"Status: {stream.status.value}.", f"Totaalbedrag: {format_euro(stream.totaalbedrag)}."]
            signals.append(Signaal(afspraak, stream.naam, facts, data.peildatum, [stream.bron]))
        signals.extend(_reductions(afspraak, stream, data))
    return Toetsing(afspraak, signals, len(streams))


def _deviation(afspraak: Sturingsafspraak, stream: Geldstroom, jaar: int, plan: GeldstroomBedrag,
               spent: GeldstroomBedrag) -> Signaal | None:
    afwijking = spent.bedrag - plan.bedrag
    pct = afwijking / plan.bedrag * 100 if plan.bedrag else None
    over_pct = afspraak.drempel_procent is not None and pct is not None and abs(pct) > afspraak.drempel_procent
    over_bedrag = afspraak.drempel_bedrag is not None and abs(afwijking) > afspraak.drempel_bedrag
    if not (over_pct or over_bedrag):
        return None
    shown_pct = "onbekend" if pct is None else format_getal(abs(pct).quantize(Decimal("0.1"))) + "%"
    direction = "meer" if afwijking > 0 else "minder"
    facts = [f"Geraamd {jaar}: {format_euro(plan.bedrag)}; besteed: {format_euro(spent.bedrag)}.",
             f"{format_euro(abs(afwijking))} ({shown_pct}) {direction} besteed dan geraamd; de drempel is "
             + " of ".join(part for part in (
                 f"{format_getal(afspraak.drempel_procent)}%" if afspraak.drempel_procent is not None else "",
                 format_euro(afspraak.drempel_bedrag) if afspraak.drempel_bedrag is not None else "") if part)
             + "."]
    return Signaal(afspraak, stream.naam, facts, date(jaar, 12, 31), [plan.bron, spent.bron])


def _spending(afspraak: Sturingsafspraak, data: _Data) -> Toetsing:
    if afspraak.drempel_procent is None and afspraak.drempel_bedrag is None:
        return Toetsing(afspraak, [], 0, "Vul een drempel in procenten of euro's in.")
    signals, checked = [], 0
    for stream in _streams(afspraak, data.records):
        plans = _amounts(data.records, stream.id, BedragSoort.GERAAMD)
        spent = _amounts(data.records, stream.id, BedragSoort.BESTEED)
        for year in sorted(set(plans) & set(spent)):
            if year <= data.peildatum.year:
                checked += 1
                found = _deviation(afspraak, stream, year, plans[year], spent[year])
                signals.extend([found] if found else [])
    note = None if checked else "Geen jaar met zowel een geraamd als een besteed bedrag; niets te vergelijken."
    return Toetsing(afspraak, signals, checked, note)


def _indicator(afspraak: Sturingsafspraak, data: _Data) -> Toetsing:
    if data.status_history is None:
        return Toetsing(afspraak, [], 0, "De voortgangsanalyse is niet aangesloten; deze regel is niet getoetst.")
    if afspraak.indicator is None:
        return Toetsing(afspraak, [], 0, "Kies een indicator.")
    judged = [s for s in data.status_history(afspraak.indicator) if s.moment <= data.peildatum]
    if len(judged) < 2:
        return Toetsing(afspraak, [], 1, "Minder dan twee beoordelingen: er is niets te vergelijken.")
    before, now = judged[-2], judged[-1]
    if now.rang <= before.rang:
        return Toetsing(afspraak, [], 1)
    facts = [f"Status op {format_datum(before.moment)}: {before.status}.",
             f"Status op {format_datum(now.moment)}: {now.status}."]
    sources = [s.bron for s in (before, now) if s.bron]
    return Toetsing(afspraak, [Signaal(afspraak, afspraak.indicator, facts, now.moment, sources)], 1)


RULES: dict[SturingsRegel, Callable[[Sturingsafspraak, _Data], Toetsing]] = {
    SturingsRegel.GELDSTROOM_EINDIGT: _ending,
    SturingsRegel.GELDSTROOM_VERVALT: _lost_or_reduced,
    SturingsRegel.BESTEDING_WIJKT_AF: _spending,
    SturingsRegel.INDICATOR_VERSLECHTERT: _indicator,
}


def evaluate_signals(records: Records, peildatum: date, status_history: StatusHistory | None = None) -> Signalen:
    """Every steering agreement evaluated on `peildatum` (rules: module docstring)."""
    data = _Data(records, peildatum, status_history)
    afspraken = sorted(records.all(Sturingsafspraak), key=lambda a: a.id)
    return Signalen(peildatum, [RULES[afspraak.regel](afspraak, data) for afspraak in afspraken])
