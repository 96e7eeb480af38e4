"""Plain-text and Markdown articles: bytes in, an :class:`Article` out.

The encoding is detected, never assumed: a byte-order mark first, then UTF-16
without one (recognised by where its NUL bytes fall), then UTF-8, and only
then a legacy single-byte encoding guessed by charset-normalizer, where
Windows-1252 wins over Latin-1 and its relatives for Western text so that
curly quotes (0x93, 0x94) and the euro sign (0x80) come out right.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from factcheck.core.articles import Article, drop_clutter, guess_title, line_key, normalise_text, unusable_characters
from factcheck.io.errors import BadInput

MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_BYTES = 20_000_000
"""The default import limit (20 MB): the window's preference "Largest import" changes it."""

_BOMS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

_MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (perhaps a Word or OpenDocument file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)

_SAMPLE = 8192
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "ascii"}
"""charset-normalizer's names for encodings that Windows-1252 reads at least as well."""

WORDS_AFTER_HEADLINE = 15
"""The words that must follow a first paragraph for it to be taken out as the headline."""
_SENTENCE_END = re.compile(r"[.,;:]$")
_CLOSING = "\"'”’»)]"


def binary_kind(data: bytes) -> str | None:
    """What kind of binary file ``data`` starts like ("a PNG image"), or None."""
    for magic, kind in _MAGIC_NUMBERS:
        if data.startswith(magic):
            # "MZ" alone is also how a line of text could begin: require more evidence
            if magic == b"MZ" and b"\x00" not in data[:_SAMPLE]:
                continue
            return kind
    return None


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file's bytes, refusing empty files, binary data and undecodable text."""
    text = _decode(data, name)
    if not text.strip():
        # also catches a file holding only a byte-order mark and white space
        raise BadInput(f"{name} is empty: there is no article text to import.")
    if "\x00" in text:
        raise BadInput(f"{name} is a binary file, not text: it contains NUL characters.")
    return text


def decode_with_bom(data: bytes, name: str) -> str | None:
    """Decode ``data`` by its byte-order mark, or return None if it has none."""
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise BadInput(f"{name} is not valid {label} text "
                               f"(bad byte at position {error.start}).") from error
    return None


def decode_marked(data: bytes, name: str, binary_message: str) -> str | None:
    """The first checks every text import makes: refuse empty or binary data, decode by a BOM.

    Returns the text when a byte-order mark says how to read it, else None (the caller
    decides). ``binary_message`` is the refusal for binary data, with ``{name}`` and ``{kind}``.
    """
    if not data.strip():
        raise BadInput(f"{name} is empty: there is no article text to import.")
    text = decode_with_bom(data, name)
    if text is not None:
        return text
    kind = binary_kind(data)
    if kind:
        raise BadInput(binary_message.format(name=name, kind=kind))
    return None


def _decode(data: bytes, name: str) -> str:
    text = decode_marked(data, name, "{name} is a binary file ({kind}), not text: "
                                     "factcheck imports .txt, .md, .html and .docx articles.")
    if text is not None:
        return text
    if b"\x00" in data[:_SAMPLE]:
        text = _utf16_without_bom(data)
        if text is None:
            raise BadInput(f"{name} is a binary file, not text: "
                           "factcheck imports .txt, .md, .html and .docx articles.")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = legacy_decode(data)
        if text is None:
            raise BadInput(f"{name} is not valid UTF-8 text (bad byte at position {error.start}), "
                           "and it does not read as text in any other common encoding either. "
                           "Save it as UTF-8 and import it again.") from error
        return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark, told by its NUL bytes, or None.

    Text in a Latin or Cyrillic script has a NUL in the high byte of every ASCII
    character (spaces, digits, punctuation): in UTF-16LE those NULs fall on odd
    positions, in UTF-16BE on even ones, and the other positions have almost none.
    """
    if len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    pairs = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    for nuls, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= max(1, pairs // 10) and others <= pairs // 100:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return text if unusable_characters(text.replace("\r", "")) is None else None
    return None


def legacy_decode(data: bytes) -> str | None:
    """Decode bytes that are not UTF-8 by the encoding charset-normalizer finds most plausible.

    Among equally plausible readings Windows-1252 wins, so Western text gets its
    curly quotes and euro signs. None when nothing reads as text.
    """
    from charset_normalizer import from_bytes  # loaded only for text that is not UTF

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    western = any(_WESTERN & set(match.could_be_from_charset)
                  for match in matches if match.chaos <= best.chaos + 0.01)
    encoding = "cp1252" if western else best.encoding
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; charset-normalizer's own choice then
        encoding = best.encoding
        text = data.decode(encoding, errors="strict")
    # C1 controls never appear in prose: they mean the bytes were not text in this encoding
    if _C1_CONTROLS.search(text) or unusable_characters(text.replace("\r", "")) is not None:
        return None
    return text


def markdown_title(text: str) -> str | None:
    """The text of the first ``# `` heading, if there is one."""
    for line in text.split("\n"):
        if line.startswith("# ") and line[2:].strip():
            return line[2:].strip().rstrip("#").strip() or None
    return None


