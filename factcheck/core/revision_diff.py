"""What changed between two texts of an article, for a reader: :func:`diff_texts`.

The texts are compared paragraph by paragraph (a paragraph is a line with text: the
article text separates paragraphs with blank lines or with line breaks, and both are
read the same way), with the patience diff re-anchoring uses
(:func:`factcheck.core.reanchor_diff.same_in_order`). The paragraphs left unpaired
between two kept ones are paired with each other where they share most of their words
(a *changed* paragraph); the rest were *added* or *removed*. Inside a changed paragraph
the words and spaces are compared the same way, and what differs is a
:class:`WordChange`: a run of the old text deleted and a run of the new inserted, either
possibly empty.

Offsets count code points (as everywhere outside the window), into the old text and
into the new one. :attr:`TextDiff.edits` are the replacements that turn the old text
into the new, in order; the paragraphs and word changes are how a reader sees them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from factcheck.core.reanchor_diff import same_in_order
from factcheck.core.reanchor_text import words

_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")
_SENTENCE = re.compile(r"(?s).*?(?:[.!?…]+[\"'”’)\]]*(?:\s+|$)|$)")
_PIECE = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w+(?:['’]\w+)*")

MIN_SHARED = 0.5
"""Share of words two paragraphs must have in common to be one paragraph changed (else one
removed and one added)."""

MAX_BLOCK_PAIRS = 250_000
"""Words and spaces (old × new) of a run that no word occurring once on each side anchors,
at most, for it to be compared with :class:`difflib.SequenceMatcher` (else it is left as
deleted and inserted whole)."""

MAX_PAIRINGS = 10_000
"""Unpaired paragraphs compared with each other between two kept ones, at most (old × new):
past it they are paired in order, each with the one in the same place on the other side."""


class ParagraphKind(StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class WordChange:
    """``old[old_start:old_end]`` became ``new[new_start:new_end]`` (either may be empty)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int

    @property
    def deletes(self) -> bool:
        return self.old_end > self.old_start

    @property
    def inserts(self) -> bool:
        return self.new_end > self.new_start


Edit = WordChange
"""One replacement of :attr:`TextDiff.edits`: the same four offsets."""


@dataclass(frozen=True)
class ParagraphDiff:
    """One paragraph of either text and what became of it.

    The spans are the paragraph's text without its line breaks; an added paragraph's old
    span is empty (where it would be in the old text), and a removed one's new span too.
    """

    kind: ParagraphKind
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    changes: tuple[WordChange, ...] = ()
    """For a changed paragraph, its word changes in order; empty otherwise."""
    moved: bool = False
    """Added (or removed) here, and the same paragraph removed (or added) elsewhere."""
    words_changed: int = 0
    """Words of a changed paragraph changed: for each change, the more of its deleted and inserted
    words (a change of punctuation alone counts one)."""


