"""The Store contract for change notices: one :class:`Changes` per committed write, naming what it touched."""

from __future__ import annotations

import pytest
from contract_samples import add_article, mark

from factcheck.core.claims import Claimant, ClaimantKind, Source
from factcheck.core.rating_scales import RatingScale, Verdict
from factcheck.store import Changes


def heard(notices: list[Changes], write):
    """The one notice ``write()`` announced (and what it returned)."""
    before = len(notices)
    result = write()
    assert len(notices) == before + 1, f"{len(notices) - before} notices for one write"
    return notices[-1], result


def names(changes: Changes, articles=(), claims=(), sources=()) -> None:
    """The notice names exactly these articles, claims and sources."""
    assert (changes.articles, changes.claims, changes.sources) == (set(articles), set(claims), set(sources))


@pytest.fixture
def sample(store):
    """An article with a claim by the Mayor that has two sources, and a second claim with none."""
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%", claimant="Mayor",
                 sources=(Source(title="Police"), Source(title="Council")))
    other = mark(store, article, "The budget")
    return article, claim, other


# ------------------------------------------------------------------ articles


def test_adding_an_article_names_it_and_the_list(store, notices):
    changes, article = heard(notices, lambda: add_article(store))
    names(changes, articles=[article.id])
    assert changes.article_list


def test_editing_details_names_the_article(store, notices, sample):
    article, _, _ = sample
    changes, _ = heard(notices, lambda: store.update_article(article.id, "title", "New title"))
    names(changes, articles=[article.id])
    changes, _ = heard(notices, lambda: store.update_article_fields(article.id, {"outlet": "Herald",
                                                                                "author": "Zoë"}))
    names(changes, articles=[article.id])


@pytest.mark.parametrize("archived", [True, False])
def test_archiving_and_bringing_back_names_the_article_and_the_list(store, notices, sample, archived):
    article, _, _ = sample
    if not archived:
        store.set_archived(article.id, True)
    changes, _ = heard(notices, lambda: store.set_archived(article.id, archived))
    names(changes, articles=[article.id])
    assert changes.article_list


def test_deleting_and_restoring_an_article_names_all_it_held(store, notices, sample):
    article, claim, other = sample
    held = {"articles": [article.id], "claims": [claim.id, other.id], "sources": [s.id for s in claim.sources]}
    changes, deleted = heard(notices, lambda: store.delete_article(article.id))
    names(changes, **held)
    assert changes.article_list and changes.claimants  # the Mayor's claim went with it
    changes, _ = heard(notices, lambda: store.restore_article(deleted))
    names(changes, **held)
    assert changes.article_list and changes.claimants


# -------------------------------------------------------------------- claims


def test_marking_a_claim_names_it_its_article_and_its_sources(store, notices):
    article = add_article(store)
    changes, claim = heard(notices, lambda: mark(store, article, "Crime fell 40%", claimant="Mayor",
                                                 sources=(Source(title="Police"), Source(title="Council"))))
    names(changes, articles=[article.id], claims=[claim.id], sources=[s.id for s in claim.sources])
    assert changes.claimants


@pytest.mark.parametrize("field, value, claimants", [("verdict", "False", False), ("rationale", "Why.", False),
                                                     ("claimant", "Minister", True)])
def test_editing_a_claim_names_it_and_its_article(store, notices, sample, field, value, claimants):
    article, claim, _ = sample
    changes, _ = heard(notices, lambda: store.update_claim(claim.id, field, value))
    names(changes, articles=[article.id], claims=[claim.id])
    assert changes.claimants or not claimants


def test_deleting_and_restoring_a_claim_names_it_its_article_and_its_sources(store, notices, sample):
    article, claim, _ = sample
    touched = {"articles": [article.id], "claims": [claim.id], "sources": [s.id for s in claim.sources]}
    changes, deleted = heard(notices, lambda: store.delete_claim(claim.id))
    names(changes, **touched)
    assert changes.claimants
    changes, _ = heard(notices, lambda: store.restore_claim(deleted))
    names(changes, **touched)
    assert changes.claimants


# ------------------------------------------------------------------- sources


def test_every_source_edit_names_the_source_its_claim_and_its_article(store, notices, sample):
    article, claim, _ = sample
    changes, added = heard(notices, lambda: store.add_source(claim.id, Source(title="Added")))
    names(changes, articles=[article.id], claims=[claim.id], sources=[added.id])
    changes, _ = heard(notices, lambda: store.update_source(added.id, {"title": "Edited"}))
    names(changes, articles=[article.id], claims=[claim.id], sources=[added.id])
    changes, (removed, position) = heard(notices, lambda: store.delete_source(added.id))
    names(changes, articles=[article.id], claims=[claim.id], sources=[added.id])
    changes, _ = heard(notices, lambda: store.restore_source(removed, position))
    names(changes, articles=[article.id], claims=[claim.id], sources=[added.id])


# ------------------------------------------------------ claimants and scales


def test_claimant_details_are_announced(store, notices):
    changes, _ = heard(notices, lambda: store.set_claimant(Claimant("Mayor", ClaimantKind.ORGANIZATION)))
    names(changes)
    assert changes.claimants


def test_an_added_scale_is_announced(store, notices):
    changes, _ = heard(notices, lambda: store.add_scale(RatingScale("house", "House", (Verdict("Solid", "#2e7d32"),))))
    names(changes)
    assert changes.scales


# -------------------------------------------------------------- subscribing


def test_a_notice_comes_once_the_write_is_committed(libraries, store):
    other = libraries.another(store)
    seen_by_other = []
    store.subscribe(lambda changes: seen_by_other.append([a.id for a in other.articles()]))
    article = add_article(store)
    assert seen_by_other == [[article.id]]


def test_every_subscriber_hears_and_an_unsubscribed_one_hears_no_more(store):
    first, second = [], []
    stop_first = store.subscribe(first.append)
    store.subscribe(second.append)
    add_article(store)
    stop_first()
    stop_first()  # harmless twice
    add_article(store, "Another", "Another text.")
    assert len(first) == 1 and len(second) == 2


def test_a_handle_announces_its_own_writes_only(libraries, store, notices):
    other = libraries.another(store)
    heard_by_other = []
    other.subscribe(heard_by_other.append)
    article = add_article(other, "Written by a worker", "Worker text.")
    assert notices == [] and [c.articles for c in heard_by_other] == [{article.id}]


def test_reads_and_refused_writes_announce_nothing(store, notices, sample):
    article, claim, _ = sample
    heard_before = len(notices)
    store.articles(archived=True), store.article(article.id), store.claims(article.id), store.history(article.id)
    store.claimants(), store.claimant_details(), store.scales(), store.get_property("x")
    with pytest.raises(ValueError):
        store.update_claim(claim.id, "quote", "refused")
    with pytest.raises(KeyError):
        store.delete_claim(claim.id + 1000)
    assert len(notices) == heard_before
