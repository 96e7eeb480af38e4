"""Word drafts (``.docx``): the paragraphs as article text, the title and author from the document.

The author is the document's, cleaned as a byline is (:mod:`factcheck.io.bylines`):
a name Word filled in for an account ("Microsoft Office User", a login name) is not
an author.

A small file can hold a great deal: a .docx is compressed XML, and 500 kB of it can
unpack to millions of empty paragraphs. Reading takes time and memory in proportion
to the document (each paragraph's style is read from its XML, looked up in a table of
the document's styles made once), and a document is refused before python-docx
parses it when its XML holds more elements than :data:`MAX_XML_ELEMENTS`, and while
it is read when it has more than :data:`MAX_PARAGRAPHS` paragraphs or more text than
the import limit.
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from collections.abc import Callable

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import OpcError

from factcheck.core.articles import Article, ImportedArticle, Original, guess_title, normalise_text, unusable_characters
from factcheck.io.bylines import clean_byline
from factcheck.io.errors import BadInput, stop_if_cancelled
from factcheck.io.text_files import MAX_BYTES, human_size, without_headline

log = logging.getLogger(__name__)

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_UNPACKED_BYTES = 200_000_000
"""A .docx is a ZIP archive: refuse one that would unpack to more than this (a "zip bomb")."""
MAX_XML_ELEMENTS = 1_000_000
"""The most XML elements (counted over every XML part) that python-docx is given to parse.

Parsed, an element costs a few hundred bytes: this bounds the memory a document takes to
about 300 MB. A 300-page report has about 200,000; an article, a few thousand.
"""
MAX_PARAGRAPHS = 100_000
"""More paragraphs than any article has (a 300-page book has about 10,000), table cells included."""
CANCEL_EVERY = 1_000
"""Paragraphs read between two questions to ``cancelled()``."""

_HEADING_STYLES = ("Title", "Heading")
PLACEHOLDER_AUTHORS = frozenset({"microsoft office user", "windows user", "microsoft account", "office user",
                                 "user", "owner", "admin", "administrator", "author", "unknown"})
"""Authors Word and Windows fill in for an account, compared case-folded: nobody's byline."""
_CHUNK = 1 << 20
_XML_LEAD = b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"
"""What may come before an XML part's first ``<``: byte-order marks, NUL bytes of UTF-16, white space."""
_DAMAGED = ("{name} is not a Word document (.docx) that factcheck can read: it is damaged, "
            "or it is another kind of file (an old .doc or an OpenDocument .odt must be saved as .docx first).")


def article_from_docx(data: bytes, name: str, *, max_bytes: int = MAX_BYTES,
                      cancelled: Callable[[], bool] | None = None) -> ImportedArticle:
    """The article in a Word document: its non-empty paragraphs, one blank line apart.

    The title is the document's own (File ▸ Properties), else its first Title or
    Heading paragraph, else the first line that reads like a headline; a first
    paragraph that repeats it is left out of the text (see
    :func:`~factcheck.io.text_files.without_headline`). The author is the
    document's, as a byline. Raises :class:`BadInput` for anything that is not a
    readable .docx, naming ``name``, and for a document too large to be an article
    (see :data:`MAX_XML_ELEMENTS`, :data:`MAX_PARAGRAPHS`; its text over ``max_bytes``).
    ``cancelled()`` is asked every :data:`CANCEL_EVERY` paragraphs (and while the
    archive is checked); when it answers True, :class:`ImportCancelled` is raised.
    """
    _check_archive(data, name, cancelled)
    paragraphs, title, author = _read(data, name, max_bytes, cancelled)
    paragraphs = [(text.strip(), style) for text, style in paragraphs if text.strip()]
    text = normalise_text("\n\n".join(text for text, _ in paragraphs))
    if not text.strip():
        raise BadInput(f"{name} is empty: the Word document has no text to import.")
    problem = unusable_characters(text)
    if problem:
        raise BadInput(f"{name} cannot be imported: {problem}.")
    if not title:
        title = next((" ".join(t.split()) for t, style in paragraphs if style.startswith(_HEADING_STYLES)),
                     "") or guess_title(text)
    text = without_headline(text, title, marked=paragraphs[0][1].startswith(_HEADING_STYLES))
    author = "" if author.casefold() in PLACEHOLDER_AUTHORS else clean_byline(author)
    article = Article(title=title, text=text, author=author, source_type="docx")
    return ImportedArticle(article, Original(data, DOCX_MEDIA_TYPE, name))


