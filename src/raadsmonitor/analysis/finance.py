"""The programme's money as the council needs to see it (report chapter 6, issue 5).

Every figure here is a sum over rows that can be named: a `Totaal` carries the ids of the streams
(or allocations) behind it and their sources. Unknown amounts are never added as 0: a total says how
many of its amounts are known ("3 van 5 bedragen bekend") and sums only those.

Streams that are part of another stream (`onderdeel_van`) are shown, but left out of totals, so no
euro is counted twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from raadsmonitor.analysis.finance_authority import (
    ONBEKEND,
    ZeggenschapsOordeel,
    decide_zeggenschap,
    municipal_organisations,
)
from raadsmonitor.domain.enums import (
    BedragSoort,
    Categorie,
    GeldstroomStatus,
    Herkomst,
    Instrument,
    Reikwijdte,
    Zeggenschap,
)
from raadsmonitor.domain.money import Geldstroom, GeldstroomBedrag, Toewijzing
from raadsmonitor.domain.programme import Organisatie
from raadsmonitor.domain.records import Records, index_by_id

SECURED = frozenset({GeldstroomStatus.TOEGEZEGD, GeldstroomStatus.VERLEEND, GeldstroomStatus.ONTVANGEN})
PENDING = frozenset({GeldstroomStatus.VERWACHT, GeldstroomStatus.AANGEVRAAGD})
# Which yearly amount stands for "the money of that year" when several kinds exist: the most certain.
SOORT_VOORKEUR = (BedragSoort.BESTEED, BedragSoort.ONTVANGEN, BedragSoort.TOEGEKEND, BedragSoort.GERAAMD)


@dataclass(frozen=True)
class Post:
    """One amount behind a total: a stream or an allocation, with its source. `bedrag` None = unknown."""

    id: str
    omschrijving: str
    bedrag: Decimal | None
    bron: str
    geldstroom: str


@dataclass(frozen=True)
class Totaal:
    """The sum of the known amounts among `posten`, and how many are known."""

    label: str
    posten: tuple[Post, ...]

    @property
    def som(self) -> Decimal:
        return sum((p.bedrag for p in self.posten if p.bedrag is not None), Decimal(0))

    @property
    def bekend(self) -> int:
        return sum(1 for p in self.posten if p.bedrag is not None)

    @property
    def aantal(self) -> int:
        return len(self.posten)

    @property
    def volledig(self) -> bool:
        return self.bekend == self.aantal

    @property
    def bronnen(self) -> tuple[str, ...]:
        return tuple(sorted({p.bron for p in self.posten}))


def bekend_tekst(totaal: Totaal) -> str:
    """'3 van 5 bedragen bekend' — said beside every total that is not complete."""
    return f"{totaal.bekend} van {totaal.aantal} bedragen bekend"


@dataclass(frozen=True)
class StroomRegel:
    """A stream with everything the council needs beside it."""

    stroom: Geldstroom
    oordeel: ZeggenschapsOordeel
    bedragen: tuple[GeldstroomBedrag, ...]
    toewijzingen: tuple[Toewijzing, ...]
    verstrekker: Organisatie | None
    ontvanger: Organisatie | None
    via_gemeente: bool | None  # does the money pass through the municipality's books; None: unknown

    @property
    def id(self) -> str:
        return self.stroom.id

    @property
    def zeker(self) -> bool:
        return self.stroom.status in SECURED

    def post(self) -> Post:
        return Post(self.stroom.id, self.stroom.naam, self.stroom.totaalbedrag, self.stroom.bron, self.stroom.id)

    def jaarbedrag(self, jaar: int) -> GeldstroomBedrag | None:
        """The most certain amount recorded for `jaar` (besteed, ontvangen, toegekend, geraamd)."""
        for soort in SOORT_VOORKEUR:
            for bedrag in self.bedragen:
                if bedrag.jaar == jaar and bedrag.soort is soort:
                    return bedrag
        return None

    def loopt_in(self, jaar: int) -> bool:
        """True when the stream's known period covers `jaar`; False when the period is unknown."""
        begin, eind = self.stroom.begin_jaar, self.stroom.eind_jaar
        return begin is not None and eind is not None and begin <= jaar <= eind


def _via_gemeente(stroom: Geldstroom, gemeente: frozenset[str]) -> bool | None:
    if stroom.herkomst is Herkomst.GEMEENTE or (stroom.ontvanger is not None and stroom.ontvanger in gemeente):
        return True
    if stroom.herkomst is Herkomst.ALLIANTIEPARTNER or stroom.ontvanger is not None:
        return False
    return None


def ledger(records: Records) -> list[StroomRegel]:
    """Every stream with its authority, yearly amounts and allocations, in the order of its id."""
    gemeente = municipal_organisations(records)
    organisaties = index_by_id(records.all(Organisatie))
    bedragen: dict[str, list[GeldstroomBedrag]] = {}
    for bedrag in records.all(GeldstroomBedrag):
        bedragen.setdefault(bedrag.geldstroom, []).append(bedrag)
    toewijzingen: dict[str, list[Toewijzing]] = {}
    for toewijzing in records.all(Toewijzing):
        toewijzingen.setdefault(toewijzing.geldstroom, []).append(toewijzing)
    return [StroomRegel(
        stroom=stroom,
        oordeel=decide_zeggenschap(stroom, gemeente),
        bedragen=tuple(sorted(bedragen.get(stroom.id, []), key=lambda b: (b.jaar, b.soort.value))),
        toewijzingen=tuple(sorted(toewijzingen.get(stroom.id, []), key=lambda t: t.id)),
        verstrekker=organisaties.get(stroom.verstrekker or ""),
        ontvanger=organisaties.get(stroom.ontvanger or ""),
        via_gemeente=_via_gemeente(stroom, gemeente),
    ) for stroom in sorted(records.all(Geldstroom), key=lambda s: s.id)]


