"""Who said it: the claimant of a passage, read from the attribution around its quotation.

``attribute(text, start, end, known)`` proposes the speaker of ``text[start:end]``, or ""
when none is clear. The passage's quotation (the one it lies in, holds or sits beside in
the same sentence) is attributed by what follows it (``"…," Trump said on Twitter``,
``"…," said the minister``), else by what leads to it (``Senator Lindsey Graham of South
Carolina said: "…"``, ``according to the ministry``); a passage outside quotation marks by
its sentence's reported speech (``The ministry said in a statement that …``). A quotation
inside another is its own speaker's if attributed inside, else the outer one's; a quotation
continued into the next paragraph (a paragraph that opens a quote without closing it) keeps
its speaker. "he said" and "she added" name the one person of the same paragraph the pronoun
can mean, named or described ("The minister said … "…," he said"), and nothing when two could
be meant; only a paragraph that has no one of its own before the pronoun goes back to the
previous paragraph's speaker (or its one person).

Names come without title or description ("Prime Minister Boris Johnson" is "Boris Johnson"),
completed from the article when it names the person in full once ("Mr Trump" is "Donald
Trump"), and matched to ``known`` claimants of the library ("Graham" is "Lindsey Graham")
when exactly one fits. A description or organisation keeps its article, in lower case ("The
Treasury said" and "…, the ministry said" give "the Treasury" and "the ministry"). Every answer
is a slice of the text (its first letter lowered for "the", "a", "an"), an entry of ``known``, or "".

A text is read once (its words, paragraphs, quotations and sentences) and kept, with the
speakers found in it, for the next passages of the same text: every sentence of a 5,000-word
article takes about 20 ms in all (``bench/attribution.py``). Safe to call from several threads.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from factcheck.core.attribution_phrases import (
    PARTICIPLES,
    PERSON_ROLES,
    PRONOUNS,
    SPEECH_VERBS,
    Name,
    Token,
    abbreviation_dot,
    known_index,
    name_of,
    person_names,
    phrase_after,
    subject_before,
    tokens,
)
from factcheck.core.attribution_names import FullNames
from factcheck.core.attribution_quotes import Quote, find_quotes, paragraphs, sentence_starts

__all__ = ["attribute"]


def attribute(text: str, start: int, end: int, known: Iterable[str] = ()) -> str:
    """The speaker of ``text[start:end]``: a name from the text or from ``known``, "" when none is clear."""
    if not text:
        return ""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    doc = _document(text)
    with doc.lock:  # the window's worker and the window itself may ask at once
        name = doc.passage_speaker(start, end)
        if name is None:
            return ""
        found = text[name.start:name.end]
        fuller = doc.fuller(name)
    known_names = known_index(tuple(known)) if known else None
    if known_names is not None:
        # The fuller name the article gives, else the words found: "Smith" matches "Will Smith", but not once
        # the article has named him John Smith; "Elizabeth Warren" still matches "Elizabeth Ann Warren".
        match = known_names.match(fuller)
        if not match and fuller != found:
            match = known_names.match(found)
            if match and not set(_name_words(match)) <= set(_name_words(fuller)):
                match = None
        if match:
            return match
    if fuller.startswith(("The ", "A ", "An ")):
        return fuller[0].lower() + fuller[1:]  # "the ministry" wherever the sentence starts
    return fuller


def _name_words(name: str) -> list[str]:
    return re.findall(r"\w+", name.casefold())


@dataclass(frozen=True, slots=True)
class _Pronoun:
    word: str  # "he", "she", "i" or "we"
    at: int


_Attribution = Name | _Pronoun | None


@lru_cache(maxsize=4)
def _document(text: str) -> _Document:
    return _Document(text)


@dataclass
class _Document(FullNames):
    text: str
    paragraphs: list[tuple[int, int]] = field(init=False)
    quotes: list[Quote] = field(init=False)
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.paragraphs = paragraphs(self.text)
        self._paragraph_starts = [a for a, _ in self.paragraphs]
        self.quotes = find_quotes(self.text, self.paragraphs)
        self._opens = [q.open for q in self.quotes]
        self.starts = sentence_starts(self.text, self.paragraphs)
        self._speakers: dict[int, Name | None] = {}
        self._paragraph_speakers: dict[int, Name | None] = {}
        self._persons: dict[int, list[tuple[Name, bool, bool]]] = {}
        self._registry: dict[str, tuple[int, int] | None] | None = None
        self._genders: dict[str, str] = {}
        self._organisations: dict[str, str | None] = {}
        self._warmed = 0
        self._reports: dict[tuple[int, int], _Attribution] = {}
        self._paragraph_descriptions: dict[int, list[tuple[int, Name, str, str]]] = {}
        self._top_quotes: dict[int, list[Quote]] = {}
        self._sibling_opens: dict[int, tuple[list[Quote], list[int]]] = {}
        self._chain_speakers: dict[int, Name | None] = {}
        self._all_tokens = tokens(self.text, 0, len(self.text))
        self._token_starts = [t.start for t in self._all_tokens]

    def _tokens(self, a: int, b: int) -> list[Token]:
        """The tokens that lie in ``[a, b)``: read once for the whole text."""
        lo = bisect.bisect_left(self._token_starts, a)
        hi = bisect.bisect_left(self._token_starts, b, lo)
        while hi > lo and self._all_tokens[hi - 1].end > b:
            hi -= 1
        return self._all_tokens[lo:hi]

    # -- where things are

    def paragraph_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._paragraph_starts, pos) - 1)

    def _siblings(self, quote: Quote | None, paragraph: int) -> list[Quote]:
        """The quotations beside ``quote`` (same container), or the paragraph's top-level ones."""
        if quote is not None and quote.parent is not None:
            return quote.parent.children
        top = self._top_quotes.get(paragraph)
        if top is None:
            top = self._top_quotes[paragraph] = [q for q in self._paragraph_quotes(paragraph) if q.parent is None]
        return top

    def _paragraph_quotes(self, paragraph: int) -> list[Quote]:
        a, b = self.paragraphs[paragraph]
        lo = bisect.bisect_left(self._opens, a)
        hi = bisect.bisect_left(self._opens, b)
        return self.quotes[lo:hi]

    def _sentence(self, pos: int, container: tuple[int, int], siblings: list[Quote]) -> tuple[int, int]:
        """The sentence around ``pos`` inside ``container``: not cut inside one of ``siblings``."""
        lo, hi = container
        opens = self._sibling_opens.get(id(siblings))
        if opens is None or opens[0] is not siblings:  # quotations side by side: ordered, not overlapping
            opens = self._sibling_opens[id(siblings)] = (siblings, [q.open for q in siblings])

        def inside(b: int) -> bool:
            k = bisect.bisect_left(opens[1], b) - 1
            return k >= 0 and b < siblings[k].close

        i = bisect.bisect_right(self.starts, pos) - 1
        s = lo
        while i >= 0 and self.starts[i] > lo:
            if not inside(self.starts[i]):
                s = self.starts[i]
                break
            i -= 1
        j = bisect.bisect_right(self.starts, pos)
        e = hi
        while j < len(self.starts) and self.starts[j] < hi:
            if not inside(self.starts[j]):
                e = self.starts[j]
                break
            j += 1
        return s, e

    def _container(self, quote: Quote) -> tuple[int, int]:
        if quote.parent is not None:
            return quote.parent.inner_start, quote.parent.inner_end
        return self.paragraphs[quote.paragraph]

    # -- the passage

    def passage_speaker(self, start: int, end: int) -> Name | None:
        while start < end and self.text[start].isspace():
            start += 1
        self._warm(self.paragraph_at(start))
        quote = self._quote_for(start, end)
        if quote is not None:
            return self.speaker(quote)
        paragraph = self.paragraph_at(start)
        pa, pb = self.paragraphs[paragraph]
        if not pa <= start <= pb:
            return None
        siblings = self._siblings(None, paragraph)
        s, e = self._sentence(start, (pa, pb), siblings)
        if start > s:
            found = self._resolve(self._before(s, start), paragraph, None)
            if found is not None:
                return found
        for q in siblings:  # '"…," said Biden, who added that Trump said otherwise': Biden's
            if s <= q.open < e and q.parent is None and not self.text[s:q.open].strip():  # the sentence's head
                direct = self._direct(q)
                found = self._resolve(direct, paragraph, None) if direct is not None else None
                if found is not None:
                    return found
        found = self._resolve(self._reported(s, e), paragraph, None)
        if found is not None:
            return found
        for q in siblings:
            if s <= q.open < e:
                found = self.speaker(q)
                if found is not None:
                    return found
        return None

    def _quote_for(self, start: int, end: int) -> Quote | None:
        """The innermost quotation holding the passage, else the one it overlaps most."""
        paragraph = self.paragraph_at(start)
        a, b = self.paragraphs[paragraph]
        lo = bisect.bisect_left(self._opens, a)
        # Going back from the last quotation opened by ``start``: those that could hold it, until a top-level one
        # closed before it (every quotation before that one closed before it too).
        k = bisect.bisect_right(self._opens, start) - 1
        holding = []
        while k >= lo:
            q = self.quotes[k]
            if end <= q.close and start < q.close:
                holding.append(q)
            if q.parent is None and q.close <= start:
                break
            k -= 1
        if holding:
            return max(holding, key=lambda q: q.depth)
        length = len(self.text[start:end].strip())
        near = self.quotes[max(k, lo):bisect.bisect_left(self._opens, min(max(end, start + 1), b))] if length \
            else self._paragraph_quotes(paragraph)
        overlaps = [(min(end, q.close) - max(start, q.open), q) for q in near if q.parent is None]
        overlaps = [(size, q) for size, q in overlaps if 2 * size >= length]  # the quotation is most of it
        return max(overlaps, key=lambda pair: pair[0])[1] if overlaps else None

    # -- a quotation's speaker

    def speaker(self, quote: Quote) -> Name | None:
        """Who speaks ``quote``: of a quotation over paragraphs, the first of its parts' speakers."""
        if quote.previous_part is None and quote.next_part is None:
            return self._own_speaker(quote)
        first = next(quote.chain())
        if first.open not in self._chain_speakers:
            self._chain_speakers[first.open] = None
            self._chain_speakers[first.open] = next(
                (found for found in map(self._own_speaker, first.chain()) if found is not None), None)
        return self._chain_speakers[first.open]

    def _own_speaker(self, quote: Quote) -> Name | None:
        key = quote.open
        if key in self._speakers:
            return self._speakers[key]
        self._speakers[key] = None  # a pronoun that leads back here finds nothing
        result = self._speaker(quote)
        self._speakers[key] = result
        return result

    def _speaker(self, quote: Quote) -> Name | None:
        outer = self.speaker(quote.parent) if quote.parent is not None else None
        direct = self._direct(quote)
        if direct is not None:
            if isinstance(direct, _Pronoun) and direct.word in ("i", "we") and quote.parent is not None:
                return outer
            name = self._resolve(direct, quote.paragraph, quote.parent)
            if name is not None or quote.parent is not None or isinstance(direct, _Pronoun):
                return name  # "…," she said: hers or nobody's, never the quotation's before
        if quote.parent is not None:
            return outer
        siblings = self._siblings(quote, quote.paragraph)
        s, e = self._sentence(quote.open, self._container(quote), siblings)
        for other in siblings:
            if other is not quote and s <= other.open < e:
                found = self._direct(other)
                if found is not None:
                    return self._resolve(found, other.paragraph, None)
        found = self._resolve(self._reported(s, e), quote.paragraph, None) \
            or self._sentence_subject(s, e)
        if found is not None:
            return found
        earlier = [q for q in siblings if q.close <= quote.open]
        if earlier:
            # "…," the report said. "…" — a quotation that goes on after its attribution
            return self.speaker(earlier[-1])
        a, b = self.paragraphs[quote.paragraph]
        if quote.paragraph > 0 and quote.open == a and quote.close == b and quote.previous_part is None:
            # a paragraph that is only a quotation: the previous paragraph's speaker goes on
            self._warm(quote.paragraph - 1)
            return self.paragraph_speaker(quote.paragraph - 1)
        return None

    def _direct(self, quote: Quote) -> _Attribution:
        """The attribution right after or before ``quote`` in its sentence (pronouns unresolved)."""
        container = self._container(quote)
        siblings = self._siblings(quote, quote.paragraph)
        later = [q.open for q in siblings if q.open >= quote.close]
        earlier = [q.close for q in siblings if q.close <= quote.open]
        s, e = self._sentence(max(quote.close - 1, quote.open), container, siblings)
        after_end = min([e, *later])
        if self.text[quote.close:after_end].strip():
            found = self._after(quote.close, after_end, ends_clause=after_end == e)
            if found is not None:
                return found
        elif quote.ends_sentence and after_end == e and e < container[1]:
            # "…?" Trump asked. — the next sentence, if it is only the attribution
            _, e2 = self._sentence(e, container, siblings)
            after_end = min([e2, *later])
            if after_end == e2:
                found = self._after(e, after_end, ends_clause=True)
                if found is not None:
                    return found
        s, _ = self._sentence(quote.open, container, siblings)
        before_start = max([s, *earlier])
        return self._before(before_start, quote.open)

    def _after(self, a: int, b: int, *, ends_clause: bool) -> _Attribution:
        toks = self._tokens(a, b)
        i = 0
        while i < len(toks) and toks[i].text in ",;—–-)":
            i += 1
        if i == len(toks) or (toks[-1].text == ":" and not ends_clause):
            return None
        first = toks[i]
        if first.low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
            return self._phrase_name(toks, phrase_after(toks, i + 2))
        if first.low in SPEECH_VERBS:
            return self._phrase_name(toks, phrase_after(toks, i + 1))
        span = None if first.low in PRONOUNS else phrase_after(toks, i)
        if first.low in PRONOUNS or span is not None:
            for verb in range(i + 1, min(len(toks), i + 40)):
                t = toks[verb]
                if (t.text in ".:;!?\"“”‘’" and not abbreviation_dot(toks, verb)) or t.low == "that":
                    break
                if t.low not in SPEECH_VERBS or not t.text.islower() or _passive(toks, verb):
                    continue
                if span is not None and verb > span[1] + 1 and toks[span[1] + 1].text == ",":
                    named = name_of(toks, span)
                    if named.kind == "person":  # "Dylan Nelson, a postdoctoral fellow at …, said"
                        return named
                found = subject_before(toks, verb)
                if isinstance(found, str):
                    return _Pronoun(found, toks[verb - 1].start)
                if found is not None and found[0] >= i:
                    return self._phrase_name(toks, found)
                break
        for k in range(i, len(toks) - 1):
            if toks[k].low == "according" and toks[k + 1].low == "to":
                return self._phrase_name(toks, phrase_after(toks, k + 2))
        return None

    def _before(self, a: int, b: int) -> _Attribution:
        toks = self._tokens(a, b)
        for k in range(len(toks) - 1, -1, -1):
            low = toks[k].low
            if low == "according" and k + 1 < len(toks) and toks[k + 1].low == "to":
                found = self._phrase_name(toks, phrase_after(toks, k + 2))
                if found is not None:
                    return found
            if low in PARTICIPLES:
                found = self._sentence_subject(a, b, toks, described=True)
                if found is not None:
                    return found
            if low not in SPEECH_VERBS or not toks[k].text.islower() or _passive(toks, k):
                continue
            subject = subject_before(toks, k)
            if isinstance(subject, str):
                return _Pronoun(subject, toks[k].start)
            found = self._phrase_name(toks, subject)
            if found is not None:
                return found
        return None

    def _reported(self, s: int, e: int) -> _Attribution:
        """Reported speech in the sentence ``[s, e)``: "The ministry said that …", "…, officials said"."""
        if (s, e) not in self._reports:
            self._reports[(s, e)] = self._read_reported(s, e)
        return self._reports[(s, e)]

    def _read_reported(self, s: int, e: int) -> _Attribution:
        # Outside the sentence's quotations: "according to …" or "Trump said" inside quoted words is not who
        # speaks the sentence.
        quoted = [(q.open, q.close) for q in self.quotes[bisect.bisect_left(self._opens, s):
                                                         bisect.bisect_left(self._opens, e)]
                  if q.parent is None and q.closed]
        toks = [t for t in self._tokens(s, e) if not any(a <= t.start < b for a, b in quoted)]
        for k, t in enumerate(toks):
            if t.low == "according" and k + 1 < len(toks) and toks[k + 1].low == "to":
                found = self._phrase_name(toks, phrase_after(toks, k + 2))
                if found is not None:
                    return found
        for k, t in enumerate(toks):
            if t.low in SPEECH_VERBS and t.text.islower() and not _passive(toks, k):
                subject = subject_before(toks, k)
                if isinstance(subject, str):
                    return _Pronoun(subject, t.start)
                found = self._phrase_name(toks, subject)
                if found is not None:
                    return found
        for k in range(len(toks) - 1, 0, -1):
            if toks[k].text == "," and k + 1 < len(toks):
                # "…, said Agnès Callamard, the director of the programme."
                found = self._after(toks[k].start, e, ends_clause=True)
                if found is not None:
                    return found
        return None

    def _sentence_subject(self, s: int, e: int, toks: list[Token] | None = None, *,
                          described: bool = False) -> Name | None:
        """The person or organisation a sentence starts with, when a verb follows ("Donald Trump has …").

        A description ("The company") only if ``described``.
        """
        toks = self._tokens(s, e) if toks is None else toks
        span = phrase_after(toks, 0)
        if span is None or span[1] + 1 >= len(toks) or not toks[span[1] + 1].text.islower():
            return None
        name = name_of(toks, span)
        if name.kind == "title":
            return None
        if name.kind == "person" and not described:
            words = self.text[name.start:name.end]
            titled = name.start > toks[span[0]].start
            return name if titled or " " in words or name.surname in self.registry() else None
        return name if described or name.kind != "description" else None

    def _phrase_name(self, toks: list[Token], span: tuple[int, int] | None) -> Name | None:
        if span is None:
            return None
        name = name_of(toks, span)
        return None if name.kind == "title" else name

    # -- pronouns

    def _resolve(self, found: _Attribution, paragraph: int, parent: Quote | None) -> Name | None:
        if not isinstance(found, _Pronoun):
            return found
        if found.word in ("i", "we"):
            return None
        gender = PRONOUNS[found.word]
        if parent is not None:
            lo = parent.inner_start
        else:
            lo = self.paragraphs[paragraph][0]
        here = self._candidates(paragraph, lo, found.at, gender)
        if parent is None:
            here |= self._described(paragraph, found.at, gender)
        if len(here) == 1:
            return next(iter(here.values()))
        if here or paragraph == 0 or parent is not None:
            return None
        if self._candidates(paragraph, lo, found.at, None) or self._described(paragraph, found.at, None):
            return None  # the paragraph has its own people, none of them the pronoun's: not one before it
        self._warm(paragraph - 1)
        previous = self.paragraph_speaker(paragraph - 1)
        if previous is not None and previous.kind == "person" and self._fits(previous, gender):
            return previous
        a, b = self.paragraphs[paragraph - 1]
        there = self._candidates(paragraph - 1, a, b, gender)
        return next(iter(there.values())) if len(there) == 1 else None

    def _fits(self, name: Name, gender: str | None) -> bool:
        own = name.gender or self._genders.get(name.surname, "")
        return not own or gender is None or own == gender

    def _described(self, paragraph: int, at: int, gender: str | None) -> dict[str, Name]:
        """The people a pronoun at ``at`` could mean, described: "The minister said …" before it."""
        found: dict[str, Name] = {}
        for s, said, words, own in self._descriptions(paragraph):
            if s >= at:
                break
            if said.end <= at and (not own or gender is None or own == gender):
                found[words] = said
        return found

    def _descriptions(self, paragraph: int) -> list[tuple[int, Name, str, str]]:
        """Each sentence of the paragraph that reports a person described ("The minister said …"): where the
        sentence starts, the description, its words (lower case) and the role's gender; read once a paragraph
        (every pronoun asks: reading them per pronoun grew with the cube of a long paragraph)."""
        found = self._paragraph_descriptions.get(paragraph)
        if found is None:
            a, b = self.paragraphs[paragraph]
            top = self._siblings(None, paragraph)
            found = []
            s = a
            while s < b:
                _, e = self._sentence(s, (a, b), top)
                said = self._reported(s, e)
                if isinstance(said, Name) and said.kind == "description":
                    words = self.text[said.start:said.end]
                    own = PERSON_ROLES.get(words.rsplit(None, 1)[-1].lower())
                    if own is not None:
                        found.append((s, said, words.lower(), own))
                s = e if e > s else b
            self._paragraph_descriptions[paragraph] = found
        return found

    def _candidates(self, paragraph: int, a: int, b: int, gender: str | None) -> dict[str, Name]:
        """The people a pronoun at ``b`` could mean (any gender if None): named before it, unquoted."""
        registry = self.registry()
        found: dict[str, Name] = {}
        for name, titled, possessive in self._persons_of(paragraph):
            if name.end > b or name.start < a or possessive:
                continue
            if not (titled or " " in self.text[name.start:name.end] or name.surname in registry):
                continue
            if self._fits(name, gender):
                found[name.surname] = name
        return found

    def _persons_of(self, paragraph: int) -> list[tuple[Name, bool, bool]]:
        if paragraph not in self._persons:
            a, b = self.paragraphs[paragraph]
            found = []
            pos = a
            for q in self._paragraph_quotes(paragraph):
                if q.parent is None:
                    found += person_names(self._tokens(pos, q.open))
                    pos = max(pos, q.close)
            found += person_names(self._tokens(pos, b))
            self._persons[paragraph] = found
        return self._persons[paragraph]

    def _warm(self, paragraph: int) -> None:
        """Find the speakers of the paragraphs before ``paragraph`` first, in order.

        A pronoun may lead back to the paragraph before, and that one's to the one before
        it: in order, each step finds the one before already known, so no chain of "he
        said" paragraphs recurses deeply, and a paragraph's speaker does not depend on
        which passage was asked for first.
        """
        while self._warmed < paragraph:
            self._warmed += 1
            self.paragraph_speaker(self._warmed - 1)

    def paragraph_speaker(self, paragraph: int) -> Name | None:
        """Who speaks last in a paragraph: its last attributed quotation, else its reported speech."""
        if paragraph in self._paragraph_speakers:
            return self._paragraph_speakers[paragraph]
        self._paragraph_speakers[paragraph] = None
        result = None
        top = [q for q in self._paragraph_quotes(paragraph) if q.parent is None]
        for q in reversed(top):
            result = self.speaker(q)
            if result is not None:
                break
        if result is None:
            a, b = self.paragraphs[paragraph]
            s = a
            while s < b and result is None:
                _, e = self._sentence(s, (a, b), top)
                result = self._resolve(self._reported(s, e), paragraph, None)
                s = e if e > s else b
        self._paragraph_speakers[paragraph] = result
        return result


def _passive(toks: list[Token], k: int) -> bool:
    """Whether the speech verb ``toks[k]`` is passive or denied ("was asked", "had not confirmed")."""
    j = k - 1
    while j >= 0 and toks[j].low.endswith("ly") and toks[j].text.islower():
        j -= 1
    return j >= 0 and toks[j].low in ("was", "were", "is", "are", "been", "being", "be", "not", "never")
