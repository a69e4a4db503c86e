"""CBS open data (StatLine OData) as raw tables for the importer: bronnen, gebieden, waarnemingen.

The shape read is CBS's OData JSON: `TableInfos` (title, period, modified), `DataProperties` (the
metadata: each measure is a `Topic` with a `Key` and a `Title`, regions a `GeoDimension`, periods a
`TimeDimension`) and `TypedDataSet` (one row per region and period, one column per measure key).

- Measures are matched by their metadata **Title**, not their Key: the keys change from year to year
  (`AantalInwoners_5` one year, `AantalInwoners_6` the next).
- Pages are followed through `odata.nextLink` (OData v3) or `@odata.nextLink` (v4).
- A suppressed (".") or empty cell becomes a waarneming with an empty value: unknown, never 0.
- Region codes (CBS pads them with spaces: "GM0917    ") are stripped; NL, PV, GM, WK and BU codes are
  read, other kinds (landsdelen, COROP) are skipped and counted.

Nothing here writes: the result goes through the same validation and single transaction as a data
package (`importer.import_from`). The HTTP client is injectable; the default is the one client of every
source (`sources/http.py`).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.domain.enums import GebiedSoort
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.presentation.formatting import aantal, format_datum_nl
from raadsmonitor.sources.http import HttpSource, SourceError, SourceNotFoundError, Voortgangsregels
from raadsmonitor.sources.package import PackageProblem, Place, RawTable

BASE_URL = "https://opendata.cbs.nl/ODataApi/odata"
STATLINE_URL = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table}/table"
MAX_PAGES = 1_000
REGION_KINDS = {"NL": GebiedSoort.LAND, "PV": GebiedSoort.PROVINCIE, "GM": GebiedSoort.GEMEENTE,
                "WK": GebiedSoort.WIJK, "BU": GebiedSoort.BUURT}
_PERIOD = re.compile(r"^(\d{4})(JJ|MM|KW)(\d{2})$")


class CbsError(SourceError):
    """CBS could not be read, or the table does not fit the request (Dutch message)."""


class CbsNietGevonden(CbsError, SourceNotFoundError):
    """CBS answered 404: the table or collection is not there (on this API)."""


class HttpClient(Protocol):
    def get_json(self, url: str) -> dict[str, Any]: ...


class UrllibClient(HttpSource):
    """The client for CBS's OData v3 and v4 APIs: the one `HttpSource` of sources/http.py with CBS's errors."""

    def __init__(self, timeout: float = 60, voortgang: Voortgangsregels | None = None) -> None:
        super().__init__("CBS", timeout=timeout, error=CbsError, not_found=CbsNietGevonden,
                         hint_404="bestaat die tabel (op deze API)?", voortgang=voortgang)


def fetch_all(client: HttpClient, url: str) -> list[dict[str, Any]]:
    """Every row of an OData collection, following odata.nextLink / @odata.nextLink page by page."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    next_url: str | None = url
    while next_url:
        if next_url in seen or len(seen) >= MAX_PAGES:
            raise CbsError(f"de paginering van CBS blijft rondgaan bij {next_url}")
        seen.add(next_url)
        page = client.get_json(next_url)
        rows.extend(page.get("value", []))
        next_url = page.get("odata.nextLink") or page.get("@odata.nextLink")
    return rows


def _normal(title: str) -> str:
    return " ".join(title.split()).casefold()


@dataclass(frozen=True)
class CbsTabel:
    """What was read of one StatLine table."""

    id: str
    info: dict[str, Any]
    properties: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    regions: dict[str, str] = field(default_factory=dict)  # stripped code -> title

    def key_of_type(self, *types: str) -> str | None:
        return next((p["Key"] for p in self.properties if p.get("Type") in types), None)


def _url(base: str, table: str, collection: str, filter_: str | None = None) -> str:
    query = "$format=json" + (f"&$filter={urllib.parse.quote(filter_)}" if filter_ else "")
    return f"{base}/{table}/{collection}?{query}"


def read_table(client: HttpClient, table: str, *, gemeente: str | None = None, base: str = BASE_URL) -> CbsTabel:
    """Metadata, all rows (optionally only one municipality's regions) and the names of its regions."""
    infos = fetch_all(client, _url(base, table, "TableInfos"))
    if not infos:
        raise CbsError(f"CBS-tabel {table} niet gevonden")
    properties = fetch_all(client, _url(base, table, "DataProperties"))
    probe = CbsTabel(table, infos[0], properties, [])
    region_key = probe.key_of_type("GeoDimension")
    digits = gemeente.strip().upper().removeprefix("GM") if gemeente else None
    data_filter = f"substringof('{digits}',{region_key})" if digits and region_key else None
    rows = fetch_all(client, _url(base, table, "TypedDataSet", data_filter))
    regions: dict[str, str] = {}
    if region_key:
        name_filter = f"substringof('{digits}',Key)" if digits else None
        regions = {str(item["Key"]).strip(): str(item.get("Title", "")).strip()
                   for item in fetch_all(client, _url(base, table, region_key, name_filter))}
    return CbsTabel(table, infos[0], properties, rows, regions)


