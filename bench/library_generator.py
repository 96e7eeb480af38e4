"""A generated library for benchmarks: N articles of newsy text, M claims with sources and comments, P published
fact-checks, on either engine.

Reusable (``from library_generator import generate``, run from bench/)::

    store = open_store(path_or_url, user="bench")
    generate(store, articles=10_000, claims=100_000, published=10_000, seed=13)

The rows go in through SQL in large transactions (1,000 articles each in a library file, with
``executemany``; 100 in a shared library, with ``COPY``); the schema's triggers keep the search index (and,
on PostgreSQL, the history) as any write does: nothing is skipped. Texts are drawn from a fixed
vocabulary (a third topic words, the rest common ones), names and outlets from small lists, so
that queries hit some articles, not all. Up to 100 claims an article.
"""

from __future__ import annotations

import hashlib
import random

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
REVIEWERS = ["alice", "bob", "carol", "rita"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(TOPICS) if rng.random() < 0.35 else rng.choice(COMMON) for _ in range(n)]
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99)}%")
    return " ".join(words).capitalize() + "."


def article_text(rng: random.Random, sentences: int = 20) -> list[str]:
    return [_sentence(rng, rng.randint(8, 20)) for _ in range(sentences)]


def generate(store, *, articles: int = 10_000, claims: int = 100_000, published: int = 10_000, seed: int = 13,
             progress=None) -> None:
    """Fill ``store`` (an empty library, either engine) with generated articles, claims, sources, comments and
    published fact-checks.

    Every other claim has a source (title, excerpt, address), every fourth a comment: the search
    looks in those too.
    """
    rng = random.Random(seed)
    per_article = min(100, max(1, claims // max(1, articles)))
    write = _write_postgres if hasattr(store.conn, "raw") else _write_sqlite
    batch = 100 if hasattr(store.conn, "raw") else 1000  # a COPY that long would outlast the TCP timeout
    for first in range(0, articles, batch):
        write(store, _rows(rng, first, min(articles, first + batch), per_article))
        if progress:
            progress(min(articles, first + batch))
    if hasattr(store.conn, "raw"):
        _set_sequences(store.conn.raw)
    if published:
        store.add_published_checks(_published(rng, published))


def _day(rng: random.Random) -> str:
    return f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"


def _published(rng: random.Random, n: int) -> list[PublishedCheck]:
    return [PublishedCheck(url=f"https://factchecks.example/{i}", claim_reviewed=_sentence(rng, 12),
                           verdict=rng.choice(VERDICTS) or "Unproven", title=_sentence(rng, 8),
                           author=rng.choice(OUTLETS), published=_day(rng), claimant=rng.choice(NAMES))
            for i in range(n)]


_STAMP = "2025-01-01T00:00:00+00:00"
_TABLES = {  # table: the columns a generated row fills, in order
    "articles": ("id", "title", "outlet", "published", "imported_at", "text", "text_sha256", "claims_numbered"),
    "claims": ("id", "article_id", "start", "end", "quote", "claimant", "verdict", "status", "reviewer",
               "created_at", "updated_at", "number"),
    "sources": ("id", "claim_id", "position", "url", "title", "excerpt", "created_at", "updated_at"),
    "comments": ("id", "claim_id", "author", "written_at", "text"),
}


def _rows(rng: random.Random, first: int, last: int, per_article: int) -> dict[str, list[tuple]]:
    """The rows of articles ``first + 1`` … ``last``: claim k of article i has id 100 i + k (sources, comments too)."""
    rows: dict[str, list[tuple]] = {table: [] for table in _TABLES}
    for i in range(first, last):
        article_id = i + 1
        sentences = article_text(rng)
        text = " ".join(sentences)
        rows["articles"].append((article_id, _sentence(rng, 7)[:-1], rng.choice(OUTLETS), _day(rng), _STAMP, text,
                                 hashlib.sha256(text.encode()).hexdigest(), per_article))
        offset = 0
        for k, s in enumerate(sentences[:per_article]):
            claim_id = article_id * 100 + k
            status = rng.choice(STATUSES)
            reviewer = rng.choice(REVIEWERS) if status != "draft" else ""
            rows["claims"].append((claim_id, article_id, offset, offset + len(s), s, rng.choice(NAMES),
                                   rng.choice(VERDICTS), status, reviewer, _STAMP, _STAMP, k + 1))
            offset += len(s) + 1
            if k % 2 == 0:
                topic = rng.choice(TOPICS).lower()
                rows["sources"].append((claim_id, claim_id, 0, f"https://stats.example.org/{topic}/{claim_id}",
                                        _sentence(rng, 6)[:-1], _sentence(rng, 15), _STAMP, _STAMP))
            if k % 4 == 1:
                rows["comments"].append((claim_id, claim_id, "bench", _STAMP, _sentence(rng, 10)))
    return rows


def _write_sqlite(store, rows: dict[str, list[tuple]]) -> None:
    conn = store.conn
    conn.execute("BEGIN")
    for table, columns in _TABLES.items():
        names = ", ".join(f'"{c}"' for c in columns)
        conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows[table])
    conn.execute("COMMIT")


def _write_postgres(store, rows: dict[str, list[tuple]]) -> None:
    """COPY, in one transaction (the server's triggers run for each row: history, the articles' words)."""
    raw = store.conn.raw
    with raw.transaction(), raw.cursor() as cursor:
        for table, columns in _TABLES.items():
            names = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows[table]:
                    copy.write_row(row)


def _set_sequences(raw) -> None:
    """The tables' id sequences past the ids given here, so the library's own inserts follow them."""
    with raw.transaction():
        for table in _TABLES:
            raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
