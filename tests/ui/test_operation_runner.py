"""Writes off the UI thread: order, Saved only after the commit, failures without phantoms, a responsive window.

The window's edits go through :class:`~factcheck.ui.operation_runner.OperationRunner`:
the store call runs on its worker thread, the views follow on the UI thread once
it has committed. These tests hold the library's write lock from another
connection, as a colleague's import or a slow disk would, and watch the window.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from PySide6.QtCore import QTimer

from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.core.anchors import make_anchor
from factcheck.store import LibraryBusy, SQLiteStore
from factcheck.ui.operation_runner import OperationRunner

TEXT = "The minister said unemployment fell by 3% last year. Critics said it rose."
QUOTE = "unemployment fell by 3% last year"


@pytest.fixture
def article_window(open_app, library_path):
    library = SQLiteStore.open(library_path, user="tester")
    article_id = library.add_article(Article(title="Jobs", text=TEXT)).id
    library.close()
    window = open_app()
    window.open_article(article_id)
    return window


def held_write_lock(path):
    """Another connection holding the library's write lock, as a long write elsewhere would."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def stored_claims(path) -> list[tuple]:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT quote, verdict FROM claims ORDER BY id").fetchall()
    finally:
        conn.close()


def test_saved_only_after_the_commit_and_the_window_answers_while_a_write_waits(article_window, library_path,
                                                                                   mark, qtbot):
    window = article_window
    mark(window, "Critics said")  # a first edit: the status bar says Saved
    assert window.saved_label.text() == "Saved"
    lock = held_write_lock(library_path)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    try:
        start = TEXT.index(QUOTE)
        window.article_panel.view.select_span(start, start + len(QUOTE))
        window.mark_action.trigger()
        qtbot.wait(600)  # the write waits for the lock meanwhile
        assert window.saved_label.text() == "Saving…"  # not Saved before the commit
        assert window.claims_model.rowCount() == 1 and window.controller.stack.count() == 1
        assert len(ticks) >= 15  # the event loop kept turning: ~30 ticks of 20 ms in 0.6 s
        window.article_panel.view.select_span(0, 3)  # the user goes on reading and selecting
        assert window.article_panel.view.textCursor().selectedText() == "The"
    finally:
        timer.stop()
        lock.rollback()
        lock.close()
    qtbot.waitUntil(lambda: window.saved_label.text() == "Saved", timeout=5000)
    assert stored_claims(library_path) == [("Critics said", None), (QUOTE, None)]
    assert window.claims_model.rowCount() == 2 and window.controller.stack.count() == 2


def test_two_quick_edits_keep_their_order_and_undo_one_after_the_other(article_window, library_path, mark):
    window = article_window
    claim_id = mark(window, QUOTE)
    controller = window.controller
    for verdict in ("False", "Misleading", "True"):  # no waiting in between: all three are in flight at once
        controller.set_claim_field(claim_id, "verdict", verdict)
    window.runner.wait_idle()
    assert stored_claims(library_path) == [(QUOTE, "True")]
    assert window.claims_model.claim(claim_id).verdict == "True"
    seen = []
    for _ in range(3):
        controller.undo()
        window.runner.wait_idle()
        seen.append((stored_claims(library_path)[0][1], window.claims_model.claim(claim_id).verdict))
    assert seen == [("Misleading", "Misleading"), ("False", "False"), (None, None)]


def test_a_refused_edit_is_named_and_leaves_no_phantom(monkeypatch, library_path, open_app, warnings, qtbot):
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "100")
    library = SQLiteStore.open(library_path, user="tester")
    article_id = library.add_article(Article(title="Jobs", text=TEXT)).id
    library.close()
    window = open_app()
    window.open_article(article_id)
    lock = held_write_lock(library_path)
    try:
        start = TEXT.index(QUOTE)
        window.article_panel.view.select_span(start, start + len(QUOTE))
        window.mark_action.trigger()
        window.runner.wait_idle()
    finally:
        lock.rollback()
        lock.close()
    assert len(warnings) == 1 and warnings[0].startswith("“Mark claim “unemployment fell by 3% last year”” was not")
    assert "busy" in warnings[0]
    assert window.claims_model.rowCount() == 0  # not on screen
    assert window.controller.stack.count() == 0  # not on the undo stack
    assert window.saved_label.text() == "Not saved"
    assert stored_claims(library_path) == []


def test_a_refused_undo_puts_the_stack_back_so_it_can_be_tried_again(monkeypatch, article_window, library_path,
                                                                     mark, warnings, qtbot):
    window = article_window
    claim_id = mark(window, QUOTE)
    stack = window.controller.stack
    assert stack.index() == 1
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "100")
    window.runner.close()  # a new worker handle, with the short wait
    window.runner = window.controller.runner = OperationRunner(lambda: window.library.open_another(), window)
    lock = held_write_lock(library_path)
    try:
        window.controller.undo()
        window.runner.wait_idle()
        qtbot.waitUntil(lambda: stack.index() == 1)  # stepped back over the undo that failed
    finally:
        lock.rollback()
        lock.close()
    assert warnings and warnings[-1].startswith("Undo of “Mark claim")
    assert window.claims_model.claim(claim_id) is not None and stored_claims(library_path) == [(QUOTE, None)]
    window.controller.undo()  # tried again once the library is free
    window.runner.wait_idle()
    assert stack.index() == 0 and stored_claims(library_path) == [] and window.claims_model.rowCount() == 0


