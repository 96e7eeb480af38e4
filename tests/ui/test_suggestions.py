"""Suggestions in the window (issue 15): the seed article's check-worthy sentences marked and listed; accepted
as claims with their speaker, dismissed, both undone; turned off and on; following the claims and the text."""

from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest

from factcheck import api
from factcheck.core.articles import Article
from factcheck.store import SQLiteStore
from factcheck.ui import suggestion_marks, window_menus
from factcheck.ui.suggestion_panel import suggestion_color
from suggestion_helpers import CARTER, find, listed, open_new_article, score_here, settle, stored_claims


def test_the_seed_article_s_sentences_are_marked_in_the_margin_and_listed_best_first(window, qtbot):
    settle(qtbot, window)
    tabs, suggestions = window.claim_tabs, window.suggestions
    shown = listed(window)
    assert len(shown) >= 5
    assert [s.score for s in shown] == sorted((s.score for s in shown), reverse=True)
    assert tabs.tabText(tabs.indexOf(suggestions.panel)) == f"Suggestions ({len(shown)})"
    carter = find(window, CARTER)
    assert carter.claimant == "Ash Carter" and carter.score >= 0.6
    assert sorted(suggestions.marks.spans) == sorted((s.start, s.end) for s in shown)

    # the mark shows beside the sentence's lines, in the suggestions' hue; the words themselves are not tinted
    view = window.article_panel.view
    tabs.setCurrentWidget(suggestions.panel)
    suggestions.panel.list.setFocus()
    suggestions.panel.list.setCurrentIndex(suggestions.panel.model.index(shown.index(carter), 0))
    assert suggestions.marks.emphasised == (carter.start, carter.end)
    qtbot.waitUntil(lambda: view.visible_span()[0] <= carter.start < view.visible_span()[1])  # scrolled to it
    image = view.viewport().grab().toImage()
    rect = suggestions.marks._lines(carter.start, carter.end)[0]
    y = int(rect.center().y()) - view.verticalScrollBar().value()
    hue = QColor(suggestion_color(view.page_colors()[0]))
    mark = image.pixelColor(suggestion_marks.LEFT + 2, y)
    assert abs(mark.hue() - hue.hue()) < 12 and mark.saturation() > 100
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.utf16_of(carter.start) + 1)
    assert cursor.charFormat().background().style() == Qt.BrushStyle.NoBrush and view.extraSelections() == []

    # a click on another sentence's mark chooses it in the list; the article's selection stays as it was
    other = next(s for s in shown if s.start > carter.end and view.visible_span()[0] <= s.start
                 < view.visible_span()[1] - 1 and suggestions.marks._lines(s.start, s.end))
    tabs.setCurrentIndex(0)
    view.select_span(carter.start, carter.start + 6)
    y = int(suggestions.marks._lines(other.start, other.end)[-1].center().y()) - view.verticalScrollBar().value()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(suggestion_marks.LEFT + 1, y))
    assert tabs.currentWidget() is suggestions.panel and suggestions.panel.current() == other
    assert suggestions.marks.emphasised == (other.start, other.end)
    assert view.selection_span() == (carter.start, carter.start + 6)
    assert "score" in suggestions.marks.describe((other.start, other.end))


def test_accept_makes_the_sentence_a_claim_with_its_speaker_and_undo_takes_it_out_of_the_library(
        window, qtbot, library_path):
    settle(qtbot, window)
    carter = find(window, CARTER)
    window.claim_tabs.setCurrentWidget(window.suggestions.panel)  # the key acts on a suggestion in sight
    window.suggestions.panel.list.setCurrentIndex(window.suggestions.panel.model.index(listed(window).index(carter), 0))
    window.accept_suggestion_action.trigger()
    settle(qtbot, window)
    claim, = stored_claims(library_path)
    assert (claim.start, claim.end, claim.quote, claim.claimant) == (carter.start, carter.end, carter.sentence,
                                                                      "Ash Carter")
    assert carter not in listed(window)
    assert window.undo_action.text().startswith("&Undo Accept suggestion")
    window.undo_action.trigger()
    settle(qtbot, window)
    assert stored_claims(library_path) == []
    assert carter in listed(window)


