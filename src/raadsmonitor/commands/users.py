"""`raadsmonitor users ...`: accounts for the web monitor (issue 7). Every change is written to the audit
trail with the operating-system account as actor. A password is never an argument (it would stay in the
shell history and the process list): it is asked twice without echo, or read from stdin for scripts."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from raadsmonitor.commands._shared import DbOption, TextFormat, engine_or_exit
from raadsmonitor.domain.access import Gebruiker, Rol, password_problem
from raadsmonitor.services.accounts.signin import new_totp_secret, provisioning_uri
from raadsmonitor.services.audit_context import local_context
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.users import UserError, add_user, list_users, set_active, set_password, set_role
from raadsmonitor.store.users import set_totp_secret as store_totp_secret

users_app = typer.Typer(help="Accounts voor de monitor: aanmaken, rol wijzigen, uitschakelen, tweede factor.",
                        no_args_is_help=True)

NaamArgument = Annotated[str, typer.Argument(help="Gebruikersnaam (zonder spaties)")]
RolOption = Annotated[Rol, typer.Option("--rol", help="Rol: " + ", ".join(rol.value for rol in Rol),
                                        case_sensitive=False)]
OrganisatieOption = Annotated[str | None, typer.Option(
    "--organisatie", help="Id van de organisatie (verplicht voor een partner)")]
ProgrammaLimitOption = Annotated[str | None, typer.Option(
    "--programma", help="Beperk het account tot dit programma van een focusgebied (sleutel); zonder: alle programma's")]
StdinOption = Annotated[bool, typer.Option(
    "--wachtwoord-stdin", help="Lees het wachtwoord van de standaardinvoer (voor scripts)")]


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"fout: {message}", err=True)
    return typer.Exit(code)


def read_password(from_stdin: bool) -> str:
    """A new password: one line from stdin, or asked twice without echo; refused when too short or long."""
    if from_stdin:
        wachtwoord = sys.stdin.readline().rstrip("\r\n")
    else:
        wachtwoord = typer.prompt("Wachtwoord", hide_input=True)
        if typer.prompt("Herhaal het wachtwoord", hide_input=True) != wachtwoord:
            raise _fail("de twee wachtwoorden zijn niet gelijk; er is niets gewijzigd")
    if problem := password_problem(wachtwoord):
        raise _fail(problem)
    return wachtwoord


def _describe(user: Gebruiker) -> str:
    parts = [user.naam, user.rol.label]
    if user.organisatie:
        parts.append(f"organisatie {user.organisatie}")
    if user.programma:
        parts.append(f"alleen programma {user.programma}")
    parts.append("actief" if user.actief else "uitgeschakeld")
    if user.needs_second_factor:
        parts.append("tweede factor ingesteld" if user.tweede_factor else "tweede factor NIET ingesteld")
    return ", ".join(parts)


@users_app.command("add")
def add_command(naam: NaamArgument, rol: RolOption, organisatie: OrganisatieOption = None,
                weergavenaam: Annotated[str | None, typer.Option("--weergavenaam", help="Naam op de pagina's")] = None,
                programma: ProgrammaLimitOption = None, wachtwoord_stdin: StdinOption = False,
                db: DbOption = None) -> None:
    """Maak een account met een rol; het wachtwoord wordt gevraagd (twee keer, niet zichtbaar)."""
    wachtwoord = read_password(wachtwoord_stdin)
    try:
        with write_transaction(engine_or_exit(db)) as connection:
            user = add_user(connection, local_context(), naam=naam, rol=rol, wachtwoord=wachtwoord,
                            organisatie=organisatie, weergavenaam=weergavenaam, programma=programma)
    except UserError as error:
        raise _fail(str(error)) from error
    typer.echo(f"Gebruiker aangemaakt: {_describe(user)}.")
    if user.needs_second_factor:
        typer.echo(f"Deze rol meldt zich aan met een tweede factor: stel die in met 'raadsmonitor users totp {naam}'.")


@users_app.command("set-role")
def set_role_command(naam: NaamArgument, rol: RolOption, organisatie: OrganisatieOption = None,
                     programma: ProgrammaLimitOption = None, db: DbOption = None) -> None:
    """Geef een account een andere rol (en bij een partner de organisatie, en eventueel één programma)."""
    try:
        with write_transaction(engine_or_exit(db, create=False)) as connection:
            user = set_role(connection, local_context(), naam, rol, organisatie, programma)
    except UserError as error:
        raise _fail(str(error)) from error
    typer.echo(f"Rol gewijzigd: {_describe(user)}.")


def _set_active(naam: str, actief: bool, db: str | None) -> None:
    try:
        with write_transaction(engine_or_exit(db, create=False)) as connection:
            user = set_active(connection, local_context(), naam, actief)
    except UserError as error:
        raise _fail(str(error)) from error
    typer.echo(f"{'Ingeschakeld' if actief else 'Uitgeschakeld'}: {_describe(user)}."
               + ("" if actief else " Open sessies en API-tokens van dit account gelden niet meer."))


@users_app.command("disable")
def disable_command(naam: NaamArgument, db: DbOption = None) -> None:
    """Schakel een account uit: aanmelden kan niet meer, open sessies en API-tokens vervallen."""
    _set_active(naam, False, db)


@users_app.command("enable")
def enable_command(naam: NaamArgument, db: DbOption = None) -> None:
    """Schakel een uitgeschakeld account weer in."""
    _set_active(naam, True, db)


@users_app.command("list")
def list_command(fmt: Annotated[TextFormat, typer.Option("--format", help="text of json")] = TextFormat.text,
                 db: DbOption = None) -> None:
    """Toon alle accounts met rol, organisatie en status (nooit wachtwoorden of geheimen)."""
    with engine_or_exit(db, create=False).connect() as connection:
        users = list_users(connection)
    if fmt is TextFormat.json:
        typer.echo(json.dumps([{"naam": u.naam, "weergavenaam": u.weergavenaam, "rol": u.rol.value,
                                "organisatie": u.organisatie, "programma": u.programma, "actief": u.actief,
                                "tweede_factor": u.tweede_factor}
                               for u in users], ensure_ascii=False, indent=2))
        return
    if not users:
        typer.echo("Er zijn nog geen accounts; maak er een met 'raadsmonitor users add'.")
    for user in users:
        typer.echo(_describe(user))


@users_app.command("totp")
def totp_command(naam: NaamArgument, db: DbOption = None) -> None:
    """Stel een tweede factor (TOTP) in: toont eenmalig de koppeling voor de authenticator-app."""
    geheim = new_totp_secret()
    try:
        with write_transaction(engine_or_exit(db, create=False)) as connection:
            store_totp_secret(connection, local_context(), naam, geheim)
    except UserError as error:
        raise _fail(str(error)) from error
    typer.echo(f"Tweede factor ingesteld voor {naam}. Een eerder ingestelde code-app werkt niet meer.")
    typer.echo("Scan of kopieer deze koppeling in een authenticator-app (wordt maar één keer getoond):")
    typer.echo(provisioning_uri(naam, geheim))
    typer.echo(f"Of voer het geheim met de hand in: {geheim}")


@users_app.command("password")
def password_command(naam: NaamArgument, wachtwoord_stdin: StdinOption = False, db: DbOption = None) -> None:
    """Geef een account een nieuw wachtwoord (gevraagd, niet zichtbaar)."""
    engine = engine_or_exit(db, create=False)
    wachtwoord = read_password(wachtwoord_stdin)
    try:
        with write_transaction(engine) as connection:
            set_password(connection, local_context(), naam, wachtwoord)
    except UserError as error:
        raise _fail(str(error)) from error
    typer.echo(f"Wachtwoord van {naam} gewijzigd.")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