def counted(regels: Iterable[StroomRegel]) -> list[StroomRegel]:
    """The streams that count in totals: not those that are part of another stream."""
    return [regel for regel in regels if regel.stroom.onderdeel_van is None]


# --- totals by one dimension ----------------------------------------------------------------------

@dataclass(frozen=True)
class Dimensie:
    """A way to group streams: its Dutch name, the value of a stream, and the order of the values."""

    naam: str
    waarde: Callable[[StroomRegel], str]
    volgorde: tuple[str, ...]


def _value(value: object) -> str:
    return str(getattr(value, "value", value)) if value is not None else ONBEKEND


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


DIMENSIES: dict[str, Dimensie] = {
    "herkomst": Dimensie("Herkomst", lambda r: _value(r.stroom.herkomst), _values(Herkomst)),
    "instrument": Dimensie("Instrument", lambda r: _value(r.stroom.instrument), _values(Instrument)),
    "categorie": Dimensie("Categorie (figuur 8)", lambda r: _value(r.stroom.categorie), _values(Categorie)),
    "zeggenschap": Dimensie("Zeggenschap van de raad", lambda r: r.oordeel.label, _values(Zeggenschap)),
    "reikwijdte": Dimensie("Reikwijdte", lambda r: _value(r.stroom.reikwijdte), _values(Reikwijdte)),
    "status": Dimensie("Status", lambda r: _value(r.stroom.status), _values(GeldstroomStatus)),
}


def _order(dimensie: Dimensie, label: str) -> tuple[int, str]:
    return (dimensie.volgorde.index(label) if label in dimensie.volgorde else len(dimensie.volgorde), label)


def totals_by(regels: Iterable[StroomRegel], dimensie: Dimensie) -> list[Totaal]:
    """Totals of `totaalbedrag` per value of the dimension, in the order of its values; 'onbekend' last."""
    groups: dict[str, list[Post]] = {}
    for regel in counted(regels):
        groups.setdefault(dimensie.waarde(regel), []).append(regel.post())
    return [Totaal(label, tuple(groups[label])) for label in sorted(groups, key=lambda x: _order(dimensie, x))]


def grand_total(regels: Iterable[StroomRegel], label: str = "Totaal") -> Totaal:
    return Totaal(label, tuple(regel.post() for regel in counted(regels)))


def yearly_totals(regels: Iterable[StroomRegel], dimensie: Dimensie, soort: BedragSoort
                  ) -> tuple[list[int], dict[str, dict[int, Decimal]]]:
    """Recorded yearly amounts of one kind, per dimension value and year (only years with rows)."""
    table: dict[str, dict[int, Decimal]] = {}
    years: set[int] = set()
    for regel in counted(regels):
        for bedrag in regel.bedragen:
            if bedrag.soort is soort:
                row = table.setdefault(dimensie.waarde(regel), {})
                row[bedrag.jaar] = row.get(bedrag.jaar, Decimal(0)) + bedrag.bedrag
                years.add(bedrag.jaar)
    return sorted(years), table


# --- allocations, area share, co-financing, applications ------------------------------------------


@dataclass(frozen=True)
class Verdeling:
    """A stream's allocations against its stated total, e.g. the Regio Deal second tranche."""

    regel: StroomRegel
    toewijzingen: Totaal

    @property
    def verschil(self) -> Decimal | None:
        """Allocations minus the stated total; None when the total or an allocation is unknown."""
        totaal = self.regel.stroom.totaalbedrag
        if totaal is None or not self.toewijzingen.volledig:
            return None
        return self.toewijzingen.som - totaal


def allocation(regel: StroomRegel) -> Verdeling:
    posten = tuple(Post(t.id, t.omschrijving, t.bedrag, t.bron, regel.id) for t in regel.toewijzingen)
    return Verdeling(regel, Totaal(f"Toewijzingen {regel.stroom.naam}", posten))


def allocations(regels: Iterable[StroomRegel]) -> list[Verdeling]:
    return [allocation(regel) for regel in regels if regel.toewijzingen]


def focus_share(regel: StroomRegel) -> Decimal | None:
    """The part for the focus area: the whole stream when its reach is the focus area, otherwise the
    stated `bedrag_focusgebied`; None when unknown."""
    if regel.stroom.reikwijdte is Reikwijdte.FOCUSGEBIED:
        return regel.stroom.totaalbedrag
    return regel.stroom.bedrag_focusgebied


def focus_total(regels: Iterable[StroomRegel]) -> Totaal:
    posten = tuple(Post(r.id, r.stroom.naam, focus_share(r), r.stroom.bron, r.id) for r in counted(regels))
    return Totaal("Specifiek voor het focusgebied", posten)


@dataclass(frozen=True)
class Cofinancieringsplicht:
    """A stream the municipality must co-finance, and the streams recorded as that co-financing."""

    regel: StroomRegel
    gedekt_door: tuple[StroomRegel, ...]


def cofinancing_obligations(regels: list[StroomRegel]) -> list[Cofinancieringsplicht]:
    return [Cofinancieringsplicht(regel, tuple(r for r in regels if r.stroom.cofinanciering_van == regel.id))
            for regel in regels if regel.stroom.cofinanciering_vereist is True]


def pending_applications(regels: Iterable[StroomRegel]) -> list[StroomRegel]:
    """Streams expected or applied for, not yet granted."""
    return [regel for regel in regels if regel.stroom.status in PENDING]


def unknown_status(regels: Iterable[StroomRegel]) -> list[StroomRegel]:
    return [regel for regel in regels if regel.stroom.status is None]
