"""Word drafts (``.docx``): the paragraphs as article text, the title and author from the document.

The author is the document's, cleaned as a byline is (:mod:`factcheck.io.bylines`):
a name Word filled in for an account ("Microsoft Office User", a login name) is not
an author.
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import OpcError

from factcheck.core.articles import Article, ImportedArticle, Original, guess_title, normalise_text, unusable_characters
from factcheck.io.bylines import clean_byline
from factcheck.io.errors import BadInput
from factcheck.io.text_files import without_headline

log = logging.getLogger(__name__)

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_UNPACKED_BYTES = 200_000_000
"""A .docx is a ZIP archive: refuse one that would unpack to more than this (a "zip bomb")."""

_HEADING_STYLES = ("Title", "Heading")
PLACEHOLDER_AUTHORS = frozenset({"microsoft office user", "windows user", "microsoft account", "office user",
                                 "user", "owner", "admin", "administrator", "author", "unknown"})
"""Authors Word and Windows fill in for an account, compared case-folded: nobody's byline."""


def article_from_docx(data: bytes, name: str) -> ImportedArticle:
    """The article in a Word document: its non-empty paragraphs, one blank line apart.

    The title is the document's own (File ▸ Properties), else its first Title or
    Heading paragraph, else the first line that reads like a headline; a first
    paragraph that repeats it is left out of the text (see
    :func:`~factcheck.io.text_files.without_headline`). The author is the
    document's, as a byline. Raises :class:`BadInput` for anything that is not a
    readable .docx, naming ``name``.
    """
    _check_archive(data, name)
    paragraphs, title, author = _read(data, name)
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


def _check_archive(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise BadInput(f"{name} is not a Word document (.docx) that factcheck can read: "
                       "it is damaged or not a .docx file at all.") from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise BadInput(f"{name} is not a Word document (.docx) that factcheck can read: "
                       f"it would unpack to {unpacked / 1e6:.0f} MB.")


def _read(data: bytes, name: str) -> tuple[list[tuple[str, str]], str, str]:
    """Each paragraph's text and style name, and the document's own title and author."""
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_body_paragraphs(document))
        title, author = _properties(document)
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, OSError,
            NotImplementedError, SyntaxError, AttributeError, TypeError) as error:
        # Only python-docx runs in this block. It reports a missing part as KeyError, a wrong
        # content type as ValueError, broken XML as lxml's XMLSyntaxError (a SyntaxError), a
        # damaged member as zlib.error or BadZipFile, and well-formed XML of the wrong shape as
        # AttributeError or TypeError: all of them mean a damaged file, not a bug here.
        log.info("python-docx could not read %s: %r", name, error)
        raise BadInput(f"{name} is not a Word document (.docx) that factcheck can read: it is damaged, "
                       "or it is another kind of file (an old .doc or an OpenDocument .odt must be "
                       "saved as .docx first).") from error
    return paragraphs, title, author


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body_paragraphs(document):
    """(text, style) for every paragraph of the body in reading order, table cells included.

    python-docx's ``Document.paragraphs`` leaves out tables and the text of tracked
    insertions (``w:ins``); a draft under review has both. Deleted text is in
    ``w:delText``, never ``w:t``, so it stays out.
    """
    styles = {p._p: ((p.style.name or "") if p.style is not None else "") for p in document.paragraphs}
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            yield _paragraph_text(block), styles.get(block, "")
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = [" ".join(_paragraph_text(p) for p in cell.iter(f"{_W}p")).strip()
                         for cell in row.iter(f"{_W}tc")]
                yield " | ".join(cell for cell in cells if cell), ""


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
