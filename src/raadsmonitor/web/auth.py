"""Who is visiting, what they may see, and protection of every form (issue 7).

Every page needs a signed-in role unless the setting RAADSMONITOR_PUBLIEKE_PAGINAS publishes it
read-only; every POST carries a CSRF token; every refused authorisation is written to the audit trail.
The rules themselves live in domain/access.py; this module is the web door to them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from raadsmonitor.config import settings
from raadsmonitor.config.clock import Clock, SystemClock
from raadsmonitor.domain.access import ANONYMOUS, Gebruiker, Principal
from raadsmonitor.domain.audit import Actie, AuditContext, Kanaal, Resultaat
from raadsmonitor.services import trail
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.sessions import TOUCH_AFTER, SessionLimits, Throttle, find_session, touch_session

SESSION_COOKIE = "rm_sessie"
CSRF_COOKIE = "rm_csrf"
CSRF_FIELD = "csrf"
ENV_PUBLIC = settings.variable_of("publieke_paginas")
ENV_SECURE = settings.variable_of("secure_cookies")
ALL_PAGES = "*"
# Reachable without signing in whatever the setting: the way in, the accessibility statement (the law
# asks it to be public), the stylesheet and the health check for hosting.
OPEN_PATHS = ("/aanmelden", "/toegankelijkheid", "/static", "/gezondheid")
# The JSON API authenticates each request with a Bearer token (no cookies), so it needs no CSRF token
# and guards its own routes.
API_PREFIX = "/api"
CSRF_REFUSED = "csrf"


@dataclass(frozen=True)
class WebSettings:
    """How the web door is set up: which pages are public, cookie security, session and throttling limits."""

    public_pages: tuple[str, ...] = ()
    secure_cookies: bool | None = None  # None: Secure exactly when the request came over https
    limits: SessionLimits = field(default_factory=SessionLimits)
    throttle: Throttle = field(default_factory=Throttle)
    programma: str | None = None  # the programme of pages without /programma/<id> when the store holds several

    @classmethod
    def from_environment(cls, default_public: str = "") -> WebSettings:
        chosen = settings.current()
        return cls(public_pages=chosen.public_pages(parse_public_pages(default_public)),
                   secure_cookies=chosen.secure_cookies, programma=chosen.programma)

    def is_public(self, path: str) -> bool:
        """Whether a page is published to anonymous visitors: "/" publishes the start page only."""
        for prefix in self.public_pages:
            if prefix == ALL_PAGES or path == prefix or (prefix != "/" and path.startswith(prefix.rstrip("/") + "/")):
                return True
        return False


# `raadsmonitor demo`: the demo holds figures from a public report, so every page is readable without an account.
DEMO_SETTINGS = WebSettings(public_pages=(ALL_PAGES,))


def parse_public_pages(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip().startswith(("/", ALL_PAGES)))


@dataclass(frozen=True)
class Visit:
    """What a request knows about its visitor: the principal, and the session behind it if any."""

    principal: Principal
    session_id: str | None = None
    user: Gebruiker | None = None
    awaiting_second_factor: bool = False  # password given, TOTP code not yet


def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def clock_of(request: Request) -> Clock:
    """The app's clock (create_app's `clock`, else the system's)."""
    clock: Clock | None = getattr(request.app.state, "clock", None)
    return clock if clock is not None else SystemClock()


def now_for(request: Request) -> datetime:
    return clock_of(request).now()


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def audit_context(request: Request, principal: Principal) -> AuditContext:
    return AuditContext(actor=principal.actor, herkomst=Kanaal.WEB, adres=client_address(request))


def visit(request: Request) -> Visit:
    """The visitor of this request (read once per request from the session cookie)."""
    found: Visit | None = getattr(request.state, "visit", None)
    if found is None:
        found = _read_visit(request)
        request.state.visit = found
    return found


def _read_visit(request: Request) -> Visit:
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return Visit(ANONYMOUS)
    engine, now, limits = request.app.state.engine, now_for(request), settings_of(request).limits
    with engine.connect() as connection:
        sessie = find_session(connection, session_id, now=now, limits=limits)
    if sessie is None:
        request.state.clear_session_cookie = True
        return Visit(ANONYMOUS)
    if now - sessie.laatst_gezien >= TOUCH_AFTER:
        with write_transaction(engine) as connection:
            touch_session(connection, session_id, now)
    if sessie.gebruiker.needs_second_factor and not sessie.tweede_factor:
        return Visit(ANONYMOUS, session_id, sessie.gebruiker, awaiting_second_factor=True)
    return Visit(sessie.gebruiker.principal, session_id, sessie.gebruiker)