def match_measures(tabel: CbsTabel, wanted: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Measure key -> indicator, matched on the metadata Title (case and spacing ignored)."""
    topics: dict[str, list[str]] = {}
    for prop in tabel.properties:
        if prop.get("Type") == "Topic":
            topics.setdefault(_normal(str(prop.get("Title", ""))), []).append(str(prop["Key"]))
    found: dict[str, str] = {}
    problems = []
    for title, indicator in wanted.items():
        keys = topics.get(_normal(title), [])
        if len(keys) == 1:
            found[keys[0]] = indicator
        elif not keys:
            known = "; ".join(sorted({str(p.get("Title")) for p in tabel.properties if p.get("Type") == "Topic"})[:40])
            problems.append(f"maat '{title}' staat niet in CBS-tabel {tabel.id}; de tabel kent onder meer: {known}")
        else:
            problems.append(f"maat '{title}' komt {len(keys)} keer voor in CBS-tabel {tabel.id} ({', '.join(keys)})")
    return found, problems


def period_of(code: str) -> tuple[str, str]:
    """CBS period code -> (periode label, peildatum): 2023JJ00 -> 2023; 2023MM05 -> 2023-05; 2023KW02 -> 2023-K2."""
    match = _PERIOD.match(code.strip())
    if match is None:
        raise CbsError(f"periode '{code.strip()}' wordt niet herkend (verwacht bijvoorbeeld 2023JJ00)")
    year, kind, number = match.group(1), match.group(2), int(match.group(3))
    if kind == "JJ":
        return year, year
    if kind == "MM":
        return f"{year}-{number:02d}", f"{year}-{number:02d}"
    return f"{year}-K{number}", f"{year}-{3 * number - 2:02d}"


def cell_text(value: Any) -> str:
    """A CBS cell as data-package text: '' for null, '.' or empty (unknown); numbers in plain notation."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        return format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value)
    text = str(value).strip()
    if text in ("", ".", "x", "-"):
        return ""
    try:
        return format(Decimal(text), "f")
    except InvalidOperation:
        return text  # validation refuses it with the row and column


@dataclass
class Gebiedsregister:
    """Which store area a CBS region code is: by cbs_code or key; the country by its kind."""

    by_code: dict[str, str]  # cbs_code or id -> gebied id
    land: str | None

    def resolve(self, code: str) -> str | None:
        if code in self.by_code:
            return self.by_code[code]
        return self.land if code.startswith("NL") else None


def parent_code(code: str) -> str | None:
    """BU09170101 -> WK091701; WK091701 -> GM0917; others have no CBS parent here."""
    if code.startswith("BU") and len(code) >= 8:
        return "WK" + code[2:8]
    if code.startswith("WK") and len(code) >= 6:
        return "GM" + code[2:6]
    return None


@dataclass
class CbsPackageReader:
    """Read tables already fetched from CBS as the raw tables of a data package (a `PackageReader`)."""

    tabellen: list[tuple[CbsTabel, dict[str, str]]]  # each table with its measure key -> indicator
    register: Gebiedsregister
    today: date
    periode: str | None = None  # for a table without a time dimension
    notices: list[str] = field(default_factory=list)
    _new_areas: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, bron)

    @property
    def source(self) -> str:
        return "CBS " + ", ".join(tabel.id for tabel, _ in self.tabellen)

    def read(self) -> tuple[list[RawTable], list[PackageProblem]]:
        problems: list[PackageProblem] = []
        waarnemingen: list[dict[str, str]] = []
        bronnen = [self._bron(tabel, measures) for tabel, measures in self.tabellen]
        for tabel, measures in self.tabellen:
            waarnemingen.extend(self._observations(tabel, measures, problems))
        return [self._raw("bronnen", bronnen), self._raw("gebieden", self._areas()),
                self._raw("waarnemingen", waarnemingen)], problems

    def _raw(self, name: str, rows: list[dict[str, str]]) -> RawTable:
        header = [column.name for column in TABLES_BY_NAME[name].columns]
        numbered = [(index + 1, [row.get(column, "") for column in header]) for index, row in enumerate(rows)]
        return RawTable(name=name, source=f"{self.source}: {name}", header=header, rows=iter(numbered))

    def _bron(self, tabel: CbsTabel, measures: dict[str, str]) -> dict[str, str]:
        modified = str(tabel.info.get("Modified") or "")[:10]
        return {"id": bron_id(tabel.id), "document": str(tabel.info.get("Title") or f"CBS-tabel {tabel.id}"),
                "onderdeel": f"StatLine-tabel {tabel.id}", "uitgever": "Centraal Bureau voor de Statistiek (CBS)",
                "datum": modified if re.match(r"^\d{4}-\d{2}-\d{2}$", modified) else "",
                "url": STATLINE_URL.format(table=tabel.id),
                "toelichting": f"Ingelezen met raadsmonitor import-cbs op {format_datum_nl(self.today)}; maten: "
                               + ", ".join(f"{key} → {indicator}" for key, indicator in sorted(measures.items()))}

    def _period(self, tabel: CbsTabel, row: dict[str, Any]) -> tuple[str, str]:
        time_key = tabel.key_of_type("TimeDimension")
        if time_key:
            return period_of(str(row.get(time_key, "")))
        label = self.periode or str(tabel.info.get("Period") or "").strip()
        if not label:
            raise CbsError(f"CBS-tabel {tabel.id} heeft geen perioden; geef de periode op met --periode")
        return label, label if re.match(r"^\d{4}$", label) else ""

    def _observations(self, tabel: CbsTabel, measures: dict[str, str], problems: list[PackageProblem]
                      ) -> Iterator[dict[str, str]]:
        region_key = tabel.key_of_type("GeoDimension")
        if region_key is None:
            problems.append(PackageProblem(Place(self.source), f"CBS-tabel {tabel.id} heeft geen regio-dimensie"))
            return
        skipped = 0
        for row in tabel.rows:
            code = str(row.get(region_key, "")).strip()
            if code[:2] not in REGION_KINDS:
                skipped += 1
                continue
            try:
                periode, peildatum = self._period(tabel, row)
            except CbsError as error:
                problems.append(PackageProblem(Place(self.source, row.get("ID")), str(error)))
                return
            gebied = self._area(code, tabel)
            for key, indicator in measures.items():
                value = cell_text(row.get(key))
                note = f"CBS-tabel {tabel.id}, rij {row.get('ID')}" + ("" if value else "; geheim of leeg in de bron")
                yield {"indicator": indicator, "gebied": gebied, "periode": periode, "peildatum": peildatum,
                       "waarde": value, "toelichting": note, "bron": bron_id(tabel.id)}
        if skipped:
            self.notices.append(f"CBS-tabel {tabel.id}: {aantal(skipped, 'rij', 'rijen')} met een ander soort gebied "
                                "overgeslagen (alleen NL, PV, GM, WK en BU worden gelezen)")

    def _area(self, code: str, tabel: CbsTabel) -> str:
        known = self.register.resolve(code)
        if known is not None:
            return known
        self._new_areas.setdefault(code, (tabel.regions.get(code) or code, bron_id(tabel.id)))
        return code

    def _areas(self) -> list[dict[str, str]]:
        rows = []
        for code, (naam, bron) in sorted(self._new_areas.items()):
            parent = parent_code(code)
            ligt_in = (self.register.resolve(parent) or (parent if parent in self._new_areas else None)
                       if parent else (self.register.land if code.startswith(("GM", "PV")) else None))
            rows.append({"id": code, "naam": naam, "soort": REGION_KINDS[code[:2]].value, "cbs_code": code,
                         "ligt_in": ligt_in or "", "bron": bron,
                         "toelichting": "Aangemaakt bij het inlezen van CBS-gegevens."})
        return rows


