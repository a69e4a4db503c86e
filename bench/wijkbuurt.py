#!/usr/bin/env python3
"""Benchmark of issue 18: a national year of wijk and buurt figures, national boundaries, and the map page.

    bench/wijkbuurt.py [--buurten 14000] [--maten 30] [--seconds 3] [--repeat 3] [--workdir DIR]

All data here is SYNTHETIC (made up by this script, labelled so in every name): a country of 350
municipalities, each with wijken of four buurten (~14,000 buurten; municipality GM0001 is larger, 120
buurten, and is the one on the map), and 30 measures "Synthetische maat 01".."30".

1. A local HTTP server on 127.0.0.1 answers as CBS's OData v4 API does (Properties, Dimensions,
   MeasureCodes, WijkenEnBuurtenCodes, Observations in pages of 10,000 with @odata.nextLink).
2. `raadsmonitor import-cbs --jaar 2024 --maat ... --cbs-url` (all 30 measures, no --gemeente: the whole
   country) into a fresh SQLite store holding only the 30 indicators and the country: wall seconds,
   median of --repeat runs, each on a fresh store (target: under 30 s).
3. `raadsmonitor import-grenzen` of a GeoJSON with a square per buurt (wall seconds, once).
4. `raadsmonitor serve` and wrk against /voortgang/kaart for GM0001 (120 buurten): p50/p95/p99 at 1, 8
   and 32 connections, the page cached after its first request, as bench/run measures pages (target:
   p95 under 50 ms at 32 connections).

Only 127.0.0.1 is ever reached. Prints its figures as JSON and as a table.
"""

# ruff: noqa: S603, S607 - starting our own tools (raadsmonitor, wrk) is what this does
from __future__ import annotations

import argparse
import csv
import importlib.machinery
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
_loader = importlib.machinery.SourceFileLoader("bench_run", str(BENCH / "run"))
_spec = importlib.util.spec_from_loader("bench_run", _loader)
assert _spec is not None
bench_run = importlib.util.module_from_spec(_spec)
_loader.exec_module(bench_run)

from raadsmonitor.domain.catalogue import TABLES_BY_NAME  # noqa: E402

PAGE_ROWS = 10_000
TABLE = "85984NED"
MAP_GEMEENTE = "GM0001"


def regions(buurten: int) -> list[tuple[str, str]]:
    """(code, name): the country, municipalities, wijken of four buurten; GM0001 has 30 wijken."""
    found = [("NL01", "Nederland")]
    gemeenten = max(1, round((buurten - 120) / 40)) + 1
    for g in range(1, gemeenten + 1):
        gm = f"{g:04d}"
        found.append((f"GM{gm}", f"Synthetische gemeente {gm}"))
        for w in range(1, (30 if g == 1 else 10) + 1):
            found.append((f"WK{gm}{w:02d}", f"Synthetische wijk {gm}-{w:02d}"))
            found.extend((f"BU{gm}{w:02d}{b:02d}", f"Synthetische buurt {gm}-{w:02d}-{b:02d}") for b in range(1, 5))
    return found


def value(code: str, measure: int) -> float | None:
    """A deterministic synthetic value; every 97th cell unknown (as CBS's suppressed cells)."""
    h = (zlib.crc32(code.encode()) ^ (measure * 2_654_435_761)) & 0xFFFF
    return None if h % 97 == 0 else float(h % 1000 + measure)


class FakeCbs:
    """Pre-serialised answers of the OData v4 API for one synthetic table."""

    def __init__(self, codes: list[tuple[str, str]], maten: int) -> None:
        self.base = ""
        self.codes = codes
        self.maten = maten
        self.pages: list[bytes] = []

    def build(self) -> None:
        rows = [{"Id": i, "Measure": f"SYN{m:03d}", "ValueAttribute": "None", "Value": value(code, m),
                 "WijkenEnBuurten": code}
                for i, ((code, _), m) in enumerate((c, m) for c in self.codes for m in range(1, self.maten + 1))]
        for start in range(0, len(rows), PAGE_ROWS):
            page: dict[str, Any] = {"value": rows[start:start + PAGE_ROWS]}
            if start + PAGE_ROWS < len(rows):
                token = start // PAGE_ROWS + 1
                page["@odata.nextLink"] = f"{{base}}/odata/v1/CBS/{TABLE}/Observations?$skiptoken={token}"
            self.pages.append(json.dumps(page).encode())

    def answer(self, path: str, query: str) -> bytes | None:
        name = path.removeprefix(f"/odata/v1/CBS/{TABLE}/")
        if name == "Properties":
            return json.dumps({"Identifier": TABLE, "Title": "Kerncijfers wijken en buurten 2024 (SYNTHETISCH)",
                               "Modified": "2025-06-30T02:00:00"}).encode()
        if name == "Dimensions":
            return json.dumps({"value": [{"Identifier": "WijkenEnBuurten", "Kind": "GeoDimension"}]}).encode()
        if name == "MeasureCodes":
            return json.dumps({"value": [{"Identifier": f"SYN{m:03d}", "Title": f"Synthetische maat {m:02d}"}
                                         for m in range(1, self.maten + 1)]}).encode()
        if name == "WijkenEnBuurtenCodes":
            return json.dumps({"value": [{"Identifier": c, "Title": n} for c, n in self.codes]}).encode()
        if name == "Observations":
            token = int(urllib.parse.parse_qs(query).get("$skiptoken", ["0"])[0])
            return self.pages[token].replace(b"{base}", self.base.encode())
        return None


