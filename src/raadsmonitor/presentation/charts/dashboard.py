"""The small chart on the progress tile of the start page (issue 16): per theme one bar split into op koers,
aandacht, achter and onvoldoende gegevens. Accessible SVG (role="img", <title>, <desc>); the tile lists the
same counts in a table beside it, so colour is never the only way to read it."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from html import escape

from markupsafe import Markup

from raadsmonitor.analysis.progress.formulas import Status
from raadsmonitor.presentation.charts.svg import svg_image

_ids = itertools.count(1)
# Contrast of at least 3:1 against white for each segment (WCAG 1.4.11), told apart by the legend's order too.
KLEUREN = {Status.OP_KOERS: "#2e7d32", Status.AANDACHT: "#b35900", Status.ACHTER: "#a4262c",
           Status.ONVOLDOENDE_GEGEVENS: "#6b6b6b"}
STATUSSEN = tuple(KLEUREN)


def status_chart(per_thema: Sequence[tuple[str, Mapping[Status, int]]]) -> Markup | None:
    """One 100% bar per theme (name, count per status); None when no theme has an indicator."""
    themas = [(naam, aantallen, sum(aantallen.get(s, 0) for s in STATUSSEN)) for naam, aantallen in per_thema]
    themas = [t for t in themas if t[2]]
    if not themas:
        return None
    chart_id = f"tegelgrafiek-{next(_ids)}"
    bar_w, row_h, label_h = 300, 34, 14
    rows = []
    for index, (naam, aantallen, totaal) in enumerate(themas):
        y, x = index * row_h, 0.0
        rows.append(f'<text x="0" y="{y + label_h - 2}" font-size="12">{escape(naam)}</text>')
        for status in STATUSSEN:
            width = aantallen.get(status, 0) / totaal * bar_w
            if width:
                rows.append(f'<rect x="{x:.1f}" y="{y + label_h + 2}" width="{width:.1f}" height="12" '
                            f'fill="{KLEUREN[status]}" stroke="#ffffff"></rect>')
            x += width
    legend_y = len(themas) * row_h + 4
    legend = "".join(f'<rect x="{i * 75}" y="{legend_y}" width="10" height="10" fill="{KLEUREN[s]}"></rect>'
                     f'<text x="{i * 75 + 13}" y="{legend_y + 9}" font-size="10">{escape(_short(s))}</text>'
                     for i, s in enumerate(STATUSSEN))
    counts = "; ".join(f"{naam}: " + ", ".join(f"{aantallen.get(s, 0)} {s.value}" for s in STATUSSEN)
                       for naam, aantallen, _ in themas)
    title = "Stand van de indicatoren per thema"
    description = f"Per thema het aandeel indicatoren per status. {counts}."
    attributes = 'class="rm-tile-chart" font-family="DejaVu Sans, Noto Sans, Arial, sans-serif" fill="#1a1a1a"'
    return svg_image(chart_id, bar_w, legend_y + 14, attributes, title, description, "".join(rows) + legend)


def _short(status: Status) -> str:
    return "onvoldoende" if status is Status.ONVOLDOENDE_GEGEVENS else status.value
