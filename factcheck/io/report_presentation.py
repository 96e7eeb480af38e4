"""How the report's values are presented, the same way in every rendering.

Shared by the HTML and Markdown renderers (and any other): readable dates,
chip colours that keep their text legible (from :mod:`factcheck.io.colors`), which
links may be links at all, and the article text cut into paragraphs, lines and
highlighted pieces.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.parse import quote, urlsplit

from factcheck.core.claims import Claim
from factcheck.core.report import NumberedClaim, RevisionCoverage, TextRun
from factcheck.io.colors import (  # noqa: F401 (the colours' old home: the renderers import them from here)
    contrast_ratio, mix, readable, relative_luminance, safe_color, text_color_on, tint)

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


# ------------------------------------------------------------------ dates

def format_date(value: str | None) -> str:
    """``2017-07-09`` → ``9 July 2017``; a value that is not an ISO date is shown as it is."""
    if not value:
        return ""
    if len(value) > 10:
        return format_timestamp(value)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_timestamp(value: str | None) -> str:
    """``2024-05-06T10:00:00+00:00`` → ``6 May 2024, 10:00 UTC``; unknown forms are kept."""
    if not value or len(value) <= 10:
        return format_date(value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    offset = moment.utcoffset()
    if offset is None:
        zone = ""
    elif offset == timedelta(0):
        zone = " UTC"
    else:
        minutes = round(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "−"
        zone = f" UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}{zone}"


# ------------------------------------------------------------------ revisions

def revision_line(coverage: RevisionCoverage) -> str:
    """"Revision 3, revised 2 December 2026" (the day, UTC); "" for an article never revised."""
    if coverage.revision <= 1 and coverage.revised_at is None:
        return ""
    line = f"Revision {coverage.revision}"
    if coverage.revised_at:
        line += f", revised {format_date(coverage.revised_at[:10])}"
    return line


CHANGED_WORDING = "Checked on an earlier wording"


def orphan_note(claim: Claim) -> str:
    """What a report says of a claim no longer in the article, in place of its position."""
    return f"No longer in the article (last seen in revision {claim.placed_on})"


# ------------------------------------------------------------------ links

def is_web_url(url: str | None) -> bool:
    """True only for http and https addresses with a host: the only links a report makes."""
    if not url or url != url.strip():
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) \
        and url[: len(parts.scheme) + 3].lower() == parts.scheme.lower() + "://"


def encode_url(url: str, keep: str = "!#$%&'()*+,-./:;=?@[]~") -> str:
    """``url`` with white space, quotes, ``<>``, backslashes and non-ASCII percent-encoded.

    Characters in ``keep`` (and letters, digits and ``_.-~``) pass unchanged;
    existing ``%XX`` escapes are kept since ``%`` is kept.
    """
    return quote(url, safe=keep)


# ------------------------------------------------------------------ article text

_BREAKS = re.compile(r"(\n[^\S\n]*\n\s*|\n)")


Piece = TextRun
"""Part of one line of the article text: a text run cut at the line breaks, with the same claims."""


Line = list[Piece]
Paragraph = list[Line]


def article_paragraphs(runs: list[TextRun]) -> list[Paragraph]:
    """The article text as paragraphs (split on blank lines) of lines (split on newlines).

    A claim that runs across a line or paragraph break is cut into a piece per
    line; its number goes on its first piece that has text. Empty lines at the
    edges of a paragraph, and empty paragraphs, are dropped.
    """
    paragraphs: list[Paragraph] = [[[]]]
    pending: list[NumberedClaim] = []
    for run in runs:
        pending += run.starts
        for n, part in enumerate(_BREAKS.split(run.text)):
            if n % 2:  # a separator
                if part == "\n":
                    paragraphs[-1].append([])
                else:
                    paragraphs.append([[]])
            elif part:
                paragraphs[-1][-1].append(TextRun(part, run.claims, tuple(pending), run.covering))
                pending = []
    result = []
    for paragraph in paragraphs:
        first, last = 0, len(paragraph)
        while first < last and not _has_text(paragraph[first]):
            first += 1
        while last > first and not _has_text(paragraph[last - 1]):
            last -= 1
        if first < last:
            result.append(paragraph[first:last])
    return result


def _has_text(line: Line) -> bool:
    return any(piece.text.strip() or piece.starts for piece in line)
