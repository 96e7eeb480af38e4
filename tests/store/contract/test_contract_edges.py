"""Store contract, the edges: writes naming what is gone, notices after a partial rollback, a failing listener."""

from __future__ import annotations

import pytest
from contract_samples import add_article, everything, mark, new_claim

from factcheck.core.claims import Source


def test_a_claim_for_an_unknown_article_raises_key_error_and_writes_nothing(store):
    """Reads and writes speak of unknown ids in KeyError, not in the engine's own errors."""
    article = add_article(store)
    before = everything(store)
    with pytest.raises(KeyError):
        store.add_claim(new_claim(article, "Crime fell 40%").with_(article_id=article.id + 1000))
    assert everything(store) == before


def test_undoing_a_claim_deletion_after_its_article_went_raises_key_error(store):
    article = add_article(store)
    claim = store.delete_claim(mark(store, article, "Crime fell 40%", sources=(Source(title="Police"),)).id)
    store.delete_article(article.id)
    with pytest.raises(KeyError):
        store.restore_claim(claim)


def test_a_notice_names_only_what_was_committed(store, notices):
    """An inner transaction that fails and is caught inside an outer one is rolled back; its writes
    must not be announced with the outer commit."""
    article = add_article(store)
    heard = len(notices)
    with store.transaction():
        store.update_article(article.id, "outlet", "Herald")
        try:
            with store.transaction():
                rolled_back = add_article(store, "Rolled back", "Rolled back.")
                raise RuntimeError("the caller's own failure")
        except RuntimeError:
            pass
    assert [a.id for a in store.articles()] == [article.id]
    assert len(notices) == heard + 1
    assert rolled_back.id not in notices[-1].articles, notices[-1]


def test_a_subscriber_that_fails_hides_neither_the_write_nor_the_others_notice(store):
    heard = []

    def broken(changes):
        raise RuntimeError("a listener's bug")

    store.subscribe(broken)
    store.subscribe(heard.append)
    article = add_article(store)  # committed, and no error reaches the writer
    assert store.article(article.id).title == article.title
    assert len(heard) == 1 and heard[0].articles == {article.id}

