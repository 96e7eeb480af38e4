"""Which earlier claims say the same thing as this one: the index behind "Already checked".

An in-memory index over short texts: the library's claims (with their article's title) and
published fact-checks (the claim reviewed and the fact-check's title). The library changes
one claim at a time, and so does the index (:meth:`ClaimMatcher.add`, ``remove``,
``update``: tens of microseconds each). :meth:`ClaimMatcher.similar` ranks the documents
most like a text, each with a score from 0 to 1 that a reviewer reads as "how close".

How it ranks: BM25 (k1 1.2, b 0.6) over Snowball stems of the claim and its title, after
the text looked up is cleaned of a post's packaging (addresses, "RT"; hashtags and
mentions split into words; a signature's words count 0.6: see
:mod:`factcheck.core.matching_text`); then the best 20 by BM25 are ranked again by a
fused score, a weighted mean of BM25's closeness, the cosine of character 4-grams and
whether the text's rarest word is held (:mod:`factcheck.core.matching_closeness`). On the
claim-retrieval data (tweets against 10,375 fact-checked claims; ``bench/claim_retrieval.py``)
the cleaning and stemming beat plain BM25 by 0.07 MAP@5 on dev and 0.05 on train; the fused
score adds 0.007 on dev and 0.011 on train (0.8335 -> 0.8402 and 0.8776 -> 0.8883 as
shipped). Tried there and left out: field weights (the claim counting more than its title),
query expansion by WordNet's synonyms (+0.010 dev, +0.001 train, for a word list to ship and
a count per added word), number and name agreement, stem overlap in both directions,
expanding misspelt words to their nearest known ones, and a ranking model learnt over 26
such features (+0.010 dev, +0.013 train cross-validated: no better than three weights, and
a model learnt from that data may not ship).

The score, from 0 to 1: 1 for the same words, about 0.5 to 0.8 for the same claim
reworded, lower for the same topic; a long text (a whole post) scores lower against a short
claim it contains, because it says more.

Terms are read rarest first; a term in more than 5% of the documents, or any term once
many documents are found, only adds to documents already found, so a query costs little
even when a word is in half the library or the text is a whole page.

The same ranking also works without an index of its own (:func:`rank`): a library's store
finds the candidates in its full-text index, says how many documents hold each word, and
:func:`rank` scores the candidates as the matcher would have (see
:mod:`factcheck.store.similar_records`).

Pure Python and Qt-free; imported only when a matcher is first wanted (not at start-up).
Not thread-safe: one thread owns a matcher at a time (a worker builds it, then hands it over).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from factcheck.core.match_settings import MatchSettings
from factcheck.core.matching_closeness import closenesses, fuse
from factcheck.core.matching_text import clean, query_terms, stems, terms, words

__all__ = ["ClaimMatcher", "Collection", "MatchSettings", "rank"]

MAX_QUERY_TERMS = 100
"""Distinct terms of a text looked up, the rarest: a claim has ten, a post thirty."""


class _Doc:
    __slots__ = ("claim", "key", "length", "terms", "title")

    def __init__(self, key: Hashable, tf: dict[str, int], claim: str, title: str):
        self.key = key
        self.terms = tuple(tf)  # Its counts are in the postings: a tuple takes a fifth of a dict.
        self.length = sum(tf.values())
        self.claim, self.title = claim, title  # the caller's strings: the candidates' closeness reads them


class ClaimMatcher:
    """An index of short texts, each under a key of the caller's (e.g. ``("library", claim_id)``)."""

    def __init__(self, docs: Iterable[tuple[Hashable, str, str]] = (), settings: MatchSettings | None = None):
        """Index ``docs``: (key, claim, title) each; the title may be empty."""
        self.settings = settings or MatchSettings()
        self._docs: dict[int, _Doc] = {}
        self._slots: dict[Hashable, int] = {}
        self._postings: dict[str, dict[int, int]] = {}
        self._next_slot = 0
        self._total_length = 0
        for key, claim, title in docs:
            self.add(key, claim, title)

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._slots

    # --- changes, one document at a time ---

    def add(self, key: Hashable, claim: str, title: str = "") -> None:
        """Index one document; a key already there is replaced (as :meth:`update`)."""
        if key in self._slots:
            self.remove(key)
        s = self.settings
        tf: Counter[str] = Counter()
        for term in terms(claim or ""):
            tf[term] += s.claim_weight
        for term in terms(title or ""):
            tf[term] += s.title_weight
        slot = self._next_slot
        self._next_slot += 1
        doc = _Doc(key, tf, claim or "", title or "")
        self._docs[slot] = doc
        self._slots[key] = slot
        self._total_length += doc.length
        postings = self._postings
        for term, count in tf.items():
            posting = postings.get(term)
            if posting is None:
                postings[term] = {slot: count}
            else:
                posting[slot] = count

    def remove(self, key: Hashable) -> None:
        """Forget one document; a key not there is ignored (removing twice is harmless)."""
        slot = self._slots.pop(key, None)
        if slot is None:
            return
        doc = self._docs.pop(slot)
        self._total_length -= doc.length
        for term in doc.terms:
            posting = self._postings[term]
            del posting[slot]
            if not posting:
                del self._postings[term]

    def update(self, key: Hashable, claim: str, title: str = "") -> None:
        """The document under ``key`` now says ``claim`` (under ``title``); added if not there."""
        self.add(key, claim, title)

    # --- questions ---

    def similar(self, text: str, limit: int = 10) -> list[tuple[Hashable, float]]:
        """The documents most like ``text``, best first: (key, score from 0 to 1), at most ``limit``.

        Only documents sharing at least one word (stem) with ``text`` are returned; a text
        with no words (empty, punctuation, emoji) finds nothing. Ties keep the order in
        which the documents were added.
        """
        if limit <= 0:
            return []
        found = self._candidates(text, max(limit, self.settings.depth))
        return fuse(text, *found, limit, self.settings) if found else []

    def closenesses(self, text: str, depth: int | None = None) -> list[tuple[Hashable, tuple[float, float, float]]]:
        """The best ``depth`` by BM25 (the settings' by default), each with the closenesses the score weighs.

        (key, (words, characters, rarest word)) in BM25's order, as
        :func:`~factcheck.core.matching_closeness.closenesses` gives them: what
        ``tools/fit_match_weights.py`` weighs to choose the settings' weights.
        """
        found = self._candidates(text, self.settings.depth if depth is None else depth)
        return list(closenesses(text, *found)) if found else []

    def _candidates(self, text: str, depth: int):
        """What the closenesses of ``text`` are computed from: (query, idf, held, ranked, ceiling), or None."""
        query = query_terms(text or "")
        if not query or not self._docs or depth <= 0:
            return None
        best = self._bm25(query, depth)
        if not best:
            return None
        avgdl = self._total_length / len(self._docs) if self._total_length else 1.0
        # A word no document has counts as the rarest.
        idf = {term: self._idf(len(self._postings.get(term, ()))) for term in query}
        ceiling = _self_score(query, idf, avgdl, self.settings)
        docs = self._docs
        ranked = [(docs[slot].key, words(clean(docs[slot].claim)) + words(clean(docs[slot].title)),
                   set(docs[slot].terms), score) for slot, score in best]
        return query, idf, self._postings, ranked, ceiling

    def _idf(self, df: int) -> float:
        return _idf(len(self._docs), df)

    def _bm25(self, query: dict[str, float], limit: int) -> list[tuple[int, float]]:
        """The ``limit`` best (slot, BM25 score) of the documents sharing a term with ``query``."""
        s = self.settings
        docs = self._docs
        n = len(docs)
        avgdl = self._total_length / n if self._total_length else 1.0
        k1 = s.k1
        base = k1 * (1.0 - s.b)
        per_length = k1 * s.b / avgdl
        postings = self._postings
        # Rarest first; of a long text (a pasted page) only its rarest terms: they are what it is about.
        present = sorted((len(postings[t]), t) for t in query if t in postings)[:MAX_QUERY_TERMS]
        common = max(50, int(n * s.common_fraction))
        most = max(1000, 2 * common)
        acc: dict[int, float] = {}
        for df, term in present:
            weight = self._idf(df) * (k1 + 1.0) * query[term]
            posting = postings[term]
            if acc and (df > common or len(acc) > most):
                # A common term, or enough documents found: only documents already found gain.
                pairs = ((slot, posting.get(slot)) for slot in acc) if len(acc) < df else posting.items()
                for slot, tf in pairs:
                    if tf is not None and slot in acc:
                        acc[slot] += weight * tf / (tf + base + per_length * docs[slot].length)
            else:
                get = acc.get
                for slot, tf in posting.items():
                    acc[slot] = get(slot, 0.0) + weight * tf / (tf + base + per_length * docs[slot].length)
        # Slots grow with each add: among equal scores, the document added first comes first.
        return heapq.nlargest(limit, acc.items(), key=lambda item: (item[1], -item[0]))


