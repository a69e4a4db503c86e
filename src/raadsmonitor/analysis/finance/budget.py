"""Where the programme's money sits: the municipal budget (report figure 9) and the themes.

Money per theme comes from two kinds of rows. An allocation (`Toewijzing`) with a theme carries its
own amount (or none: unknown). A budget link (`Begrotingskoppeling`) ties a stream to a theme through
one of its parts; the report gives no amount per part, so such a link counts as an unknown amount.
A stream already allocated to the theme is not counted again through a link.
"""

from __future__ import annotations

from dataclasses import dataclass

from raadsmonitor.analysis.finance.overview import Post, StroomRegel, Totaal
from raadsmonitor.domain.money import Begrotingskoppeling, Begrotingsprogramma, Kernthema, Taakveld
from raadsmonitor.domain.programme import Thema
from raadsmonitor.domain.records import Records, index_by_id


@dataclass(frozen=True)
class KoppelingRegel:
    koppeling: Begrotingskoppeling
    thema: Thema | None
    geldstroom: StroomRegel | None
    taakveld: Taakveld | None


@dataclass(frozen=True)
class KernthemaKoppelingen:
    kernthema: Kernthema
    koppelingen: tuple[KoppelingRegel, ...]


@dataclass(frozen=True)
class ProgrammaKoppelingen:
    programma: Begrotingsprogramma
    kernthemas: tuple[KernthemaKoppelingen, ...]


def budget_mapping(records: Records, regels: list[StroomRegel]) -> list[ProgrammaKoppelingen]:
    """Figure 9: budget programme > kernthema > the programme's parts, in the order of the budget."""
    themas = index_by_id(records.all(Thema))
    taakvelden = index_by_id(records.all(Taakveld))
    stromen = {regel.id: regel for regel in regels}
    by_kernthema: dict[str, list[KoppelingRegel]] = {}
    for k in sorted(records.all(Begrotingskoppeling), key=lambda k: k.id):
        by_kernthema.setdefault(k.kernthema, []).append(KoppelingRegel(
            k, themas.get(k.thema or ""), stromen.get(k.geldstroom or ""), taakvelden.get(k.taakveld or "")))
    kernthemas = sorted(records.all(Kernthema), key=lambda k: k.id)
    result = []
    for programma in sorted(records.all(Begrotingsprogramma), key=lambda p: p.nummer):
        items = tuple(KernthemaKoppelingen(kt, tuple(by_kernthema[kt.id])) for kt in kernthemas
                      if kt.begrotingsprogramma == programma.id and kt.id in by_kernthema)
        result.append(ProgrammaKoppelingen(programma, items))
    return result


def thema_financien(records: Records, regels: list[StroomRegel]) -> dict[str, Totaal]:
    """Per theme id: the allocations to it and the streams linked to it through figure 9."""
    posten: dict[str, list[Post]] = {}
    allocated: set[tuple[str, str]] = set()
    for regel in regels:
        for t in regel.toewijzingen:
            if t.thema:
                posten.setdefault(t.thema, []).append(Post(t.id, t.omschrijving, t.bedrag, t.bron, regel.id))
                allocated.add((t.thema, regel.id))
    stromen = {regel.id: regel for regel in regels}
    for k in sorted(records.all(Begrotingskoppeling), key=lambda k: k.id):
        if k.thema and k.geldstroom in stromen and (k.thema, k.geldstroom) not in allocated:
            naam = f"{stromen[k.geldstroom].stroom.naam}: {k.onderdeel}"
            posten.setdefault(k.thema, []).append(Post(k.id, naam, None, k.bron, k.geldstroom))
    return {thema: Totaal(thema, tuple(items)) for thema, items in posten.items()}
