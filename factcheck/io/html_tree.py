"""A web page's tree, parsed once: the tree trafilatura's ``load_html`` would make, handed to it.

trafilatura parses what it is given itself (repairing a few things first, see
:func:`parse_html`); factcheck reads the page's own paragraphs and JSON-LD too, so it
parses the page here, the same way, and gives trafilatura the tree (which trafilatura
copies before changing it). Two things make it quicker than trafilatura's own parse:

* each element is a plain :class:`~lxml.html.HtmlElement`: lxml.html's parser asks a
  Python function which class each element is (a form field, a label…) every time Python
  first touches it, which made walking a page twice as slow; trafilatura needs none of
  those classes;
* a page that is UTF-8 and needs none of trafilatura's repairs is read as bytes: lxml
  reads text only by converting it back to UTF-8 first (2.5% of a page's import).
"""

from __future__ import annotations

import logging

from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import DOCTYPE_TAG, repair_faulty_html

log = logging.getLogger(__name__)

_PARSER = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                               remove_pis=True)
"""trafilatura's parser (``trafilatura.utils.HTML_PARSER``), with plain elements."""
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
    entity=lxml_html.HtmlEntity))
_INVALID_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
"""The control characters trafilatura removes before parsing (``INVALID_XML_CHARS``), as UTF-8 bytes; it
removes U+FFFE and U+FFFF too."""


def parse_html(html: str, encoded: bytes | None = None) -> lxml_html.HtmlElement | None:
    """The page's tree as trafilatura's ``load_html`` makes it from ``html`` (the same repairs and
    fallbacks), or None when it would refuse the page.

    ``encoded`` is the page's bytes when they are ``html`` in UTF-8 (without a byte-order
    mark): they are parsed as they are when trafilatura's repairs would change nothing.
    """
    beginning = html[:50].lower()
    repaired = _repaired(html, encoded, beginning) if encoded is not None else None
    if repaired is not None:
        try:
            tree = lxml_html.fromstring(repaired, parser=_PARSER)
        except (ValueError, etree.LxmlError) as error:
            log.info("lxml could not parse the page: %r", error)
            tree = None
    else:
        tree = _parse_text(repair_faulty_html(html, beginning))
    if tree is not None and "html" not in beginning and len(tree) < 2:
        return None  # a fragment, not a page: what trafilatura refuses too
    return tree


def _parse_text(html: str) -> lxml_html.HtmlElement | None:
    """As trafilatura parses a repaired page: its text, else (an empty tree, an encoding declared) its bytes.

    Its bytes give the tree its text would: :func:`parse_html` reads them directly.
    """
    tree = None
    as_bytes = False
    try:
        tree = lxml_html.fromstring(html, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        as_bytes = True
    except etree.LxmlError as error:
        log.info("lxml could not parse the page: %r", error)
    if as_bytes or tree is None or len(tree) < 1:
        try:
            tree = lxml_html.fromstring(html.encode("utf-8", "surrogatepass"), parser=_PARSER)
        except (ValueError, etree.LxmlError) as error:
            log.info("lxml could not parse the page as bytes either: %r", error)
            tree = None
    return tree


def _repaired(html: str, encoded: bytes, beginning: str) -> bytes | None:
    """``encoded`` as trafilatura's ``repair_faulty_html`` would leave ``html``, or None when it would
    change more than the end: remove characters XML cannot hold, rewrite a doctype, mend ``<html/>``.

    It ends a page of one line that starts with a doctype with a line break.
    """
    # The noncharacters are looked for in the text, not its bytes: one character, not three bytes (30 times quicker).
    if len(encoded.translate(None, _INVALID_BYTES)) != len(encoded) or "\ufffe" in html or "\uffff" in html:
        return None
    if any("<html" in line and line.endswith("/>") for line in _first_lines(html)):
        return None
    if "doctype" in beginning:
        end = html.find("\n")
        if DOCTYPE_TAG.search(html if end < 0 else html[:end]):
            return None
        if end < 0:
            return encoded + b"\n"
    return encoded


def _first_lines(html: str) -> list[str]:
    """``html[:4096].splitlines()[:4]``, where trafilatura looks for ``<html/>``, without splitting 4,096
    characters into lines when the first 512 hold five (the fifth's start ends the fourth whole)."""
    lines = html[:512].splitlines()
    return lines[:4] if len(lines) > 4 else html[:4096].splitlines()[:4]
