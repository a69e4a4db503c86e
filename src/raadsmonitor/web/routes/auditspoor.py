"""Het auditspoor (issue 7): for the rekenkamer and the beheerder, every recorded action, newest first,
with the result of checking the chain."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from raadsmonitor.domain.access import Principal, can_read_audit
from raadsmonitor.domain.audit import AuditRecord
from raadsmonitor.services import trail
from raadsmonitor.web.auth import require
from raadsmonitor.web.rendering import render

router = APIRouter()
MENU = [(95, "/auditspoor", "Auditspoor")]
MENU_ACCESS = can_read_audit
PAGE_SIZE = 50
Lezer = require(can_read_audit)


@dataclass(frozen=True)
class Regel:
    record: AuditRecord
    oud: list[tuple[str, str]]
    nieuw: list[tuple[str, str]]


def _values(text: str | None) -> list[tuple[str, str]]:
    if not text:
        return []
    value = json.loads(text)
    if not isinstance(value, dict):
        return [("", str(value))]
    return [(key, "leeg" if item is None else item if isinstance(item, str) else json.dumps(item, ensure_ascii=False))
            for key, item in value.items()]


@router.get("/auditspoor", response_class=HTMLResponse)
def auditspoor(request: Request, tot: Annotated[int | None, Query(ge=1)] = None,
               principal: Principal = Lezer) -> HTMLResponse:
    with request.app.state.engine.connect() as connection:
        problems = trail.verify(connection)
        number, head_hash = trail.head(connection)
        records = trail.newest_page(connection, through=tot, limit=PAGE_SIZE)
    older = records[-1].volgnummer - 1 if records and records[-1].volgnummer > 1 else None
    regels = [Regel(record, _values(record.oud), _values(record.nieuw)) for record in records]
    return render(request, "auditspoor.html", None, "Auditspoor", regels=regels, problems=problems, number=number,
                  head_hash=head_hash, older=older, newest=tot is not None and tot < number)