def test_accept_marks_only_the_words_selected_inside_the_sentence(window, qtbot, library_path):
    settle(qtbot, window)
    carter = find(window, CARTER)
    words = "like the guy who robbed your house"
    start = carter.start + carter.sentence.index(words)
    window.article_panel.view.select_span(start, start + len(words))
    assert window.suggestions.accept(carter)
    settle(qtbot, window)
    claim, = stored_claims(library_path)
    assert (claim.quote, claim.claimant) == (words, "Ash Carter")


def test_dismiss_is_kept_for_the_article_and_undone(open_app, qtbot, library_path):
    window = open_app()
    settle(qtbot, window)
    carter = find(window, CARTER)
    article_id = window.controller.article.id
    assert window.suggestions.dismiss(carter)
    assert carter not in listed(window)  # at once, while it is being saved
    settle(qtbot, window)
    assert window.library.dismissed_suggestions(article_id) == {(carter.start, carter.end): carter.sentence}
    assert window.undo_action.text().startswith("&Undo Dismiss suggestion")

    window.undo_action.trigger()
    settle(qtbot, window)
    assert window.library.dismissed_suggestions(article_id) == {}
    assert carter in listed(window)
    window.redo_action.trigger()
    settle(qtbot, window)
    assert carter not in listed(window)
    window.close()

    again = open_app()  # remembered: another session does not suggest it
    settle(qtbot, again)
    assert again.controller.article.id == article_id
    assert carter not in listed(again) and listed(again)


def test_a_claim_marked_by_hand_over_a_suggestion_takes_it_off_the_list_and_undo_brings_it_back(window, qtbot, mark):
    settle(qtbot, window)
    carter = find(window, CARTER)
    count = len(listed(window))
    mark(window, "a working group on burglary")
    settle(qtbot, window)
    assert carter not in listed(window) and len(listed(window)) == count - 1
    assert (carter.start, carter.end) not in window.suggestions.marks.spans
    tabs = window.claim_tabs
    assert tabs.tabText(tabs.indexOf(window.suggestions.panel)) == f"Suggestions ({count - 1})"
    window.undo_action.trigger()
    settle(qtbot, window)
    assert carter in listed(window)


def test_show_suggestions_off_leaves_no_marks_scores_nothing_and_is_remembered_for_that_article_only(
        open_app, qtbot, monkeypatch, preferences):
    window = open_app()
    settle(qtbot, window)
    seed = window.controller.article.id
    view, tabs = window.article_panel.view, window.claim_tabs
    window.show_suggestions_action.trigger()  # off, for the seed article
    assert not window.show_suggestions_action.isChecked()
    assert tabs.indexOf(window.suggestions.panel) < 0 and view.paint_over is None
    assert not any(tabs.tabText(i).startswith("Suggestions") for i in range(tabs.count()))

    scored = []
    from factcheck.ui import suggestion_worker

    real = suggestion_worker.score_article
    monkeypatch.setattr(suggestion_worker, "score_article", lambda store, article_id: scored.append(article_id)
                        or real(store, article_id))
    other = window.library.add_article(Article(title="Budget", text="The council cut the budget by 40% last year. "
                                               "Unemployment rose to 12% in the region, the highest since 1990."))
    window.reload_library()
    window.open_article(other.id)  # a new article: on by default
    settle(qtbot, window)
    assert window.show_suggestions_action.isChecked() and scored == [other.id]
    assert tabs.indexOf(window.suggestions.panel) >= 0 and view.paint_over is not None
    window.open_article(seed)  # back to the one turned off: off, nothing scored
    qtbot.wait(window_menus.SUGGESTIONS_DELAY_MS + 100)
    assert not window.show_suggestions_action.isChecked() and scored == [other.id] and window.suggestions.idle()
    assert tabs.indexOf(window.suggestions.panel) < 0 and view.paint_over is None
    window.close()

    later = open_app()  # off is remembered for the seed article, opened again first
    qtbot.wait(window_menus.SUGGESTIONS_DELAY_MS + 100)
    assert later.controller.article.id == seed
    assert not later.show_suggestions_action.isChecked() and later.suggestions is None
    later.show_suggestions_action.trigger()  # on again
    settle(qtbot, later)
    assert scored == [other.id, seed]
    assert later.claim_tabs.indexOf(later.suggestions.panel) >= 0 and listed(later)
    assert later.article_panel.view.paint_over is not None
    assert not later.preferences.suggestions_off(*window_menus._suggestions_key(later, later.controller.article))


