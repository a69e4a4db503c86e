"""Long lists are shown a page at a time, with Dutch links to the other pages (no JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request

PER_PAGINA = 50


@dataclass(frozen=True)
class Pagination:
    nummer: int  # 1-based
    totaal: int
    pad: str
    query: tuple[tuple[str, str], ...]  # the other query parameters, kept in every link
    per_pagina: int = PER_PAGINA

    @property
    def aantal_paginas(self) -> int:
        return max(1, -(-self.totaal // self.per_pagina))

    @property
    def offset(self) -> int:
        return (self.nummer - 1) * self.per_pagina

    @property
    def van(self) -> int:
        return min(self.offset + 1, self.totaal)

    @property
    def tot(self) -> int:
        return min(self.offset + self.per_pagina, self.totaal)

    def href(self, nummer: int) -> str:
        params = [*self.query, *([("pagina", str(nummer))] if nummer > 1 else [])]
        return f"{self.pad}?{urlencode(params)}" if params else self.pad

    @property
    def vorige(self) -> str | None:
        return self.href(self.nummer - 1) if self.nummer > 1 else None

    @property
    def volgende(self) -> str | None:
        return self.href(self.nummer + 1) if self.nummer < self.aantal_paginas else None


def paginering(request: Request, totaal: int, per_pagina: int = PER_PAGINA) -> Pagination:
    """The page asked for with ?pagina=N; anything unreadable or out of range gives the nearest page."""
    asked = request.query_params.get("pagina", "")
    last = max(1, -(-totaal // per_pagina))
    nummer = min(max(int(asked), 1), last) if asked.isdigit() else 1
    query = tuple((key, value) for key, value in request.query_params.multi_items() if key != "pagina")
    return Pagination(nummer, totaal, request.url.path, query, per_pagina)
