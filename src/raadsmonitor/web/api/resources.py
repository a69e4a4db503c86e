"""One resource per catalogue table under /api/v1 (issue 7): list, read, create, replace, delete.

The routes are generated from the catalogue, so a new table gets its API with no code here. Reading
is paged in SQL (store/listing.py, through services/reads.py); every write goes through writes.py, which
validates as the import does, checks the role and the version (ETag/If-Match) and records the write in the audit trail.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import QueryParams

from raadsmonitor.domain.access import Principal, in_programme
from raadsmonitor.domain.catalogue import TABLES, TableSpec
from raadsmonitor.domain.columns import Column, Kind
from raadsmonitor.domain.validation import CellError, parse_cell
from raadsmonitor.services import reads, writes
from raadsmonitor.web.api import schemas
from raadsmonitor.web.api.auth import PrincipalDep, TokenDep, audit_context, engine_of, refuse, token_holder
from raadsmonitor.web.api.openapi_parts import list_operation, read_operation, write_operation
from raadsmonitor.web.api.problems import ApiProblem, field_error

PREFIX = "/api/v1"
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
PAGING_PARAMETERS = frozenset({"limiet", "cursor"})

router = APIRouter(prefix=PREFIX)


# A new Query per route: FastAPI sets each parameter's alias on its FieldInfo, and one FieldInfo shared by
# many routes would be changed under a route that another request thread is still building.
def limit_query() -> Any:
    return Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Records per pagina (hoogstens {MAX_LIMIT})")


def cursor_query() -> Any:
    return Query(None, description="Waar de pagina begint: neem over uit `volgende`")


def key_template(spec: TableSpec) -> str:
    return "/".join("{" + name + "}" for name in spec.key)


def refused(refusal: writes.WriteRefused) -> ApiProblem:
    message = refusal.message[:1].upper() + refusal.message[1:]
    return ApiProblem(refusal.status, message, [field_error(problem.column, problem.message)
                                                for problem in refusal.problems])


# --- keys, filters and cursors: text in a URL to values as the store holds them --------------------


def path_key(spec: TableSpec, request: Request) -> tuple[Any, ...]:
    parts = [request.path_params[name] for name in spec.key]
    if any("\x00" in part for part in parts):
        raise ApiProblem(404, f"{spec.label}: zo'n sleutel bestaat niet.")
    try:
        key = writes.parse_key(spec, parts)
    except writes.WriteRefused as refusal:
        raise refused(refusal) from refusal
    if any(schemas.range_problem(value, spec.column(name)) for name, value in zip(spec.key, key, strict=True)):
        raise ApiProblem(404, f"{spec.label}: zo'n sleutel bestaat niet.")
    return key


def _filter_value(column: Column, raw: str) -> Any:
    """A filter's text as the store holds the value; an empty text finds records without a value."""
    if "\x00" in raw:
        raise CellError("bevat een NUL-teken")
    # A filter finds what is stored; the rule against small stream amounts is for writing them (issue 20).
    value = parse_cell(raw, dataclasses.replace(column, required=False, default=None), small_amounts=True)
    if problem := schemas.range_problem(value, column):  # PostgreSQL would refuse to compare it
        raise CellError(problem)
    return reads.to_row_value(value, column)


def parse_filters(spec: TableSpec, query: QueryParams) -> dict[str, Any]:
    columns = {column.name: column for column in spec.columns}
    filters: dict[str, Any] = {}
    problems = []
    for name in query:
        if name in PAGING_PARAMETERS:
            continue
        if name not in columns:
            problems.append(field_error(name, f"onbekende parameter; filter op een kolom: {', '.join(columns)}",
                                        "query"))
        elif len(query.getlist(name)) > 1:
            problems.append(field_error(name, "geef elke kolom hoogstens één keer op", "query"))
        else:
            try:
                filters[name] = _filter_value(columns[name], query[name])
            except CellError as error:
                problems.append(field_error(name, str(error), "query"))
    if problems:
        raise ApiProblem(400, "Het verzoek klopt niet; zie de fouten per parameter.", problems)
    return filters


def encode_cursor(spec: TableSpec, record: Any) -> str:
    key = [reads.to_row_value(getattr(record, name), spec.column(name)) for name in spec.key]
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode("utf-8")).decode("ascii")


def decode_cursor(spec: TableSpec, cursor: str) -> tuple[Any, ...]:
    problem = ApiProblem(400, "Deze cursor klopt niet; neem het adres in `volgende` over.",
                         [field_error("cursor", "ongeldige cursor", "query")])
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError) as error:
        raise problem from error
    if not isinstance(key, list) or len(key) != len(spec.key):
        raise problem
    for value, name in zip(key, spec.key, strict=True):
        wanted = int if spec.column(name).kind is Kind.INTEGER else str
        if (isinstance(value, bool) or not isinstance(value, wanted) or "\x00" in str(value)
                or schemas.range_problem(value, spec.column(name))):
            raise problem
    return tuple(key)


# --- the routes, one set per table -----------------------------------------------------------------


def remembered(request: Request) -> reads.Remembered:
    """The app's remembered list answers and counts, per store state (made by api.install).

    A list of 100 geldstromen took 7 ms of CPU at national size, one of waarnemingen 20 ms (mostly its
    count): at 32 connections on two cores that is a p95 of hundreds of ms. The lists only change with a
    recorded write, so each worker answers a repeated list from memory until the store changes, as the
    page cache does for pages, before the routes (web/api/answers.py); paging through a list counts it once.
    """
    memory: reads.Remembered = request.app.state.api_lists
    return memory


