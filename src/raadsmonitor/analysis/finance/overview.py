"""The programme's money as the council needs to see it (report chapter 6, issue 5).

Every figure here is a sum over rows that can be named: a `Totaal` carries the ids of the streams
(or allocations) behind it and their sources. Unknown amounts are never added as 0: a total says how
many of its amounts are known ("3 van 5 bedragen bekend") and sums only those.

A package with parts (streams whose `onderdeel_van` points to it) counts through its parts, so no euro is
counted twice: each part with its own origin and authority, plus what the parts leave of the package
(`pakket_controles` shows the check "pakket = onderdeel + onderdeel" or the difference). A stream paid
by several funders (`GeldstroomFinancier`) counts as one amount per funder, each with the funder's
origin; what no funder covers keeps the stream's own origin (issue 20).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from raadsmonitor.analysis.finance.authority import (
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
from raadsmonitor.domain.money import (
    Geldstroom,
    GeldstroomBedrag,
    GeldstroomFinancier,
    Toewijzing,
    known_sum,
    share_amount,
)
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
        return known_sum(p.bedrag for p in self.posten)

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
    aandelen: tuple[Aandeel, ...] = ()  # the funders' shares, when the stream has several funders

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


@dataclass(frozen=True)
class Aandeel:
    """One funder's share of a stream, and the stream as that share is: the funder's origin, and the
    council's authority over it (a partner's share of a co-financing is not the council's to decide)."""

    financier: GeldstroomFinancier
    bedrag: Decimal | None  # the stated amount, or the stated percentage of the stream's total; None: unknown
    regel: StroomRegel

    @property
    def naam(self) -> str:
        """The funder's name, or its key when the organisations table does not have it."""
        return self.regel.verstrekker.naam if self.regel.verstrekker else self.financier.organisatie


def _aandeel(regel: StroomRegel, financier: GeldstroomFinancier, gemeente: frozenset[str],
             organisaties: dict[str, Organisatie]) -> Aandeel:
    bedrag = share_amount(financier, regel.stroom.totaalbedrag)
    stroom = replace(regel.stroom, herkomst=financier.herkomst,
                     verstrekker=financier.organisatie, totaalbedrag=bedrag, bedrag_focusgebied=None)
    gezien = replace(regel, stroom=stroom, oordeel=decide_zeggenschap(stroom, gemeente),
                     verstrekker=organisaties.get(financier.organisatie), via_gemeente=_via_gemeente(stroom, gemeente))
    return Aandeel(financier, bedrag, gezien)


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
    financiers: dict[str, list[GeldstroomFinancier]] = {}
    for financier in records.all(GeldstroomFinancier):
        financiers.setdefault(financier.geldstroom, []).append(financier)
    regels = []
    for stroom in sorted(records.all(Geldstroom), key=lambda s: s.id):
        regel = StroomRegel(
            stroom=stroom,
            oordeel=decide_zeggenschap(stroom, gemeente),
            bedragen=tuple(sorted(bedragen.get(stroom.id, []), key=lambda b: (b.jaar, b.soort.value))),
            toewijzingen=tuple(sorted(toewijzingen.get(stroom.id, []), key=lambda t: t.id)),
            verstrekker=organisaties.get(stroom.verstrekker or ""),
            ontvanger=organisaties.get(stroom.ontvanger or ""),
            via_gemeente=_via_gemeente(stroom, gemeente),
        )
        eigen = sorted(financiers.get(stroom.id, []), key=lambda f: f.organisatie)
        regels.append(replace(regel, aandelen=tuple(_aandeel(regel, f, gemeente, organisaties) for f in eigen)))
    return regels


# --- packages and their parts, funders and their shares: what counts in a total (issue 20) --------


def _parts(regels: Iterable[StroomRegel]) -> dict[str, list[StroomRegel]]:
    """Per package id, its parts among `regels` (a part whose package is not among them stands alone)."""
    regels = list(regels)
    ids = {regel.id for regel in regels}
    parts: dict[str, list[StroomRegel]] = {}
    for regel in regels:
        if regel.stroom.onderdeel_van is not None and regel.stroom.onderdeel_van in ids:
            parts.setdefault(regel.stroom.onderdeel_van, []).append(regel)
    return parts


