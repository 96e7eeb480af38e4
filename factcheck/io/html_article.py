"""Web pages: the article's main text and metadata out of a saved or downloaded page.

trafilatura does the extraction (it scores best on its own 990-page benchmark,
see DOMAIN.md), set for precision: no comments; tables kept (one line per row). It
never fetches anything here: it is handed the decoded page, and the images, frames
and stylesheets the page refers to are never read. What it drops is then checked
against the page's own structure, on the tree already parsed: a paragraph between
two kept ones, a body continued in a second container, what the JSON-LD
``articleBody`` declares (:mod:`factcheck.io.body_completion`; measured by
``bench/extraction.py``). factcheck lays the text out in paragraphs separated by one
blank line, as text imports are, and drops the debris trafilatura can leave behind
(:mod:`factcheck.io.html_blocks`): "Advertisement" labels and a photo caption
repeated on the next line. The headline is the article's title, shown above the
text, and not repeated as its first paragraph; the byline keeps only the people's
names: the JSON-LD's authors of type Person when it names some, else trafilatura's
(:mod:`factcheck.io.bylines`).

trafilatura's time grows with the square of the page on large pages, in several of its
steps (XPath expressions such as ``//p//text()``, whose results libxml2 merges pair by
pair; ``len()`` of an element, which lxml counts child by child, once per child): a page
of 200,000 paragraphs takes minutes, 15,000 headings or 50,000 near-empty ``<div>``s
10 s or more. A page with more than :data:`MAX_PAGE_ELEMENTS` elements or
:data:`MAX_TEXT_PIECES` pieces of text is refused before it is extracted; just inside
those bounds the slowest pages found take about 6 s (``bench/huge_documents.py``).
Cancel is heard before and after the extraction, not during it. Everything factcheck
does around the extraction is linear.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import trafilatura
from lxml import html as lxml_html
from lxml.etree import XPath

from factcheck.core.articles import (Article, ImportedArticle, Original, guess_title, line_key,
                                     normalise_text, unusable_characters)
from factcheck.io.body_completion import complete_blocks
from factcheck.io.bylines import clean_byline
from factcheck.io.errors import BadInput, stop_if_cancelled
from factcheck.io.html_blocks import clean_blocks, output_blocks
from factcheck.io.html_tree import parse_html
from factcheck.io.json_ld import article_body, json_ld, person_authors
from factcheck.io.page_paragraphs import page_paragraphs
from factcheck.io.text_files import decode_marked, decode_text, without_headline

if TYPE_CHECKING:
    from lxml.etree import _Element

log = logging.getLogger(__name__)

HTML_MEDIA_TYPE = "text/html"
MIN_ARTICLE_WORDS = 15
"""Fewer words than this beside the headline is a page without an article (an index, an error page)."""
MAX_PAGE_ELEMENTS = 30_000
"""More HTML elements than an article page has: a long news page has a few thousand."""
MAX_TEXT_PIECES = 10_000
"""More pieces of text than an article page has: each run of text between two tags counts.

