"""Edits still being saved when the reviewer acts again: undo, a change of mind, quitting, a restore.

Each was a way to lose or misfile an edit once writes moved off the UI thread.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing

from factcheck.store import LibraryError, SQLiteStore

QUOTE = "Putin & I discussed forming an impenetrable Cyber Security unit"


def rows(path, sql, params=()):
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, params).fetchall()


def held_write_lock(path):
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_ctrl_z_right_after_typing_undoes_the_typing(window, library_path, mark):
    """The typing is saved by the undo itself (still being written when Ctrl+Z asks): it is what is undone."""
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "verdict", "False")
    window.runner.wait_idle()
    window.editor.rationale.setPlainText("Typed, not yet saved")  # the idle timer is running
    window.undo_action.trigger()  # Ctrl+Z at once
    window.runner.wait_idle()
    stack = window.controller.stack
    assert rows(library_path, "SELECT verdict, rationale FROM claims") == [("False", "")]
    assert stack.index() == 2 and stack.count() == 3 and "rationale" in stack.text(2)  # Ctrl+Y brings it back


def test_changing_a_verdict_and_back_quickly_keeps_the_last_choice(window, library_path, mark):
    """Going back to the saved value while the first change is still being saved is an edit too."""
    mark(window, QUOTE)
    editor = window.editor
    index = editor.verdict.findData("False")
    editor.verdict.setCurrentIndex(index)
    editor.verdict.activated.emit(index)  # Alt+n / pick "False"
    editor.verdict.setCurrentIndex(0)
    editor.verdict.activated.emit(0)  # ...and straight back to Unrated (Alt+0)
    window.runner.wait_idle()
    assert rows(library_path, "SELECT verdict FROM claims") == [(None,)]


def test_ctrl_z_while_an_edit_is_in_flight_undoes_that_edit(window, library_path, mark):
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "verdict", "False")
    window.runner.wait_idle()
    window.controller.set_claim_field(claim_id, "verdict", "Misleading")  # in flight
    window.undo_action.trigger()  # the user undoes what they just did
    window.runner.wait_idle()
    assert rows(library_path, "SELECT verdict FROM claims") == [("False",)]


def test_an_edit_refused_while_the_window_closes_is_reported(window, library_path, warnings, monkeypatch, mark,
                                                             caplog):
    mark(window, QUOTE)

    tried = []

    def refuse(*args, **kwargs):
        tried.append(args)
        raise LibraryError("The disk holding the library is full: nothing was saved.")

    monkeypatch.setattr(SQLiteStore, "update_claim", refuse)
    window.editor.rationale.setPlainText("An hour of work")  # typed, then Ctrl+Q
    with caplog.at_level(logging.WARNING):
        window.close()
    assert len(tried) == 1  # the write was attempted and refused
    assert rows(library_path, "SELECT rationale FROM claims") == [("",)]
    assert warnings and "was not saved" in warnings[-1]  # said, naming the edit
    assert window.isVisible()  # and the window stays, so the reviewer can keep the text elsewhere


def test_queued_writes_keep_the_name_they_were_made_under(window, library_path, mark, qtbot):
    claim_id = mark(window, QUOTE)
    lock = held_write_lock(library_path)
    try:
        window.controller.set_claim_field(claim_id, "verdict", "False")  # waits for the lock
        window.controller.set_claim_field(claim_id, "claimant", "Mayor")  # queued behind it
        qtbot.wait(100)
        window.preferences.update(reviewer_name="someone else", organisation_name="x", organisation_url="", default_scale="newsroom")
        window.apply_reviewer_name()  # Preferences changed meanwhile
    finally:
        lock.rollback()
        lock.close()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT field, changed_by FROM history WHERE field IN ('verdict', 'claimant') ORDER BY id") \
        == [("verdict", "tester"), ("claimant", "tester")]


def test_undo_twice_first_refused_second_committed_keeps_stack_and_library_in_step(window, library_path, mark,
                                                                                    monkeypatch, qtbot, warnings):
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "verdict", "False")
    window.controller.set_claim_field(claim_id, "claimant", "Mayor")
    window.runner.wait_idle()
    stack = window.controller.stack
    assert stack.index() == 3
    real = SQLiteStore.update_claim
    calls = []

    def flaky(self, claim_id, field, value, **kw):  # the first write meets a busy library, the next does not
        calls.append(field)
        if len(calls) == 1:
            raise LibraryError("The library is busy. Try again in a moment.")
        return real(self, claim_id, field, value, **kw)

    monkeypatch.setattr(SQLiteStore, "update_claim", flaky)
    window.undo_action.trigger()  # undo claimant: refused
    window.undo_action.trigger()  # undo verdict: committed
    window.runner.wait_idle()
    qtbot.wait(100)
    window.runner.wait_idle()
    verdict, claimant = rows(library_path, "SELECT verdict, claimant FROM claims")[0]
    # Whatever the stack says now is what the library holds.
    expected_verdict = "False" if stack.index() >= 2 else None
    expected_claimant = "Mayor" if stack.index() >= 3 else ""
    assert (stack.index(), verdict, claimant) == (stack.index(), expected_verdict, expected_claimant)


def test_nothing_reads_or_writes_the_library_while_a_restore_runs(window, library_path, mark, monkeypatch, warnings,
                                                                   qtbot):
    import sys
    import time

    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    from factcheck.store.backups import make_backup
    from factcheck.ui import backup_controller
    from factcheck.ui.restore_dialog import RestoreDialog

    claim_id = mark(window, QUOTE)
    make_backup(window.library, keep=10)
    real = backup_controller.restore_library
    during = {}

    def slow_restore(location, backup):  # a large library: the copy takes a while
        time.sleep(0.5)
        return real(location, backup)

    def meanwhile():  # what the reviewer (or a timer, or another process) tries while it runs
        dialogs = [w for w in window.findChildren(QProgressDialog) if w.isVisible()]
        during["modal"] = bool(dialogs) and dialogs[0].isModal()
        window.open_article(window.controller.article.id)  # ignored: the library is closed
        during["edited"] = window.controller.set_claim_field(claim_id, "verdict", "False")
        during["status"] = window.statusBar().currentMessage()

    monkeypatch.setattr(backup_controller, "restore_library", slow_restore)
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: 1)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda *a: hooked.append(a[1]))
    from PySide6.QtCore import QTimer

    QTimer.singleShot(100, meanwhile)
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: "edited" in during and not window.backups.restoring, timeout=5000)
    window.runner.wait_idle()
    assert during["modal"] and during["edited"] is False and "being restored" in during["status"]
    assert not hooked and rows(library_path, "SELECT verdict FROM claims") == [(None,)]
    window.open_article(window.controller.article.id)
    window.controller.set_claim_field(claim_id, "verdict", "False")  # after it, the window works as before
    window.runner.wait_idle()
    assert rows(library_path, "SELECT verdict FROM claims") == [("False",)]


def test_the_status_does_not_say_saved_while_the_last_edit_waits(window, library_path, mark, qtbot):
    claim_id = mark(window, QUOTE)
    assert window.saved_label.text() == "Saved"  # the mark
    lock = held_write_lock(library_path)
    try:
        window.controller.set_claim_field(claim_id, "verdict", "False")
        qtbot.wait(300)
        label = window.saved_label.text()
        stored = rows(library_path, "SELECT verdict FROM claims")
    finally:
        lock.rollback()
        lock.close()
    window.runner.wait_idle()
    assert stored == [(None,)]
    assert label != "Saved", "the verdict is not committed, yet the status bar says Saved"


def test_ctrl_z_while_a_verdict_is_in_flight_never_loses_the_claim(window, library_path, mark, warnings):
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "verdict", "False")  # Alt+n; still being written
    window.undo_action.trigger()  # Ctrl+Z: "undo that verdict"
    window.runner.wait_idle()
    window.redo_action.trigger()  # try to get it back
    window.runner.wait_idle()
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT id, verdict FROM claims") == [(claim_id, None)]



def test_undo_then_an_edit_then_redo_asked_while_writing_happen_in_the_order_asked(window, library_path, mark, qtbot):
    claim_id = mark(window, QUOTE)
    c = window.controller
    c.set_claim_field(claim_id, "verdict", "False")
    window.runner.wait_idle()
    lock = held_write_lock(library_path)
    try:
        c.set_claim_field(claim_id, "claimant", "Mayor")  # waits for the lock
        c.undo()  # waits its turn: undoes the claimant
        c.set_claim_field(claim_id, "rationale", "From the police data")  # after that undo
        c.undo()  # undoes the rationale
        c.redo()  # and brings it back
        qtbot.wait(50)
    finally:
        lock.rollback()
        lock.close()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT verdict, claimant, rationale FROM claims") == \
        [("False", "", "From the police data")]
    stack = c.stack
    assert [stack.text(i) for i in range(stack.count())][1:] == ["Set verdict to “False”",
                                                                  "Set rationale to “From the police data”"]
    assert stack.index() == 3


def test_a_quick_undo_redo_undo_is_three_steps_while_the_first_is_still_being_saved(window, library_path, mark,
                                                                                   monkeypatch, qtbot):
    """Undo and Redo follow the steps asked for, not only those saved: the third press is not lost."""
    import threading

    mark(window, QUOTE)
    window.runner.wait_idle()
    held, real = threading.Event(), SQLiteStore.delete_claim
    monkeypatch.setattr(SQLiteStore, "delete_claim", lambda self, *a, **k: held.wait(10) and real(self, *a, **k))
    window.undo_action.trigger()  # being saved, held
    assert window.redo_action.isEnabled() and "Mark claim" in window.redo_action.text()
    window.redo_action.trigger()  # waits its turn
    assert window.undo_action.isEnabled() and "Mark claim" in window.undo_action.text()
    window.undo_action.trigger()  # waits its turn too: was ignored, the action disabled by the stack's own index
    assert not window.undo_action.isEnabled()
    held.set()
    qtbot.waitUntil(lambda: not window.controller.busy())
    window.runner.wait_idle()
    assert rows(library_path, "SELECT COUNT(*) FROM claims") == [(0,)]
    assert window.controller.stack.index() == 0 and window.redo_action.isEnabled()


def test_ctrl_z_while_the_first_edit_of_an_article_is_being_saved_undoes_it(window, library_path, monkeypatch,
                                                                             qtbot):
    import threading

    held, real = threading.Event(), SQLiteStore.add_claim
    monkeypatch.setattr(SQLiteStore, "add_claim", lambda self, *a, **k: held.wait(10) and real(self, *a, **k))
    start = window.controller.article.text.index(QUOTE)
    assert not window.undo_action.isEnabled()
    window.controller.mark_claim(start, start + len(QUOTE))  # being saved, held: not yet on the stack
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    held.set()
    qtbot.waitUntil(lambda: not window.controller.busy())
    window.runner.wait_idle()
    assert rows(library_path, "SELECT COUNT(*) FROM claims") == [(0,)]
    assert window.controller.stack.index() == 0 and "Mark claim" in window.redo_action.text()