def counted(regels: Iterable[StroomRegel]) -> list[StroomRegel]:
    """The streams as the council decides on them, each once: a package whole (its period, status and
    application are the package's), not its parts. Euro totals use `telposten` instead."""
    regels = list(regels)
    ids = {regel.id for regel in regels}
    return [regel for regel in regels if regel.stroom.onderdeel_van is None or regel.stroom.onderdeel_van not in ids]


def leaves(selected: Iterable[StroomRegel], regels: Iterable[StroomRegel]) -> list[StroomRegel]:
    """`selected` with each package replaced by its parts among `regels` (and theirs), e.g. to group the
    streams running in a year by the council's authority, which differs per part."""
    parts = _parts(regels)

    def walk(regel: StroomRegel) -> list[StroomRegel]:
        return [leaf for part in parts[regel.id] for leaf in walk(part)] if regel.id in parts else [regel]

    return [leaf for regel in selected for leaf in walk(regel)]


@dataclass(frozen=True)
class Telpost:
    """One amount that counts in a total, and the stream as it is grouped: a stream, the part of a package
    that its parts leave, or one funder's share (then with the funder's origin and authority)."""

    regel: StroomRegel
    post: Post
    rest: bool = False  # what a package's parts or a stream's funders leave, not the stream's whole amount


def _rest(regel: StroomRegel, known: Decimal, label: str) -> Telpost | None:
    """What a package (or a stream with funders) leaves after its known parts; None when nothing is left
    or the amount is unknown. More parts than package is shown by the check, never counted negative."""
    totaal = regel.stroom.totaalbedrag
    if totaal is None or totaal - known <= 0:
        return None
    post = Post(regel.id, f"{regel.stroom.naam}: {label}", totaal - known, regel.stroom.bron, regel.id)
    return Telpost(regel, post, rest=True)


def _named_post(regel: StroomRegel, namen: dict[str, str]) -> Post:
    """A stream's post; a part names its package, so a table that lists the parts says what they are of."""
    post = regel.post()
    pakket = regel.stroom.onderdeel_van
    if pakket is not None and pakket in namen:
        return replace(post, omschrijving=f"{post.omschrijving} (onderdeel van {namen[pakket]})")
    return post


def stream_posts(regels: Iterable[StroomRegel]) -> list[Telpost]:
    """Every stream that counts with its whole amount, plus what a package's parts leave of it."""
    regels = list(regels)
    parts = _parts(regels)
    namen = {regel.id: regel.stroom.naam for regel in regels}
    posten = [Telpost(regel, _named_post(regel, namen)) for regel in regels if regel.id not in parts]
    for regel in regels:
        if regel.id in parts:
            known = sum((p.stroom.totaalbedrag for p in parts[regel.id] if p.stroom.totaalbedrag is not None),
                        Decimal(0))
            rest = _rest(regel, known, "niet over de onderdelen verdeeld")
            if rest is not None:
                posten.append(rest)
    return posten


def _by_funder(telpost: Telpost) -> list[Telpost]:
    regel = telpost.regel
    if not regel.aandelen or telpost.rest:
        return [telpost]
    posten = [Telpost(a.regel, Post(f"{regel.id}/{a.financier.organisatie}",
                                    f"{telpost.post.omschrijving}: deel {a.naam}", a.bedrag, a.financier.bron,
                                    regel.id)) for a in regel.aandelen]
    known = known_sum(a.bedrag for a in regel.aandelen)
    rest = _rest(regel, known, "deel zonder genoemde financier")
    return posten + ([rest] if rest is not None else [])


def telposten(regels: Iterable[StroomRegel]) -> list[Telpost]:
    """The amounts every total is made of: `stream_posts`, with a stream that has funders split into
    their shares. Their sum is the sum of `stream_posts`: splitting never adds or loses a euro."""
    return [part for telpost in stream_posts(regels) for part in _by_funder(telpost)]


@dataclass(frozen=True)
class Pakketcontrole:
    """A package against its parts: 'pakket € 49.200.000 = € 26.600.000 + € 22.600.000', or the difference."""

    pakket: StroomRegel
    onderdelen: tuple[StroomRegel, ...]

    @property
    def som(self) -> Decimal:
        return known_sum(p.stroom.totaalbedrag for p in self.onderdelen)

    @property
    def volledig(self) -> bool:
        return all(p.stroom.totaalbedrag is not None for p in self.onderdelen)

    @property
    def verschil(self) -> Decimal | None:
        """Package minus its parts; None when the package or a part has no amount."""
        if self.pakket.stroom.totaalbedrag is None or not self.volledig:
            return None
        return self.pakket.stroom.totaalbedrag - self.som

    @property
    def klopt(self) -> bool:
        return self.verschil == 0


