"""Paragraphs the extractor dropped, put back from the page's own structure.

trafilatura keeps what it is sure of (factcheck asks it for precision). A paragraph it
drops is a claim nobody can mark, so its blocks are laid against the page's own
paragraphs (:mod:`factcheck.io.page_paragraphs`), and a page paragraph it left out is
restored, in its place, when it is

* **between two kept blocks**, in a gap of a few paragraphs (a longer one is another
  part of the page), not page furniture inside the part of the page the two share (a
  caption, an aside, a related-links list, a share bar…), not mostly links; and either
  sits where kept paragraphs sit (its container has the same tag and class as one of
  theirs: a short sub-heading or a one-line paragraph of the body), is part of a list
  or a quotation there (an embedded post, a list of figures), or reads as prose on its
  own (a sentence of some length);
* **after the last kept block**, in another container of the very same shape in the
  same ``<article>`` (a body split in chunks around an advert or a paywall prompt), and
  prose.

* **declared by the page**: its JSON-LD ``articleBody`` holds the paragraph (before, between
  or after the kept blocks).

A list's items come back as one block of "- item" lines, as trafilatura lays lists out.
The one thing taken out: a kept line that is nearly all links and short ("Read more: …",
"Related: …"), which points to another article rather than says anything.
The page is walked once, on the tree trafilatura is handed; nothing is parsed again.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from factcheck.io.page_paragraphs import PageParagraph, in_furniture

if TYPE_CHECKING:
    from lxml.etree import _Element

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_NON_WORD = re.compile(r"[\W_]+")
_KEY_LENGTH = 48
_KEY_CHARS = 64
_ASCII_NON_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())
"""What :data:`_NON_WORD` removes from ASCII text: all but letters and digits."""
_ASCII_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
MAX_GAP = 8
"""More text paragraphs than this between two kept blocks is another part of the page, not lost paragraphs."""
MAX_LINK_DENSITY = 0.5
LINK_LINE_DENSITY = 0.8
LINK_LINE_WORDS = 20
"""A kept line of fewer words than this, this much of it links, points to other pages: it is dropped."""
MIN_WORDS = 2
"""A single word is a label ("Advert", "Caption", "Close"), not a lost paragraph; a heading may be one word."""
PROSE_WORDS = 12
SENTENCE_ENDS = frozenset(".!?:;\"”’»…)")
MIN_DECLARED = 200
"""A JSON-LD ``articleBody`` shorter than this (in characters) is a summary: it decides nothing."""
MIN_DECLARED_WORDS = 3
HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_PARAGRAPH_TAGS = HEADINGS | {"p", "li", "blockquote", "pre", "dd", "dt", "tr"}


def _plain(text: str) -> str:
    """``text``'s words, case-folded, one space apart: how two texts are compared for containing one another."""
    return " ".join(_WORD.findall(text.casefold()))


def _key(text: str) -> str:
    """The first letters and digits of ``text``, case-folded: what finds a block's paragraph on the page.

    Spaces and punctuation are left out: pages and trafilatura space them differently
    (so a page's text gives the same key before its white space is collapsed). Read
    :data:`_KEY_CHARS` characters at a time, as far as the key needs; a run of ASCII
    by bytes (ten times quicker than the regular expression, which every page's
    every paragraph goes through).
    """
    chunk = text[:_KEY_CHARS]
    if chunk.isascii():  # most paragraphs: one piece of ASCII holds the whole key
        ascii_key = chunk.encode("ascii").translate(_ASCII_LOWER, _ASCII_NON_ALNUM)  # lower case too
        if len(ascii_key) >= _KEY_LENGTH or len(chunk) == len(text):
            return ascii_key[:_KEY_LENGTH].decode("ascii")
    key = ""
    read = 0
    while len(key) < _KEY_LENGTH and read < len(text):
        chunk = text[read:read + _KEY_CHARS]
        if chunk.isascii():
            key += chunk.encode("ascii").translate(None, _ASCII_NON_ALNUM).decode("ascii")
        else:
            key += _NON_WORD.sub("", chunk)
        read += _KEY_CHARS
    return key.casefold()[:_KEY_LENGTH]


