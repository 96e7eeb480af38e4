"""A library made before the search (m005, p005) is indexed whole when brought up to date; p006 keeps its words
(issue 13)."""

from __future__ import annotations

import sqlite3

from factcheck.store import open_store
from factcheck.store import migrations as schema

from contract_samples import add_article, mark


def test_an_older_library_file_gets_the_index_with_its_rows_in_it(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    schema.migrations.apply(conn, stop_before="m005_search")
    conn.execute("COMMIT")
    conn.execute("INSERT INTO articles (id, title, text, text_sha256, imported_at) VALUES "
                 "(1, 'Taxes rose', 'The mayor said taxes rose.', 'x', '2024-01-01T00:00:00+00:00')")
    conn.execute("INSERT INTO claims (id, article_id, start, \"end\", quote, claimant, created_at, updated_at, number)"
                 " VALUES (1, 1, 15, 25, 'taxes rose', 'Lindsey Graham', '2024', '2024', 1)")
    conn.close()
    store = open_store(path, user="alice")
    try:
        hits = store.search("tax").articles
        assert [(h.where, h.claim_id) for h in hits[0].hits] == [("headline", None), ("text", None), ("claim", 1)]
        assert [a.article_id for a in store.search("claimant:graham").articles] == [1]
        for index in ("articles_search", "claims_search", "comments_search", "sources_search", "published_search"):
            store.conn.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
    finally:
        store.close()


def test_a_shared_library_made_before_p005_is_indexed_by_the_upgrade(shared_desk, monkeypatch):
    from factcheck.store import postgres_schema
    from factcheck.store.postgres_admin import init_server, upgrade_server

    server = shared_desk.server
    server.admin("CREATE DATABASE before_p005")
    url = server.url(database="before_p005")
    monkeypatch.setattr(postgres_schema, "STEPS", postgres_schema.STEPS[:4])
    init_server(url)
    monkeypatch.undo()
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        old = conn.execute("INSERT INTO articles (title, text, text_sha256, imported_at) VALUES ('Taxes rose',"
                           " 'The mayor said taxes rose.', 'x', '2024-01-01T00:00:00+00:00') RETURNING id").fetchone()[0]
    assert upgrade_server(url).applied == ("p005_search", "p006_search_speed", "p007_revisions",
                                           "p008_suggestion_dismissals")
    store = open_store(url)
    try:
        assert [(a.article_id, [h.where for h in a.hits]) for a in store.search("tax").articles] == [
            (old, ["headline", "text"])]
        article = add_article(store, "Levies", "Levies rose.")
        mark(store, article, "Levies rose", claimant="Lindsey Graham")
        assert [a.article_id for a in store.search("claimant:graham").articles] == [article.id]
    finally:
        store.close()



def test_p006_folds_every_letter_as_p005_did_and_keeps_the_words(shared_desk, monkeypatch):
    """p006's quick factcheck_fold gives what p005's did (every character, mixed texts): the index stays true."""
    import random

    import psycopg

    from factcheck.core.search_query import FOLD
    from factcheck.store import postgres_schema, search_schema
    from factcheck.store.postgres_admin import init_server, upgrade_server

    server = shared_desk.server
    server.admin("CREATE DATABASE before_p006")
    url = server.url(database="before_p006")
    monkeypatch.setattr(postgres_schema, "STEPS", postgres_schema.STEPS[:5])
    init_server(url)
    monkeypatch.undo()
    with psycopg.connect(url, autocommit=True) as conn:
        article = conn.execute("INSERT INTO articles (title, text, text_sha256, imported_at) VALUES ('Café taxes',"
                               " 'À Zürich, the mayor said: taxes rose.', 'x', '2024-01-01T00:00:00+00:00')"
                               " RETURNING id").fetchone()[0]
        claim = conn.execute("INSERT INTO claims (article_id, start, \"end\", quote, claimant, created_at, updated_at,"
                             " number) VALUES (%s, 10, 24, 'the mayor said', 'Mayor Smith', '2024', '2024', 1)"
                             " RETURNING id", [article]).fetchone()[0]
        conn.execute("INSERT INTO comments (claim_id, author, written_at, text) VALUES (%s, 'owner', '2024',"
                     " 'Which mayor?')", [claim])
        conn.execute("INSERT INTO sources (claim_id, url, title, created_at, updated_at) VALUES (%s,"
                     " 'https://example.org/mayor', 'Minutes', '2024', '2024')", [claim])
        conn.execute(search_schema._fold_function().replace("CREATE FUNCTION factcheck_fold(", "CREATE FUNCTION p005_fold("))
    assert upgrade_server(url).applied == ("p006_search_speed", "p007_revisions", "p008_suggestion_dismissals")
    rng = random.Random(6)
    letters = [chr(c) for c in [*range(1, 0x3000), *FOLD, 0x212A, 0x212B, 0x1E9E, 0x10400, 0x1F600]
               if not 0xD800 <= c <= 0xDFFF]
    texts = letters + ["".join(rng.choice(letters[:0x300] + list(map(chr, FOLD))) for _ in range(rng.randint(0, 60)))
                       for _ in range(3000)] + ["", None]
    with psycopg.connect(url, autocommit=True) as conn:
        differ = conn.execute("SELECT t FROM unnest(%s::text[]) t WHERE p005_fold(t) IS DISTINCT FROM factcheck_fold(t)",
                              [texts]).fetchall()
        assert differ == []
        assert conn.execute("SELECT count(*) FROM article_words w JOIN articles a ON a.id = w.article_id"
                            " WHERE w.body = factcheck_words(a.text) AND w.title = factcheck_words(a.title)"
                            ).fetchone()[0] == 1
    store = open_store(url)
    try:
        assert [(a.title, [h.where for h in a.hits]) for a in store.search("zurich").articles] == [
            ("Café taxes", ["text"])]
        assert [(a.title, [h.where for h in a.hits]) for a in store.search("mayor").articles] == [
            ("Café taxes", ["text", "claim", "claimant", "comment", "source"])]  # rows made before p006: words stored
        article = store.search("cafe").articles[0]
        store.update_article(article.article_id, "title", "Levies")
        assert [a.title for a in store.search("levy").articles] == ["Levies"]
        assert [a.title for a in store.search("zurich").articles] == ["Levies"]  # the text's words stay
    finally:
        store.close()
