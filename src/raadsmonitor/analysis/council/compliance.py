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
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from raadsmonitor.analysis.council.deadlines import laatste_dag_van_maand
from raadsmonitor.analysis.council.register import laatste_dag
from raadsmonitor.domain.council import Afspraaknakoming, Informatieafspraak, Informatiestuk
from raadsmonitor.domain.dates import format_datum
from raadsmonitor.domain.enums import OrgaanSoort, StukSoort
from raadsmonitor.domain.programme import Orgaan
from raadsmonitor.domain.records import Records, index_by_id
from raadsmonitor.presentation.formatting import aantal


class Nakoming(StrEnum):
    ONTBREEKT = "ontbreekt"
    TE_WEINIG = "te weinig"
    TE_LAAT = "te laat"
    NOG_NIET = "nog niet te beoordelen"
    NIET_TE_TOETSEN = "niet te toetsen"
    OP_TIJD = "op tijd"
    NAGEKOMEN = "nagekomen"
    GOLD_NOG_NIET = "gold nog niet"
    GOLD_NIET_MEER = "gold niet meer"


SEVERITY = list(Nakoming)  # worst first
NOT_IN_FORCE = (Nakoming.GOLD_NOG_NIET, Nakoming.GOLD_NIET_MEER)
COLLEGE_KINDS = frozenset({StukSoort.RAADSINFORMATIEBRIEF, StukSoort.RAADSINFORMATIEBIJEENKOMST})


@dataclass(frozen=True)
class Levering:
    stuk: Informatiestuk
    gekoppeld: bool  # True: linked in the register; False: counted by the rule for the agreement's kind
    nakoming: Afspraaknakoming | None = None


@dataclass(frozen=True)
class AfspraakToets:
    afspraak: Informatieafspraak
    jaar: int
    stand: Nakoming
    uitleg: str
    uiterste_datum: date | None = None
    gevraagd: int | None = None
    leveringen: list[Levering] = field(default_factory=list)
    dagen_te_laat: int | None = None
    onderdelen: list[AfspraakToets] = field(default_factory=list)


@dataclass(frozen=True)
class Naleving:
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
    base = AfspraakToets(afspraak, ctx.jaar, Nakoming.NOG_NIET, "", due, afspraak.aantal_per_jaar, leveringen)
    if leveringen:
        first = leveringen[0].stuk
        when = format_datum(first.datum)
        if laatste_dag(first.datum) <= due:
            return replace(base, stand=Nakoming.OP_TIJD, uitleg=f"Geleverd {when}; uiterlijk {format_datum(due)}.")
        late = (first.datum.earliest() - due).days
        return replace(base, stand=Nakoming.TE_LAAT, dagen_te_laat=late,
                             uitleg=f"Geleverd {when}; uiterlijk {format_datum(due)}: {late} dagen te laat.")
    if ctx.bekend_tot is not None and due < ctx.bekend_tot:
        overdue = (ctx.bekend_tot - due).days
        return replace(base, stand=Nakoming.ONTBREEKT, dagen_te_laat=overdue,
                             uitleg=f"Uiterlijk {format_datum(due)}; op {format_datum(ctx.bekend_tot)} "
                                    f"({overdue} dagen later) staat er geen stuk voor in het register.")
    return replace(base, stand=Nakoming.NOG_NIET,
                         uitleg=f"Uiterlijk {format_datum(due)}; het register is bekend tot "
                                f"{format_datum(ctx.bekend_tot)}.")


def _counted(afspraak: Informatieafspraak, ctx: _Context, leveringen: list[Levering]) -> AfspraakToets:
    wanted = afspraak.aantal_per_jaar or 1
    end = date(ctx.jaar, 12, 31)
    n = len(leveringen)
    base = AfspraakToets(afspraak, ctx.jaar, Nakoming.NOG_NIET, "", end, wanted, leveringen)
    so_far = f"{n} keer (gevraagd: ten minste {wanted})"
    if n >= wanted:
        return replace(base, stand=Nakoming.NAGEKOMEN, uitleg=f"In {ctx.jaar}: {so_far}.")
    if ctx.bekend_tot is None or ctx.bekend_tot < end:
        return replace(base, stand=Nakoming.NOG_NIET,
                             uitleg=f"Tot en met {format_datum(ctx.bekend_tot)}: {so_far}; het register "
                                    f"beslaat {ctx.jaar} nog niet helemaal.")
    stand = Nakoming.ONTBREEKT if n == 0 else Nakoming.TE_WEINIG
    return replace(base, stand=stand, uitleg=f"In {ctx.jaar}: {so_far}.")


