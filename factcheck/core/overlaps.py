"""Overlapping spans cut into stretches: what the report and the article's highlights both show.

Apart from :mod:`factcheck.core.report` so that the window's highlights need none of the
report's data classes to start (issue 10: cold start).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from typing import TypeVar

SHOWN_DEPTH = 8
"""Overlapping claims a stretch of text shows at most: the innermost ones.

Where more claims than this cover a stretch, the outer ones are left out of its
highlight (they still show where they start and where no deeper claims cover
them), so a stretch costs the same however many claims overlap it.
"""


T = TypeVar("T")


def covering_runs(items: Sequence[T], span: Callable[[T], tuple[int, int]], start: int, end: int,
                  depth: int = SHOWN_DEPTH) -> Iterator[tuple[int, int, tuple[T, ...], int, tuple[T, ...]]]:
    """Cut ``[start, end)`` wherever an item's span starts or ends, in one sweep.

    Yields ``(a, b, innermost, covering, starting)`` for each stretch ``[a, b)``, in
    order: the ``depth`` innermost items covering it (outermost first), how many
    cover it in all, and the items that start at ``a``. Inner means shorter; of two
    as long, the one later in ``items`` (which come in text order) is inner. An
    empty span covers the stretch that starts where it stands.

    O(n log n) for n items, plus O(depth · log n) a stretch however deeply the spans
    nest: nothing is kept for a stretch but what is yielded.
    """
    spans = [span(item) for item in items]
    inside = [i for i, (a, b) in enumerate(spans) if a < end and (b > start or a == b == start)]
    points = {start, end}
    for i in inside:
        points.update((max(spans[i][0], start), min(spans[i][1], end)))
    bounds = sorted(points)
    inside.sort(key=lambda i: max(spans[i][0], start))  # stable: text order among equal starts
    innermost: list[tuple[int, int]] = []  # (length, -index), the innermost first; ended ones leave lazily
    ends: list[int] = []  # where the items started so far end: those ended leave first
    nxt = 0
    for a, b in pairwise(bounds):
        starting = []
        while nxt < len(inside) and max(spans[inside[nxt]][0], start) == a:
            i = inside[nxt]
            heapq.heappush(innermost, (spans[i][1] - spans[i][0], -i))
            heapq.heappush(ends, spans[i][1])
            if spans[i][0] == a:
                starting.append(items[i])
            nxt += 1
        while ends and ends[0] <= a:
            heapq.heappop(ends)
        empty = sum(1 for item in starting if span(item)[1] == a)
        shown: list[tuple[int, int]] = []
        while innermost and len(shown) < depth:
            entry = heapq.heappop(innermost)
            first, last = spans[-entry[1]]
            if last > a or first == last == a:
                shown.append(entry)
        for entry in shown:
            heapq.heappush(innermost, entry)
        yield a, b, tuple(items[-e[1]] for e in reversed(shown)), len(ends) + empty, tuple(starting)
