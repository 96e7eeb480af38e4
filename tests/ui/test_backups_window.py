"""Rolling backups from the window, and File ▸ Restore from Backup…"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from PySide6.QtWidgets import QMessageBox

from factcheck.store.backups import list_backups, make_backup
from factcheck.ui.restore_dialog import RestoreDialog

QUOTE = "Putin & I discussed forming an impenetrable Cyber Security unit"


def rows(path, sql, params=()):
    with closing(sqlite3.connect(path)) as conn:  # closed: restore refuses while others have it open
        return conn.execute(sql, params).fetchall()


def test_a_backup_is_made_after_a_stretch_of_edits(window, library_path, mark):
    claim_id = mark(window, QUOTE)
    before = len(list_backups(library_path))
    for n in range(205):  # the policy makes one every 200 edits
        window.controller.set_claim_field(claim_id, "rationale", f"draft {n}")
    window.runner.wait_idle()
    backups = list_backups(library_path)
    assert len(backups) > before
    assert backups[0].ok and backups[0].claim_count == 1


def test_restoring_a_backup_brings_back_its_claims_and_keeps_the_current_library(
        window, library_path, mark, monkeypatch, warnings):
    first = mark(window, QUOTE)
    window.controller.set_claim_field(first, "verdict", "Misleading")
    window.runner.wait_idle()
    backup = make_backup(window.library, keep=10)
    window.controller.delete_claim(first)  # the edit the user regrets
    window.runner.wait_idle()
    assert rows(library_path, "SELECT count(*) FROM claims") == [(0,)]

    shown = []
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: shown.append(self) or 1)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    window.restore_action.trigger()
    window.runner.wait_idle()

    dialog = shown[0]
    assert dialog.chosen().path == backup.path
    assert warnings == []
    assert rows(library_path, "SELECT id, verdict FROM claims") == [(first, "Misleading")]
    assert window.claims_model.claim(first).verdict == "Misleading"
    assert "kept as" in shown[1]
    kept = [p for p in library_path.parent.iterdir() if ".before-restore" in p.name and p.suffix != ".db-wal"]
    assert kept, "the library as it was is kept beside the restored one"
    assert window.controller.stack.count() == 0  # undo history of the replaced library is gone
    window.controller.set_claim_field(first, "claimant", "Donald Trump")  # and editing works on
    window.runner.wait_idle()
    assert rows(library_path, "SELECT claimant FROM claims") == [("Donald Trump",)]


def test_the_restore_dialog_lists_backups_with_their_contents(window, qtbot, library_path, mark):
    mark(window, QUOTE)
    make_backup(window.library, keep=10)
    dialog = RestoreDialog(list_backups(library_path), window)
    qtbot.addWidget(dialog)
    texts = [dialog.table.item(0, c).text() for c in range(3)]
    assert texts[1] == "1" and texts[2] == "1"  # one article, one claim
    assert dialog.restore_button.isEnabled()
