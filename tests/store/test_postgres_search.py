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
