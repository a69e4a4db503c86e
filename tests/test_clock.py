"""Issue 19: one injectable clock; no route or command reads the machine's date itself."""

from __future__ import annotations

import ast
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.commands import _shared
from raadsmonitor.config.clock import Clock, FixedClock, SystemClock
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.database import make_engine
from raadsmonitor.web.app import create_app

SRC = Path(__file__).resolve().parents[1] / "src" / "raadsmonitor"


def test_the_system_clock_tells_the_machines_time_in_utc() -> None:
    before = datetime.now(UTC)
    now = SystemClock().now()
    after = datetime.now(UTC)
    assert before <= now <= after and now.utcoffset() == timedelta(0)
    assert SystemClock().today() in (before.astimezone().date(), after.astimezone().date())


def test_a_fixed_clock_stands_still_until_moved() -> None:
    clock = FixedClock.on(date(2026, 12, 6))
    assert clock.now() == datetime(2026, 12, 6, 9, 0, tzinfo=UTC) and clock.today() == date(2026, 12, 6)
    assert clock.now() == clock.now()
    clock.advance(hours=15)
    assert clock.today() == date(2026, 12, 7) and clock.now().time() == time(0, 0)
    assert isinstance(clock, Clock) and isinstance(SystemClock(), Clock)


def test_a_fixed_clock_needs_a_timezone() -> None:
    with pytest.raises(ValueError, match="timezone"):
        FixedClock(datetime(2026, 12, 6, 9, 0))


def test_the_app_keeps_the_clock_it_is_given() -> None:
    engine = make_engine("sqlite://")
    clock = FixedClock.on(date(2024, 1, 1))
    assert create_app(engine, clock=clock).state.clock is clock
    assert isinstance(create_app(engine).state.clock, SystemClock)


def test_commands_judge_against_the_commands_clock(engine: Engine, demo_package: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """`raadsmonitor signals` without --peildatum is about today by the commands' clock (tests/council shows the
    same two days with --peildatum: one signal on 1 March 2025, none on 1 March 2026)."""
    assert import_package(engine, demo_package).written
    url = engine.url.render_as_string(hide_password=False)

    def signals_on(day: date) -> list[str]:
        monkeypatch.setattr(_shared, "CLOCK", FixedClock.on(day))
        result = CliRunner().invoke(app, ["signals", "--format", "json", "--db", url])
        assert result.exit_code == 0, result.output
        return [signal["onderwerp"] for signal in json.loads(result.output)["signalen"]]

    assert signals_on(date(2025, 3, 1)) == ["Preventie met gezag"]
    assert signals_on(date(2026, 3, 1)) == []


def _reads_the_machines_date(tree: ast.AST) -> list[int]:
    """Lines calling date.today(), datetime.now(), datetime.utcnow() or datetime.today()."""
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id in ("date", "datetime")
            and node.func.attr in ("today", "now", "utcnow")]


@pytest.mark.parametrize("folder", ["web", "commands", "domain", "analysis", "reports", "presentation"])
def test_routes_commands_and_the_domain_ask_the_clock(folder: str) -> None:
    found = {str(path.relative_to(SRC)): lines for path in sorted((SRC / folder).rglob("*.py"))
             if (lines := _reads_the_machines_date(ast.parse(path.read_text(encoding="utf-8"))))}
    assert found == {}
    assert _reads_the_machines_date(ast.parse((SRC / "config" / "clock.py").read_text(encoding="utf-8")))
