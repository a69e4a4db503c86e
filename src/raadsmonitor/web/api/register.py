"""GET /api/v1/register: the council's register with each item's stand, due date and handling time (issue 17).

Derived, read-only: the items themselves are written through /api/v1/informatiestukken and their links
through /api/v1/informatiekoppelingen. The stand is judged on `peildatum`, which the answer repeats.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from raadsmonitor.analysis.council.register import Stand, build_register
from raadsmonitor.analysis.programme.scope import OnbekendProgramma, check_programme, scoped
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation.register import regel_as_json
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.web.api.auth import TokenDep, engine_of, refuse, token_holder
from raadsmonitor.web.api.openapi_parts import problems, ref
from raadsmonitor.web.api.problems import ApiProblem
from raadsmonitor.web.api.resources import PREFIX, limit_query
from raadsmonitor.web.peildatum import today_of

router = APIRouter(prefix=PREFIX)

PeildatumQuery = Annotated[date | None, Query(description="Datum waarop de stand wordt beoordeeld (JJJJ-MM-DD); "
                                                          "standaard vandaag. Het antwoord noemt haar.")]
ProgrammaQuery = Annotated[str | None, Query(description="Alleen de stukken van dit programma (een account dat tot "
                                                         "één programma is beperkt, ziet altijd alleen dat)")]
VanafQuery = Annotated[int, Query(ge=0, le=2**31 - 1, description="Hoeveel regels over te slaan: neem over uit "
                                                                  "`volgende`")]


@router.get("/register", operation_id="register_lijst", tags=["Register"], summary="Register: stand van de stukken",
            description="Elk stuk van het register, op datum, met zijn stand (open, te laat, onbekend, afgedaan, ...), "
                        "termijn, de datum waarop de stand bekend is, de dagen open en de afhandeltijd in kalender- "
                        "en werkdagen.",
            responses={200: {"description": "Een pagina registerregels",
                             "content": {"application/json": {"schema": {"$ref": ref("RegisterregelLijst")}}}},
                       **problems(400, 401, 403)})
def register(request: Request, token: TokenDep, peildatum: PeildatumQuery = None, programma: ProgrammaQuery = None,
             limiet: int = limit_query(), vanaf: VanafQuery = 0) -> JSONResponse:  # noqa: B008
    peil = peildatum or today_of(request)
    with engine_of(request).connect() as connection:
        principal = token_holder(request, connection, token)
        if principal.programma is not None and programma not in (None, principal.programma):
            refuse(request, principal, "register", f"dit account is beperkt tot programma '{principal.programma}'")
        records: Records = StoreRecords(connection)
        wanted = principal.programma or programma
        if wanted is not None:
            try:
                records = scoped(records, check_programme(records, wanted))
            except OnbekendProgramma as error:
                raise ApiProblem(400, str(error)[:1].upper() + str(error)[1:] + ".") from error
        regels = build_register(records, peil).regels
    page = regels[vanaf:vanaf + limiet]
    volgende = None
    if vanaf + limiet < len(regels):
        volgende = str(request.url.include_query_params(vanaf=vanaf + limiet, peildatum=peil.isoformat()))
    body = {"peildatum": peil.isoformat(), "totaal": len(regels), "limiet": limiet, "volgende": volgende,
            "resultaten": [regel_as_json(regel) for regel in page]}
    return JSONResponse(body, headers={"Link": f'<{volgende}>; rel="next"'} if volgende else None)


def registerregel_schema() -> dict[str, Any]:
    text, optional_text = {"type": "string"}, {"anyOf": [{"type": "string"}, {"type": "null"}]}
    optional_days = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]}
    tijd = {"type": "object", "required": ["kalenderdagen", "werkdagen", "binnen_termijn"],
            "properties": {"kalenderdagen": {"type": "integer"}, "werkdagen": {"type": "integer"},
                           "binnen_termijn": {"anyOf": [{"type": "boolean"}, {"type": "null"}]}}}
    koppeling = {"type": "object", "required": ["richting", "soort", "stuk", "toelichting"],
                 "properties": {"richting": {"type": "string", "enum": ["naar", "van"]}, "soort": text, "stuk": text,
                                "toelichting": optional_text}}
    properties: dict[str, Any] = {
        "id": text, "soort": text, "datum": text, "onderwerp": text,
        "stand": {"anyOf": [{"type": "string", "enum": [s.value for s in Stand]}, {"type": "null"}]},
        "stand_toelichting": optional_text, "termijn": optional_text, "nagegaan_op": optional_text,
        "bekend_op": optional_text, "dagen_open": optional_days, "afgedaan_door": optional_text,
        "afhandeltijd": {"anyOf": [tijd, {"type": "null"}]},
        "koppelingen": {"type": "array", "items": koppeling}, "toelichting": optional_text, "bron": text}
    return {"title": "Registerregel", "type": "object", "properties": properties, "required": list(properties)}


def registerlijst_schema() -> dict[str, Any]:
    properties = {"peildatum": {"type": "string"}, "totaal": {"type": "integer", "minimum": 0},
                  "limiet": {"type": "integer", "minimum": 1},
                  "volgende": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                  "resultaten": {"type": "array", "items": {"$ref": ref("Registerregel")}}}
    return {"title": "Registerregels", "type": "object", "properties": properties, "required": list(properties)}
