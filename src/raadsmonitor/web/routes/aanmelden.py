"""Aanmelden en afmelden (issue 7): name and password, then a code for roles that need a second factor.
The steps themselves are in raadsmonitor.services.accounts.signin; this module turns their outcome into pages."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from raadsmonitor.domain.access import ANONYMOUS
from raadsmonitor.services.accounts.signin import Aanmelding, SignInOutcome, confirm_code, sign_in, sign_out
from raadsmonitor.web.auth import (
    Visit,
    audit_context,
    now_for,
    safe_target,
    set_session_cookie,
    settings_of,
    sign_in_url,
    visit,
)
from raadsmonitor.web.rendering import render
from raadsmonitor.web.routes.sso import after_sign_out

router = APIRouter()
MENU: list[tuple[int, str, str]] = []

STATUS = {SignInOutcome.ONJUIST: 401, SignInOutcome.CODE_ONJUIST: 401, SignInOutcome.GEBLOKKEERD: 429,
          SignInOutcome.GEEN_TWEEDE_FACTOR: 403, SignInOutcome.VERLOPEN: 401}


def _page(request: Request, template: str, title: str, volgende: str, melding: str | None = None,
          status_code: int = 200, **context: object) -> HTMLResponse:
    response = render(request, template, None, title, volgende=safe_target(volgende), melding=melding, **context)
    response.status_code = status_code
    return response


def _with_session(request: Request, outcome: Aanmelding, target: str) -> Response:
    """Go on to `target` with the new session's cookie (a new id at every step: no session fixation)."""
    response = RedirectResponse(target, status_code=303)
    if outcome.session_id is not None:
        set_session_cookie(request, response, outcome.session_id)
    return response


def _forget_session(request: Request) -> None:
    """The old session is gone (deleted at sign-in or refused): the page's form gets an anonymous token."""
    if visit(request).session_id is not None:
        request.state.visit = Visit(ANONYMOUS)
        request.state.clear_session_cookie = True


def _code_url(volgende: str) -> str:
    return "/aanmelden/code?volgende=" + quote(safe_target(volgende), safe="")


@router.get("/aanmelden", response_class=HTMLResponse)
def aanmelden_form(request: Request, volgende: str = "/", afgemeld: bool = False) -> Response:
    if visit(request).awaiting_second_factor:
        return RedirectResponse(_code_url(volgende), status_code=303)
    return _page(request, "aanmelden.html", "Aanmelden", volgende, afgemeld=afgemeld)


@router.post("/aanmelden", response_class=HTMLResponse)
def aanmelden(request: Request, naam: Annotated[str, Form(max_length=200)] = "",
              wachtwoord: Annotated[str, Form(max_length=1000)] = "", volgende: Annotated[str, Form()] = "/"
              ) -> Response:
    settings, current = settings_of(request), visit(request)
    outcome = sign_in(request.app.state.engine, audit_context(request, current.principal), naam, wachtwoord,
                      now=now_for(request), limits=settings.limits, throttle=settings.throttle,
                      old_session=current.session_id)
    if outcome.uitkomst is SignInOutcome.AANGEMELD:
        return _with_session(request, outcome, safe_target(volgende))
    if outcome.uitkomst is SignInOutcome.CODE_NODIG:
        return _with_session(request, outcome, _code_url(volgende))
    _forget_session(request)
    return _page(request, "aanmelden.html", "Aanmelden", volgende, outcome.melding, STATUS[outcome.uitkomst],
                 naam=naam)


@router.get("/aanmelden/code", response_class=HTMLResponse)
def code_form(request: Request, volgende: str = "/") -> Response:
    if not visit(request).awaiting_second_factor:
        return RedirectResponse(sign_in_url(volgende), status_code=303)
    return _page(request, "aanmelden_code.html", "Code invullen", volgende)


@router.post("/aanmelden/code", response_class=HTMLResponse)
def code(request: Request, code: Annotated[str, Form(max_length=20)] = "",
         volgende: Annotated[str, Form()] = "/") -> Response:
    settings, current = settings_of(request), visit(request)
    if not current.awaiting_second_factor or current.session_id is None:
        return _page(request, "aanmelden.html", "Aanmelden", volgende, "Uw aanmelding is verlopen. Meld u opnieuw aan.",
                     401)
    outcome = confirm_code(request.app.state.engine, audit_context(request, current.principal), current.session_id,
                           code, now=now_for(request), limits=settings.limits, throttle=settings.throttle)
    if outcome.uitkomst is SignInOutcome.AANGEMELD:
        return _with_session(request, outcome, safe_target(volgende))
    if outcome.uitkomst is SignInOutcome.CODE_ONJUIST:
        return _page(request, "aanmelden_code.html", "Code invullen", volgende, outcome.melding, 401)
    _forget_session(request)
    return _page(request, "aanmelden.html", "Aanmelden", volgende, outcome.melding, STATUS[outcome.uitkomst])


@router.post("/afmelden")
async def afmelden(request: Request) -> Response:
    current = await run_in_threadpool(visit, request)
    if current.session_id is not None and current.user is not None:
        await run_in_threadpool(sign_out, request.app.state.engine, audit_context(request, current.principal),
                                current.session_id, current.user.naam)
    request.state.clear_session_cookie = True
    # Signed in through the organisation's provider: end its session too (issue 21).
    return await run_in_threadpool(after_sign_out, request, RedirectResponse("/aanmelden?afgemeld=1", status_code=303))
