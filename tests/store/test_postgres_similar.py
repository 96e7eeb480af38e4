"""'Already checked' on a server: a big table's common words counted from the planner's statistics, same answers."""

from __future__ import annotations

import itertools

import pytest

from factcheck.core.published import PublishedCheck
from factcheck.store import open_store, similar_records

from contract.contract_samples import add_article, mark

_names = itertools.count(1)


@pytest.fixture
def store(shared_desk):
    name = f"similar_{next(_names)}"
    owner = shared_desk.new_library(name)
    opened = open_store(shared_desk.url(name, "alice"))
    opened.analyze = lambda: _analyze(owner)  # as autovacuum would, with the owner's rights
    yield opened
    opened.close()


def _analyze(owner_url: str) -> None:
    owner = open_store(owner_url)
    try:
        owner.conn.execute("ANALYZE claims")
        owner.conn.execute("ANALYZE published_checks")
    finally:
        owner.close()


def test_estimated_counts_give_the_counted_answers(store, monkeypatch):
    article = add_article(store, "Vaccines", "At the meeting: covid vaccines contain microchips. Nobody objected.")
    mark(store, article, "covid vaccines contain microchips", verdict="False")
    store.add_published_checks([PublishedCheck(url=f"https://fc.example/{i}", claim_reviewed=text, verdict="False")
                                for i, text in enumerate(["Covid vaccines hold microchips.", "Vaccines change DNA.",
                                                          "Bleach cures covid.", "Masts spread covid."] * 30)])
    counted = [(h.source, h.claim, h.score) for h in store.similar("covid vaccines with microchips", limit=5)]
    store.analyze()
    monkeypatch.setattr(similar_records, "ESTIMATED_FROM", 1)  # every table "big", every word estimated
    monkeypatch.setattr(similar_records, "WORD_ESTIMATED_FROM", 1)
    asked = []
    execute = store.conn.execute
    monkeypatch.setattr(store.conn, "execute", lambda sql, params=(): asked.append(sql) or execute(sql, params))
    estimated = [(h.source, h.claim, h.score) for h in store.similar("covid vaccines with microchips", limit=5)]
    assert any(sql.startswith("EXPLAIN (FORMAT JSON)") for sql in asked)  # the statistics were asked
    assert any("LIMIT 1) capped" in sql for sql in asked)  # after counting no further than needed
    assert [(s, c) for s, c, _ in estimated][:2] == [(s, c) for s, c, _ in counted][:2]
    assert all(0 < score <= 1 for _, _, score in estimated)