@dataclass(frozen=True)
class TextDiff:
    old: str
    new: str
    paragraphs: tuple[ParagraphDiff, ...]
    edits: tuple[Edit, ...]
    """The replacements turning ``old`` into ``new``, in order and apart: see :meth:`apply`."""

    @property
    def equal(self) -> bool:
        return not self.edits

    def changed_paragraphs(self) -> list[ParagraphDiff]:
        """The paragraphs that are not the same, in order (the window steps through these)."""
        return [p for p in self.paragraphs if p.kind != ParagraphKind.SAME]

    def apply(self, old: str | None = None) -> str:
        """The new text made from ``old`` (this diff's old text if not given) and the edits."""
        old = self.old if old is None else old
        out: list[str] = []
        at = 0
        for edit in self.edits:
            out.append(old[at:edit.old_start])
            out.append(self.new[edit.new_start:edit.new_end])
            at = edit.old_end
        out.append(old[at:])
        return "".join(out)

    def summary(self) -> str:
        """One line for a reader: "1 paragraph added, 1 removed, 3 words changed in 2 paragraphs"."""
        if self.equal:
            return "No change."
        added = sum(p.kind == ParagraphKind.ADDED and not p.moved for p in self.paragraphs)
        removed = sum(p.kind == ParagraphKind.REMOVED and not p.moved for p in self.paragraphs)
        moved = sum(p.kind == ParagraphKind.ADDED and p.moved for p in self.paragraphs)
        changed = [p for p in self.paragraphs if p.kind == ParagraphKind.CHANGED and p.words_changed]
        parts: list[str] = []
        for count, verb in ((added, "added"), (removed, "removed"), (moved, "moved")):
            if count:  # the first names the paragraphs: "2 paragraphs added, 1 removed"
                parts.append(f"{_plural(count, 'paragraph')} {verb}" if not parts else f"{count:,} {verb}")
        if changed:
            count = sum(p.words_changed for p in changed)
            parts.append(f"{_plural(count, 'word')} changed in {_plural(len(changed), 'paragraph')}")
        if not parts:
            return "Only spacing changed."
        return ", ".join(parts)


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def diff_texts(old: str, new: str) -> TextDiff:
    """What changed from ``old`` to ``new``: paragraphs, the words changed in them, the edits."""
    old_paragraphs, new_paragraphs = _paragraphs(old), _paragraphs(new)
    old_keys = [old[a:b] for a, b in old_paragraphs]
    new_keys = [new[a:b] for a, b in new_paragraphs]
    paragraphs: list[ParagraphDiff] = []
    kept: list[tuple[int, int, int]] = []  # (old_start, new_start, length): text the same in both
    i_next = j_next = 0
    for i, j in [*same_in_order(old_keys, new_keys), (len(old_keys), len(new_keys))]:
        old_at = old_paragraphs[i_next - 1][1] if i_next else 0
        new_at = new_paragraphs[j_next - 1][1] if j_next else 0
        for pair in _pair_up(old_keys, i_next, i, new_keys, j_next, j):
            paragraph = _paragraph(old, new, old_paragraphs, new_paragraphs, pair, old_at, new_at, kept)
            paragraphs.append(paragraph)
            old_at, new_at = paragraph.old_end, paragraph.new_end
        if i < len(old_keys):
            (o1, o2), (n1, n2) = old_paragraphs[i], new_paragraphs[j]
            paragraphs.append(ParagraphDiff(ParagraphKind.SAME, o1, o2, n1, n2))
            kept.append((o1, n1, o2 - o1))
        i_next, j_next = i + 1, j + 1
    paragraphs = _moves(paragraphs, old, new)
    return TextDiff(old, new, tuple(paragraphs), tuple(_edits(old, new, kept)))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PARAGRAPH.finditer(text)]


def _pair_up(old_keys: list[str], i1: int, i2: int,
             new_keys: list[str], j1: int, j2: int) -> list[tuple[int | None, int | None]]:
    """The unpaired paragraphs ``old[i1:i2]`` and ``new[j1:j2]`` in order, as pairs: ``(i, j)``
    a paragraph changed, ``(i, None)`` removed, ``(None, j)`` added.

    Changed pairs are the ones sharing :data:`MIN_SHARED` of their words, the most shared
    words in all, in order on both sides (a small dynamic programme over the pairs).
    """
    m, n = i2 - i1, j2 - j1
    if not m or not n:
        return [(i, None) for i in range(i1, i2)] + [(None, j) for j in range(j1, j2)]
    old_bags = [Counter(words(old_keys[i])) for i in range(i1, i2)]
    new_bags = [Counter(words(new_keys[j])) for j in range(j1, j2)]
    if m * n > MAX_PAIRINGS:  # each with the one in the same place, if they share enough
        pairs: list[tuple[int | None, int | None]] = []
        for k in range(max(m, n)):
            if k < m and k < n and _shared(old_bags[k], new_bags[k]):
                pairs.append((i1 + k, j1 + k))
            else:
                pairs += [(i1 + k, None)] * (k < m) + [(None, j1 + k)] * (k < n)
        return pairs
    score = {(a, b): s for a in range(m) for b in range(n) if (s := _shared(old_bags[a], new_bags[b]))}
    # best[a][b]: the most shared words pairing old[a:] with new[b:]
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for a in range(m - 1, -1, -1):
        row, below = best[a], best[a + 1]
        for b in range(n - 1, -1, -1):
            row[b] = max(below[b], row[b + 1], below[b + 1] + score.get((a, b), 0.0))
    pairs = []
    a = b = 0
    while a < m and b < n:
        here = best[a][b]
        if (a, b) in score and here == best[a + 1][b + 1] + score[(a, b)]:
            pairs.append((i1 + a, j1 + b))
            a, b = a + 1, b + 1
        elif here == best[a + 1][b]:
            pairs.append((i1 + a, None))
            a += 1
        else:
            pairs.append((None, j1 + b))
            b += 1
    pairs += [(i1 + k, None) for k in range(a, m)] + [(None, j1 + k) for k in range(b, n)]
    return pairs


