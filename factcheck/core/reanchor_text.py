"""The words of a text for re-anchoring: an index of them, and edit distances over words.

A *word* here is a run of letters and digits, or one punctuation mark or symbol (an
emoji is one); white space separates words and is not one. Loose matching compares
quotes word by word, so "40" → "45" is one change in a sentence, however the figure is
spelt, and a change of spacing or line breaks is none.

The edit distances are Myers' bit-parallel algorithm (J. ACM 46(3), 1999) in
Hyyrö's formulation, over words rather than characters: one Python integer holds a
bit per word of the pattern, so a 30-word quote costs a dozen integer operations per
word of text, whatever its length, and a 1,000-word quote no more than a few times as
much. This keeps every loose search bounded without a compiled dependency.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

_WORD = re.compile(r"\w+|[^\w\s]")


def words(text: str) -> list[str]:
    """The words of ``text``, in order."""
    return _WORD.findall(text)


class TextIndex:
    """The words of one text with their character offsets, and where each word occurs.

    Built once for a revision and shared by every claim placed on it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.positions: dict[str, list[int]] = {}
        positions = self.positions
        for n, match in enumerate(_WORD.finditer(text)):
            word = match.group()
            self.words.append(word)
            start, end = match.span()
            self.starts.append(start)
            self.ends.append(end)
            found = positions.get(word)
            if found is None:
                positions[word] = [n]
            else:
                found.append(n)

    def frequency(self, word: str) -> int:
        return len(self.positions.get(word, ()))

    def occurrences(self, quote: str, limit: int) -> list[int] | None:
        """Every offset at which ``quote`` occurs in the text, in order; None past ``limit``.

        A quote with a word strictly inside it (neither its first nor its last) is
        looked for where the rarest such word occurs: that word is a whole word of the
        text wherever the quote occurs, so no occurrence is missed. A shorter quote is
        searched for in the whole text.
        """
        text = self.text
        inner = list(_WORD.finditer(quote))[1:-1]
        found: list[int] = []
        if inner:
            rarest = min(inner, key=lambda m: self.frequency(m.group()))
            offset = rarest.start()
            for n in self.positions.get(rarest.group(), ()):
                start = self.starts[n] - offset
                if start >= 0 and text.startswith(quote, start):
                    found.append(start)
                    if len(found) > limit:
                        return None
            return found
        start = text.find(quote)
        while start != -1:
            found.append(start)
            if len(found) > limit:
                return None
            start = text.find(quote, start + 1)
        return found

    def words_within(self, start: int, end: int) -> tuple[int, int]:
        """The range of word indexes of the words that overlap ``text[start:end]``."""
        return bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end)


def _pattern_bits(pattern: Sequence[str]) -> dict[str, int]:
    bits: dict[str, int] = {}
    bit = 1
    for word in pattern:
        bits[word] = bits.get(word, 0) | bit
        bit <<= 1
    return bits


def _distances(pattern: Sequence[str], text: Sequence[str], carry: int) -> Iterator[int]:
    """Myers' bit-parallel edit distance, word by word: after each word of ``text``, the fewest edits
    turning the non-empty ``pattern`` into the text read so far (``carry`` 1: all of it, from its first
    word) or into a run of it ending there (``carry`` 0: the run may start anywhere)."""
    bits = _pattern_bits(pattern)
    m = len(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    vp, vn, distance = mask, 0, m
    get = bits.get
    for word in text:
        x = get(word, 0) | vn
        d0 = (((x & vp) + vp) ^ vp) | x
        hp = vn | (~(d0 | vp) & mask)
        hn = vp & d0
        if hp & high:
            distance += 1
        elif hn & high:
            distance -= 1
        x = ((hp << 1) | carry) & mask
        vn = x & d0
        vp = ((hn << 1) | ~(x | d0)) & mask
        yield distance


def best_ends(pattern: Sequence[str], text: Sequence[str]) -> list[int]:
    """For each word of ``text``, the fewest edits turning ``pattern`` into a run of
    ``text`` that ends with that word (the run may start anywhere)."""
    if not pattern:
        return [0] * len(text)
    return list(_distances(pattern, text, 0))


def distance(a: Sequence[str], b: Sequence[str]) -> int:
    """The edit distance between two sequences of words (insertions, deletions, substitutions)."""
    if not a or not b:
        return len(a) + len(b)
    *_, last = _distances(a, b, 1)
    return last


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """1 − edits ÷ the longer's length: the share of words kept, 1.0 for equal sequences."""
    longest = max(len(a), len(b))
    if longest == 0:
        return 1.0
    return 1.0 - distance(a, b) / longest
