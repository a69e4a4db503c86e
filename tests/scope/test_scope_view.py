"""The view on one programme's records (analysis/scope.py) on a store holding the demo and Arnhem-Oost."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.analysis.programme.scope import (
    OnbekendProgramma,
    ProgrammaNodig,
    ProgrammeRecords,
    choose_programme,
    everything,
)
from raadsmonitor.cli import app
from raadsmonitor.demo import DEMO_PACKAGE
from raadsmonitor.domain.indicators import Indicator, Waarneming
from raadsmonitor.domain.money import Geldstroom, GeldstroomBedrag
from raadsmonitor.domain.programme import Doel, Orgaan, Programma, Thema
from raadsmonitor.domain.records import KNOWN
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.services.moments import take_peilmoment
from raadsmonitor.store.dataset import StoreRecords
from tests.scope.arnhem import PROGRAMMA, write_arnhem_package


@pytest.fixture
def both(engine: Engine, demo_package: Path, tmp_path: Path) -> Engine:
    for package in (demo_package, write_arnhem_package(tmp_path / "arnhem-oost", demo_package)):
        assert import_package(engine, package).written
    return engine


def test_the_view_leaves_out_the_other_programme_and_keeps_what_is_shared(both: Engine) -> None:
    with both.connect() as connection:
        store = StoreRecords(connection)
        heerlen, arnhem = ProgrammeRecords(store, "nphln"), ProgrammeRecords(store, PROGRAMMA)
        assert {p.id for p in heerlen.all(Programma)} == {"nplv", "nphln"}
        assert {p.id for p in arnhem.all(Programma)} == {"nplv", PROGRAMMA}
        assert len(heerlen.all(Geldstroom)) == 12 and len(arnhem.all(Geldstroom)) == 4
        assert len(store.all(Geldstroom)) == 16
        assert [b.geldstroom for b in arnhem.all(GeldstroomBedrag)] == ["ao-ministerie"]
        assert heerlen.get(Thema, "ao-wonen-en-buurt") is None
        assert arnhem.get(Thema, "ao-wonen-en-buurt") is not None
        assert heerlen.where(Waarneming, indicator="ao-tevredenheid-woonomgeving") == []
        assert len(arnhem.where(Waarneming, indicator="ao-tevredenheid-woonomgeving", limit=1, offset=1)) == 1
        national = {d.id for d in store.where(Doel, programma="nplv")}  # the ER-doelen belong to both
        assert national and national <= {d.id for d in heerlen.all(Doel)} and national <= {
            d.id for d in arnhem.all(Doel)}
        everyone = store.count_by(Waarneming, "indicator", waarde=KNOWN)
        counted = heerlen.count_by(Waarneming, "indicator", waarde=KNOWN)
        assert counted == {key: n for key, n in everyone.items() if key != "ao-tevredenheid-woonomgeving"}
        assert "ao-tevredenheid-woonomgeving" in everyone
        assert {o.id for o in arnhem.all(Orgaan)} == {"rijk", "ao-college"}  # Heerlen's council is Heerlen's
        assert {i.id for i in arnhem.all(Indicator)} >= {"ao-tevredenheid-woonomgeving"}
        assert not any(i.thema and i.thema not in {"ao-wonen-en-buurt", "ao-veilig-opgroeien"}
                       for i in arnhem.all(Indicator))
        assert everything(heerlen) is store


def test_the_default_is_never_silently_the_first(both: Engine) -> None:
    with both.connect() as connection:
        store = StoreRecords(connection)
        with pytest.raises(ProgrammaNodig, match="de monitor bevat 2 programma's van een focusgebied: npao "
                                                 r"\(Programma Arnhem-Oost\), nphln"):
            choose_programme(store, None)
        assert choose_programme(store, None, default=PROGRAMMA).id == PROGRAMMA  # type: ignore[union-attr]
        assert choose_programme(store, "nphln", default=PROGRAMMA).id == "nphln"  # type: ignore[union-attr]
        with pytest.raises(OnbekendProgramma, match="onbekend programma: nplv"):
            choose_programme(store, "nplv")


def test_changes_are_those_of_one_programme(both: Engine, tmp_path: Path) -> None:
    take_peilmoment(both, date(2024, 1, 1), None, datetime(2024, 1, 2, tzinfo=UTC))
    folder = write_arnhem_package(tmp_path / "gewijzigd", DEMO_PACKAGE)
    path = folder / "geldstromen.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("26600000", "26700000"), encoding="utf-8")
    assert import_package(both, folder).written
    url = both.url.render_as_string(hide_password=False)
    heerlen = CliRunner().invoke(app, ["changes", "--programma", "nphln", "--format", "json", "--db", url])
    arnhem = CliRunner().invoke(app, ["changes", "--programma", PROGRAMMA, "--format", "json", "--db", url])
    assert heerlen.exit_code == arnhem.exit_code == 0, heerlen.output + arnhem.output
    assert "ao-ministerie" not in heerlen.output and "26700000" not in heerlen.output
    assert "ao-ministerie" in arnhem.output and "26700000" in arnhem.output


def test_a_question_about_a_referred_table_reads_that_table_once(both: Engine) -> None:
    """Issue 15: the register asked for some informatiestukken, and _shown then read the whole table for its
    hidden ids; now the whole table is read first and answers the question too (same records, same order)."""
    from sqlalchemy import event

    from raadsmonitor.domain.council import Informatiestuk

    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    with both.connect() as connection:
        expected = [s for s in StoreRecords(connection).all(Informatiestuk) if s.programma == "nphln"]
        event.listen(both, "before_cursor_execute", seen)
        try:
            found = ProgrammeRecords(StoreRecords(connection), "nphln").where(Informatiestuk, programma="nphln")
        finally:
            event.remove(both, "before_cursor_execute", seen)
    assert found == expected
    # The rows are read once; before that the store is asked how large the table is (one GROUP BY per column that
    # hides records: programma, thema; a table this small is then read whole, a large one in part, issue 15).
    reads = [s for s in statements if "FROM informatiestukken" in s]
    assert len([s for s in reads if "count(" not in s]) == 1
    assert len([s for s in reads if "count(" in s and "GROUP BY" in s]) == len(reads) - 1 <= 2
