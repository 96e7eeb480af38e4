"""Paragraphs the extractor dropped, put back from the page's own structure.

trafilatura keeps what it is sure of. A paragraph it drops is a claim nobody can mark,
so its blocks are laid against the page's own paragraphs (:mod:`factcheck.io.page_paragraphs`)
and a page paragraph is restored, in its place, when

* it lies between two kept blocks, in the same part of the page, reads as text (not
  mostly links, not in page furniture such as a caption, an aside or a related-links
  list), and the gap is a few paragraphs, not a whole other part of the page.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from factcheck.io.page_paragraphs import PageParagraph, page_paragraphs

if TYPE_CHECKING:
    from lxml.etree import _Element

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_KEY_WORDS = 8
MAX_GAP = 8
"""More page paragraphs than this between two kept blocks is another part of the page, not a lost paragraph."""
MAX_LINK_DENSITY = 0.5
MIN_WORDS = 4
"""Fewer words than this is a label ("Advert", "Caption", "Close"), not a lost paragraph."""
PROSE_WORDS = 12
SENTENCE_ENDS = frozenset(".!?:;\"”’»…)")


def _plain(text: str) -> str:
    """``text``'s words, case-folded, one space apart: how two texts are compared for containing one another."""
    return " ".join(_WORD.findall(text.casefold()))


def _key(text: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in _WORD.findall(text)[:_KEY_WORDS])


def complete_blocks(root: _Element, blocks: list[str]) -> list[str]:
    """``blocks`` with the page paragraphs the extraction skipped between two of them put back in place."""
    if len(blocks) < 2:
        return blocks
    paragraphs = page_paragraphs(root)
    positions: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for position, paragraph in enumerate(paragraphs):
        positions[_key(paragraph.text)].append(position)
    anchors = _anchors(blocks, positions)
    kept_text = _plain("\n".join(blocks))
    completed: list[str] = []
    previous_end = None
    for block, anchor in zip(blocks, anchors):
        if anchor is not None:
            start, end = anchor
            if previous_end is not None and start > previous_end + 1:
                completed.extend(_restorable(paragraphs[previous_end + 1:start], paragraphs[previous_end],
                                             paragraphs[start], kept_text))
            previous_end = end
        completed.append(block)
    return completed


def _anchors(blocks: list[str], positions: dict[tuple[str, ...], list[int]]) -> list[tuple[int, int] | None]:
    """For each block, the positions of the page paragraphs holding its first and last lines, in page order.

    A block whose lines are not found, or found only before a block already placed, has none.
    """
    anchors: list[tuple[int, int] | None] = []
    last = -1
    for block in blocks:
        lines = block.split("\n")
        start = _next_position(positions.get(_key(lines[0].removeprefix("- "))), last)
        if start is None:
            anchors.append(None)
            continue
        end = start
        if len(lines) > 1:
            found = _next_position(positions.get(_key(lines[-1].removeprefix("- "))), start)
            end = found if found is not None else start
        anchors.append((start, end))
        last = end
    return anchors


def _next_position(candidates: list[int] | None, after: int) -> int | None:
    if not candidates:
        return None
    for position in candidates:
        if position > after:
            return position
    return None


def _restorable(gap: list[PageParagraph], before: PageParagraph, after: PageParagraph,
                kept_text: str) -> list[str]:
    """The paragraphs of ``gap`` that read as the article's text, or none if the gap is another part of the page.

    A paragraph in the gap is the article's when it is not furniture nor mostly links, and
    either sits where the kept paragraphs around it sit (its parent has the same tag and
    class as one of theirs) or reads as prose on its own (a sentence of some length).
    """
    text = [p for p in gap if not p.furniture and p.link_density <= MAX_LINK_DENSITY]
    if len(text) > MAX_GAP:
        return []
    shapes = {_shape(before.container), _shape(after.container)}
    restored = [p.text for p in text
                if p.words >= MIN_WORDS and (_prose(p) or _shape(p.container) in shapes)
                and _plain(p.text) not in kept_text]
    if restored:
        log.debug("restored %d paragraphs: %s", len(restored), [t[:60] for t in restored])
    return restored


def _shape(element: _Element | None) -> tuple[str, str]:
    if element is None:
        return ("", "")
    return (element.tag, element.get("class") or "")


def _prose(paragraph: PageParagraph) -> bool:
    return paragraph.words >= PROSE_WORDS and paragraph.text[-1] in SENTENCE_ENDS
