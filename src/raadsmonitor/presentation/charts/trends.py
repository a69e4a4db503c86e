"""Small multiples of the trends page (issue 16): per indicator one line chart of the focus area, its municipality
and the benchmark over every period held, with the required path dashed. Server-rendered SVG with role="img",
<title> and <desc>; the page puts a table with the same figures beside every chart."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from markupsafe import Markup

from raadsmonitor.analysis.progress.trends import Reeks, Trendverloop
from raadsmonitor.presentation.charts.svg import svg_image
from raadsmonitor.presentation.formatting import format_waarde

_ids = itertools.count(1)
WIDTH, LEFT, RIGHT, TOP, PLOT_H = 420, 80, 16, 12, 150


@dataclass(frozen=True)
class Lijnstijl:
    kleur: str
    streep: str  # stroke-dasharray; "" for a solid line
    punt: str  # the marker: circle, square or none, so the lines differ in more than colour (WCAG 1.4.1)


STIJLEN = {"focusgebied": Lijnstijl("#0b5c84", "", "circle"), "gemeente": Lijnstijl("#b35900", "2 3", "square"),
           "norm": Lijnstijl("#1a1a1a", "", "none"), "vereist pad": Lijnstijl("#6a3d9a", "7 4", "none")}


def series_label(reeks: Reeks) -> str:
    return f"Vereist pad {reeks.gebied.naam}" if reeks.rol == "vereist pad" else reeks.gebied.naam


def _dated(reeks: Reeks) -> list[tuple[float, float]]:
    return sorted((p.jaar, float(p.waarde)) for p in reeks.punten if p.jaar is not None and p.waarde is not None)


def _marker(stijl: Lijnstijl, x: float, y: float) -> str:
    if stijl.punt == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{stijl.kleur}"></circle>'
    if stijl.punt == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{stijl.kleur}"></rect>'
    return ""


def trend_chart(trend: Trendverloop) -> Markup | None:
    """None when no series has a dated value: the table alone then says what is known."""
    lines = [(reeks, _dated(reeks)) for reeks in trend.reeksen]
    points = [p for _, dated in lines for p in dated]
    if not points:
        return None
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    y0, y1 = min(p[1] for p in points), max(p[1] for p in points)
    pad = (y1 - y0) * 0.08 or abs(y1) * 0.1 or 1.0
    y0, y1 = y0 - pad, y1 + pad
    plot_w = WIDTH - LEFT - RIGHT

    def xy(t: float, v: float) -> tuple[float, float]:
        x = LEFT + ((t - x0) / (x1 - x0) * plot_w if x1 != x0 else plot_w / 2)
        return x, TOP + PLOT_H - (v - y0) / (y1 - y0) * PLOT_H

    eenheid = trend.indicator.eenheid
    parts = [f'<line x1="{LEFT}" y1="{TOP + PLOT_H}" x2="{WIDTH - RIGHT}" y2="{TOP + PLOT_H}" stroke="#4a4a4a">'
             '</line>']
    for value in (y0 + pad, y1 - pad):
        parts.append(f'<text x="{LEFT - 6}" y="{xy(x0, value)[1] + 4:.1f}" text-anchor="end" font-size="12">'
                     f'{escape(format_waarde(Decimal(str(round(value, 2))), eenheid))}</text>')
    for t in sorted({x0, x1}):
        parts.append(f'<text x="{xy(t, y0)[0]:.1f}" y="{TOP + PLOT_H + 16}" text-anchor="middle" font-size="12">'
                     f'{int(t)}</text>')
    for reeks, dated in lines:
        stijl = STIJLEN[reeks.rol]
        coords = [xy(t, v) for t, v in dated]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            dash = f' stroke-dasharray="{stijl.streep}"' if stijl.streep else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{stijl.kleur}" stroke-width="2"{dash}>'
                         '</polyline>')
        parts += [_marker(stijl, x, y) for x, y in coords]
        if len(coords) == 1 and stijl.punt == "none":  # one value of a line without markers: a short stroke
            x, y = coords[0]
            parts.append(f'<line x1="{x - 10:.1f}" y1="{y:.1f}" x2="{x + 10:.1f}" y2="{y:.1f}" stroke="{stijl.kleur}" '
                         'stroke-width="3"></line>')
    legend_y = TOP + PLOT_H + 30
    for index, (reeks, _) in enumerate(lines):
        stijl = STIJLEN[reeks.rol]
        y = legend_y + index * 17
        dash = f' stroke-dasharray="{stijl.streep}"' if stijl.streep else ""
        parts.append(f'<line x1="{LEFT}" y1="{y - 4}" x2="{LEFT + 22}" y2="{y - 4}" stroke="{stijl.kleur}" '
                     f'stroke-width="2"{dash}></line>{_marker(stijl, LEFT + 11, y - 4)}'
                     f'<text x="{LEFT + 28}" y="{y}" font-size="12">{escape(series_label(reeks))}</text>')
    height = legend_y + 17 * len(lines)
    chart_id = f"trend-{next(_ids)}"
    title = f"{trend.indicator.naam} door de tijd"
    names = ", ".join(series_label(reeks) for reeks in trend.reeksen)
    desc = (f"Lijnen per gebied van {int(x0)} tot {int(x1)}: {names}. De tabel ernaast geeft dezelfde cijfers per "
            "periode.")
    attributes = 'fill="#1a1a1a" font-family="DejaVu Sans, Noto Sans, Arial, sans-serif"'
    return svg_image(chart_id, WIDTH, height, attributes, title, desc, "".join(parts))