def complete_blocks(paragraphs: list[PageParagraph], blocks: list[str], declared: str = "") -> list[str]:
    """``blocks`` with the page paragraphs the extraction skipped put back in place (see the module's docstring).

    ``paragraphs`` are the page's (:func:`factcheck.io.page_paragraphs.page_paragraphs`);
    ``declared`` is its JSON-LD ``articleBody`` (:func:`factcheck.io.json_ld.article_body`).
    """
    if not blocks:
        return blocks
    anchors = _anchors(blocks, _Positions(paragraphs))
    kept = _KeptText(blocks)
    declared = _plain(declared)
    if len(declared) < MIN_DECLARED:
        declared = ""
    completed: list[str] = []
    previous_end = None
    for block, anchor in zip(blocks, anchors):
        if anchor is not None:
            start, end = anchor
            if previous_end is None:
                completed.extend(_as_blocks(_declared_run(reversed(paragraphs[:start]), declared)[::-1], kept))
            elif start > previous_end + 1:
                gap = paragraphs[previous_end + 1:start]
                found = _between(gap, paragraphs[previous_end], paragraphs[start])
                if declared:
                    found = [p for p in gap if p in found or _is_declared(p, declared)]
                completed.extend(_as_blocks(found, kept))
            previous_end = end
            if start == end and _link_line(paragraphs[start], block):
                log.debug("dropped a line of links: %s", block[:60])
                continue
        completed.append(block)
    if previous_end is not None:
        after = _continued(paragraphs, previous_end)
        if declared:
            after = after + [p for p in _declared_run(paragraphs[previous_end + 1:], declared) if p not in after]
        completed.extend(_as_blocks(after, kept))
    return completed


def _link_line(paragraph: PageParagraph, block: str) -> bool:
    """Whether a kept block is a short line that is nearly all links ("Read more: …", "Related: …", "SEE MORE: …")."""
    return (paragraph.link_density >= LINK_LINE_DENSITY and paragraph.words < LINK_LINE_WORDS
            and paragraph.element.tag != "li" and "\n" not in block)


def _is_declared(paragraph: PageParagraph, declared: str) -> bool:
    """Whether the page's JSON-LD ``articleBody`` holds ``paragraph`` (a label of one or two words aside)."""
    return paragraph.words >= MIN_DECLARED_WORDS and _plain(paragraph.text) in declared


def _declared_run(paragraphs, declared: str) -> list[PageParagraph]:
    """The paragraphs the ``articleBody`` holds, from the start of ``paragraphs`` until :data:`MAX_GAP` in a row that it does not."""
    found: list[PageParagraph] = []
    if not declared:
        return found
    others = 0
    for paragraph in paragraphs:
        if _is_declared(paragraph, declared):
            found.append(paragraph)
            others = 0
        else:
            others += 1
            if others > MAX_GAP:
                break
    return found


def _anchors(blocks: list[str], positions: _Positions) -> list[tuple[int, int] | None]:
    """For each block, the positions of the page paragraphs holding its first and last lines, in page order.

    A block whose lines are not found, or found only before a block already placed, has none.
    """
    anchors: list[tuple[int, int] | None] = []
    last = -1
    for block in blocks:
        first, more, _ = block.partition("\n")
        start = positions.after(_key(first), last)
        if start is None:
            anchors.append(None)
            continue
        end = start
        if more:
            found = positions.after(_key(block.rpartition("\n")[2]), start)
            end = found if found is not None else start
        anchors.append((start, end))
        last = end
    return anchors


class _Positions:
    """Where the page's paragraphs are by :func:`_key`, their keys made in page order only as far as a
    look-up needs: the paragraphs after the last block found (related links, the footer) are never keyed,
    unless a block is not found."""

    def __init__(self, paragraphs: list[PageParagraph]) -> None:
        self._paragraphs = paragraphs
        self._keyed: dict[str, list[int]] = defaultdict(list)
        self._made = 0

    def after(self, key: str, after: int) -> int | None:
        """The first position past ``after`` of a paragraph with this key, or None."""
        for position in self._keyed.get(key, ()):
            if position > after:
                return position
        # Not among those keyed so far: any other paragraph with this key comes later.
        paragraphs, keyed = self._paragraphs, self._keyed
        while self._made < len(paragraphs):
            position = self._made
            self._made += 1
            made = _key(paragraphs[position].raw)
            keyed[made].append(position)
            if made == key and position > after:
                return position
        return None


