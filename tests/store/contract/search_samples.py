"""A small corpus for the search's property tests, and a plain reading of what a query should find in it."""

from __future__ import annotations

import random

from factcheck.core.search_query import SearchQuery, Term, stem, words

from contract_samples import add_article, mark

WORDS = ["tax", "taxes", "taxed", "Café", "cafe", "naïve", "naive", "running", "runs", "police", "figures",
         "figure", "budget", "council", "Zürich", "mayor", "crime", "fell", "rates", "rated", "health", "service"]
"""Words whose stems FTS5's porter and PostgreSQL's agree on, some of a family ("tax", "taxes", "taxed")."""


def _holds(text: str, term: Term) -> bool:
    stems = [stem(w) for w in words(text)]
    want = list(term.stems)
    return any(stems[i:i + len(want)] == want for i in range(len(stems) - len(want) + 1))


def _item_matches(fields: list[str], q: SearchQuery) -> bool:
    return (all(any(_holds(f, t) for f in fields) for t in q.terms)
            and not any(any(_holds(f, t) for f in fields) for t in q.excluded))


def build_corpus(store, articles: int = 12, seed: int = 13):
    """Articles of random words, each with a claim; returns ``expected(query) -> set of article ids``."""
    rng = random.Random(seed)
    items: list[tuple[int, list[str]]] = []
    for _ in range(articles):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))) + "."
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
        article = add_article(store, title, text)
        items.append((article.id, [title, text]))
        phrase = text.split(" ")[0]
        claimant = rng.choice(WORDS)
        rationale = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 4)))
        mark(store, article, phrase, claimant=claimant, rationale=rationale)
        items.append((article.id, [phrase, claimant, rationale]))

    def expected(q: SearchQuery) -> set[int]:
        if not q.terms:
            return set()
        return {article_id for article_id, fields in items if _item_matches(fields, q)}

    return expected
