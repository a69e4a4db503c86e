"""CBS Kerncijfers wijken en buurten for any year: year -> table, OData v4 or v3, one go (issue 18).

The table has a new id every year (85318NED for 2022, 85618NED for 2023, 85984NED for 2024) and its
column keys may change too (`AantalInwoners_5` one year, `AantalInwoners_6` the next in the v3 feed).
So a year is looked up in `KWB_TABELLEN` (documented below) or else in CBS's catalogue feed, and a
measure is asked for by its title.

Each table is read from the OData v4 API (`datasets.cbs.nl/odata/v1/CBS/<id>`: `Properties`,
`Dimensions`, `MeasureCodes`, `<Dimensie>Codes`, `Observations` in long form) when CBS has it there;
a 404 there means the table is only in the older OData v3 feed (`opendata.cbs.nl/ODataApi/odata/<id>`:
`TableInfos`, `DataProperties`, `TypedDataSet` in wide form, the region dimension). Either way the result
is a `CbsTabel` in the v3 shape, so that the reader of `sources/cbs.py` turns it into waarnemingen.

The national, municipal, wijk and buurt rows of one year come from the same table in the same
request, so the national average on a page is always of the same year as the area's figure.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.presentation.formatting import aantal
from raadsmonitor.sources.cbs import (
    REGION_KINDS,
    CbsError,
    CbsNietGevonden,
    CbsPackageReader,
    CbsTabel,
    HttpClient,
    bron_id,
    cell_text,
    fetch_all,
    match_measures,
    register_of,
)
from raadsmonitor.sources.package import PackageProblem, RawTable

# "Kerncijfers wijken en buurten <jaar>" per year, as listed in CBS's catalogue (StatLine). A year not
# here is looked up in the catalogue feed (`Datasets` of the v4 API) by that exact title.
KWB_TABELLEN: dict[int, str] = {
    2013: "82339NED", 2014: "82931NED", 2015: "83220NED", 2016: "83487NED", 2017: "83765NED",
    2018: "84286NED", 2019: "84583NED", 2020: "84799NED", 2021: "85039NED", 2022: "85318NED",
    2023: "85618NED", 2024: "85984NED", 2025: "86165NED",
}
KWB_TITEL = "Kerncijfers wijken en buurten {jaar}"
_TABLE_ID = re.compile(r"^\d{5}[A-Z]{3}$|^\d{5,6}$")


@dataclass(frozen=True)
class CbsAdressen:
    """Where the three CBS services are; `--cbs-url` puts all three under one root (a mirror, a test)."""

    v4: str = "https://datasets.cbs.nl/odata/v1/CBS"
    v3: str = "https://opendata.cbs.nl/ODataApi/odata"

    @classmethod
    def onder(cls, root: str) -> CbsAdressen:
        root = root.rstrip("/")
        return cls(v4=f"{root}/odata/v1/CBS", v3=f"{root}/ODataApi/odata")


def _query(**params: str | None) -> str:
    return "&".join(f"{key}={urllib.parse.quote(value, safe=',')}" for key, value in params.items() if value)


def table_for_year(client: HttpClient, jaar: int, adressen: CbsAdressen) -> str:
    """The table id of 'Kerncijfers wijken en buurten <jaar>': documented above, else from the catalogue."""
    if jaar in KWB_TABELLEN:
        return KWB_TABELLEN[jaar]
    titel = KWB_TITEL.format(jaar=jaar)
    url = f"{adressen.v4}/Datasets?" + _query(**{"$filter": f"startswith(Title,'{titel}')",
                                                  "$select": "Identifier,Title"})
    try:
        found = [item for item in fetch_all(client, url)
                 if " ".join(str(item.get("Title", "")).split()).casefold() == titel.casefold()]
    except CbsNietGevonden:
        found = []
    if len(found) == 1:
        return str(found[0]["Identifier"])
    bekend = f"{min(KWB_TABELLEN)} tot en met {max(KWB_TABELLEN)}"
    raise CbsError(f"voor {jaar} is geen CBS-tabel '{titel}' bekend: niet in de lijst van raadsmonitor ({bekend}) "
                   "en niet in de catalogus van CBS. Geef het tabelnummer zelf op, bijvoorbeeld "
                   f"'raadsmonitor import-cbs 85984NED --periode {jaar} --maat ...'")


def _digits(gemeente: str | None) -> str | None:
    if gemeente is None:
        return None
    digits = gemeente.strip().upper().removeprefix("GM")
    if not re.fullmatch(r"\d{4}", digits):
        raise CbsError(f"--gemeente '{gemeente}' is geen CBS-gemeentecode (GM gevolgd door vier cijfers, zoals GM0917)")
    return digits


def _own_codes(field: str, digits: str) -> str:
    """An OData filter (v3 and v4 alike) for the country and one municipality's own GM, WK and BU codes."""
    return " or ".join(f"startswith({field},'{prefix}')" for prefix in ("NL", f"GM{digits}", f"WK{digits}",
                                                                         f"BU{digits}"))


