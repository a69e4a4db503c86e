"""The command line: each command a few lines around a call into the core."""

from __future__ import annotations

import atexit
import errno
import gc
import os
import socket
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

from raadsmonitor.reports.pdf_process import start_for_command

# First of all, before Typer, SQLAlchemy and the monitor load: a report runs without the cyclic garbage collector,
# and one asked for as PDF starts a helper process that loads WeasyPrint meanwhile (issue 15; reports/pdf_process.py).
start_for_command(sys.argv[1:])

import typer  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from raadsmonitor.commands import register_all  # noqa: E402
from raadsmonitor.commands._shared import (  # noqa: E402
    DbOption,
    MetVoortgang,
    TextFormat,
    close_engines,
    engine_or_exit,
    print_import_report,
)
from raadsmonitor.config import settings  # noqa: E402
from raadsmonitor.config.logsetup import configure_logging  # noqa: E402
from raadsmonitor.store.database import is_sqlite  # noqa: E402

app = typer.Typer(help="raadsmonitor: een gemeenteraad volgt een langlopend gebiedsprogramma.",
                  no_args_is_help=True, add_completion=False)



@app.callback()
def main() -> None:
    """raadsmonitor: een gemeenteraad volgt een langlopend gebiedsprogramma."""
    # Every setting is read and checked before any command runs: a wrong value is said here, in Dutch (issue 19).
    try:
        settings.current()
    except settings.SettingsError as error:
        _stop(str(error), error)
    configure_logging()
    atexit.unregister(_end_quickly)  # once, however many commands a process runs (tests)
    atexit.register(_end_quickly, os.getpid())


def _end_quickly(pid: int) -> None:
    """Run last thing before the interpreter tears itself down (atexit): close the stores the command opened, then
    freeze the garbage collector's objects. Python's last collections at exit walk every object the command
    loaded (Typer, SQLAlchemy, WeasyPrint): 0.09-0.15 s of the paragraaf's 1-2 s (issue 15), for memory the
    system takes back anyway. Connections are closed here first because a SQLite connection left to the collector
    keeps its -wal and -shm files beside the store. Not in a forked process that ends through atexit: the
    connections it inherited are the command's."""
    if os.getpid() != pid:
        return
    close_engines()
    gc.freeze()


class PackageFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="Map met CSV-bestanden of een .xlsx-werkmap")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Alleen controleren, niets opslaan")] = False,
    fmt: Annotated[TextFormat, typer.Option("--format", help="Uitvoer als tekst of JSON")] = TextFormat.text,
    kleine_bedragen: Annotated[bool, typer.Option(
        "--kleine-bedragen", help="Bedragen van geldstromen onder € 1.000 zijn bedoeld (anders geweigerd)")] = False,
    wijzig_gedeeld: Annotated[bool, typer.Option(
        "--wijzig-gedeeld", help="Rijen die ook andere programma's gebruiken mogen wijzigen")] = False,
    db: DbOption = None,
) -> None:
    """Lees een gegevenspakket in: eerst alles controleren, dan alles in één keer opslaan."""
    from raadsmonitor.domain.validation import SMALL_AMOUNT_HINT
    from raadsmonitor.services.datapackage.importer import import_from, reader_for

    engine = engine_or_exit(db)
    report = import_from(engine, MetVoortgang(reader_for(path)), path.name or str(path), dry_run=dry_run,
                         small_amounts=kleine_bedragen, change_shared=wijzig_gedeeld)
    print_import_report(report, fmt)
    if not report.ok:
        if fmt is TextFormat.text and any(SMALL_AMOUNT_HINT in problem.message for problem in report.problems):
            typer.echo("Kleine bedragen die bedoeld zijn: lees het pakket in met 'raadsmonitor import "
                       "--kleine-bedragen'.", err=True)
        raise typer.Exit(1)


