"""One entry point per way an article arrives: a file of any supported kind, or a paste.

The window, the command line and batch imports all call these, so a file is read
the same way whichever of them asked. Every refusal is a :class:`BadInput`
naming the file and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from factcheck.core.articles import ImportedArticle, Original
from factcheck.io.errors import BadInput, ImportCancelled, stop_if_cancelled  # noqa: F401 (their old home)
from factcheck.io.text_files import MARKDOWN_SUFFIXES, MAX_BYTES, article_from_text, decode_text, read_file_bytes

# The HTML and Word readers are imported when first used: trafilatura and python-docx take
# about 0.2 s to load, which a window that only wants IMPORTABLE_SUFFIXES should not pay.

HTML_SUFFIXES = (".html", ".htm")
PLAIN_SUFFIXES = (".txt", ".text")
IMPORTABLE_SUFFIXES = (*PLAIN_SUFFIXES, *MARKDOWN_SUFFIXES, *HTML_SUFFIXES, ".docx")
"""Every suffix :func:`read_article_file` reads (lower case)."""
PASTE_NAME = "the pasted text"


def read_article_file(path: Path, max_bytes: int = MAX_BYTES,
                      cancelled: Callable[[], bool] | None = None, data: bytes | None = None) -> ImportedArticle:
    """Read an article from a ``.txt``, ``.md``, ``.html`` or ``.docx`` file, chosen by its suffix.

    The original keeps the file's bytes and its name (without the folder). ``data`` is
    the file's bytes when the caller has read them already (within ``max_bytes``).
    Raises :class:`BadInput` for an unsupported suffix, a file over ``max_bytes``,
    an unreadable file, or content the reader refuses. ``cancelled()`` is asked
    while a long Word document or web page is read; when it answers True the
    reading stops with :class:`ImportCancelled`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in IMPORTABLE_SUFFIXES:
        raise BadInput(f"{path}: factcheck cannot import {suffix or 'extension-less'} files; "
                       "it imports .txt, .md, .html and .docx articles.")
    name = str(path)
    if data is None:
        data = read_file_bytes(path, max_bytes)
    if suffix in HTML_SUFFIXES:
        from factcheck.io.html_article import article_from_html

        imported = article_from_html(data, name, cancelled=cancelled)
    elif suffix == ".docx":
        from factcheck.io.docx_article import article_from_docx

        imported = article_from_docx(data, name, max_bytes=max_bytes, cancelled=cancelled)
    else:
        markdown = suffix in MARKDOWN_SUFFIXES
        article = article_from_text(decode_text(data, name), name, "markdown" if markdown else "text")
        imported = ImportedArticle(article, Original(data, "text/markdown" if markdown else "text/plain"))
    return ImportedArticle(imported.article, replace(imported.original, name=path.name))


def read_pasted(text: str | None, html: str | None) -> ImportedArticle:
    """The article in a paste: from its HTML when that yields article text, else from its plain text.

    The clipboard often offers both; the HTML brings the paragraphs and, when a
    whole page was copied, the metadata. Source type "paste".
    """
    if html and html.strip():
        from factcheck.io.html_article import article_from_markup

        try:
            article = article_from_markup(html, PASTE_NAME, source_type="paste")
        except BadInput:
            if not (text and text.strip()):
                raise
        else:
            # Extraction is tuned for whole pages; on a selection it may drop what the user
            # chose (list items, short lines). Their plain text wins when it says clearly more
            # (than the text and the headline, which is kept apart from the text).
            extracted = len(article.title.split()) + len(article.text.split())
            if not (text and len(text.split()) > 1.2 * extracted + 5):
                return ImportedArticle(article, Original(_utf8(html), "text/html", PASTE_NAME))
    if not (text and text.strip()):
        raise BadInput(f"{PASTE_NAME[0].upper()}{PASTE_NAME[1:]} is empty: there is no article text to import.")
    article = article_from_text(text, PASTE_NAME, source_type="paste")
    return ImportedArticle(article, Original(_utf8(text), "text/plain", PASTE_NAME))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")
