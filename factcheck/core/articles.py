"""Articles: the text under review and what is known about where it came from."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

ARTICLE_FIELDS = ("title", "outlet", "author", "url", "published", "review_url")
"""Metadata a reviewer may edit. ``review_url`` is the page where the fact check of this
article is (or will be) published: reports and ClaimReview link to it."""


@dataclass(frozen=True)
class Article:
    """An article in the library: its headline and text, where and when it was published, its rating scale."""

    title: str
    text: str
    outlet: str = ""
    author: str = ""
    url: str = ""
    published: str | None = None
    rating_scale: str | None = None
    source_type: str = "text"
    imported_at: str | None = None
    id: int | None = None
    review_url: str = ""
    archived_at: str | None = None
    """When the article was archived (hidden from the library list, kept); None if it is not."""
    revision: int = 1
    """The number of the text it holds: 1 as first imported, one more for each new revision."""
    revised_at: str | None = None
    """When that text became the article's; None if it was never revised."""

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def with_(self, **changes) -> Article:
        return replace(self, **changes)


@dataclass(frozen=True)
class DeletedArticle:
    """Everything a deleted article took with it, to put it back as it was."""

    article: Article
    original: Original | None
    claims: tuple  # of factcheck.core.claims.Claim, with their sources
    history: tuple[tuple, ...]
    claims_numbered: int = 0
    """The last claim number the article had given: numbers stay given after an undo."""
    revisions: tuple = ()  # of factcheck.core.revisions.RevisionText: its earlier texts

    @property
    def source_count(self) -> int:
        return sum(len(c.sources) for c in self.claims)



@dataclass(frozen=True)
class ArticleSummary:
    """One line of the library list."""

    id: int
    title: str
    outlet: str
    published: str | None
    claim_count: int
    rated_count: int
    imported_at: str | None = None
    archived_at: str | None = None
    stage: str = "unassigned"
    """Where the article is in the desk's work: a :class:`factcheck.core.workflow.Stage` value."""
    assignee: str | None = None
    """To whom it is assigned (None: no one)."""
    due: str | None = None
    """When its review is due (an ISO date), if a date was set."""
    revision: int = 1
    """The number of the text it holds (a window follows a colleague's revision by it)."""


def text_sha256(text: str) -> str:
    import hashlib  # only now: OpenSSL's library takes some 2 ms to load, and a start hashes nothing

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` line ends, no trailing blanks, paragraphs kept as they are."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
"""Control characters other than tab and line feed (carriage return is reported on its own)."""
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20)])


def unusable_characters(text: str) -> str | None:
    """Why ``text`` cannot be an article's stored text, or None if it can.

    Offsets are counted in the stored text and shown by Qt, which turns a
    carriage return into a line break of its own: ``\r`` would shift every
    highlight after it. Other control characters mean the input is not prose.
    """
    if "\r" in text:
        return "it contains carriage returns (\\r): line ends must be \\n"
    # In UTF-8 a control character is one byte below 0x80, which no other character's bytes are:
    # deleting those bytes and comparing lengths is five times quicker than searching the text.
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded.translate(None, _CONTROL_BYTES)) == len(encoded):
        return None
    found = _CONTROL.search(text)
    if found:
        return f"it contains control characters (U+{ord(found.group()):04X}): it does not look like an article"
    return None


CLUTTER_LINES = frozenset({
    "ad", "advert", "advertisement", "advertisements", "advertising", "sponsored", "sponsored content",
    "skip advertisement", "story continues below advertisement", "article continues below advertisement",
    "continue reading below", "continue reading the main story", "scroll to continue with content",
})
"""Lines that web pages put between paragraphs and no article means (compared case-folded)."""


def line_key(line: str) -> str:
    """What two lines share when one repeats the other: case, spacing and edge punctuation aside."""
    return " ".join(line.casefold().split()).strip(" .:·|-–—")


def drop_clutter(text: str) -> str:
    """Remove advert labels standing alone and a line repeated right after itself.

    Copied web pages bring both (an "Advertisement" line, a photo caption printed
    again as its credit). Blank lines between paragraphs are kept; the repeat is
    recognised across them.
    """
    lines: list[str] = []
    previous = None
    for line in text.split("\n"):
        key = line_key(line)
        if key and (key in CLUTTER_LINES or key == previous):
            continue
        lines.append(line)
        if key:
            previous = key
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def guess_title(text: str) -> str:
    """The first line that reads like a headline: a few words, not a lone label."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:10]:
        if len(line.split()) >= 3 and len(line) <= 200:
            return line.lstrip("#").strip()
    return (lines[0][:120].lstrip("#").strip() if lines else "") or "Untitled article"


@dataclass(frozen=True)
class Original:
    """The bytes an article was imported from, kept for provenance and re-extraction."""

    data: bytes
    media_type: str
    """e.g. text/html, text/plain, text/markdown, application/vnd.openxmlformats-officedocument…"""
    name: str = ""
    """The file name, or the URL asked for."""
    url: str = ""
    """For a download, the address it finally came from (after redirects)."""


@dataclass(frozen=True)
class ImportedArticle:
    """What an importer makes of one file, URL or paste: the article and where it came from."""

    article: Article
    original: Original
