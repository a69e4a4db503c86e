"""The money over the programme's horizon, and the choices ahead (issue 5, report 3.3).

A stream *runs* in a year when its known period (begin_jaar to eind_jaar) covers it; a stream with an
unknown begin or end is listed apart, never assumed to run. A stream is *secured* when it is
toegezegd, verleend or ontvangen. The "cliff" is the last year in which a temporary stream with a
known end still runs: after it, nothing of what is recorded is secured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from raadsmonitor.analysis.finance.overview import (
    Cofinancieringsplicht,
    Post,
    StroomRegel,
    Totaal,
    cofinancing_obligations,
    counted,
    leaves,
    pending_applications,
)
from raadsmonitor.domain.enums import Zeggenschap
from raadsmonitor.domain.programme import Programma


@dataclass(frozen=True)
class JaarStand:
    """One year of the horizon."""

    jaar: int
    lopend: tuple[StroomRegel, ...]
    eindigend: tuple[StroomRegel, ...]
    jaarbedragen: Totaal  # the recorded amounts of the running streams in this year

    @property
    def zeker(self) -> tuple[StroomRegel, ...]:
        return tuple(regel for regel in self.lopend if regel.zeker)


@dataclass(frozen=True)
class Horizon:
    """The years the streams cover, year by year, and the streams without a known period."""

    begin: int
    eind: int
    jaren: tuple[JaarStand, ...]
    zonder_periode: tuple[StroomRegel, ...]

    @property
    def laatste_eindjaar(self) -> int | None:
        """The cliff: the last year a stream with a known period still runs."""
        years = [stand.jaar for stand in self.jaren if stand.lopend]
        return max(years) if years else None

    def stand(self, jaar: int) -> JaarStand | None:
        return next((stand for stand in self.jaren if stand.jaar == jaar), None)


def year_total(regels: list[StroomRegel], jaar: int, label: str) -> Totaal:
    """Recorded amounts in `jaar` of the given streams; a stream without one counts as unknown."""
    posten = []
    for regel in regels:
        bedrag = regel.jaarbedrag(jaar)
        posten.append(Post(regel.id, regel.stroom.naam, bedrag.bedrag if bedrag else None,
                           bedrag.bron if bedrag else regel.stroom.bron, regel.id))
    return Totaal(label, tuple(posten))


def _with_amounts(lopend: list[StroomRegel], alle: list[StroomRegel]) -> list[StroomRegel]:
    """A running package's yearly amounts are its parts' when they have any, else its own (never both)."""
    result = []
    for regel in lopend:
        delen = [d for d in leaves([regel], alle) if d.bedragen]
        result += delen or [regel]
    return result


def horizon(regels: list[StroomRegel], programma: Programma | None, peiljaar: int) -> Horizon:
    """Years from the earliest start (stream or programme) to the latest end (stream or goal year).
    A package runs as a whole (its parts are not counted again)."""
    alle, regels = regels, counted(regels)
    begins = [r.stroom.begin_jaar for r in regels if r.stroom.begin_jaar is not None]
    ends = [r.stroom.eind_jaar for r in regels if r.stroom.eind_jaar is not None]
    if programma is not None and programma.startdatum is not None:
        begins.append(programma.startdatum.jaar)
    if programma is not None and programma.doeljaar is not None:
        ends.append(programma.doeljaar)
    begin, eind = (min(begins), max(ends + begins)) if begins else (peiljaar, peiljaar)
    jaren = []
    for jaar in range(begin, eind + 1):
        lopend = [r for r in regels if r.loopt_in(jaar)]
        jaren.append(JaarStand(jaar, tuple(lopend), tuple(r for r in lopend if r.stroom.eind_jaar == jaar),
                               year_total(_with_amounts(lopend, alle), jaar, str(jaar))))
    zonder = tuple(r for r in regels if r.stroom.begin_jaar is None or r.stroom.eind_jaar is None)
    return Horizon(begin, eind, tuple(jaren), zonder)


# --- choices ahead --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vrijheid:
    """How free the council is in a period: the streams there, grouped by its authority."""

    periode: str
    groepen: tuple[tuple[str, tuple[StroomRegel, ...]], ...]  # (zeggenschap label, streams)

    def aantal(self, zeggenschap: Zeggenschap) -> int:
        return sum(len(regels) for label, regels in self.groepen if label == zeggenschap.value)


@dataclass(frozen=True)
class KeuzesVooruit:
    """What the council can expect to decide in `jaar` .. `tot_jaar`, and how free it is."""

    peildatum: date
    jaar: int
    tot_jaar: int
    aflopend: tuple[StroomRegel, ...]  # streams ending in the window
    cofinanciering: tuple[Cofinancieringsplicht, ...]  # obligations of streams running or starting then
    aanvragen: tuple[StroomRegel, ...]  # expected or applied for
    kort: Vrijheid  # this budget year
    lang: Vrijheid  # after the last temporary stream with a known end
    cliff: int | None
    periode_onbekend: tuple[StroomRegel, ...]


def _group(regels: list[StroomRegel], periode: str) -> Vrijheid:
    order = [z.value for z in Zeggenschap] + ["onbekend"]
    groups = {label: tuple(r for r in regels if r.oordeel.label == label) for label in order}
    return Vrijheid(periode, tuple((label, items) for label, items in groups.items() if items))


def _relevant_obligation(plicht: Cofinancieringsplicht, jaar: int, tot_jaar: int) -> bool:
    stroom = plicht.regel.stroom
    if stroom.eind_jaar is not None and stroom.eind_jaar < jaar:
        return False
    return stroom.begin_jaar is None or stroom.begin_jaar <= tot_jaar


def choices_ahead(regels: list[StroomRegel], programma: Programma | None, peildatum: date,
                  jaar: int | None = None, vooruit: int = 1) -> KeuzesVooruit:
    """Choices for budget year `jaar` (default: the year of `peildatum`) and `vooruit` years after.

    Short term: the streams running in `jaar`. Long term: the streams still running after the cliff
    (the last year a stream with a known end runs) — by construction only those without a known end.
    """
    jaar = jaar if jaar is not None else peildatum.year
    tot = jaar + vooruit
    alle, regels = regels, counted(regels)
    overzicht = horizon(regels, programma, peildatum.year)
    cliff = overzicht.laatste_eindjaar
    na_cliff = [r for r in regels if r.stroom.eind_jaar is None]
    return KeuzesVooruit(
        peildatum=peildatum, jaar=jaar, tot_jaar=tot,
        aflopend=tuple(r for r in regels if r.stroom.eind_jaar is not None and jaar <= r.stroom.eind_jaar <= tot),
        # a part of a package may carry the obligation (the ministry's part) and its co-financing (issue 20)
        cofinanciering=tuple(p for p in cofinancing_obligations(alle) if _relevant_obligation(p, jaar, tot)),
        aanvragen=tuple(pending_applications(regels)),
        # authority differs per part of a package: the freedom tables count the parts
        kort=_group(leaves([r for r in regels if r.loopt_in(jaar)], alle), f"in begrotingsjaar {jaar}"),
        lang=_group(leaves(na_cliff, alle), "van de stromen zonder bekend eindjaar"),
        cliff=cliff,
        periode_onbekend=overzicht.zonder_periode,
    )
