"""Which characters of an article's old text are still in its new revision, and where.

The two texts are compared paragraph by paragraph, then, inside each run of paragraphs
that changed, by words and spaces. Both comparisons are a *patience diff* (as git's):
what the two share at their beginning and end is kept; then the pieces that occur once in
each are paired, and of those pairs the longest run in the same order in both are the
fixed points between which the rest is compared again. A paragraph moved elsewhere is
deleted in one place and inserted in another (its claims are found by their quotes), and
it never drags its surroundings along; a repeated paragraph (the same box after every
paragraph) is kept where the paragraphs around it are kept, never paired with a copy
further on.

What comes out is a list of stretches of text kept as they were, in order in both texts:
a position in one of them is either in such a stretch (and then known exactly in the
other) or in text that was deleted, inserted or rewritten.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

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
        pairs = same_in_order([u for u, _ in old_units], [u for u, _ in new_units])
        i_next = j_next = 0
        for i, j in [*pairs, (len(old_units), len(new_units))]:
            if i > i_next and j > j_next:
                self._compare_rewritten(old_units[i_next:i], new_units[j_next:j], segments)
            if i < len(old_units):
                segments.append((old_units[i][1], new_units[j][1], len(old_units[i][0])))
            i_next, j_next = i + 1, j + 1
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
        old_pieces, new_pieces = _split(old, _PIECE), _split(new, _PIECE)
        if len(old_pieces) > MAX_PIECES or len(new_pieces) > MAX_PIECES:
            if len(old_units) == len(new_units) > 1:
                for pair in zip(old_units, new_units, strict=True):
                    self._compare_rewritten([pair[0]], [pair[1]], segments)
            return
        found = []
        for i, j in same_in_order([p for p, _ in old_pieces], [p for p, _ in new_pieces]):
            found.append((o1 + old_pieces[i][1], n1 + new_pieces[j][1], len(old_pieces[i][0])))
        found = _merged(found)
        kept = sum(length for _, _, length in found if length >= MIN_STRETCH)
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

    def old_share(self, start: int, end: int, old_start: int, old_end: int) -> tuple[int, int]:
        """Of the new span's characters that are old text, how many were inside the old span
        ``[old_start, old_end)`` and how many elsewhere in the old text."""
        inside = elsewhere = 0
        k = max(bisect.bisect_right(self._new_starts, start) - 1, 0)
        while k < len(self.segments):
            o, n, length = self.segments[k]
            if n >= end:
                break
            lo, hi = max(start, n), min(end, n + length)
            if lo < hi:
                within = max(0, min(o + hi - n, old_end) - max(o + lo - n, old_start))
                inside += within
                elsewhere += hi - lo - within
            k += 1
        return inside, elsewhere


def same_in_order(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` with ``a[i] == b[j]``, increasing in both: a patience diff.

    In each range still to compare: the common beginning and end; then, of the elements
    occurring once in each side's range, the longest run of pairs in the same order in
    both; the ranges between those pairs are compared the same way. A range with no such
    element is left unpaired.
    """
    pairs: list[tuple[int, int]] = []
    ranges = [(0, len(a), 0, len(b))]
    while ranges:
        alo, ahi, blo, bhi = ranges.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            pairs.append((alo, blo))
            alo += 1
            blo += 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi -= 1
            bhi -= 1
            pairs.append((ahi, bhi))
        if alo == ahi or blo == bhi:
            continue
        fixed = _unique_pairs_in_order(a, alo, ahi, b, blo, bhi)
        i_next, j_next = alo, blo
        for i, j in fixed:
            pairs.append((i, j))
            ranges.append((i_next, i, j_next, j))
            i_next, j_next = i + 1, j + 1
        if fixed:
            ranges.append((i_next, ahi, j_next, bhi))
    pairs.sort()
    return pairs


def _unique_pairs_in_order(a: Sequence[str], alo: int, ahi: int,
                           b: Sequence[str], blo: int, bhi: int) -> list[tuple[int, int]]:
    """Of the elements occurring once in ``a[alo:ahi]`` and once in ``b[blo:bhi]``, the
    longest run of pairs increasing in both (patience sorting)."""
    in_a = Counter(a[alo:ahi])
    in_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if in_b[b[j]] == 1}
    candidates = [(i, where_b[a[i]]) for i in range(alo, ahi) if in_a[a[i]] == 1 and a[i] in where_b]
    if not candidates:
        return []
    # Longest increasing run of the j's: piles' tops, and for each pair the one before it.
    tops: list[int] = []
    top_index: list[int] = []
    before: list[int] = []
    for n, (_, j) in enumerate(candidates):
        k = bisect.bisect_left(tops, j)
        if k == len(tops):
            tops.append(j)
            top_index.append(n)
        else:
            tops[k] = j
            top_index[k] = n
        before.append(top_index[k - 1] if k else -1)
    run = []
    n = top_index[-1]
    while n != -1:
        run.append(candidates[n])
        n = before[n]
    run.reverse()
    return run


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
