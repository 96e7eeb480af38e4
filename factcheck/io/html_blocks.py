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
            elif not len(child):  # a paragraph of plain text (most are)
                blocks.append(child.text or "")
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
    """Blocks with tidy spacing, without ad labels, and without a block or line repeated right after itself.

    Two lines (or blocks) are the same when their :func:`~factcheck.core.articles.line_key`
    are; the keys are compared without being made (:func:`_same_key`): case-folding every
    line of a page cost more than the rest of the cleaning.
    """
    cleaned: list[str] = []
    previous_block = None
    for block in blocks:
        lines: list[str] = []
        plains: list[str] = []
        for line in block.split("\n"):
            if "  " in line or "\t" in line or "\r" in line or "\f" in line or "\v" in line:
                line = _ASCII_SPACE.sub(" ", line)  # else it would change nothing (the block is split on "\n")
            line = line.strip()
            if not line:
                continue
            plain = line.strip(_KEY_EDGES)
            if len(plain) <= _LONGEST_CLUTTER and plain.casefold() in CLUTTER_LINES:
                continue
            if not plains or not _same_key(plain, plains[-1]):
                lines.append(line)
                plains.append(plain)
        if lines:
            plain = " ".join(plains)  # the block's key: its lines' keys, one space apart (before folding)
            if previous_block is None or not _same_key(plain, previous_block):
                cleaned.append("\n".join(lines))
                previous_block = plain
    return cleaned


_KEY_EDGES = " .:·|-–—"
_LONGEST_CLUTTER = max(map(len, CLUTTER_LINES))


def _same_key(first: str, second: str) -> bool:
    """Whether two lines, white space collapsed and stripped of :data:`_KEY_EDGES`, have the same ``line_key``.

    Case-folds them only when their first and last letters and their lengths allow it
    (folding maps each character to one to three, never to an edge character).
    """
    if first == second:
        return True
    if (not first or not second or first[0].casefold()[0] != second[0].casefold()[0]
            or first[-1].casefold()[-1] != second[-1].casefold()[-1]
            or len(first) > 3 * len(second) or len(second) > 3 * len(first)):
        return False
    return first.casefold() == second.casefold()
