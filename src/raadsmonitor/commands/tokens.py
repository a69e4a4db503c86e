"""`raadsmonitor token add|revoke|list`: API tokens for the JSON API (issue 7).

A token is shown once, when it is made; the store keeps only its SHA-256. Every change is recorded in
the audit trail with the person at the terminal as actor, never with the token.
"""

from __future__ import annotations

from typing import Annotated

import typer

from raadsmonitor.commands._shared import DbOption, engine_or_exit
from raadsmonitor.presentation.formatting import format_tijdstip
from raadsmonitor.services.audit_context import local_context
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.tokens import ApiToken, list_api_tokens
from raadsmonitor.store.users import UserError, add_api_token, revoke_api_token

token_app = typer.Typer(help="API-tokens voor de JSON-API onder /api/v1.", no_args_is_help=True)


@token_app.command("add")
def add_command(gebruiker: Annotated[str, typer.Argument(help="De gebruiker namens wie het token werkt")],
                naam: Annotated[str | None, typer.Option("--naam", help="Waarvoor het token is, "
                                                                         "bijvoorbeeld 'koppeling begroting'")] = None,
                db: DbOption = None) -> None:
    """Maak een API-token; het wordt één keer getoond en alleen als hash bewaard."""
    try:
        with write_transaction(engine_or_exit(db, create=False)) as connection:
            token_id, token = add_api_token(connection, local_context(), gebruiker, naam)
    except UserError as error:
        typer.echo(f"fout: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"API-token {token_id} gemaakt voor {gebruiker}. Bewaar het nu; het wordt niet opnieuw getoond:")
    typer.echo(token)


@token_app.command("revoke")
def revoke_command(token_id: Annotated[str, typer.Argument(metavar="ID", help="Het nummer uit 'token list'")],
                   db: DbOption = None) -> None:
    """Trek een API-token in; het werkt direct niet meer."""
    try:
        with write_transaction(engine_or_exit(db, create=False)) as connection:
            revoke_api_token(connection, local_context(), token_id)
    except UserError as error:
        typer.echo(f"fout: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"API-token {token_id} is ingetrokken.")


def _line(token: ApiToken) -> str:
    status = "ingetrokken" if token.ingetrokken else "actief"
    return "\t".join([token.id, token.gebruiker, token.naam or "(geen naam)",
                      f"gemaakt {format_tijdstip(token.aangemaakt)}", status])


@token_app.command("list")
def list_command(gebruiker: Annotated[str | None, typer.Option("--gebruiker", help="Alleen van deze gebruiker")]
                 = None, db: DbOption = None) -> None:
    """Toon de API-tokens (nummer, gebruiker, naam, wanneer gemaakt, actief of ingetrokken), nooit de tokens zelf."""
    with engine_or_exit(db, create=False).connect() as connection:
        tokens = list_api_tokens(connection, gebruiker)
    if not tokens:
        typer.echo("Er zijn geen API-tokens.")
    for token in tokens:
        typer.echo(_line(token))


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
