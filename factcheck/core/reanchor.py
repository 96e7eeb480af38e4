"""Placing claims again on a new revision of their article: exactly, moved, changed, or orphaned.

Each claim's :class:`~factcheck.core.anchors.Anchor` (a position, the quote, and up to
32 characters of context each side: what a W3C TextPositionSelector and
TextQuoteSelector hold; :func:`anchor_from_selectors` makes one of them) is placed on
the new text in this order:

1. **Where it was.** With the old text, the comparison of the two texts
   (:mod:`~factcheck.core.reanchor_diff`) says where the quote's characters went: if
   they are still together and still the quote, that is the place (EXACT if the offsets
   did not change, else MOVED). Without the old text, the stored position is kept when
   it still holds the quote with all of its context and nowhere else does.
2. **The exact quote elsewhere.** Every occurrence of the quote is a candidate. With the
   old text, an occurrence that was already in the old text as *another* passage is a
   lookalike, not a candidate (and one left alone once they are set aside must keep its
   context); so is a lone occurrence out of its context, not traced to the claim, when the
   old text had the quote in another passage too and the words of the paragraph around it
   are not more the claim's paragraph's than that passage's. A single candidate is the
   place. Among several, the one whose surroundings
   keep the most of the stored prefix and suffix wins if it beats every other by
   :data:`CONTEXT_MARGIN` characters. Among those about equally good (a repeated
   passage): in :func:`place_all`, the one that moved as much as the nearest claims
   placed before and after it, when they moved alike; else the expected place (where
   the comparison puts the claim's first character; without the old text the stored
   position, unless the claims on both sides of it moved). Else an ORPHAN:
   "3 candidates equally good", never a guess.
3. **A loose match** (CHANGED), only when the quote occurs nowhere
   (:mod:`~factcheck.core.reanchor_loose`): a run of words that keeps at least
   :data:`MIN_SIMILARITY` of the quote's words (1 − word edits ÷ the longer one's words),
   whose length is within :data:`MAX_LENGTH_CHANGE` of the quote's, that is not a
   lookalike of the old text, and that is either where the comparison puts the claim
   (preferred) or keeps :data:`MIN_CONTEXT` characters of its context with some on each
   side. Two about equally good (:data:`SIMILARITY_MARGIN`, then the context margin)
   make an ORPHAN.
4. Otherwise an ORPHAN, with the reason.

Offsets are code points into the new text, ``end`` exclusive. All of it is pure
computation over strings: no I/O, no Qt, safe to run on any thread. The work is
bounded per claim (an index of the new text's words built once, at most
:data:`MAX_OCCURRENCES` exact candidates, :data:`LOOSE_WINDOWS` stretches checked for a
loose match, quotes of at most :data:`MAX_LOOSE_WORDS` words matched loosely), and
``deadline`` stops loose searches when time is up (their claims come back as unfinished
orphans, to be placed again). bench/reanchor.py measures it.
"""

from __future__ import annotations

import bisect
import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from factcheck.core.anchors import Anchor, make_anchor
from factcheck.core.reanchor_diff import EditMap
from factcheck.core.reanchor_loose import (
    LOOSE_WINDOWS,
    MAX_LENGTH_CHANGE,
    MAX_LOOSE_WORDS,
    MIN_SIMILARITY,
    Window,
    region_window,
    runs,
    voted_windows,
)
from factcheck.core.reanchor_text import TextIndex, words

__all__ = ["MAX_LENGTH_CHANGE", "MAX_LOOSE_WORDS", "MIN_SIMILARITY", "Placement", "PlacementKind", "Revision",
           "anchor_from_selectors", "place", "place_all"]

SIMILARITY_MARGIN = 0.05
"""Two loose matches whose similarities differ by less are about equally good."""

CONTEXT_MARGIN = 8
"""Characters of context by which a candidate must beat every other to be chosen by it."""

MIN_CONTEXT = 8
"""Characters of the stored context a loose match keeps (or all there is, if less), unless
the comparison with the old text puts the claim there."""

MIN_SIDE_CONTEXT = 4
"""… and at least this many on each side, or the paragraph break the claim starts or ends
with (of "A. B.", B being A with a word changed, A deleted: B keeps only one side of A's
context, and is not taken for it)."""

