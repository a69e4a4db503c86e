"""Charts as server-rendered SVG with a text alternative, always shown beside a table of the same data.

Hand-written SVG rather than a charting library: the pages need only a few simple chart kinds, and
this way every chart has its <title>, <desc> and role="img" and no browser or JavaScript is
needed to draw it (issue 3 compared this with Vega-Lite through vl-convert: more weight, less
control over the accessible names).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from markupsafe import Markup

from raadsmonitor.analysis.programme.organisation import OrgaanOverzicht
from raadsmonitor.presentation.formatting import format_fte

_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    shown: str  # the value as people read it, "onbekend" included


@dataclass(frozen=True)
class SvgChart:
    title: str
    description: str
    svg: Markup
    bars: list[Bar]


def svg_image(chart_id: str, width: float, height: float, attributes: str, title: str, description: str,
              body: str) -> Markup:
    """An SVG drawing as an image named by its <title> and described by its <desc>, both escaped here.

    `attributes` (on the <svg> element) and `body` are markup the caller built with every text part escaped."""
    return Markup(  # noqa: S704 # nosec # title and description are escaped here, the rest by the caller
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-titel {chart_id}-uitleg" {attributes}>'
        f'<title id="{chart_id}-titel">{escape(title)}</title>'
        f'<desc id="{chart_id}-uitleg">{escape(description)}</desc>{body}</svg>')


def bar_chart(title: str, description: str, bars: list[Bar]) -> SvgChart:
    """Horizontal bars; an unknown value gets no bar and the word 'onbekend'."""
    chart_id = f"grafiek-{next(_ids)}"
    label_width, bar_width, row_height, value_width = 260, 300, 28, 110
    width = label_width + bar_width + value_width
    height = row_height * len(bars) + 10
    largest = max((bar.value for bar in bars if bar.value is not None), default=Decimal(0)) or Decimal(1)
    rows = []
    for index, bar in enumerate(bars):
        y = 5 + index * row_height
        length = 0 if bar.value is None else float(bar.value / largest) * bar_width
        rows.append(
            f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end">{escape(bar.label)}</text>'
            + (f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row_height - 10}" '
               f'fill="var(--rm-color-bar, #0b5c84)"></rect>' if bar.value is not None else "")
            + f'<text x="{label_width + length + 6:.1f}" y="{y + 18}">{escape(bar.shown)}</text>')
    svg = svg_image(chart_id, width, height, 'font-size="14" fill="#1a1a1a"', title, description, "".join(rows))
    return SvgChart(title, description, svg, bars)


def fte_chart(orgaan: OrgaanOverzicht) -> SvgChart:
    bars = [Bar(f.functie, f.fte, format_fte(f.fte)) for f in orgaan.functies]
    total = format_fte(orgaan.totaal_fte)
    description = (f"Omvang van {len(bars)} functies bij {orgaan.orgaan.naam}, samen {total}. "
                   "De tabel hieronder geeft dezelfde cijfers.")
    return bar_chart(f"Functies bij {orgaan.orgaan.naam} in fte", description, bars)
