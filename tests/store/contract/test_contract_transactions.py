"""The Store contract for ``transaction()``: all of its writes are committed, or none, and announced once."""

from __future__ import annotations

import pytest
from contract_samples import add_article, everything, mark

from factcheck.core.claims import Claimant, ClaimantKind, Source
from factcheck.core.rating_scales import RatingScale, Verdict
from factcheck.store import StaleValue


class Boom(Exception):
    """A failure of the caller's own, half-way through its writes."""


def every_kind_of_write(store, article, claim):
    """One write of every kind, on an article with a claim and a source."""
    store.update_article(article.id, "title", "Changed in the transaction")
    store.set_archived(article.id, True)
    store.update_claim(claim.id, "verdict", "True")
    store.update_source(claim.sources[0].id, {"title": "Changed"})
    store.add_source(claim.id, Source(title="Added"))
    store.delete_source(claim.sources[0].id)
    mark(store, article, "The budget", claimant="Mayor")
    store.delete_claim(claim.id)
    add_article(store, "Added in the transaction", "Added text.")
    store.set_claimant(Claimant("Mayor", ClaimantKind.ORGANIZATION))
    store.add_scale(RatingScale("house", "House", (Verdict("Solid", "#2e7d32"),)))
    store.set_property("seeded", "1")
    store.restore_article(store.delete_article(add_article(store, "Deleted", "Deleted text.").id))


def test_writes_in_a_transaction_are_committed_together_and_announced_once(store, notices):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%", sources=(Source(title="Police"),))
    heard = len(notices)
    with store.transaction():
        every_kind_of_write(store, article, claim)
        assert len(notices) == heard  # nothing announced before the commit
    assert len(notices) == heard + 1
    assert store.article(article.id).title == "Changed in the transaction"
    assert store.get_property("seeded") == "1" and store.scale("house").name == "House"
    assert len(store.articles(archived=True)) == 3


def test_a_failure_inside_a_transaction_rolls_back_every_write_and_announces_nothing(store, notices):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%", sources=(Source(title="Police"),))
    before, heard = everything(store), len(notices)
    with pytest.raises(Boom), store.transaction():
        every_kind_of_write(store, article, claim)
        raise Boom
    assert everything(store) == before
    assert store.get_property("seeded") is None
    assert len(notices) == heard


def test_a_refused_write_inside_a_transaction_rolls_back_the_writes_before_it(store, notices):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%", verdict="False")
    before, heard = everything(store), len(notices)
    with pytest.raises(StaleValue), store.transaction():
        store.update_article(article.id, "outlet", "Herald")
        mark(store, article, "The budget")
        store.update_claim(claim.id, "verdict", "True", expected="Half True")
    assert everything(store) == before and len(notices) == heard
    with pytest.raises(KeyError), store.transaction():
        store.update_article(article.id, "outlet", "Herald")
        store.update_claim(claim.id + 1000, "verdict", "True")
    assert everything(store) == before and len(notices) == heard


def test_the_library_works_on_after_a_rolled_back_transaction(store, notices):
    article = add_article(store)
    with pytest.raises(Boom), store.transaction():
        mark(store, article, "Crime fell 40%")
        raise Boom
    claim = mark(store, article, "The budget")
    assert store.claims(article.id) == [claim]
    assert (notices[-1].articles, notices[-1].claims) == ({article.id}, {claim.id})


def test_a_transaction_inside_a_transaction_commits_with_the_outer_one(store, notices):
    article = add_article(store)
    heard = len(notices)
    with store.transaction():
        with store.transaction():
            store.update_article(article.id, "outlet", "Herald")
        store.update_article(article.id, "author", "Zoë")
        assert len(notices) == heard
    assert (store.article(article.id).outlet, store.article(article.id).author) == ("Herald", "Zoë")
    assert len(notices) == heard + 1


def test_an_outer_failure_rolls_back_an_inner_transaction_too(store, notices):
    article = add_article(store)
    before, heard = everything(store), len(notices)
    with pytest.raises(Boom), store.transaction():
        with store.transaction():
            store.update_article(article.id, "outlet", "Herald")
        raise Boom
    assert everything(store) == before and len(notices) == heard


def test_a_failed_inner_transaction_caught_inside_leaves_the_outer_writes(store):
    article = add_article(store)
    with store.transaction():
        store.update_article(article.id, "outlet", "Herald")
        with pytest.raises(Boom), store.transaction():
            store.update_article(article.id, "author", "Zoë")
            raise Boom
    assert (store.article(article.id).outlet, store.article(article.id).author) == ("Herald", "")