def test_the_choice_is_kept_for_the_library_however_it_is_named_and_never_passes_to_a_new_article(
        tmp_path, monkeypatch):
    from types import SimpleNamespace

    library = tmp_path / "desk.db"
    library.write_bytes(b"")

    def key(location, article):
        return window_menus._suggestions_key(SimpleNamespace(library=SimpleNamespace(location=location)), article)

    monkeypatch.chdir(tmp_path)
    turned_off = Article(title="Budget", text="x", id=7, imported_at="2026-12-01T09:00:00+00:00")
    assert key("desk.db", turned_off) == key(str(library), turned_off)  # a relative name, the same file
    # a library restored from an older backup gives id 7 to an article imported later: not the same one
    assert key(str(library), turned_off) != key(str(library), Article(title="Other", text="y", id=7,
                                                                      imported_at="2026-12-02T10:00:00+00:00"))
    assert key("postgresql://desk.example/news", turned_off)[0] == "postgresql://desk.example/news"


def test_nothing_is_suggested_on_an_empty_article(window, qtbot):
    settle(qtbot, window)
    open_new_article(qtbot, window, "Nothing yet", "   \n\n  ")
    panel = window.suggestions.panel
    assert listed(window) == [] and window.suggestions.marks.spans == []
    assert panel.empty.heading.text() == "Nothing to suggest" and panel.pages.currentIndex() == 0
    assert not window.accept_suggestion_action.isEnabled() or not window.suggestions.accept()


def test_another_article_and_a_revision_of_its_text_are_scored_again(window, qtbot, library_path):
    settle(qtbot, window)
    text = "The weather was pleasant on Sunday.\n\nThe mayor said crime fell 40% last year."
    article = open_new_article(qtbot, window, "Crime", text)
    assert [s.sentence for s in listed(window)] == ["The mayor said crime fell 40% last year."]

    with api.open_library(library_path, reviewer="tester") as library:
        library.revise(article.id, text + "\n\nUnemployment rose to 7.2% in March, the highest since 2011.")
    window.show_text_again()  # as the window does when it sees the revision
    settle(qtbot, window)
    assert "Unemployment rose to 7.2% in March, the highest since 2011." in [s.sentence for s in listed(window)]
    assert window.suggestions.scored.revision == 2


def test_scoring_runs_in_a_process_of_its_own_asked_from_the_worker(window, qtbot, monkeypatch, warnings):
    from factcheck import operations_suggestions
    from factcheck.ui import scoring_process, suggestion_worker

    asked = []
    real_elsewhere = suggestion_worker.suggest_elsewhere
    monkeypatch.setattr(suggestion_worker, "suggest_elsewhere",
                        lambda *args: asked.append(threading.current_thread()) or real_elsewhere(*args))
    settle(qtbot, window)
    assert asked and all(thread is not threading.main_thread() for thread in asked)  # asked from the worker
    assert scoring_process.run_elsewhere(os.getpid) != os.getpid()  # answered by another process
    article = window.controller.article  # the same answer as this process would give
    expected = operations_suggestions.suggest_with_layer(article.text, None, window.library.claimants())
    assert sorted(s.start for s in listed(window)) == sorted(s.start for s in expected)
    assert warnings == []