def current_principal(request: Request) -> Principal:
    return visit(request).principal


def csrf_token(request: Request) -> str:
    """The token every form of this visitor carries.

    With a session it is derived from the session id (HMAC), which only the visitor's browser and
    the server know; before sign-in it is a random value also set as a cookie (double submit).
    """
    session_id = visit(request).session_id
    if session_id:
        return hmac.new(session_id.encode(), b"csrf", hashlib.sha256).hexdigest()
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf_cookie", None)
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf_cookie = token
    return token


def secure_cookies(request: Request) -> bool:
    configured = settings_of(request).secure_cookies
    return configured if configured is not None else request.url.scheme == "https"


def finish_response(request: Request, response: Response) -> None:
    """Set or clear the cookies this request decided on (called for every response)."""
    secure = secure_cookies(request)
    if token := getattr(request.state, "new_csrf_cookie", None):
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/")
    if getattr(request.state, "clear_session_cookie", False):
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure)


def set_session_cookie(request: Request, response: Response, session_id: str) -> None:
    response.set_cookie(SESSION_COOKIE, session_id, httponly=True, samesite="lax", secure=secure_cookies(request),
                        path="/")


def safe_target(target: str | None) -> str:
    """Where to go after sign-in: only a path on this site, never another site (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return "/"
    return target


class SignInRequired(Exception):
    """An anonymous visitor asked for a page that needs a role: send them to the sign-in page."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


def sign_in_url(target: str) -> str:
    return "/aanmelden?volgende=" + quote(safe_target(target), safe="")


def refuse(request: Request, principal: Principal, reason: str = "geen recht voor deze rol") -> None:
    """Record the refusal in the audit trail and answer 403."""
    event = audit_context(request, principal).event(Actie.TOEGANG, f"{request.method} {request.url.path}",
                                                    Resultaat.GEWEIGERD, toelichting=reason)
    with write_transaction(request.app.state.engine) as connection:
        trail.append(connection, event)
    raise HTTPException(403, detail=CSRF_REFUSED if reason == CSRF_REASON else None)


CSRF_REASON = "formulier zonder geldig CSRF-token"


def _target(request: Request) -> str:
    from raadsmonitor.web.programme import prefix_of

    return prefix_of(request) + request.url.path + (f"?{request.url.query}" if request.url.query else "")


def _check_page(request: Request) -> Visit:
    path, current = request.url.path, visit(request)
    if any(path == prefix or path.startswith(prefix + "/") for prefix in (API_PREFIX, *OPEN_PATHS)):
        return current
    if request.method in ("GET", "HEAD"):
        if current.principal.signed_in or settings_of(request).is_public(path):
            return current
        raise SignInRequired(_target(request))
    if not current.principal.signed_in:
        refuse(request, current.principal, "niet aangemeld")
    return current


async def guard(request: Request) -> None:
    """The application-wide dependency: page access, then the CSRF token of every form sent."""
    current = await run_in_threadpool(_check_page, request)
    if request.method in ("GET", "HEAD", "OPTIONS") or request.url.path.startswith(API_PREFIX + "/"):
        return
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = await run_in_threadpool(csrf_token, request)
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
        await run_in_threadpool(refuse, request, current.principal, CSRF_REASON)


def deny(request: Request, principal: Principal, reason: str = "geen recht voor deze rol") -> None:
    """Not for this visitor: an anonymous one is sent to sign in (for a page), anyone else gets 403."""
    if not principal.signed_in and request.method in ("GET", "HEAD"):
        raise SignInRequired(_target(request))
    refuse(request, principal, reason)


def require(check: Callable[[Principal], bool]) -> Any:
    """A route dependency: the principal when `check` allows it; sign-in for anonymous, else 403."""
    def dependency(request: Request) -> Principal:
        principal = current_principal(request)
        if not check(principal):
            deny(request, principal)
        return principal
    return Depends(dependency)
