"""Who calls the API: `Authorization: Bearer <token>` with a token from `raadsmonitor token add` (issue 7).

The API takes no session cookie, so a browser cannot be tricked into calling it (no CSRF); a missing
or unknown token is 401 with WWW-Authenticate, a role that may not do something is 403 and is
recorded in the audit trail. Unknown tokens are not: anyone could fill the trail with them; they go
to the log instead (without the token).
"""

from __future__ import annotations

from typing import Annotated, NoReturn

import structlog
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, Engine

from raadsmonitor.domain.access import Principal, can_read_internal
from raadsmonitor.domain.audit import Actie, AuditContext, Kanaal, Resultaat
from raadsmonitor.services import trail
from raadsmonitor.services.reads import Remembered
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.users import principal_for_token, sha256
from raadsmonitor.web.api.problems import ApiProblem

log = structlog.get_logger(__name__)

SCHEME_NAME = "apiToken"
REALM = 'Bearer realm="raadsmonitor"'
bearer = HTTPBearer(auto_error=False, scheme_name=SCHEME_NAME,
                    description="Een API-token van `raadsmonitor token add NAAM`, als `Authorization: Bearer <token>`.")


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def audit_context(request: Request, principal: Principal) -> AuditContext:
    return AuditContext(actor=principal.actor, herkomst=Kanaal.API,
                        adres=request.client.host if request.client else None)


def api_principal(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
    """The token holder; 401 without a valid token. Every signed-in role may read the API."""
    token = _token_of(credentials)
    with engine_of(request).connect() as connection:
        return token_holder(request, connection, token)


async def api_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str:
    """The Bearer token as sent, not yet checked; 401 without one. For reads that check it themselves
    (token_holder) on the connection they read with: one thread hand-off and one connection per request
    instead of two (issue 8: an API read at 32 connections). Async, so it runs without a thread."""
    return _token_of(credentials)


def _token_of(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None:
        raise ApiProblem(401, "Meld u aan met een API-token: Authorization: Bearer <token>.",
                         headers={"WWW-Authenticate": REALM})
    return credentials.credentials


TokenDep = Annotated[str, Depends(api_token)]


def token_holder(request: Request, connection: Connection, token: str,
                 remembered: tuple[Remembered, tuple[int, str]] | None = None) -> Principal:
    """Who holds this token; 401 when it is unknown or revoked or its user is disabled.

    With `remembered` (the app's memory and the store state just read), a valid token's holder is kept for
    that state: revoking a token or disabling a user is a recorded write, which changes the state, so a kept
    holder is never served after it. Unknown tokens are looked up every time and never kept.
    """
    key = ("token", *remembered[1], sha256(token)) if remembered is not None else None
    principal = remembered[0].get(key) if remembered is not None and key is not None else None
    if principal is None:
        principal = principal_for_token(connection, token)
        if principal is not None and remembered is not None and key is not None:
            remembered[0].put(key, principal, remembered[1])
    if principal is None:
        log.warning("api_token_geweigerd", adres=request.client.host if request.client else None)
        raise ApiProblem(401, "Dit API-token is onbekend of ingetrokken, of de gebruiker is uitgeschakeld.",
                         headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'})
    if not can_read_internal(principal):  # pragma: no cover - every role reads; kept for a future role
        refuse(request, principal, "api", "deze rol mag de API niet lezen")
    return principal


PrincipalDep = Annotated[Principal, Depends(api_principal)]


def record_refusal(request: Request, principal: Principal, object_name: str, reason: str) -> None:
    """Append the refused authorisation to the audit trail (BIO 8.15, ASVS V16), in its own transaction."""
    event = audit_context(request, principal).event(
        Actie.TOEGANG, object_name, Resultaat.GEWEIGERD,
        toelichting=f"{request.method} {request.url.path}: {reason}")
    with write_transaction(engine_of(request)) as connection:
        trail.append(connection, event)


def refuse(request: Request, principal: Principal, object_name: str, reason: str) -> NoReturn:
    """Record the refusal and raise 403 with the reason."""
    record_refusal(request, principal, object_name, reason)
    raise ApiProblem(403, f"Uw rol ({principal.rol.label if principal.rol else 'geen'}) mag dit niet: {reason}.")