def bron_id(table: str) -> str:
    return f"cbs-{table.strip().lower()}"


def register_of(gebieden: Sequence[Gebied]) -> Gebiedsregister:
    by_code = {g.id: g.id for g in gebieden}
    by_code.update({g.cbs_code.strip(): g.id for g in gebieden if g.cbs_code})
    land = next((g.id for g in sorted(gebieden, key=lambda g: g.id) if g.soort is GebiedSoort.LAND), None)
    return Gebiedsregister(by_code, land)


def prepare(client: HttpClient, tables: Sequence[str], maten: dict[str, str], gebieden: Sequence[Gebied],
            today: date, *, periode: str | None = None, gemeente: str | None = None,
            base: str = BASE_URL) -> CbsPackageReader:
    """Fetch each table, match the measures by title, and return a reader for `importer.import_from`.

    Raises CbsError (Dutch) when CBS cannot be read or a measure title is not in a table.
    """
    if periode and len(tables) > 1:
        raise CbsError("--periode geldt voor één tabel; bij meer tabellen komt de periode uit elke tabel zelf")
    fetched, problems = [], []
    for table in tables:
        tabel = read_table(client, table.strip(), gemeente=gemeente, base=base)
        measures, missing = match_measures(tabel, maten)
        problems.extend(missing)
        fetched.append((tabel, measures))
    if problems:
        raise CbsError("\n".join(problems))
    return CbsPackageReader(fetched, register_of(gebieden), today, periode)
