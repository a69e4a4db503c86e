"""Markdown from the content model: headings, paragraphs, lists and pipe tables. A chart becomes its
description and its table, which carry the same data."""

from __future__ import annotations

from raadsmonitor.reports.content import (
    Block,
    BulletList,
    Cell,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
    cell_with_reference,
    reference_labels,
    reference_numbers,
    source_list,
)


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _cell(c: Cell, numbers: dict[str, int]) -> str:
    return _escape(cell_with_reference(c, numbers).strip())


def _table(table: Table, numbers: dict[str, int]) -> list[str]:
    align = ["---:" if table.rows and len(table.rows[0]) > i and table.rows[0][i].numeric else "---"
             for i in range(len(table.header))]
    lines = [f"*{_escape(table.caption)}*", "", "| " + " | ".join(_escape(h) for h in table.header) + " |",
             "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(c, numbers) for c in row) + " |" for row in table.rows + table.footer]
    return lines + [""]


def _block(block: Block, numbers: dict[str, int]) -> list[str]:
    if isinstance(block, Paragraph):
        sources = reference_labels(block.bronnen, numbers)
        text = f"**{block.text}**" if block.emphasis else block.text
        return [f"{text} {sources}".strip(), ""]
    if isinstance(block, BulletList):
        return [f"- {item}" for item in block.items] + [""]
    if isinstance(block, Table):
        return _table(block, numbers)
    assert isinstance(block, Figure)
    return [f"Grafiek: {block.title}. {block.description}", ""] + _table(block.table, numbers)


def _section(section: Section, level: int, numbers: dict[str, int]) -> list[str]:
    lines = ["#" * level + " " + section.title, ""]
    for block in section.blocks:
        lines += _block(block, numbers)
    for sub in section.sections:
        lines += _section(sub, min(level + 1, 6), numbers)
    return lines


def render_markdown(document: Document) -> str:
    lines = [f"# {document.title}", "", f"**{document.subtitle}**", ""]
    lines += [line + "  " for line in document.meta] + ([""] if document.meta else [])
    numbers = reference_numbers(document)
    for section in document.sections:
        lines += _section(section, 2, numbers)
    if numbers:
        lines += ["## Bronnen", ""] + [f"- {line}" for line in source_list(document)] + [""]
    return "\n".join(lines)
