"""Where a quote whose words changed a little may be now: bounded, word by word.

Two steps, both bounded per claim whatever the text:

1. *Stretches to check.* Each of the quote's rarer words votes, at each of its places in
   the new text, for where the quote would start if that word were in place; votes are
   counted in buckets of a few words (in C: ``Counter`` over ``map``), and the fullest
   pairs of neighbouring buckets are the stretches (at most :data:`LOOSE_WINDOWS`). When
   the old text is known, the text the claim's old span became is checked first.
2. *Runs in a stretch.* Myers' bit-parallel search gives, for each word of the stretch,
   the fewest word edits turning the quote into a run ending there; the best ends are
   followed back to their starts (the same search, reversed). Each run's similarity is
   1 − word edits ÷ the longer one's words.
"""

from __future__ import annotations

import math
from collections import Counter

from factcheck.core.reanchor_text import TextIndex, best_ends, similarity

MIN_SIMILARITY = 0.8
"""A changed wording keeps at least this share of the quote's words: 1 − word edits ÷ the
longer one's words (one word changed in a 5-word quote is 0.8; in a 4-word quote, 0.75)."""

MAX_LENGTH_CHANGE = 0.3
"""A changed wording's length in characters is within ±30% of the quote's."""

MAX_LOOSE_WORDS = 1_000
"""Words of a quote matched loosely, at most; a longer quote is found exactly or not at all."""

LOOSE_WINDOWS = 4
"""Stretches of the new text checked word by word for a loose match, per claim."""

COMMON_WORD = 64
COMMON_SHARE = 0.005
"""A word of the quote occurring more often than this in the new text (64 times, or 0.5% of
its words if more: "the", a comma) does not vote (unless the quote has fewer than three
rarer words)."""

MAX_VOTES = 20_000
MAX_VOTERS = 8
"""Votes counted for one quote, at most, and words of the quote that vote (its rarest)."""

Window = tuple[int, int, int]
"""A stretch of words to check: ``(first, past_last, votes)``."""


def region_window(index: TextIndex, quote_words: list[str], region: tuple[int, int]) -> Window | None:
    """The words around ``text[region]`` (what the claim's old span became), if not too many."""
    n = len(quote_words)
    slack = math.ceil(n * MAX_LENGTH_CHANGE) + 2
    lo, hi = index.words_within(*region)
    if hi - lo > 3 * n + 50:
        return None
    return max(0, lo - slack), min(len(index.words), hi + slack), n


def voted_windows(index: TextIndex, quote_words: list[str]) -> tuple[list[Window], int]:
    """The stretches the quote's rarer words point to, best first, and the votes of the
    best stretch left unchecked (0 if none): a loose match found with no more votes than
    that may have an equal elsewhere."""
    n = len(quote_words)
    slack = math.ceil(n * MAX_LENGTH_CHANGE) + 2
    width = math.ceil(n * MAX_LENGTH_CHANGE) + 1
    by_rarity = sorted(((index.frequency(w), j, w) for j, w in enumerate(quote_words)), key=lambda t: t[0])
    votes: Counter[int] = Counter()
    cast = voters = 0
    common = max(COMMON_WORD, COMMON_SHARE * len(index.words))
    for frequency, j, word in by_rarity:
        if frequency == 0:
            continue
        if (frequency > common and voters >= 3) or cast + frequency > MAX_VOTES or voters == MAX_VOTERS:
            break
        # bucket of (place of the word − its place in the quote), for every place at once
        votes.update(map(width.__rfloordiv__, map(j.__rsub__, index.positions[word])))
        cast += frequency
        voters += 1
    if not votes:
        return [], 0
    # A match's votes fall in one bucket or two neighbours: pairs around the fullest ones.
    need = max(1, math.ceil(0.4 * voters))
    starts = {b + k for b, _ in votes.most_common(4 * LOOSE_WINDOWS) for k in (-1, 0)}
    pairs = sorted(((votes.get(b, 0) + votes.get(b + 1, 0), b) for b in starts), key=lambda p: (-p[0], p[1]))
    apart = 2 + n // width  # buckets closer than this would check the same stretch
    chosen: list[int] = []
    windows: list[Window] = []
    for count, b in pairs:
        if count < need:
            break
        if any(abs(b - c) < apart for c in chosen):
            continue
        if len(chosen) == LOOSE_WINDOWS:
            return windows, count
        chosen.append(b)
        lo = b * width
        windows.append((max(0, lo - slack), min(len(index.words), lo + 2 * width + n + slack), count))
    return windows, 0


def runs(pattern: list[str], text_words: list[str], lo: int, hi: int) -> list[tuple[int, int, float]]:
    """Runs of ``text_words[lo:hi]`` close to ``pattern``, as ``(first, last, similarity)``
    with word indexes, none overlapping another.

    For each of the best few ends, the starts come from the same search run backwards;
    of two runs that overlap, the more similar is kept, then the one nearer the
    pattern's length (a figure corrected at a quote's edge stays inside the run).
    """
    n = len(pattern)
    window = text_words[lo:hi]
    ends = best_ends(pattern, window)
    limit = math.floor((1 - MIN_SIMILARITY) * n * (1 + MAX_LENGTH_CHANGE)) + 1
    picks = sorted((d, k) for k, d in enumerate(ends) if d <= limit
                   and (k == 0 or ends[k - 1] >= d) and (k + 1 == len(ends) or ends[k + 1] >= d))[:6]
    reversed_pattern = pattern[::-1]
    found: list[tuple[float, int, int, int]] = []  # (similarity, -|length - n|, first, last)
    for _, k in picks:
        lead = max(0, k + 1 - (2 * n + 4))
        back = best_ends(reversed_pattern, window[lead : k + 1][::-1])
        low = min(back)
        lengths = [j + 1 for j, b in enumerate(back) if b == low]
        for length in {lengths[0], min(lengths, key=lambda m: abs(m - n))}:
            first, last = lo + k + 1 - length, lo + k
            found.append((similarity(pattern, text_words[first : last + 1]), -abs(length - n), first, last))
    found.sort(reverse=True)
    kept: list[tuple[int, int, float]] = []
    for score, _, first, last in found:
        if not any(first <= b and a <= last for a, b, _ in kept):
            kept.append((first, last, score))
    return kept
