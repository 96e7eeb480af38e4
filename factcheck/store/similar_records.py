"""Was this claim checked before? "Already checked" over a library, on both engines: :meth:`SimilarRecords.similar`.

A part of each engine's store, beside the library search it builds on (see
:mod:`factcheck.store.search_records`, whose index this reads). Nothing is built for it:
the full-text index is the schema's, kept in step by every write's own transaction, so the
first answer after opening a library costs what every other does.

How a text is looked up (issue 13: ≤ 50 ms median over 100,000 claims and 10,375 published
checks; ``bench/checked_before.py``), in one read transaction:

1. its words (:func:`~factcheck.core.matching_text.lookup_words`: a post's packaging
   cleaned, stop words out) and how many claims and published checks hold each, counted in
   the index (a server estimates a common word of a big table from its statistics);
2. the candidates: the claims whose quote, and the published checks whose claim or title,
   hold the most of the rarer words, weighed by rarity (a sum of integer weights, the same
   on both engines), the best :data:`CANDIDATES`; a word in more than a quarter of the
   library only counts in step 3, and of many words only the rarest, up to
   :data:`ROW_BUDGET` rows in all (half on a server), choose candidates;
3. the candidates ranked as the claim matcher ranks (:func:`factcheck.core.matching.rank`:
   BM25 over Snowball stems of the claim and its title, with the counts of step 1; then the
   best 20 again by the fused score of :mod:`factcheck.core.matching_closeness`).

A claim this reviewer owes a blind opinion on (:meth:`blind_claims`) is never offered: its
verdict is not theirs to see yet.

Each engine says how its index is asked (:class:`SQLiteSimilar`, :class:`PostgresSimilar`);
the words are always parameters, never SQL.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded at the first look-up, never at the window's start
    from collections.abc import Callable

    from factcheck.core.checked_before import SimilarHit

CANDIDATES = 200
"""Candidates ranked in full per look-up: the claim-retrieval data's MAP@5 is the same with more."""
ROW_BUDGET = 30_000
"""Index entries read to choose candidates, at most (the rarest words first; two words at least)."""
COMMON_FRACTION = 0.25
"""A word in more than this fraction of the library only counts when the candidates are ranked."""
ESTIMATED_FROM = 10_000
"""On a server, a table of at least this many rows has its size from the planner's statistics, and
a word that it estimates at :data:`WORD_ESTIMATED_FROM` rows or more its count (:class:`PostgresSimilar`)."""
WORD_ESTIMATED_FROM = 1000
MAX_WORDS = 30
"""Distinct words of a text looked up: a claim has ten, a post thirty; of a pasted page, its first."""

_CLAIM, _PUBLISHED = 0, 1


