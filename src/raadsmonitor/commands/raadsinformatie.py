"""`raadsmonitor import-raadsinformatie` (council documents from OpenBesluitvorming into the register) and
`raadsmonitor koppel` (the griffie confirms that a letter settles a motie or question) (issue 18)."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import typer
from sqlalchemy import Engine

from raadsmonitor.analysis.council.koppelvoorstellen import Koppelvoorstel, propose, voorstel_as_json
from raadsmonitor.commands._shared import (
    DbOption,
    Samenvatting,
    TextFormat,
    engine_or_exit,
    print_import_report,
    report_as_json,
    summary_of,
)
from raadsmonitor.config import settings
from raadsmonitor.domain.access import Principal, Rol
from raadsmonitor.domain.audit import Kanaal
from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.domain.council import Informatiekoppeling, Informatiestuk
from raadsmonitor.domain.enums import KoppelingSoort
from raadsmonitor.domain.validation import build_record
from raadsmonitor.presentation.formatting import aantal
from raadsmonitor.services.audit_context import local_context
from raadsmonitor.services.datapackage.importer import ImportReport, import_from
from raadsmonitor.services.writes import WriteRefused, save_record
from raadsmonitor.sources import openbesluitvorming as obv
from raadsmonitor.store.dataset import StoreRecords


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        typer.echo(f"fout: {option} '{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2021-01-01", err=True)
        raise typer.Exit(2) from error


def _register(engine: Engine, extra: list[obv.Stuk], bron: str
              ) -> tuple[list[Informatiestuk], list[Informatiekoppeling]]:
    """The register as it stands, with this import's items that are not stored (yet, or in a dry run)."""
    records = StoreRecords(engine)
    stukken = {stuk.id: stuk for stuk in records.all(Informatiestuk)}
    spec = TABLES_BY_NAME["informatiestukken"]
    for stuk in extra:
        if stuk.key not in stukken:
            cells = {"id": stuk.key, "soort": stuk.soort.value, "datum": stuk.datum.isoformat(),
                     "onderwerp": stuk.onderwerp, "kenmerk": stuk.kenmerk or None, "bron": bron}
            record, _ = build_record(spec.entity, spec.columns, cells)
            if record is not None:
                stukken[stuk.key] = record
    return list(stukken.values()), list(records.all(Informatiekoppeling))


def _summary(report: ImportReport, uitkomsten: obv.Uitkomsten) -> Samenvatting:
    """The register items: what was refused is every document of a kind not mapped, and any problem."""
    return summary_of(report, tables=("informatiestukken",),
                      geweigerd=len(uitkomsten.weigeringen) + len(report.problems))


def _print_text(report: ImportReport, uitkomsten: obv.Uitkomsten, voorstellen: list[Koppelvoorstel] | None) -> None:
    for weigering in uitkomsten.weigeringen:
        typer.echo(f"geweigerd: {weigering.naam or weigering.entity_id} ({weigering.soort_in_bron}): {weigering.reden}")
    print_import_report(report, TextFormat.text, _summary(report, uitkomsten))
    for voorstel in voorstellen or []:
        typer.echo(f"voorstel (score {voorstel.score:.2f}".replace(".", ",") + f"): {voorstel.van.id} "
                   f"{voorstel.soort.value} {voorstel.naar.id}; {voorstel.reden}\n"
                   f"  bevestigen: raadsmonitor koppel {voorstel.van.id} {voorstel.naar.id} "
                   f"--soort '{voorstel.soort.value}'")
    if voorstellen is not None:
        typer.echo(f"{aantal(len(voorstellen), 'voorstel', 'voorstellen')} om te koppelen; niets is gekoppeld "
                   "zonder bevestiging.")


def _print_json(report: ImportReport, uitkomsten: obv.Uitkomsten, voorstellen: list[Koppelvoorstel] | None) -> None:
    body: dict[str, Any] = report_as_json(report, _summary(report, uitkomsten))
    body["geweigerd"] = [{"bron_id": w.entity_id, "naam": w.naam, "soort_in_bron": w.soort_in_bron,
                          "reden": w.reden} for w in uitkomsten.weigeringen]
    if voorstellen is not None:
        body["voorstellen"] = [voorstel_as_json(v) for v in voorstellen]
    typer.echo(json.dumps(body, ensure_ascii=False, indent=2))


