"""One vocabulary (report 3.4): every concept has one canonical name; other names are aliases."""

from __future__ import annotations

from raadsmonitor.domain.columns import col, entity
from raadsmonitor.domain.programme import BRON


@entity
class Begrip:
    """A term with its definition; where it names a record (a thema), the record it names."""

    id: str = col("Sleutel", key=True)
    term: str = col("De term zoals raadsmonitor hem gebruikt")
    definitie: str = col("Wat de term betekent")
    tabel: str | None = col("Tabel van het gegeven dat de term aanduidt (bijvoorbeeld themas)",
                            default=None)
    sleutel: str | None = col("Sleutel van dat gegeven (bijvoorbeeld talentontwikkeling)", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Alias:
    """Another name for a term; an import that meets it uses the canonical term instead."""

    alias: str = col("De andere naam", key=True)
    begrip: str = col("Het begrip waarvoor deze naam staat", ref="begrippen")
    context: str | None = col("Wie deze naam gebruikt (bijvoorbeeld de gemeente of het programmabureau)",
                              default=None)
    bron: str = col(BRON, ref="bronnen")


__all__ = ["Alias", "Begrip"]