@app.command("export")
def export_command(
    path: Annotated[Path, typer.Argument(help="Doelmap (csv) of doelbestand (xlsx)")],
    fmt: Annotated[PackageFormat, typer.Option("--format", help="csv of xlsx")] = PackageFormat.csv,
    db: DbOption = None,
) -> None:
    """Schrijf alle gegevens als gegevenspakket, in hetzelfde schema als de import."""
    from raadsmonitor.services.datapackage.exporter import export_package

    tables = export_package(engine_or_exit(db, create=False), path, fmt.value)
    typer.echo(f"{len(tables)} tabellen geschreven naar {path}")


@app.command("template")
def template_command(path: Annotated[Path, typer.Argument(help="Te maken .xlsx-bestand")]) -> None:
    """Maak een lege werkmap om in te vullen, met uitleg, keuzelijsten en een voorbeeldrij."""
    from raadsmonitor.services.datapackage.template import write_template_with_examples

    write_template_with_examples(path)
    typer.echo(f"Sjabloon geschreven naar {path}")


@app.command("serve")
def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Adres om op te luisteren")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort")] = 8000,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Aantal serverprocessen; standaard één per processorkern")] = None,
) -> None:
    """Start de monitor in de browser; aanmelden is nodig, behalve voor pagina's in RAADSMONITOR_PUBLIEKE_PAGINAS."""
    _check_port(host, port)
    # An empty database on a server (PostgreSQL, as compose.yaml starts it) gets its schema here, once, so the
    # monitor starts and data can be loaded in the browser; a SQLite file is never created or filled silently.
    engine = engine_or_exit(db, create=not is_sqlite(db))
    _serve(engine, host, port, public_default="", workers=workers or os.cpu_count() or 1)


