"""A generated library for benchmarks: N articles of newsy text, M claims, P published fact-checks.

Reusable (``from library_generator import generate``, run from bench/)::

    store = open_store(path, user="bench")
    generate(store, articles=10_000, claims=100_000, published=10_000, seed=13)

On a library file the rows go in through SQL in a few large transactions (the schema's
triggers keep the search index as any write does: nothing is skipped); on another engine,
through the Store's methods. Texts are drawn from a fixed vocabulary with Zipf-like word
frequencies, names and outlets from small lists, so that queries hit some, not all.
"""

from __future__ import annotations

import hashlib
import random

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.core.published import PublishedCheck

COMMON = ("the a of to in and said that for on was is with by as at from it has have be are were".split())
TOPICS = ("tax taxes budget deficit crime police murder rate unemployment jobs wages inflation prices housing rent "
          "hospital health vaccine covid schools teachers climate emissions energy oil gas immigration border "
          "migrants election votes fraud poll minister president senator mayor council spending debt growth "
          "economy pension benefits welfare army defence trade tariffs farmers food water transport rail roads "
          "café naïve Zürich São Paulo Montréal").split()
NAMES = ["Lindsey Graham", "Joe Bloggs", "Ana Pérez", "Minister of Health", "Chief Constable", "Mayor Smith",
         "Senator Jones", "The Treasury", "Rishi Patel", "Marie Dubois"]
OUTLETS = ["The Times", "Daily Post", "Evening Star", "Le Monde", "El País", "Herald", "Courier", "Gazette"]
VERDICTS = ["True", "Mostly true", "Half true", "Mostly false", "False", "Pants on fire", None]
STATUSES = ["draft", "in_review", "approved"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(TOPICS) if rng.random() < 0.35 else rng.choice(COMMON) for _ in range(n)]
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99)}%")
    return " ".join(words).capitalize() + "."


def article_text(rng: random.Random, sentences: int = 20) -> list[str]:
    return [_sentence(rng, rng.randint(8, 20)) for _ in range(sentences)]


def generate(store, *, articles: int = 10_000, claims: int = 100_000, published: int = 10_000, seed: int = 13,
             progress=None) -> None:
    """Fill ``store`` (an empty library) with generated articles, claims and published fact-checks."""
    rng = random.Random(seed)
    per_article = max(1, claims // max(1, articles))
    if hasattr(store.conn, "executemany"):
        _generate_sqlite(store, rng, articles, per_article, published, progress)
        return
    for i in range(articles):
        with store.transaction():
            sentences = article_text(rng)
            article = store.add_article(Article(title=_sentence(rng, 7)[:-1], text=" ".join(sentences),
                                                outlet=rng.choice(OUTLETS), published=_day(rng)))
            offset = 0
            for k, s in enumerate(sentences):
                if k < per_article:
                    store.add_claim(Claim(anchor=make_anchor(article.text, offset, offset + len(s)),
                                          article_id=article.id, claimant=rng.choice(NAMES),
                                          verdict=rng.choice(VERDICTS)))
                offset += len(s) + 1
        if progress and i % 500 == 0:
            progress(i)
    store.add_published_checks(_published(rng, published))


def _day(rng: random.Random) -> str:
    return f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"


def _published(rng: random.Random, n: int) -> list[PublishedCheck]:
    return [PublishedCheck(url=f"https://factchecks.example/{i}", claim_reviewed=_sentence(rng, 12),
                           verdict=rng.choice(VERDICTS) or "Unproven", title=_sentence(rng, 8),
                           author=rng.choice(OUTLETS), published=_day(rng), claimant=rng.choice(NAMES))
            for i in range(n)]


def _generate_sqlite(store, rng, articles, per_article, published, progress) -> None:
    conn = store.conn
    stamp = "2025-01-01T00:00:00+00:00"
    batch = 1000
    for first in range(0, articles, batch):
        a_rows, c_rows = [], []
        for i in range(first, min(articles, first + batch)):
            article_id = i + 1
            sentences = article_text(rng)
            text = " ".join(sentences)
            a_rows.append((article_id, _sentence(rng, 7)[:-1], rng.choice(OUTLETS), _day(rng), stamp, text,
                           hashlib.sha256(text.encode()).hexdigest(), per_article))
            offset = 0
            for k, s in enumerate(sentences[:per_article]):
                c_rows.append((article_id * 100 + k, article_id, offset, offset + len(s), s,
                               rng.choice(NAMES), rng.choice(VERDICTS), rng.choice(STATUSES), stamp, stamp, k + 1))
                offset += len(s) + 1
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO articles (id, title, outlet, published, imported_at, text, text_sha256,"
                         " claims_numbered) VALUES (?,?,?,?,?,?,?,?)", a_rows)
        conn.executemany('INSERT INTO claims (id, article_id, start, "end", quote, claimant, verdict, status,'
                         " created_at, updated_at, number) VALUES (?,?,?,?,?,?,?,?,?,?,?)", c_rows)
        conn.execute("COMMIT")
        if progress:
            progress(first + batch)
    if published:
        store.add_published_checks(_published(rng, published))
