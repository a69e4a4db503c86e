"""The council's register: every item with its links, its status and its due date (report 8.4, figures 10-12).

Status rules (issues 6 and 17), evaluated on a reference date `peildatum` so that results are reproducible:

- A motie or toezegging is *aangehouden* when the register says so; *afgedaan* when the register
  says so or when a later item settles it (a link 'handelt motie af' / 'doet toezegging af'; the
  settlement date is that item's date). A motie that was verworpen or ingetrokken has nothing to
  settle; a motie whose outcome the register does not give gets no status unless a settlement is
  linked.
- A question (artikel 33-vragen, mondelinge vraag) is *beantwoord* when an answer is linked
  ('beantwoordt').
- The due date is the item's own `termijn`, else the item's date plus the term set for its kind
  (`termijninstellingen`, counted as `analysis.deadlines` describes).
- An item still without answer or settlement is judged on the day it is known to be so: the
  `nagegaan_op` date on which the griffie last checked it, or the peildatum if that is earlier.
  Then it is *geen antwoord* (a question) or *te laat* (a motie, toezegging) when the due date lies
  before that day, else *open*; its days open count up to that day, never past it.
- Without `nagegaan_op`, the register only knows that it holds no answer or settlement. Before the
  due date (on the peildatum) that is simply *open*; once the due date has passed (or when no due
  date can be set) the stand is *onbekend*: no answer in the register is not the same as no answer
  given (issue 17). Unknown items are not counted as open and get no days open.
- An answer or settlement dated after the peildatum does not count on the peildatum: the item was then
  known to be open (*geen antwoord* / *te laat* past its due date), its days open counted to the peildatum.
- Answer and handling times (question to answer, motie or toezegging to the item that settles it)
  count calendar and working days between two dates known to the day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from raadsmonitor.analysis.council.deadlines import Termijnen, termijnen, werkdagen_tussen
from raadsmonitor.domain.council import Informatiekoppeling, Informatiestuk, Termijninstelling
from raadsmonitor.domain.dates import Datum, Precisie
from raadsmonitor.domain.enums import AfdoeningStatus, KoppelingSoort, StukSoort, Uitkomst
from raadsmonitor.domain.records import Records, index_by_id


class Stand(StrEnum):
    OPEN = "open"
    AFGEDAAN = "afgedaan"
    TE_LAAT = "te laat"
    AANGEHOUDEN = "aangehouden"
    BEANTWOORD = "beantwoord"
    GEEN_ANTWOORD = "geen antwoord"
    ONBEKEND = "onbekend"


class StandGrond(StrEnum):
    """Why a line has its stand, where the stand alone does not say it (presentation/register.py words it)."""

    NIET_NAGEGAAN = "niet nagegaan"  # no answer or settlement in the register, and no date it was checked
    NAGEGAAN = "nagegaan"  # checked on the item's nagegaan_op: still no answer or settlement
    NA_PEILDATUM = "na de peildatum"  # answered or settled, but only after the peildatum (`later`)
    UITKOMST_ONBEKEND = "uitkomst onbekend"  # a motie whose outcome the register does not give
    NIET_AANGENOMEN = "niet aangenomen"  # a motie verworpen or ingetrokken: nothing to settle


OPEN_STANDEN = (Stand.OPEN, Stand.TE_LAAT, Stand.GEEN_ANTWOORD)
VRAGEN = (StukSoort.ARTIKEL_33_VRAGEN, StukSoort.MONDELINGE_VRAAG)
AFDOENING = {StukSoort.MOTIE: KoppelingSoort.HANDELT_MOTIE_AF, StukSoort.TOEZEGGING: KoppelingSoort.DOET_TOEZEGGING_AF}


@dataclass(frozen=True)
class Koppeling:
    soort: KoppelingSoort
    stuk: Informatiestuk
    toelichting: str | None = None  # why the register links the two (for example: derived, not in the source)


@dataclass(frozen=True)
class Afhandeltijd:
    """Days from a question to its answer, or from a motie or toezegging to the item that settles it.

    `binnen_termijn` is None when no due date is known.
    """

    kalenderdagen: int
    werkdagen: int
    binnen_termijn: bool | None


@dataclass(frozen=True)
class RegisterRegel:
    stuk: Informatiestuk
    naar: list[Koppeling]  # the items this one answers, settles or belongs to
    van: list[Koppeling]  # the items that answer, settle or belong to this one
    stand: Stand | None = None
    grond: StandGrond | None = None
    termijn: date | None = None
    termijn_instelling: Termijninstelling | None = None  # None with a termijn: the item's own due date
    afgedaan_door: Informatiestuk | None = None
    afhandeltijd: Afhandeltijd | None = None
    dagen_open: int | None = None  # up to `bekend_op`, for items known to be still open
    bekend_op: date | None = None  # the day the open state is known: nagegaan_op or the peildatum if earlier
    later: Informatiestuk | None = None  # with NA_PEILDATUM: the answer or settlement dated after the peildatum

    @property
    def is_vraag(self) -> bool:
        return self.stuk.soort in VRAGEN

    @property
    def na_termijn(self) -> bool | None:
        """Whether the settling or answering item came after the due date; None when either is unknown."""
        if self.afgedaan_door is None or self.termijn is None:
            return None
        return self.afgedaan_door.datum.earliest() > self.termijn


@dataclass(frozen=True)
class RegisterFilter:
    thema: str | None = None
    portefeuillehouder: str | None = None
    soort: StukSoort | None = None
    van: date | None = None
    tot: date | None = None
    langst_open: bool = False


@dataclass(frozen=True)
class Register:
    peildatum: date
    regels: list[RegisterRegel]
    portefeuillehouders: list[str] = field(default_factory=list)

    def aantal(self, stand: Stand) -> int:
        return sum(1 for regel in self.regels if regel.stand is stand)

    @property
    def afgehandeld(self) -> list[RegisterRegel]:
        """The questions, moties and toezeggingen with a known answer or handling time."""
        return [regel for regel in self.regels if regel.afhandeltijd is not None]


def laatste_dag(datum: Datum) -> date:
    """The last day a partial date can mean."""
    return datum.latest()


def _links(records: Records, stukken: dict[str, Informatiestuk]
           ) -> tuple[dict[str, list[Koppeling]], dict[str, list[Koppeling]]]:
    """The links of these items; the items at their other end are read by key."""
    links = [k for k in records.all(Informatiekoppeling) if k.van in stukken or k.naar in stukken]
    others = {k.van for k in links} | {k.naar for k in links}
    known = {**index_by_id(records.where(Informatiestuk, id=tuple(others - stukken.keys()))), **stukken}
    naar: dict[str, list[Koppeling]] = {}
    van: dict[str, list[Koppeling]] = {}
    for link in sorted(links, key=lambda k: (k.van, k.naar, k.soort)):
        if link.van in known and link.naar in known:
            naar.setdefault(link.van, []).append(Koppeling(link.soort, known[link.naar], link.toelichting))
            van.setdefault(link.naar, []).append(Koppeling(link.soort, known[link.van], link.toelichting))
    return naar, van


def _due(stuk: Informatiestuk, settings: Termijnen) -> tuple[date | None, Termijninstelling | None]:
    if stuk.termijn is not None:
        return stuk.termijn, None
    if stuk.datum.precisie is not Precisie.DAG:
        return None, None  # a term cannot start on a date known only to the month
    instelling = settings.voor(stuk.soort)
    return settings.einde(stuk.soort, stuk.datum.earliest()), instelling


def _first_linked(van: list[Koppeling], soort: KoppelingSoort) -> Informatiestuk | None:
    linked = sorted((k.stuk for k in van if k.soort is soort), key=lambda s: s.datum.sort_key())
    return linked[0] if linked else None


def _handling_time(stuk: Informatiestuk, door: Informatiestuk, termijn: date | None) -> Afhandeltijd | None:
    if stuk.datum.precisie is not Precisie.DAG or door.datum.precisie is not Precisie.DAG:
        return None
    start, end = stuk.datum.earliest(), door.datum.earliest()
    return Afhandeltijd((end - start).days, werkdagen_tussen(start, end), None if termijn is None else end <= termijn)


def _still_open(regel: RegisterRegel, termijn: date | None, instelling: Termijninstelling | None,
                peildatum: date, late: Stand) -> RegisterRegel:
    """An item without answer or settlement: open, late or unknown (rules: module docstring)."""
    stuk = regel.stuk
    if stuk.nagegaan_op is None:
        if termijn is not None and termijn >= peildatum:
            return _with(regel, Stand.OPEN, termijn, instelling)
        return _with(regel, Stand.ONBEKEND, termijn, instelling, grond=StandGrond.NIET_NAGEGAAN)
    known = min(stuk.nagegaan_op, peildatum)
    stand = late if termijn is not None and termijn < known else Stand.OPEN
    return _with(regel, stand, termijn, instelling, grond=StandGrond.NAGEGAAN, bekend_op=known)


def _open_until_later(regel: RegisterRegel, termijn: date | None, instelling: Termijninstelling | None,
                      peildatum: date, late: Stand, later: Informatiestuk) -> RegisterRegel:
    """Answered or settled only after the peildatum: on the peildatum it was known to be still open."""
    stand = late if termijn is not None and termijn < peildatum else Stand.OPEN
    return _with(regel, stand, termijn, instelling, grond=StandGrond.NA_PEILDATUM, bekend_op=peildatum, later=later)


def _question(regel: RegisterRegel, settings: Termijnen, peildatum: date) -> RegisterRegel:
    termijn, instelling = _due(regel.stuk, settings)
    antwoord = _first_linked(regel.van, KoppelingSoort.BEANTWOORDT)
    if antwoord is not None and antwoord.datum.earliest() > peildatum:
        return _open_until_later(regel, termijn, instelling, peildatum, Stand.GEEN_ANTWOORD, antwoord)
    if antwoord is not None:
        return _with(regel, Stand.BEANTWOORD, termijn, instelling, afgedaan_door=antwoord,
                     afhandeltijd=_handling_time(regel.stuk, antwoord, termijn))
    return _still_open(regel, termijn, instelling, peildatum, Stand.GEEN_ANTWOORD)


def _settlement(regel: RegisterRegel, settings: Termijnen, peildatum: date) -> RegisterRegel:
    stuk = regel.stuk
    termijn, instelling = _due(stuk, settings)
    door = _first_linked(regel.van, AFDOENING[stuk.soort])
    if door is not None and door.datum.earliest() > peildatum:
        return _open_until_later(regel, termijn, instelling, peildatum, Stand.TE_LAAT, door)
    if door is not None or stuk.status is AfdoeningStatus.AFGEDAAN:
        tijd = _handling_time(stuk, door, termijn) if door is not None else None
        return _with(regel, Stand.AFGEDAAN, termijn, instelling, afgedaan_door=door, afhandeltijd=tijd)
    if stuk.status is AfdoeningStatus.AANGEHOUDEN:
        known = min(stuk.nagegaan_op, peildatum) if stuk.nagegaan_op else None
        return _with(regel, Stand.AANGEHOUDEN, termijn, instelling, bekend_op=known)
    if stuk.soort is StukSoort.MOTIE and stuk.uitkomst is not Uitkomst.AANGENOMEN:
        grond = StandGrond.UITKOMST_ONBEKEND if stuk.uitkomst is None else StandGrond.NIET_AANGENOMEN
        return _with(regel, None, None, None, grond=grond)
    return _still_open(regel, termijn, instelling, peildatum, Stand.TE_LAAT)


def _with(regel: RegisterRegel, stand: Stand | None, termijn: date | None, instelling: Termijninstelling | None,
          *, grond: StandGrond | None = None, afgedaan_door: Informatiestuk | None = None,
          afhandeltijd: Afhandeltijd | None = None, bekend_op: date | None = None,
          later: Informatiestuk | None = None) -> RegisterRegel:
    open_days = None if bekend_op is None else max(0, (bekend_op - regel.stuk.datum.earliest()).days)
    return RegisterRegel(regel.stuk, regel.naar, regel.van, stand, grond, termijn, instelling, afgedaan_door,
                         afhandeltijd, open_days, bekend_op, later)


def _evaluate(regel: RegisterRegel, settings: Termijnen, peildatum: date) -> RegisterRegel:
    if regel.stuk.soort in VRAGEN:
        return _question(regel, settings, peildatum)
    if regel.stuk.soort in AFDOENING:
        return _settlement(regel, settings, peildatum)
    return regel


def _matches(stuk: Informatiestuk, filters: RegisterFilter) -> bool:
    checks = (
        filters.thema is None or stuk.thema == filters.thema,
        filters.portefeuillehouder is None or stuk.portefeuillehouder == filters.portefeuillehouder,
        filters.soort is None or stuk.soort is filters.soort,
        filters.van is None or laatste_dag(stuk.datum) >= filters.van,
        filters.tot is None or stuk.datum.earliest() <= filters.tot,
    )
    return all(checks)


def build_register(records: Records, peildatum: date, filters: RegisterFilter | None = None) -> Register:
    """Every register item that passes the filters, with status, due date and response time on `peildatum`.

    Chronological; with `langst_open` the items still open come first, the longest open at the top.
    """
    filters = filters or RegisterFilter()
    settings = termijnen(records)
    # Theme, holder and kind are selected in the store (indexed where it matters); dates are partial
    # (a month, a year) and are compared here.
    wanted = (("thema", filters.thema), ("soort", filters.soort), ("portefeuillehouder", filters.portefeuillehouder))
    equals: dict[str, Any] = {name: value for name, value in wanted if value is not None}
    chosen = [s for s in records.where(Informatiestuk, **equals) if _matches(s, filters)]
    stukken = sorted(chosen, key=lambda s: (s.datum.sort_key(), s.id))
    naar, van = _links(records, index_by_id(stukken))
    regels = [_evaluate(RegisterRegel(s, naar.get(s.id, []), van.get(s.id, [])), settings, peildatum)
              for s in stukken]
    if filters.langst_open:
        regels.sort(key=lambda r: (0, -(r.dagen_open or 0)) if r.stand in OPEN_STANDEN else (1, 0))
    holders = sorted(h for h in records.count_by(Informatiestuk, "portefeuillehouder") if h)
    return Register(peildatum, regels, holders)