def _not_in_force(afspraak: Informatieafspraak, jaar: int) -> AfspraakToets | None:
    """The verdict for a year the agreement did not hold throughout (rule: module docstring), else None."""
    first = date(jaar, 1, 1)
    last = laatste_dag_van_maand(jaar, afspraak.uiterlijk_maand) if afspraak.uiterlijk_maand else date(jaar, 12, 31)
    span = (f"van 1 januari tot en met de uiterste datum {format_datum(last)}" if afspraak.uiterlijk_maand
            else "het hele jaar")
    if afspraak.ingangsdatum is not None and afspraak.ingangsdatum.latest() > first:
        return AfspraakToets(afspraak, jaar, Nakoming.GOLD_NOG_NIET,
                             f"De afspraak geldt sinds {format_datum(afspraak.ingangsdatum)}: in {jaar} gold zij "
                             f"niet {span}, dus wordt zij in {jaar} niet getoetst.")
    if afspraak.einddatum is not None and afspraak.einddatum.earliest() < last:
        return AfspraakToets(afspraak, jaar, Nakoming.GOLD_NIET_MEER,
                             f"De afspraak gold tot en met {format_datum(afspraak.einddatum)}: in {jaar} gold zij "
                             f"niet {span}, dus wordt zij in {jaar} niet getoetst.")
    return None


def _leaf(afspraak: Informatieafspraak, ctx: _Context) -> AfspraakToets:
    outside = _not_in_force(afspraak, ctx.jaar)
    if outside is not None:
        return outside
    leveringen = _candidates(afspraak, ctx)
    if afspraak.uiterlijk_maand is not None:
        return _dated(afspraak, ctx, leveringen)
    if afspraak.aantal_per_jaar is not None:
        return _counted(afspraak, ctx, leveringen)
    return AfspraakToets(afspraak, ctx.jaar, Nakoming.NIET_TE_TOETSEN, leveringen=leveringen,
                         uitleg="De afspraak noemt geen aantal per jaar en geen maand; zij is doorlopend of "
                                "voorwaardelijk. Gekoppelde stukken staan erbij.")


def _umbrella(afspraak: Informatieafspraak, parts: list[AfspraakToets], jaar: int) -> AfspraakToets:
    outside = _not_in_force(afspraak, jaar)
    if outside is not None:
        return replace(outside, onderdelen=parts)
    held = [part for part in parts if part.stand not in NOT_IN_FORCE]
    if not held:
        return AfspraakToets(afspraak, jaar, parts[0].stand, f"Geen van haar {len(parts)} onderdelen gold in {jaar} "
                             "het hele jaar; zij wordt in dat jaar niet getoetst.", onderdelen=parts)
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
    gevraagd = f" (gevraagd ten minste {afspraak.aantal_per_jaar})" if afspraak.aantal_per_jaar else ""
    skipped = len(parts) - len(held)
    if skipped:
        verbs = ("gold", "telt") if skipped == 1 else ("golden", "tellen")
        gevraagd = (f" ({aantal(skipped, 'onderdeel', 'onderdelen')} {verbs[0]} in {jaar} nog niet of niet meer en "
                    f"{verbs[1]} niet mee)")
    uitleg = (f"Getoetst via haar {len(parts)} onderdelen, zodat niets dubbel telt: samen "
              f"{aantal(len(leveringen), 'stuk', 'stukken')} in {jaar}{gevraagd}. De stand is die van het "
              "zwakste onderdeel.")
    return AfspraakToets(afspraak, jaar, worst, uitleg, date(jaar, 12, 31), afspraak.aantal_per_jaar,
                         leveringen, None, parts)


def _order(afspraken: list[Informatieafspraak], parents: set[str] | None = None) -> list[Informatieafspraak]:
    """Agreements with parts first, then those with a month, then those with a count, then the rest."""
    parents = parents or set()
    return sorted(afspraken, key=lambda a: (a.id not in parents, a.uiterlijk_maand is None,
                                            a.aantal_per_jaar is None, a.id))


def compliance(records: Records, jaar: int, peildatum: date) -> Naleving:
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
    return Naleving(jaar, peildatum, bekend_tot, toetsen)


def compliance_years(records: Records, peildatum: date) -> list[int]:
    """The years worth checking: from the first register item up to the peildatum's year."""
    years = [s.datum.jaar for s in records.all(Informatiestuk)]
    return list(range(min(years), peildatum.year + 1)) if years else []