@app.command("demo")
def demo_command(
    db: DbOption = None,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Na het laden de monitor starten")] = True,
    host: Annotated[str, typer.Option(help="Adres om op te luisteren")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort")] = 8000,
) -> None:
    """Laad de Heerlen-Noord-gegevens uit het rekenkamerrapport en start de monitor (alle pagina's openbaar)."""

    from raadsmonitor.demo import DEMO_PACKAGE
    from raadsmonitor.domain.audit import Kanaal
    from raadsmonitor.services.audit_context import local_context
    from raadsmonitor.services.datapackage.importer import import_from, reader_for

    if serve:  # a taken port is said before the demo is loaded, not after it claims to run
        _check_port(host, port)
    # The same database as every other command (--db, RAADSMONITOR_DATABASE_URL or ./raadsmonitor.sqlite), so the
    # commands in the README work on the demo one after the other (issue 20).
    engine = engine_or_exit(db)
    # Named for people: the audit trail and the import report say 'demo Heerlen-Noord', not the folder 'data'.
    report = import_from(engine, reader_for(DEMO_PACKAGE), "demo Heerlen-Noord", context=local_context(Kanaal.DEMO))
    if not report.ok:
        print_import_report(report, TextFormat.text)
        raise typer.Exit(1)
    added = sum(count.added + count.changed for count in report.counts.values())
    typer.echo(f"Demo Heerlen-Noord geladen in {engine.url.render_as_string()} ({added} rijen nieuw of gewijzigd).")
    if serve:
        # The demo shows figures from a public report: every page readable without an account, unless
        # RAADSMONITOR_PUBLIEKE_PAGINAS says otherwise.
        _serve(engine, host, port, public_default="*")


def port_problem(host: str, port: int) -> str | None:
    """Why the monitor cannot listen on host:port (Dutch), or None: the address is bound for a moment and let go,
    so a taken port is said before the monitor claims to run (issue 20). Bound as uvicorn binds it (SO_REUSEADDR),
    so a port left in TIME_WAIT by a stopped monitor counts as free, as it is for uvicorn."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError):
        return f"het adres '{host}' is onbekend; kies een ander met --host, bijvoorbeeld --host 127.0.0.1"
    except OverflowError:
        return f"poort {port} bestaat niet; kies een poort van 1 tot en met 65535 met --port"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (f"poort {port} op {host} is al in gebruik (draait de monitor al?); kies een andere poort "
                        f"met --port, bijvoorbeeld --port {port + 1 if port < 65535 else 8001}")
            if error.errno == errno.EACCES:
                return (f"geen toestemming om op poort {port} te luisteren (poorten onder 1024 vragen "
                        "beheerrechten); kies een andere poort met --port, bijvoorbeeld --port 8000")
            if error.errno == errno.EADDRNOTAVAIL:
                return (f"het adres {host} hoort niet bij deze machine; kies een ander met --host, "
                        "bijvoorbeeld --host 127.0.0.1")
            return f"kan niet luisteren op {host}:{port} (systeemfout {error.errno}: {error.strerror})"
    return None


def _stop(problem: str, cause: BaseException | None = None) -> NoReturn:
    """A setting or an address the monitor cannot use stops it before it starts: 'fout: ...', exit code 2."""
    typer.echo(f"fout: {problem}", err=True)
    raise typer.Exit(2) from cause


def _check_port(host: str, port: int) -> None:
    if (problem := port_problem(host, port)) is not None:
        _stop(problem)


def _check_sso_config() -> None:
    """A broken single sign-on file stops the monitor before it says it runs, in Dutch (issue 21)."""
    from raadsmonitor.services.accounts import sso
    try:
        sso.config_from_environment()
    except sso.ConfigError as error:
        _stop(f"de instelling {sso.ENV_CONFIG} klopt niet: {error}", error)


def _serve(engine: Engine, host: str, port: int, public_default: str, workers: int = 1) -> None:
    from raadsmonitor.web.auth import ENV_PUBLIC, WebSettings

    web_settings = WebSettings.from_environment(default_public=public_default)
    _check_sso_config()
    _check_port(host, port)  # again: loading the demo took a while
    processen = "" if workers == 1 else f", {workers} processen"
    typer.echo(f"De monitor draait op http://{host}:{port}{processen} (stoppen met Ctrl+C)")
    if web_settings.public_pages:
        typer.echo("Openbaar zonder aanmelden: " + ", ".join(
            "alle pagina's" if prefix == "*" else prefix for prefix in web_settings.public_pages))
    else:
        typer.echo("Alle pagina's vragen om aanmelden; maak accounts met 'raadsmonitor users add'.")
    if workers == 1:
        import uvicorn

        from raadsmonitor.store.database import in_memory
        from raadsmonitor.web.app import create_app, server_engine
        from raadsmonitor.web.rendering import compile_templates

        compile_templates()  # as each worker does (web.app.app_from_environment)
        if not in_memory(engine.url):  # the command's engine serves as a worker's would (a store in memory: its own)
            url = engine.url.render_as_string(hide_password=False)
            engine.dispose()
            engine = server_engine(url)
        app = create_app(engine, web_settings, warm_pages=settings.current().paginas_vooraf, refresh_pages=True)
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # Each worker builds its own app and engine from the URL and the settings from the environment; they share
    # nothing but the store. This process becomes the supervisor, without the memory of everything this command
    # imported: our own on POSIX (web/supervisor.py: stdlib only, no resource tracker beside it), uvicorn's elsewhere.
    from raadsmonitor.store.database import ENV_URL

    settings.environment_for_workers({ENV_URL: engine.url.render_as_string(hide_password=False),
                                      ENV_PUBLIC: ",".join(web_settings.public_pages)})
    engine.dispose()
    sys.stdout.flush()
    if os.name == "posix":
        argv = [sys.executable, "-m", "raadsmonitor.web.supervisor", host, str(port), str(workers)]
    else:  # pragma: no cover - Windows cannot hand the socket to a child process as web/supervisor.py does
        command = [sys.executable, "-m", "uvicorn", "raadsmonitor.web.worker:app", "--factory"]
        argv = [*command, "--workers", str(workers), "--host", host, "--port", str(port), "--log-level", "warning"]
    os.execv(sys.executable, argv)  # noqa: S606 # nosec B606 - this same interpreter, running the supervisor


# The command on the command line picks its module first: `raadsmonitor report ...` loads no other (issue 15).
register_all(app, sys.argv[1] if len(sys.argv) > 1 else None)

if __name__ == "__main__":  # pragma: no cover
    app()
