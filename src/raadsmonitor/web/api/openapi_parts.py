"""What the OpenAPI document says of each generated route: parameters, bodies, responses (issue 7).

FastAPI generates the document from the routes; the tables' schemas come from schemas.py and are
added as components by web/api/__init__.py. Every status a route can answer is listed, with the
problem JSON of problems.py for the refusals.
"""

from __future__ import annotations

from typing import Any

from raadsmonitor.domain.catalogue import TableSpec
from raadsmonitor.web.api import schemas
from raadsmonitor.web.api.problems import MEDIA_TYPE

PROBLEM_REF = "#/components/schemas/Probleem"

PROBLEM_DESCRIPTIONS: dict[int, str] = {
    400: "Ongeldig verzoek: een parameter, de cursor of de JSON klopt niet",
    401: "Niet aangemeld: geen of een ongeldig API-token",
    403: "Geen toegang: deze rol mag dit niet (vastgelegd in het auditspoor)",
    404: "Niet gevonden",
    409: "Conflict: het gegeven bestaat al, of wordt nog gebruikt",
    412: "Verouderde versie: het gegeven is gewijzigd sinds u het las (If-Match klopt niet meer)",
    422: "Ongeldige gegevens: de fouten per kolom staan in `fouten`",
    428: "If-Match ontbreekt: geef de ETag mee die u las",
}

ETAG_HEADER = {"ETag": {"description": "De versie van het gegeven; geef haar mee in If-Match bij PUT en DELETE",
                        "required": True, "schema": {"type": "string"}}}


def ref(name: str) -> str:
    return f"#/components/schemas/{name}"


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        responses[status] = {"description": PROBLEM_DESCRIPTIONS[status],
                             "content": {MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}}}
    responses[401]["headers"] = {"WWW-Authenticate": {"description": "Bearer", "required": True,
                                                      "schema": {"type": "string"}}}
    return responses


def _json(schema_ref: str, description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description,
                                "content": {"application/json": {"schema": {"$ref": schema_ref}}}}
    if headers:
        response["headers"] = headers
    return response


def key_parameters(spec: TableSpec) -> list[dict[str, Any]]:
    return [{"name": name, "in": "path", "required": True, "description": spec.column(name).description,
             "schema": schemas.value_schema(spec.column(name), for_input=False)} for name in spec.key]


def filter_parameters(spec: TableSpec) -> list[dict[str, Any]]:
    return [{"name": column.name, "in": "query", "required": False,
             "description": f"Alleen records met deze waarde in kolom {column.name}",
             "schema": schemas.value_schema(column, for_input=False)} for column in spec.columns]


def list_operation(spec: TableSpec) -> dict[str, Any]:
    name = schemas.schema_name(spec)
    return {"summary": f"{spec.label}: lijst", "operation_id": f"{spec.name}_lijst", "tags": [spec.label],
            "description": f"{spec.description} Op volgorde van de sleutel ({', '.join(spec.key)}), per pagina; "
                           "filter met een kolomnaam als parameter.",
            "responses": {200: _json(ref(f"{name}Lijst"), "Een pagina records"), **problems(400, 401, 403)},
            "openapi_extra": {"parameters": filter_parameters(spec)}}


def read_operation(spec: TableSpec) -> dict[str, Any]:
    return {"summary": f"{spec.label}: één gegeven", "operation_id": f"{spec.name}_lezen", "tags": [spec.label],
            "responses": {200: _json(ref(schemas.schema_name(spec)), "Het gegeven", ETAG_HEADER),
                          **problems(400, 401, 403, 404)},
            "openapi_extra": {"parameters": key_parameters(spec)}}


def _body(spec: TableSpec) -> dict[str, Any]:
    return {"required": True,
            "content": {"application/json": {"schema": {"$ref": ref(schemas.input_schema_name(spec))}}}}


def write_operation(spec: TableSpec, method: str) -> dict[str, Any]:
    record = ref(schemas.schema_name(spec))
    if method == "POST":
        created = _json(record, "Aangemaakt", ETAG_HEADER | {
            "Location": {"description": "Adres van het nieuwe gegeven", "required": True,
                         "schema": {"type": "string"}}})
        return {"summary": f"{spec.label}: toevoegen", "operation_id": f"{spec.name}_toevoegen",
                "tags": [spec.label], "status_code": 201,
                "responses": {201: created, **problems(400, 401, 403, 409, 422)},
                "openapi_extra": {"requestBody": _body(spec)}}
    if method == "PUT":
        return {"summary": f"{spec.label}: vervangen", "operation_id": f"{spec.name}_vervangen",
                "tags": [spec.label], "description": "Vereist If-Match met de ETag die u las.",
                "responses": {200: _json(record, "Vervangen", ETAG_HEADER),
                              **problems(400, 401, 403, 404, 409, 412, 422, 428)},
                "openapi_extra": {"parameters": [*key_parameters(spec), IF_MATCH], "requestBody": _body(spec)}}
    return {"summary": f"{spec.label}: verwijderen", "operation_id": f"{spec.name}_verwijderen",
            "tags": [spec.label], "description": "Vereist If-Match met de ETag die u las.", "status_code": 204,
            "responses": {204: {"description": "Verwijderd"}, **problems(400, 401, 403, 404, 409, 412, 428)},
            "openapi_extra": {"parameters": [*key_parameters(spec), IF_MATCH]}}


IF_MATCH = {"name": "If-Match", "in": "header", "required": False,
            "description": "De ETag van het gegeven zoals u het las; zonder: 428, verouderd: 412",
            "schema": {"type": "string"}}


def problem_schema() -> schemas.JsonSchema:
    field = {"type": "object", "required": ["veld", "in", "melding"], "properties": {
        "veld": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "De kolom of parameter"},
        "in": {"type": "string", "enum": ["body", "query", "path", "header", "cookie"]},
        "melding": {"type": "string", "description": "Wat er mis is, in het Nederlands"}}}
    return {"title": "Probleem (RFC 9457)", "type": "object", "required": ["type", "title", "status", "detail"],
            "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                           "status": {"type": "integer"}, "detail": {"type": "string"},
                           "fouten": {"type": "array", "items": field}}}
