"""How the report's values are presented, the same way in every rendering.

Shared by the HTML and Markdown renderers (and any other): readable dates,
chip colours that keep their text legible, which links may be links at all,
and the article text cut into paragraphs, lines and highlighted pieces.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from urllib.parse import quote, urlsplit

from factcheck.core.rating_scales import NEUTRAL_COLOR
from factcheck.core.report import NumberedClaim, TextRun

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


# ------------------------------------------------------------------ colours

def safe_color(color: str | None) -> str:
    """The colour as ``#rrggbb``; anything else (never expected) becomes the neutral grey."""
    return color.lower() if isinstance(color, str) and _HEX_COLOR.fullmatch(color) else NEUTRAL_COLOR


def _channels(color: str) -> tuple[int, int, int]:
    color = safe_color(color)
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@lru_cache(maxsize=1024)
def text_color_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG)."""
    return "#000000" if contrast_ratio(background, "#000000") >= contrast_ratio(background, "#ffffff") \
        else "#ffffff"


@lru_cache(maxsize=1024)
def tint(color: str, strength: float = 0.2) -> str:
    """``color`` mixed into white: a light background that keeps dark text readable."""
    return mix(color, "#ffffff", strength)


def mix(color: str, under: str, amount: float) -> str:
    """``color`` laid over ``under`` at ``amount`` (0: only ``under``; 1: only ``color``)."""
    return "#" + "".join(f"{round(b + (a - b) * amount):02x}"
                         for a, b in zip(_channels(color), _channels(under), strict=True))


def readable(color: str, background: str, ratio: float = 4.5) -> str:
    """``color`` if it reaches ``ratio`` against ``background``; else the nearest shade of it that does.

    The shade moves away from the background, toward white if ``color`` is the
    lighter of the two and toward black if not (the other way when that end
    cannot reach ``ratio``), so a hue keeps its meaning: dark red becomes a
    lighter red on a dark background. 4.5:1 is always reachable; 21:1 is not,
    and gives black or white.
    """
    if contrast_ratio(color, background) >= ratio:
        return safe_color(color)
    extreme = "#ffffff" if relative_luminance(color) >= relative_luminance(background) else "#000000"
    if contrast_ratio(extreme, background) < ratio:
        extreme = "#000000" if extreme == "#ffffff" else "#ffffff"
    low, high = 0.0, 1.0  # how much of the extreme: too little, enough
    for _ in range(16):
        middle = (low + high) / 2
        if contrast_ratio(mix(extreme, color, middle), background) >= ratio:
            high = middle
        else:
            low = middle
    return mix(extreme, color, high)


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
