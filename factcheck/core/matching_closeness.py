"""How close a candidate is to the text looked up: the fused score of "Already checked".

BM25 (:mod:`factcheck.core.matching`) finds and orders the candidates by the rarer stems they
share with the text. The best of them (:attr:`MatchSettings.depth`) are ranked again by a
weighted mean of three closenesses, each from 0 to 1, and each 1 for the same text:

* words: the BM25 score over the score of the text against itself (what ranked them);
* characters: the cosine of the character 4-grams of the two texts' words (cleaned and
  folded as the index reads them, stop words kept), which sees what stems miss: words run
  together or apart ("cornflakes", "Corn Flakes"; a lower-case hashtag), misspellings,
  names in other forms, and phrasing shared word for word;
* the rarest word: how rare the rarest word that the candidate shares with the text is, over
  the rarest word of the text that any document holds (1 when it holds that word).

So the fused score still reads as "how close": 1 for the same words, lower the more it
differs. The weights (:class:`~factcheck.core.match_settings.MatchSettings`) were fitted on the
claim-retrieval data's train split by ``tools/fit_match_weights.py`` (a grid over the
weights, the best MAP@5 on train as the library look-up ranks) and checked on dev: MAP@5
+0.011 train, +0.007 dev over BM25 alone (``bench/claim_retrieval.py`` prints each step).
Only these three numbers come from the data; nothing else is learnt or shipped.

Pure Python and Qt-free, like the rest of the matcher.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Collection as Container
from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from factcheck.core.matching_text import MAX_TEXT, clean, words

if TYPE_CHECKING:
    from factcheck.core.match_settings import MatchSettings

GRAM = 4
"""Characters in a gram: 4 and 5 did as well on train, 3 less; grams of stems, or without stop words, less too."""


def grams(text: str) -> Counter[str]:
    """The character 4-grams of ``text``'s words (cleaned, folded, stop words kept), a space around each word."""
    return grams_of(words(clean(text[:MAX_TEXT])))


def grams_of(folded_words: list[str]) -> Counter[str]:
    """The character 4-grams of :func:`~factcheck.core.matching_text.words`' words, a space around each."""
    joined = " " + " ".join(folded_words) + " "
    return Counter(joined[i:i + GRAM] for i in range(len(joined) - GRAM + 1))


def cosine(a: Mapping[str, int], b: Mapping[str, int]) -> float:
    """The cosine of two gram counts, from 0 (nothing shared) to 1 (the same counts)."""
    if len(a) > len(b):
        a, b = b, a
    shared = sum(n * b.get(gram, 0) for gram, n in a.items())
    if not shared:
        return 0.0
    return min(1.0, shared / math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values())))


def fuse(text: str, query: Mapping[str, float], idf: Mapping[str, float], held: Container[str],
         ranked: Iterable[tuple[Hashable, list[str], Container[str], float]], ceiling: float, limit: int,
         settings: MatchSettings) -> list[tuple[Hashable, float]]:
    """The ``limit`` best of ``ranked`` by the fused score, best first: (key, score from 0 to 1).

    The arguments are :func:`closenesses`'; ties keep ``ranked``'s order (BM25's).
    """
    s = settings
    weights = (s.words_weight, s.grams_weight, s.rarest_weight)
    total = sum(weights)
    if total <= 0 or min(weights) < 0:
        raise ValueError(f"the closeness weights must be positive or 0, not all 0: {weights}")
    parts = closenesses(text, query, idf, held, ranked, ceiling, characters=s.grams_weight > 0)
    scored = [(sum(w * p for w, p in zip(weights, part)) / total, -order, key)
              for order, (key, part) in enumerate(parts)]
    return [(key, min(1.0, fused)) for fused, _, key in heapq.nlargest(limit, scored)]


def closenesses(text: str, query: Mapping[str, float], idf: Mapping[str, float], held: Container[str],
                ranked: Iterable[tuple[Hashable, list[str], Container[str], float]], ceiling: float, *,
                characters: bool = True) -> Iterator[tuple[Hashable, tuple[float, float, float]]]:
    """For each of ``ranked``, in its order: (key, (words, characters, rarest word)), each from 0 to 1.

    ``ranked``: (key, the words of its claim and title as :func:`~factcheck.core.matching_text.words`
    reads them, its stems, its BM25 score), best first; ``query``: the text's stems and their
    weights; ``idf``: each one's rarity; ``held``: the stems some document holds; ``ceiling``:
    the text's BM25 score against itself. ``characters`` False: that closeness is not computed (0).
    """
    query_grams = grams(text) if characters and text else None
    rarest = max((idf[term] for term in query if term in held), default=0.0)
    for key, doc_words, stems, score in ranked:
        chars = cosine(query_grams, grams_of(doc_words)) if query_grams else 0.0
        shared = max((idf[term] for term in query if term in stems), default=0.0) if rarest else 0.0
        yield key, (min(1.0, score / ceiling), chars, min(1.0, shared / rarest) if rarest else 0.0)
