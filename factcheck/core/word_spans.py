"""Snapping a selected span to whole words, so "LOS ANGE" is not marked by accident.

Offsets are code points into the article text, as everywhere in the core. A
boundary moves only when it cuts through a word: it moves outwards to the
word's edge, never across white space (so never across a paragraph break),
and never onto punctuation at the edge of a word: "the city." selected without
its full stop stays without it, and a quote mark outside a selection stays out.

A word is a run of letters, digits and combining marks, joined by an apostrophe
between two of them ("it's", "don’t") or by a decimal or thousands separator
between two digits ("40.5", "1,200"): cutting "40.5" after "40" would misquote
the figure.
"""

from __future__ import annotations

import unicodedata

MAX_SNAP = 100
"""Code points a boundary moves at most: a run with no break (a pasted hash, a 1 MB line) is no word."""

_APOSTROPHES = frozenset("'\u2019\u02bc")  # ' ’ ʼ
_JOINERS = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner, inside Indic and Persian words
_DIGIT_SEPARATORS = frozenset(".,")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or unicodedata.category(c)[0] == "M"


def _in_word(text: str, i: int) -> bool:
    """Whether ``text[i]`` belongs to a word (a word character, or a joiner between two)."""
    if not 0 <= i < len(text):
        return False
    c = text[i]
    if _is_word_char(c):
        return True
    if not 0 < i < len(text) - 1:
        return False
    before, after = text[i - 1], text[i + 1]
    if c in _APOSTROPHES or c in _JOINERS:
        return _is_word_char(before) and _is_word_char(after)
    if c in _DIGIT_SEPARATORS:
        return before.isdecimal() and after.isdecimal()
    return False


def cuts_word(text: str, position: int) -> bool:
    """Whether a boundary at ``position`` falls inside a word (between two of its characters)."""
    return _in_word(text, position - 1) and _in_word(text, position)


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``text[start:end]`` so neither end cuts through a word.

    An empty span is returned as it is. A boundary that would have to move
    further than :data:`MAX_SNAP` stays where it was selected.
    """
    if not 0 <= start < end <= len(text):
        return start, end
    return _snap(text, start, -1), _snap(text, end, +1)


def _snap(text: str, position: int, step: int) -> int:
    moved = position
    for _ in range(MAX_SNAP):
        if not cuts_word(text, moved):
            return moved
        moved += step
    return moved if not cuts_word(text, moved) else position