MAX_OCCURRENCES = 5_000
"""Exact occurrences of a quote scored, at most; a quote found more often is an orphan."""

TIE_ROUNDS = 8
"""Rounds of settling ties by the claims around them (each round's settled ties count in the next)."""


class PlacementKind(StrEnum):
    """How a claim was placed on a new revision (the value is what is stored)."""

    EXACT = "exact"
    MOVED = "moved"
    CHANGED = "changed"
    ORPHAN = "orphan"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {PlacementKind.EXACT: "exact", PlacementKind.MOVED: "moved",
           PlacementKind.CHANGED: "changed wording", PlacementKind.ORPHAN: "orphaned"}


@dataclass(frozen=True)
class Placement:
    """Where a claim stands on the new text, how it got there, and why.

    ``anchor`` is the claim's new anchor (its quote is the text now at the place; for a
    CHANGED claim it differs from ``old.quote``), None for an orphan, which keeps ``old``.
    ``similarity`` is 1.0 for an exact quote, the share of words kept for a changed one,
    and 0.0 for an orphan. ``unfinished`` marks an orphan whose loose search was cut by
    the deadline: place it again.
    """

    kind: PlacementKind
    old: Anchor
    anchor: Anchor | None
    similarity: float
    why: str
    unfinished: bool = False

    @property
    def start(self) -> int | None:
        return self.anchor.start if self.anchor else None

    @property
    def end(self) -> int | None:
        return self.anchor.end if self.anchor else None

    @property
    def quote(self) -> str | None:
        """The text now at the place (None for an orphan)."""
        return self.anchor.quote if self.anchor else None


def place(old_text: str | None, new_text: str, anchor: Anchor, *, deadline: float | None = None) -> Placement:
    """Place one claim on ``new_text``; ``old_text`` is the text its anchor was made on, if known."""
    return Revision(new_text, old_text).place(anchor, deadline=deadline)


def place_all(new_text: str, anchors: Iterable[Anchor], *, old_text: str | None = None,
              deadline: float | None = None) -> list[Placement]:
    """Place every claim on ``new_text``, in the order given.

    ``deadline`` is a :func:`time.monotonic` instant: loose searches not started by then
    are skipped (those claims are unfinished orphans).
    """
    return Revision(new_text, old_text).place_all(anchors, deadline=deadline)


def anchor_from_selectors(exact: str, prefix: str = "", suffix: str = "",
                          start: int | None = None, end: int | None = None) -> Anchor:
    """The anchor a W3C TextQuoteSelector (and TextPositionSelector, when given) describe.

    Without a position (or with one that does not span the quote's length, as from a
    tool whose text differs) the anchor has none: start and end are −1, and only the
    quote and its context place it.
    """
    if start is None or end is None or start < 0 or end - start != len(exact):
        start = end = -1
    return Anchor(start=start, end=end, quote=exact, prefix=prefix, suffix=suffix)


