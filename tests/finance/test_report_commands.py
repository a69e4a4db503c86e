"""`raadsmonitor report paragraaf` and `report raadsvoorstel` from the command line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.services.datapackage.importer import import_package


def _db(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_report_paragraaf_writes_markdown(financien_engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "paragraaf.md"
    result = CliRunner().invoke(app, ["report", "paragraaf", "--jaar", "2024", "--format", "md", "--out", str(out),
                                      "--peildatum", "2023-11-15", "--db", _db(financien_engine)])
    assert result.exit_code == 0, result.output
    assert "Paragraaf Heerlen-Noord (Begroting 2024) geschreven naar" in result.output
    assert "€ 4.637.084" in out.read_text(encoding="utf-8")


def test_report_raadsvoorstel_refuses_an_unknown_stream_and_writes_nothing(financien_engine: Engine,
                                                                           tmp_path: Path) -> None:
    out = tmp_path / "voorstel.md"
    result = CliRunner().invoke(app, ["report", "raadsvoorstel", "--stroom", "bestaat-niet", "--out", str(out),
                                      "--db", _db(financien_engine)])
    assert result.exit_code == 1
    assert "onbekende geldstroom: bestaat-niet" in result.output
    assert not out.exists()


def test_report_refuses_a_bad_reference_date(financien_engine: Engine, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "paragraaf", "--jaar", "2024", "--out", str(tmp_path / "p.html"),
                                      "--peildatum", "15-11-2023", "--db", _db(financien_engine)])
    assert result.exit_code == 2
    assert "--peildatum '15-11-2023' is geen datum" in result.output


def test_geldstromen_lists_each_stream_with_its_authority_and_the_total(financien_engine: Engine) -> None:
    result = CliRunner().invoke(app, ["geldstromen", "--db", _db(financien_engine)])
    assert result.exit_code == 0, result.output
    assert "rijke-schooldag-innovo\t€ 599.000\tonbekend\tverleend\tgeen (regel buiten-de-gemeente)" in result.output
    assert "Totaal van de bekende bedragen: € 73.549.309 (8 van 12 bedragen bekend)" in result.output


def test_the_paragraaf_holds_only_the_streams_of_its_own_focus_area(engine: Engine, financien_package: Path,
                                                                     tmp_path: Path) -> None:
    """A store with a second focus area (a rekenkamer comparing them): its money stays out of this paragraaf,
    and --programma asks for the other area's; without --programma the command asks which (issue 20)."""
    with (financien_package / "programmas.csv").open("a", encoding="utf-8") as handle:
        handle.write("npzuid,Nationaal Programma Zuid,NPZ,heerlen-noord,nplv,,2022,,,rk2023-h3-1\n")
    with (financien_package / "geldstromen.csv").open("a", encoding="utf-8") as handle:
        handle.write("geld-van-zuid,Geld van Zuid,npzuid,rijk,regio deal,,,2022,2025,,extra,focusgebied,123000,,,,,,"
                     ",,,rk2023-par6-3\n")
    assert import_package(engine, financien_package).written
    own, other = tmp_path / "eigen.md", tmp_path / "zuid.md"
    for out, extra in ((own, ["--programma", "nphln"]), (other, ["--programma", "npzuid"])):
        result = CliRunner().invoke(app, ["report", "paragraaf", "--jaar", "2024", "--format", "md", "--out", str(out),
                                          "--peildatum", "2023-11-15", "--db", _db(engine), *extra])
        assert result.exit_code == 0, result.output
    assert "Regio Deal Parkstad, tweede tranche" in own.read_text(encoding="utf-8")
    assert "Geld van Zuid" not in own.read_text(encoding="utf-8")
    assert "Geld van Zuid" in other.read_text(encoding="utf-8")
    assert "Regio Deal Parkstad" not in other.read_text(encoding="utf-8")
    unknown = CliRunner().invoke(app, ["report", "paragraaf", "--jaar", "2024", "--out", str(tmp_path / "x.md"),
                                       "--programma", "nergens", "--db", _db(engine)])
    assert unknown.exit_code == 1
    assert "onbekend programma: nergens; programma's van een focusgebied: nphln, npzuid" in unknown.output
    assert not (tmp_path / "x.md").exists()
    unchosen = CliRunner().invoke(app, ["report", "paragraaf", "--jaar", "2024", "--out", str(tmp_path / "x.md"),
                                        "--db", _db(engine)])
    assert unchosen.exit_code == 1
    assert "de monitor bevat 2 programma's van een focusgebied: nphln (Nationaal Programma Heerlen-Noord), " \
           "npzuid (Nationaal Programma Zuid); kies er een met --programma" in unchosen.output
    assert not (tmp_path / "x.md").exists()