def serve(fake: FakeCbs) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            path, _, query = self.path.partition("?")
            body = fake.answer(urllib.parse.unquote(path), query)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def write_package(folder: Path, maten: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "bronnen": [{"id": "syn-bron", "document": "Synthetische benchmarkgegevens (bench/wijkbuurt.py)",
                     "uitgever": "raadsmonitor bench"}],
        "gebieden": [{"id": "NL01", "naam": "Nederland", "soort": "land", "cbs_code": "NL01", "bron": "syn-bron"}],
        "indicatoren": [{"id": f"syn-kwb-{m:02d}", "naam": f"Synthetische maat {m:02d}", "eenheid": "aantal",
                         "polariteit": "lager is beter", "bron": "syn-bron"} for m in range(1, maten + 1)],
    }
    for name, rows in tables.items():
        header = [column.name for column in TABLES_BY_NAME[name].columns]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows([row.get(column, "") for column in header] for row in rows)
    return folder


def write_geojson(path: Path, codes: list[tuple[str, str]]) -> None:
    """A square of 400 m per buurt in RD metres, laid out in rows: synthetic, not real boundaries."""
    features = []
    for index, (code, name) in enumerate(c for c in codes if c[0].startswith("BU")):
        x, y = 100_000 + (index % 120) * 400, 400_000 + (index // 120) * 400
        ring = [[x, y], [x + 400, y], [x + 400, y + 400], [x, y + 400], [x, y]]
        features.append({"type": "Feature", "properties": {"buurtcode": code, "buurtnaam": name},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::28992"}}, "features": features}), encoding="utf-8")


def raadsmonitor(*args: str) -> float:
    start = time.perf_counter()
    result = subprocess.run([bench_run.raadsmonitor_command(), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"raadsmonitor {args[0]} mislukte: {result.stdout[-2000:]} {result.stderr[-2000:]}")
    return time.perf_counter() - start


def import_year(work: Path, package: Path, fake: FakeCbs, maten: int, run: int) -> tuple[float, Path]:
    db = work / f"wijkbuurt-{run}.sqlite"
    url = f"sqlite:///{db}"
    raadsmonitor("import", str(package), "--db", url)
    pairs = [part for m in range(1, maten + 1) for part in ("--maat", f"Synthetische maat {m:02d}=syn-kwb-{m:02d}")]
    seconds = raadsmonitor("import-cbs", "--jaar", "2024", *pairs, "--cbs-url", fake.base, "--db", url)
    return seconds, db


def map_figures(db: Path, work: Path, args: argparse.Namespace) -> dict[str, float]:
    script = work / "wrk.lua"
    script.write_text(bench_run.WRK_SCRIPT, encoding="utf-8")
    page = f"/voortgang/kaart?indicator=syn-kwb-01&gebied={MAP_GEMEENTE}"
    server = bench_run.Server(db, work / "serve.log", workers=args.workers)
    figures: dict[str, float] = {}
    try:
        server.start()
        first, status = bench_run.probe(server.base + page, 60)
        if status != 200:
            raise RuntimeError(f"{page} antwoordde {status}")
        figures["map_first_request_ms"] = round(first * 1000, 1)
        for connections in (1, 8, 32):
            runs = [bench_run.wrk(server.base + page, connections, args.seconds, script) for _ in range(args.repeat)]
            bench_run.drain(server)
            for name in ("p50_ms", "p95_ms", "p99_ms", "rps"):
                figures[f"map_{name}_{connections}conn"] = round(statistics.median(r[name] for r in runs), 2)
            figures[f"map_errors_{connections}conn"] = sum(r["errors"] for r in runs)
    finally:
        server.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buurten", type=int, default=14_000)
    parser.add_argument("--maten", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="wijkbuurt-"))
    work.mkdir(parents=True, exist_ok=True)
    codes = regions(args.buurten)
    fake = FakeCbs(codes, args.maten)
    fake.build()
    server = serve(fake)
    package = write_package(work / "pakket", args.maten)
    figures: dict[str, Any] = {
        "synthetic": True, "regions": len(codes), "buurten": sum(c.startswith("BU") for c, _ in codes),
        "wijken": sum(c.startswith("WK") for c, _ in codes), "maten": args.maten,
        "observations": len(codes) * args.maten, "cbs_pages": len(fake.pages)}
    try:
        runs = [import_year(work, package, fake, args.maten, run) for run in range(args.repeat)]
    finally:
        server.shutdown()
    figures["import_cbs_year_seconds_runs"] = [round(seconds, 2) for seconds, _ in runs]
    figures["import_cbs_year_seconds"] = round(statistics.median(seconds for seconds, _ in runs), 2)
    db = runs[-1][1]
    geojson = work / "buurten.geojson"
    write_geojson(geojson, codes)
    figures["import_grenzen_seconds"] = round(raadsmonitor("import-grenzen", str(geojson), "--db",
                                                           f"sqlite:///{db}"), 2)
    figures.update(map_figures(db, work, args))
    print(json.dumps(figures, indent=2))
    for name, figure in figures.items():
        print(f"{name:36} {figure}")


if __name__ == "__main__":
    main()
