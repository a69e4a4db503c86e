"""The content model every report is built in, and every format rendered from.

A document is a tree of sections holding blocks: paragraphs, bullet lists, tables and charts. A chart
always carries its text alternative (a description) and a table with the same data, so formats that
cannot draw it (DOCX, Markdown) still say everything. A cell or paragraph may name its source
(`bron`, a key of the bronnen table); the web page links it, the files print its label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    text: str
    bron: str | None = None  # source key; rendered as a link on the web, as a label in files
    href: str | None = None  # a page inside the monitor; only the web rendering links it
    numeric: bool = False  # right-aligned amounts


@dataclass(frozen=True)
class Paragraph:
    text: str
    bronnen: tuple[str, ...] = ()
    emphasis: bool = False


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    footer: tuple[tuple[Cell, ...], ...] = ()


@dataclass(frozen=True)
class Figure:
    """An SVG drawing with role=img, title and desc, its description again as text, and its table."""

    title: str
    description: str
    svg: str
    table: Table


Block = Paragraph | BulletList | Table | Figure


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    id: str = ""


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    bronnen: dict[str, str] = field(default_factory=dict)  # source key -> label, for every source cited
    meta: tuple[str, ...] = ()  # lines under the title: date made, data used


def number(text: str, bron: str | None = None) -> Cell:
    return Cell(text, bron=bron, numeric=True)


def cited(document: Document) -> list[str]:
    """The source keys the document cites, in order of first appearance."""
    seen: dict[str, None] = {}

    def visit(section: Section) -> None:
        for block in section.blocks:
            for key in _block_sources(block):
                seen.setdefault(key, None)
        for sub in section.sections:
            visit(sub)

    for section in document.sections:
        visit(section)
    return list(seen)


def _block_sources(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return list(block.bronnen)
    table = block.table if isinstance(block, Figure) else block if isinstance(block, Table) else None
    if table is None:
        return []
    return [c.bron for row in table.rows + table.footer for c in row if c.bron]


def reference_numbers(document: Document) -> dict[str, int]:
    """Files cite a source as [1], [2], ... in order of first appearance, listed at the end."""
    return {key: index for index, key in enumerate(cited(document), start=1)}


def reference_labels(keys: Iterable[str], numbers: Mapping[str, int]) -> str:
    """'[1][3]': how a file cites the sources `keys` ('[?]' for one not among `numbers`)."""
    return "".join(f"[{numbers.get(key, '?')}]" for key in keys)


def cell_with_reference(cell: Cell, numbers: Mapping[str, int]) -> str:
    """A cell's text followed by the number of its source, as a file prints it: '€ 1.350.000 [2]'."""
    return f"{cell.text} {reference_labels([cell.bron], numbers)}".strip() if cell.bron else cell.text


def source_list(document: Document) -> list[str]:
    return [f"[{n}] {document.bronnen.get(key, key)}" for key, n in reference_numbers(document).items()]
