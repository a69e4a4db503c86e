"""Eenmalig aanmelden (issue 21): the browser's side of the OpenID Connect authorization-code flow.

The steps are raadsmonitor.services.accounts.sso; this module keeps the flow's state, nonce and PKCE verifier in a
short-lived cookie of its own between the two requests, turns the outcome into a session or a Dutch page, and ends the
provider's session too at sign-out. Everything here is under /aanmelden, which needs no sign-in.
"""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from raadsmonitor.domain.access import ANONYMOUS
from raadsmonitor.services.accounts import sso
from raadsmonitor.web import metrics
from raadsmonitor.web.auth import (
    Visit,
    audit_context,
    now_for,
    safe_target,
    secure_cookies,
    set_session_cookie,
    settings_of,
    visit,
)
from raadsmonitor.web.rendering import TEMPLATES, render

router = APIRouter()
MENU: list[tuple[int, str, str]] = []

STEP_COOKIE = "rm_sso_stap"
ID_COOKIE = "rm_sso_id"
START = "/aanmelden/sso"
CALLBACK = "/aanmelden/sso/terug"
UNREACHABLE = ("De aanmeldvoorziening van uw organisatie is nu niet bereikbaar, dus aanmelden met uw "
               "organisatie-account lukt even niet. Probeer het over enkele minuten opnieuw. Heeft u een eigen "
               "account voor de monitor, dan kunt u zich hieronder ook met naam en wachtwoord aanmelden.")
STALE = "Uw aanmelding is verlopen of niet in deze browser begonnen. Probeer het opnieuw."
CANCELLED = "De aanmelding bij uw organisatie is afgebroken of geweigerd. U bent niet aangemeld."


def provider_of(request: Request) -> sso.Provider | None:
    """The provider of this app (app.state.sso_provider, made by create_app from RAADSMONITOR_OIDC_CONFIG)."""
    provider: sso.Provider | None = getattr(request.app.state, "sso_provider", None)
    return provider


def button_text(request: Request) -> str | None:
    provider = provider_of(request)
    return provider.config.knoptekst if provider is not None else None


TEMPLATES.env.globals["sso_knop"] = button_text


def _page(request: Request, melding: str, status_code: int, volgende: str = "/") -> HTMLResponse:
    response = render(request, "aanmelden.html", None, "Aanmelden", volgende=safe_target(volgende), melding=melding)
    response.status_code = status_code
    return response


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _redirect_uri(request: Request, provider: sso.Provider) -> str:
    return provider.config.redirect_uri or _base(request) + CALLBACK


def _failed(request: Request, reden: str, melding: str, status_code: int, volgende: str = "/") -> HTMLResponse:
    metrics.count_sign_in_failure("sso")
    sso.record_failure(request.app.state.engine, audit_context(request, ANONYMOUS), reden)
    response = _page(request, melding, status_code, volgende)
    response.delete_cookie(STEP_COOKIE, path=START, httponly=True, samesite="lax", secure=secure_cookies(request))
    return response


@router.get(START, response_class=HTMLResponse)
def begin(request: Request, volgende: str = "/") -> Response:
    provider = provider_of(request)
    if provider is None:
        raise HTTPException(404)
    try:
        step = sso.start(provider, _redirect_uri(request, provider))
    except sso.ProviderUnreachable as error:
        return _failed(request, f"sso: aanmeldvoorziening niet bereikbaar ({error})", UNREACHABLE, 503, volgende)
    kept = json.dumps({"state": step.state, "nonce": step.nonce, "verifier": step.verifier,
                       "volgende": safe_target(volgende)}).encode()
    response = RedirectResponse(step.url, status_code=303)
    # Lax: the provider sends the browser back with a top-level GET from its own site.
    response.set_cookie(STEP_COOKIE, base64.urlsafe_b64encode(kept).decode(), max_age=600, httponly=True,
                        samesite="lax", secure=secure_cookies(request), path=START)
    return response


def _kept(request: Request) -> dict[str, Any] | None:
    try:
        found = json.loads(base64.urlsafe_b64decode(request.cookies.get(STEP_COOKIE, "").encode()))
    except ValueError:
        return None
    return found if isinstance(found, dict) and all(isinstance(found.get(name), str)
                                                    for name in ("state", "nonce", "verifier", "volgende")) else None


@router.get(CALLBACK, response_class=HTMLResponse)
def back(request: Request, code: str = "", state: str = "", error: str = "") -> Response:
    provider = provider_of(request)
    if provider is None:
        raise HTTPException(404)
    kept = _kept(request)
    volgende = kept["volgende"] if kept else "/"
    if error:
        return _failed(request, f"sso: de aanmeldvoorziening meldde '{error[:100]}'", CANCELLED, 401, volgende)
    if kept is None or not state or not secrets.compare_digest(state.encode(), kept["state"].encode()) or not code:
        return _failed(request, "sso: state ontbreekt of klopt niet", STALE, 400, volgende)
    engine, context = request.app.state.engine, audit_context(request, ANONYMOUS)
    try:
        tokens = provider.exchange(code, kept["verifier"], _redirect_uri(request, provider))
        claims = provider.id_claims(str(tokens["id_token"]), kept["nonce"])
        if provider.config.groepen_claim not in claims:  # some providers give groups at userinfo only
            extra = provider.userinfo(tokens.get("access_token"))
            if extra.get("sub") == claims["sub"]:
                claims = {**extra, **claims}
        settings = settings_of(request)
        done = sso.complete(engine, context, provider.config, claims, now=now_for(request), limits=settings.limits,
                            old_session=visit(request).session_id)
    except sso.ProviderUnreachable as unreachable:
        return _failed(request, f"sso: aanmeldvoorziening niet bereikbaar ({unreachable})", UNREACHABLE, 503,
                       volgende)
    except sso.SignInRefused as refused:
        metrics.count_sign_in_failure("sso")
        if "ID-token" in refused.reden or "tokenverzoek" in refused.reden:
            sso.record_failure(engine, context, "sso: " + refused.reden)
        return _page(request, refused.melding, 403, volgende)
    if visit(request).session_id is not None:  # a session from before is replaced, never reused
        request.state.visit = Visit(ANONYMOUS)
    target = ("/aanmelden/code?volgende=" + quote(volgende, safe="")) if done.code_needed else volgende
    response = RedirectResponse(safe_target(target), status_code=303)
    set_session_cookie(request, response, done.session_id)
    response.delete_cookie(STEP_COOKIE, path=START, httponly=True, samesite="lax", secure=secure_cookies(request))
    response.set_cookie(ID_COOKIE, str(tokens["id_token"]), httponly=True, samesite="lax",
                        secure=secure_cookies(request), path="/")
    return response


def after_sign_out(request: Request, response: RedirectResponse) -> RedirectResponse:
    """After the local sign-out: end the provider's session too, if this visitor came through it."""
    provider = provider_of(request)
    id_token = request.cookies.get(ID_COOKIE)
    if provider is None or id_token is None:
        return response
    back_to = provider.config.post_logout_redirect_uri or _base(request) + "/aanmelden?afgemeld=1"
    try:
        url = sso.sign_out_url(provider, id_token, back_to)
    except sso.ProviderUnreachable:
        url = None  # signed out here; the provider's own session ends when it expires
    redirect = RedirectResponse(url, status_code=303) if url else response
    redirect.delete_cookie(ID_COOKIE, path="/", httponly=True, samesite="lax", secure=secure_cookies(request))
    return redirect
