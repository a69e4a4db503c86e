"""Issue 20: the commands of the README work on the demo, one after the other, in the README's order, without
--db (every command uses the same default database); and `demo` with a taken port says so in Dutch before it
claims to run."""

from __future__ import annotations

import csv
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.demo import DEMO_PACKAGE
from raadsmonitor.store.database import ENV_URL
from tests.council.obv_server import heerlen, serve
from tests.progress.cbs_responses import FakeCbs
from tests.progress.fixture_server import serving

ROOT = Path(__file__).resolve().parents[1]
READMES = ["README.md", "README.en.md"]
PASSWORD = "lang-genoeg-wachtwoord\n"  # noqa: S105 - a test account's password
GRENZEN = Path(__file__).resolve().parent / "fixtures" / "geo" / "heerlen-buurten.geojson"
runner = CliRunner()


def readme_commands(readme: str) -> list[str]:
    """The commands of the README's command table, in its order: `raadsmonitor report paragraaf --jaar ...` is
    'report paragraaf' (the words before the first argument or option)."""
    commands = []
    for line in (ROOT / readme).read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `raadsmonitor "):
            continue
        first_cell = line.split(" | ")[0]
        for usage in re.findall(r"`raadsmonitor ([^`]*)`", first_cell):
            words = []
            for word in usage.split():
                if not re.fullmatch(r"[a-z][a-z-]*", word):
                    break
                words.append(word)
            commands.append(" ".join(words))
    return commands


@dataclass(frozen=True)
class Run:
    """What the steps share: the working folder, a free port, values read from the demo."""

    folder: Path
    port: int
    stroom: str
    stroom_naam: str
    postgres: bool
    found: dict[str, str]  # what an earlier command printed and a later one needs (the token's number)


@dataclass(frozen=True)
class Step:
    command: str
    args: Callable[[Run], list[str]]
    expect: Callable[[Run], str]  # a text the output holds
    stdin: str | None = None
    sqlite_only: bool = False  # on PostgreSQL refused with the advice to use pg_dump (README, SECURITY.md)
    remember: str | None = None  # a pattern whose group(1) in the output is kept under the step's command


def _first_stroom() -> tuple[str, str]:
    with (DEMO_PACKAGE / "geldstromen.csv").open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    return row["id"], row["naam"]


# Kept in step with the README's table by test_the_steps_follow_the_readme_table; each step as a reader types it.
STEPS: list[Step] = [
    Step("demo", lambda r: ["demo", "--no-serve"], lambda r: "Demo Heerlen-Noord geladen"),
    Step("serve", lambda r: ["serve", "--port", str(r.port), "--workers", "1"], lambda r: f"De monitor draait op http://127.0.0.1:{r.port}"),
    Step("import", lambda r: ["import", str(DEMO_PACKAGE), "--dry-run"],
         lambda r: "geldstromen: 0 nieuw, 0 gewijzigd"),
    Step("export", lambda r: ["export", str(r.folder / "uit"), "--format", "csv"], lambda r: "tabellen geschreven"),
    Step("template", lambda r: ["template", str(r.folder / "sjabloon.xlsx")], lambda r: "Sjabloon geschreven"),
    Step("progress", lambda r: ["progress", "--format", "csv"], lambda r: "heerlen-noord"),
    Step("import-cbs", lambda r: ["import-cbs", "85618NED", "--maat",
                                  "Personen per soort uitkering; Bijstand=bijstandsdichtheid",
                                  "--gemeente", "GM0917", "--dry-run"],
         lambda r: "Proefrun: alles is geldig"),
    Step("import-cbs", lambda r: ["import-cbs", "--jaar", "2024", "--gemeente", "GM0917", "--maat",
                                  "Personen per soort uitkering; Bijstand=bijstandsdichtheid",
                                  "--cbs-url", r.found["cbs-url"], "--dry-run"],
         lambda r: "2024: tabel 85984NED via OData v4"),
    Step("import-grenzen", lambda r: ["import-grenzen", str(GRENZEN), "--dry-run"], lambda r: "Proefrun"),
    Step("import-leefbaarometer", lambda r: ["import-leefbaarometer", str(r.folder / "lbm.csv"),
                                             "--gemeente", "GM0917"],
         lambda r: "leefbaarometerscores: 1 nieuw"),
    Step("import-raadsinformatie", lambda r: ["import-raadsinformatie", "ibabs:gemeente:heerlen", "--zoek",
                                              "Heerlen-Noord", "--programma", "nphln", "--dry-run"],
         lambda r: "Samenvatting: "),
    Step("koppel", lambda r: ["koppel", "rib-2022-02-22-sociaal-economische-achterstanden",
                              "motie-2021-11-03-sociale-standaard", "--soort", "handelt motie af"],
         lambda r: "Gekoppeld: rib-2022-02-22-sociaal-economische-achterstanden handelt motie af"),
    Step("geldstromen", lambda r: ["geldstromen"], lambda r: r.stroom),
    Step("report paragraaf", lambda r: ["report", "paragraaf", "--jaar", "2024", "--format", "md",
                                        "--out", str(r.folder / "paragraaf.md")], lambda r: "geschreven naar"),
    Step("report raadsvoorstel", lambda r: ["report", "raadsvoorstel", "--stroom", r.stroom,
                                            "--out", str(r.folder / "voorstel.md")], lambda r: "geschreven naar"),
    Step("register", lambda r: ["register", "--peildatum", "2026-12-06"], lambda r: "onbekend"),
    Step("compliance", lambda r: ["compliance", "--jaar", "2023"], lambda r: "2023"),
    Step("signals", lambda r: ["signals", "--format", "json"], lambda r: '"regel"'),
    Step("calendar", lambda r: ["calendar", "--out", str(r.folder / "agenda.ics")], lambda r: "agenda.ics"),
    Step("snapshot", lambda r: ["snapshot", "--peildatum", "2023-12-31", "--naam", "Jaar 2023"],
         lambda r: "Peilmoment 2023-12-31 (Jaar 2023) vastgelegd"),
    Step("changes", lambda r: ["changes"], lambda r: "2023"),
    Step("report voortgang", lambda r: ["report", "voortgang", "--periode", "2023", "--format", "md",
                                        "--out", str(r.folder / "voortgang.md")], lambda r: "geschreven naar"),
    Step("audit verify", lambda r: ["audit", "verify"], lambda r: "intact"),
    Step("audit list", lambda r: ["audit", "list", "--laatste", "3"], lambda r: "peilmoment"),
    Step("backup", lambda r: ["backup", str(r.folder / "reserve.sqlite")], lambda r: "Back-up geschreven",
         sqlite_only=True),
    Step("restore", lambda r: ["restore", str(r.folder / "reserve.sqlite"), "--ja"], lambda r: "keten intact",
         sqlite_only=True),
    Step("users add", lambda r: ["users", "add", "griffier", "--rol", "griffie", "--wachtwoord-stdin"],
         lambda r: "Gebruiker aangemaakt: griffier, Griffie", stdin=PASSWORD),
    Step("users set-role", lambda r: ["users", "set-role", "griffier", "--rol", "programmabureau"],
         lambda r: "Programmabureau"),
    Step("users disable", lambda r: ["users", "disable", "griffier"], lambda r: "griffier"),
    Step("users enable", lambda r: ["users", "enable", "griffier"], lambda r: "griffier"),
    Step("users list", lambda r: ["users", "list"], lambda r: "griffier, Programmabureau"),
    Step("users totp", lambda r: ["users", "totp", "griffier"], lambda r: "otpauth://"),
    Step("users password", lambda r: ["users", "password", "griffier", "--wachtwoord-stdin"],
         lambda r: "Wachtwoord van griffier gewijzigd", stdin="een-ander-lang-wachtwoord\n"),
    Step("token add", lambda r: ["token", "add", "griffier", "--naam", "koppeling"],
         lambda r: "gemaakt voor griffier", remember=r"API-token (\w+) gemaakt"),
    Step("token list", lambda r: ["token", "list"], lambda r: r.found["token add"]),
    Step("token revoke", lambda r: ["token", "revoke", r.found["token add"]], lambda r: r.found["token add"]),
]

LEEFBAAROMETER = "bu_code;jaar;lbm;afw;fys;onv;soc;vrz;won\nBU09170101;2022;3,95;-0,17;0,02;-0,09;-0,04;0,02;-0,08\n"


@pytest.mark.parametrize("readme", READMES)
def test_the_steps_follow_the_readme_table(readme: str) -> None:
    assert [step.command for step in STEPS] == readme_commands(readme)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def cbs_server() -> Iterator[str]:
    """CBS's OData APIs, served from the answer-shape fixtures on 127.0.0.1 (tests/fixtures/cbs)."""
    with serving() as server:
        yield server.base


@pytest.fixture
def raadsinformatie() -> Iterator[str]:
    """OpenBesluitvorming's export, served from the recorded-shape fixtures on 127.0.0.1."""
    with serve(heerlen()) as base:
        yield base


def test_the_readme_commands_work_in_order_on_the_demo_with_the_default_database(
        store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raadsinformatie: str,
        cbs_server: str) -> None:
    """On SQLite without --db and without the setting: every command uses ./raadsmonitor.sqlite; on PostgreSQL
    through RAADSMONITOR_DATABASE_URL."""
    postgres = not store_url.startswith("sqlite")
    folder = tmp_path / "werkmap"
    folder.mkdir()
    monkeypatch.chdir(folder)
    if postgres:
        monkeypatch.setenv(ENV_URL, store_url)
    else:
        monkeypatch.delenv(ENV_URL, raising=False)
    (folder / "lbm.csv").write_text(LEEFBAAROMETER, encoding="utf-8")
    served: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda application, **_: served.append(application))
    monkeypatch.setattr("os.execv", lambda *_: pytest.fail("serve replaced the test process"))
    monkeypatch.setattr("raadsmonitor.sources.cbs.UrllibClient", lambda *_args, **_options: FakeCbs())
    stroom, stroom_naam = _first_stroom()
    run = Run(folder, _free_port(), stroom, stroom_naam, postgres, {"cbs-url": cbs_server})
    outcomes: dict[str, str] = {}
    monkeypatch.setenv("RAADSMONITOR_OPENBESLUITVORMING_URL", raadsinformatie)
    for step in STEPS:
        result = runner.invoke(app, step.args(run), input=step.stdin)
        if postgres and step.sqlite_only:
            outcomes[step.command] = "ok" if result.exit_code == 2 and "pg_dump" in result.stderr else result.output
            continue
        if step.remember and (match := re.search(step.remember, result.output)):
            run.found[step.command] = match.group(1)
        wanted = step.expect(run)
        outcomes[step.command] = "ok" if result.exit_code == 0 and wanted in result.output else \
            f"exit {result.exit_code}, '{wanted}' niet in: {result.output[-600:]}"
    assert outcomes == dict.fromkeys(outcomes, "ok")
    if not postgres:
        assert sorted(path.name for path in folder.glob("*.sqlite*") if not path.name.endswith(("-wal", "-shm"))) \
            == ["raadsmonitor.sqlite", "reserve.sqlite"]
    # `serve` opened the demo the other commands used: its page names the demo's funding stream.
    [application] = served
    page = TestClient(application).get(f"/financien/stromen/{stroom}")
    assert page.status_code == 200 and stroom_naam in page.text


@pytest.mark.parametrize("args", [["geldstromen"], ["report", "voortgang", "--periode", "2023", "--out", "x.md"],
                                  ["snapshot", "--peildatum", "2023-12-31"], ["serve"]])
def test_a_command_that_reads_never_creates_an_empty_database_and_says_which_file_and_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_URL, raising=False)
    monkeypatch.setattr("uvicorn.run", lambda *_, **__: pytest.fail("serve started without a database"))
    monkeypatch.setattr("os.execv", lambda *_: pytest.fail("serve started without a database"))
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"het databasebestand {tmp_path / 'raadsmonitor.sqlite'} bestaat niet" in result.stderr
    assert "'raadsmonitor demo'" in result.stderr and "--db" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_demo_with_a_taken_port_fails_in_dutch_before_it_says_it_runs(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), ENV_URL: f"sqlite:///{tmp_path / 'd.sqlite'}"}
        result = subprocess.run([sys.executable, "-m", "raadsmonitor.cli", "demo", "--port", str(port)],  # noqa: S603
                                capture_output=True, text=True, timeout=120, env=environment, check=False)
    assert result.returncode != 0
    assert "draait op" not in result.stdout + result.stderr
    assert f"fout: poort {port} op 127.0.0.1 is al in gebruik" in result.stderr
    assert "kies een andere poort met --port" in result.stderr
    assert "Error" not in result.stderr and "Traceback" not in result.stderr


def test_serve_with_a_broken_single_sign_on_file_fails_in_dutch_before_it_says_it_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 21: an invalid RAADSMONITOR_OIDC_CONFIG stops the monitor with the reason, not a traceback."""
    store = f"sqlite:///{tmp_path / 'd.sqlite'}"
    assert runner.invoke(app, ["demo", "--no-serve", "--db", store]).exit_code == 0
    broken = tmp_path / "sso.toml"
    broken.write_text('issuer = "http://niet-https.example"\n', encoding="utf-8")
    monkeypatch.setenv("RAADSMONITOR_OIDC_CONFIG", str(broken))
    monkeypatch.setattr("uvicorn.run", lambda *_, **__: pytest.fail("served with a broken configuration"))
    result = runner.invoke(app, ["serve", "--db", store, "--port", str(_free_port()), "--workers", "1"])
    assert result.exit_code == 2
    assert "draait op" not in result.output
    assert f"fout: de instelling RAADSMONITOR_OIDC_CONFIG klopt niet: {broken}:" in result.stderr
