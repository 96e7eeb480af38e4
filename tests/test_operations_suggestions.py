"""What the suggestions offer an article, and when a library's own layer is fitted (issue 15)."""

from __future__ import annotations

from pathlib import Path

from factcheck import operations_suggestions as ops
from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.core.checkworthy import split_sentences
from factcheck.store import open_store

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "trump-putin-cyber-security-unit.txt").read_text("utf-8")


def test_at_most_a_quarter_of_the_sentences_are_suggested_the_best_first():
    sentences = split_sentences(SEED)
    shown = ops.suggest_text(SEED)
    every = ops.suggest_text(SEED, all=True)
    assert len(every) == len(sentences)
    assert 3 <= len(shown) <= max(3, round(0.25 * len(sentences)))
    assert [s.score for s in shown] == sorted((s.score for s in shown), reverse=True)
    assert shown == every[:len(shown)]  # the best of them, as every sentence ranks them
    assert ops.suggest_text("") == []


def test_the_layer_waits_for_enough_decisions_of_each_kind(tmp_path):
    store = open_store(tmp_path / "library.db", user="ana")
    article = store.add_article(Article(title="Seed", text=SEED))
    claims = [store.add_claim(Claim(anchor=make_anchor(SEED, s.start, s.end), article_id=article.id))
              for s in split_sentences(SEED)]  # a library with many claims and no dismissal
    assert store.suggestion_feedback_count() == len(claims) >= ops.MIN_FEEDBACK
    assert ops.retrain_layer(store) is None and store.get_property(ops.LAYER_KEY) is None
    for claim in claims[-ops.MIN_EACH:]:  # ten of them dismissed instead
        store.delete_claim(claim.id)
        store.dismiss_suggestion(article.id, claim.start, claim.end, claim.quote)
    assert ops.retrain_layer(store) is not None and store.get_property(ops.LAYER_KEY)
    assert sorted(label for _, label in store.suggestion_feedback()) == [0] * 10 + [1] * (len(claims) - 10)
    store.close()


def test_a_sentence_a_revision_rewrote_where_a_dismissed_one_was_is_suggested_again(tmp_path):
    """Dismissals go by wording: the corrected figure at the same place is a new sentence (from review)."""
    store = open_store(tmp_path / "lib.db", user="ana")
    try:
        text = ("Unemployment fell to 3.1 percent in March, the ministry said. "
                "Exports rose 12 percent, the fastest pace since 2010, according to customs data. "
                "The deficit doubled to $40 billion last year, the Treasury said.")
        article = store.add_article(Article(title="Figures", text=text))
        first = ops.suggest_article(store, article.id, all=True)[0]
        store.dismiss_suggestion(article.id, first.start, first.end, first.sentence)
        assert first.sentence not in [s.sentence for s in ops.suggest_article(store, article.id, all=False,
                                                                               threshold=0.0)]
        corrected = first.sentence.replace("3.1", "4.7").replace("12", "31").replace("40", "90")
        assert len(corrected) == len(first.sentence) and corrected != first.sentence
        store.revise_article(article.id, text.replace(first.sentence, corrected), [])
        again = ops.suggest_article(store, article.id, threshold=0.0)
        assert (first.start, first.end, corrected) in [(s.start, s.end, s.sentence) for s in again]
    finally:
        store.close()
