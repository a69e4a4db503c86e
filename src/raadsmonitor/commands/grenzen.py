"""`raadsmonitor import-grenzen`: boundaries of wijken and buurten from a GeoJSON file, all or nothing (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from raadsmonitor.commands._shared import DbOption, TextFormat, clock, engine_or_exit, summary_line
from raadsmonitor.domain.audit import Kanaal
from raadsmonitor.presentation.formatting import aantal
from raadsmonitor.services.audit_context import local_context
from raadsmonitor.sources.grenzen import GrenzenError, read_boundaries
from raadsmonitor.sources.http import Voortgangsregels
from raadsmonitor.store.boundaries import write_boundaries


def register(app: typer.Typer) -> None:
    @app.command("import-grenzen")
    def import_grenzen_command(
        path: Annotated[Path, typer.Argument(help="GeoJSON-bestand met grenzen van gemeenten, wijken of buurten "
                                                  "(PDOK / CBS wijk- en buurtkaart, of met een eigenschap "
                                                  "buurtcode, wijkcode, gemeentecode, statcode of code)")],
        bron: Annotated[str | None, typer.Option(
            "--bron", help="Bronvermelding bij elke grens; standaard de bestandsnaam")] = None,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Alleen controleren, niets opslaan")] = False,
        fmt: Annotated[TextFormat, typer.Option("--format", help="Uitvoer als tekst of JSON")] = TextFormat.text,
        db: DbOption = None,
    ) -> None:
        """Lees grenzen van wijken en buurten in voor de kaarten, in één keer of helemaal niet."""
        engine = engine_or_exit(db)
        voortgang = Voortgangsregels()
        try:
            grenzen, problemen = read_boundaries(path, clock().today(), bron)
        except GrenzenError as error:
            typer.echo(f"fout: {error}\nEr is niets opgeslagen.", err=True)
            raise typer.Exit(1) from error
        voortgang.line(f"{path.name}: {aantal(len(grenzen) + len(problemen), 'gebied', 'gebieden')} gelezen")
        source = bron or path.name
        telling = None
        if not problemen:
            telling = write_boundaries(engine, grenzen, source, local_context(Kanaal.IMPORT), dry_run=dry_run)
        samenvatting = {"nieuw": telling.nieuw if telling else 0, "gewijzigd": telling.gewijzigd if telling else 0,
                        "ongewijzigd": telling.ongewijzigd if telling else 0, "geweigerd": len(problemen)}
        summary = {"bron": source, "proefrun": dry_run, "geslaagd": not problemen,
                   "opgeslagen": not problemen and not dry_run,
                   "fouten": [{"plaats": p.plaats, "melding": p.melding} for p in problemen],
                   "aantallen": {"gebiedsgrenzen": samenvatting},
                   "samenvatting": samenvatting}  # one table: the same counts
        if fmt is TextFormat.json:
            typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            for probleem in problemen:
                typer.echo(str(probleem), err=True)
            if problemen:
                typer.echo(f"{aantal(len(problemen), 'gebied', 'gebieden')} geweigerd; er is niets opgeslagen.",
                           err=True)
                typer.echo(summary_line(samenvatting))
            elif telling is not None:
                typer.echo(f"gebiedsgrenzen: {telling.nieuw} nieuw, {telling.gewijzigd} gewijzigd, "
                           f"{telling.ongewijzigd} ongewijzigd, 0 geweigerd")
                typer.echo(summary_line(samenvatting))
                typer.echo("Proefrun: alles is geldig; er is niets opgeslagen." if dry_run
                           else "Alles is in één keer opgeslagen.")
        if problemen:
            raise typer.Exit(1)
