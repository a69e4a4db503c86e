"""Does the council decide on a stream's money? The rule table in `domain.money.ZEGGENSCHAPSREGELS`
applied to one stream, or the controller's override with its stated reason (report 6.2, 6.3, 6.5)."""

from __future__ import annotations

from dataclasses import dataclass

from raadsmonitor.domain.enums import Zeggenschap
from raadsmonitor.domain.money import ZEGGENSCHAPSREGELS, Geldstroom, Zeggenschapsregel
from raadsmonitor.domain.programme import Organisatie
from raadsmonitor.domain.records import Records

ONBEKEND = "onbekend"

# Report 6.3: the programme bureau is formally part of the municipality, so money it receives is the
# municipality's; sectors as the organisations table names them (figure 5).
MUNICIPAL_SECTORS = frozenset({"gemeente", "programmabureau"})


@dataclass(frozen=True)
class ZeggenschapsOordeel:
    """The outcome for one stream: the rule that decided it, or the override and its reason."""

    zeggenschap: Zeggenschap | None
    regel: Zeggenschapsregel
    overschreven_met: str | None = None  # the stated reason when a controller overrode the rule

    @property
    def overschreven(self) -> bool:
        return self.overschreven_met is not None

    @property
    def label(self) -> str:
        return self.zeggenschap.value if self.zeggenschap is not None else ONBEKEND


def municipal_organisations(records: Records) -> frozenset[str]:
    """Ids of the organisations that are the municipality: sector 'Gemeente' or 'Programmabureau'."""
    return frozenset(o.id for o in records.all(Organisatie) if (o.sector or "").lower() in MUNICIPAL_SECTORS)


def matching_rule(stroom: Geldstroom, gemeente: frozenset[str]) -> Zeggenschapsregel:
    """The first rule of the table whose condition holds; the last rule ('onbekend') always holds."""
    return next(regel for regel in ZEGGENSCHAPSREGELS if regel.geldt(stroom, gemeente))


def decide_zeggenschap(stroom: Geldstroom, gemeente: frozenset[str]) -> ZeggenschapsOordeel:
    """The rule's outcome, unless the stream overrides it (zeggenschap + zeggenschap_reden)."""
    regel = matching_rule(stroom, gemeente)
    if stroom.zeggenschap is not None:
        return ZeggenschapsOordeel(stroom.zeggenschap, regel, stroom.zeggenschap_reden or "")
    return ZeggenschapsOordeel(regel.zeggenschap, regel)