def test_retraining_runs_off_the_ui_thread(window, qtbot, monkeypatch, warnings):
    from factcheck import operations_suggestions

    threads = {}

    def retrain_layer(store, **_):
        threads["retrain"] = threading.current_thread()
        raise RuntimeError("a bug in fitting")  # logged, never a dialog

    score_here(monkeypatch)
    monkeypatch.setattr(operations_suggestions, "retrain_layer", retrain_layer)
    monkeypatch.setattr(operations_suggestions, "MAX_SHARE", 1.0)  # ten to dismiss on the seed article
    settle(qtbot, window)
    for suggestion in listed(window)[:10]:  # ten decisions
        window.suggestions.dismiss(suggestion)
    settle(qtbot, window)
    assert threads["retrain"] is not threading.main_thread()
    assert warnings == []


def test_the_layer_is_retrained_after_ten_decisions_and_the_article_scored_again(window, qtbot, monkeypatch):
    from factcheck import operations_suggestions

    retrained, scored = [], []
    score_here(monkeypatch, scored)
    monkeypatch.setattr(operations_suggestions, "retrain_layer", lambda store, **_: retrained.append(1) or object())
    monkeypatch.setattr(operations_suggestions, "MAX_SHARE", 1.0)  # ten to dismiss on the seed article
    settle(qtbot, window)
    before = len(scored)
    for suggestion in listed(window)[:9]:
        window.suggestions.dismiss(suggestion)
    settle(qtbot, window)
    assert retrained == [] and len(scored) == before
    window.suggestions.dismiss(listed(window)[0])
    settle(qtbot, window)
    assert retrained == [1] and len(scored) == before + 1


@pytest.mark.parametrize("action", ["accept", "dismiss"])
def test_the_keys_act_on_the_suggestion_chosen_with_next(window, qtbot, library_path, action):
    settle(qtbot, window)
    window.next_suggestion_action.trigger()
    assert window.claim_tabs.currentWidget() is window.suggestions.panel
    chosen = window.suggestions.panel.current()
    assert chosen == listed(window)[1]  # the best was chosen already: Next moves to the second
    getattr(window, f"{action}_suggestion_action").trigger()
    settle(qtbot, window)
    assert chosen not in listed(window)
    if action == "accept":
        assert [c.quote for c in stored_claims(library_path)] == [chosen.sentence]
    else:
        assert window.library.dismissed_suggestions(window.controller.article.id) == {
            (chosen.start, chosen.end): chosen.sentence}


def test_opening_an_article_retrains_a_layer_older_than_the_desk_s_decisions(open_app, qtbot, library_path):
    from factcheck.core.anchors import make_anchor
    from factcheck.core.checkworthy_feedback import FeedbackLayer
    from factcheck.core.claims import Claim
    from factcheck.operations_suggestions import LAYER_KEY

    lines = [f"The council spent {n} million pounds on roads in {2000 + n}." for n in range(12)]
    lines += [f"Readers can write to us at letters number {n}." for n in range(12)]
    text = "\n\n".join(lines)
    store = SQLiteStore.open(library_path, user="alice")
    article = store.add_article(Article(title="Desk", text=text))
    for line in lines[:12]:  # marked as claims
        start = text.index(line)
        store.add_claim(Claim(anchor=make_anchor(text, start, start + len(line)), article_id=article.id))
    for line in lines[12:]:  # dismissed
        start = text.index(line)
        store.dismiss_suggestion(article.id, start, start + len(line), line)
    store.close()

    window = open_app()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.library.get_property(LAYER_KEY) is not None, timeout=15_000)
    assert FeedbackLayer.from_json(window.library.get_property(LAYER_KEY)).examples == 24


def test_the_suggestion_commands_have_their_own_keys_listed_in_help(window):
    from factcheck.ui.shortcuts_dialog import shortcut_rows

    rows = shortcut_rows(window.menuBar())
    commands = {command: keys for _, command, keys in rows}
    assert [commands.get(c) for c in ("Next Suggestion", "Previous Suggestion", "Accept Suggestion",
                                      "Dismiss Suggestion")] == ["Ctrl+J", "Ctrl+Shift+J", "Ctrl+L", "Ctrl+D"]
    keys = [k for _, _, ks in rows for k in ks.split(", ")]
    assert len(keys) == len(set(keys))
    assert window.show_suggestions_action.isCheckable() and window.show_suggestions_action.isChecked()