def _check_archive(data: bytes, name: str, cancelled: Callable[[], bool] | None) -> None:
    """Refuse a damaged archive, and one that unpacks or parses to far more than a document does."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise BadInput(f"{name} is not a Word document (.docx) that factcheck can read: "
                               f"it would unpack to {unpacked / 1e6:.0f} MB.")
            elements = 0
            for member in members:
                elements += _xml_elements(archive, member, MAX_XML_ELEMENTS - elements, cancelled)
                if elements > MAX_XML_ELEMENTS:
                    raise BadInput(f"{name} is too large a Word document to be an article: its XML holds more "
                                   f"than {MAX_XML_ELEMENTS:,} elements (an article has a few thousand). "
                                   "factcheck does not read it, as it would take minutes and gigabytes.")
    except BadInput:
        raise
    except (zipfile.BadZipFile, ValueError, EOFError, zlib.error, NotImplementedError, RuntimeError) as error:
        # zipfile reports an encrypted member as RuntimeError, a compression it lacks as NotImplementedError
        log.info("%s is not a readable ZIP archive: %r", name, error)
        raise BadInput(f"{name} is not a Word document (.docx) that factcheck can read: "
                       "it is damaged or not a .docx file at all.") from error


def _xml_elements(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int,
                  cancelled: Callable[[], bool] | None) -> int:
    """How many XML elements ``member`` holds at most (0 for a part that is not XML), without parsing it.

    Every ``<`` that is not ``</``, ``<?`` or ``<!`` opens an element: in well-formed XML
    a ``<`` appears nowhere else but in comments and CDATA, which Word does not write (and
    which only make the count larger). Stops counting once over ``budget``.
    """
    count = 0
    with archive.open(member) as stream:
        chunk = stream.read(_CHUNK)
        if chunk.lstrip(_XML_LEAD)[:1] != b"<":
            return 0  # an image or other binary part: python-docx does not parse it
        last = b""
        while chunk:
            joined = last + chunk  # a "</" split between two chunks is counted once
            count += chunk.count(b"<") - joined.count(b"</") - joined.count(b"<?") - joined.count(b"<!")
            if count > budget:
                break
            stop_if_cancelled(cancelled)
            last, chunk = chunk[-1:], stream.read(_CHUNK)
    return count


def _read(data: bytes, name: str, max_bytes: int,
          cancelled: Callable[[], bool] | None) -> tuple[list[tuple[str, str]], str, str]:
    """Each paragraph's text and style name, and the document's own title and author."""
    try:
        document = docx.Document(io.BytesIO(data))
        stop_if_cancelled(cancelled)
        paragraphs = _body_paragraphs(document, name, max_bytes, cancelled)
        title, author = _properties(document)
    except BadInput:
        raise
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, OSError,
            NotImplementedError, SyntaxError, AttributeError, TypeError) as error:
        # Only python-docx runs in this block. It reports a missing part as KeyError, a wrong
        # content type as ValueError, broken XML as lxml's XMLSyntaxError (a SyntaxError), a
        # damaged member as zlib.error or BadZipFile, and well-formed XML of the wrong shape as
        # AttributeError or TypeError: all of them mean a damaged file, not a bug here.
        log.info("python-docx could not read %s: %r", name, error)
        raise BadInput(_DAMAGED.format(name=name)) from error
    return paragraphs, title, author


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P = f"{_W}p"


def _body_paragraphs(document, name: str, max_bytes: int,
                     cancelled: Callable[[], bool] | None) -> list[tuple[str, str]]:
    """(text, style) for every paragraph of the body in reading order, a table row as one.

    python-docx's ``Document.paragraphs`` leaves out tables and the text of tracked
    insertions (``w:ins``); a draft under review has both. Deleted text is in
    ``w:delText``, never ``w:t``, so it stays out. A paragraph's style is its
    ``w:pStyle`` looked up in :func:`_paragraph_style_names` (asking python-docx's
    ``Paragraph.style`` scans every style of the document for each paragraph).
    """
    names, default = _paragraph_style_names(document)
    budget = _Budget(name, max_bytes, cancelled)
    found: list[tuple[str, str]] = []
    for block in document.element.body.iterchildren():
        if block.tag == _P:
            style_id = _style_id(block)
            found.append((budget.take(_paragraph_text(block)), names.get(style_id, default) if style_id else default))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = [" ".join(budget.take(_paragraph_text(p)) for p in cell.iter(_P)).strip()
                         for cell in row.iter(f"{_W}tc")]
                found.append((" | ".join(cell for cell in cells if cell), ""))
    return found


class _Budget:
    """Counts the paragraphs and text read; refuses a document past the bounds, stops on Cancel."""

    def __init__(self, name: str, max_bytes: int, cancelled: Callable[[], bool] | None) -> None:
        self.name, self.max_bytes, self.cancelled = name, max_bytes, cancelled
        self.paragraphs = self.size = 0

    def take(self, text: str) -> str:
        """``text``, one more paragraph's."""
        self.paragraphs += 1
        self.size += len(text)
        if self.paragraphs > MAX_PARAGRAPHS:
            raise BadInput(f"{self.name} has more than {MAX_PARAGRAPHS:,} paragraphs: more than an article "
                           "could have. factcheck does not import it.")
        if self.size > self.max_bytes:
            limit = human_size(self.max_bytes)
            raise BadInput(f"{self.name} holds more than {limit} of text; factcheck imports articles up to "
                           f"{limit} (the limit is set in Preferences ▸ Largest import).")
        if self.paragraphs % CANCEL_EVERY == 0:
            stop_if_cancelled(self.cancelled)
        return text


def _paragraph_style_names(document) -> tuple[dict[str, str], str]:
    """Style id → name for a paragraph, made once, and the name of a paragraph without a style.

    As python-docx resolves ``Paragraph.style``: the first style with the id; an id that
    names no paragraph style, or none, gives the document's default paragraph style.
    """
    styles = document.styles
    default_style = styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default = (default_style.name or "") if default_style is not None else ""
    first: dict[str, object] = {}
    for style in styles:
        first.setdefault(style.style_id, style)
    names = {style_id: (style.name or "") if style.type == WD_STYLE_TYPE.PARAGRAPH else default
             for style_id, style in first.items()}
    return names, default


def _style_id(paragraph) -> str | None:
    properties = paragraph.find(f"{_W}pPr")
    style = properties.find(f"{_W}pStyle") if properties is not None else None
    return style.get(f"{_W}val") if style is not None else None


def _paragraph_text(paragraph) -> str:
    parts = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == f"{_W}tab" else "\n")
    return "".join(parts)


def _properties(document) -> tuple[str, str]:
    """The document's own title and author, if it has a properties part (python-docx invents one otherwise)."""
    try:
        document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
    except KeyError:
        return "", ""
    properties = document.core_properties
    return " ".join((properties.title or "").split()), " ".join((properties.author or "").split())