def _shared(a: Counter[str], b: Counter[str]) -> float:
    """The words two paragraphs share, if that is :data:`MIN_SHARED` of the longer's or more (else 0)."""
    longer = max(a.total(), b.total())
    if not longer:
        return 0.0
    common = (a & b).total()
    return float(common) if common >= MIN_SHARED * longer else 0.0


def _paragraph(old: str, new: str, old_paragraphs: list[tuple[int, int]], new_paragraphs: list[tuple[int, int]],
               pair: tuple[int | None, int | None], old_at: int, new_at: int,
               kept: list[tuple[int, int, int]]) -> ParagraphDiff:
    """The :class:`ParagraphDiff` of one pair from :func:`_pair_up`; a changed one's kept stretches go to ``kept``."""
    i, j = pair
    if j is None:
        o1, o2 = old_paragraphs[i]
        return ParagraphDiff(ParagraphKind.REMOVED, o1, o2, new_at, new_at)
    n1, n2 = new_paragraphs[j]
    if i is None:
        return ParagraphDiff(ParagraphKind.ADDED, old_at, old_at, n1, n2)
    o1, o2 = old_paragraphs[i]
    changes, same = _word_changes(old, o1, o2, new, n1, n2)
    kept.extend(same)
    counted = sum(_words_changed(old[c.old_start:c.old_end], new[c.new_start:c.new_end]) for c in changes)
    return ParagraphDiff(ParagraphKind.CHANGED, o1, o2, n1, n2, tuple(changes), words_changed=counted)


def _words_changed(deleted: str, inserted: str) -> int:
    """Words a change counts for a reader: the more of the words (letters and digits: "city's" is
    one) deleted and inserted; a change of punctuation alone is one, of spacing alone none."""
    counted = max(len(_WORD.findall(deleted)), len(_WORD.findall(inserted)))
    return counted or int(bool(deleted.strip() or inserted.strip()))


def _word_changes(old: str, o1: int, o2: int, new: str, n1: int, n2: int
                  ) -> tuple[list[WordChange], list[tuple[int, int, int]]]:
    """The changes between ``old[o1:o2]`` and ``new[n1:n2]`` by sentences, then words and spaces,
    and the stretches kept."""
    kept: list[tuple[int, int, int]] = []
    _compare(old, o1, o2, new, n1, n2, (_SENTENCE, _PIECE), kept)
    return _edits(old, new, kept, (o1, o2, n1, n2)), kept


