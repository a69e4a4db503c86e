"""SVG chart kinds for the money pages and the paragraaf: a stacked bar (amounts by one grouping,
split by another) and a timeline of streams over the programme's horizon.

Like web/charts.py: role="img", <title> and <desc>, every text escaped, no script; the caller always
puts a table with the same data beside the drawing. Colours come with a text legend, and the timeline
marks secured streams by pattern as well as colour, so nothing relies on colour alone.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from raadsmonitor.presentation.charts.svg import svg_image

_ids = itertools.count(1)
PALETTE = ("#0b5c84", "#b35900", "#2e7d32", "#6a3d9a", "#8c1d40", "#4a4a4a", "#00707a")
FONT = 'font-family="DejaVu Sans, Noto Sans, Arial, sans-serif" font-size="13" fill="#1a1a1a"'


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: a label and its amount."""

    label: str
    value: Decimal


@dataclass(frozen=True)
class StackedBar:
    """One bar of the stacked bar chart: its segments and the total as text."""

    label: str
    segments: tuple[Segment, ...]
    shown: str  # the bar's total as people read it


@dataclass(frozen=True)
class Span:
    """A funding stream on the timeline: from its first to its last year, certain or not."""

    label: str
    begin: int
    eind: int
    zeker: bool


def _svg(chart_id: str, width: int, height: int, title: str, description: str, body: str) -> str:
    return str(svg_image(chart_id, width, height, FONT, title, description, body))


def _legend(labels: list[str], colours: dict[str, str], y: int) -> str:
    parts = []
    for index, label in enumerate(labels):
        x = 10 + (index % 3) * 220
        row_y = y + (index // 3) * 20
        parts.append(f'<rect x="{x}" y="{row_y}" width="12" height="12" fill="{colours[label]}"></rect>'
                     f'<text x="{x + 18}" y="{row_y + 11}">{escape(label)}</text>')
    return "".join(parts)


def stacked_bar_svg(title: str, description: str, bars: list[StackedBar]) -> str:
    """Horizontal bars, one per group, split into coloured segments with a legend underneath."""
    chart_id = f"geldgrafiek-{next(_ids)}"
    label_w, bar_w, row_h, value_w = 180, 330, 28, 140
    labels = list(dict.fromkeys(s.label for bar in bars for s in bar.segments))
    colours = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(labels)}
    largest = max((sum((s.value for s in bar.segments), Decimal(0)) for bar in bars), default=Decimal(0))
    scale = float(bar_w) / float(largest) if largest else 0.0
    rows = []
    for index, bar in enumerate(bars):
        y, x = 5 + index * row_h, float(label_w)
        rows.append(f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end">{escape(bar.label)}</text>')
        for segment in bar.segments:
            length = float(segment.value) * scale
            rows.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{length:.1f}" height="{row_h - 10}" '
                        f'fill="{colours[segment.label]}" stroke="#ffffff"></rect>')
            x += length
        rows.append(f'<text x="{x + 6:.1f}" y="{y + 18}">{escape(bar.shown)}</text>')
    legend_y = 15 + len(bars) * row_h
    height = legend_y + 20 * ((len(labels) + 2) // 3) + 5
    return _svg(chart_id, label_w + bar_w + value_w, height, title, description,
                "".join(rows) + _legend(labels, colours, legend_y))


def timeline_svg(title: str, description: str, begin: int, eind: int, spans: list[Span]) -> str:
    """One row per stream from its first to its last year; secured solid, not secured hatched."""
    chart_id = f"tijdlijn-{next(_ids)}"
    label_w, year_w, row_h = 310, 22, 24
    years = eind - begin + 1
    width, top = label_w + years * year_w + 10, 24
    pattern = (f'<defs><pattern id="{chart_id}-arcering" width="6" height="6" patternUnits="userSpaceOnUse" '
               f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"></rect>'
               f'<rect width="3" height="6" fill="#b35900"></rect></pattern></defs>')
    ticks = "".join(f'<text x="{label_w + (y - begin) * year_w + year_w / 2:.0f}" y="16" text-anchor="middle" '
                    f'font-size="10">{str(y)[2:]}</text>' for y in range(begin, eind + 1))
    rows = []
    for index, span in enumerate(spans):
        y = top + index * row_h
        fill = PALETTE[0] if span.zeker else f"url(#{chart_id}-arcering)"
        rows.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(span.label)}</text>'
                    f'<rect x="{label_w + (span.begin - begin) * year_w}" y="{y + 4}" '
                    f'width="{(span.eind - span.begin + 1) * year_w}" height="{row_h - 8}" fill="{fill}" '
                    f'stroke="#1a1a1a"></rect>')
    legend_y = top + len(spans) * row_h + 10
    legend = (f'<rect x="10" y="{legend_y}" width="14" height="12" fill="{PALETTE[0]}"></rect>'
              f'<text x="30" y="{legend_y + 11}">zeker (toegezegd, verleend of ontvangen)</text>'
              f'<rect x="340" y="{legend_y}" width="14" height="12" fill="url(#{chart_id}-arcering)" '
              f'stroke="#1a1a1a"></rect><text x="360" y="{legend_y + 11}">niet zeker of stand onbekend</text>')
    return _svg(chart_id, width, legend_y + 20, title, description, pattern + ticks + "".join(rows) + legend)