def _record_response(spec: TableSpec, record: Any, etag: str, status: int = 200,
                     location: str | None = None) -> JSONResponse:
    headers = {"ETag": etag} | ({"Location": location} if location else {})
    return JSONResponse(writes.row_values(spec, record), status_code=status, headers=headers)


def list_route(spec: TableSpec) -> Callable[..., Response]:
    def list_records(request: Request, token: TokenDep, limiet: int = limit_query(),  # noqa: B008
                     cursor: str | None = cursor_query()) -> Response:  # noqa: B008
        # Checked before anything is served, remembered or not: the token, the filters and the cursor.
        # Every role reads the same lists, so a remembered answer is the same for every holder.
        memory = remembered(request)
        with engine_of(request).connect() as connection:
            state = reads.state(connection)
            holder = token_holder(request, connection, token, (memory, state))
            filters = parse_filters(spec, request.query_params)
            if holder.programma is not None and any(column.name == "programma" for column in spec.columns):
                # An account limited to one programme (issue 20) lists only that programme's records.
                if filters.get("programma", holder.programma) != holder.programma:
                    refuse(request, holder, spec.name, f"account beperkt tot programma {holder.programma}")
                filters["programma"] = holder.programma
            after = decode_cursor(spec, cursor) if cursor else None
            # The whole answer is kept per store state, address and programme in front of the routes
            # (web/api/answers.py), with the holder token_holder remembered above.
            records = reads.page(connection, spec, filters, after, limiet + 1)
            totaal = reads.remembered_count(memory, connection, spec, filters)
        volgende = None
        if len(records) > limiet:
            records = records[:limiet]
            volgende = str(request.url.include_query_params(cursor=encode_cursor(spec, records[-1])))
        return JSONResponse({"totaal": totaal, "limiet": limiet, "volgende": volgende,
                             "resultaten": [writes.row_values(spec, record) for record in records]},
                            headers={"Link": f'<{volgende}>; rel="next"'} if volgende else None)
    return list_records


def read_route(spec: TableSpec) -> Callable[..., JSONResponse]:
    def read_record(request: Request, principal: PrincipalDep) -> JSONResponse:
        found = writes.get_record(engine_of(request), spec.name, path_key(spec, request))
        if found is None:
            raise ApiProblem(404, f"{spec.label}: dit gegeven bestaat niet.")
        record, etag = found
        if not in_programme(principal, spec.name, writes.row_values(spec, record)):
            raise ApiProblem(404, f"{spec.label}: dit gegeven bestaat niet.")
        return _record_response(spec, record, etag)
    return read_record


async def _body(request: Request, spec: TableSpec) -> dict[str, str | None]:
    """The request body as cells for writes.py; 400 when it is no JSON, 422 when it does not fit the schema."""
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiProblem(400, "De inhoud van het verzoek is geen geldige JSON.") from error
    cells, problems = schemas.body_cells(spec, body)
    if problems:
        raise ApiProblem(422, "De gegevens zijn niet geldig; zie de fouten per kolom.",
                         [field_error(column, message) for column, message in problems])
    return cells


def create_route(spec: TableSpec) -> Callable[..., Any]:
    async def create_record(request: Request, principal: PrincipalDep) -> JSONResponse:
        cells = await _body(request, spec)
        saved = await _save(request, principal, spec, cells, None, None)
        location = f"{PREFIX}/{spec.name}/" + "/".join(quote(str(part), safe="") for part in saved.key)
        return _record_response(spec, saved.record, saved.etag, 201, location)
    return create_record


def replace_route(spec: TableSpec) -> Callable[..., Any]:
    async def replace_record(request: Request, principal: PrincipalDep) -> JSONResponse:
        key = path_key(spec, request)
        cells = await _body(request, spec)
        # The key may be left out of the body; a different key in it is refused by writes.py (422).
        cells |= {name: str(value) for name, value in zip(spec.key, key, strict=True) if cells.get(name) is None}
        saved = await _save(request, principal, spec, cells, key, request.headers.get("if-match"))
        return _record_response(spec, saved.record, saved.etag)
    return replace_record


async def _save(request: Request, principal: Principal, spec: TableSpec, cells: dict[str, str | None],
                key: tuple[Any, ...] | None, if_match: str | None) -> writes.Saved:
    try:
        return await run_in_threadpool(writes.save_record, engine_of(request), principal,
                                       audit_context(request, principal), spec.name, cells, key=key,
                                       if_match=if_match)
    except writes.WriteRefused as refusal:
        raise refused(refusal) from refusal


def delete_route(spec: TableSpec) -> Callable[..., Response]:
    def delete_record(request: Request, principal: PrincipalDep) -> Response:
        key = path_key(spec, request)
        try:
            writes.delete_record(engine_of(request), principal, audit_context(request, principal), spec.name, key,
                                 if_match=request.headers.get("if-match"))
        except writes.WriteRefused as refusal:
            raise refused(refusal) from refusal
        return Response(status_code=204)
    return delete_record


def _add_routes(spec: TableSpec) -> None:
    collection, item = f"/{spec.name}", f"/{spec.name}/{key_template(spec)}"
    router.add_api_route(collection, list_route(spec), methods=["GET"], **list_operation(spec))
    router.add_api_route(collection, create_route(spec), methods=["POST"], **write_operation(spec, "POST"))
    router.add_api_route(item, read_route(spec), methods=["GET"], **read_operation(spec))
    router.add_api_route(item, replace_route(spec), methods=["PUT"], **write_operation(spec, "PUT"))
    router.add_api_route(item, delete_route(spec), methods=["DELETE"], **write_operation(spec, "DELETE"))


for _spec in TABLES:
    assert not PAGING_PARAMETERS & {column.name for column in _spec.columns}, _spec.name
    _add_routes(_spec)
