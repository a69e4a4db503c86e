"""Charts and wording for the progress pages: values per period, and the gap against the required path.

Server-rendered SVG with role="img", <title> and <desc>; every chart is shown beside a table with the
same figures (the templates do that).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from markupsafe import Markup

from raadsmonitor.analysis.progress.formulas import required_gap
from raadsmonitor.analysis.progress.records import Meting, Voortgang
from raadsmonitor.analysis.progress.views import ThemaVoortgang
from raadsmonitor.domain.enums import Eenheid
from raadsmonitor.presentation.charts.svg import Bar, SvgChart
from raadsmonitor.presentation.formatting import format_getal, format_waarde

_ids = itertools.count(1)


def amount(value: Decimal, eenheid: Eenheid) -> str:
    """A distance in the indicator's unit: percentages in procentpunten."""
    if eenheid is Eenheid.PROCENT:
        return f"{format_getal(value)} procentpunt" + ("" if value == 1 else "en")
    return format_waarde(value, eenheid)


def afstand_tekst(meting: Meting | None, eenheid: Eenheid, norm_naam: str) -> str:
    """'12 procentpunten achter op Nederland', '1 procentpunt voor op Nederland', or 'onbekend'."""
    if meting is None or meting.afstand is None:
        return "onbekend"
    afstand = meting.afstand
    if afstand.achterstand is None:
        if afstand.verschil == 0:
            return f"gelijk aan {norm_naam}"
        richting = "hoger" if afstand.verschil > 0 else "lager"
        return f"{amount(abs(afstand.verschil), eenheid)} {richting} dan {norm_naam}"
    if afstand.achterstand == 0:
        return f"gelijk aan {norm_naam}"
    richting = "achter op" if afstand.achterstand > 0 else "voor op"
    return f"{amount(abs(afstand.achterstand), eenheid)} {richting} {norm_naam}"


@dataclass(frozen=True)
class Waarderij:
    """One bar of the values chart and its table row, with the source of the figure."""

    label: str
    waarde: Decimal | None
    shown: str
    bron: str


def value_rows(items: list[Voortgang]) -> list[Waarderij]:
    """Each area's value in each period, with the benchmark of that period (once per period)."""
    rows: list[Waarderij] = []
    seen: set[tuple[str, str]] = set()
    for item in items:
        eenheid = item.indicator.eenheid
        for meting in item.metingen:
            w = meting.waarneming
            rows.append(Waarderij(f"{item.gebied.naam}, {w.periode}", w.waarde, format_waarde(w.waarde, eenheid),
                                  w.bron))
            norm = meting.norm
            if norm is not None and item.norm_gebied and (norm.gebied, norm.periode) not in seen:
                seen.add((norm.gebied, norm.periode))
                rows.append(Waarderij(f"{item.norm_gebied.naam}, {norm.periode}", norm.waarde,
                                      format_waarde(norm.waarde, eenheid), norm.bron))
    return rows


def values_chart(items: list[Voortgang], rows: list[Waarderij]) -> SvgChart:
    """Horizontal bars of `value_rows`; the page puts the same rows, with their sources, in a table."""
    naam = items[0].indicator.naam if items else ""
    description = (f"{naam}: de waarde per gebied en periode, met de norm in dezelfde periode. "
                   "De tabel hieronder geeft dezelfde cijfers.")
    return bar_chart(f"{naam} per gebied en periode", description,
                     [Bar(row.label, row.waarde, row.shown) for row in rows])


CHAR_WIDTH = 7.6  # average width of a character at font-size 14, for sizing the label column


def bar_chart(title: str, description: str, bars: list[Bar]) -> SvgChart:
    """Horizontal bars like `web.charts.bar_chart`, with the label column as wide as the longest label.

    An unknown value gets no bar and its text ("onbekend").
    """
    chart_id = f"staaf-{next(_ids)}"
    label_width = int(min(max((len(bar.label) for bar in bars), default=10) * CHAR_WIDTH + 16, 480))
    bar_width, row_height, value_width = 300, 28, 130
    largest = max((bar.value for bar in bars if bar.value is not None), default=Decimal(0)) or Decimal(1)
    rows = []
    for index, bar in enumerate(bars):
        y = 5 + index * row_height
        length = 0 if bar.value is None else float(bar.value / largest) * bar_width
        rect = (f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row_height - 10}" '
                f'fill="#0b5c84"></rect>' if bar.value is not None else "")
        rows.append(f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end">{escape(bar.label)}</text>{rect}'
                    f'<text x="{label_width + length + 6:.1f}" y="{y + 18}">{escape(bar.shown)}</text>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_width + bar_width + value_width} '
           f'{row_height * len(bars) + 10}" role="img" aria-labelledby="{chart_id}-titel {chart_id}-uitleg" '
           f'font-size="14" fill="#1a1a1a"><title id="{chart_id}-titel">{escape(title)}</title>'
           f'<desc id="{chart_id}-uitleg">{escape(description)}</desc>{"".join(rows)}</svg>')
    return SvgChart(title, description, Markup(svg), bars)  # noqa: S704 # nosec # every text part is escaped above