def test_a_bug_in_a_write_reaches_the_crash_handler_with_its_traceback(monkeypatch, article_window, library_path,
                                                                       mark, warnings):
    window = article_window
    caught = []
    monkeypatch.setattr("sys.excepthook", lambda kind, value, tb: caught.append((kind, value, tb)))

    def broken(self, claim):
        raise sqlite3.OperationalError("no such column: verdikt")

    monkeypatch.setattr(SQLiteStore, "add_claim", broken)
    start = TEXT.index(QUOTE)
    window.article_panel.view.select_span(start, start + len(QUOTE))
    window.mark_action.trigger()
    window.runner.wait_idle()
    assert len(caught) == 1 and caught[0][0] is sqlite3.OperationalError and caught[0][2] is not None
    assert "unexpected error" in warnings[-1]
    assert window.claims_model.rowCount() == 0 and window.controller.stack.count() == 0


def test_closing_the_window_commits_every_edit_in_flight(article_window, library_path, mark):
    window = article_window
    claim_id = mark(window, QUOTE)
    for verdict in ("False", "True"):
        window.controller.set_claim_field(claim_id, "verdict", verdict)
    window.close()  # no wait: the runner finishes the queue before the window goes
    assert stored_claims(library_path) == [(QUOTE, "True")]


# ------------------------------------------------------------------ the runner alone


@pytest.fixture
def runner(qapp, tmp_path):
    library = SQLiteStore.open(tmp_path / "lib.db", user="ana")
    article = library.add_article(Article(title="Jobs", text=TEXT))
    made = OperationRunner(library.open_another)
    yield made, library, article
    made.close()
    library.close()


def test_the_runner_works_on_its_own_thread_and_reads_back_what_changed(runner):
    made, library, article = runner
    threads, outcomes = [], []
    anchor = make_anchor(TEXT, TEXT.index(QUOTE), TEXT.index(QUOTE) + len(QUOTE))

    def add(store):
        threads.append(threading.current_thread())
        return store.add_claim(Claim(anchor=anchor, article_id=article.id))

    made.run(add, outcomes.append)
    assert made.wait_idle()
    (outcome,) = outcomes
    assert threads[0] is not threading.main_thread()
    claim = outcome.result
    assert outcome.changes.claims == {claim.id} and outcome.claims[claim.id] == library.claim(claim.id)
    assert outcome.summaries[article.id].claim_count == 1


def test_the_runner_keeps_order_and_reports_each_failure_to_its_caller(runner):
    made, library, article = runner
    events = []
    for n in range(20):
        if n == 7:
            made.run(lambda store: store.article(99999), lambda o: events.append("wrong"),
                     lambda error, n=n: events.append((n, type(error).__name__)))
        else:
            made.run(lambda store, n=n: store.set_property("n", str(n)), lambda o, n=n: events.append(n))
    assert made.wait_idle()
    assert events == [*range(7), (7, "KeyError"), *range(8, 20)]
    assert library.get_property("n") == "19"


def test_the_runner_waits_for_a_held_lock_then_commits(runner, tmp_path):
    made, library, article = runner
    lock = held_write_lock(tmp_path / "lib.db")
    done = []
    made.run(lambda store: store.update_article(article.id, "outlet", "Daily"), done.append)
    time.sleep(0.3)
    made.wait_idle(100)
    assert not done and not made.is_idle()
    lock.rollback()
    lock.close()
    assert made.wait_idle()
    assert library.article(article.id).outlet == "Daily"


def test_a_busy_library_is_a_library_error_for_the_caller(monkeypatch, runner, tmp_path):
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "50")
    made, library, article = runner
    lock = held_write_lock(tmp_path / "lib.db")
    failures = []
    try:
        made.run(lambda store: store.update_article(article.id, "outlet", "Daily"), None, failures.append)
        assert made.wait_idle()
    finally:
        lock.rollback()
        lock.close()
    assert len(failures) == 1 and isinstance(failures[0], LibraryBusy)
    assert library.article(article.id).outlet == ""


def test_an_undo_and_a_quick_redo_both_happen_in_order(article_window, library_path, mark):
    window = article_window
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "verdict", "False")
    window.runner.wait_idle()
    window.controller.undo()
    window.controller.redo()  # before the undo has committed
    window.runner.wait_idle()
    assert stored_claims(library_path) == [(QUOTE, "False")]
    assert window.claims_model.claim(claim_id).verdict == "False" and window.controller.stack.index() == 2


def test_a_save_coming_back_does_not_undo_typing_done_meanwhile(article_window, library_path, mark, qtbot):
    window = article_window
    mark(window, QUOTE)
    rationale = window.editor.rationale
    rationale.setPlainText("The figure")
    window.editor.flush()  # saved off the UI thread...
    rationale.moveCursor(rationale.textCursor().MoveOperation.End)
    rationale.insertPlainText(" is from the survey")  # ...while the reviewer types on
    window.runner.wait_idle()
    assert rationale.toPlainText() == "The figure is from the survey"
    window.editor.flush()
    window.runner.wait_idle()
    conn = sqlite3.connect(str(library_path))
    assert conn.execute("SELECT rationale FROM claims").fetchone() == ("The figure is from the survey",)
    conn.close()


def test_pressing_mark_twice_while_the_first_is_saved_marks_one_claim(article_window, library_path):
    window = article_window
    start = TEXT.index(QUOTE)
    window.article_panel.view.select_span(start, start + len(QUOTE))
    window.mark_action.trigger()
    window.mark_action.trigger()  # the selection stays until the claim is shown in its place
    window.runner.wait_idle()
    assert stored_claims(library_path) == [(QUOTE, None)] and window.claims_model.rowCount() == 1
    assert not window.article_panel.view.textCursor().hasSelection()  # the claim took the selection's place
