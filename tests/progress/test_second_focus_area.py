"""README 'Een tweede focusgebied vullen uit open bronnen' (issue 18): the three commands fill Arnhem-Oost (GM0202)
beside Heerlen-Noord, over real HTTP from a local server, without touching a figure of Heerlen-Noord.

ALL FIGURES, CODES AND NAMES OF ARNHEM-OOST HERE ARE SYNTHETIC: made up by this test in the answer shapes of
CBS (OData v4 for 2024, the older v3 feed for 2023, as tests/fixtures/cbs), labelled 'synthetisch' in every
name. The wijk codes WK020290/WK020291 are not Arnhem's real codes; nothing here is CBS data."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.domain.indicators import Waarneming
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.html import page, text
from tests.packages import write_csv_package
from tests.progress.fixture_server import FIXTURES, serving

# Synthetic: (code, name, inwoners 2023, 2024, bijstand 2023, 2024)
REGIONS: list[tuple[str, str, int | None, int | None, int | None, int | None]] = [
    ("NL01", "Nederland", 17_800_000, 18_000_000, 400_000, 405_000),
    ("GM0202", "Arnhem", 165_000, 166_000, 6_000, 6_100),
    ("WK020290", "Synthetische wijk Oost 1", 6_000, 6_100, 300, 290),
    ("WK020291", "Synthetische wijk Oost 2", 4_000, 4_050, 150, None),  # unknown in 2024
    ("BU02029001", "Synthetische buurt 1", 2_500, 2_600, 120, 110),
    ("BU02029002", "Synthetische buurt 2", 3_500, 3_500, 180, 180),
    ("BU02029101", "Synthetische buurt 3", 4_000, 4_050, 150, None),
]
V4_MEASURES = {"T001036": 3, "M000297": 5}  # measure code -> position of its 2024 value in REGIONS
V3_KEYS = {"AantalInwoners_6": 2, "PersonenPerSoortUitkeringBijstand_81": 4}  # 2023 columns (tests/fixtures/cbs)


def _write(path: Path, body: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")


def synthetic_cbs(root: Path) -> Path:
    """A CBS answer tree for Arnhem under `root`: the metadata of tests/fixtures/cbs, synthetic figures."""
    v4, v3 = root / "v4" / "85984NED", root / "v3" / "85618NED"
    for name in ("Properties", "Dimensions", "MeasureCodes"):
        v4.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / "v4" / "85984NED" / f"{name}.json", v4 / f"{name}.json")
    for name in ("TableInfos", "DataProperties"):
        v3.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / "v3" / "85618NED" / f"{name}.json", v3 / f"{name}.json")
    observations = [{"Id": number, "Measure": measure, "Value": row[at], "WijkenEnBuurten": row[0],
                     "ValueAttribute": "None" if row[at] is not None else "Impossible"}
                    for number, (row, (measure, at)) in enumerate(
                        (row, item) for row in REGIONS for item in V4_MEASURES.items())]
    half = len(observations) // 2  # two pages, as CBS pages by @odata.nextLink
    _write(v4 / "Observations.json", {"value": observations[:half],
                                      "@odata.nextLink": "{base}/odata/v1/CBS/85984NED/Observations?$skiptoken=2"})
    _write(v4 / "Observations-2.json", {"value": observations[half:]})
    _write(v4 / "WijkenEnBuurtenCodes.json", {"value": [
        {"Identifier": code, "Index": index, "Title": name, "DimensionGroupId": code[:2]}
        for index, (code, name, *_) in enumerate(REGIONS, 1)]})
    _write(v3 / "TypedDataSet.json", {"value": [
        {"ID": index, "WijkenEnBuurten": row[0].ljust(10), **{key: row[at] for key, at in V3_KEYS.items()}}
        for index, row in enumerate(REGIONS)]})
    _write(v3 / "WijkenEnBuurten.json", {"value": [
        {"Key": code.ljust(10), "Title": name, "DetailRegionCode": code} for code, name, *_ in REGIONS]})
    return root


def synthetic_package(folder: Path) -> Path:
    """Command 1's package: Arnhem, the focus area Arnhem-Oost and its two (synthetic) wijken, two indicators."""
    bron = "arnhem-oost-synthetisch"
    return write_csv_package(folder, {
        "bronnen": [{"id": bron, "document": "Afbakening Arnhem-Oost (synthetisch testpakket)", "uitgever": "test"}],
        "gebieden": [
            {"id": "GM0202", "naam": "Arnhem", "soort": "gemeente", "cbs_code": "GM0202", "ligt_in": "NL01",
             "bron": bron},
            {"id": "arnhem-oost", "naam": "Arnhem-Oost", "soort": "focusgebied", "ligt_in": "GM0202", "bron": bron},
            *({"id": code, "naam": name, "soort": "wijk", "cbs_code": code, "ligt_in": "GM0202", "bron": bron}
              for code, name, *_ in REGIONS if code.startswith("WK"))],
        "gebiedsonderdelen": [{"focusgebied": "arnhem-oost", "gebied": code, "bron": bron}
                              for code, *_ in REGIONS if code.startswith("WK")],
        "indicatoren": [
            {"id": "inwoners", "naam": "Aantal inwoners", "eenheid": "aantal", "polariteit": "neutraal", "bron": bron},
            {"id": "bijstand-personen", "naam": "Personen in de bijstand", "eenheid": "aantal",
             "polariteit": "lager is beter", "bron": bron}]})