def pakket_controles(regels: Iterable[StroomRegel]) -> list[Pakketcontrole]:
    regels = list(regels)
    parts = _parts(regels)

    def largest_first(part: StroomRegel) -> tuple[bool, Decimal, str]:
        bedrag = part.stroom.totaalbedrag
        return (bedrag is None, -(bedrag or Decimal(0)), part.id)

    return [Pakketcontrole(regel, tuple(sorted(parts[regel.id], key=largest_first)))
            for regel in regels if regel.id in parts]


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
    "categorie": Dimensie("Categorie", lambda r: _value(r.stroom.categorie), _values(Categorie)),
    "zeggenschap": Dimensie("Zeggenschap van de raad", lambda r: r.oordeel.label, _values(Zeggenschap)),
    "reikwijdte": Dimensie("Reikwijdte", lambda r: _value(r.stroom.reikwijdte), _values(Reikwijdte)),
    "status": Dimensie("Status", lambda r: _value(r.stroom.status), _values(GeldstroomStatus)),
}


def _order(dimensie: Dimensie, label: str) -> tuple[int, str]:
    return (dimensie.volgorde.index(label) if label in dimensie.volgorde else len(dimensie.volgorde), label)


def totals_of(posten: Iterable[Telpost], dimensie: Dimensie) -> list[Totaal]:
    """Totals per value of the dimension, in the order of its values; 'onbekend' last."""
    groups: dict[str, list[Post]] = {}
    for telpost in posten:
        groups.setdefault(dimensie.waarde(telpost.regel), []).append(telpost.post)
    return [Totaal(label, tuple(groups[label])) for label in sorted(groups, key=lambda x: _order(dimensie, x))]


def totals_by(regels: Iterable[StroomRegel], dimensie: Dimensie) -> list[Totaal]:
    """Totals of the amounts that count (`telposten`) per value of the dimension."""
    return totals_of(telposten(regels), dimensie)


def grand_total(regels: Iterable[StroomRegel], label: str = "Totaal") -> Totaal:
    return Totaal(label, tuple(telpost.post for telpost in telposten(regels)))


def with_yearly_amounts(regels: Iterable[StroomRegel], soort: BedragSoort) -> list[StroomRegel]:
    """The streams whose yearly amounts count: a package's only when none of its parts has yearly amounts
    of this kind (otherwise its parts' count), so a year is never counted for both."""
    regels = list(regels)
    parts = _parts(regels)

    def has(regel: StroomRegel) -> bool:
        return any(b.soort is soort for b in regel.bedragen) or any(has(p) for p in parts.get(regel.id, []))

    return [regel for regel in regels if not any(has(p) for p in parts.get(regel.id, []))]


def yearly_totals(regels: Iterable[StroomRegel], dimensie: Dimensie, soort: BedragSoort
                  ) -> tuple[list[int], dict[str, dict[int, Decimal]]]:
    """Recorded yearly amounts of one kind, per dimension value and year (only years with rows)."""
    table: dict[str, dict[int, Decimal]] = {}
    years: set[int] = set()
    for regel in with_yearly_amounts(regels, soort):
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
    """The focus-area share of every stream once: a package's own statement (`reikwijdte` focusgebied or
    `bedrag_focusgebied`) when it has one, otherwise its parts' and, as unknown, what they leave of it."""
    regels = list(regels)
    parts = _parts(regels)
    rests = {t.regel.id: t.post for t in stream_posts(regels) if t.rest}

    def posts(regel: StroomRegel) -> list[Post]:
        share = focus_share(regel)
        if regel.id not in parts or share is not None:
            return [Post(regel.id, regel.stroom.naam, share, regel.stroom.bron, regel.id)]
        own = [replace(rests[regel.id], bedrag=None)] if regel.id in rests else []
        return [post for part in parts[regel.id] for post in posts(part)] + own

    return Totaal("Specifiek voor het focusgebied", tuple(post for r in counted(regels) for post in posts(r)))


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