A long news page has one to three thousand; a long encyclopaedia article, with its links
and references, up to about eight thousand."""

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEB_ENCODINGS = {
    # Python's name for each encoding of the WHATWG Encoding Standard (what browsers read),
    # or for the larger encoding browsers read it as: "Latin-1" pages are Windows-1252, etc.
    "utf-8": "utf-8", "cp866": "cp866", "iso8859-2": "iso8859-2", "iso8859-3": "iso8859-3",
    "iso8859-4": "iso8859-4", "iso8859-5": "iso8859-5", "iso8859-6": "iso8859-6", "iso8859-7": "iso8859-7",
    "iso8859-8": "iso8859-8", "iso8859-10": "iso8859-10", "iso8859-13": "iso8859-13",
    "iso8859-14": "iso8859-14", "iso8859-15": "iso8859-15", "iso8859-16": "iso8859-16", "koi8-r": "koi8-r",
    "koi8-u": "koi8-u", "mac-roman": "mac-roman", "mac-cyrillic": "mac-cyrillic", "cp874": "cp874",
    "tis-620": "cp874", "iso8859-11": "cp874", "cp1250": "cp1250", "cp1251": "cp1251", "cp1252": "cp1252",
    "iso8859-1": "cp1252", "ascii": "cp1252", "cp1253": "cp1253", "cp1254": "cp1254", "iso8859-9": "cp1254",
    "cp1255": "cp1255", "cp1256": "cp1256", "cp1257": "cp1257", "cp1258": "cp1258", "gbk": "gbk",
    "gb2312": "gbk", "gb18030": "gb18030", "big5": "big5hkscs", "big5hkscs": "big5hkscs", "euc_jp": "euc_jp",
    "iso2022_jp": "iso2022_jp", "shift_jis": "cp932", "cp932": "cp932", "euc_kr": "cp949", "cp949": "cp949",
    # a <meta> found by reading ASCII bytes cannot be right about UTF-16 or UTF-32
    "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8", "utf-32": "utf-8", "utf-32-le": "utf-8",
    "utf-32-be": "utf-8",
}
"""Anything else Python can decode is not a web page's character set: "undefined" (fails on every
byte), "utf-7", "hz" and "iso-2022-kr" (ways to smuggle in markup, which browsers refuse), "rot13",
"base64", "unicode_escape", "idna"… A page labelled so is read as one without a label."""
_WEB_LABELS = {"windows-874": "cp874", "x-mac-cyrillic": "mac-cyrillic", "x-mac-roman": "mac-roman",
               "mac": "mac-roman", "windows-31j": "cp932", "x-sjis": "cp932", "windows-949": "cp949",
               "x-gbk": "gbk", "x-x-big5": "big5hkscs", "iso-8859-8-i": "iso8859-8", "koi8-ru": "koi8-u",
               "unicode-1-1-utf-8": "utf-8", "unicode11utf8": "utf-8", "unicode20utf8": "utf-8",
               "x-unicode20utf8": "utf-8"}
"""Labels browsers accept that Python's codec registry does not know."""
_SITE_NAME_SEPARATOR = re.compile(r"\s+[|–—·-]\s+|\s*::\s*")
"""Between a page title's headline and the site's name: "Port fees rise | Harbour Gazette"."""
_STRAIGHT_QUOTES = str.maketrans("‘’‚‛“”„‟", "''''" + '""""')


def article_from_html(data: bytes, name: str, url: str = "", *, source_type: str = "html",
                      charset: str | None = None, cancelled: Callable[[], bool] | None = None) -> ImportedArticle:
    """The article in a web page's bytes, with its headline, authors, date, outlet and URL.

    ``name`` is the file name or the URL asked for, used in messages; ``url`` is
    where the page came from, the article's URL when the page names no canonical
    one. ``charset`` is what the server declared, if it was downloaded (see
    :func:`decode_html` for the order the encoding is decided in). ``source_type``
    is "url" for a download. The headline is the title, not the text's first
    paragraph (see :func:`_headline_apart`). Raises :class:`BadInput`; and
    :class:`ImportCancelled` when ``cancelled()`` answers True, asked before and
    after the extraction (trafilatura's own work cannot be interrupted; it is
    bounded by :data:`MAX_PAGE_ELEMENTS` and :data:`MAX_TEXT_PIECES`).
    """
    html, as_utf8 = _decode(data, name, charset)
    article = _article(html, name, url, source_type, cancelled, data if as_utf8 else None)
    return ImportedArticle(article, Original(data, HTML_MEDIA_TYPE, name, url))


def article_from_markup(html: str, name: str, url: str = "", *, source_type: str = "html",
                        cancelled: Callable[[], bool] | None = None) -> Article:
    """The article in a page's decoded markup (a saved page, or HTML from the clipboard)."""
    return _article(html, name, url, source_type, cancelled)


