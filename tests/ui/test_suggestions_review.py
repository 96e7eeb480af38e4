"""Suggestions in the window, from review of issue 15: the margin's cursor, what accepts a suggestion, the
decisions counted for retraining, dismissals made while the article is scored, closing during a refit, and
offsets past characters outside the BMP."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from factcheck.store import SQLiteStore
from factcheck.ui import suggestion_marks
from suggestion_helpers import CARTER, find, listed, open_new_article, score_here, settle, stored_claims


def move(widget, point: QPoint, buttons=Qt.MouseButton.NoButton) -> None:
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(point), QPointF(widget.mapToGlobal(point)),
                        Qt.MouseButton.NoButton, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_the_pointing_hand_shows_over_a_mark_only(window, qtbot):
    settle(qtbot, window)
    view, marks = window.article_panel.view, window.suggestions.marks
    viewport = view.viewport()
    text_cursor = viewport.cursor().shape()
    assert text_cursor != Qt.CursorShape.PointingHandCursor
    viewport.repaint()  # the marks' places are known once painted
    y0, y1, _span = marks._bars[0]
    on_mark = QPoint(suggestion_marks.LEFT + 1, int((y0 + y1) / 2))
    move(viewport, on_mark)
    assert viewport.cursor().shape() == Qt.CursorShape.PointingHandCursor
    move(viewport, QPoint(viewport.width() // 2, on_mark.y()))  # over the sentence's words
    assert viewport.cursor().shape() == text_cursor
    move(viewport, on_mark)
    QApplication.sendEvent(viewport, QEvent(QEvent.Type.Leave))
    assert viewport.cursor().shape() == text_cursor


def test_only_a_double_click_or_enter_accepts_from_the_list_not_an_activation(window, qtbot, library_path):
    settle(qtbot, window)
    panel = window.suggestions.panel
    window.claim_tabs.setCurrentWidget(panel)
    best, second = listed(window)[:2]
    panel.list.activated.emit(panel.model.index(0, 0))  # a single click, where the platform activates on one
    settle(qtbot, window)
    assert stored_claims(library_path) == [] and best in listed(window)

    panel.list.doubleClicked.emit(panel.model.index(0, 0))
    settle(qtbot, window)
    assert [c.quote for c in stored_claims(library_path)] == [best.sentence]
    panel.list.setCurrentIndex(panel.model.index(listed(window).index(second), 0))
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert sorted(c.quote for c in stored_claims(library_path)) == sorted([best.sentence, second.sentence])


def test_the_keys_first_bring_a_hidden_list_forward_then_act(window, qtbot, library_path):
    settle(qtbot, window)
    tabs, panel = window.claim_tabs, window.suggestions.panel
    chosen = panel.current()
    tabs.setCurrentIndex(0)
    assert tabs.currentWidget() is not panel
    window.accept_suggestion_action.trigger()
    settle(qtbot, window)
    assert stored_claims(library_path) == [] and tabs.currentWidget() is panel
    assert window.suggestions.marks.emphasised == (chosen.start, chosen.end)
    window.accept_suggestion_action.trigger()  # seen now: the second press acts
    settle(qtbot, window)
    assert [c.quote for c in stored_claims(library_path)] == [chosen.sentence]

    tabs.setCurrentIndex(0)
    window.dismiss_suggestion_action.trigger()
    settle(qtbot, window)
    assert window.library.dismissed_suggestions(window.controller.article.id) == {}


def test_opening_an_article_counts_the_desk_s_decisions_without_reading_them(open_app, qtbot, monkeypatch):
    read = []
    real = SQLiteStore.suggestion_feedback
    monkeypatch.setattr(SQLiteStore, "suggestion_feedback", lambda self, *a, **k: read.append(1) or real(self, *a, **k))
    counted = []
    real_count = SQLiteStore.suggestion_decisions
    monkeypatch.setattr(SQLiteStore, "suggestion_decisions", lambda self: counted.append(1) or real_count(self))
    window = open_app()
    settle(qtbot, window)
    assert counted and read == []  # too few decisions to fit a layer: none read


def test_the_suggestions_are_not_idle_until_the_layer_s_age_is_checked(open_app, qtbot, monkeypatch):
    """The list is answered first and the layer's age checked after, as a task of its own: until that check
    has run, a refit may still replace the list, so the suggestions are not settled."""
    from factcheck.ui import suggestion_worker

    checking, release = threading.Event(), threading.Event()
    real = suggestion_worker.layer_is_stale

    def layer_is_stale(store):
        checking.set()
        assert release.wait(10)
        return real(store)

    monkeypatch.setattr(suggestion_worker, "layer_is_stale", layer_is_stale)
    window = open_app()
    qtbot.waitUntil(checking.is_set, timeout=15_000)
    qtbot.waitUntil(lambda: window.suggestions.panel.model.rowCount() > 0, timeout=15_000)  # the list answered
    assert not window.suggestions.idle()
    release.set()
    qtbot.waitUntil(window.suggestions.idle, timeout=15_000)


def test_a_dismissal_saved_while_the_article_is_scored_stays_dismissed_in_the_answer(window, qtbot, monkeypatch):
    from factcheck.ui import suggestion_worker

    settle(qtbot, window)
    carter = find(window, CARTER)
    read, answer = threading.Event(), threading.Event()
    real = suggestion_worker.score_article

    def score_article(store, article_id):
        scored = real(store, article_id)  # the dismissals read before the reviewer's
        read.set()
        assert answer.wait(10)
        return scored

    monkeypatch.setattr(suggestion_worker, "score_article", score_article)
    window.suggestions.rescore()
    qtbot.waitUntil(read.is_set)
    assert window.suggestions.dismiss(carter)
    window.runner.wait_idle()
    qtbot.waitUntil(lambda: not window.controller.busy())
    assert carter not in listed(window)
    answer.set()
    settle(qtbot, window)
    assert carter not in listed(window) and window.suggestions.scored.dismissed[(carter.start, carter.end)]
    window.undo_action.trigger()  # and its undo, saved while scoring again, brings it back
    read.clear(), answer.clear()
    window.suggestions.rescore()
    qtbot.waitUntil(read.is_set)
    window.redo_action.trigger()
    window.undo_action.trigger()
    window.runner.wait_idle()
    qtbot.waitUntil(lambda: not window.controller.busy())
    answer.set()
    settle(qtbot, window)
    assert carter in listed(window)


def test_only_the_reviewer_s_new_decisions_count_towards_retraining_not_undo_or_redo(window, qtbot, monkeypatch,
                                                                                     mark):
    from factcheck import operations_suggestions

    retrained = []
    score_here(monkeypatch)
    monkeypatch.setattr(operations_suggestions, "retrain_layer", lambda store, **_: retrained.append(1) or None)
    monkeypatch.setattr(operations_suggestions, "MAX_SHARE", 1.0)  # ten to dismiss on the seed article
    settle(qtbot, window)
    for suggestion in listed(window)[:8]:
        window.suggestions.dismiss(suggestion)
        settle(qtbot, window)
    mark(window, "a working group on burglary")  # the ninth: a claim marked by hand
    settle(qtbot, window)
    for step in ("undo", "redo", "undo", "redo"):  # the claim unmarked and marked again, then a dismissal
        getattr(window, f"{step}_action").trigger()
        settle(qtbot, window)
    assert retrained == []
    window.suggestions.dismiss(listed(window)[0])  # the tenth
    settle(qtbot, window)
    assert retrained == [1]


def test_closing_the_window_during_a_refit_tells_the_fit_to_stop(window, qtbot, monkeypatch):
    from factcheck import operations_suggestions

    started, told = threading.Event(), []

    def retrain_layer(store, *, cancelled=None, **_):
        started.set()
        for _ in range(1000):  # at most 10 s: a fit of many decisions
            if cancelled is not None and cancelled():
                told.append(True)
                return None
            threading.Event().wait(0.01)
        told.append(False)
        return None

    monkeypatch.setattr(operations_suggestions, "retrain_layer", retrain_layer)
    settle(qtbot, window)
    window.suggestions.worker.retrain()
    assert started.wait(10)
    window.close()
    assert told == [True]


def test_offsets_past_characters_outside_the_bmp_are_code_points_in_marks_and_stored_claims(window, qtbot,
                                                                                             library_path):
    settle(qtbot, window)
    first = "The mayor said crime fell 40% last year."
    second = "Unemployment rose to 7.2% in March, the highest since 2011."
    text = f"𝐓𝐡𝐞 𝐜𝐢𝐭𝐲 🏙️🚓 report 😀.\n\n{first}\n\nMore 🎉🎉 here.\n\n{second}"
    article = open_new_article(qtbot, window, "Crime 🚓", text)
    view, marks = window.article_panel.view, window.suggestions.marks
    for sentence in (first, second):
        s = find(window, sentence)
        assert (s.start, s.end) == (text.index(sentence), text.index(sentence) + len(sentence))
        assert (s.start, s.end) in marks.spans
        document = view.document().toPlainText().encode("utf-16-le")  # Qt's positions count UTF-16 units
        assert document[2 * view.utf16_of(s.start):2 * view.utf16_of(s.end)].decode("utf-16-le") == sentence
        assert len(marks._lines(s.start, s.end)) >= 1

    window.claim_tabs.setCurrentWidget(window.suggestions.panel)
    assert window.suggestions.accept(find(window, first))
    settle(qtbot, window)
    words = "7.2% in March"
    inside = find(window, second)
    start = text.index(words)
    view.select_span(start, start + len(words))
    assert window.suggestions.accept(inside)
    settle(qtbot, window)
    claims = sorted(stored_claims(library_path, article.id), key=lambda c: c.start)
    assert [(c.start, c.end, c.quote) for c in claims] == [
        (text.index(first), text.index(first) + len(first), first), (start, start + len(words), words)]
    assert all(text[c.start:c.end] == c.quote for c in claims)


def test_accepting_words_selected_in_a_suggestion_names_their_own_speaker(window, qtbot, library_path):
    """A sentence with two speakers: the words selected are Jones's, not the sentence's first speaker's."""
    from factcheck.operations_suggestions import Suggestion

    settle(qtbot, window)
    text = '"Taxes fell 10 percent last year," Smith said, but "crime rose 20 percent," Jones said.'
    article = open_new_article(qtbot, window, "Two speakers", text)
    sentence = Suggestion(0, len(text), text, 0.9, "Smith")
    words = "crime rose 20 percent"
    window.article_panel.view.select_span(text.index(words), text.index(words) + len(words))
    assert window.suggestions.accept(sentence)
    settle(qtbot, window)
    assert [(c.quote, c.claimant) for c in stored_claims(library_path, article.id)] == [(words, "Jones")]


