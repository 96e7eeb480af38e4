"""Proofs by random revision: claims are never put on text that does not hold their quote
(unless marked changed, within the thresholds), and a quote that survives is always found.

Each example is an article of a few paragraphs (a small vocabulary, so phrases repeat),
claims on random spans of it, and random edits: words and sentences inserted (some of
them copies of passages already in the text), spans deleted, paragraphs moved, words
replaced. Every character of the new text remembers where it came from, so the test
knows where each claim's characters went, independently of the code under test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.anchors import make_anchor
from factcheck.core.reanchor import MAX_LENGTH_CHANGE, MIN_SIMILARITY, PlacementKind, place_all
from factcheck.core.reanchor_text import words

EXACT, MOVED, CHANGED, ORPHAN = PlacementKind

VOCABULARY = ["the", "mayor", "said", "crime", "fell", "by", "40", "percent", "in", "2023", "police",
              "figures", "show", "a", "rise", "budget", "was", "balanced", "🇺🇦", "Zürich", "𝔉𝔞𝔠𝔱"]

sentences = st.builds(lambda ws, end: " ".join(ws) + end,
                      st.lists(st.sampled_from(VOCABULARY), min_size=2, max_size=9), st.sampled_from(".,!"))
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
articles = st.lists(paragraphs, min_size=1, max_size=6).map("\n\n".join)


@dataclass
class Revised:
    """A text being edited, each character with the offset it had in the original (or −1)."""

    chars: list[str]
    origin: list[int]

    @classmethod
    def of(cls, text: str) -> Revised:
        return cls(list(text), list(range(len(text))))

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def insert(self, at: int, piece: str) -> None:
        self.chars[at:at] = list(piece)
        self.origin[at:at] = [-1] * len(piece)

    def delete(self, start: int, end: int) -> None:
        del self.chars[start:end]
        del self.origin[start:end]

    def move(self, start: int, end: int, to: int) -> None:
        """Move ``[start, end)`` to offset ``to`` of the text without it."""
        chars, origin = self.chars[start:end], self.origin[start:end]
        self.delete(start, end)
        self.chars[to:to] = chars
        self.origin[to:to] = origin

    def where(self, start: int, end: int) -> int | None:
        """Where the original span ``[start, end)`` is now, if all of it is still together."""
        try:
            first = self.origin.index(start)
        except ValueError:
            return None
        if self.origin[first : first + end - start] == list(range(start, end)):
            return first
        return None


@st.composite
def edits(draw, revised: Revised) -> None:
    for _ in range(draw(st.integers(1, 5))):
        text = revised.text
        kind = draw(st.sampled_from(["insert", "copy", "delete", "move", "word"]))
        if kind == "insert":
            revised.insert(draw(st.integers(0, len(text))), draw(st.sampled_from([" ", "\n\n", ""])) + draw(sentences))
        elif kind == "copy" and text:  # a passage repeated: the lookalikes re-anchoring must not take
            a = draw(st.integers(0, len(text) - 1))
            b = draw(st.integers(a + 1, min(len(text), a + 60)))
            revised.insert(draw(st.integers(0, len(text))), text[a:b])
        elif kind == "delete" and text:
            a = draw(st.integers(0, len(text) - 1))
            revised.delete(a, draw(st.integers(a + 1, min(len(text), a + 80))))
        elif kind == "move" and "\n\n" in text:
            bounds = [0] + [i + 2 for i in range(len(text)) if text.startswith("\n\n", i)] + [len(text) + 2]
            k = draw(st.integers(0, len(bounds) - 2))
            start, end = bounds[k], min(len(text), bounds[k + 1])
            revised.move(start, end, draw(st.integers(0, len(text) - (end - start))))
        elif kind == "word" and text.strip():
            spans = [(i, i + len(w)) for i, w in _word_spans(text)]
            a, b = draw(st.sampled_from(spans))
            revised.delete(a, b)
            revised.insert(a, draw(st.sampled_from(VOCABULARY)))


def _word_spans(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]


@st.composite
def revisions(draw):
    text = draw(articles)
    anchors = []
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 70)))
        if text[start:end].strip():
            anchors.append(make_anchor(text, start, end))
    revised = Revised.of(text)
    draw(edits(revised))
    return text, anchors, revised


def occurrences(text: str, quote: str) -> int:
    return sum(1 for i in range(len(text)) if text.startswith(quote, i))


def naive_distance(a: list[str], b: list[str]) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def check(old: str, anchors, revised: Revised, placements) -> None:
    new = revised.text
    for anchor, placement in zip(anchors, placements, strict=True):
        assert placement.old is anchor
        if placement.kind is ORPHAN:
            assert placement.anchor is None
            continue
        start, end = placement.start, placement.end
        assert 0 <= start < end <= len(new)
        assert placement.quote == new[start:end]
        if placement.kind in (EXACT, MOVED):
            # never on text that does not hold the quote
            assert placement.quote == anchor.quote
            assert (placement.kind is EXACT) == (start == anchor.start)
        else:
            # changed wording: within the thresholds, measured independently
            assert placement.quote != anchor.quote
            a, b = words(anchor.quote), words(placement.quote)
            assert 1 - naive_distance(a, b) / max(len(a), len(b)) >= MIN_SIMILARITY - 1e-9
            assert abs(len(placement.quote) - len(anchor.quote)) <= MAX_LENGTH_CHANGE * len(anchor.quote)


@settings(max_examples=400, deadline=None)
@given(revisions())
def test_claims_land_only_on_their_quote_or_a_close_rewording(case):
    old, anchors, revised = case
    check(old, anchors, revised, place_all(revised.text, anchors))
    check(old, anchors, revised, place_all(revised.text, anchors, old_text=old))


@settings(max_examples=400, deadline=None)
@given(revisions())
def test_a_quote_that_survives_and_occurs_once_is_found_where_it_went(case):
    old, anchors, revised = case
    new = revised.text
    without = place_all(new, anchors)
    with_old = place_all(new, anchors, old_text=old)
    for n, anchor in enumerate(anchors):
        went = revised.where(anchor.start, anchor.end)
        if went is None or occurrences(new, anchor.quote) != 1:
            continue
        # Without the old text, occurring once in the new text is enough.
        assert without[n].kind in (EXACT, MOVED), without[n]
        assert without[n].start == went
        # With it, a quote that occurred more than once in the old text could be the
        # survivor of another occurrence (old "Q Q" → new "Q" says nothing about which one
        # was deleted), which the old text rightly refuses to guess.
        if occurrences(old, anchor.quote) == 1:
            assert with_old[n].kind in (EXACT, MOVED), with_old[n]
            assert with_old[n].start == went


@settings(max_examples=200, deadline=None)
@given(articles, st.data())
def test_an_unchanged_text_places_every_claim_exactly(text, data):
    anchors = []
    for _ in range(data.draw(st.integers(1, 6))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        if text[start:end].strip():
            anchors.append(make_anchor(text, start, end))
    for old in (None, text):
        assert [(p.kind, p.anchor) for p in place_all(text, anchors, old_text=old)] == [
            (EXACT, a) for a in anchors]
