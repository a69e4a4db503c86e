"""Registers bijhouden (issue 7): a form to add, change and delete a record of every table some role may
write. One generic form built from the catalogue's columns; writing itself is raadsmonitor.services.writes (the
import's validation and Dutch messages, authorisation, ETag check and audit record in one transaction).
The record's ETag travels in a hidden field, so a form opened before someone else's change is refused."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from raadsmonitor.domain.access import (
    PARTNER_OWNERSHIP_VIA_GELDSTROOM,
    WRITABLE_TABLES,
    Principal,
    Rol,
    can_write_table,
    in_programme,
    may_write,
    writable_tables,
    writes_every_record,
)
from raadsmonitor.domain.catalogue import TABLES, TABLES_BY_NAME, TableSpec, record_name
from raadsmonitor.domain.columns import Column, Kind
from raadsmonitor.domain.kinds import KINDS
from raadsmonitor.services import reads
from raadsmonitor.services.writes import (
    FieldProblem,
    WriteRefused,
    delete_record,
    get_record,
    parse_key,
    row_values,
    save_record,
)
from raadsmonitor.web.auth import audit_context, current_principal, deny, require
from raadsmonitor.web.paging import paginering
from raadsmonitor.web.rendering import render

router = APIRouter()
MENU = [(97, "/registers", "Bijhouden")]


def can_keep_registers(principal: Principal) -> bool:
    return bool(writable_tables(principal))


async def _form(request: Request) -> FormData:
    """The submitted form (read once; the guard has already read it for the CSRF check)."""
    return await request.form()


MENU_ACCESS = can_keep_registers
Formulier = Depends(_form)
Schrijver = require(can_keep_registers)
# Every table that some role may write, in the catalogue's order.
REGISTERS: tuple[TableSpec, ...] = tuple(
    spec for spec in TABLES if any(spec.name in tables for tables in WRITABLE_TABLES.values()))
GEDAAN = {"aangemaakt": "Het gegeven is toegevoegd.", "gewijzigd": "De wijziging is opgeslagen.",
          "verwijderd": "Het gegeven is verwijderd."}


@dataclass(frozen=True)
class Veld:
    """One field of the form, ready for the template."""

    name: str
    label: str
    required: bool
    value: str
    choices: tuple[tuple[str, str], ...] | None  # a dropdown when not None
    hint: str
    error: str | None
    multiline: bool
    readonly: bool


def _spec(request: Request, tabel: str) -> tuple[TableSpec, Principal]:
    """The register and the principal, who must be allowed to write it (else 403, audited)."""
    principal = current_principal(request)
    spec = TABLES_BY_NAME.get(tabel)
    if spec is None or spec not in REGISTERS:
        raise HTTPException(404)
    if not can_write_table(principal, spec.name):
        deny(request, principal, f"{spec.name} bijhouden niet toegestaan voor deze rol")
    return spec, principal


def _label(record: Any) -> str:
    value = record_name(record)
    return value if len(value) <= 80 else value[:77] + "..."


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


# A reference to a register longer than this is typed as its key: a list of thousands of options (17,865 gebieden at
# national size) helps no one choose, is slow to read and render, and is hard to use with a screen reader.
MOST_CHOICES = 200


def _choices(request: Request, column: Column) -> tuple[tuple[str, str], ...] | None:
    empty = () if column.required else (("", "(leeg: onbekend)"),)
    if column.kind is Kind.ENUM:
        return empty + tuple((choice, choice) for choice in column.choices)
    if column.kind is Kind.BOOLEAN:
        return empty + (("ja", "ja"), ("nee", "nee"))
    if column.kind is Kind.REF and column.ref in TABLES_BY_NAME:
        target = TABLES_BY_NAME[column.ref]
        with request.app.state.engine.connect() as connection:
            if reads.count(connection, target, {}) > MOST_CHOICES:
                return None
            records = reads.load_records(connection, target)
        options = tuple((str(record.id), f"{record.id} — {_label(record)}" if _label(record) else str(record.id))
                        for record in records)
        return empty + options
    return None


def _fields(request: Request, spec: TableSpec, values: Mapping[str, str], problems: Sequence[FieldProblem],
            editing: bool) -> list[Veld]:
    errors: dict[str, str] = {}
    for problem in problems:
        if problem.column is not None:
            errors.setdefault(problem.column, problem.message)
    fields = []
    for column in spec.columns:
        choices = _choices(request, column)
        typed = (f"De sleutel van een gegeven uit het register {column.ref}."
                 if choices is None and column.kind is Kind.REF and column.ref in TABLES_BY_NAME else None)
        fields.append(Veld(name=column.name, label=column.description, required=column.required,
                           value=values.get(column.name, ""), choices=choices,
                           hint=" ".join(filter(None, [KINDS[column.kind].hint, typed, f"Kolom: {column.name}."])),
                           error=errors.get(column.name),
                           multiline=column.kind is Kind.TEXT and column.max_length > 200 and not column.key,
                           readonly=editing and column.key))
    return fields


def _form_page(request: Request, spec: TableSpec, *, values: Mapping[str, str], key: Sequence[str] | None = None,
               versie: str | None = None, refusal: WriteRefused | None = None) -> HTMLResponse:
    problems = refusal.problems if refusal is not None else []
    editing = key is not None
    title = f"{spec.label}: {'wijzigen' if editing else 'toevoegen'}"
    response = render(request, "registers_formulier.html", None, title, spec=spec,
                      fields=_fields(request, spec, values, problems, editing), key=list(key or []), versie=versie,
                      refusal=refusal, general=[p.message for p in problems if p.column not in spec_columns(spec)],
                      delete_url=_url(spec, "verwijderen", key) if editing else None)
    if refusal is not None:
        response.status_code = refusal.status
    return response


def spec_columns(spec: TableSpec) -> set[str]:
    return {column.name for column in spec.columns}


def _url(spec: TableSpec, action: str, key: Sequence[Any] | None = None, **extra: str) -> str:
    query = [("sleutel", _display(part)) for part in key or []] + list(extra.items())
    return f"/registers/{spec.name}/{action}" + (f"?{urlencode(query)}" if query else "")


def _delete_page(request: Request, spec: TableSpec, parts: Sequence[str], *, versie: str | None, label: str,
                 refusal: WriteRefused | None = None) -> HTMLResponse:
    response = render(request, "registers_verwijderen.html", None, f"{spec.label}: verwijderen", spec=spec,
                      key=parts, versie=versie, label=label, back_url=_url(spec, "wijzigen", parts), refusal=refusal)
    if refusal is not None:
        response.status_code = refusal.status
    return response


def _if_match(form: FormData) -> str | None:
    """The version the form was opened at (its hidden field versie), if it says one."""
    versie = form.get("versie")
    return versie if isinstance(versie, str) and versie else None


def _values(spec: TableSpec, form: FormData) -> dict[str, str | None]:
    """The submitted fields, blank as None (unknown, as an empty cell in the import)."""
    values: dict[str, str | None] = {}
    for column in spec.columns:
        raw = form.get(f"v_{column.name}")
        text = raw if isinstance(raw, str) else ""
        values[column.name] = text if text.strip() else None
    return values


def _texts(values: Mapping[str, str | None]) -> dict[str, str]:
    return {name: value or "" for name, value in values.items()}


def _key_parts(request: Request, form: FormData | None = None) -> list[str]:
    source = form.getlist("sleutel") if form is not None else request.query_params.getlist("sleutel")
    return [part for part in source if isinstance(part, str)]


def _stored(request: Request, tabel: str) -> tuple[TableSpec, list[str], Any, str]:
    """The table, the key in the query, and the record it names with its ETag; 404 when there is no such record."""
    spec, _ = _spec(request, tabel)
    parts = _key_parts(request)
    try:
        key = parse_key(spec, parts)
        found = get_record(request.app.state.engine, spec.name, key)
    except WriteRefused as refusal:
        raise HTTPException(404) from refusal
    if found is None:
        raise HTTPException(404)
    return spec, parts, found[0], found[1]


def _editable(request: Request, principal: Principal, spec: TableSpec, records: list[Any]) -> list[Any]:
    """A partner sees only the records of its own organisation; other roles every record (of their programme, for
    an account limited to one: issue 20)."""
    if principal.programma is not None:
        records = [record for record in records if in_programme(principal, spec.name, row_values(spec, record))]
    if principal.rol is not Rol.PARTNER or spec.name == "bronnen":
        return records
    verstrekkers: dict[Any, Any] = {}
    if spec.name == PARTNER_OWNERSHIP_VIA_GELDSTROOM:
        with request.app.state.engine.connect() as connection:
            verstrekkers = {g.id: g.verstrekker
                            for g in reads.load_records(connection, TABLES_BY_NAME["geldstromen"])}
    return [record for record in records
            if may_write(principal, spec.name, row_values(spec, record), verstrekkers.get(getattr(record, "geldstroom",
                                                                                                  None)))]


@router.get("/registers", response_class=HTMLResponse)
def registers(request: Request, principal: Principal = Schrijver) -> HTMLResponse:
    mine = [spec for spec in REGISTERS if can_write_table(principal, spec.name)]
    return render(request, "registers.html", None, "Gegevens bijhouden", registers=mine)


@router.get("/registers/{tabel}", response_class=HTMLResponse)
def register(request: Request, tabel: str, gedaan: str | None = None) -> HTMLResponse:
    """One page of the records this principal may change (a register such as waarnemingen holds millions of rows
    at national size: a page is read from the store, not the whole table)."""
    spec, principal = _spec(request, tabel)
    with request.app.state.engine.connect() as connection:
        if writes_every_record(principal, spec.name, "programma" in spec_columns(spec)):
            pages = paginering(request, reads.count(connection, spec, {}))
            records = reads.select_records(connection, spec, {}, limit=pages.per_pagina, offset=pages.offset)
        else:  # record by record; the tables a partner or a limited account keeps are small
            editable = _editable(request, principal, spec, reads.load_records(connection, spec))
            pages = paginering(request, len(editable))
            records = editable[pages.offset:pages.offset + pages.per_pagina]
    rows = [(", ".join(_display(part) for part in spec.key_of(record)), _label(record),
             _url(spec, "wijzigen", spec.key_of(record))) for record in records]
    return render(request, "registers_lijst.html", None, spec.label, spec=spec, rows=rows, paginering=pages,
                  gedaan=GEDAAN.get(gedaan or ""), new_url=_url(spec, "nieuw"))


@router.get("/registers/{tabel}/nieuw", response_class=HTMLResponse)
def nieuw_formulier(request: Request, tabel: str) -> HTMLResponse:
    spec, _ = _spec(request, tabel)
    defaults = {column.name: _display(column.default) for column in spec.columns}
    return _form_page(request, spec, values=defaults)


@router.post("/registers/{tabel}/nieuw", response_class=HTMLResponse)
def nieuw(request: Request, tabel: str, form: FormData = Formulier) -> Response:
    spec, principal = _spec(request, tabel)
    values = _values(spec, form)
    try:
        save_record(request.app.state.engine, principal, audit_context(request, principal), spec.name, values)
    except WriteRefused as refusal:
        return _form_page(request, spec, values=_texts(values), refusal=refusal)
    return RedirectResponse(f"/registers/{spec.name}?gedaan=aangemaakt", status_code=303)


@router.get("/registers/{tabel}/wijzigen", response_class=HTMLResponse)
def wijzigen_formulier(request: Request, tabel: str) -> HTMLResponse:
    spec, parts, record, etag = _stored(request, tabel)
    values = {name: _display(value) for name, value in row_values(spec, record).items()}
    return _form_page(request, spec, values=values, key=parts, versie=etag)


@router.post("/registers/{tabel}/wijzigen", response_class=HTMLResponse)
def wijzigen(request: Request, tabel: str, form: FormData = Formulier) -> Response:
    spec, principal = _spec(request, tabel)
    parts, values, versie = _key_parts(request, form), _values(spec, form), _if_match(form)
    try:
        key = parse_key(spec, parts)
        save_record(request.app.state.engine, principal, audit_context(request, principal), spec.name, values,
                    key=key, if_match=versie)
    except WriteRefused as refusal:
        return _form_page(request, spec, values=_texts(values), key=parts, versie=versie, refusal=refusal)
    return RedirectResponse(f"/registers/{spec.name}?gedaan=gewijzigd", status_code=303)


@router.get("/registers/{tabel}/verwijderen", response_class=HTMLResponse)
def verwijderen_formulier(request: Request, tabel: str) -> HTMLResponse:
    spec, parts, record, etag = _stored(request, tabel)
    return _delete_page(request, spec, parts, versie=etag, label=_label(record))


@router.post("/registers/{tabel}/verwijderen", response_class=HTMLResponse)
def verwijderen(request: Request, tabel: str, form: FormData = Formulier) -> Response:
    spec, principal = _spec(request, tabel)
    parts, versie = _key_parts(request, form), _if_match(form)
    try:
        delete_record(request.app.state.engine, principal, audit_context(request, principal), spec.name,
                      parse_key(spec, parts), if_match=versie)
    except WriteRefused as refusal:
        return _delete_page(request, spec, parts, versie=versie, label="", refusal=refusal)
    return RedirectResponse(f"/registers/{spec.name}?gedaan=verwijderd", status_code=303)
