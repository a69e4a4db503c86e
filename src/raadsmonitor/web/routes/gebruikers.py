"""Gebruikers (issue 7): the beheerder adds accounts, changes roles and disables accounts. The same store
functions as `raadsmonitor users`; every change is in the audit trail with the beheerder as actor.
The second factor is set up on the command line (`raadsmonitor users totp`), where its secret is shown once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from raadsmonitor.analysis.programme.scope import focus_programmes
from raadsmonitor.domain.access import Principal, Rol, can_manage_users
from raadsmonitor.domain.programme import Organisatie
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.store.users import UserError, add_user, list_users, set_active, set_role
from raadsmonitor.web.auth import audit_context, require
from raadsmonitor.web.rendering import render

router = APIRouter()
MENU = [(96, "/gebruikers", "Gebruikers")]
MENU_ACCESS = can_manage_users
Beheerder = require(can_manage_users)
GEDAAN = {"aangemaakt": "De gebruiker is aangemaakt.", "rol": "De rol is gewijzigd.",
          "uit": "De gebruiker is uitgeschakeld; open sessies en API-tokens vervallen.",
          "aan": "De gebruiker is weer ingeschakeld."}


def _page(request: Request, status_code: int = 200, fout: str | None = None, gedaan: str | None = None,
          invoer: dict[str, str] | None = None) -> HTMLResponse:
    engine = request.app.state.engine
    with engine.connect() as connection:
        users = list_users(connection)
    records = StoreRecords(engine)
    organisaties = sorted(records.all(Organisatie), key=lambda o: o.naam.lower())
    response = render(request, "gebruikers.html", None, "Gebruikers", users=users, rollen=list(Rol),
                      organisaties=organisaties, programmas=focus_programmes(records), fout=fout,
                      gedaan=GEDAAN.get(gedaan or ""), invoer=invoer or {})
    response.status_code = status_code
    return response


def _done(code: str) -> RedirectResponse:
    return RedirectResponse(f"/gebruikers?gedaan={code}", status_code=303)


def _rol(value: str) -> Rol:
    try:
        return Rol(value)
    except ValueError as error:
        raise UserError(f"'{value}' is geen rol") from error


@router.get("/gebruikers", response_class=HTMLResponse)
def gebruikers(request: Request, gedaan: str | None = None, principal: Principal = Beheerder) -> HTMLResponse:
    return _page(request, gedaan=gedaan)


@router.post("/gebruikers", response_class=HTMLResponse)
def toevoegen(request: Request, naam: Annotated[str, Form(max_length=100)], rol: Annotated[str, Form()],
              wachtwoord: Annotated[str, Form(max_length=200)], organisatie: Annotated[str, Form()] = "",
              weergavenaam: Annotated[str, Form(max_length=200)] = "", programma: Annotated[str, Form()] = "",
              principal: Principal = Beheerder) -> Response:
    try:
        with write_transaction(request.app.state.engine) as connection:
            add_user(connection, audit_context(request, principal), naam=naam, rol=_rol(rol), wachtwoord=wachtwoord,
                     organisatie=organisatie or None, weergavenaam=weergavenaam or None, programma=programma or None)
    except UserError as error:
        return _page(request, 422, fout=str(error), invoer={"naam": naam, "rol": rol, "organisatie": organisatie,
                                                            "weergavenaam": weergavenaam, "programma": programma})
    return _done("aangemaakt")


@router.post("/gebruikers/{naam}/rol", response_class=HTMLResponse)
def rol_wijzigen(request: Request, naam: str, rol: Annotated[str, Form()], organisatie: Annotated[str, Form()] = "",
                 programma: Annotated[str, Form()] = "", principal: Principal = Beheerder) -> Response:
    try:
        with write_transaction(request.app.state.engine) as connection:
            set_role(connection, audit_context(request, principal), naam, _rol(rol), organisatie or None,
                     programma or None)
    except UserError as error:
        return _page(request, 422, fout=f"{naam}: {error}")
    return _done("rol")


@router.post("/gebruikers/{naam}/actief", response_class=HTMLResponse)
def actief(request: Request, naam: str, actief: Annotated[str, Form()], principal: Principal = Beheerder) -> Response:
    if naam == principal.gebruiker and actief != "ja":
        return _page(request, 422, fout="U kunt uw eigen account niet uitschakelen.")
    try:
        with write_transaction(request.app.state.engine) as connection:
            set_active(connection, audit_context(request, principal), naam, actief == "ja")
    except UserError as error:
        return _page(request, 422, fout=f"{naam}: {error}")
    return _done("aan" if actief == "ja" else "uit")
