"""HTML from the content model: a fragment for the web page (inside the site's frame, sources as
links) and a standalone document for the .html file and the PDF (own styles, sources as labels)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from raadsmonitor.presentation.formatting import short_source_label
from raadsmonitor.reports.content import (
    Block,
    BulletList,
    Cell,
    Document,
    Paragraph,
    Section,
    Table,
    reference_labels,
    reference_numbers,
    source_list,
)

STYLE = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45;
       color: #1a1a1a; margin: 2em; }
h1 { font-size: 20pt; margin: 0 0 .3em; } h2 { font-size: 15pt; margin: 1.4em 0 .4em; }
h3 { font-size: 12.5pt; margin: 1.1em 0 .3em; } h4 { font-size: 11pt; margin: .9em 0 .3em; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1em; font-size: 8.5pt; table-layout: fixed; }
th, td { overflow-wrap: break-word; }  /* no hyphens: auto, loading Pyphen's dictionary takes 0.2 s */
caption { text-align: left; font-weight: bold; padding-bottom: .3em; break-after: avoid; }
th, td { text-align: left; vertical-align: top; padding: .25em .5em .25em 0; border-bottom: 1px solid #b8c2cc; }
thead th { border-bottom: 2px solid #1a1a1a; }
.rm-number { text-align: right; white-space: nowrap; }
figure { margin: 0 0 .5em; } figure svg { width: 100%; height: auto; }
.rm-meta, figcaption { color: #4a4a4a; }
.rm-source { font-size: 8.5pt; color: #4a4a4a; }
section > ul.rm-bronnen { list-style: none; padding: 0; }
@page { size: A4; margin: 2cm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
@media print { body { margin: 0; } figure, tr { break-inside: avoid; } h2, h3 { break-after: avoid; } }
"""

SourceFn = Callable[[str], str]


def _source_link(bronnen: dict[str, str]) -> SourceFn:
    def link(key: str) -> str:
        label = bronnen.get(key, key)
        return (f'<a class="rm-source" href="/bronnen/{escape(key)}" title="{escape(label)}">'
                f'<span class="rm-visually-hidden">Bron: </span>{escape(short_source_label(label))}</a>')
    return link


def _source_number(numbers: dict[str, int]) -> SourceFn:
    return lambda key: f'<span class="rm-source">{reference_labels([key], numbers)}</span>'


def _cell(c: Cell, tag: str, source: SourceFn, web: bool) -> str:
    text = escape(c.text)
    if c.href and web:
        text = f'<a href="{escape(c.href)}">{text}</a>'
    if c.bron:
        text = f"{text} {source(c.bron)}" if c.text else source(c.bron)
    scope = ' scope="row"' if tag == "th" else ""
    css = ' class="rm-number"' if c.numeric else ""
    return f"<{tag}{scope}{css}>{text}</{tag}>"


def _row(row: tuple[Cell, ...], source: SourceFn, web: bool) -> str:
    return "<tr>" + "".join(_cell(c, "th" if i == 0 else "td", source, web) for i, c in enumerate(row)) + "</tr>"


# Characters of table text (8.5pt DejaVu Sans, about 0.62 em a character) on a line of an A4 page with
# 2 cm margins; a cell's padding counts as one character.
LINE_CHARS = 90
BOLD = 1.2  # headers, and the first cell of a row, are bold and wider
SHORT_WORD = 15  # a column whose longest word is this short keeps it whole when the line is too full


def _cell_extent(c: Cell, bold: float) -> tuple[int, int]:
    """A cell's longest unbreakable piece (at most 20 characters: a longer word breaks) and its text up to
    a line of 37 characters; a source label counts as ' [12]'. Amounts do not wrap."""
    text = c.text + (" [12]" if c.bron else "")
    longest = len(text) if c.numeric else min(max((len(word) for word in text.split()), default=0), 20)
    return round(bold * longest) + 1, round(bold * min(len(text), 37)) + 1


def _extents(table: Table) -> tuple[list[float], list[float], list[bool]]:
    """Per column: the room its longest word needs, the room its text wants, and whether it holds amounts."""
    least: list[float] = [round(BOLD * max(len(word) for word in f"{h} x".split())) + 2 for h in table.header]
    most, rigid = list(least), [False] * len(least)
    for row in table.rows + table.footer:
        for i, c in enumerate(row[:len(least)]):
            longest, length = _cell_extent(c, BOLD if i == 0 else 1.0)
            least[i], most[i] = max(least[i], longest), max(most[i], longest, length)
            rigid[i] = rigid[i] or c.numeric
    return least, most, rigid