def test_a_desk_that_never_dismissed_a_suggestion_is_not_read_again_for_a_layer(tmp_path):
    """Twenty claims and no dismissal: a layer cannot be fitted, so opening an article does not try (review)."""
    from factcheck.core.anchors import make_anchor
    from factcheck.core.articles import Article
    from factcheck.core.claims import Claim
    from factcheck.core.checkworthy_feedback import FeedbackLayer
    from factcheck.operations_suggestions import LAYER_KEY, MIN_EACH, MIN_FEEDBACK
    from factcheck.ui.suggestion_worker import layer_is_stale

    store = SQLiteStore.open(tmp_path / "lib.db", user="ana")
    try:
        text = " ".join(f"Crime fell {n} percent in district {n}." for n in range(MIN_FEEDBACK + 5))
        article = store.add_article(Article(title="Districts", text=text))
        for n in range(MIN_FEEDBACK + 5):
            words = f"Crime fell {n} percent in district {n}."
            start = text.index(words)
            store.add_claim(Claim(article_id=article.id, anchor=make_anchor(text, start, start + len(words))))
        assert store.suggestion_decisions() == (MIN_FEEDBACK + 5, 0) and not layer_is_stale(store)
        sentences = [f"Crime fell {n} percent in district {n}." for n in range(MIN_EACH)]
        for words in sentences:
            start = text.index(words)
            store.dismiss_suggestion(article.id, start, start + len(words), words)
        assert layer_is_stale(store)  # now there is something of each kind to learn from
        store.set_property(LAYER_KEY, FeedbackLayer(0.0, {}, sum(store.suggestion_decisions())).to_json())
        store.undismiss_suggestion(article.id, text.index(sentences[0]), text.index(sentences[0]) + len(sentences[0]))
        assert not layer_is_stale(store)  # one kind short again (a dismissal undone): no fit would succeed
    finally:
        store.close()
