"""Problem responses of the JSON API (RFC 9457): type, title, status, detail, and per field what is wrong.

Everything a client's user may read is Dutch: the title, the detail and each field's message, which
names the column (or parameter) it is about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

MEDIA_TYPE = "application/problem+json"

# status -> (type, Dutch title)
KINDS: Mapping[int, tuple[str, str]] = {
    400: ("ongeldig-verzoek", "Ongeldig verzoek"),
    401: ("niet-aangemeld", "Niet aangemeld"),
    403: ("geen-toegang", "Geen toegang"),
    404: ("niet-gevonden", "Niet gevonden"),
    405: ("methode-niet-toegestaan", "Methode niet toegestaan"),
    409: ("conflict", "Conflict met de opgeslagen gegevens"),
    412: ("verouderde-versie", "Verouderde versie"),
    415: ("verkeerd-formaat", "Verkeerd formaat"),
    422: ("ongeldige-gegevens", "Ongeldige gegevens"),
    428: ("if-match-vereist", "If-Match vereist"),
    500: ("interne-fout", "Interne fout"),
}

DEFAULT_DETAIL: Mapping[int, str] = {
    404: "Dit adres bestaat niet in de API.",
    405: "Deze methode is op dit adres niet toegestaan.",
    500: "Er ging iets mis aan onze kant.",
}


class ApiProblem(Exception):
    """Raised by an API route; rendered as problem JSON with the given status."""

    def __init__(self, status: int, detail: str, fouten: Sequence[Mapping[str, Any]] = (),
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.fouten = list(fouten)
        self.headers = dict(headers or {})


def problem_type(status: int) -> str:
    return f"urn:raadsmonitor:probleem:{KINDS.get(status, KINDS[400])[0]}"


def problem_body(status: int, detail: str, fouten: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    body: dict[str, Any] = {"type": problem_type(status), "title": KINDS.get(status, KINDS[400])[1],
                            "status": status, "detail": detail}
    if fouten:
        body["fouten"] = list(fouten)
    return body


def problem_response(status: int, detail: str, fouten: Sequence[Mapping[str, Any]] = (),
                     headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(problem_body(status, detail, fouten), status_code=status, media_type=MEDIA_TYPE,
                        headers=dict(headers or {}))


def field_error(veld: str | None, melding: str, plaats: str = "body") -> dict[str, Any]:
    """One thing wrong: the column or parameter (veld), where it was (body, query, path, header), why."""
    return {"veld": veld, "in": plaats, "melding": melding}


def is_api_request(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def api_problem_handler(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiProblem)
    return problem_response(error.status, error.detail, error.fouten, error.headers)


def _dutch(error: Mapping[str, Any]) -> str:
    """FastAPI's checks of query parameters and headers, in Dutch (the body is checked by schemas.py)."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return "ontbreekt"
    if kind == "int_parsing" or kind == "int_type":
        return "moet een geheel getal zijn"
    if kind == "greater_than_equal":
        return f"moet minstens {context.get('ge')} zijn"
    if kind == "less_than_equal":
        return f"mag hoogstens {context.get('le')} zijn"
    if kind == "json_invalid":
        return "is geen geldige JSON"
    return "heeft een ongeldige waarde"


def validation_problem(error: RequestValidationError) -> JSONResponse:
    fouten = []
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ())]
        plaats = location[0] if location else "body"
        fouten.append(field_error(location[-1] if len(location) > 1 else None, _dutch(item), plaats))
    return problem_response(400, "Het verzoek klopt niet; zie de fouten per veld.", fouten)
