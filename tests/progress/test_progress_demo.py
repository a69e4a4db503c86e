"""Progress on the demo: the gaps the report holds, with the right sign, on the command line and pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.web.app import create_app
from tests.html import one, parent

# Report, bijlage 5 figures 1-5: Heerlen-Noord against Nederland in the startsituatie; positive = behind.
HEERLEN_NOORD = {
    "laaggeletterdheid": (20, 12, 8), "deelname-vv-voorziening": (54, 90, 36), "vsv": (4.6, 1.9, 2.7),
    "verwachte-onderwijsachterstand": (32, 15, 17), "schuldenproblematiek": (17, 8, 9),
    "arbeidsparticipatie": (57, 69, 12), "bijstandsdichtheid": (11, 5.1, 5.9),
    "ervaren-slechte-gezondheid": (41, 24, 17), "obesitas": (25.1, 14.7, 10.4),
    "gemiddelde-woz-waarde": (135000, 290000, 155000), "energielabel-d-t-m-g": (50, 33, 17),
    "energiearmoede": (16, 8, 8), "waardering-leefomgeving": (6.4, 7.6, 1.2), "onveilig-voelen": (29, 14, 15),
    "misdrijven-per-1000": (22, 14, 8), "ervaren-sociale-overlast": (26, 12, 14),
}
# Report figure 2 (Zicht op wijken, 10 September 2023): Vrieheide-de Stack stands in for Heerlen-Noord.
VRIEHEIDE = {"arbeidsparticipatie": 16, "bijstandsgerechtigden-per-1000": 41.8, "gem-leeftijd-overleden": 11.7,
             "gemiddeld-inkomen-per-inkomensontvanger": 13200, "high-impact-crimes-per-10000": 47.6}


@pytest.fixture
def demo(engine: Engine, demo_package: Path) -> Engine:
    assert import_package(engine, demo_package).written
    return engine


def _progress(engine: Engine, *args: str) -> str:
    result = CliRunner().invoke(app, ["progress", "--db", engine.url.render_as_string(hide_password=False), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_progress_json_gives_every_heerlen_noord_gap_with_the_right_sign(demo: Engine) -> None:
    rows = {row["indicator"]: row for row in json.loads(_progress(demo, "--gebied", "heerlen-noord",
                                                                  "--format", "json"))}
    found = {key: (rows[key]["waarde"], rows[key]["norm_waarde"], rows[key]["achterstand"]) for key in HEERLEN_NOORD}
    assert found == HEERLEN_NOORD
    arbeid = rows["arbeidsparticipatie"]
    assert (arbeid["eenheid"], arbeid["polariteit"], arbeid["verschil"]) == ("procent", "hoger is beter", -12)
    assert arbeid["status"] == "onvoldoende gegevens"
    assert arbeid["status_toelichting"] == ("Er is alleen een nulmeting (startsituatie); of Heerlen-Noord op koers "
                                            "ligt, blijkt pas na een volgende meting.")
    assert arbeid["peildatum"] is None and arbeid["moment"] == "2021-11-22" and arbeid["moment_aangenomen"] is True
    assert rows["jongeren-buiten-beeld"]["waarde"] is None  # empty in the report: unknown, not 0
    # beside each explanation its values: why the status is what it is, why there is no trend (issue 19)
    assert (arbeid["status_reden"], arbeid["afwijking_pad"], arbeid["tolerantie"]) == ("alleen_nulmeting", None, None)
    assert (arbeid["trend_reden"], arbeid["trend_metingen"], arbeid["trend_gesloten"]) == ("te_weinig_metingen", 1,
                                                                                           None)
    assert arbeid["trend_toelichting"].endswith("; er is één meting.")
    assert rows["jongeren-buiten-beeld"]["status_reden"] == "geen_waarde"


def test_progress_for_the_representant_and_a_comparison_area(demo: Engine) -> None:
    rows = json.loads(_progress(demo, "--format", "json"))
    vrieheide = {r["indicator"]: r["achterstand"] for r in rows if r["gebied"] == "vrieheide-de-stack"}
    assert {key: vrieheide[key] for key in VRIEHEIDE} == VRIEHEIDE
    roermond = {r["indicator"]: r for r in rows if r["gebied"] == "GM0957"}
    assert roermond["energielabel-e-t-m-g"]["achterstand"] == -1  # 15% against 16%: one point better
    assert {r["peildatum"] for r in rows if r["gebied"] == "GM0957"} == {"2023-09-10"}


def test_progress_against_another_area_and_as_csv_and_table(demo: Engine) -> None:
    rows = list(csv.DictReader(io.StringIO(_progress(demo, "--gebied", "vrieheide-de-stack", "--norm", "GM0917",
                                                     "--indicator", "arbeidsparticipatie", "--format", "csv"))))
    assert [(r["waarde"], r["norm_waarde"], r["achterstand"], r["reeksbreuk"]) for r in rows] == [
        ("53", "59", "6", "nee")]
    table = _progress(demo, "--gebied", "heerlen-noord", "--indicator", "bijstandsdichtheid")
    assert table.splitlines()[1].split() == ["Bijstandsdichtheid", "Heerlen-Noord", "startsituatie", "11%", "5,1%",
                                             "5,9", "onvoldoende", "gegevens"]


def test_an_unknown_area_is_refused_in_dutch(demo: Engine) -> None:
    result = CliRunner().invoke(app, ["progress", "--db", demo.url.render_as_string(hide_password=False),
                                      "--gebied", "GM9999"])
    assert result.exit_code == 2
    assert "--gebied GM9999: dit gebied staat niet in de database" in result.output


def _page(engine: Engine, url: str) -> BeautifulSoup:
    response = TestClient(create_app(engine)).get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def _card(page: BeautifulSoup, name: str) -> dict[str, str]:
    card = page.find("a", string=name).find_parent("li")  # type: ignore[union-attr]
    terms = [dt.get_text(" ", strip=True) for dt in card.find_all("dt")]  # type: ignore[union-attr]
    values = [dd.get_text(" ", strip=True) for dd in card.find_all("dd")]  # type: ignore[union-attr]
    return dict(zip(terms, values, strict=True))


def test_the_progress_page_shows_cards_per_goal_with_gap_status_age_and_sources(demo: Engine) -> None:
    page = _page(demo, "/voortgang")
    card = _card(page, "Arbeidsparticipatie")
    assert card["Heerlen-Noord (startsituatie)"] == "57% Bron: Bijlage 5, figuur 2"
    assert card["Nederland (zelfde periode)"] == "69% Bron: Bijlage 5, figuur 2"
    assert card["Afstand"] == "12 procentpunten achter op Nederland (hoger is beter)"
    assert card["Status"].startswith("onvoldoende gegevens. Er is alleen een nulmeting")
    assert card["Ouderdom"] == "onbekend : de bron noemt geen peildatum"
    bijstand = _card(page, "Bijstandsdichtheid")
    assert bijstand["Afstand"] == "5,9 procentpunten achter op Nederland (lager is beter)"
    goal = page.find("h3", string=lambda s: bool(s) and "aandeel mensen in de bijstand" in s)
    assert goal is not None and goal.find_next("ul").find("a", string="Bijstandsdichtheid")  # type: ignore[union-attr]
    assert "Doeljaar 2041 — Aanname van de demo" in page.get_text(" ", strip=True)


def test_a_card_says_when_a_representant_stands_in_for_the_focus_area(demo: Engine) -> None:
    card = _card(_page(demo, "/voortgang"), "Bijstandsgerechtigden per 1.000 inw.")
    assert card["Vrieheide-de Stack (zicht-op-wijken-2023-09-10)"] == "65 per 1.000 inwoners Bron: Figuur 2"
    assert card["Ouderdom"] == f"{card['Ouderdom'].split(' oud')[0]} oud (peildatum 10 september 2023)"


def test_the_indicator_page_says_why_there_is_no_trend_and_marks_the_series_break(demo: Engine) -> None:
    text = _page(demo, "/voortgang/indicatoren/gemiddelde-woz-waarde").get_text(" ", strip=True)
    assert "er is één meting" in text
    assert "Reeksbreuk : vanaf hier andere definitie, bron of gebiedsgrenzen" in text
    assert "Na de nulmeting is de reeks gebroken" in text  # Heerlen: 150.000 then 160.000 from another source
    assert "€ 155.000 achter op Nederland" in text


def test_stories_are_shown_beside_the_numbers(demo: Engine) -> None:
    page = _page(demo, "/voortgang")
    assert "De winst van de alliantie is dat we nu samen kijken" in page.get_text(" ", strip=True)


def test_kernindicatoren_by_actielijn_with_what_is_known(demo: Engine) -> None:
    page = _page(demo, "/voortgang/kernindicatoren")
    headings = [h.get_text(" ", strip=True) for h in page.find_all("h2")]
    assert [h.split(":")[0] for h in headings] == ["Actielijn 2", "Actielijn 3", "Actielijn 4"]
    assert _card(page, "Arbeidsparticipatie")["Afstand"] == "12 procentpunten achter op Nederland (hoger is beter)"
    ses = page.find("a", string="SES-WOA-score").find_parent("li")  # type: ignore[union-attr]
    assert "Nog geen cijfers" in ses.get_text(" ", strip=True)  # type: ignore[union-attr]


def test_comparison_is_sortable_by_a_get_parameter(demo: Engine) -> None:
    def order(sort: str) -> list[tuple[str, str]]:
        page = _page(demo, f"/vergelijking?indicator=arbeidsparticipatie&sorteer={sort}")
        rows = one(one(page, "table"), "tbody").find_all("tr")
        return [(one(r, "th").get_text(strip=True), r.find_all("td")[-1].get_text(strip=True)) for r in rows]

    assert order("achterstand") == [("Vrieheide-de Stack", "16 procentpunten"), ("Heerlen-Noord", "12 procentpunten"),
                                    ("Heerlen", "10 procentpunten"), ("Roermond", "4 procentpunten")]
    assert [name for name, _ in order("waarde")] == ["Roermond", "Heerlen", "Heerlen-Noord", "Vrieheide-de Stack"]
    assert [name for name, _ in order("gebied")] == ["Heerlen", "Heerlen-Noord", "Roermond", "Vrieheide-de Stack"]


def test_each_theme_has_a_chart_of_relative_gaps_with_the_same_figures_in_a_table(demo: Engine) -> None:
    page = _page(demo, "/voortgang")
    caption = page.find("caption", string=lambda s: bool(s) and s.startswith(
        "Achterstand per indicator bij Werk en bestaanszekerheid"))
    assert caption is not None
    rows = {one(r, "th").get_text(strip=True): one(r, "td").get_text(strip=True)
            for r in one(parent(caption, "table"), "tbody").find_all("tr")}
    assert rows["Arbeidsparticipatie (Heerlen-Noord)"] == "17% achter"  # 12 / 69
    assert rows["Bijstandsdichtheid (Heerlen-Noord)"] == "116% achter"  # 5,9 / 5,1
    figure = caption.find_parent("div").find_previous_sibling("figure")  # type: ignore[union-attr]
    assert figure.find("svg")["role"] == "img"  # type: ignore[union-attr,index]