# --------------------------------------------------------------- without an index


@dataclass(frozen=True)
class Collection:
    """What BM25 knows of the whole collection when only some documents (the candidates) are at hand."""

    documents: int
    """How many documents the collection holds."""
    frequencies: Mapping[str, int] = field(default_factory=dict)
    """How many documents hold each stem of the text looked up (a stem not here: none)."""
    average_length: float | None = None
    """The documents' average length in terms; None: the candidates' average."""


def rank(text: str, candidates: Iterable[tuple[Hashable, str, str]], collection: Collection, limit: int = 10,
         settings: MatchSettings | None = None) -> list[tuple[Hashable, float]]:
    """The ``limit`` candidates most like ``text``, best first: (key, score from 0 to 1).

    ``candidates`` are (key, claim, title), as :class:`ClaimMatcher` indexes them; the score is
    the one :meth:`ClaimMatcher.similar` gives a document of a collection with these
    statistics. A candidate sharing no stem with ``text`` is left out. Ties keep the
    candidates' order.
    """
    s = settings or MatchSettings()
    query = query_terms(text or "")
    if limit <= 0 or not query:
        return []
    docs = []
    claim_weight, title_weight = s.claim_weight, s.title_weight
    for key, claim, title in candidates:
        claim_words, title_words = words(clean(claim or "")), words(clean(title or ""))
        tf: dict[str, int] = {}
        for term in stems(claim_words):
            tf[term] = tf.get(term, 0) + claim_weight
        for term in stems(title_words):
            tf[term] = tf.get(term, 0) + title_weight
        docs.append((key, claim_words + title_words, tf, sum(tf.values())))
    if not docs:
        return []
    n = max(collection.documents, len(docs), 1)
    avgdl = collection.average_length or sum(doc[-1] for doc in docs) / len(docs) or 1.0
    # A stem a candidate holds is held by one document at least, whatever the count says.
    held: Counter[str] = Counter(term for _, _, tf, _ in docs for term in tf if term in query)
    for term, count in collection.frequencies.items():
        if count > 0 and term in query:
            held[term] = max(held[term], count)
    idf = {term: _idf(n, held[term]) for term in query}
    k1 = s.k1
    base = k1 * (1.0 - s.b)
    per_length = k1 * s.b / avgdl
    weights = {term: idf[term] * (k1 + 1.0) * weight for term, weight in query.items()}
    scored = []
    for order, (key, doc_words, tf, length) in enumerate(docs):
        norm = base + per_length * length
        score = 0.0
        for term, count in tf.items():  # a candidate's ten stems rather than a post's thirty
            weight = weights.get(term)
            if weight:
                score += weight * count / (count + norm)
        if score > 0.0:
            scored.append((score, -order, doc_words, tf, key))
    best = heapq.nlargest(max(limit, s.depth), scored, key=lambda item: item[:2])
    ceiling = _self_score(query, idf, avgdl, s)
    ranked = ((key, doc_words, tf, score) for score, _, doc_words, tf, key in best)
    return fuse(text, query, idf, held, ranked, ceiling, limit, s)


def _idf(n: int, df: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def _self_score(query: dict[str, float], idf: Mapping[str, float], avgdl: float, s: MatchSettings) -> float:
    """The BM25 score of ``query`` against itself indexed as a claim: a score of 1."""
    length = s.claim_weight * len(query)
    norm = s.k1 * (1.0 - s.b + s.b * length / avgdl)
    tf = s.claim_weight
    total = sum(idf[term] * (s.k1 + 1.0) * weight * tf / (tf + norm) for term, weight in query.items())
    return total or 1.0
