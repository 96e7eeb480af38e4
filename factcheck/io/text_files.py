"""Plain-text and Markdown articles: bytes in, an :class:`Article` out."""

from __future__ import annotations

import codecs
from pathlib import Path

from factcheck.core.articles import Article, guess_title, normalise_text, unusable_characters
from factcheck.io.errors import BadInput

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
MAX_BYTES = 20 * 1024 * 1024


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file's bytes, refusing empty files, binary data and undecodable text."""
    text = _decode(data, name)
    if not text.strip():
        # also catches a file holding only a byte-order mark and white space
        raise BadInput(f"{name} is empty: there is no article text to import.")
    return text


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise BadInput(f"{name} is empty: there is no article text to import.")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise BadInput(f"{name} is not valid {encoding.upper()} text "
                               f"(bad byte at position {error.start}).") from error
    if b"\x00" in data[:8192]:
        raise BadInput(f"{name} is a binary file, not text: factcheck imports .txt and .md articles.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadInput(f"{name} is not valid UTF-8 text (bad byte at position {error.start}). "
                       "Save it as UTF-8 and import it again.") from error


def article_from_text(text: str, name: str, source_type: str = "text") -> Article:
    text = normalise_text(text)
    if not text.strip():
        raise BadInput(f"{name} holds only white space: there is no article text to import.")
    problem = unusable_characters(text)
    if problem:
        raise BadInput(f"{name} cannot be imported: {problem}.")
    return Article(title=guess_title(text), text=text, source_type=source_type)


def read_text_article(path: Path) -> Article:
    """Read a ``.txt`` or ``.md`` file as an article; paragraphs are kept as they are."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadInput(f"{name} is {size / 1e6:.1f} MB; factcheck imports articles up to "
                           f"{MAX_BYTES / 1e6:.0f} MB.")
        data = path.read_bytes()
    except OSError as error:
        raise BadInput(f"Cannot read {name}: {error.strerror or error}.") from error
    source_type = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    return article_from_text(decode_text(data, name), name, source_type)
