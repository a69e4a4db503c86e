"""Information agreements checked against the register, per year (report 8.3, 6.4; issue 6).

An agreement is kept by register items. Which items count:

- items linked to it in `afspraaknakomingen` for that year (the register says so explicitly);
- for an agreement *without* a month, also the items of the year of its `soort_stuk`, or, when it
  names no kind and the college delivers, the college's raadsinformatiebrieven and
  raadsinformatiebijeenkomsten (8.4: the council is informed 'via informatiebijeenkomsten en
  raadsinformatiebrieven'), provided they are not linked to another agreement. An agreement with a
  month needs an explicit link: the register cannot tell an April report from a September one.

What the register can show ends on the `peildatum` or on the date of its latest item, whichever is
earlier ('bekend tot'). Rules per agreement and year Y:

- with `uiterlijk_maand` M: due on the last day of month M of Y. The first item decides: *op tijd*
  when it can have come by then, else *te laat* by (its first possible day - due date) days. No item
  and the due date before 'bekend tot': *ontbreekt*; otherwise *nog niet te beoordelen*.
- with only `aantal_per_jaar` N: *nagekomen* when at least N items count in Y; when the register
  does not yet cover all of Y *nog niet te beoordelen*; else *ontbreekt* (none) or *te weinig*.
- with neither: *niet te toetsen* (a standing or conditional agreement); linked items are shown.
- validity (issue 17): an agreement is checked in year Y only when it held over the whole period
  that Y's obligation covers: from 1 January of Y up to its due date (with a month) or up to
  31 December (otherwise). It must have started by 1 January (the last day its `ingangsdatum` can
  mean: 'april 2022' holds for certain from 30 April 2022) and must not end before that due date
  (`einddatum`). Otherwise it is *gold nog niet* or *gold niet meer* for Y, and not checked: the
  programme bureau that started in April 2022 owes no report in April 2022 over a year in which it
  did not exist.
- an agreement with parts (`onderdeel_van` points to it) is checked through its parts, so nothing
  counts twice: its items are those of its parts, its status the worst of theirs ('at least four
  times a year' = twice by the municipality + the bureau's April and September reports).

Each verdict carries why as a `Grond` and the values behind it (dates, counts, days late);
`presentation.nakoming.uitleg` words it in Dutch for the page, the report and the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from raadsmonitor.analysis.council.deadlines import laatste_dag_van_maand
from raadsmonitor.analysis.council.register import laatste_dag
from raadsmonitor.domain.council import Afspraaknakoming, Informatieafspraak, Informatiestuk
from raadsmonitor.domain.enums import OrgaanSoort, StukSoort
from raadsmonitor.domain.programme import Orgaan
from raadsmonitor.domain.records import Records, index_by_id


class Nakoming(StrEnum):
    """The standing of one information agreement in one year, worst first (`SEVERITY`)."""

    ONTBREEKT = "ontbreekt"
    TE_WEINIG = "te weinig"
    TE_LAAT = "te laat"
    NOG_NIET = "nog niet te beoordelen"
    NIET_TE_TOETSEN = "niet te toetsen"
    OP_TIJD = "op tijd"
    NAGEKOMEN = "nagekomen"
    GOLD_NOG_NIET = "gold nog niet"
    GOLD_NIET_MEER = "gold niet meer"


class Grond(StrEnum):
    """Why an agreement got its standing; with the verdict's values it makes the explanation."""

    GELEVERD_OP_TIJD = "geleverd-op-tijd"
    GELEVERD_TE_LAAT = "geleverd-te-laat"
    GEEN_STUK_NA_TERMIJN = "geen-stuk-na-termijn"
    TERMIJN_NOG_NIET_VERSTREKEN = "termijn-nog-niet-verstreken"
    GETELD = "geteld"  # counted over the whole year
    GETELD_TOT_NU = "geteld-tot-nu"  # the register does not cover the whole year yet
    GOLD_NOG_NIET = "gold-nog-niet"
    GOLD_NIET_MEER = "gold-niet-meer"
    DOORLOPEND = "doorlopend"  # no month and no count: standing or conditional
    GEEN_ONDERDEEL_GOLD = "geen-onderdeel-gold"
    VIA_ONDERDELEN = "via-onderdelen"


SEVERITY = list(Nakoming)  # worst first
NOT_IN_FORCE = (Nakoming.GOLD_NOG_NIET, Nakoming.GOLD_NIET_MEER)
COLLEGE_KINDS = frozenset({StukSoort.RAADSINFORMATIEBRIEF, StukSoort.RAADSINFORMATIEBIJEENKOMST})