class SimilarRecords:
    """What both engines share; an engine's subclass says how its index is asked."""

    def similar(self, text: str, *, limit: int = 10, exclude_claim_id: int | None = None,
                ranker: Callable | None = None) -> list[SimilarHit]:
        """The library's claims and published fact-checks most like ``text``, best first, at most ``limit``.

        ``exclude_claim_id`` leaves that claim out (the claim looked up for). A text with no
        words to look up (empty, punctuation, only stop words) finds nothing. ``ranker`` ranks
        the candidates read (:func:`factcheck.core.matching.rank`, which it defaults to, takes
        and gives the same): the window's ranks them in its scoring process, as it is most of
        a look-up's computation (:mod:`factcheck.ui.scoring_process`).
        """
        from factcheck.core.matching import Collection, rank
        from factcheck.core.matching_text import lookup_words

        if limit <= 0:
            return []
        words = dict(list(lookup_words(text or "").items())[:MAX_WORDS])
        if not words:
            return []
        with self._atomic():  # one snapshot: the counts, the candidates and what is shown of them agree
            self._prepare_reading()
            counts = self._word_counts(list(words))
            held = {word: count for word, count in counts.items() if count}
            if not held:
                return []
            documents = self._document_count()
            weights = {word: _weight(documents, held[word]) for word in _choose(list(words), held, documents,
                                                                                 self._ROW_BUDGET)}
            hidden = self._hidden(exclude_claim_id)
            found = self._candidates(weights, CANDIDATES + len(hidden))
            found = [key for key in found if not (key[0] == _CLAIM and key[1] in hidden)][:CANDIDATES]
            if not found:
                return []
            frequencies: dict[str, int] = {}
            for word, stem in words.items():
                frequencies[stem] = max(frequencies.get(stem, 0), counts.get(word, 0))
            ranked = (ranker or rank)(text, self._candidate_texts(found), Collection(documents, frequencies), limit)
            return self._hits(ranked)

    # ------------------------------------------------------------------ the parts

    _ROW_BUDGET = ROW_BUDGET

    def _prepare_reading(self) -> None:
        """At the start of a look-up's transaction: what the engine needs set for it."""

    def _hidden(self, exclude_claim_id: int | None) -> set[int]:
        hidden = self.blind_claims()
        if exclude_claim_id is not None:
            hidden.add(exclude_claim_id)
        return hidden

    def _word_counts(self, words: list[str]) -> dict[str, int]:
        """How many claims (by their quote) and published checks (by claim or title) hold each word."""
        counts = dict.fromkeys(words, 0)
        asked = [(kind, word, None) for word in words for kind in (_CLAIM, _PUBLISHED)]
        for (_, word, _), n in zip(asked, self._counted(asked)):
            counts[word] += n
        return counts

    def _counted(self, asked: list[tuple[int, str, int | None]]) -> list[int]:
        """For each (kind, word, cap): the rows of that table holding the word, counted up to ``cap`` (None: all)."""
        parts, params = [], []
        for i, (kind, word, cap) in enumerate(asked):
            sql, word_params = self._holding(kind, word)
            rows = f"(SELECT 1 FROM {sql} LIMIT {int(cap)}) capped" if cap is not None else sql
            parts.append(f"SELECT {i} AS asked, count(*) AS n FROM {rows}")
            params += word_params
        found = [0] * len(asked)
        for i, n in self.conn.execute(" UNION ALL ".join(parts), params) if parts else ():
            found[i] = n
        return found

    def _document_count(self) -> int:
        row = self.conn.execute("SELECT (SELECT count(*) FROM claims) + (SELECT count(*) FROM published_checks)"
                                ).fetchone()
        return int(row[0])

    def _candidates(self, weights: dict[str, int], limit: int) -> list[tuple[int, int]]:
        """(kind, id) of the documents holding the most weight of ``weights``' words, the heaviest first."""
        parts, params = [], []
        for word, weight in weights.items():
            for kind in (_CLAIM, _PUBLISHED):
                sql, word_params = self._holding(kind, word)
                parts.append(f"SELECT {kind} AS kind, {self._ROW_ID[kind]} AS id, {int(weight)} AS w FROM {sql}")
                params += word_params
        rows = self.conn.execute(
            f"SELECT kind, id FROM ({' UNION ALL '.join(parts)}) found GROUP BY kind, id"
            " ORDER BY sum(w) DESC, kind, id LIMIT ?", [*params, int(limit)])
        return [(kind, row_id) for kind, row_id in rows]

    def _candidate_texts(self, found: list[tuple[int, int]]) -> list[tuple[tuple[int, int], str, str]]:
        """(key, claim, title) of each candidate, in ``found``'s order."""
        texts: dict[tuple[int, int], tuple[str, str]] = {}
        claim_ids = [row_id for kind, row_id in found if kind == _CLAIM]
        if claim_ids:
            for claim_id, quote, title in self.conn.execute(
                    "SELECT c.id, c.quote, a.title FROM claims c JOIN articles a ON a.id = c.article_id"
                    f" WHERE c.id IN ({_marks(claim_ids)})", claim_ids):
                texts[(_CLAIM, claim_id)] = (quote, title)
        published_ids = [row_id for kind, row_id in found if kind == _PUBLISHED]
        if published_ids:
            for check_id, claim, title in self.conn.execute(
                    f"SELECT id, claim_reviewed, title FROM published_checks WHERE id IN ({_marks(published_ids)})",
                    published_ids):
                texts[(_PUBLISHED, check_id)] = (claim, title)
        return [(key, *texts[key]) for key in found if key in texts]

    def _hits(self, ranked: list[tuple[tuple[int, int], float]]) -> list[SimilarHit]:
        from factcheck.core.checked_before import LIBRARY, PUBLISHED, SimilarHit

        details: dict[tuple[int, int], SimilarHit] = {}
        claim_ids = [row_id for (kind, row_id), _ in ranked if kind == _CLAIM]
        if claim_ids:
            for (claim_id, article_id, quote, verdict, rationale, updated, title, url, outlet,
                 scale) in self.conn.execute(
                    "SELECT c.id, c.article_id, c.quote, c.verdict, c.rationale, c.updated_at, a.title, a.url,"
                    " a.outlet, a.rating_scale FROM claims c JOIN articles a ON a.id = c.article_id"
                    f" WHERE c.id IN ({_marks(claim_ids)})", claim_ids):
                details[(_CLAIM, claim_id)] = SimilarHit(
                    LIBRARY, quote, title, 0.0, verdict=verdict, url=url or None, article_id=article_id,
                    claim_id=claim_id, date=(updated or "")[:10] or None, rationale=rationale or "",
                    outlet=outlet or "", rating_scale=scale)
        published_ids = [row_id for (kind, row_id), _ in ranked if kind == _PUBLISHED]
        if published_ids:
            for check_id, claim, verdict, title, url, author, published in self.conn.execute(
                    "SELECT id, claim_reviewed, verdict, title, url, author, published FROM published_checks"
                    f" WHERE id IN ({_marks(published_ids)})", published_ids):
                details[(_PUBLISHED, check_id)] = SimilarHit(
                    PUBLISHED, claim, title, 0.0, verdict=verdict or None, url=url or None, published_id=check_id,
                    date=published or None, outlet=author or "")
        from dataclasses import replace

        return [replace(details[key], score=round(score, 4)) for key, score in ranked if key in details]


