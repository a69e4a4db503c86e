"""Boundaries from a GeoJSON file (issue 18): PDOK's / CBS's "wijk- en buurtkaart" or any GeoJSON with a CBS code.

Each feature needs a CBS code in its properties: the most specific of `buurtcode`, `wijkcode`,
`gemeentecode` (PDOK's CBS Wijken en Buurten), `BU_CODE`, `WK_CODE`, `GM_CODE` (CBS's older shape files),
`statcode` (CBS gebiedsindelingen) or `code`; and a Polygon or MultiPolygon geometry. Coordinates in
degrees (WGS84, as PDOK's OGC API gives by default) are put on a plane that approximates RD New
(EPSG:28992) closely enough for a map of one city; coordinates already in metres are taken as RD New.
Every ring is simplified (Douglas-Peucker, 5 metres) and rounded to whole metres.

Nothing is written here: `read_boundaries` returns the boundaries and every problem with its place
(file, feature number, field), so the command can refuse the whole file.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from raadsmonitor.domain.boundaries import Gebiedsgrens

CODE_KEYS = ("buurtcode", "bu_code", "wijkcode", "wk_code", "gemeentecode", "gm_code", "statcode", "code")
NAME_KEYS = {"buurtcode": "buurtnaam", "bu_code": "bu_naam", "wijkcode": "wijknaam", "wk_code": "wk_naam",
             "gemeentecode": "gemeentenaam", "gm_code": "gm_naam", "statcode": "statnaam", "code": "naam"}
CBS_CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")
TOLERANCE_M = 5.0
MAX_BYTES = 500 * 1024 * 1024
# A plane through Amersfoort (the origin of RD New) at the scale of the Netherlands.
_LON0, _LAT0, _X0, _Y0 = 5.38720621, 52.15517440, 155_000.0, 463_000.0
_M_PER_DEG_LAT = 111_250.0
_M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(_LAT0))

Point = tuple[float, float]
Ring = list[Point]


class GrenzenError(Exception):
    """The file cannot be read at all (Dutch message)."""


@dataclass(frozen=True)
class Probleem:
    plaats: str
    melding: str

    def __str__(self) -> str:
        return f"{self.plaats}: {self.melding}"


def _plane(point: Any, degrees: bool) -> Point:
    if not isinstance(point, list | tuple) or len(point) < 2 or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in point[:2]):
        raise ValueError(f"coördinaat {json.dumps(point)[:60]} is geen paar getallen")
    x, y = float(point[0]), float(point[1])
    if degrees:
        return _X0 + (x - _LON0) * _M_PER_DEG_LON, _Y0 + (y - _LAT0) * _M_PER_DEG_LAT
    return x, y


def _distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(ring: Ring, tolerance: float = TOLERANCE_M) -> Ring:
    """Douglas-Peucker with an explicit stack (a ring can have many thousands of points)."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        index, furthest = 0, -1.0
        for i in range(first + 1, last):
            d = _distance(ring[i], ring[first], ring[last])
            if d > furthest:
                index, furthest = i, d
        if furthest > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, kept in zip(ring, keep, strict=True) if kept]


def _polygons(geometry: Any, degrees: bool) -> list[list[list[list[int]]]]:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        raise ValueError(f"geometrie is {kind!r}; verwacht Polygon of MultiPolygon")
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise ValueError("geometrie heeft geen coördinaten")
    result = []
    for polygon in polygons:
        rings = []
        for ring in polygon if isinstance(polygon, list) else []:
            if not isinstance(ring, list):
                raise ValueError("een ring is geen lijst van coördinaten")
            points = simplify([_plane(point, degrees) for point in ring])
            rounded = [[round(x), round(y)] for x, y in points]
            if len(rounded) >= 4:
                rings.append(rounded)
        if rings:
            result.append(rings)
    if not result:
        raise ValueError("geometrie heeft geen ring met ten minste vier punten")
    return result


def _in_degrees(features: list[Any]) -> bool:
    """Degrees if every first coordinate found is within [-180, 180] x [-90, 90]."""
    for feature in features[:50]:
        try:
            geometry = feature["geometry"]
            point = geometry["coordinates"][0][0] if geometry["type"] == "Polygon" else \
                geometry["coordinates"][0][0][0]
            return abs(float(point[0])) <= 180 and abs(float(point[1])) <= 90
        except (KeyError, IndexError, TypeError, ValueError):
            continue
    return True


def _code_and_name(properties: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    lowered = {str(key).lower(): value for key, value in properties.items()}
    for key in CODE_KEYS:
        value = lowered.get(key)
        if value not in (None, ""):
            name = lowered.get(NAME_KEYS[key])
            return str(value).strip().upper(), key, (str(name).strip() or None) if name not in (None, "") else None
    return None, None, None


def read_boundaries(path: Path, today: date, bron: str | None = None
                    ) -> tuple[list[Gebiedsgrens], list[Probleem]]:
    """Every feature as a boundary, or the problems with their place; nothing partial is meant to be kept."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise GrenzenError(f"{path.name}: groter dan {MAX_BYTES // (1024 * 1024)} MB")
        data = json.loads(path.read_bytes())
    except OSError as error:
        raise GrenzenError(f"{path}: niet te lezen ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise GrenzenError(f"{path.name}: geen UTF-8 (byte {error.start})") from error
    except json.JSONDecodeError as error:
        raise GrenzenError(f"{path.name}: geen geldige JSON (regel {error.lineno}, kolom {error.colno}): "
                           f"{error.msg}") from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        raise GrenzenError(f"{path.name}: geen GeoJSON FeatureCollection (verwacht \"type\": \"FeatureCollection\" "
                           "met een lijst \"features\")")
    crs = json.dumps(data.get("crs") or "")
    features = data["features"]
    degrees = "28992" not in crs and _in_degrees(features)
    source = bron or f"{path.name} (grenzenbestand)"
    boundaries: list[Gebiedsgrens] = []
    problems: list[Probleem] = []
    seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        place = f"{path.name}, object {number}"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        code, key, name = _code_and_name(properties if isinstance(properties, dict) else {})
        if code is None:
            problems.append(Probleem(place, "geen CBS-code: verwacht een eigenschap " + ", ".join(CODE_KEYS)))
            continue
        place = f"{place} ({key} {code})"
        if not CBS_CODE.match(code):
            problems.append(Probleem(place, f"'{code}' is geen CBS-code van een gemeente, wijk of buurt "
                                            "(GM0917, WK091701, BU09170101)"))
            continue
        if code in seen:
            problems.append(Probleem(place, f"{code} staat ook al in object {seen[code]}"))
            continue
        seen[code] = number
        try:
            polygons = _polygons(feature.get("geometry"), degrees)
        except ValueError as error:
            problems.append(Probleem(f"{place}, geometry", str(error)))
            continue
        boundaries.append(Gebiedsgrens(cbs_code=code, naam=name, geometrie=json.dumps(polygons, separators=(",", ":")),
                                       bron=source[:200], ingelezen_op=today))
    if not features:
        problems.append(Probleem(path.name, "het bestand bevat geen enkel gebied"))
    return boundaries, problems
