"""`raadsmonitor import-cbs --jaar`: the Kerncijfers wijken en buurten of one or more years (issue 18)."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

import typer
from sqlalchemy import Engine

from raadsmonitor.commands._shared import MetVoortgang, TextFormat, clock, print_import_report, report_as_json
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.presentation.formatting import aantal
from raadsmonitor.services.datapackage.importer import import_from
from raadsmonitor.sources import cbs, cbs_wijkbuurt
from raadsmonitor.sources.cbs import UrllibClient as CbsClient
from raadsmonitor.sources.http import Voortgangsregels


def import_cbs_years(engine: Engine, jaren: Sequence[int], maten: dict[str, str], gebieden: Sequence[Gebied], *,
                     gemeente: str | None, tables: Sequence[str] | None, cbs_url: str | None, timeout: float,
                     dry_run: bool, fmt: TextFormat) -> None:
    """Fetch every year first, then check and write everything in one transaction; exit 1 on any fault."""
    if tables:
        typer.echo("fout: geef tabelnummers óf --jaar op, niet allebei", err=True)
        raise typer.Exit(2)
    voortgang = Voortgangsregels()
    adressen = cbs_wijkbuurt.CbsAdressen.onder(cbs_url) if cbs_url else cbs_wijkbuurt.CbsAdressen()
    try:
        reader = cbs_wijkbuurt.prepare_years(CbsClient(timeout, voortgang), jaren, maten, gebieden,
                                             clock().today(), gemeente=gemeente, adressen=adressen)
    except cbs.CbsError as error:
        typer.echo(f"fout: {error}\nEr is niets opgeslagen.", err=True)
        raise typer.Exit(1) from error
    rows = sum(len(tabel.rows) for tabel, _ in reader.tabellen) * len(maten)
    voortgang.line(f"CBS gelezen; {aantal(rows, 'waarneming', 'waarnemingen')} worden gecontroleerd en opgeslagen")
    started = time.monotonic()
    report = import_from(engine, MetVoortgang(reader, voortgang), reader.source, dry_run=dry_run)
    voortgang.line(f"gecontroleerd en {'niet ' if not report.written else ''}opgeslagen in "
                   f"{time.monotonic() - started:.1f} s")
    report.notices.extend(reader.notices)
    if fmt is TextFormat.json:  # the summary of issue 18 also counts what was refused
        typer.echo(json.dumps({**report_as_json(report), "geweigerd": len(report.problems)}, ensure_ascii=False,
                              indent=2))
    else:
        print_import_report(report, fmt)
    if not report.ok:
        raise typer.Exit(1)