def column_widths(table: Table) -> list[int]:
    """Column widths in per cent, from the text in each column. The standalone document lays its tables out
    with `table-layout: fixed`, because letting WeasyPrint measure every cell of a long table (the automatic
    layout) made most of the PDF's time (issue 8). This is that automatic layout in small: every column gets
    its longest word, the room left goes to the columns with longer text. When the longest words do not fit
    on a line, the columns with long words give way (their words break), not amounts or short words."""
    least, most, rigid = _extents(table)
    keep = sum(lo for lo, r in zip(least, rigid, strict=True) if r or lo <= SHORT_WORD)
    if sum(least) > LINE_CHARS and sum(least) > keep:
        factor = max(LINE_CHARS - keep, 0) / (sum(least) - keep)
        least = [lo if r or lo <= SHORT_WORD else lo * factor for lo, r in zip(least, rigid, strict=True)]
        most = list(least)
    room, wanted = LINE_CHARS - sum(least), sum(most) - sum(least)
    share = 1.0 if wanted <= room else max(room, 0) / wanted
    chars = [lo + (hi - lo) * share for lo, hi in zip(least, most, strict=True)]
    widths = [round(100 * n / sum(chars)) for n in chars]
    widths[-1] += 100 - sum(widths)
    return widths


def _table(table: Table, source: SourceFn, web: bool) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.header)
    body = "".join(_row(row, source, web) for row in table.rows)
    foot = "".join(_row(row, source, web) for row in table.footer)
    cols = "" if web else "<colgroup>" + "".join(f'<col style="width: {w}%">' for w in column_widths(table)) \
        + "</colgroup>"
    # issue 16: on the web a wide table scrolls in a named region a keyboard can reach (WCAG 2.1.1, 1.4.10)
    region = f' tabindex="0" role="region" aria-label="{escape(table.caption)}"' if web else ""
    return (f'<div class="rm-table-wrap"{region}><table><caption>{escape(table.caption)}</caption>{cols}'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
            + (f"<tfoot>{foot}</tfoot>" if foot else "") + "</table></div>")


def _block(block: Block, source: SourceFn, web: bool) -> str:
    if isinstance(block, Paragraph):
        sources = " ".join(source(key) for key in block.bronnen)
        text = f"<strong>{escape(block.text)}</strong>" if block.emphasis else escape(block.text)
        return f"<p>{text}{' (' + sources + ')' if sources else ''}</p>"
    if isinstance(block, BulletList):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        return _table(block, source, web)
    return (f'<figure class="rm-chart">{block.svg}<figcaption>{escape(block.description)}</figcaption></figure>'
            + _table(block.table, source, web))


def _section(section: Section, level: int, source: SourceFn, web: bool) -> str:
    anchor = f' id="{escape(section.id)}"' if section.id else ""
    parts = [f"<section><h{level}{anchor}>{escape(section.title)}</h{level}>"]
    parts += [_block(block, source, web) for block in section.blocks]
    parts += [_section(sub, min(level + 1, 6), source, web) for sub in section.sections]
    return "".join(parts) + "</section>"


def render_fragment(document: Document, *, web: bool = True, level: int = 2) -> str:
    """The sections as HTML, headings from `level`; on the web sources link to their pages."""
    source = _source_link(document.bronnen) if web else _source_number(reference_numbers(document))
    return "".join(_section(section, level, source, web) for section in document.sections)


def _sources_list(document: Document) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in source_list(document))
    return f'<section><h2>Bronnen</h2><ul class="rm-bronnen">{items}</ul></section>' if items else ""


def render_html(document: Document) -> str:
    """A standalone HTML document, for the .html file and as the input of the PDF."""
    meta = "".join(f'<p class="rm-meta">{escape(line)}</p>' for line in document.meta)
    return ('<!doctype html><html lang="nl"><head><meta charset="utf-8">'
            f"<title>{escape(document.title)}</title><style>{STYLE}</style></head><body><main>"
            f"<h1>{escape(document.title)}</h1><p><strong>{escape(document.subtitle)}</strong></p>{meta}"
            f"{render_fragment(document, web=False)}{_sources_list(document)}</main></body></html>")
