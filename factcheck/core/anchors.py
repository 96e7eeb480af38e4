"""W3C Web Annotation style anchors for claims, and Qt/Python offset conversion.

Offsets are Unicode code points into the article text, ``end`` exclusive, as the
TextPositionSelector defines them. Qt counts UTF-16 code units; :class:`Utf16Map`
converts between the two at the UI boundary.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

CONTEXT_LENGTH = 32
"""Characters of prefix and suffix kept around a quote (as Hypothesis does)."""


@dataclass(frozen=True)
class Anchor:
    """Where a claim stands in its article: a position and a quote with context."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


class AnchorError(ValueError):
    """A span that cannot be anchored in the given text."""


def make_anchor(text: str, start: int, end: int, context: int = CONTEXT_LENGTH) -> Anchor:
    """Anchor the span ``text[start:end]``, with up to ``context`` characters each side."""
    if not 0 <= start < end <= len(text):
        raise AnchorError(f"span {start}–{end} lies outside a text of {len(text)} characters")
    if not text[start:end].strip():
        raise AnchorError("the selection holds only white space")
    return Anchor(
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def matches(text: str, anchor: Anchor) -> bool:
    """True when the anchor's position still holds its quote in ``text``."""
    return 0 <= anchor.start < anchor.end <= len(text) and text[anchor.start : anchor.end] == anchor.quote


def locate(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Find the anchor's span in ``text``, which may have been revised.

    The stored position wins when it still holds the quote. Otherwise every
    occurrence of the exact quote is scored by how much of the prefix and suffix
    it keeps, ties broken by closeness to the old position. No lookalike is ever
    accepted: a quote that is gone gives ``None`` (an orphan), never a guess.
    """
    if matches(text, anchor):
        return anchor.start, anchor.end
    if not anchor.quote:
        return None
    best: tuple[int, int, int] | None = None  # (-score, distance, start)
    position = text.find(anchor.quote)
    while position != -1:
        score = _common_suffix(text[max(0, position - len(anchor.prefix)) : position], anchor.prefix)
        end = position + len(anchor.quote)
        score += _common_prefix(text[end : end + len(anchor.suffix)], anchor.suffix)
        candidate = (-score, abs(position - anchor.start), position)
        if best is None or candidate < best:
            best = candidate
        position = text.find(anchor.quote, position + 1)
    if best is None:
        return None
    return best[2], best[2] + len(anchor.quote)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Map:
    """Converts offsets between Python code points and Qt's UTF-16 code units.

    Only characters outside the Basic Multilingual Plane (emoji, rare CJK) take
    two UTF-16 units, so the map keeps their positions and converts each offset
    with a binary search: fast enough for thousands of claims on a long article.
    """

    def __init__(self, text: str) -> None:
        self._astral_cp: list[int] = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 offset of each astral character: its code-point offset plus the
        # astral characters before it.
        self._astral_u16: list[int] = [cp + n for n, cp in enumerate(self._astral_cp)]
        self.length = len(text)

    def to_utf16(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral_cp, offset)

    def to_code_point(self, offset: int) -> int:
        """Code-point offset for a UTF-16 offset; one inside a surrogate pair rounds down."""
        before = bisect.bisect_left(self._astral_u16, offset)
        if before and self._astral_u16[before - 1] + 1 == offset:
            # In the middle of a surrogate pair: the pair's own character.
            return self._astral_cp[before - 1]
        return offset - before
