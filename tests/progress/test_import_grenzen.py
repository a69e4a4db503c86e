"""`import-grenzen`: boundaries of buurten from GeoJSON, all or nothing (issue 18)."""

from __future__ import annotations

import json
import os
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner, Result

from raadsmonitor.cli import app
from raadsmonitor.sources.grenzen import read_boundaries, simplify
from raadsmonitor.store.boundaries import load_boundaries

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "geo" / "heerlen-buurten.geojson"


def _run(engine: Engine, path: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["import-grenzen", str(path), *args,
                                    "--db", engine.url.render_as_string(hide_password=False)])


def test_pdok_shaped_buurten_are_stored_by_cbs_code_with_their_source(engine: Engine) -> None:
    result = _run(engine, FIXTURE)
    assert result.exit_code == 0, result.output
    assert "gebiedsgrenzen: 4 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 geweigerd" in result.output
    grenzen = {g.cbs_code: g for g in load_boundaries(engine)}
    assert sorted(grenzen) == ["BU09170101", "BU09170102", "BU09170103", "BU09170104"]
    assert grenzen["BU09170102"].naam == "Passart"
    assert grenzen["BU09170101"].bron == "heerlen-buurten.geojson (grenzenbestand)"
    ring = json.loads(grenzen["BU09170101"].geometrie)[0][0]
    # The nearly straight point on the southern edge (about 1 m off) is simplified away; RD-like metres.
    assert len(ring) == 5
    assert 190_000 < ring[0][0] < 200_000 and 320_000 < ring[0][1] < 330_000


def test_a_second_run_changes_nothing_and_json_counts_it(engine: Engine) -> None:
    assert _run(engine, FIXTURE).exit_code == 0
    result = _run(engine, FIXTURE, "--format", "json")
    assert json.loads(result.stdout)["aantallen"]["gebiedsgrenzen"] == {
        "nieuw": 0, "gewijzigd": 0, "ongewijzigd": 4, "geweigerd": 0}


def test_dry_run_writes_nothing(engine: Engine) -> None:
    result = _run(engine, FIXTURE, "--dry-run", "--format", "json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["proefrun"] is True and summary["aantallen"]["gebiedsgrenzen"]["nieuw"] == 4
    assert load_boundaries(engine) == []


def test_one_bad_feature_refuses_the_whole_file_naming_where(engine: Engine, tmp_path: Path) -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["features"][2]["properties"]["buurtcode"] = "BU0917"
    data["features"][3]["geometry"] = {"type": "Point", "coordinates": [5.9, 50.9]}
    bad = tmp_path / "fout.geojson"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = _run(engine, bad)
    assert result.exit_code == 1
    assert ("fout.geojson, object 3 (buurtcode BU0917): 'BU0917' is geen CBS-code van een gemeente, wijk of buurt"
            in result.output)
    assert "fout.geojson, object 4 (buurtcode BU09170104), geometry: geometrie is 'Point'" in result.output
    assert "2 gebieden geweigerd; er is niets opgeslagen." in result.output
    assert load_boundaries(engine) == []


def test_a_file_that_is_not_json_is_refused_with_line_and_column(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "kapot.geojson"
    bad.write_text('{"type": "FeatureCollection",\n "features": [}', encoding="utf-8")
    result = _run(engine, bad)
    assert result.exit_code == 1
    assert "kapot.geojson: geen geldige JSON (regel 2, kolom 15)" in result.output


def test_rd_coordinates_and_older_cbs_property_names_are_read(tmp_path: Path) -> None:
    square = [[[195000, 325000], [195500, 325000], [195500, 325400], [195000, 325400], [195000, 325000]]]
    data = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
            "features": [{"type": "Feature", "properties": {"WK_CODE": "WK091701", "WK_NAAM": "Heerlerheide"},
                          "geometry": {"type": "MultiPolygon", "coordinates": [square]}}]}
    path = tmp_path / "wijken.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    grenzen, problems = read_boundaries(path, date(2026, 12, 6))
    assert problems == []
    assert grenzen[0].cbs_code == "WK091701" and grenzen[0].naam == "Heerlerheide"
    assert json.loads(grenzen[0].geometrie) == [square]


def test_simplify_keeps_corners_and_drops_points_on_a_line() -> None:
    ring = [(0.0, 0.0), (50.0, 0.5), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0), (0.0, 0.0)]
    assert simplify(ring) == [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0), (0.0, 0.0)]


@pytest.mark.network
@pytest.mark.skipif(os.environ.get("RAADSMONITOR_NETWORK_TESTS") != "1",
                    reason="RAADSMONITOR_NETWORK_TESTS=1 niet gezet")
def test_live_pdok_buurten_of_heerlen_are_read(tmp_path: Path) -> None:
    url = ("https://api.pdok.nl/cbs/wijken-en-buurten-2024/ogc/v1/collections/buurten/items"
           "?f=json&limit=20&bbox=5.95,50.88,5.99,50.91")
    request = urllib.request.Request(url, headers={"Accept": "application/geo+json"})  # noqa: S310 - https
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 # nosec B310 - https, fixed
        (tmp_path / "pdok.geojson").write_bytes(response.read())
    grenzen, problems = read_boundaries(tmp_path / "pdok.geojson", date(2026, 12, 6))
    assert problems == []
    assert any(g.cbs_code.startswith("BU0917") for g in grenzen)