class Revision:
    """A new text (and the old one, if known) to place claims on, sharing the work.

    The index of the new text's words and the comparison with the old text are made
    once, when the first claim needs them. It keeps caches: one thread at a time (a worker
    makes its own).
    """

    def __init__(self, new_text: str, old_text: str | None = None) -> None:
        self.text = new_text
        self.old_text = old_text
        self._index: TextIndex | None = None
        self._edits: EditMap | None = None
        self._found: dict[str, list[int] | None] = {}
        self._best_by_context: dict[tuple[str, str, str], list[int]] = {}

    @property
    def index(self) -> TextIndex:
        if self._index is None:
            self._index = TextIndex(self.text)
        return self._index

    @property
    def edits(self) -> EditMap:
        assert self.old_text is not None
        if self._edits is None:
            self._edits = EditMap(self.old_text, self.text)
        return self._edits

    def place(self, anchor: Anchor, *, deadline: float | None = None) -> Placement:
        """Place one claim (a tie goes to its expected place if it has one, else is an orphan)."""
        outcome = self._first_pass(anchor, deadline)
        return self._settle_alone(outcome) if isinstance(outcome, _Tie) else outcome

    def place_all(self, anchors: Iterable[Anchor], *, deadline: float | None = None) -> list[Placement]:
        """Place every claim; ties are settled by the claims placed around them."""
        anchors = list(anchors)
        outcomes = [self._first_pass(a, deadline) for a in anchors]
        if any(isinstance(o, _Tie) for o in outcomes):
            self._settle_ties(anchors, outcomes)
        return outcomes  # type: ignore[return-value]  # every tie is settled

    # ------------------------------------------------------------------ steps

    def _owns(self, anchor: Anchor) -> bool:
        """True when the anchor was made on the old text given (else it is ignored)."""
        return (self.old_text is not None and _has_position(anchor)
                and self.old_text[anchor.start : anchor.end] == anchor.quote)

    def _first_pass(self, a: Anchor, deadline: float | None) -> Placement | _Tie:
        quote, text = a.quote, self.text
        if not quote.strip():
            return _orphan(a, "the claim has no quote")
        if not text.strip():
            return _orphan(a, "the new text is empty")
        own = self._owns(a)
        if own:
            span = self.edits.span_to_new(a.start, a.end)
            if span is not None and text[span[0] : span[1]] == quote:
                return self._placed(a, span[0], "followed the edits")
        elif (_has_position(a) and text[a.start : a.end] == quote and self._full_context(a, a.start)
              and self.index.occurrences(a.prefix + quote + a.suffix, 1) is not None):
            return self._placed(a, a.start, "still at its place")  # and the only place with all its context
        starts = self._occurrences(quote)
        if starts is None:
            return _orphan(a, f"the quote occurs more than {MAX_OCCURRENCES:,} times")
        filtered, aside = False, None
        if own:
            kept = [s for s in starts if not self._other_old_passage(a, s, s + len(quote))]
            if len(kept) < len(starts) and len(kept) == 1 and not self._in_context(a, kept[0], len(quote)):
                # the others are other passages of the old text; this one must stand on its own
                kept = []
            filtered = len(kept) < len(starts)
            starts = kept
            if (len(starts) == 1 and not filtered and not self._in_context(a, starts[0], len(quote))
                    and not self._traced_to_claim(a, starts[0], starts[0] + len(quote))
                    and self._maybe_another_passage(a, starts[0], starts[0] + len(quote))):
                aside, starts = starts[0], []  # the old text had the quote in another passage too: perhaps this
        if starts:
            return self._choose_exact(a, starts, own, filtered)
        if deadline is not None and time.monotonic() > deadline:
            return _orphan(a, "not searched: time ran out", unfinished=True)
        placement = self._loose(a, own)
        if aside is not None and placement.anchor is not None and placement.start < aside + len(quote) \
                and aside < placement.end:
            return _orphan(a, "the quote is found once, out of its context, and the old text had it elsewhere too")
        return placement

    def _occurrences(self, quote: str) -> list[int] | None:
        if quote not in self._found:
            self._found[quote] = self.index.occurrences(quote, MAX_OCCURRENCES)
        return self._found[quote]

    def _choose_exact(self, a: Anchor, starts: list[int], own: bool, filtered: bool) -> Placement | _Tie:
        if len(starts) == 1:
            return self._placed(a, starts[0], "the quote, found once")
        key = (a.quote, a.prefix, a.suffix)
        tied = None if filtered else self._best_by_context.get(key)
        if tied is None:
            n = len(a.quote)
            scored = [(self._context(a, s, s + n), s) for s in starts]
            best = max(score for score, _ in scored)
            tied = [s for score, s in scored if score > best - CONTEXT_MARGIN]
            if not filtered:  # claims with the same quote and context (a repeated passage) share it
                self._best_by_context[key] = tied
        if len(tied) == 1:
            return self._placed(a, tied[0], f"the quote, told apart from {len(starts) - 1} more by its context")
        expected = self._expected(a, own)
        return _Tie(a, tied, expected if expected in tied else None, own)

    def _expected(self, a: Anchor, own: bool) -> int | None:
        """Where the claim's first character is expected: followed through the edits, or stored."""
        if own:
            return self.edits.to_new(a.start)
        return a.start if _has_position(a) else None

    def _other_old_passage(self, a: Anchor, start: int, end: int) -> bool:
        """True when the new span's ends were already in the old text, outside the claim's span."""
        old = self.edits.span_to_old(start, end)
        return old is not None and (old[1] <= a.start or old[0] >= a.end)

    def _traced_to_claim(self, a: Anchor, start: int, end: int, *, or_new: bool = False) -> bool:
        """True when more of the new span comes from the claim's old span than from the rest of the old text
        (a paragraph deleted beside one like it: the comparison may pair their shared opening words);
        ``or_new``: also when the two are equal (text new to the revision is not another passage's)."""
        inside, elsewhere = self.edits.old_share(start, end, a.start, a.end)
        return inside > elsewhere or (or_new and inside == elsewhere)

    def _maybe_another_passage(self, a: Anchor, start: int, end: int) -> bool:
        """True when the old text held the quote in another passage too, and the words of the paragraph around
        the new occurrence are not more the claim's paragraph's than that passage's ("the police chief told
        reporters" around it: the chief's, not the mayor's; nothing telling them apart: not a guess)."""
        old, quote = self.old_text, a.quote
        around = _paragraph_words(self.text, start, end, quote)
        own = len(around & _paragraph_words(old, a.start, a.end, quote))
        found, looked = old.find(quote), 0
        while found != -1 and looked < OTHER_PASSAGES:
            if found != a.start:
                looked += 1
                if len(around & _paragraph_words(old, found, found + len(quote), quote)) >= own:
                    return True
            found = old.find(quote, found + 1)
        return False

    def _loose(self, a: Anchor, own: bool) -> Placement:
        quote_words = words(a.quote)
        if len(quote_words) > MAX_LOOSE_WORDS:
            return _orphan(a, f"quote not found (a quote of over {MAX_LOOSE_WORDS:,} words is only found whole)")
        region = self.edits.region_to_new(a.start, a.end) if own else None
        found: list[_Loose] = []
        crowd = 0
        window = region_window(self.index, quote_words, region) if region is not None else None
        if window is not None:
            self._check_window(a, quote_words, window, region, own, found)
        # A match where the comparison puts the claim wins over any elsewhere: no need to look.
        if not any(c.supported and self._acceptable(a, c) for c in found):
            windows, crowd = voted_windows(self.index, quote_words)
            for window in windows:
                self._check_window(a, quote_words, window, region, own, found)
        return self._choose_loose(a, found, crowd)

    def _check_window(self, a: Anchor, quote_words: list[str], window: Window,
                      region: tuple[int, int] | None, own: bool, found: list[_Loose]) -> None:
        lo, hi, votes = window
        for first, last, score in runs(quote_words, self.index.words, lo, hi):
            if any(first <= c.last and c.first <= last and c.similarity >= score for c in found):
                continue
            found[:] = [c for c in found if not (first <= c.last and c.first <= last)]
            found.append(self._loose_candidate(a, first, last, score, region, own, votes))

    def _acceptable(self, a: Anchor, c: _Loose) -> bool:
        """Close enough, in length too, and either where the old text puts it or in context."""
        length = len(a.quote)
        return (c.similarity >= MIN_SIMILARITY and abs((c.end - c.start) - length) <= MAX_LENGTH_CHANGE * length
                and not c.lookalike and (c.supported or c.in_context))

    def _loose_candidate(self, a: Anchor, first: int, last: int, score: float,
                         region: tuple[int, int] | None, own: bool, votes: int) -> _Loose:
        index, text, quote = self.index, self.text, a.quote
        start, end = index.starts[first], index.ends[last]
        # White space the quote starts or ends with, where the text has it too, is kept.
        lead = quote[: len(quote) - len(quote.lstrip())]
        trail = quote[len(quote.rstrip()) :]
        if lead and text.startswith(lead, start - len(lead)):
            start -= len(lead)
        if trail and text.startswith(trail, end):
            end += len(trail)
        return _Loose(
            first=first, last=last, start=start, end=end,
            similarity=score,
            context=self._context(a, start, end),
            in_context=self._in_context(a, start, end - start),
            supported=region is not None and start < max(region[1], region[0] + 1) and region[0] < end,
            lookalike=own and (self._other_old_passage(a, start, end)
                               or not self._traced_to_claim(a, start, end, or_new=True)),
            votes=votes)

    def _choose_loose(self, a: Anchor, found: list[_Loose], crowd: int) -> Placement:
        length = len(a.quote)
        close = [c for c in found if c.similarity >= MIN_SIMILARITY
                 and abs((c.end - c.start) - length) <= MAX_LENGTH_CHANGE * length]
        valid = [c for c in found if self._acceptable(a, c)]
        if not valid:
            if any(c.lookalike for c in close):
                return _orphan(a, "quote not found; the passage like it was there before, as another passage")
            if close:
                return _orphan(a, "quote not found; a passage like it, but not in its context")
            if found:
                best = max(c.similarity for c in found)
                return _orphan(a, f"quote not found; nothing close enough ({_share(best)} of the words, "
                                  f"{MIN_SIMILARITY:.2f} needed)")
            return _orphan(a, "quote not found")
        pool = [c for c in valid if c.supported] or valid
        best = max(pool, key=lambda c: (c.similarity, c.context))
        tied = [c for c in pool if c.similarity > best.similarity - SIMILARITY_MARGIN]
        if len(tied) > 1:
            top_context = max(c.context for c in tied)
            tied = [c for c in tied if c.context > top_context - CONTEXT_MARGIN]
            if len(tied) > 1:
                return _orphan(a, f"{len(tied)} candidates equally good")
            best = tied[0]
        if crowd and not best.supported and crowd >= best.votes:
            return _orphan(a, f"quote not found; more than {LOOSE_WINDOWS} passages like it")
        new = make_anchor(self.text, best.start, best.end)
        if new.quote == a.quote:  # cannot happen for a quote searched exactly first; kept safe
            return self._placed(a, best.start, "the quote")
        why = ("spacing changed" if best.similarity == 1.0 else
               f"wording changed: {_share(best.similarity)} of the words kept")
        return Placement(PlacementKind.CHANGED, a, new, best.similarity, why)

    # ------------------------------------------------------------------ ties

    def _settle_ties(self, anchors: list[Anchor], outcomes: list[Placement | _Tie]) -> None:
        """A tie is settled when the nearest claims placed exactly before and after it moved
        by the same amount and one of its candidates moved by that much too; a tie settled so
        counts for the next ones, for a few rounds. (Not when they moved by different
        amounts: the claim may have moved with either, and a paragraph moved away puts the
        copy of a repeated passage next to its new place just where the claim would be.)
        Else by its place (the stored one only if the claims on both sides did not both
        move), else it is an orphan."""
        for _ in range(TIE_ROUNDS):
            shifts = sorted((a.start, o.start - a.start) for a, o in zip(anchors, outcomes, strict=True)
                            if isinstance(o, Placement) and o.kind in (PlacementKind.EXACT, PlacementKind.MOVED)
                            and _has_position(a))
            keys = [start for start, _ in shifts]
            settled_any = False
            for i, outcome in enumerate(outcomes):
                if not isinstance(outcome, _Tie) or not _has_position(outcome.anchor):
                    continue
                a = outcome.anchor
                before = bisect.bisect_right(keys, a.start) - 1
                after = bisect.bisect_left(keys, a.start)
                if before >= 0 and after < len(keys) and shifts[before][1] == shifts[after][1]:
                    start = a.start + shifts[before][1]
                    if start in outcome.starts:
                        outcomes[i] = self._placed(a, start, f"the quote, told apart from {len(outcome.starts) - 1} "
                                                             "more by the claims around it")
                        settled_any = True
            if not settled_any:
                break
        for i, outcome in enumerate(outcomes):
            if not isinstance(outcome, _Tie):
                continue
            a = outcome.anchor
            if outcome.expected is not None and not outcome.by_edits:
                # The stored place, unless the claims on both sides of it moved.
                before = bisect.bisect_right(keys, a.start) - 1
                after = bisect.bisect_left(keys, a.start)
                moved = [shifts[k][1] != 0 for k in (before, after) if 0 <= k < len(keys)]
                if moved and all(moved):
                    outcome = _Tie(a, outcome.starts, None, False)
            outcomes[i] = self._settle_alone(outcome)

    def _settle_alone(self, tie: _Tie) -> Placement:
        if tie.expected is not None:
            return self._placed(tie.anchor, tie.expected,
                                f"the quote, told apart from {len(tie.starts) - 1} more by its place")
        return _orphan(tie.anchor, f"{len(tie.starts)} candidates equally good")

    # ------------------------------------------------------------------ helpers

    def _placed(self, a: Anchor, start: int, why: str) -> Placement:
        kind = PlacementKind.EXACT if _has_position(a) and start == a.start else PlacementKind.MOVED
        return Placement(kind, a, make_anchor(self.text, start, start + len(a.quote)), 1.0, why)

    def _full_context(self, a: Anchor, start: int) -> bool:
        end = start + len(a.quote)
        return (start >= len(a.prefix) and self.text.startswith(a.prefix, start - len(a.prefix))
                and self.text.startswith(a.suffix, end))

    def _context(self, a: Anchor, start: int, end: int) -> int:
        """Characters of the stored prefix and suffix still next to ``text[start:end]``."""
        before, after = self._context_sides(a, start, end)
        return before + after

    def _context_sides(self, a: Anchor, start: int, end: int) -> tuple[int, int]:
        text = self.text
        before = 0
        for i in range(1, min(len(a.prefix), start) + 1):
            if text[start - i] != a.prefix[-i]:
                break
            before += 1
        after = 0
        for i in range(min(len(a.suffix), len(text) - end)):
            if text[end + i] != a.suffix[i]:
                break
            after += 1
        return before, after

    def _in_context(self, a: Anchor, start: int, length: int) -> bool:
        """True when the span keeps :data:`MIN_CONTEXT` characters of its stored context in
        all, and on each side :data:`MIN_SIDE_CONTEXT` (or all there is, where less) or the
        paragraph break it starts or ends with."""
        before, after = self._context_sides(a, start, start + length)
        breaks_before = len(a.prefix) - len(a.prefix.rstrip("\n"))
        breaks_after = len(a.suffix) - len(a.suffix.lstrip("\n"))
        return (before + after >= min(MIN_CONTEXT, len(a.prefix) + len(a.suffix))
                and (before >= min(MIN_SIDE_CONTEXT, len(a.prefix)) or 0 < breaks_before <= before)
                and (after >= min(MIN_SIDE_CONTEXT, len(a.suffix)) or 0 < breaks_after <= after))