def _keep(code: str, digits: str | None) -> bool:
    """The country always; with a municipality only its own GM, WK and BU codes (digits 3-6)."""
    return digits is None or code.startswith("NL") or code[2:6] == digits


def with_alternatives(properties: list[dict[str, Any]], wanted: dict[str, str]) -> dict[str, str]:
    """'Titel A|Titel B' -> the first of those titles this table has (CBS renames a measure now and then);
    a title without '|', or none found, stays as given, so that the error names it."""
    titles = {" ".join(str(p.get("Title", "")).split()).casefold() for p in properties if p.get("Type") == "Topic"}
    chosen = {}
    for title, indicator in wanted.items():
        options = [option.strip() for option in title.split("|") if option.strip()]
        found = next((o for o in options if " ".join(o.split()).casefold() in titles), None)
        chosen[found or title] = indicator
    return chosen


def read_v4(client: HttpClient, table: str, wanted: dict[str, str], gemeente: str | None,
            adressen: CbsAdressen) -> tuple[CbsTabel, dict[str, str]]:
    """One table from the OData v4 API, pivoted to the v3 shape; raises CbsNietGevonden if not there."""
    base = f"{adressen.v4}/{table}"
    info = client.get_json(f"{base}/Properties")
    dimensions = fetch_all(client, f"{base}/Dimensions")
    geo = next((str(d["Identifier"]) for d in dimensions if d.get("Kind") == "GeoDimension"), "WijkenEnBuurten")
    topics = [{"Type": "Topic", "Key": str(m["Identifier"]), "Title": m.get("Title")}
              for m in fetch_all(client, f"{base}/MeasureCodes")]
    properties: list[dict[str, Any]] = [{"Type": "GeoDimension", "Key": geo, "Title": geo}, *topics]
    probe = CbsTabel(table, dict(info), properties, [])
    measures, problems = match_measures(probe, with_alternatives(properties, wanted))
    if problems:
        raise CbsError("\n".join(problems))
    digits = _digits(gemeente)
    region = f" and ({_own_codes(geo, digits)})" if digits else ""
    codes = ",".join(f"'{key}'" for key in sorted(measures))
    rows: dict[str, dict[str, Any]] = {}
    for obs in fetch_all(client, f"{base}/Observations?" + _query(**{"$filter": f"Measure in ({codes}){region}"})):
        code = obs.get(geo) or ""
        row = rows.get(code)
        if row is None:
            stripped = str(code).strip()
            if not _keep(stripped, digits):
                continue
            row = rows[code] = {"ID": obs.get("Id"), geo: stripped}
        value = obs.get("Value")
        row[str(obs.get("Measure"))] = value if value is not None else obs.get("StringValue")
    name_filter = _own_codes("Identifier", digits) if digits else None
    regions = {str(item["Identifier"]).strip(): str(item.get("Title", "")).strip()
               for item in fetch_all(client, f"{base}/{geo}Codes?" + _query(**{"$filter": name_filter}))}
    return CbsTabel(table, dict(info), properties, list(rows.values()), regions), measures


def read_v3(client: HttpClient, table: str, wanted: dict[str, str], gemeente: str | None,
            adressen: CbsAdressen) -> tuple[CbsTabel, dict[str, str]]:
    """One table from the older OData v3 feed (wide rows), only the measures asked for."""
    base = f"{adressen.v3}/{table}"
    infos = fetch_all(client, f"{base}/TableInfos?$format=json")
    if not infos:
        raise CbsError(f"CBS-tabel {table} niet gevonden")
    properties = fetch_all(client, f"{base}/DataProperties?$format=json")
    probe = CbsTabel(table, infos[0], properties, [])
    measures, problems = match_measures(probe, with_alternatives(properties, wanted))
    if problems:
        raise CbsError("\n".join(problems))
    geo = probe.key_of_type("GeoDimension") or "WijkenEnBuurten"
    digits = _digits(gemeente)
    region = _own_codes(geo, digits) if digits else None
    select = ",".join(["ID", geo, *sorted(measures)])
    rows = [row for row in fetch_all(client, f"{base}/TypedDataSet?" + _query(
        **{"$format": "json", "$filter": region, "$select": select}))
        if _keep(str(row.get(geo, "")).strip(), digits)]
    name_filter = _own_codes("Key", digits) if digits else None
    regions = {str(item["Key"]).strip(): str(item.get("Title", "")).strip()
               for item in fetch_all(client, f"{base}/{geo}?" + _query(**{"$format": "json", "$filter": name_filter}))}
    return CbsTabel(table, infos[0], properties, rows, regions), measures


