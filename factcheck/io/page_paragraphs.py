"""A page's own paragraphs, in order, from its parsed tree: what extracted text is checked against.

A *paragraph* here is the text a block element holds itself: a ``<p>``, a heading, a
list item, a table row, or the loose text of a ``<div>``, with the inline markup inside
it (links, emphasis, ``<span>``) but not the blocks nested in it, which are paragraphs of
their own. Scripts, styles, forms and hidden elements give none. Each paragraph knows
whether it sits in page furniture (navigation, an aside, a figure and its caption, a
block whose class or id names a share bar, a newsletter box, related links, an advert…)
and how much of it is link text: what a paragraph restored between two kept ones must
not be.

One walk over the tree, linear in its size; nothing is parsed again.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from lxml.etree import _Element

INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
    "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
    "var", "wbr", "br",
})
SILENT_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video",
    "audio", "select", "option", "textarea", "button", "input", "head", "title", "meta", "link", "img", "picture",
})
"""Elements whose text is never a paragraph (nor part of one)."""
FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "figure", "figcaption", "form", "header", "menu", "dialog"})
FURNITURE_WORDS = frozenset({
    "ad", "ads", "adslot", "advert", "adverts", "advertisement", "advertising", "sponsor", "sponsored", "promo",
    "promoted", "promotion", "related", "recommended", "recommendations", "recirc", "outbrain", "taboola",
    "share", "sharing", "sharebar", "social", "newsletter", "newsletters", "subscribe", "subscription",
    "signup", "comment", "comments", "caption", "captions", "credit", "credits", "byline", "author", "authors",
    "breadcrumb", "breadcrumbs", "sidebar", "widget", "nav", "navigation", "menu", "footer", "cookie",
    "cookies", "consent", "tags", "toolbar", "popup", "modal", "hidden", "hide", "sr", "visually", "offscreen",
    "disclaimer", "copyright", "meta", "dateline", "timestamp", "print", "rating", "slider", "slideshow",
    "gallery", "carousel", "lightbox",
})
"""Words of a class or id that mark page furniture ("share-bar", "related_links", "adSlot"…)."""
_NAME_WORDS = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HIDING = etree.XPath("descendant-or-self::*/@hidden | descendant-or-self::*/@aria-hidden"
                      " | descendant-or-self::*/@style")
"""The attributes that may hide an element under the root (three quick passes of libxml2's over the elements,
rather than one testing each element; ``//@…`` would pass over the text too, twice as slow)."""
_CHECKED_INLINE = frozenset({"span", "small", "label", "font", "div"})
"""Inline elements whose class may mark furniture inside a paragraph (a caption or credit in a ``<span>``)."""


class PageParagraph:
    """One paragraph of the page, in document order.

    ``element`` is the block element the text is in; ``container`` what holds the
    paragraph (a ``<p>``'s parent; the ``<div>`` itself for loose text between its
    blocks); ``raw`` the text as the page has it, white space and all (never blank);
    ``link_chars`` how much of it is link text. The text laid out (:attr:`text`) and its
    words counted (:attr:`words`) are made when first asked for: most paragraphs of a
    page are only ever found by their first letters.
    """

    __slots__ = ("element", "container", "raw", "link_chars", "_text", "_words")

    def __init__(self, element: _Element, raw: str, link_chars: int, container: _Element | None = None) -> None:
        self.element = element
        self.container = element if container is None else container
        self.raw = raw
        self.link_chars = link_chars
        self._text: str | None = None
        self._words = 0

    @property
    def text(self) -> str:
        """The text, its words one space apart."""
        if self._text is None:
            words = self.raw.split()
            self._text, self._words = " ".join(words), len(words)
        return self._text

    @property
    def words(self) -> int:
        if self._text is None:
            self.text  # noqa: B018 (counts the words too)
        return self._words

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.link_chars else 0.0


def page_paragraphs(root: _Element) -> list[PageParagraph]:
    """Every paragraph of the page under ``root``, in document order (see the module's docstring).

    Recursive: libxml2 nests an HTML tree 255 elements deep at most, well inside Python's limit.
    """
    body = root.find("body")
    paragraphs: list[PageParagraph] = []
    hidden = set()
    for value in _HIDING(root):
        name = value.attrname
        if (name == "hidden" or name == "aria-hidden" and value == "true"
                or name == "style" and _HIDDEN_STYLE.search(value)):
            hidden.add(value.getparent())
    _Walk(paragraphs, hidden).walk(body if body is not None else root)
    return paragraphs


class _Walk:
    """One walk over the page, appending its paragraphs to ``out``; ``hidden`` elements are skipped with their text."""

    def __init__(self, out: list[PageParagraph], hidden: set[_Element]) -> None:
        self.out = out
        self.hidden = hidden

    def walk(self, element: _Element) -> None:
        """Append the paragraphs in ``element``: runs of its own text between its block children, and theirs."""
        out = self.out
        hidden = self.hidden
        first = len(out)
        text = element.text
        parts: list[str] = [text] if text else []
        links = 0
        has_blocks = False
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in SILENT_TAGS or child in hidden:
                pass
            elif tag in INLINE_TAGS:
                if tag == "br":
                    parts.append(" ")
                elif tag in _CHECKED_INLINE and _is_furniture(child):
                    pass
                elif len(child):
                    links += self.inline_text(child, parts, tag == "a")
                else:  # a link or emphasis with text alone: quicker so
                    text = child.text
                    if text:
                        parts.append(text)
                        if tag == "a":
                            links += len(text.strip())
            else:
                has_blocks = True
                if parts:
                    _flush(element, parts, links, out)
                    parts, links = [], 0
                if tag == "tr":
                    self.row(child)
                elif len(child):
                    self.walk(child)
                else:  # a block of text alone (most <p>s): quicker so
                    text = child.text
                    if text and not text.isspace():
                        out.append(PageParagraph(child, text, 0, element))
            tail = child.tail
            if tail:
                parts.append(tail)
        if parts:
            _flush(element, parts, links, out)
        if not has_blocks and len(out) > first:
            parent = element.getparent()
            for paragraph in out[first:]:
                paragraph.container = parent

    def row(self, row: _Element) -> None:
        """A table row is one paragraph, its cells' text side by side; blocks inside the cells follow it."""
        parts: list[str] = []
        links = 0
        for cell in row:
            if isinstance(cell.tag, str) and cell not in self.hidden:
                parts.append(" ")
                links += self.inline_text(cell, parts)
        paragraph = _flush(row, parts, links, self.out)
        if paragraph is not None:
            paragraph.container = row.getparent()
        for cell in row:
            for child in cell:
                if isinstance(child.tag, str) and child.tag not in INLINE_TAGS and child.tag not in SILENT_TAGS:
                    self.walk(child)

    def inline_text(self, element: _Element, parts: list[str], in_link: bool = False) -> int:
        """Append the text ``element`` holds inline to ``parts``; the number of those characters inside links."""
        links = 0
        text = element.text
        if text:
            parts.append(text)
            if in_link:
                links += len(text.strip())
        for child in element:
            tag = child.tag
            if (isinstance(tag, str) and tag not in SILENT_TAGS and child not in self.hidden
                    and (tag not in _CHECKED_INLINE or not _is_furniture(child))):
                if tag == "br":
                    parts.append(" ")
                else:
                    parts.append(" " if tag not in INLINE_TAGS else "")
                    links += self.inline_text(child, parts, in_link or tag == "a")
            tail = child.tail
            if tail:
                parts.append(tail)
                if in_link:
                    links += len(tail.strip())
        return links


def _flush(element: _Element, parts: list[str], links: int, out: list[PageParagraph]) -> PageParagraph | None:
    """The run of text in ``parts`` as a paragraph of ``element``'s, added to ``out`` (None if it is blank)."""
    if not parts:
        return None
    raw = "".join(parts)
    if not raw or raw.isspace():
        return None
    paragraph = PageParagraph(element, raw, links)
    out.append(paragraph)
    return paragraph


def in_furniture(paragraph: PageParagraph, region: _Element) -> bool:
    """Whether ``paragraph`` is in page furniture inside ``region`` (its ancestors up to ``region`` are checked).

    Only inside the region: a page whose ``<body>`` has the class "has-sidebar" or
    "navigation-thin" is not all furniture.
    """
    element = paragraph.element
    while element is not None and element is not region:
        if _is_furniture(element):
            return True
        element = element.getparent()
    return False


def _is_furniture(element: _Element) -> bool:
    if element.tag in FURNITURE_TAGS or element.get("role") in ("navigation", "complementary", "contentinfo"):
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if not names.strip():
        return False
    words = _NAME_WORDS.findall(_CAMEL.sub(" ", names).lower())
    return not FURNITURE_WORDS.isdisjoint(words)
