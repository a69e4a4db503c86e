"""`raadsmonitor audit verify|list`: check and read the tamper-evident audit trail (issue 7)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from raadsmonitor.commands._shared import DbOption, TextFormat, engine_or_exit
from raadsmonitor.domain.audit import AuditRecord
from raadsmonitor.presentation.formatting import aantal, format_tijdstip
from raadsmonitor.services import trail

audit_app = typer.Typer(help="Het auditspoor: wie wat wanneer veranderde, met controle op knoeien.",
                        no_args_is_help=True)


@audit_app.command("verify")
def verify_command(verwacht: Annotated[str | None, typer.Option(
                       "--verwacht", help="Hash van de laatste regel zoals elders bewaard (SECURITY.md)")] = None,
                   db: DbOption = None) -> None:
    """Controleer de hele keten: elke gewijzigde, verwijderde of verplaatste regel wordt gevonden."""
    with engine_or_exit(db, create=False).connect() as connection:
        problems = trail.verify(connection, expected_head=verwacht)
        number, last_hash = trail.head(connection)
    for problem in problems:
        typer.echo(f"fout: {problem}", err=True)
    if problems:
        typer.echo(f"Het auditspoor is NIET intact: {aantal(len(problems), 'probleem', 'problemen')}.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Het auditspoor is intact: {aantal(number, 'regel', 'regels')}; hash van de laatste regel: "
               f"{last_hash}")


def _line(record: AuditRecord) -> str:
    parts = [str(record.volgnummer), format_tijdstip(record.tijdstip), record.actor, record.herkomst,
             record.actie, record.object, record.resultaat]
    if record.toelichting:
        parts.append(record.toelichting)
    return "\t".join(parts)


@audit_app.command("list")
def list_command(laatste: Annotated[int, typer.Option("--laatste", min=1, help="Aantal regels, nieuwste eerst")] = 50,
                 fmt: Annotated[TextFormat, typer.Option("--format", help="text of json")] = TextFormat.text,
                 db: DbOption = None) -> None:
    """Toon de laatste regels van het auditspoor."""
    with engine_or_exit(db, create=False).connect() as connection:
        records = list(trail.iter_records(connection, limit=laatste, newest_first=True))
    if fmt is TextFormat.json:
        rows = [{name: getattr(record, name) for name in AuditRecord.__dataclass_fields__} for record in records]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for record in records:
        typer.echo(_line(record))


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