def article_from_text(text: str, name: str, source_type: str = "text") -> Article:
    """An article from decoded text; a Markdown article takes its title from its first ``# `` heading.

    Lone advert labels and lines repeated right after themselves (as pasted web pages carry) are dropped.
    """
    text = drop_clutter(normalise_text(text))
    if not text.strip():
        raise BadInput(f"{name} holds only white space: there is no article text to import.")
    problem = unusable_characters(text)
    if problem:
        raise BadInput(f"{name} cannot be imported: {problem}.")
    title = (markdown_title(text) if source_type == "markdown" else None) or guess_title(text)
    return Article(title=title, text=without_headline(text, title), source_type=source_type)


def without_headline(text: str, title: str, *, marked: bool = False) -> str:
    """``text`` without its first paragraph when that paragraph is the headline ``title``.

    The window and every report show the headline above the text, so a text that
    begins with it would show it twice. The first paragraph goes only when it is
    one line that reads as ``title`` does (case, spacing, edge punctuation and a
    Markdown ``#`` aside); when it is marked as a heading (``marked``, or a ``#``
    line) or does not end as a sentence does (``.``, ``,``, ``;``, ``:``), so that
    a first sentence taken for the title stays in the text; and when an article of
    at least :data:`WORDS_AFTER_HEADLINE` words follows. Otherwise ``text`` is
    returned as it is. Only new imports go through here: a stored article's text
    (and so its claims' offsets) never changes.
    """
    first, blank, rest = text.partition("\n\n")
    if not blank or "\n" in first or len(rest.split()) < WORDS_AFTER_HEADLINE:
        return text
    heading = first.startswith("#")
    line = first.lstrip("#").strip() if heading else first.strip()
    if line_key(line) != line_key(title) or not line_key(line):
        return text
    if not (marked or heading) and _SENTENCE_END.search(line.rstrip(_CLOSING)):
        return text
    return rest.lstrip("\n")


def read_file_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, refusing a file over ``max_bytes`` before reading it."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BadInput(f"{name} is {human_size(size)}; factcheck imports articles up to "
                           f"{human_size(max_bytes)} (the limit is set in Preferences ▸ Largest import).")
        data = path.read_bytes()
    except OSError as error:
        raise BadInput(f"Cannot read {name}: {error.strerror or error}.") from error
    if len(data) > max_bytes:  # it grew between stat() and read
        raise BadInput(f"{name} is larger than {human_size(max_bytes)}, the import limit.")
    return data


def read_text_article(path: Path) -> Article:
    """Read a ``.txt`` or ``.md`` file as an article; paragraphs are kept as they are."""
    source_type = "markdown" if path.suffix.lower() in MARKDOWN_SUFFIXES else "text"
    return article_from_text(decode_text(read_file_bytes(path), str(path)), str(path), source_type)


def human_size(size: int) -> str:
    """``size`` bytes for a message: "512 bytes", "40 kB", "2.5 MB", "20 MB"."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1e3:.0f} kB"
    return f"{size / 1e6:.1f} MB" if size < 10_000_000 else f"{size / 1e6:.0f} MB"
