"""The start page as a dashboard (issue 16): every figure on a tile is the figure on the page behind it, on the
Heerlen-Noord demo and on a generated national package; each tile has a stable anchor; the method sits behind
a "Hoe wordt dit berekend?" disclosure."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.services.moments import take_peilmoment
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.html import attr, one, page, parent, select_one, text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

TILES = ("voortgang", "geld", "informatie", "signalen", "agenda", "wijzigingen")
STATUSSEN = ("op koers", "aandacht", "achter", "onvoldoende gegevens")
TINY = 0.003  # 1 gemeente, 10 wijken, 40 buurten, 2 focusgebieden (tests/bench/test_bench_quick.py)
SYNTHETISCH = f"/programma/{generate.programma_id(1)}"


@pytest.fixture(scope="module")
def national_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("landelijk") / "package"
    generate.generate(folder, TINY, seed=11)
    return folder


@pytest.fixture
def national_client(engine: Engine, national_package: Path) -> Iterator[TestClient]:
    report = import_package(engine, national_package)
    assert report.written, [str(problem) for problem in report.problems]
    yield TestClient(create_app(engine, DEMO_SETTINGS))


def _number(value: str) -> int:
    """The first whole number in a Dutch text ('1.234 signalen' -> 1234)."""
    found = re.search(r"\d[\d.]*", value)
    assert found, value
    return int(found.group().replace(".", ""))


def _tile(soup: BeautifulSoup, name: str) -> Tag:
    return one(soup, id=f"tegel-{name}")


def _figure(tile: Tag, key: str) -> str:
    return text(select_one(tile, f'[data-figuur="{key}"]'))


def _table(soup: BeautifulSoup, caption: str) -> Tag:
    found = soup.find("caption", string=lambda s: bool(s) and s.strip().startswith(caption))
    assert isinstance(found, Tag), caption
    return parent(found, "table")


# --- the figures, tile against page --------------------------------------------------------------------------


def _progress_matches(client: TestClient, prefix: str) -> int:
    tile = _tile(page(client, f"{prefix}/"), "voortgang")
    on_tile = {attr(row, "data-thema"): {attr(td, "data-status"): _number(text(td)) for td in row.select("td")}
               for row in tile.select("tr[data-thema]")}
    voortgang = page(client, f"{prefix}/voortgang")
    on_page: dict[str, dict[str, int]] = {}
    for section in voortgang.select("section[aria-labelledby^=thema-]"):
        counts: Counter[str] = Counter()
        for card in section.select("li.rm-card"):
            status = next(text(dt.find_next_sibling("dd")) for dt in card.select("dt") if text(dt) == "Status")
            counts[status.split(".")[0]] += 1
        on_page[attr(section, "aria-labelledby").removeprefix("thema-")] = {s: counts[s] for s in STATUSSEN}
    assert on_tile == on_page
    total = sum(sum(counts.values()) for counts in on_page.values())
    op_koers = sum(counts["op koers"] for counts in on_page.values())
    assert _figure(tile, "op-koers") == f"{op_koers} van {total} op koers"
    return total


def _money_matches(client: TestClient, prefix: str) -> None:
    tile = _tile(page(client, f"{prefix}/"), "geld")
    zeggenschap = _table(page(client, f"{prefix}/financien"), "Geldstromen naar zeggenschap van de raad")
    footer = [text(cell) for cell in select_one(zeggenschap, "tfoot tr").find_all(["th", "td"])]
    assert footer[0] == "Totaal"
    assert _figure(tile, "totaal") == footer[1]
    assert _figure(tile, "onbekend") == f"{footer[2]}."
    rows = {text(row.find(["th", "td"])): [text(c) for c in row.find_all(["th", "td"])]
            for row in select_one(zeggenschap, "tbody").find_all("tr")}
    beslist = _figure(tile, "raad-beslist")
    if "raad beslist" in rows:
        bedrag, bekend = rows["raad beslist"][1:3]
        assert f"({bekend})" in beslist
        assert (bedrag in beslist) if bedrag != "onbekend" else "een onbekend bedrag" in beslist
    else:
        assert beslist == "De raad beslist zelf over € 0."
    keuzen = page(client, f"{prefix}/financien/keuzen")
    heading = keuzen.find("strong", string=lambda s: bool(s) and s.startswith("Stromen die aflopen in"))
    assert isinstance(heading, Tag)
    after = parent(heading, "p").find_next_sibling()
    assert isinstance(after, Tag)
    aflopend = len(after.find_all("li")) if after.name == "ul" else 0
    window = text(heading).removeprefix("Stromen die aflopen in ").split(":")[0]
    assert _figure(tile, "aflopend").startswith(f"{aflopend} ")
    assert _figure(tile, "aflopend").endswith(f"af in {window}.")


def _information_matches(client: TestClient, prefix: str) -> None:
    tile = _tile(page(client, f"{prefix}/"), "informatie")
    afspraken = page(client, f"{prefix}/afspraken")
    stands = Counter(text(select_one(row, "td strong")) for row in
                     select_one(_table(afspraken, "Informatieafspraken in"), "tbody").find_all("tr")
                     if not text(one(row, "th")).startswith("Onderdeel:"))
    ontbreekt = "ontbreekt" if stands["ontbreekt"] == 1 else "ontbreken"
    assert _figure(tile, "te-laat-ontbreekt") == f"{stands['te laat']} te laat, {stands['ontbreekt']} {ontbreekt}"
    jaar = text(afspraken.find("h2", string=lambda s: bool(s) and s.startswith("Naleving in"))).split()[-1]
    assert (f"Van de informatieafspraken in {jaar}: {stands['op tijd']} op tijd, "
            f"{stands['nog niet te beoordelen']} nog niet te beoordelen.") in text(tile)
    for soort in ("motie", "toezegging"):
        register = page(client, f"{prefix}/informatie?soort={soort}&volgorde=langst-open")
        standen = {line.split(":")[0]: _number(line.split(":")[1]) for line in
                   (text(li) for li in following_list(register, "Stand van moties, toezeggingen en vragen"))}
        open_now = standen["Open"] + standen["Te laat"] + standen["Geen antwoord"]
        figure = _figure(tile, f"open-{soort}s" if soort == "motie" else "open-toezeggingen")
        assert _number(figure) == open_now
        if open_now:
            oldest = next(text(row) for row in register.select("tbody tr") if "dagen open op" in text(row))
            days = re.search(r"(\d[\d.]*) dagen open op", oldest)
            assert days and f"de oudste staat {days.group(1)} dagen open" in figure


def following_list(soup: BeautifulSoup, heading: str) -> list[Tag]:
    found = soup.find("h2", string=heading)
    assert isinstance(found, Tag), heading
    items = found.find_next("ul")
    assert isinstance(items, Tag)
    return items.find_all("li")


def _signals_match(client: TestClient, prefix: str) -> None:
    tile = _tile(page(client, f"{prefix}/"), "signalen")
    signalen = page(client, f"{prefix}/signalen")
    caption = signalen.find("caption", string=re.compile(r"^\d[\d.]* signa(al|len)$"))
    count = _number(text(caption)) if isinstance(caption, Tag) else 0
    if not count:
        assert "geeft geen enkele sturingsafspraak een signaal" in text(signalen)
    assert _number(_figure(tile, "signalen")) == count
    newest = [text(li) for li in tile.select(".rm-tile__facts li")]
    assert len(newest) == min(count, 3)
    if count:
        rows = select_one(_table(signalen, f"{text(caption)}"), "tbody").find_all("tr", recursive=False)
        latest = max(rows, key=lambda row: _iso(row))
        assert newest[0].endswith(text(one(latest, "th")))


def _iso(row: Tag) -> str:
    day, month, year = text(row.find("td")).split()
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december"]
    return f"{year}-{months.index(month) + 1:02d}-{int(day):02d}"


def _agenda_matches(client: TestClient, prefix: str) -> None:
    tile = _tile(page(client, f"{prefix}/"), "agenda")
    agenda = page(client, f"{prefix}/agenda")
    caption = agenda.find("caption", string="Komende agendapunten")
    if not isinstance(caption, Tag):
        assert _figure(tile, "eerstvolgende") == "Geen"
        return
    rows = select_one(parent(caption, "table"), "tbody").find_all("tr")
    assert _figure(tile, "eerstvolgende") == text(rows[0].find("td"))
    assert f"Eerstvolgend: {text(one(rows[0], 'th'))}." in text(tile)
    assert _number(_figure(tile, "komend")) == len(rows)


def _changes_match(client: TestClient, prefix: str) -> None:
    tile = _tile(page(client, f"{prefix}/"), "wijzigingen")
    wijzigingen = page(client, f"{prefix}/wijzigingen")
    tables = [t for t in wijzigingen.select("table") if t.caption and text(t.caption).startswith("Gewijzigd:")]
    rows = sum(len(select_one(t, "tbody").find_all("tr")) for t in tables)
    assert _number(_figure(tile, "wijzigingen")) == rows


def _every_tile_matches(client: TestClient, prefix: str = "") -> None:
    _progress_matches(client, prefix)
    _money_matches(client, prefix)
    _information_matches(client, prefix)
    _signals_match(client, prefix)
    _agenda_matches(client, prefix)
    _changes_match(client, prefix)


def test_every_tile_figure_is_the_figure_on_the_page_behind_it_on_the_demo(client: TestClient,
                                                                            engine: Engine) -> None:
    assert _figure(_tile(page(client, "/"), "wijzigingen"), "wijzigingen") == "Nog geen peilmoment"
    # A peilmoment before most of the register: the changes tile then has something to count.
    take_peilmoment(engine, date(2022, 6, 30), "Eerste halfjaar 2022", datetime(2022, 7, 1, 9, 0))
    _every_tile_matches(client)
    tile = text(_tile(page(client, "/"), "wijzigingen"))
    assert "Sinds het laatste peilmoment (Eerste halfjaar 2022) op 30 juni 2022." in tile
    assert _number(_figure(_tile(page(client, "/"), "wijzigingen"), "wijzigingen")) > 0


def test_the_demo_money_tile_says_what_the_finance_page_says(client: TestClient) -> None:
    tile = _tile(page(client, "/"), "geld")
    assert _figure(tile, "totaal") == "€ 73.549.309"
    assert _figure(tile, "onbekend") == "8 van 12 bedragen bekend."
    assert _figure(tile, "raad-beslist") == "De raad beslist zelf over een onbekend bedrag (0 van 4 bedragen bekend)."
    informatie = _tile(page(client, "/"), "informatie")
    assert _figure(informatie, "te-laat-ontbreekt") == "1 te laat, 0 ontbreken"  # the 2023 agreements (afspraken)


def test_every_tile_figure_is_the_figure_on_the_page_behind_it_on_a_national_package(
        national_client: TestClient, engine: Engine) -> None:
    take_peilmoment(engine, date(2020, 12, 31), None, datetime(2021, 1, 1, 9, 0))
    _every_tile_matches(national_client, SYNTHETISCH)
    assert _progress_matches(national_client, SYNTHETISCH) > 0  # the generated package has indicators to count


# --- anchors, links and the disclosure -----------------------------------------------------------------------


def test_each_tile_has_a_stable_anchor_a_heading_and_a_link_to_the_page_behind_it(client: TestClient) -> None:
    soup = page(client, "/")
    tiles = soup.select(".rm-tiles > section.rm-tile")
    assert [attr(t, "id") for t in tiles] == [f"tegel-{name}" for name in TILES]
    behind = {"voortgang": "/voortgang", "geld": "/financien", "informatie": "/afspraken", "signalen": "/signalen",
              "agenda": "/agenda", "wijzigingen": "/wijzigingen"}
    for tile in tiles:
        name = attr(tile, "id").removeprefix("tegel-")
        heading = select_one(tile, "h2")
        assert attr(tile, "aria-labelledby") == attr(heading, "id")
        assert attr(select_one(heading, "a"), "href") == f"#tegel-{name}"
        assert behind[name] in [attr(a, "href") for a in tile.select(".rm-tile__link a")]
        assert text(select_one(tile, ".rm-tile__figure")) and text(select_one(tile, ".rm-tile__meaning"))
    # The answers come before the description of the programme.
    assert str(soup).index('id="tegel-wijzigingen"') < str(soup).index('id="over-het-programma"')


def test_the_progress_tile_chart_is_accessible_and_its_counts_are_in_a_table(client: TestClient) -> None:
    tile = _tile(page(client, "/"), "voortgang")
    svg = select_one(tile, "figure svg")
    assert attr(svg, "role") == "img"
    assert svg.title and svg.desc and "Talentontwikkeling: 0 op koers" in text(svg.desc)
    assert [text(th) for th in tile.select("thead th")] == ["Thema", "Op koers", "Aandacht", "Achter",
                                                            "Onvoldoende gegevens"]


def test_the_method_moves_below_the_answers_behind_a_disclosure(client: TestClient) -> None:
    for path, answer in (("/voortgang", 'id="thema-'), ("/financien", 'id="kerncijfers"')):
        soup = page(client, path)
        details = select_one(soup, "details.rm-method")
        assert text(select_one(details, "summary")) == "Hoe wordt dit berekend?"
        html = str(soup)
        assert html.index(answer) < html.index("Hoe wordt dit berekend?")
    voortgang = select_one(page(client, "/voortgang"), "details.rm-method")
    assert "Vereist pad" in text(voortgang) and "Doeljaar" in text(voortgang)
    financien = select_one(page(client, "/financien"), "details.rm-method")
    assert "telt niet mee als nul" in text(financien)


def test_wide_tables_are_named_focusable_scroll_regions(client: TestClient) -> None:
    for path in ("/financien", "/informatie"):
        soup = page(client, path)
        regions = soup.select('.rm-table-wrap[role="region"]')
        assert regions, path
        for region in regions:
            assert attr(region, "tabindex") == "0" and attr(region, "aria-label")
    financien = page(client, "/financien")
    streams = parent(one(financien, "caption", string="Alle geldstromen van het programma"), "div")
    assert attr(streams, "aria-label") == "Alle geldstromen van het programma"