def theme_chart(thema: ThemaVoortgang) -> SvgChart | None:
    """Per indicator of a theme: the achterstand as a percentage of the benchmark, so units compare.

    An area ahead of the benchmark gets no bar and the words "voor op"; unknown gets "onbekend".
    """
    bars = []
    for groep in thema.doelen:
        for kaart in groep.kaarten:
            laatste = kaart.voortgang.laatste
            relatief = laatste.afstand.relatief if laatste and laatste.afstand else None
            if relatief is None or kaart.indicator.polariteit.value == "neutraal":
                continue
            percentage = relatief * 100
            shown = (f"{format_getal(percentage, 0)}% achter" if percentage > 0
                     else f"{format_getal(-percentage, 0)}% voor" if percentage < 0 else "gelijk")
            bars.append(Bar(f"{kaart.indicator.naam} ({kaart.voortgang.gebied.naam})",
                            percentage if percentage > 0 else None, shown))
    if not bars:
        return None
    description = ("Per indicator de achterstand op de norm in dezelfde periode, als percentage van de waarde van de "
                   "norm. De tabel hieronder geeft dezelfde cijfers.")
    return bar_chart(f"Achterstand per indicator bij {thema.thema.naam}", description, bars)


def _scale(low: float, high: float, size: float, offset: float, value: float) -> float:
    return offset + (value - low) / (high - low) * size if high != low else offset + size / 2


@dataclass(frozen=True)
class _Frame:
    """Where years and gaps land in the drawing area."""

    x0: float
    x1: float
    y0: float
    y1: float
    left: int = 70
    top: int = 20
    width: int = 540
    height: int = 200

    def xy(self, t: float, g: float) -> tuple[float, float]:
        return (_scale(self.x0, self.x1, self.width, self.left, t),
                self.top + self.height - _scale(self.y0, self.y1, self.height, 0, g))


def _gap_points(item: Voortgang) -> list[tuple[float, float, str]]:
    return [(m.jaar, float(m.afstand.achterstand), m.waarneming.periode) for m in item.metingen
            if m.jaar is not None and m.afstand is not None and m.afstand.achterstand is not None]


def _gap_parts(item: Voortgang, frame: _Frame, points: list[tuple[float, float, str]], t0: float, g0: Decimal,
               end: float) -> list[str]:
    axis_y = frame.xy(frame.x0, 0)[1]
    parts = [f'<line x1="{frame.left}" y1="{axis_y:.1f}" x2="{frame.left + frame.width}" y2="{axis_y:.1f}" '
             'stroke="#4a4a4a" stroke-width="1"></line>']
    if item.doeljaar:
        (ax, ay), (bx, by) = frame.xy(t0, float(g0)), frame.xy(end, float(required_gap(g0, t0, end, item.doeljaar)))
        parts.append(f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="#4a4a4a" '
                     'stroke-dasharray="6 4" stroke-width="2"></line>')
    for t, g, periode in points:
        px, py = frame.xy(t, g)
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="#0b5c84"></circle>'
                     f'<text x="{px + 8:.1f}" y="{py - 8:.1f}">{escape(periode)}</text>')
    for g in sorted({frame.y0, frame.y1}):
        parts.append(f'<text x="{frame.left - 8}" y="{frame.xy(frame.x0, g)[1] + 5:.1f}" '
                     f'text-anchor="end">{escape(format_getal(Decimal(str(round(g, 2)))))}</text>')
    for t in sorted({frame.x0, frame.x1}):
        parts.append(f'<text x="{frame.xy(t, frame.y0)[0]:.1f}" y="{frame.top + frame.height + 20}" '
                     f'text-anchor="middle">{int(t)}</text>')
    return parts


def gap_chart(item: Voortgang) -> Markup | None:
    """The gap over time as points, and the straight required path from the nulmeting to zero in the doeljaar.

    Drawn only with at least two dated measurements with a gap; otherwise the page says why not.
    """
    points = _gap_points(item)
    nulmeting = item.nulmeting
    if len(points) < 2 or nulmeting is None or nulmeting.jaar is None or nulmeting.afstand is None:
        return None
    g0 = nulmeting.afstand.achterstand or Decimal(0)
    end = float(item.doeljaar) if item.doeljaar else max(p[0] for p in points)
    xs, ys = [p[0] for p in points] + [end], [p[1] for p in points] + [0.0, float(g0)]
    frame = _Frame(min(xs), max(xs), min(ys), max(ys))
    chart_id = f"afstand-{next(_ids)}"
    title = f"Achterstand van {item.gebied.naam} op {item.norm_gebied.naam if item.norm_gebied else 'de norm'}"
    desc = (f"Punten: de achterstand per meting. Gestippelde lijn: het vereiste pad van de achterstand bij de "
            f"nulmeting naar nul in {item.doeljaar}. De tabel hierboven geeft dezelfde cijfers.")
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 680 260" role="img" '
           f'aria-labelledby="{chart_id}-titel {chart_id}-uitleg" font-size="14" fill="#1a1a1a">'
           f'<title id="{chart_id}-titel">{escape(title)}</title><desc id="{chart_id}-uitleg">{escape(desc)}</desc>'
           f'{"".join(_gap_parts(item, frame, points, nulmeting.jaar, g0, end))}</svg>')
    return Markup(svg)  # noqa: S704 # nosec # every text part is escaped above