def _compare(old: str, o1: int, o2: int, new: str, n1: int, n2: int, levels: tuple[re.Pattern[str], ...],
             kept: list[tuple[int, int, int]]) -> None:
    """The stretches of ``old[o1:o2]`` kept in ``new[n1:n2]``, to ``kept``: the two cut by
    ``levels[0]`` and paired; the runs left between two pairs compared again by the next level."""
    old_pieces = [m.span() for m in levels[0].finditer(old, o1, o2) if m.group()]
    new_pieces = [m.span() for m in levels[0].finditer(new, n1, n2) if m.group()]
    old_keys = [old[a:b] for a, b in old_pieces]
    new_keys = [new[a:b] for a, b in new_pieces]
    i_next = j_next = 0
    for i, j in [*_same_in_order(old_keys, new_keys), (len(old_pieces), len(new_pieces))]:
        if i > i_next and j > j_next and len(levels) > 1:
            _compare(old, old_pieces[i_next][0], old_pieces[i - 1][1],
                     new, new_pieces[j_next][0], new_pieces[j - 1][1], levels[1:], kept)
        if i < len(old_pieces):
            kept.append((old_pieces[i][0], new_pieces[j][0], old_pieces[i][1] - old_pieces[i][0]))
        i_next, j_next = i + 1, j + 1


def _same_in_order(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """:func:`~factcheck.core.reanchor_diff.same_in_order`, and in the runs it leaves unpaired
    (none of their pieces occurs once on each side: "the", a space) the longest matching
    blocks, as :mod:`difflib` finds them, where a run is short enough (:data:`MAX_BLOCK_PAIRS`)."""
    pairs = same_in_order(a, b)
    out: list[tuple[int, int]] = []
    i_next = j_next = 0
    for i, j in [*pairs, (len(a), len(b))]:
        if i > i_next and j > j_next and (i - i_next) * (j - j_next) <= MAX_BLOCK_PAIRS:
            matcher = SequenceMatcher(None, a[i_next:i], b[j_next:j], autojunk=False)
            for x, y, size in matcher.get_matching_blocks():
                out.extend((i_next + x + k, j_next + y + k) for k in range(size))
        if i < len(a):
            out.append((i, j))
        i_next, j_next = i + 1, j + 1
    return out


def _edits(old: str, new: str, kept: list[tuple[int, int, int]],
           bounds: tuple[int, int, int, int] | None = None) -> list[Edit]:
    """The replacements between the stretches ``kept`` (in order in both texts), within
    ``bounds`` (old_start, old_end, new_start, new_end; the whole texts if None); the
    white space the two sides of a gap share at their ends (a line break) is not replaced."""
    o_at, o_stop, n_at, n_stop = bounds or (0, len(old), 0, len(new))
    out: list[Edit] = []
    for o, n, length in [*sorted(kept), (o_stop, n_stop, 0)]:
        if o > o_at or n > n_at:
            a, b, c, d = o_at, o, n_at, n
            while a < b and c < d and old[a] == new[c] and old[a].isspace():
                a, c = a + 1, c + 1
            while a < b and c < d and old[b - 1] == new[d - 1] and old[b - 1].isspace():
                b, d = b - 1, d - 1
            if a < b or c < d:
                out.append(Edit(a, b, c, d))
        o_at, n_at = o + length, n + length
    return out


def _moves(paragraphs: list[ParagraphDiff], old: str, new: str) -> list[ParagraphDiff]:
    """The added and removed paragraphs marked ``moved`` where the same text was removed and added."""
    removed = Counter(old[p.old_start:p.old_end] for p in paragraphs if p.kind == ParagraphKind.REMOVED)
    added = Counter(new[p.new_start:p.new_end] for p in paragraphs if p.kind == ParagraphKind.ADDED)
    both = removed & added
    if not both:
        return paragraphs
    left_removed, left_added = Counter(both), Counter(both)
    out = []
    for p in paragraphs:
        key = old[p.old_start:p.old_end] if p.kind == ParagraphKind.REMOVED else new[p.new_start:p.new_end]
        left = left_removed if p.kind == ParagraphKind.REMOVED else left_added
        if p.kind in (ParagraphKind.REMOVED, ParagraphKind.ADDED) and left[key] > 0:
            left[key] -= 1
            p = ParagraphDiff(p.kind, p.old_start, p.old_end, p.new_start, p.new_end, moved=True)
        out.append(p)
    return out
