"""The buurt map of one indicator as server-rendered SVG (issue 18): no tiles, no scripts, nothing from elsewhere.

Each buurt is a path filled with its class's colour *and* pattern (lines for better or higher, crosses
for worse or lower, dots for unknown, plain for about equal), with its name and value written inside;
each shape has a <title> with the class in words. The page shows the legend and a table with the same
figures beside the map, so nothing depends on colour or on seeing the drawing.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from raadsmonitor.analysis.progress.buurtkaart import LABELS, Buurtkaart, Kaartvlak, Klasse
from raadsmonitor.presentation.formatting import format_waarde

_ids = itertools.count(1)
WIDTH = 720.0
MAX_HEIGHT = 720.0
MARGIN = 10.0
NAME_CHAR_PX = 8.0  # about the width of a character at font-size 15
VALUE_CHAR_PX = 9.5  # bold, font-size 16


@dataclass(frozen=True)
class Stijl:
    fill: str
    pattern: str  # SVG drawn over the fill in a 10x10 tile ("" for plain)


STYLES = {
    Klasse.BETER: Stijl("#9ecae1", '<path d="M0,10 L10,0" stroke="#08306b" stroke-width="1.5"></path>'),
    Klasse.HOGER: Stijl("#9ecae1", '<path d="M0,10 L10,0" stroke="#08306b" stroke-width="1.5"></path>'),
    Klasse.GELIJK: Stijl("#e0e0e0", ""),
    Klasse.SLECHTER: Stijl("#fdae6b", '<path d="M0,0 L10,10 M0,10 L10,0" stroke="#7f2704" stroke-width="1.2">'
                                     '</path>'),
    Klasse.LAGER: Stijl("#fdae6b", '<path d="M0,0 L10,10 M0,10 L10,0" stroke="#7f2704" stroke-width="1.2"></path>'),
    Klasse.ONBEKEND: Stijl("#ffffff", '<circle cx="5" cy="5" r="1.4" fill="#4a4a4a"></circle>'),
}


def _patterns(prefix: str) -> str:
    defs = []
    for klasse, stijl in STYLES.items():
        defs.append(f'<pattern id="{prefix}-{klasse.value}" patternUnits="userSpaceOnUse" width="10" height="10">'
                    f'<rect width="10" height="10" fill="{stijl.fill}"></rect>{stijl.pattern}</pattern>')
    return "<defs>" + "".join(defs) + "</defs>"


def swatch(klasse: Klasse) -> Markup:
    """A small square with the class's colour and pattern, for the legend (decorative: the label says it)."""
    prefix = f"legenda-{next(_ids)}"
    stijl = STYLES[klasse]
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="28" height="20" viewBox="0 0 28 20" aria-hidden="true" '
           f'focusable="false"><defs><pattern id="{prefix}" patternUnits="userSpaceOnUse" width="10" height="10">'
           f'<rect width="10" height="10" fill="{stijl.fill}"></rect>{stijl.pattern}</pattern></defs>'
           f'<rect x="0.5" y="0.5" width="27" height="19" fill="url(#{prefix})" stroke="#1a1a1a"></rect></svg>')
    return Markup(svg)  # noqa: S704 # nosec # no outside text in it


def _rings(vlak: Kaartvlak) -> list[list[list[list[float]]]]:
    return json.loads(vlak.grens.geometrie) if vlak.grens else []


def _label_point(polygons: list[list[list[list[float]]]]) -> tuple[float, float]:
    """The area-weighted centroid of the largest outer ring (the shoelace formula)."""
    best_area, point = 0.0, (polygons[0][0][0][0], polygons[0][0][0][1])
    for polygon in polygons:
        area = cx = cy = 0.0
        for (xa, ya), (xb, yb) in itertools.pairwise(polygon[0]):
            cross = xa * yb - xb * ya
            area += cross
            cx += (xa + xb) * cross
            cy += (ya + yb) * cross
        if area and abs(area) > best_area:
            best_area, point = abs(area), (cx / (3 * area), cy / (3 * area))
    return point