class SQLiteSimilar(SimilarRecords):
    """FTS5: a word as an FTS5 string (quoted: no operator can be typed in), in the columns that hold claims."""

    _ROW_ID = {_CLAIM: "rowid", _PUBLISHED: "rowid"}

    def _holding(self, kind: int, word: str) -> tuple[str, list]:
        index, columns = (("claims_search", "quote") if kind == _CLAIM
                          else ("published_search", "{claim_reviewed title}"))
        quoted = '"' + word.replace('"', '""') + '"'
        return f"{index} WHERE {index} MATCH ?", [f"{columns} : {quoted}"]


class PostgresSimilar(SimilarRecords):
    """Text search: a word as ``factcheck_query(?)`` against the expression each table's GIN index is on."""

    _ROW_ID = {_CLAIM: "c.id", _PUBLISHED: "p.id"}
    _ROW_BUDGET = ROW_BUDGET // 2
    """A server reads each row found from its table (SQLite's index holds what it needs): half as many."""

    _sizes: dict[int, int] = {}

    def _prepare_reading(self) -> None:
        # Each word's few thousand rows are read quicker by this connection alone than by parallel
        # workers it would first have to start (some 10-20 ms a statement); for this transaction only.
        self.conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        # The tables' sizes as the planner knows them (autovacuum's ANALYZE keeps them; -1: never analysed).
        sizes = dict(self.conn.execute(
            "SELECT CASE WHEN t.oid = 'claims'::regclass THEN 0 ELSE 1 END, t.reltuples::bigint"
            " FROM pg_catalog.pg_class t WHERE t.oid IN ('claims'::regclass, 'published_checks'::regclass)"))
        self._sizes = {kind: int(sizes.get(kind, -1)) for kind in (_CLAIM, _PUBLISHED)}

    def _word_counts(self, words: list[str]) -> dict[str, int]:
        """As every engine counts, but a common word of a big table is counted by the planner's statistics.

        Counting a word of 100,000 claims reads each of its rows (some 15 ms for 7,500). Here a
        big table's rows are counted only up to :data:`WORD_ESTIMATED_FROM`; a word that
        reaches it takes the planner's estimate (from the statistics ANALYZE keeps of the
        index's words: within a few per cent, in under a millisecond), and a rarity needs no more.
        """
        asked = [(kind, word, WORD_ESTIMATED_FROM if self._sizes.get(kind, -1) >= ESTIMATED_FROM else None)
                 for word in words for kind in (_CLAIM, _PUBLISHED)]
        counts = dict.fromkeys(words, 0)
        for (kind, word, cap), n in zip(asked, self._counted(asked)):
            if cap is not None and n >= cap:
                sql, params = self._holding(kind, word)
                plan = self.conn.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {sql}", params).fetchone()[0]
                n = max(n, int(plan[0]["Plan"]["Plan Rows"]))
            counts[word] += n
        return counts

    def _document_count(self) -> int:
        # A big table's count is the planner's too: counting 100,000 claims takes longer than the rest.
        parts = [f"SELECT {size}" if size >= ESTIMATED_FROM else f"SELECT count(*) FROM {table}"
                 for size, table in ((self._sizes.get(_CLAIM, -1), "claims"),
                                     (self._sizes.get(_PUBLISHED, -1), "published_checks"))]
        return sum(int(row[0]) for row in self.conn.execute(" UNION ALL ".join(parts)))

    def _holding(self, kind: int, word: str) -> tuple[str, list]:
        # The GIN index finds the rows (its expression joins more fields); the second test keeps the fields
        # SQLite's index is asked for (a claim's quote; a check's claim and title), so both engines count alike.
        if kind == _CLAIM:
            return (f"claims c WHERE {self._INDEXED['claim']} @@ factcheck_query(?)"
                    " AND factcheck_words(c.quote) @@ factcheck_query(?)", [word, word])
        return (f"published_checks p WHERE {self._INDEXED['published']} @@ factcheck_query(?)"
                " AND factcheck_words(p.claim_reviewed || ' ' || p.title) @@ factcheck_query(?)", [word, word])


def _choose(words: list[str], held: dict[str, int], documents: int, budget: int) -> list[str]:
    """The words that choose candidates: the rarest (ties: the first in the text) up to ``budget`` rows, two at
    least; a word in more than :data:`COMMON_FRACTION` of the library only if it is the rarest."""
    rarest = sorted(held, key=lambda word: (held[word], words.index(word)))
    common = max(1000, int(documents * COMMON_FRACTION))
    chosen, rows = [], 0
    for word in rarest:
        if held[word] > common and chosen:
            break
        if rows + held[word] > budget and len(chosen) >= 2:
            break
        chosen.append(word)
        rows += held[word]
    return chosen


def _weight(documents: int, count: int) -> int:
    """A word's weight in choosing candidates: its rarity (BM25's idf) in thousandths, a whole number on every engine."""
    return max(1, math.floor(1000 * math.log(1.0 + (documents - count + 0.5) / (count + 0.5)) + 0.5))


def _marks(values) -> str:
    return ", ".join("?" * len(values))