@dataclass(frozen=True)
class _Tie:
    """Several places hold the quote about equally well; the claims around it may settle it,
    or else the one at the expected place (``expected``, if one is)."""

    anchor: Anchor
    starts: list[int]
    expected: int | None
    by_edits: bool  # the expected place comes from the old text's comparison, not the stored offsets


@dataclass(frozen=True)
class _Loose:
    first: int
    last: int
    start: int
    end: int
    similarity: float
    context: int
    in_context: bool
    supported: bool
    lookalike: bool
    votes: int


def _share(value: float) -> str:
    """A share with two decimals, rounded down (0.999 is not all, 0.799 not enough)."""
    return f"{math.floor(value * 100 + 1e-9) / 100:.2f}"


OTHER_PASSAGES = 20
"""How many other occurrences of a quote in the old text are compared with a lone new one (the work is bounded)."""
_WORD = re.compile(r"\w{3,}")


def _paragraph_words(text: str, start: int, end: int, quote: str) -> set[str]:
    """The words (three letters or more, lower case) of the paragraph around ``text[start:end]``, within 300
    characters of it, but for the quote's own."""
    lo = max(text.rfind("\n", max(0, start - 300), start) + 1, start - 300, 0)
    hi = text.find("\n", end, end + 300)
    hi = min(end + 300, len(text)) if hi == -1 else hi
    return set(_WORD.findall(text[lo:hi].lower())) - set(_WORD.findall(quote.lower()))


def _has_position(anchor: Anchor) -> bool:
    return anchor.start >= 0 and anchor.end - anchor.start == len(anchor.quote)


def _orphan(anchor: Anchor, why: str, *, unfinished: bool = False) -> Placement:
    return Placement(PlacementKind.ORPHAN, anchor, None, 0.0, why, unfinished)