def synthetic_boundaries(path: Path) -> Path:
    """Command 3's GeoJSON: a square per synthetic buurt near Arnhem, with PDOK's property names."""
    features = []
    for index, (code, name, *_) in enumerate(row for row in REGIONS if row[0].startswith("BU")):
        west, south = 5.93 + index * 0.01, 51.98
        ring = [[west, south], [west + 0.009, south], [west + 0.009, south + 0.009], [west, south + 0.009],
                [west, south]]
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                         "properties": {"buurtcode": code, "buurtnaam": name, "wijkcode": "WK" + code[2:8],
                                        "gemeentecode": "GM0202", "gemeentenaam": "Arnhem"}})
    path.write_text(json.dumps({"type": "FeatureCollection", "name": "buurten (synthetisch)",
                                "features": features}), encoding="utf-8")
    return path


def _waarnemingen(engine: Engine) -> dict[tuple[str, str, str], Decimal | None]:
    with engine.connect() as connection:
        return {(w.indicator, w.gebied, w.periode): w.waarde for w in StoreRecords(connection).all(Waarneming)}


def test_three_commands_fill_arnhem_oost_beside_heerlen_noord_without_touching_it(
        engine: Engine, demo_package: Path, tmp_path: Path) -> None:
    db = ["--db", engine.url.render_as_string(hide_password=False)]
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(demo_package), *db]).exit_code == 0  # Heerlen-Noord
    heerlen_before = _waarnemingen(engine)
    assert heerlen_before

    first = runner.invoke(app, ["import", str(synthetic_package(tmp_path / "arnhem-oost")), *db])
    assert first.exit_code == 0, first.output
    with serving(synthetic_cbs(tmp_path / "cbs")) as server:
        second = runner.invoke(app, [
            "import-cbs", "--jaar", "2023", "--jaar", "2024", "--gemeente", "GM0202",
            "--maat", "Aantal inwoners=inwoners",
            "--maat", "Personen per soort uitkering; Bijstand=bijstand-personen", "--cbs-url", server.base, *db])
    assert second.exit_code == 0, second.output
    assert "2023: tabel 85618NED via OData v3" in second.output and "2024: tabel 85984NED via OData v4" in second.output
    third = runner.invoke(app, ["import-grenzen", str(synthetic_boundaries(tmp_path / "buurten-2024.geojson")), *db])
    assert third.exit_code == 0, third.output
    for result in (first, second, third):
        assert "Samenvatting: " in result.output and " 0 geweigerd" in result.output

    after = _waarnemingen(engine)
    assert {key: after.get(key) for key in heerlen_before} == heerlen_before  # not one Heerlen figure changed
    for code, _, inwoners_2023, inwoners_2024, bijstand_2023, bijstand_2024 in REGIONS:
        assert after[("inwoners", code, "2023")] == Decimal(inwoners_2023 or 0)
        assert after[("inwoners", code, "2024")] == Decimal(inwoners_2024 or 0)
        assert after[("bijstand-personen", code, "2023")] == (Decimal(bijstand_2023) if bijstand_2023 else None)
        assert after[("bijstand-personen", code, "2024")] == (Decimal(bijstand_2024) if bijstand_2024 else None)
    assert {key[1] for key in after.keys() - heerlen_before.keys()} == {code for code, *_ in REGIONS}
    with engine.connect() as connection:
        gebieden = {g.id: g for g in StoreRecords(connection).all(Gebied)}
    assert gebieden["BU02029001"].ligt_in == gebieden["BU02029002"].ligt_in == "WK020290"
    assert gebieden["BU02029101"].ligt_in == "WK020291" and gebieden["arnhem-oost"].ligt_in == "GM0202"
    assert gebieden["heerlen-noord"].ligt_in == "GM0917"

    client = TestClient(create_app(engine, DEMO_SETTINGS))
    soup = page(client, "/voortgang/kaart?indicator=inwoners&gebied=arnhem-oost")
    rows = [[text(cell) for cell in row.select("th, td")][:3] for row in soup.select("table tbody tr")]
    assert rows == [["Synthetische buurt 1", "BU02029001", "2.600"], ["Synthetische buurt 2", "BU02029002", "3.500"],
                    ["Synthetische buurt 3", "BU02029101", "4.050"]]
    assert len(soup.select("svg path.rm-kaart-buurt")) == 3
