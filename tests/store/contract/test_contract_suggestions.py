"""The Store contract for suggestions: dismissals kept per article, undone, and what the desk's decisions teach."""

from __future__ import annotations

import pytest
from contract_samples import TEXT, add_article, mark


def test_a_dismissal_is_kept_undone_and_goes_with_its_article(store, notices):
    article = add_article(store)
    sentence = "Police figures 📊 show a fall of 12%."
    start = TEXT.index(sentence)
    store.dismiss_suggestion(article.id, start, start + len(sentence), sentence)
    assert store.dismissed_suggestions(article.id) == {(start, start + len(sentence)): sentence}
    assert notices and article.id in notices[-1].articles
    store.dismiss_suggestion(article.id, start, start + len(sentence), sentence)  # twice: still one
    assert len(store.dismissed_suggestions(article.id)) == 1
    store.undismiss_suggestion(article.id, start, start + len(sentence))
    assert store.dismissed_suggestions(article.id) == {}
    store.dismiss_suggestion(article.id, start, start + len(sentence), sentence)
    store.delete_article(article.id)
    assert store.dismissed_suggestions(article.id) == {}
    with pytest.raises(KeyError):
        store.dismiss_suggestion(article.id, 0, 5, "Crime")


def test_the_feedback_names_claims_marked_and_sentences_dismissed(store, libraries):
    article = add_article(store)
    mark(store, article, "Crime fell 40%")
    sentence = "The budget, she said, is balanced 💰."
    start = TEXT.index(sentence)
    store.dismiss_suggestion(article.id, start, start + len(sentence), sentence)
    assert sorted(store.suggestion_feedback()) == [("Crime fell 40% last year, the mayor 🏛️ said.", 1), (sentence, 0)]
    assert store.suggestion_feedback_count() == 2 and store.suggestion_decisions() == (1, 1)
    assert len(store.suggestion_feedback(limit=1)) == 1
    other = libraries.another(store)
    assert other.dismissed_suggestions(article.id) == {(start, start + len(sentence)): sentence}
