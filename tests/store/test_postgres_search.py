"""The words p006 stores for a shared library's search (issue 13): kept by the server's triggers, whoever writes."""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg
import pytest

from factcheck.core.claims import Source
from factcheck.store import open_store

sys.path.insert(0, str(Path(__file__).parent / "contract"))

from contract_samples import add_article, mark  # noqa: E402


def test_a_claim_moved_to_another_article_takes_its_words_along(shared_desk):
    url = shared_desk.new_library("moved_claim")
    store = open_store(shared_desk.url("moved_claim", "alice"))
    try:
        first = add_article(store, "Budget", "The mayor said taxes rose.")
        second = add_article(store, "Police", "Police figures show a fall.")
        claim = mark(store, first, "taxes rose", claimant="Lindsey Graham")
        store.add_source(claim.id, Source(url="https://stats.example.org/levy", title="Levy tables"))
        store.add_comment(claim.id, "Ask the treasury")
        with psycopg.connect(url, autocommit=True) as owner:  # no screen moves a claim: the server must still cope
            owner.execute("UPDATE claims SET article_id = %s WHERE id = %s", [second.id, claim.id])
        for query, where in (("graham", "claimant"), ("levy", "source"), ("treasury", "comment")):
            assert [(m.article_id, [h.where for h in m.hits]) for m in store.search(query).articles] == [
                (second.id, [where])], query
    finally:
        store.close()


def test_a_reporter_writes_words_they_cannot_write_directly(shared_desk):
    shared_desk.new_library("reporter_words")
    store = open_store(shared_desk.url("reporter_words", "rita"))
    try:
        article = add_article(store, "Budget", "The mayor said taxes rose.")
        claim = mark(store, article, "taxes rose", rationale="Levies fell")
        assert [m.article_id for m in store.search("levy").articles] == [article.id]
        with psycopg.connect(shared_desk.url("reporter_words", "rita"), autocommit=True) as rita:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):  # only the server's triggers write them
                rita.execute("DELETE FROM claim_words")
        store.update_claim(claim.id, "rationale", "Duties fell")
        assert store.search("levy").articles == () and store.search("duty").articles
    finally:
        store.close()


def test_a_search_reads_in_one_transaction_without_jit_and_one_the_server_gives_up_on_says_what_to_do(
        shared_desk, monkeypatch):
    """Each search read sets its limits for its own transaction only (JIT off: seconds of compiling for plans that
    run in milliseconds; a statement stopped after SERVER_TIMEOUT_S); running out of time is a clear LibraryError,
    and the handle searches again after it. An export's read of every claim has no time limit."""
    from factcheck.store import LibraryError, search_plans
    from factcheck.store.postgres_store import PostgresStore

    shared_desk.new_library("search_limits")
    store = open_store(shared_desk.url("search_limits", "alice"))
    try:
        article = add_article(store, "Budget", "The mayor said taxes rose.")
        mark(store, article, "taxes rose")
        seen = []
        hidden = PostgresStore._hidden_claims

        def watched(self):
            seen.append(tuple(self.conn.execute(f"SHOW {name}").fetchone()[0] for name in ("jit", "statement_timeout")))
            return hidden(self)

        monkeypatch.setattr(PostgresStore, "_hidden_claims", watched)
        assert [m.article_id for m in store.search("tax").articles] == [article.id]
        assert len(store.search_claims("tax", limit=10)) == store.count_claims("tax") == 1
        assert len(store.search_claims("tax")) == 1  # every row (an export): no time limit
        assert seen == [("off", "10s"), ("off", "10s"), ("off", "10s"), ("off", "0")]
        assert store.conn.execute("SHOW jit").fetchone()[0] == "on"  # set for those transactions only

        monkeypatch.setattr(search_plans, "SERVER_TIMEOUT_S", 0.05)
        monkeypatch.setattr(PostgresStore, "_hidden_claims",
                            lambda self: (self.conn.execute("SELECT pg_sleep(2)"), [])[1])
        with pytest.raises(LibraryError, match="gave up on this search after 0.05 seconds: leave out fewer"):
            store.search("tax")
        with pytest.raises(LibraryError, match="gave up"):
            store.count_claims("tax")
        monkeypatch.setattr(PostgresStore, "_hidden_claims", hidden)
        assert [m.article_id for m in store.search("tax").articles] == [article.id]
    finally:
        store.close()
