"""GET /api/v1/auditspoor: the audit trail for the roles that may read it (rekenkamer, beheerder)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from raadsmonitor.domain.access import can_read_audit
from raadsmonitor.domain.audit import AuditRecord
from raadsmonitor.services import trail
from raadsmonitor.web.api.auth import PrincipalDep, engine_of, refuse
from raadsmonitor.web.api.openapi_parts import problems, ref
from raadsmonitor.web.api.resources import PREFIX, limit_query

router = APIRouter(prefix=PREFIX)

AfterQuery = Annotated[int, Query(ge=0, le=2**31 - 1, description="Alleen regels na dit volgnummer")]


def record_json(record: AuditRecord) -> dict[str, Any]:
    """A record with its old and new values as JSON objects (the stored canonical text, parsed)."""
    values: dict[str, Any] = {name: getattr(record, name) for name in AuditRecord.__dataclass_fields__}
    for name in ("oud", "nieuw"):
        values[name] = json.loads(values[name]) if values[name] is not None else None
    return values


@router.get("/auditspoor", operation_id="auditspoor_lijst", tags=["Auditspoor"], summary="Auditspoor: regels",
            description="Wie wat wanneer veranderde, oudste eerst; alleen voor de rekenkamer en de beheerder.",
            responses={200: {"description": "Een pagina regels",
                             "content": {"application/json": {"schema": {"$ref": ref("AuditregelLijst")}}}},
                       **problems(400, 401, 403)})
def auditspoor(request: Request, principal: PrincipalDep, limiet: int = limit_query(),  # noqa: B008
               na: AfterQuery = 0) -> JSONResponse:
    if not can_read_audit(principal):
        refuse(request, principal, "auditspoor", "alleen de rekenkamer en de beheerder lezen het auditspoor")
    with engine_of(request).connect() as connection:
        records = list(trail.iter_records(connection, since=na, limit=limiet + 1))
        totaal, _ = trail.head(connection)  # volgnummers run 1, 2, 3, ... without gaps
    volgende = None
    if len(records) > limiet:
        records = records[:limiet]
        volgende = str(request.url.include_query_params(na=records[-1].volgnummer))
    body = {"totaal": totaal, "limiet": limiet, "volgende": volgende, "resultaten": [record_json(r) for r in records]}
    return JSONResponse(body, headers={"Link": f'<{volgende}>; rel="next"'} if volgende else None)


def auditregel_schema() -> dict[str, Any]:
    text, optional_text = {"type": "string"}, {"anyOf": [{"type": "string"}, {"type": "null"}]}
    values = {"anyOf": [{"type": "object"}, {"type": "null"}]}
    properties: dict[str, Any] = {"volgnummer": {"type": "integer", "minimum": 1}, "tijdstip": text,
                                  "actie": text, "object": text, "resultaat": text, "herkomst": text,
                                  "actor": text, "adres": optional_text, "toelichting": optional_text,
                                  "oud": values, "nieuw": values, "vorige_hash": text, "hash": text}
    return {"title": "Auditregel", "type": "object", "properties": properties, "required": list(properties)}