@dataclass(frozen=True)
class Levering:
    """A register item that counts toward an agreement: linked to it, or counted by the rule for its kind."""

    stuk: Informatiestuk
    gekoppeld: bool  # True: linked in the register; False: counted by the rule for the agreement's kind
    nakoming: Afspraaknakoming | None = None


@dataclass(frozen=True)
class AfspraakToets:
    """The verdict on one agreement in one year: its standing, why (`grond`) and the values behind it."""

    afspraak: Informatieafspraak
    jaar: int
    stand: Nakoming
    grond: Grond
    uiterste_datum: date | None = None
    gevraagd: int | None = None
    leveringen: list[Levering] = field(default_factory=list)
    dagen_te_laat: int | None = None
    onderdelen: list[AfspraakToets] = field(default_factory=list)
    bekend_tot: date | None = None  # how far the register reached when this was judged
    niet_geldend: int = 0  # parts that did not hold the whole year and do not count (Grond.VIA_ONDERDELEN)


@dataclass(frozen=True)
class Nakomingen:
    """The verdicts on every agreement of a year, judged on the peildatum."""

    jaar: int
    peildatum: date
    bekend_tot: date | None
    toetsen: list[AfspraakToets]


@dataclass(frozen=True)
class _Context:
    jaar: int
    bekend_tot: date | None
    stukken: dict[str, Informatiestuk]
    links: list[Afspraaknakoming]
    college: set[str]  # ids of organen of soort college


def _candidates(afspraak: Informatieafspraak, ctx: _Context) -> list[Levering]:
    known = [s for s in ctx.stukken.values() if ctx.bekend_tot is None or s.datum.earliest() <= ctx.bekend_tot]
    known_ids = {s.id for s in known}
    linked = [Levering(ctx.stukken[n.informatiestuk], True, n) for n in ctx.links
              if n.afspraak == afspraak.id and n.jaar == ctx.jaar and n.informatiestuk in known_ids]
    kinds = {afspraak.soort_stuk} if afspraak.soort_stuk else COLLEGE_KINDS if afspraak.leverancier in ctx.college \
        else set()
    if afspraak.uiterlijk_maand is not None or afspraak.aantal_per_jaar is None or not kinds:
        return sorted(linked, key=lambda lev: lev.stuk.datum.sort_key())
    taken = {n.informatiestuk for n in ctx.links}
    counted = [Levering(s, False) for s in known if s.soort in kinds and s.datum.jaar == ctx.jaar
               and s.id not in taken]
    return sorted(linked + counted, key=lambda lev: (lev.stuk.datum.sort_key(), lev.stuk.id))


def _dated(afspraak: Informatieafspraak, ctx: _Context, leveringen: list[Levering]) -> AfspraakToets:
    month = afspraak.uiterlijk_maand or 12
    due = laatste_dag_van_maand(ctx.jaar, month)
    base = AfspraakToets(afspraak, ctx.jaar, Nakoming.NOG_NIET, Grond.TERMIJN_NOG_NIET_VERSTREKEN, due,
                         afspraak.aantal_per_jaar, leveringen, bekend_tot=ctx.bekend_tot)
    if leveringen:
        first = leveringen[0].stuk
        if laatste_dag(first.datum) <= due:
            return replace(base, stand=Nakoming.OP_TIJD, grond=Grond.GELEVERD_OP_TIJD)
        late = (first.datum.earliest() - due).days
        return replace(base, stand=Nakoming.TE_LAAT, grond=Grond.GELEVERD_TE_LAAT, dagen_te_laat=late)
    if ctx.bekend_tot is not None and due < ctx.bekend_tot:
        overdue = (ctx.bekend_tot - due).days
        return replace(base, stand=Nakoming.ONTBREEKT, grond=Grond.GEEN_STUK_NA_TERMIJN, dagen_te_laat=overdue)
    return base


def _counted(afspraak: Informatieafspraak, ctx: _Context, leveringen: list[Levering]) -> AfspraakToets:
    wanted = afspraak.aantal_per_jaar or 1
    end = date(ctx.jaar, 12, 31)
    n = len(leveringen)
    base = AfspraakToets(afspraak, ctx.jaar, Nakoming.NOG_NIET, Grond.GETELD, end, wanted, leveringen,
                         bekend_tot=ctx.bekend_tot)
    if n >= wanted:
        return replace(base, stand=Nakoming.NAGEKOMEN)
    if ctx.bekend_tot is None or ctx.bekend_tot < end:
        return replace(base, stand=Nakoming.NOG_NIET, grond=Grond.GETELD_TOT_NU)
    return replace(base, stand=Nakoming.ONTBREEKT if n == 0 else Nakoming.TE_WEINIG)


