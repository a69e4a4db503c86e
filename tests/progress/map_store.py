"""A store with the Heerlen-Noord demo, CBS figures for Heerlen's buurten in 2024 (read over HTTP from the
recorded answer shapes) and the test boundaries of four Heerlen buurten: what the map page needs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from raadsmonitor.domain.programme import Gebied
from raadsmonitor.services.audit_context import local_context
from raadsmonitor.services.datapackage.importer import import_from, import_package
from raadsmonitor.sources import cbs_wijkbuurt
from raadsmonitor.sources.cbs import UrllibClient as CbsHttpClient
from raadsmonitor.sources.grenzen import read_boundaries
from raadsmonitor.store.boundaries import write_boundaries
from raadsmonitor.store.dataset import StoreRecords
from tests.packages import write_csv_package
from tests.progress.fixture_server import serving

GEOJSON = Path(__file__).resolve().parent.parent / "fixtures" / "geo" / "heerlen-buurten.geojson"
MATEN = {"Aantal inwoners": "inwoners", "Personen per soort uitkering; Bijstand": "bijstand-personen"}


def fill_map_store(engine: Engine, demo_package: Path, tmp_path: Path) -> None:
    assert import_package(engine, demo_package).written
    extra = write_csv_package(tmp_path / "kaart-indicatoren", {"indicatoren": [
        {"id": "inwoners", "naam": "Aantal inwoners", "eenheid": "aantal", "polariteit": "neutraal",
         "gegevensbron": "CBS", "bron": "rk2023-fig2"},
        {"id": "bijstand-personen", "naam": "Personen in de bijstand", "eenheid": "aantal",
         "polariteit": "lager is beter", "gegevensbron": "CBS", "bron": "rk2023-fig2"}]})
    assert import_package(engine, extra).written
    gebieden = StoreRecords(engine).all(Gebied)
    with serving() as server:
        reader = cbs_wijkbuurt.prepare_years(CbsHttpClient(timeout=5), [2024], MATEN, gebieden, date(2026, 12, 6),
                                             gemeente="GM0917",
                                             adressen=cbs_wijkbuurt.CbsAdressen.onder(server.base))
    report = import_from(engine, reader, reader.source)
    assert report.written, [str(p) for p in report.problems]
    grenzen, problems = read_boundaries(GEOJSON, date(2026, 12, 6))
    assert problems == []
    write_boundaries(engine, grenzen, GEOJSON.name, local_context())