def _between(gap: list[PageParagraph], before: PageParagraph, after: PageParagraph) -> list[PageParagraph]:
    """The paragraphs of ``gap`` that are the article's, or none if the gap is another part of the page."""
    region = common_ancestor(before.element, after.element)
    text = [p for p in gap if p.link_density <= MAX_LINK_DENSITY and not in_furniture(p, region)]
    if len(text) > MAX_GAP:
        return []
    shapes = {_shape(before.container), _shape(after.container)}
    return [p for p in text if _prose(p) or (
        (p.words >= MIN_WORDS or p.element.tag in HEADINGS)
        and (_shape(p.container) in shapes and p.element.tag in _PARAGRAPH_TAGS
             or _in_list_or_quote(p, region, shapes)))]


def _continued(paragraphs: list[PageParagraph], last: int) -> list[PageParagraph]:
    """Prose after the last kept block in other containers shaped as its own, in the same ``<article>``.

    Stops at the first ``<h1>`` (another article's headline) or after :data:`MAX_GAP`
    paragraphs of something else.
    """
    anchor = paragraphs[last]
    container = anchor.container
    if container is None or not container.get("class"):
        return []
    article = next(anchor.element.iterancestors("article"), None)
    shape = _shape(container)
    found: list[PageParagraph] = []
    others = 0
    for paragraph in paragraphs[last + 1:]:
        if paragraph.element.tag == "h1":
            break
        if paragraph.container is not container and _shape(paragraph.container) == shape:
            if article is not None and next(paragraph.element.iterancestors("article"), None) is not article:
                break
            others = 0
            if _prose(paragraph) and paragraph.link_density <= MAX_LINK_DENSITY:
                found.append(paragraph)
        else:
            others += 1
            if others > MAX_GAP and not found:
                break
    if found:
        region = common_ancestor(anchor.element, found[-1].element)
        found = [p for p in found if not in_furniture(p, region)]
    return found


class _KeptText:
    """The kept blocks' words, in :func:`_plain` form, made only when a paragraph is to be restored."""

    def __init__(self, blocks: list[str]) -> None:
        self._blocks = blocks
        self._plain: str | None = None

    def __contains__(self, plain: str) -> bool:
        if self._plain is None:
            self._plain = _plain("\n".join(self._blocks))
        return plain in self._plain


def _as_blocks(restored: list[PageParagraph], kept: _KeptText) -> list[str]:
    """Restored paragraphs as blocks, a list's items together; none the kept text already holds."""
    blocks: list[str] = []
    previous_list = None
    for paragraph in restored:
        if _plain(paragraph.text) in kept:
            continue
        if paragraph.element.tag == "li":
            line = f"- {paragraph.text}"
            if previous_list is not None and paragraph.container is previous_list:
                blocks[-1] += "\n" + line
            else:
                blocks.append(line)
            previous_list = paragraph.container
        else:
            blocks.append(paragraph.text)
            previous_list = None
    if blocks:
        log.debug("restored %d blocks: %s", len(blocks), [block[:60] for block in blocks])
    return blocks


def _in_list_or_quote(paragraph: PageParagraph, region: _Element | None, shapes: set[tuple[str, str]]) -> bool:
    """Whether ``paragraph`` is an item of a list, or in a quotation, that sits where the kept paragraphs sit."""
    element = paragraph.element
    for ancestor in element.iterancestors():
        if ancestor is region:
            return False
        if ancestor.tag in ("ul", "ol", "blockquote"):
            parent = ancestor.getparent()
            return parent is not None and (_shape(parent) in shapes or parent is region)
    return False


def common_ancestor(first: _Element, second: _Element) -> _Element | None:
    """The closest element that holds both (one of them, if it holds the other)."""
    ancestors = {id(element) for element in first.iterancestors()}
    ancestors.add(id(first))
    element: _Element | None = second
    while element is not None and id(element) not in ancestors:
        element = element.getparent()
    return element


def _shape(element: _Element | None) -> tuple[str, str]:
    if element is None:
        return ("", "")
    return (element.tag, element.get("class") or "")


def _prose(paragraph: PageParagraph) -> bool:
    return paragraph.words >= PROSE_WORDS and paragraph.text[-1] in SENTENCE_ENDS