def _article(html: str, name: str, url: str, source_type: str, cancelled: Callable[[], bool] | None,
             encoded: bytes | None = None) -> Article:
    """:func:`article_from_markup`; ``encoded`` is the page's bytes when they are ``html`` in UTF-8."""
    stop_if_cancelled(cancelled)
    tree = _page_tree(html, name, encoded)
    # What factcheck reads from the page itself is read before trafilatura works (on a copy):
    # the tree is still in the processor's cache from parsing then (0.1 ms a page less).
    paragraphs = page_paragraphs(tree) if tree is not None else []
    linked_data = json_ld(tree) if tree is not None else []
    document = _extract(tree, url) if tree is not None else None
    stop_if_cancelled(cancelled)
    blocks = clean_blocks(output_blocks(document.body)) if document is not None else []
    title = _one_line(document.title) if document is not None and document.title else ""
    title, blocks = _headline_apart(title, blocks)
    if blocks:
        blocks = complete_blocks(paragraphs, blocks, article_body(linked_data))
    title_key = line_key(title)
    # Only a block about as long as the headline can repeat it: skip comparing the rest.
    body = [block for block in blocks if len(block) > 2 * len(title) + 20 or line_key(block) != title_key]
    if not _has_words(body, MIN_ARTICLE_WORDS):
        raise BadInput(f"{name} has no article text that factcheck could find: it may be a home page, "
                       "an index, an error page or a page that needs a log-in. Open the article itself, "
                       "or copy its text and paste it.")
    text = normalise_text("\n\n".join(blocks))
    problem = unusable_characters(text)
    if problem:
        raise BadInput(f"{name} cannot be imported: {problem}.")
    if not title:
        title = guess_title(text)
        text = without_headline(text, title)
    outlet = _one_line(document.sitename)
    article_url = _web_url(document.url) or url
    return Article(
        title=title,
        text=text,
        outlet=outlet,
        author=clean_byline(_one_line(", ".join(person_authors(linked_data)) or document.author), outlet, article_url),
        url=article_url,
        published=document.date if document.date and _ISO_DATE.fullmatch(document.date) else None,
        source_type=source_type,
    )


def _has_words(blocks: list[str], count: int) -> bool:
    """Whether ``blocks`` hold at least ``count`` words (counted only as far as needed)."""
    for block in blocks:
        count -= len(block.split(maxsplit=count))
        if count <= 0:
            return True
    return False


def _headline_apart(title: str, blocks: list[str]) -> tuple[str, list[str]]:
    """The headline and the text's blocks without it: the window and reports show it above the text.

    The first block is the headline when it reads as the page's title does, or as the
    title without the site's name ("Port fees rise | Harbour Gazette"); in that case
    the block, as the page prints it, becomes the title. A first block that is not the
    headline stays, and the headline is not added to the text.
    """
    if not title or not blocks or "\n" in blocks[0]:
        return title, blocks
    first = _headline_key(blocks[0])
    if first == _headline_key(title):
        return title, blocks[1:]
    for part in _SITE_NAME_SEPARATOR.split(title):
        if len(part.split()) >= 2 and 2 * len(part) >= len(title) and first == _headline_key(part):
            return blocks[0], blocks[1:]
    return title, blocks


def _headline_key(line: str) -> str:
    """:func:`line_key`, with curly and straight quotes alike."""
    return line_key(line.translate(_STRAIGHT_QUOTES))


def decode_html(data: bytes, name: str, charset: str | None = None) -> str:
    """A page's text: by its byte-order mark, else as UTF-8 if it is valid UTF-8, else by the
    server's charset, else by its ``<meta charset>``, else detected as for text files.

    Valid UTF-8 comes before the declarations (unlike a browser) because servers that
    label every page ISO-8859-1 are common, and text in another encoding is almost
    never valid UTF-8 by chance. Labels for Latin-1 read as Windows-1252, as in browsers;
    a label that names no character set web pages are in ("undefined", "utf-7", "rot13",
    one Python does not know) is passed over, as is a declaration the bytes contradict.
    """
    return _decode(data, name, charset)[0]


def _decode(data: bytes, name: str, charset: str | None = None) -> tuple[str, bool]:
    """:func:`decode_html`'s text, and whether it is ``data`` read as UTF-8 as it is (no byte-order mark)."""
    text = decode_marked(data, name, "{name} is {kind}, not a web page.")
    if text is not None:
        return text, False
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(data[:4096])
    for label in (charset, match and match.group(1).decode("ascii", "replace")):
        encoding = _codec(label)
        if encoding:
            try:
                return data.decode(encoding), False
            except UnicodeError:
                log.info("%s is not valid %s as declared; detecting its encoding", name, label)
        elif label:
            log.info("%s declares %r, not a character set for web pages; detecting its encoding", name, label)
    return decode_text(data, name), False


def _codec(label: str | None) -> str | None:
    """The Python codec a browser would read a page labelled ``label`` with, or None (detect it)."""
    label = (label or "").strip().strip("\"'").strip().lower()
    if not label:
        return None
    if label in _WEB_LABELS:
        return _WEB_LABELS[label]
    try:
        encoding = codecs.lookup(label).name
    except LookupError:
        return None
    return _WEB_ENCODINGS.get(encoding)


