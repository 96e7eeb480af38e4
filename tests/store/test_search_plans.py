"""The SQLite engine's search plans (issue 13): whichever plan a count picks, the same answer; and a library restored
from a backup answers for what it holds after the restore.

SQLite reads a kind's rows by one of three plans, chosen by counting rows against
``search_plans.FEW`` (see :class:`~factcheck.store.search_plans.SQLiteSearch`). A small library
always counts "few"; here ``FEW`` is set low and high so that every plan answers the same
queries, compared with a plain reading of the library (tests/store/contract/search_model.py).
"""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.core.search_query import parse_query
from factcheck.store import open_store, restore_library
from factcheck.store import search_plans
from factcheck.store.backups import make_backup

sys.path.insert(0, str(Path(__file__).parent / "contract"))

from search_model import FIELD_QUERIES, Library, answer, build_library, pieces  # noqa: E402

SEARCH_INDEXES = ("articles_search", "claims_search", "comments_search", "sources_search", "published_search")


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """A library of 40 random articles (their claims, sources, comments), and its plain reading."""
    path = tmp_path_factory.mktemp("plans") / "library.db"
    store = open_store(path, user="alice")
    build_library(store, random.Random(7), articles=40)
    plain = Library(store)
    yield store, plain
    store.close()


@pytest.mark.parametrize("few", [0, 3, 10**9])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=pieces(tricks=True))
def test_every_plan_finds_what_the_library_holds(wide, monkeypatch, few, query):
    """FEW = 0: the claims newest first, tested against lists; 3: some of each; 10**9: the rows with the words (or
    the fields) first, sorted. The same articles, claims and published checks as the plain reading, every time."""
    store, plain = wide
    monkeypatch.setattr(search_plans, "FEW", few)
    q = parse_query(query)
    assert answer(store, query) == plain.found(q)
    assert [m.check.url for m in store.search(query, limit=1000).published] == plain.published_found(q)
    for limit in (1, 4):  # a short page is the newest of the whole answer, and says whether there are more
        page = store.search(query, limit=limit)
        everything = sorted(plain.found(q), reverse=True)
        assert [m.article_id for m in page.articles] == everything[:limit]
        assert page.more_articles == (len(everything) > limit)


@pytest.fixture(scope="module")
def wide_blind(tmp_path_factory):
    """The same kind of library, opened by bob, who owes blind opinions on every third claim; his plain reading."""
    path = tmp_path_factory.mktemp("plans") / "library.db"
    alice = open_store(path, user="alice")
    build_library(alice, random.Random(7), articles=40)
    claims = sorted(Library(alice).claims)
    for claim_id in claims[::3]:
        alice.request_opinions(claim_id, ["bob"])
    plain = Library(alice, hidden=claims[::3])
    alice.close()
    bob = open_store(path, user="bob")
    yield bob, plain
    bob.close()


@pytest.mark.parametrize("few", [0, 3, 10**9])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=pieces())
def test_every_plan_keeps_a_blind_claims_verdict_and_rationale_out_of_the_answer(wide_blind, monkeypatch, few, query):
    """Whichever plan: bob's claims owed a blind opinion are found by their public fields alone, pages too."""
    store, plain = wide_blind
    monkeypatch.setattr(search_plans, "FEW", few)
    q = parse_query(query)
    assert answer(store, query) == plain.found(q)
    for limit in (1, 4):
        page = store.search(query, limit=limit)
        everything = sorted(plain.found(q), reverse=True)
        assert [m.article_id for m in page.articles] == everything[:limit]
        assert page.more_articles == (len(everything) > limit)
    assert {r.claim_id for r in store.search_claims(query)} == plain.claims_found(q)


def test_fields_values_are_read_again_when_the_library_changes(wide):
    store, plain = wide
    assert store.search("claimant:zebedee").articles == ()
    claim = next(iter(plain.claims.values()))
    store.update_claim(claim.id, "claimant", "Zebedee Jones")  # this handle's own change
    assert [m.article_id for m in store.search("claimant:zebedee").articles] == [claim.article_id]
    other = store.open_another()
    try:
        other.update_claim(claim.id, "claimant", "Zebedee Smith")  # another connection's
    finally:
        other.close()
    assert [m.article_id for m in store.search("claimant:smith zebedee").articles] == [claim.article_id]
    assert store.search("claimant:jones zebedee").articles == ()
    store.update_claim(claim.id, "claimant", claim.claimant)


def test_a_restored_library_answers_for_what_it_holds_after_the_restore(tmp_path):
    path = tmp_path / "library.db"
    store = open_store(path, user="alice")
    build_library(store, random.Random(3), articles=12)
    before = Library(store)
    backup = make_backup(store)
    for article_id in list(before.articles)[:4]:
        store.update_article(article_id, "title", "Zebra crossing")
    first = next(iter(before.claims.values()))
    store.update_claim(first.id, "claimant", "Zebedee Jones")
    store.delete_article(list(before.articles)[-1])
    assert store.search("zebra").articles and store.search("claimant:zebedee").articles
    store.close()
    restore_library(path, backup)
    store = open_store(path, user="alice")
    try:
        assert store.search("zebra").articles == () and store.search("claimant:zebedee").articles == ()
        for query in FIELD_QUERIES:
            assert answer(store, query) == before.found(parse_query(query)), query
        for index in SEARCH_INDEXES:  # the index holds what the rows hold, no more, no less
            store.conn.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
        store.update_article(list(before.articles)[0], "title", "Zebra crossing")  # and follows edits again
        assert [m.article_id for m in store.search("zebra").articles] == [list(before.articles)[0]]
    finally:
        store.close()


def test_an_index_out_of_step_would_be_caught(tmp_path):
    """The integrity check used above does fail on an index that lost a row (so its passing means something)."""
    path = tmp_path / "library.db"
    store = open_store(path, user="alice")
    build_library(store, random.Random(3), articles=2)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER claims_search_update")
    conn.execute("UPDATE claims SET claimant = 'Zebedee Jones' WHERE id = (SELECT min(id) FROM claims)")
    conn.commit()
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("INSERT INTO claims_search(claims_search, rank) VALUES ('integrity-check', 1)")
    conn.close()
