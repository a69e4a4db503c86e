"""The OpenAPI 3 document of the JSON API: served at /api/openapi.json, the API alone, fully described."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.domain.catalogue import TABLES
from raadsmonitor.web.api import openapi_document
from raadsmonitor.web.app import create_app


@pytest.fixture
def document(engine: Engine) -> dict[str, Any]:
    response = TestClient(create_app(engine)).get("/api/openapi.json")
    assert response.status_code == 200
    served: dict[str, Any] = response.json()
    return served


def test_the_document_is_openapi_3_and_holds_only_the_api(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.")
    assert document == openapi_document()
    assert all(path.startswith("/api/v1/") for path in document["paths"])
    assert "/api/v1/auditspoor" in document["paths"]


def test_every_table_has_its_collection_and_its_records_by_key(document: dict[str, Any]) -> None:
    paths = document["paths"]
    assert set(paths["/api/v1/geldstromen"]) == {"get", "post"}
    assert set(paths["/api/v1/geldstromen/{id}"]) == {"get", "put", "delete"}
    assert set(paths["/api/v1/waarnemingen/{indicator}/{gebied}/{periode}"]) == {"get", "put", "delete"}
    assert len(paths) == 2 * len(TABLES) + 2  # and the audit trail and the register
    assert set(paths["/api/v1/register"]) == {"get"}


def test_the_token_scheme_and_the_refusals_are_documented(document: dict[str, Any]) -> None:
    assert document["components"]["securitySchemes"]["apiToken"] == {
        "type": "http", "scheme": "bearer", "description": document["components"]["securitySchemes"]["apiToken"][
            "description"]}
    put = document["paths"]["/api/v1/geldstromen/{id}"]["put"]
    assert put["security"] == [{"apiToken": []}]
    assert {"401", "403", "404", "409", "412", "422", "428"} <= set(put["responses"])
    assert put["responses"]["412"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/Probleem"}
    assert put["responses"]["200"]["headers"]["ETag"]["required"] is True


def test_each_table_has_a_record_and_an_input_schema_from_its_columns(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    geldstroom = schemas["Geldstroom"]["properties"]
    assert geldstroom["totaalbedrag"]["anyOf"][0]["type"] == "string"  # an amount is exact text, or null
    assert schemas["GeldstroomInvoer"]["additionalProperties"] is False
    assert "id" in schemas["GeldstroomInvoer"]["required"]
    assert schemas["GeldstroomLijst"]["required"] == ["totaal", "limiet", "volgende", "resultaten"]


def test_the_html_pages_keep_their_own_addresses_without_a_document(engine: Engine) -> None:
    client = TestClient(create_app(engine))
    assert client.get("/openapi.json").status_code == 404
    assert client.get("/docs").status_code == 404
    assert "text/html" in client.get("/docs").headers["content-type"]