def _not_in_force(afspraak: Informatieafspraak, jaar: int) -> AfspraakToets | None:
    """The verdict for a year the agreement did not hold throughout (rule: module docstring), else None."""
    first = date(jaar, 1, 1)
    last = period_end(afspraak, jaar)
    if afspraak.ingangsdatum is not None and afspraak.ingangsdatum.latest() > first:
        return AfspraakToets(afspraak, jaar, Nakoming.GOLD_NOG_NIET, Grond.GOLD_NOG_NIET)
    if afspraak.einddatum is not None and afspraak.einddatum.earliest() < last:
        return AfspraakToets(afspraak, jaar, Nakoming.GOLD_NIET_MEER, Grond.GOLD_NIET_MEER)
    return None


def period_end(afspraak: Informatieafspraak, jaar: int) -> date:
    """The last day of the period that year's obligation covers: the due date, else 31 December."""
    return laatste_dag_van_maand(jaar, afspraak.uiterlijk_maand) if afspraak.uiterlijk_maand else date(jaar, 12, 31)


def _leaf(afspraak: Informatieafspraak, ctx: _Context) -> AfspraakToets:
    outside = _not_in_force(afspraak, ctx.jaar)
    if outside is not None:
        return outside
    leveringen = _candidates(afspraak, ctx)
    if afspraak.uiterlijk_maand is not None:
        return _dated(afspraak, ctx, leveringen)
    if afspraak.aantal_per_jaar is not None:
        return _counted(afspraak, ctx, leveringen)
    return AfspraakToets(afspraak, ctx.jaar, Nakoming.NIET_TE_TOETSEN, Grond.DOORLOPEND, leveringen=leveringen)


def _umbrella(afspraak: Informatieafspraak, parts: list[AfspraakToets], jaar: int) -> AfspraakToets:
    outside = _not_in_force(afspraak, jaar)
    if outside is not None:
        return replace(outside, onderdelen=parts)
    held = [part for part in parts if part.stand not in NOT_IN_FORCE]
    if not held:
        return AfspraakToets(afspraak, jaar, parts[0].stand, Grond.GEEN_ONDERDEEL_GOLD, onderdelen=parts)
    seen: dict[str, Levering] = {}
    for part in held:
        for levering in part.leveringen:
            seen.setdefault(levering.stuk.id, levering)
    leveringen = sorted(seen.values(), key=lambda lev: lev.stuk.datum.sort_key())
    worst = min((part.stand for part in held), key=SEVERITY.index)
    if worst is Nakoming.ONTBREEKT and leveringen:
        worst = Nakoming.TE_WEINIG
    if worst is Nakoming.OP_TIJD:
        worst = Nakoming.NAGEKOMEN
    return AfspraakToets(afspraak, jaar, worst, Grond.VIA_ONDERDELEN, date(jaar, 12, 31), afspraak.aantal_per_jaar,
                         leveringen, None, parts, niet_geldend=len(parts) - len(held))


def _order(afspraken: list[Informatieafspraak], parents: set[str] | None = None) -> list[Informatieafspraak]:
    """Agreements with parts first, then those with a month, then those with a count, then the rest."""
    parents = parents or set()
    return sorted(afspraken, key=lambda a: (a.id not in parents, a.uiterlijk_maand is None,
                                            a.aantal_per_jaar is None, a.id))


def check_nakoming(records: Records, jaar: int, peildatum: date) -> Nakomingen:
    """Every agreement checked for `jaar` as the register shows it on `peildatum` (rules: module docstring)."""
    stukken = index_by_id(records.all(Informatiestuk))
    dates = [s.datum.earliest() for s in stukken.values()]
    bekend_tot = min(max(dates), peildatum) if dates else None
    college = {o.id for o in records.all(Orgaan) if o.soort is OrgaanSoort.COLLEGE}
    ctx = _Context(jaar, bekend_tot, stukken, records.all(Afspraaknakoming), college)
    afspraken = records.all(Informatieafspraak)
    children: dict[str, list[Informatieafspraak]] = {}
    for afspraak in afspraken:
        if afspraak.onderdeel_van:
            children.setdefault(afspraak.onderdeel_van, []).append(afspraak)
    toetsen = []
    for afspraak in _order([a for a in afspraken if not a.onderdeel_van], set(children)):
        parts = [_leaf(part, ctx) for part in _order(children.get(afspraak.id, []))]
        toetsen.append(_umbrella(afspraak, parts, jaar) if parts else _leaf(afspraak, ctx))
    return Nakomingen(jaar, peildatum, bekend_tot, toetsen)


def nakoming_years(records: Records, peildatum: date) -> list[int]:
    """The years worth checking: from the first register item up to the peildatum's year."""
    years = [s.datum.jaar for s in records.all(Informatiestuk)]
    return list(range(min(years), peildatum.year + 1)) if years else []
