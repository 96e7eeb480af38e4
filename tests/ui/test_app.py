"""Starting the window: one window per library, and a word after an unclean shutdown."""

from __future__ import annotations

import signal
import sys
import textwrap

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from factcheck.store import Library, LibraryLock
from factcheck.ui import app

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the child is killed with SIGKILL")

HOLD = textwrap.dedent("""
    import sys
    from factcheck.store import Library, LibraryLock
    lock = LibraryLock.acquire(sys.argv[1])
    library = Library.open(sys.argv[1])
    print("open", flush=True)
    sys.stdin.read()
""")


@pytest.fixture
def other_window(library_path, child_process):
    """Another process that has the library open as a window does (lock, then library)."""
    return child_process(HOLD, library_path, ready="open")


@pytest.fixture
def boxes(monkeypatch, qapp, qtbot):
    """Message boxes run_window would show, and a window that returns as soon as it is shown."""
    shown: list[tuple[str, str, str]] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind,
                            lambda parent, title, text, *a, kind=kind: shown.append((kind, title, text)))
    monkeypatch.setattr(app, "qInstallMessageHandler", lambda handler: None)  # keep pytest-qt's
    monkeypatch.setattr("sys.excepthook", sys.excepthook)  # restored afterwards

    def exec_returns(*_):
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "mainWindow" and widget.isVisible():
                qtbot.addWidget(widget)  # closed after the test
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_returns)
    return shown


def test_a_second_window_on_the_library_is_refused_with_a_message(library_path, other_window, boxes):
    assert app.run_window(library_path, []) == 1
    [(kind, title, text)] = boxes
    assert kind == "warning"
    assert title == "The library is already open"
    assert str(library_path) in text and "already open in another factcheck window" in text


def test_after_an_unclean_shutdown_the_window_says_what_the_check_found(library_path, other_window, boxes):
    other_window.send_signal(signal.SIGKILL)
    other_window.wait()
    assert app.run_window(library_path, []) == 0
    [(kind, title, text)] = boxes
    assert kind == "information"
    assert "did not close this library properly" in text and "no damage was found" in text
    assert "every saved edit" not in text  # not something a check can verify
    LibraryLock.acquire(library_path).release()  # the window let go of the library
    library = Library.open(library_path)
    try:
        assert library.recovery_report is None  # the window closed cleanly
    finally:
        library.close()


def test_after_a_clean_shutdown_nothing_is_said(library_path, boxes):
    Library.open(library_path).close()
    assert app.run_window(library_path, []) == 0
    assert boxes == []


def test_a_damaged_library_offers_its_newest_good_backup(library_path, boxes, monkeypatch):
    from factcheck.core.anchors import make_anchor
    from factcheck.core.articles import Article
    from factcheck.core.claims import Claim
    from factcheck.store.backups import make_backup

    library = Library.open(library_path)
    article = library.add_article(Article(title="Budget", text="The budget grew by 4% last year."))
    library.add_claim(Claim(anchor=make_anchor(article.text, 4, 21), article_id=article.id))
    make_backup(library, keep=5)
    library.close()
    data = bytearray(library_path.read_bytes())
    data[4096:8192] = b"\x5a" * 4096  # a page overwritten: the header still says SQLite
    library_path.write_bytes(bytes(data))
    damaged = bytes(data)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)

    assert app.run_window(library_path, []) == 0

    assert asked and "Restore the newest good backup" in asked[0]
    restored = Library.open(library_path)
    try:
        assert "Budget" in [a.title for a in restored.articles()]
        assert len(restored.claims(article.id)) == 1
    finally:
        restored.close()
    kept = [p for p in library_path.parent.iterdir() if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert kept and kept[0].read_bytes() == damaged  # the damaged file is kept, never overwritten


def test_a_damaged_library_stays_in_place_when_a_backup_will_not_restore(library_path, boxes, monkeypatch):
    from factcheck.core.articles import Article
    from factcheck.store import backups
    from factcheck.store.backups import make_backup

    library = Library.open(library_path)
    library.add_article(Article(title="Budget", text="The budget grew by 4% last year."))
    older = make_backup(library, keep=5)
    library.close()
    data = bytearray(library_path.read_bytes())
    data[4096:8192] = b"\x5a" * 4096
    library_path.write_bytes(bytes(data))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    real = backups.restore_backup
    tried = []

    def refuse_all(backup_path, path, **kw):
        tried.append(backup_path)
        raise backups.LibraryError(f"{backup_path} fails its integrity check. Nothing was changed.")

    monkeypatch.setattr(backups, "restore_backup", refuse_all)
    assert app._open_library(library_path, app.Preferences(app.open_settings())) is None
    assert tried and tried[0] == older.path
    assert library_path.read_bytes() == bytes(data)  # still there, as it was: nothing renamed
    assert boxes[-1][1] == "No backup could be restored"
    monkeypatch.setattr(backups, "restore_backup", real)


HOLD_AS_COMMAND = textwrap.dedent("""
    import sys
    from factcheck.store import LibraryLock
    lock = LibraryLock.acquire(sys.argv[1], "command", "import")
    print("held", flush=True)
    sys.stdin.read()
""")


def test_a_window_waits_for_a_command_working_on_the_library_then_opens(library_path, child_process, boxes):
    import threading

    command = child_process(HOLD_AS_COMMAND, library_path, ready="held")
    threading.Timer(0.5, command.stdin.close).start()  # the import finishes
    assert app.run_window(library_path, []) == 0
    assert boxes == []


def test_waiting_for_a_command_can_be_cancelled(library_path, child_process, boxes, monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    child_process(HOLD_AS_COMMAND, library_path, ready="held")
    shown = []
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: shown.append(self.labelText()) or True)
    assert app.run_window(library_path, []) == 1
    assert "Waiting for a factcheck command (import)" in shown[0]
    assert not library_path.exists()  # the window never opened the library
