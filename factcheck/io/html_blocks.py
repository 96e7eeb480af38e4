"""trafilatura's output tree as text blocks: paragraphs, headings, lists and tables, tidied.

A block is what becomes one paragraph of the article's text: a paragraph or heading,
a list (one "- item" line per item) or a table (one line per row, its cells between
" | "). Line breaks inside a block are kept. :func:`clean_blocks` then drops the debris
trafilatura can leave behind: "Advertisement" labels, and a line or block repeated
right after itself (a photo caption printed again as its credit, a table's header row
repeated as its first row).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from factcheck.core.articles import CLUTTER_LINES

if TYPE_CHECKING:
    from lxml.etree import _Element

_ASCII_SPACE = re.compile(r"[\t\n\r\f\v][ \t\n\r\f\v]*| [ \t\n\r\f\v]+")
"""Runs of ASCII white space that are not already a single space (a lone space needs no change)."""
_CONTAINERS = frozenset({"p", "head", "list", "quote", "table"})
CELL_SEPARATOR = " | "


def output_blocks(body: _Element | None) -> list[str]:
    """The text of each block of trafilatura's output tree, line breaks kept inside a block."""
    if body is None:
        return []
    blocks: list[str] = []

    def walk(element: _Element) -> None:
        if element.text and element.text.strip():
            blocks.append(element.text)
        for child in element:
            if child.tag == "list":
                items = (_inline(item) for item in child.iterchildren("item"))
                blocks.append("\n".join(f"- {item.strip()}" for item in items if item.strip()))
            elif child.tag == "table":
                blocks.append(_table(child))
            elif any(grandchild.tag in _CONTAINERS for grandchild in child):
                walk(child)
            else:
                blocks.append(_inline(child))
            if child.tail and child.tail.strip():
                blocks.append(child.tail)

    walk(body)
    return blocks


def _table(table: _Element) -> str:
    """One line per row, its non-empty cells between :data:`CELL_SEPARATOR` (a nested table's rows are rows too)."""
    lines = []
    for row in table.iter("row"):
        cells = (" ".join(_inline(cell).split()) for cell in row.iterchildren("cell"))
        line = CELL_SEPARATOR.join(cell for cell in cells if cell)
        if line:
            lines.append(line)
    return "\n".join(lines)


def _inline(element: _Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == "row":  # a table inside a cell: its rows are not lines of the outer table
            continue
        parts.append("\n" if child.tag == "lb" else _inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def clean_blocks(blocks: list[str]) -> list[str]:
    """Blocks with tidy spacing, without ad labels, and without a block or line repeated right after itself."""
    cleaned: list[str] = []
    previous_block = None
    for block in blocks:
        lines: list[str] = []
        keys: list[str] = []
        for line in block.split("\n"):
            line = _ASCII_SPACE.sub(" ", line).strip()
            if not line:
                continue
            key = line_key_collapsed(line)
            if key not in CLUTTER_LINES and (not keys or key != keys[-1]):
                lines.append(line)
                keys.append(key)
        if lines:
            key = " ".join(keys)  # what line_key of the joined lines would give, without redoing the work
            if key != previous_block:
                cleaned.append("\n".join(lines))
                previous_block = key
    return cleaned


def line_key_collapsed(line: str) -> str:
    """:func:`~factcheck.core.articles.line_key` for a line whose ASCII white space is already collapsed."""
    return line.casefold().strip(" .:·|-–—")
