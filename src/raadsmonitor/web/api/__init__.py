"""The JSON API under /api/v1 (issue 7) and its OpenAPI 3 document at /api/openapi.json.

`install(app)` adds the routes, the problem responses and the document; the HTML pages stay out of
the document, which FastAPI generates from the API routes alone.

May import: as web.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from raadsmonitor.domain.catalogue import TABLES
from raadsmonitor.services import reads
from raadsmonitor.web.api import auditspoor, register, resources, schemas
from raadsmonitor.web.api.openapi_parts import problem_schema
from raadsmonitor.web.api.problems import (
    DEFAULT_DETAIL,
    ApiProblem,
    api_problem_handler,
    is_api_request,
    problem_response,
    validation_problem,
)

OPENAPI_PATH = "/api/openapi.json"
DESCRIPTION = """Lezen en schrijven van alle tabellen van de raadsmonitor, met dezelfde controles als de import.

- Aanmelden: `Authorization: Bearer <token>`; een token maakt de beheerder met `raadsmonitor token add NAAM`.
- Lijsten zijn gepagineerd: `limiet` en `cursor`; volg `volgende` (of de `Link`-header) naar de volgende pagina.
  Filter met een kolomnaam als parameter, bijvoorbeeld `/api/v1/waarnemingen?gebied=heerlen-noord`.
- Wijzigen en verwijderen vereisen `If-Match` met de `ETag` die u las: zo overschrijft niemand ongemerkt de
  wijziging van een ander (412).
- Bedragen en andere getallen met decimalen staan als tekst (exact); datums als ISO-tekst.
- Fouten zijn probleem-JSON (RFC 9457) met per kolom een Nederlandse melding.
"""


def component_schemas() -> dict[str, Any]:
    components: dict[str, Any] = {"Probleem": problem_schema(), "Auditregel": auditspoor.auditregel_schema(),
                                  "AuditregelLijst": schemas.list_schema("#/components/schemas/Auditregel",
                                                                         "Auditregels"),
                                  "Registerregel": register.registerregel_schema(),
                                  "RegisterregelLijst": register.registerlijst_schema()}
    for spec in TABLES:
        name = schemas.schema_name(spec)
        components[name] = schemas.record_schema(spec)
        components[schemas.input_schema_name(spec)] = schemas.input_schema(spec)
        components[f"{name}Lijst"] = schemas.list_schema(f"#/components/schemas/{name}", spec.label)
    return components


def _drop_fastapi_validation_responses(document: dict[str, Any]) -> None:
    """Our 400 replaces FastAPI's own 422 for parameters; its English schemas go too."""
    for operations in document["paths"].values():
        for operation in operations.values():
            response = operation.get("responses", {}).get("422", {})
            if "HTTPValidationError" in str(response):
                del operation["responses"]["422"]
    for name in ("HTTPValidationError", "ValidationError"):
        document.get("components", {}).get("schemas", {}).pop(name, None)


def _version() -> str:
    try:
        return version("raadsmonitor")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "0"


def openapi_document() -> dict[str, Any]:
    routes = [*resources.router.routes, *auditspoor.router.routes, *register.router.routes]  # no HTML page
    document = get_openapi(title="raadsmonitor API", version=_version(), description=DESCRIPTION,
                           routes=routes, servers=[{"url": "/"}])
    _drop_fastapi_validation_responses(document)
    document.setdefault("components", {}).setdefault("schemas", {}).update(component_schemas())
    return document


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    if is_api_request(request):
        return validation_problem(error)
    return await request_validation_exception_handler(request, error)


def http_error_response(request: Request, error: StarletteHTTPException) -> JSONResponse | None:
    """Problem JSON for an HTTP error on an API address (unknown path, wrong method); None elsewhere."""
    if not is_api_request(request):
        return None
    return problem_response(error.status_code, DEFAULT_DETAIL.get(error.status_code, str(error.detail)),
                            headers=dict(error.headers or {}))


def install(app: FastAPI) -> None:
    app.state.api_lists = reads.Remembered()  # list answers and totals per store state (resources.remembered)
    app.include_router(resources.router)
    app.include_router(auditspoor.router)
    app.include_router(register.router)
    app.add_exception_handler(ApiProblem, api_problem_handler)
    app.add_exception_handler(RequestValidationError, _validation_error)

    @app.get(OPENAPI_PATH, include_in_schema=False)
    def openapi_json() -> JSONResponse:
        if not hasattr(app.state, "api_openapi"):
            app.state.api_openapi = openapi_document()
        return JSONResponse(app.state.api_openapi)
