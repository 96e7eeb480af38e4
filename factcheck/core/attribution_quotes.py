"""Quotations, paragraphs and sentences of an article, for :mod:`factcheck.core.attribution`.

Quotation marks straight or curly, double or single, nested to any depth; an apostrophe
("doesn't", "Putin’s") is told from a single quotation mark by the letters on both sides.
A closing mark closes what it matches and whatever opened inside it and never closed
(``“… a 'Chemical Weapons Unit.”'``); a mark that matches nothing is left out. A paragraph
that opens a double quotation without closing it continues it in the next paragraph when
that one opens with a quotation mark (the typographers' rule for a quote over paragraphs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from factcheck.core.attribution_phrases import ABBREVIATIONS


@dataclass(eq=False)
class Quote:
    """A quotation: its marks at ``open`` and ``close - 1`` and the words between them."""

    open: int
    inner_start: int
    paragraph: int
    depth: int
    parent: Quote | None
    double: bool
    close: int = -1
    inner_end: int = -1
    closed: bool = False
    ends_sentence: bool = False  # its words end with . ! or ?
    children: list[Quote] = field(default_factory=list)
    previous_part: Quote | None = None  # the same quotation in the paragraph before
    next_part: Quote | None = None

    def chain(self) -> Iterator[Quote]:
        """Every part of a quotation that runs over paragraphs, first to last."""
        first = self
        while first.previous_part is not None:
            first = first.previous_part
        part: Quote | None = first
        while part is not None:
            yield part
            part = part.next_part


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph, without its surrounding spaces.

    Paragraphs are separated by blank lines when the text has any, else by line breaks.
    """
    splitter = r"\n[ \t\r\f\v]*\n\s*" if re.search(r"\n[ \t\r\f\v]*\n", text) else r"\n\s*"
    found = []
    pos = 0
    for m in re.finditer(splitter, text):
        found.append((pos, m.start()))
        pos = m.end()
    found.append((pos, len(text)))
    result = []
    for a, b in found:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            result.append((a, b))
    return result or [(0, len(text))]


_MARK = re.compile("[\"“”„‟«»‘’'‚‹›]")
_DOUBLE_OPEN = "“„‟«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‚‹"
_SINGLE_CLOSE = "’›'"
_BEFORE_OPEN = " \t\n([{—–-/\"“„«‘'"


def find_quotes(text: str, paras: list[tuple[int, int]]) -> list[Quote]:
    """Every quotation of ``text``, in order of their opening marks."""
    quotes: list[Quote] = []
    for number, (a, b) in enumerate(paras):
        found = _paragraph_quotes(text, a, b, number)
        if quotes and found:
            last = next((q for q in reversed(quotes) if q.parent is None), None)
            first = found[0]
            if (last is not None and last.double and not last.closed and first.double
                    and first.open == a and last.paragraph == number - 1):
                last.next_part = first
                first.previous_part = last
        quotes += found
    return quotes


def _paragraph_quotes(text: str, a: int, b: int, number: int) -> list[Quote]:
    stack: list[Quote] = []
    found: list[Quote] = []
    for m in _MARK.finditer(text, a, b):
        i = m.start()
        mark = m.group()
        before = text[i - 1] if i > a else " "
        after = text[i + 1] if i + 1 < b else " "
        if before.isalnum() and after.isalnum() and mark in "'’‘":
            continue  # an apostrophe
        double = mark in "\"“”„‟«»"
        open_here = any(q.double == double for q in stack)
        if double:
            if mark in _DOUBLE_OPEN and not (mark == "“" and open_here and not before.isspace()):
                role = "open"
            elif mark in _DOUBLE_CLOSE or mark == "“":
                role = "close" if open_here else "skip"
            else:
                role = "close" if open_here else ("open" if not after.isspace() else "skip")
        elif mark in _SINGLE_OPEN:
            role = "open" if not before.isalnum() else "skip"
        elif open_here and not before.isspace() and not after.isalnum():
            role = "close"
        elif mark == "'" and before in _BEFORE_OPEN and after.isalnum():
            role = "open"
        else:
            role = "skip"
        if role == "open":
            parent = stack[-1] if stack else None
            q = Quote(i, i + 1, number, len(stack), parent, double)
            stack.append(q)
            found.append(q)
        elif role == "close":
            while stack:
                q = stack.pop()
                _finish(text, q, i, i + 1, closed=True)
                if q.double == double:
                    break
    for q in reversed(stack):
        if q.double or q.children:
            _finish(text, q, b, b, closed=False)
        else:
            found.remove(q)
    for q in found:
        if q.parent is not None:
            q.parent.children.append(q)
    return found


def _finish(text: str, q: Quote, inner_end: int, close: int, *, closed: bool) -> None:
    q.inner_end = inner_end
    q.close = close
    q.closed = closed
    words = text[q.inner_start:inner_end].rstrip(" '’\"”")
    q.ends_sentence = words.endswith((".", "!", "?", "…"))


_BOUNDARY = re.compile(r"[.!?…][\"'’”)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def sentence_starts(text: str, paras: list[tuple[int, int]]) -> list[int]:
    """Where each sentence after a paragraph's first starts (inside quotations too), in order."""
    starts = []
    for a, b in paras:
        starts.append(a)
        for m in _BOUNDARY.finditer(text, a, b):
            stop = m.start()
            if text[stop] == ".":
                word = re.search(r"(\w+)$", text[max(a, stop - 12):stop])
                if word and (word.group(1).lower() in ABBREVIATIONS
                             or (len(word.group(1)) == 1 and word.group(1).isupper())):
                    continue
            starts.append(m.end())
    return starts