def _page_tree(html: str, name: str, encoded: bytes | None) -> lxml_html.HtmlElement | None:
    """The page's tree (None if lxml finds none); refuses a page too large to be an article."""
    try:
        tree = parse_html(html, encoded)
    except (TypeError, ValueError) as error:
        log.info("lxml could not parse %s: %r", name, error)
        return None
    problem = _too_large(tree) if tree is not None else None
    if problem:
        raise BadInput(f"{name} is too large a page to be an article: {problem}. Extracting its text could "
                       "take minutes: copy the article's text and paste it instead.")
    return tree


def _extract(tree: lxml_html.HtmlElement, url: str):
    """trafilatura's document for the page (None if it finds nothing); it works on a copy of the tree."""
    return trafilatura.bare_extraction(
        tree,
        url=url or None,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        # No de-duplication: trafilatura counts a paragraph each time one of its passes over the
        # page sees it, and drops it from the text after the second (even with a cache per page).
        # A block repeated right after itself is dropped by clean_blocks.
        deduplicate=False,
        with_metadata=True,
        # Only dates the page states (meta tags, JSON-LD, <time>, the URL): no guessing from a
        # copyright line in the footer, which would give a wrong date with confidence.
        date_extraction_params={"original_date": True, "extensive_search": False,
                                "max_date": date.today().isoformat()},
    )


def _too_large(tree: _Element) -> str | None:
    """Why extracting ``tree`` would take far longer than any article does, or None.

    What trafilatura's time grows with, by measurement: the elements, and the pieces
    of text (see the module's docstring). Counted first by libxml2 itself, scripts,
    blank pieces and all (an upper bound, a few microseconds): the nodes of every kind
    at once, fewer than either bound in nearly every page, then elements and pieces of
    text apart; only a page above a bound by that count is counted again as the
    bounds mean.
    """
    if _NODES(tree) <= MAX_TEXT_PIECES:  # as many elements and pieces of text together: within both bounds
        return None
    if _ELEMENTS(tree) <= MAX_PAGE_ELEMENTS and (_TEXT_NODES(tree) <= MAX_TEXT_PIECES
                                                 or _TEXT_PIECES(tree) <= MAX_TEXT_PIECES):
        return None
    if next(islice(_counted_elements(tree), MAX_PAGE_ELEMENTS, None), None) is not None:
        return f"it has more than {MAX_PAGE_ELEMENTS:,} HTML elements (a long news page has a few thousand)"
    pieces = 0
    for element in _counted_elements(tree):
        pieces += bool(element.text and not element.text.isspace()) + bool(element.tail and not element.tail.isspace())
        if pieces > MAX_TEXT_PIECES:
            return (f"its text is in more than {MAX_TEXT_PIECES:,} pieces between tags "
                    "(a long news page has a few thousand)")
    return None


_NODES = XPath("count(//node())")
_ELEMENTS = XPath("count(//*)")
_TEXT_NODES = XPath("count(//text())")
_TEXT_PIECES = XPath("count(//text()[normalize-space()])")
_NOT_COUNTED = frozenset({"script", "style", "svg", "noscript", "template", "math"})
"""Left out of the bounds: trafilatura drops them before the steps whose time grows with the
page, and a saved page or a long encyclopaedia article can hold thousands of them."""


def _counted_elements(tree: _Element):
    """The elements the bounds count: no comments, scripts, styles or inline drawings (nor inside them)."""
    stack = [tree]
    while stack:
        element = stack.pop()
        tag = element.tag
        if not isinstance(tag, str) or tag.rpartition("}")[2].lower() in _NOT_COUNTED:
            continue
        yield element
        stack.extend(reversed(element))


def _one_line(value: str | None) -> str:
    if not value:
        return ""
    text = unicodedata.normalize("NFC", " ".join(value.split()))
    return text if text.isprintable() else "".join(ch for ch in text if ch.isprintable())


def _web_url(value: str | None) -> str:
    """``value`` if it is an http(s) address: a page's canonical link is not trusted to be one."""
    value = _one_line(value)
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme in ("http", "https") and parts.netloc else ""