def buurt_map(kaart: Buurtkaart) -> Markup | None:
    """The SVG map of the buurten that have a boundary; None when none has one."""
    drawn = [(v, _rings(v)) for v in kaart.vlakken if v.grens is not None]
    drawn = [(v, p) for v, p in drawn if p]
    if not drawn:
        return None
    xs = [x for _, polygons in drawn for polygon in polygons for ring in polygon for x, _ in ring]
    ys = [y for _, polygons in drawn for polygon in polygons for ring in polygon for _, y in ring]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    scale = min((WIDTH - 2 * MARGIN) / max(x1 - x0, 1), (MAX_HEIGHT - 2 * MARGIN) / max(y1 - y0, 1))
    height = (y1 - y0) * scale + 2 * MARGIN

    def at(x: float, y: float) -> tuple[float, float]:  # RD y grows north; SVG y grows down
        return MARGIN + (x - x0) * scale, MARGIN + (y1 - y) * scale

    chart_id = f"kaart-{next(_ids)}"
    eenheid = kaart.indicator.eenheid
    shapes, labels = [], []
    for vlak, polygons in drawn:
        d = " ".join("M" + " L".join(f"{px:.1f},{py:.1f}" for px, py in (at(x, y) for x, y in ring)) + " Z"
                     for polygon in polygons for ring in polygon)
        shown = format_waarde(vlak.waarde, eenheid)
        tekst = f"{vlak.gebied.naam}: {shown}, {LABELS[vlak.klasse]}"
        shapes.append(f'<path class="rm-kaart-buurt" d="{d}" fill="url(#{chart_id}-{vlak.klasse.value})" '
                      f'fill-rule="evenodd" stroke="#1a1a1a" stroke-width="1"><title>{escape(tekst)}</title></path>')
        lx, ly = at(*_label_point(polygons))
        points = [at(x, y) for polygon in polygons for x, y in polygon[0]]
        width = max(p[0] for p in points) - min(p[0] for p in points)
        height = max(p[1] for p in points) - min(p[1] for p in points)
        # The value is always written; the name only where it fits (it is in the shape's title and the table).
        if width >= len(vlak.gebied.naam) * NAME_CHAR_PX and height >= 36:
            labels.append(f'<text x="{lx:.1f}" y="{ly - 5:.1f}" text-anchor="middle" font-size="15" '
                          f'class="rm-kaart-naam">{escape(vlak.gebied.naam)}</text>')
        else:
            ly -= 6
        size = 16 if width >= len(shown) * VALUE_CHAR_PX else 12
        labels.append(f'<text x="{lx:.1f}" y="{ly + 14:.1f}" text-anchor="middle" font-size="{size}" '
                      f'font-weight="bold" class="rm-kaart-waarde">{escape(shown)}</text>')
    norm = format_waarde(kaart.landelijk.waarde if kaart.landelijk else None, eenheid)
    title = f"{kaart.indicator.naam} per buurt van {kaart.gebied.naam}, {kaart.periode or 'geen periode'}"
    desc = (f"Kaart van {len(drawn)} buurten. In elke buurt staat haar waarde, en haar naam waar die past; "
            f"kleur en arcering geven aan hoe de buurt zich verhoudt tot Nederland ({norm} in dezelfde periode). "
            "De legenda en de tabel bij de kaart geven dezelfde cijfers in woorden.")
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" role="img" '
           f'aria-labelledby="{chart_id}-titel {chart_id}-uitleg" class="rm-kaart" font-family="inherit" '
           f'fill="#1a1a1a"><title id="{chart_id}-titel">{escape(title)}</title>'
           f'<desc id="{chart_id}-uitleg">{escape(desc)}</desc>{_patterns(chart_id)}'
           f'{"".join(shapes)}<g stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round">'
           f'{"".join(labels)}</g></svg>')
    return Markup(svg)  # noqa: S704 # nosec # every text part is escaped above