def register(app: typer.Typer) -> None:
    @app.command("import-raadsinformatie")
    def import_raadsinformatie_command(
        bron: Annotated[str, typer.Argument(
            help="De gemeente in OpenBesluitvorming: ibabs:gemeente:heerlen of heerlen")],
        zoek: Annotated[str | None, typer.Option(
            "--zoek", help="Alleen stukken met al deze woorden in naam of omschrijving (bijvoorbeeld Heerlen-Noord)")
        ] = None,
        van: Annotated[str | None, typer.Option("--van", help="Vanaf deze datum (JJJJ-MM-DD)")] = None,
        tot: Annotated[str | None, typer.Option("--tot", help="Tot en met deze datum (JJJJ-MM-DD)")] = None,
        programma: Annotated[str | None, typer.Option(
            "--programma", help="Programma van de nieuwe stukken in het register (bijvoorbeeld nphln)")] = None,
        voorstellen: Annotated[bool, typer.Option(
            "--voorstellen", help="Stel voor welke brief welke motie of vraag afdoet (niets wordt gekoppeld)")
        ] = False,
        timeout: Annotated[float, typer.Option("--timeout", help="Seconden wachten op elk antwoord")] = 30,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Alleen controleren, niets opslaan")] = False,
        fmt: Annotated[TextFormat, typer.Option("--format", help="Uitvoer als tekst of JSON")] = TextFormat.text,
        db: DbOption = None,
    ) -> None:
        """Lees vergaderingen, agendapunten, moties, amendementen, raadsinformatiebrieven en schriftelijke vragen
        van één gemeente uit OpenBesluitvorming in het register, in één keer of helemaal niet."""
        selectie = obv.Selectie(zoek, _day(van, "--van"), _day(tot, "--tot"))
        base = settings.current().openbesluitvorming_url
        engine = engine_or_exit(db)
        try:
            sleutel = obv.Bronsleutel.parse(bron)
            records = obv.fetch_snapshot(obv.UrllibClient(timeout), base, sleutel, obv.Progress())
        except obv.ObvError as error:
            typer.echo(f"fout: {error}\nEr is niets opgeslagen.", err=True)
            raise typer.Exit(1) from error
        uitkomsten = obv.interpret(records, sleutel, selectie, base)
        bestaand = {stuk.id: stuk for stuk in StoreRecords(engine).all(Informatiestuk)}
        reader = obv.ObvPackageReader(sleutel, uitkomsten, bestaand, programma, base)
        report = import_from(engine, reader, reader.source, dry_run=dry_run)
        report.notices.extend(obv.summary_notices(uitkomsten))
        proposals = None
        if voorstellen and report.ok:
            proposals = propose(*_register(engine, uitkomsten.stukken, obv.bron_id(sleutel)),
                                ignore=frozenset(obv.words(zoek or "")))
        (_print_json if fmt is TextFormat.json else _print_text)(report, uitkomsten, proposals)
        if not report.ok:
            raise typer.Exit(1)

    @app.command("koppel")
    def koppel_command(
        van: Annotated[str, typer.Argument(help="Het latere stuk: de brief of het antwoord")],
        naar: Annotated[str, typer.Argument(help="Het stuk dat het afdoet: de motie, de vraag of de toezegging")],
        soort: Annotated[KoppelingSoort, typer.Option("--soort", help="Soort koppeling")],
        toelichting: Annotated[str | None, typer.Option("--toelichting", help="Opmerking bij de koppeling")] = None,
        bron: Annotated[str | None, typer.Option(
            "--bron", help="Bron van de koppeling; standaard de bron van het latere stuk")] = None,
        db: DbOption = None,
    ) -> None:
        """Leg vast dat een brief een motie, vraag of toezegging afdoet (na een voorstel van de import)."""
        engine = engine_or_exit(db, create=False)
        context = local_context(Kanaal.CLI)
        letter = next((s for s in StoreRecords(engine).all(Informatiestuk) if s.id == van), None)
        values = {"van": van, "naar": naar, "soort": soort.value, "toelichting": toelichting or "",
                  "bron": bron or (letter.bron if letter else "")}
        principal = Principal(gebruiker=context.actor.removeprefix("cli:"), rol=Rol.GRIFFIE)
        try:
            save_record(engine, principal, context, "informatiekoppelingen", values)
        except WriteRefused as refusal:
            typer.echo(f"fout: {refusal.message}", err=True)
            for problem in refusal.problems:
                typer.echo(f"  {problem.column or 'koppeling'}: {problem.message}", err=True)
            typer.echo("Er is niets opgeslagen.", err=True)
            raise typer.Exit(1) from refusal
        typer.echo(f"Gekoppeld: {van} {soort.value} {naar} (in het auditspoor).")
