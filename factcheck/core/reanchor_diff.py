"""Which characters of an article's old text are still in its new revision, and where.

The two texts are compared paragraph by paragraph (difflib), then, inside each run of
paragraphs that changed, by the words and spaces that differ between their common
beginning and end. What comes out is a list of stretches of text kept as they were,
in order in both texts: a position in one of them is either in such a stretch (and then
known exactly in the other) or in text that was deleted, inserted or rewritten. A
paragraph moved elsewhere is deleted in one place and inserted in another (difflib
keeps order); re-anchoring finds its claims by their quotes.
"""

from __future__ import annotations

import bisect
import re
from difflib import SequenceMatcher

_PARAGRAPH = re.compile(r"[^\n]*\n*")
_PIECE = re.compile(r"\w+|\s+|[^\w\s]")

MAX_PIECES = 4_000
"""Words and spaces of a rewritten run of paragraphs compared piece by piece, at most (per
side): a longer run that has the same number of paragraphs on both sides is compared
paragraph by paragraph, any other is left as rewritten (its claims are then found by their
quotes)."""


MIN_STRETCH = 16
"""Characters of a stretch kept in a rewritten paragraph that count towards its being edited."""


class EditMap:
    """The stretches of ``old`` kept in ``new``, as ``(old_start, new_start, length)``."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        segments: list[tuple[int, int, int]] = []
        old_units, new_units = _split(old, _PARAGRAPH), _split(new, _PARAGRAPH)
        matcher = SequenceMatcher(None, [u for u, _ in old_units], [u for u, _ in new_units])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                o, n = old_units[i1][1], new_units[j1][1]
                end = old_units[i2 - 1][1] + len(old_units[i2 - 1][0])
                segments.append((o, n, end - o))
            elif tag == "replace":
                self._compare_rewritten(old_units[i1:i2], new_units[j1:j2], segments)
        self.segments = _merged(sorted(segments))
        self._old_starts = [s[0] for s in self.segments]
        self._new_starts = [s[1] for s in self.segments]

    def _compare_rewritten(self, old_units: list[tuple[str, int]], new_units: list[tuple[str, int]],
                           segments: list[tuple[int, int, int]]) -> None:
        """The stretches kept in a run of paragraphs that changed, if it was edited rather
        than replaced: what is kept in stretches of :data:`MIN_STRETCH` characters or more
        must be at least half of the shorter side, or nothing is kept (two unrelated
        paragraphs share words and spaces, which would map one onto the other)."""
        o1 = old_units[0][1]
        o2 = old_units[-1][1] + len(old_units[-1][0])
        n1 = new_units[0][1]
        n2 = new_units[-1][1] + len(new_units[-1][0])
        old, new = self.old[o1:o2], self.new[n1:n2]
        # The common beginning and end, character by character (one figure corrected in a
        # paragraph is two stretches kept and a word between them).
        head = 0
        limit = min(len(old), len(new))
        while head < limit and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        # A word cut by the common beginning or end is compared whole.
        while head and (old[head - 1].isalnum() or old[head - 1] == "_"):
            head -= 1
        while tail and (old[len(old) - tail].isalnum() or old[len(old) - tail] == "_"):
            tail -= 1
        found: list[tuple[int, int, int]] = []
        if head:
            found.append((o1, n1, head))
        if tail:
            found.append((o2 - tail, n2 - tail, tail))
        old_pieces = _split(old[head : len(old) - tail], _PIECE)
        new_pieces = _split(new[head : len(new) - tail], _PIECE)
        if old_pieces and new_pieces:
            if len(old_pieces) > MAX_PIECES or len(new_pieces) > MAX_PIECES:
                if len(old_units) == len(new_units) > 1:
                    for pair in zip(old_units, new_units, strict=True):
                        self._compare_rewritten([pair[0]], [pair[1]], segments)
                    return
            else:
                matcher = SequenceMatcher(None, [p for p, _ in old_pieces], [p for p, _ in new_pieces],
                                          autojunk=False)
                for i, j, size in matcher.get_matching_blocks():
                    if size:
                        last = old_pieces[i + size - 1]
                        start = old_pieces[i][1]
                        found.append((o1 + head + start, n1 + head + new_pieces[j][1],
                                      last[1] + len(last[0]) - start))
        kept = sum(length for _, _, length in _merged(sorted(found)) if length >= MIN_STRETCH)
        if kept * 2 >= min(len(old), len(new)):
            segments.extend(found)

    # ------------------------------------------------------------ old → new

    def _segment_of_old(self, position: int) -> int:
        """Index of the last stretch starting at or before ``position`` (−1 if none)."""
        return bisect.bisect_right(self._old_starts, position) - 1

    def to_new(self, position: int) -> int | None:
        """Where the old character at ``position`` is in the new text, if it was kept."""
        k = self._segment_of_old(position)
        if k >= 0:
            o, n, length = self.segments[k]
            if position < o + length:
                return n + position - o
        return None

    def span_to_new(self, start: int, end: int) -> tuple[int, int] | None:
        """The old span's place in the new text when its first and last characters were kept."""
        first, last = self.to_new(start), self.to_new(end - 1)
        if first is None or last is None or last < first:
            return None
        return first, last + 1

    def region_to_new(self, start: int, end: int) -> tuple[int, int]:
        """The new text the old span became: its ends, when kept, or else the edges of
        whatever replaced them."""
        k = self._segment_of_old(start)
        if k < 0:
            new_start = 0
        else:
            o, n, length = self.segments[k]
            new_start = n + min(start - o, length)
        k = self._segment_of_old(end - 1)
        if k >= 0 and end - 1 < self.segments[k][0] + self.segments[k][2]:
            o, n, _ = self.segments[k]
            new_end = n + end - o
        elif k + 1 < len(self.segments):
            new_end = self.segments[k + 1][1]
        else:
            new_end = len(self.new)
        return new_start, max(new_start, new_end)

    # ------------------------------------------------------------ new → old

    def to_old(self, position: int) -> int | None:
        """Where the new character at ``position`` was in the old text, if it is old text."""
        k = bisect.bisect_right(self._new_starts, position) - 1
        if k >= 0:
            o, n, length = self.segments[k]
            if position < n + length:
                return o + position - n
        return None

    def span_to_old(self, start: int, end: int) -> tuple[int, int] | None:
        """The old text a new span came from, when its first and last characters are old."""
        first, last = self.to_old(start), self.to_old(end - 1)
        if first is None or last is None or last < first:
            return None
        return first, last + 1


def _split(text: str, pattern: re.Pattern[str]) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in pattern.finditer(text) if m.group()]


def _merged(segments: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Adjacent stretches (contiguous in both texts) joined into one."""
    out: list[tuple[int, int, int]] = []
    for o, n, length in segments:
        if length <= 0:
            continue
        if out and out[-1][0] + out[-1][2] == o and out[-1][1] + out[-1][2] == n:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + length)
        else:
            out.append((o, n, length))
    return out
