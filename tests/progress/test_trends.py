"""Trends, not only gaps (issue 16): per indicator the focus area, its municipality and Nederland over every
period held, with the required path, as an accessible chart with a table of the same figures beside it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.analysis.programme.scope import ProgrammeRecords
from raadsmonitor.analysis.progress.trends import trends
from raadsmonitor.domain.enums import Polariteit
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.dataset import StoreRecords
from tests.html import attr, one, page, parent, select_one, text
from tests.web.test_dashboard import SYNTHETISCH, national_client, national_package  # noqa: F401 # fixtures


def _rows(item: object) -> dict[str, list[str]]:
    table = select_one(item, "table")  # type: ignore[arg-type]
    return {text(one(row, "th")): [text(td) for td in row.find_all("td")]
            for row in select_one(table, "tbody").find_all("tr")}


def test_each_indicator_has_a_chart_of_area_municipality_and_nederland_with_a_table(client: TestClient) -> None:
    soup = page(client, "/voortgang/trends")
    item = parent(one(soup, "a", string="Arbeidsparticipatie"), "li")
    assert attr(item, "id") == "trend-arbeidsparticipatie"
    svg = select_one(item, "figure svg")
    assert attr(svg, "role") == "img" and svg.title and svg.desc
    assert [text(th) for th in item.select("thead th")] == ["Periode", "Heerlen-Noord", "Heerlen", "Nederland",
                                                            "Vereist pad Heerlen-Noord"]
    rows = _rows(item)
    # At the nulmeting the path asks what the area has: the gap of 12 procentpunten is where it starts.
    assert rows["startsituatie"] == ["57%", "onbekend", "69%", "57%"]
    assert rows["zicht-op-wijken-2023-09-10"][:2] == ["geen meting", "59%"]
    region = select_one(item, ".rm-table-wrap")
    assert attr(region, "role") == "region" and attr(region, "tabindex") == "0"
    method = select_one(soup, "details.rm-method")
    assert text(select_one(method, "summary")) == "Hoe wordt dit berekend?" and "2041" in text(method)


def test_the_required_path_closes_the_gap_towards_the_goal_year(engine: Engine,
                                                                national_package: Path) -> None:  # noqa: F811
    assert import_package(engine, national_package).written
    records = ProgrammeRecords(StoreRecords(engine), SYNTHETISCH.rsplit("/", 1)[-1])
    found = [t for t in trends(records, date(2026, 12, 6)) if any(r.rol == "vereist pad" for r in t.reeksen)]
    assert found
    for trend in found:
        by_role = {r.rol: r for r in trend.reeksen}
        path, norm, area = by_role["vereist pad"], by_role["norm"], by_role["focusgebied"]
        norms = {p.periode: p.waarde for p in norm.punten if p.waarde is not None}
        gaps = [abs(p.waarde - norms[p.periode]) for p in sorted(path.punten, key=lambda p: p.jaar or 0)
                if p.waarde is not None and p.periode in norms]
        assert gaps == sorted(gaps, reverse=True), trend.indicator.id  # the allowed gap only shrinks
        first = min(path.punten, key=lambda p: p.jaar or 0)
        start = next(p for p in area.punten if p.periode == first.periode)
        if start.waarde is not None and first.waarde is not None and first.periode in norms and (
                (trend.indicator.polariteit is Polariteit.HOGER_IS_BETER) == (start.waarde < norms[first.periode])):
            assert abs(first.waarde - start.waarde) < Decimal("0.000001")  # a gap at the start: the path starts there


def test_trends_of_a_generated_national_package_render(national_client: TestClient) -> None:  # noqa: F811
    soup = page(national_client, f"{SYNTHETISCH}/voortgang/trends")
    items = soup.select("li.rm-multiple")
    assert len(items) > 10
    assert all(item.select_one("figure svg[role=img]") and item.select_one("table") for item in items)
