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
- *doel of streefwaarde gewijzigd*: a goal (`doelen`), a KPI (`kpis`) or the programme's `doeljaar` was
  added, removed or changed between the previous reporting moment and the state on the peildatum. The
  changes come from an injected `Peilvergelijking` (the pure comparison `analysis.changes.compare` of two
  frozen states, built by `moments.goal_comparison`); without one, or without a peilmoment to compare
  with, the rule is reported as not evaluated with the reason. Only the columns that carry the goal count
  (`GOAL_FIELDS`): rewording, moving to another thema or doel, a changed doeljaar; not `volgorde` or `bron`.
  Scope: the programme's goals, KPIs (through their thema) and doeljaar; an agreement with a thema or doel
  narrows it to that thema's or doel's goals and KPIs (the programme's doeljaar is then out of scope). A
  goal or KPI is in scope if it was before the change or is after it. One signal per changed column or
  added/removed record, dated the later state's peildatum.

Each signal carries its facts as values (`Signaal.feit`: one of the `Feit` classes below) and each
evaluation that could not be (fully) done says why as a `Reden`; `presentation.signals` words them in Dutch
for the pages, reports and the command line, and the JSON gives both the sentences and the values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from raadsmonitor.analysis.moments.changes import Wijziging, Wijzigingen
from raadsmonitor.domain.council import Sturingsafspraak, SturingsRegel
from raadsmonitor.domain.enums import BedragSoort, GeldstroomStatus
from raadsmonitor.domain.money import Geldstroom, GeldstroomBedrag, Toewijzing
from raadsmonitor.domain.programme import Thema
from raadsmonitor.domain.records import Records


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator's judged status at one moment; `rang` 0 is best, higher is worse."""

    moment: date
    status: str
    rang: int
    bron: str | None = None


StatusHistory = Callable[[str], list[IndicatorStatus]]  # indicator id -> judged statuses, oldest first

# The frozen tables that hold goals and targets, with the columns whose change counts as a changed goal.
GOAL_FIELDS: dict[str, frozenset[str]] = {
    "programmas": frozenset({"doeljaar"}),
    "doelen": frozenset({"programma", "thema", "soort", "omschrijving"}),
    "kpis": frozenset({"thema", "doel", "omschrijving"}),
}
GOAL_SUBJECTS = {"programmas": "Doeljaar van programma", "doelen": "Doel", "kpis": "KPI"}


class Reden(StrEnum):
    """Why a rule was not (fully) evaluated; `presentation.signals.REDENEN` gives the Dutch sentence."""

    MAANDEN_ONTBREKEN = "maanden-ontbreken"  # geldstroom eindigt binnenkort without `maanden`
    EINDJAAR_ONBEKEND = "eindjaar-onbekend"  # streams without a known end were skipped (`overgeslagen`)
    DREMPEL_ONTBREEKT = "drempel-ontbreekt"
    NIETS_TE_VERGELIJKEN = "niets-te-vergelijken"  # no year with both a planned and a spent amount
    VOORTGANG_NIET_AANGESLOTEN = "voortgang-niet-aangesloten"
    INDICATOR_ONTBREEKT = "indicator-ontbreekt"
    TE_WEINIG_BEOORDELINGEN = "te-weinig-beoordelingen"
    VERGELIJKING_NIET_AANGESLOTEN = "vergelijking-niet-aangesloten"
    GEEN_VERGELIJKING = "geen-vergelijking"  # the Peilvergelijking's own reason is the `toelichting`


@dataclass(frozen=True)
class Afloop:
    """geldstroom eindigt binnenkort: the stream's last day lies within `maanden` months after the peildatum."""

    begin_jaar: int | None
    eind_jaar: int
    laatste_dag: date
    maanden: int
    peildatum: date


@dataclass(frozen=True)
class Vervallen:
    """geldstroom vervalt: the stream was refused or ended."""

    status: GeldstroomStatus
    totaalbedrag: Decimal | None


@dataclass(frozen=True)
class Daling:
    """geldstroom daalt: an amount of one kind is lower than the same kind a year earlier."""

    soort: BedragSoort
    jaar: int
    vorig_bedrag: Decimal
    bedrag: Decimal

    @property
    def verschil(self) -> Decimal:
        return self.vorig_bedrag - self.bedrag


@dataclass(frozen=True)
class Afwijking:
    """besteding wijkt af van raming: spent minus planned in one year, against the agreement's thresholds."""

    jaar: int
    geraamd: Decimal
    besteed: Decimal
    afwijking: Decimal  # besteed - geraamd
    procent: Decimal | None  # afwijking / geraamd x 100; None when nothing was planned
    drempel_procent: Decimal | None
    drempel_bedrag: Decimal | None


@dataclass(frozen=True)
class Statusverslechtering:
    """status indicator verslechtert: the latest judged status is worse than the one before."""

    voor: IndicatorStatus
    na: IndicatorStatus


@dataclass(frozen=True)
class Doelwijziging:
    """doel of streefwaarde gewijzigd: one changed column, or an added or removed goal or KPI."""

    wijziging: Wijziging


Feit = Afloop | Vervallen | Daling | Afwijking | Statusverslechtering | Doelwijziging


@dataclass(frozen=True)
class Peilvergelijking:
    """Input of the rule 'doel of streefwaarde gewijzigd': the changes from the previous reporting moment to
    the state on the peildatum, or (`wijzigingen` None) the Dutch reason there is nothing to compare."""

    wijzigingen: Wijzigingen | None
    reden: str | None = None


@dataclass(frozen=True)
class Signaal:
    """One deviation the council asked to hear about: the agreement, its subject, the fact and its sources."""

    afspraak: Sturingsafspraak
    onderwerp: str
    feit: Feit
    datum: date
    bronnen: list[str]


@dataclass(frozen=True)
class Toetsing:
    """One steering agreement checked: the signals it gave, or why it could not be (fully) checked."""

    afspraak: Sturingsafspraak
    signalen: list[Signaal]
    getoetst: int  # how many subjects (streams, indicators) the rule was checked on
    reden: Reden | None = None  # why it could not be (fully) evaluated
    overgeslagen: int = 0  # subjects skipped for that reason (streams without a known end)
    toelichting: str | None = None  # the comparison's own Dutch reason (Reden.GEEN_VERGELIJKING)


@dataclass(frozen=True)
class Signalen:
    """Every steering agreement checked on the peildatum."""

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
    vergelijking: Peilvergelijking | None = None


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
        return Toetsing(afspraak, [], 0, Reden.MAANDEN_ONTBREKEN)
    streams = _streams(afspraak, data.records)
    horizon = plus_maanden(data.peildatum, afspraak.maanden)
    signals = []
    for stream in (s for s in streams if s.eind_jaar is not None):
        end = date(stream.eind_jaar or 0, 12, 31)
        if data.peildatum <= end <= horizon:
            fact = Afloop(stream.begin_jaar, stream.eind_jaar or 0, end, afspraak.maanden, data.peildatum)
            signals.append(Signaal(afspraak, stream.naam, fact, end, [stream.bron]))
    unknown = sum(1 for s in streams if s.eind_jaar is None)
    return Toetsing(afspraak, signals, len(streams) - unknown, Reden.EINDJAAR_ONBEKEND if unknown else None,
                    overgeslagen=unknown)


def _reductions(afspraak: Sturingsafspraak, stream: Geldstroom, data: _Data) -> list[Signaal]:
    signals = []
    for soort in BedragSoort:
        amounts = _amounts(data.records, stream.id, soort)
        for year in sorted(amounts):
            before, now = amounts.get(year - 1), amounts[year]
            if before is not None and now.bedrag < before.bedrag:
                fact = Daling(soort, year, before.bedrag, now.bedrag)
                signals.append(Signaal(afspraak, stream.naam, fact, date(year, 1, 1), [before.bron, now.bron]))
    return signals


def _lost_or_reduced(afspraak: Sturingsafspraak, data: _Data) -> Toetsing:
    streams = _streams(afspraak, data.records)
    signals = []
    for stream in streams:
        if stream.status in (GeldstroomStatus.AFGEWEZEN, GeldstroomStatus.BEEINDIGD):
            fact = Vervallen(stream.status, stream.totaalbedrag)
            signals.append(Signaal(afspraak, stream.naam, fact, data.peildatum, [stream.bron]))
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
    fact = Afwijking(jaar, plan.bedrag, spent.bedrag, afwijking, pct, afspraak.drempel_procent, afspraak.drempel_bedrag)
    return Signaal(afspraak, stream.naam, fact, date(jaar, 12, 31), [plan.bron, spent.bron])


def _spending(afspraak: Sturingsafspraak, data: _Data) -> Toetsing:
    if afspraak.drempel_procent is None and afspraak.drempel_bedrag is None:
        return Toetsing(afspraak, [], 0, Reden.DREMPEL_ONTBREEKT)
    signals, checked = [], 0
    for stream in _streams(afspraak, data.records):
        plans = _amounts(data.records, stream.id, BedragSoort.GERAAMD)
        spent = _amounts(data.records, stream.id, BedragSoort.BESTEED)
        for year in sorted(set(plans) & set(spent)):
            if year <= data.peildatum.year:
                checked += 1
                found = _deviation(afspraak, stream, year, plans[year], spent[year])
                signals.extend([found] if found else [])
    return Toetsing(afspraak, signals, checked, None if checked else Reden.NIETS_TE_VERGELIJKEN)


def _indicator(afspraak: Sturingsafspraak, data: _Data) -> Toetsing:
    if data.status_history is None:
        return Toetsing(afspraak, [], 0, Reden.VOORTGANG_NIET_AANGESLOTEN)
    if afspraak.indicator is None:
        return Toetsing(afspraak, [], 0, Reden.INDICATOR_ONTBREEKT)
    judged = [s for s in data.status_history(afspraak.indicator) if s.moment <= data.peildatum]
    if len(judged) < 2:
        return Toetsing(afspraak, [], 1, Reden.TE_WEINIG_BEOORDELINGEN)
    before, now = judged[-2], judged[-1]
    if now.rang <= before.rang:
        return Toetsing(afspraak, [], 1)
    sources = [s.bron for s in (before, now) if s.bron]
    fact = Statusverslechtering(before, now)
    return Toetsing(afspraak, [Signaal(afspraak, afspraak.indicator, fact, now.moment, sources)], 1)


def _goal_in_scope(afspraak: Sturingsafspraak, tabel: str, record: Any, themas: set[str]) -> bool:
    """Whether a goal, KPI or programme record falls under the agreement (`themas`: the programme's themas)."""
    if tabel == "programmas":
        return record.id == afspraak.programma and afspraak.thema is None and afspraak.doel is None
    in_programme = record.programma == afspraak.programma if tabel == "doelen" else record.thema in themas
    doel = record.id if tabel == "doelen" else record.doel
    return (in_programme and afspraak.thema in (None, record.thema) and afspraak.doel in (None, doel))


def _counts(wijziging: Wijziging) -> bool:
    """A change of a goal column, or (for goals and KPIs, not programmes) an added or removed record."""
    if wijziging.veld is None:
        return wijziging.tabel != "programmas"
    return wijziging.veld in GOAL_FIELDS[wijziging.tabel]


def _goal_signal(afspraak: Sturingsafspraak, wijziging: Wijziging, sources: list[str], datum: date) -> Signaal:
    subject = GOAL_SUBJECTS[wijziging.tabel]
    return Signaal(afspraak, f"{subject} {wijziging.sleutel}", Doelwijziging(wijziging), datum, sources)


def _goal_changed(afspraak: Sturingsafspraak, data: _Data) -> Toetsing:
    if data.vergelijking is None:
        return Toetsing(afspraak, [], 0, Reden.VERGELIJKING_NIET_AANGESLOTEN)
    if data.vergelijking.wijzigingen is None:
        return Toetsing(afspraak, [], 0, Reden.GEEN_VERGELIJKING, toelichting=data.vergelijking.reden)
    found = data.vergelijking.wijzigingen
    themas = {t.id for t in data.records.all(Thema) if t.programma == afspraak.programma}
    signals, checked = [], 0
    for tabel in GOAL_FIELDS:
        before = {r.id: r for r in found.van.records(tabel)}
        after = {r.id: r for r in found.tot.records(tabel)}
        in_scope = {key for key, r in (*before.items(), *after.items()) if _goal_in_scope(afspraak, tabel, r, themas)}
        checked += len(in_scope)
        for wijziging in (w for w in found.regels if w.tabel == tabel and w.sleutel in in_scope and _counts(w)):
            records = (before.get(wijziging.sleutel), after.get(wijziging.sleutel))
            sources = list(dict.fromkeys(r.bron for r in records if r is not None))
            signals.append(_goal_signal(afspraak, wijziging, sources, found.tot.peildatum))
    return Toetsing(afspraak, signals, checked)


RULES: dict[SturingsRegel, Callable[[Sturingsafspraak, _Data], Toetsing]] = {
    SturingsRegel.GELDSTROOM_EINDIGT: _ending,
    SturingsRegel.GELDSTROOM_VERVALT: _lost_or_reduced,
    SturingsRegel.BESTEDING_WIJKT_AF: _spending,
    SturingsRegel.INDICATOR_VERSLECHTERT: _indicator,
    SturingsRegel.DOEL_GEWIJZIGD: _goal_changed,
}


def evaluate_signals(records: Records, peildatum: date, status_history: StatusHistory | None = None,
                     vergelijking: Peilvergelijking | None = None) -> Signalen:
    """Every steering agreement evaluated on `peildatum` (rules: module docstring)."""
    data = _Data(records, peildatum, status_history, vergelijking)
    afspraken = sorted(records.all(Sturingsafspraak), key=lambda a: a.id)
    return Signalen(peildatum, [RULES[afspraak.regel](afspraak, data) for afspraak in afspraken])