def read_year(client: HttpClient, jaar: int, wanted: dict[str, str], gemeente: str | None,
              adressen: CbsAdressen, table: str | None = None) -> tuple[CbsTabel, dict[str, str], str]:
    """The table of one year, from v4 if CBS has it there, else from v3; and which API was read."""
    table = (table or table_for_year(client, jaar, adressen)).strip().upper()
    if not _TABLE_ID.match(table):
        raise CbsError(f"'{table}' is geen CBS-tabelnummer (zoals 85984NED)")
    try:
        tabel, measures = read_v4(client, table, wanted, gemeente, adressen)
        api = "OData v4"
    except CbsNietGevonden:
        try:
            tabel, measures = read_v3(client, table, wanted, gemeente, adressen)
        except CbsNietGevonden as error:
            raise CbsError(f"CBS-tabel {table} ({jaar}) staat niet in de OData v4-API en niet in de "
                           "OData v3-feed") from error
        api = "OData v3"
    if not tabel.rows:
        waar = f" voor gemeente {gemeente.strip().upper()}" if gemeente else ""
        raise CbsError(f"CBS-tabel {table} ({jaar}) gaf geen cijfers{waar}: het antwoord was leeg. "
                       "Bestaat die gemeente in dat jaar?")
    # Every row of a Kerncijfers table is of the table's year: the period comes from the year asked for.
    info = {**tabel.info, "Period": str(jaar), "Title": tabel.info.get("Title") or KWB_TITEL.format(jaar=jaar)}
    return CbsTabel(tabel.id, info, tabel.properties, tabel.rows, tabel.regions), measures, api


def prepare_years(client: HttpClient, jaren: Sequence[int], maten: dict[str, str], gebieden: Sequence[Gebied],
                  today: date, *, gemeente: str | None = None, adressen: CbsAdressen | None = None
                  ) -> CbsPackageReader:
    """Fetch the Kerncijfers table of each year and return one reader: all years in one transaction."""
    adressen = adressen or CbsAdressen()
    if len(set(jaren)) != len(jaren):
        raise CbsError("elk jaar mag maar één keer voorkomen in --jaar")
    fetched: list[tuple[CbsTabel, dict[str, str]]] = []
    apis = []
    for jaar in sorted(jaren):
        tabel, measures, api = read_year(client, jaar, maten, gemeente, adressen)
        fetched.append((tabel, measures))
        apis.append(f"{jaar}: tabel {tabel.id} via {api}, {len(tabel.rows)} gebieden")
    reader = JaarReader(fetched, register_of(gebieden), today)
    reader.notices.extend(apis)
    return reader


def _fast_cell(value: Any) -> str:
    """`cell_text`, without a Decimal round trip for the plain ints and floats nearly every cell is."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is float and value == value and abs(value) < 1e15:
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        if "e" not in text:
            return text
    return cell_text(value)


class JaarReader(CbsPackageReader):
    """The reader of `sources/cbs.py` for whole years (issue 18): the same rows, made lazily and without a
    dict per observation, so that a national year (half a million observations) stays well within 30 s.

    Every row of a Kerncijfers table is of the table's year, so there is no period to refuse; the areas are
    found in a first pass (the gebieden table comes before the waarnemingen), the observations are then
    streamed to the importer in table order."""

    def read(self) -> tuple[list[RawTable], list[PackageProblem]]:
        bronnen = [self._bron(tabel, measures) for tabel, measures in self.tabellen]
        resolved: list[tuple[CbsTabel, dict[str, str], str, list[tuple[dict[str, Any], str]]]] = []
        for tabel, measures in self.tabellen:
            geo = tabel.key_of_type("GeoDimension") or "WijkenEnBuurten"
            rows, skipped = [], 0
            for row in tabel.rows:
                code = str(row.get(geo, "")).strip()
                if code[:2] not in REGION_KINDS:
                    skipped += 1
                    continue
                rows.append((row, self._area(code, tabel)))
            if skipped:
                self.notices.append(f"CBS-tabel {tabel.id}: {aantal(skipped, 'rij', 'rijen')} met een ander soort "
                                    "gebied overgeslagen (alleen NL, PV, GM, WK en BU worden gelezen)")
            resolved.append((tabel, measures, str(tabel.info["Period"]), rows))
        header = [column.name for column in TABLES_BY_NAME["waarnemingen"].columns]

        position = {name: index for index, name in enumerate(header)}

        def template(**cells: str) -> list[str]:
            row = [""] * len(header)
            for name, text in cells.items():
                row[position[name]] = text
            return row

        def observations() -> Any:
            number = 0
            at_indicator, at_gebied, at_waarde = position["indicator"], position["gebied"], position["waarde"]
            for tabel, measures, periode, rows in resolved:
                known = template(periode=periode, peildatum=periode, bron=bron_id(tabel.id),
                                 toelichting=f"CBS-tabel {tabel.id}")
                unknown = template(periode=periode, peildatum=periode, bron=bron_id(tabel.id),
                                   toelichting=f"CBS-tabel {tabel.id}; geheim of leeg in de bron")
                for key, indicator in sorted(measures.items()):
                    for row, gebied in rows:
                        value = _fast_cell(row.get(key))
                        cells = (known if value else unknown).copy()
                        cells[at_indicator], cells[at_gebied], cells[at_waarde] = indicator, gebied, value
                        number += 1
                        yield number, cells

        waarnemingen = RawTable(name="waarnemingen", source=f"{self.source}: waarnemingen", header=header,
                                rows=observations())
        return [self._raw("bronnen", bronnen), self._raw("gebieden", self._areas()), waarnemingen], []
