"""`raadsmonitor report paragraaf` and `report raadsvoorstel` from the command line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.cli import app


def _db(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_report_paragraaf_writes_markdown(money_engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "paragraaf.md"
    result = CliRunner().invoke(app, ["report", "paragraaf", "--jaar", "2024", "--format", "md", "--out", str(out),
                                      "--peildatum", "2023-11-15", "--db", _db(money_engine)])
    assert result.exit_code == 0, result.output
    assert "Paragraaf Heerlen-Noord (Begroting 2024) geschreven naar" in result.output
    assert "€ 4.637.084" in out.read_text(encoding="utf-8")


def test_report_raadsvoorstel_refuses_an_unknown_stream_and_writes_nothing(money_engine: Engine,
                                                                           tmp_path: Path) -> None:
    out = tmp_path / "voorstel.md"
    result = CliRunner().invoke(app, ["report", "raadsvoorstel", "--stroom", "bestaat-niet", "--out", str(out),
                                      "--db", _db(money_engine)])
    assert result.exit_code == 1
    assert "onbekende geldstroom: bestaat-niet" in result.output
    assert not out.exists()


def test_report_refuses_a_bad_reference_date(money_engine: Engine, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "paragraaf", "--jaar", "2024", "--out", str(tmp_path / "p.html"),
                                      "--peildatum", "15-11-2023", "--db", _db(money_engine)])
    assert result.exit_code == 2
    assert "--peildatum '15-11-2023' is geen datum" in result.output


def test_geldstromen_lists_each_stream_with_its_authority_and_the_total(money_engine: Engine) -> None:
    result = CliRunner().invoke(app, ["geldstromen", "--db", _db(money_engine)])
    assert result.exit_code == 0, result.output
    assert "rijke-schooldag-innovo\t€ 599.000\tonbekend\tverleend\tgeen (regel buiten-de-gemeente)" in result.output
    assert "Totaal van de bekende bedragen: € 73.549.309 (8 van 12 bedragen bekend)" in result.output
