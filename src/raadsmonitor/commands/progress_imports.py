"""`raadsmonitor import-cbs` and `raadsmonitor import-leefbaarometer`: outside sources in through the
same validation and single transaction as a data package (issue 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import Engine

from raadsmonitor.commands._cbs_years import import_cbs_years
from raadsmonitor.commands._shared import DbOption, MetVoortgang, TextFormat, clock, engine_or_exit, print_import_report
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.services.datapackage.importer import import_from
from raadsmonitor.sources import cbs
from raadsmonitor.sources.http import Voortgangsregels
from raadsmonitor.sources.leefbaarometer import LeefbaarometerReader
from raadsmonitor.store.dataset import StoreRecords


def parse_maten(maten: list[str]) -> dict[str, str]:
    """'TITEL=indicator' pairs; a Dutch message and exit code 2 for a pair without '='."""
    result = {}
    for pair in maten:
        title, sep, indicator = pair.rpartition("=")
        if not sep or not title.strip() or not indicator.strip():
            typer.echo(f"fout: --maat '{pair}': schrijf TITEL=indicator, bijvoorbeeld 'Aantal inwoners=inwoners'",
                       err=True)
            raise typer.Exit(2)
        result[title.strip()] = indicator.strip()
    return result


def _store_and_areas(db: str | None) -> tuple[Engine, list[Gebied]]:
    """The store (a Dutch message and exit code 2 when it cannot be opened) and every area in it."""
    engine = engine_or_exit(db)
    return engine, StoreRecords(engine).all(Gebied)


def _import_outside(engine: Engine, reader: MetVoortgang, source: str, notices: list[str], dry_run: bool,
                    fmt: TextFormat) -> None:
    """Import an outside source's rows in one transaction, report, and exit 1 when refused.

    Figures of an outside source are the same for every programme; refreshing them and their source row
    (its retrieval date) is what these commands mean, so shared rows may change (listed; issue 20)."""
    report = import_from(engine, reader, source, dry_run=dry_run, change_shared=True)
    report.notices.extend(notices)
    print_import_report(report, fmt)
    if not report.ok:
        raise typer.Exit(1)


GemeenteOption = Annotated[str | None, typer.Option(
    "--gemeente", help="Alleen de gemeente met deze code en haar wijken en buurten (GM0917)")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Alleen controleren, niets opslaan")]
FormatOption = Annotated[TextFormat, typer.Option("--format", help="Uitvoer als tekst of JSON")]


def register(app: typer.Typer) -> None:
    @app.command("import-cbs")
    def import_cbs_command(
        maat: Annotated[list[str], typer.Option("--maat", help="TITEL=indicator: de maat met deze titel in de "
                                                                "metadata hoort bij deze indicator (herhaalbaar)")],
        tables: Annotated[list[str] | None, typer.Argument(
            help="Een of meer CBS-tabelnummers, bijvoorbeeld 85984NED (of gebruik --jaar)")] = None,
        periode: Annotated[str | None, typer.Option("--periode", help="Periode voor een tabel zonder perioden")] = None,
        jaar: Annotated[list[int] | None, typer.Option(
            "--jaar", help="Kerncijfers wijken en buurten van dit jaar (herhaalbaar): het land, de gemeente, "
                           "haar wijken en buurten in één keer")] = None,
        cbs_url: Annotated[str | None, typer.Option(
            "--cbs-url", help="Andere plaats van de CBS-API's (een spiegel of test); standaard CBS zelf")] = None,
        timeout: Annotated[float, typer.Option("--timeout", help="Seconden wachten op elk antwoord van CBS")] = 60,
        gemeente: GemeenteOption = None,
        dry_run: DryRunOption = False,
        fmt: FormatOption = TextFormat.text,
        db: DbOption = None,
    ) -> None:
        """Lees cijfers uit CBS open data (StatLine) in als waarnemingen, in één keer of helemaal niet."""
        engine, gebieden = _store_and_areas(db)
        if jaar:
            import_cbs_years(engine, jaar, parse_maten(maat), gebieden, gemeente=gemeente, tables=tables,
                             cbs_url=cbs_url, timeout=timeout, dry_run=dry_run, fmt=fmt)
            return
        if not tables:
            typer.echo("fout: geef een of meer CBS-tabelnummers op, of --jaar", err=True)
            raise typer.Exit(2)
        voortgang = Voortgangsregels()
        try:
            reader = cbs.prepare(cbs.UrllibClient(timeout, voortgang), tables, parse_maten(maat), gebieden,
                                 clock().today(), periode=periode, gemeente=gemeente)
        except cbs.CbsError as error:
            typer.echo(f"fout: {error}\nEr is niets opgeslagen.", err=True)
            raise typer.Exit(1) from error
        _import_outside(engine, MetVoortgang(reader, voortgang), reader.source, reader.notices, dry_run, fmt)

    @app.command("import-leefbaarometer")
    def import_leefbaarometer_command(
        path: Annotated[Path, typer.Argument(
            help="Scorebestand (CSV met bu_code, jaar, lbm, fys, onv, soc, vrz, won)")],
        gemeente: GemeenteOption = None,
        dry_run: DryRunOption = False,
        fmt: FormatOption = TextFormat.text,
        db: DbOption = None,
    ) -> None:
        """Lees Leefbaarometer-scores per buurt in; de dimensies zijn afwijkingen van het landelijk gemiddelde."""
        engine = engine_or_exit(db)
        reader = LeefbaarometerReader(path, StoreRecords(engine).all(Gebied), clock().today(), gemeente)
        _import_outside(engine, MetVoortgang(reader), path.name, reader.notices, dry_run, fmt)
