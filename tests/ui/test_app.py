"""Starting the window: one window per library, and a word after an unclean shutdown."""

from __future__ import annotations

import json
import signal
import socket
import sys
import textwrap
import threading
import time

import pytest
from PySide6.QtCore import QRunnable, QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox

from factcheck.store import SQLiteStore, LibraryInUse, LibraryLock, window_channel
from factcheck.store.library_lock import hold_for_command
from factcheck.store.window_channel import WindowUnreachable
from factcheck.ui import app

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the child is killed with SIGKILL")

HOLD = textwrap.dedent("""
    import sys
    from factcheck.store import SQLiteStore, LibraryLock
    lock = LibraryLock.acquire(sys.argv[1])
    library = SQLiteStore.open(sys.argv[1])
    print("open", flush=True)
    sys.stdin.read()
""")


@pytest.fixture
def other_window(library_path, child_process):
    """Another process that has the library open as a window does (lock, then library)."""
    return child_process(HOLD, library_path, ready="open")


iconed: list[bool] = []
"""For each box :func:`boxes` saw, whether factcheck's icon was set when it showed."""


@pytest.fixture
def boxes(monkeypatch, qapp, qtbot):
    """Message boxes run_window would show, and a window that returns as soon as it is shown."""
    shown: list[tuple[str, str, str]] = []
    iconed.clear()
    from PySide6.QtGui import QIcon

    qapp.setWindowIcon(QIcon())  # as at a start: no icon yet (set after the first paint)

    def show(parent, title, text, *args, kind):
        iconed.append(not QApplication.windowIcon().isNull())
        shown.append((kind, title, text))

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text, *a, kind=kind: show(parent, title, text,
                                                                                              kind=kind))
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
    assert iconed == [True]  # shown before any window: it sets factcheck's icon itself


def test_after_an_unclean_shutdown_the_window_says_what_the_check_found(library_path, other_window, boxes):
    other_window.send_signal(signal.SIGKILL)
    other_window.wait()
    assert app.run_window(library_path, []) == 0
    [(kind, title, text)] = boxes
    assert kind == "information"
    assert "did not close this library properly" in text and "no damage was found" in text
    assert "every saved edit" not in text  # not something a check can verify
    assert iconed == [True]  # shown just after the window, before its icon would be set
    LibraryLock.acquire(library_path).release()  # the window let go of the library
    library = SQLiteStore.open(library_path)
    try:
        assert library.recovery_report is None  # the window closed cleanly
    finally:
        library.close()


def test_after_a_clean_shutdown_nothing_is_said(library_path, boxes):
    SQLiteStore.open(library_path).close()
    assert app.run_window(library_path, []) == 0
    assert boxes == []


def test_a_damaged_library_offers_its_newest_good_backup(library_path, boxes, monkeypatch):
    from factcheck.core.anchors import make_anchor
    from factcheck.core.articles import Article
    from factcheck.core.claims import Claim
    from factcheck.store.backups import make_backup

    library = SQLiteStore.open(library_path)
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
    restored = SQLiteStore.open(library_path)
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

    library = SQLiteStore.open(library_path)
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


# ------------------------------------------------------------- a second launch

class AnsweringWindow:
    """The other window's side of the channel, played by a plain socket in a thread: each request is
    acknowledged, then answered with ``answers[op]``; the requests are kept in ``requests``."""

    def __init__(self, library_path, answers: dict) -> None:
        self.answers = answers
        self.requests: list[dict] = []
        self.path = window_channel.socket_path(library_path)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(self.path))
        self.listener.listen()
        self.listener.settimeout(0.1)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(10)
                line = connection.makefile("rb").readline()
                if not line:
                    continue  # a probe: is anyone listening?
                request = json.loads(line)
                self.requests.append(request)
                connection.sendall(b'{"ack": true}\n' + json.dumps(self.answers[request["op"]]).encode() + b"\n")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(10)
        self.listener.close()
        self.path.unlink(missing_ok=True)


@pytest.fixture
def answering_window(library_path, other_window):
    started: list[AnsweringWindow] = []

    def start(answers: dict) -> AnsweringWindow:
        started.append(AnsweringWindow(library_path, answers))
        return started[-1]

    yield start
    for window in started:
        window.close()


def test_a_second_launch_brings_the_window_forward_and_succeeds(library_path, answering_window, boxes):
    other = answering_window({"raise": {"ok": True}})
    assert app.run_window(library_path, []) == 0  # it did what the user wanted
    assert [r["op"] for r in other.requests] == ["raise"]
    [(kind, title, text)] = boxes
    assert kind == "information" and "brought to the front" in text


def test_a_second_launch_with_files_hands_them_over_and_succeeds(library_path, answering_window, boxes, tmp_path):
    article = tmp_path / "crime.txt"
    article.write_text("Mayor says crime fell\n\nCrime fell.\n", encoding="utf-8")
    other = answering_window({"raise": {"ok": True}, "import": {
        "ok": True, "cancelled": False, "failures": [],
        "results": [{"article_id": 2, "title": "Mayor says crime fell", "created": True}]}})
    assert app.run_window(library_path, [article]) == 0
    assert [r["op"] for r in other.requests] == ["import", "raise"]
    assert other.requests[0]["sources"] == [str(article)]
    assert boxes == []


def test_a_second_launch_with_files_shows_what_failed_and_exits_1(library_path, answering_window, boxes, tmp_path):
    files = [tmp_path / "empty.txt", tmp_path / "fine.txt"]
    answering_window({"raise": {"ok": True}, "import": {
        "ok": True, "cancelled": False,
        "results": [{"article_id": 2, "title": "Fine", "created": True}],
        "failures": [{"source": str(files[0]), "message": f"{files[0]} is empty: there is no article in it."}]}})
    assert app.run_window(library_path, files) == 1
    [(kind, title, text)] = boxes
    assert kind == "warning" and title == "Some articles were not imported"
    assert f"{files[0]} is empty: there is no article in it." in text


def test_on_windows_a_second_window_is_refused_at_once(library_path, other_window, boxes, monkeypatch):
    """No channel there (window_channel.SUPPORTED is False): nothing to poll for."""
    monkeypatch.setattr(window_channel, "SUPPORTED", False)

    def polled(*args, **kwargs):
        raise AssertionError("polled a channel that Windows does not have")

    monkeypatch.setattr(window_channel, "reachable", polled)
    monkeypatch.setattr(window_channel, "ask", polled)
    assert app.run_window(library_path, []) == 1
    [(kind, title, text)] = boxes
    assert kind == "warning" and "already open in another factcheck window" in text


# ------------------------------------------------------------- closing the window

def _the_window():
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "mainWindow" and widget.isVisible():
            return widget
    return None


class _Job:
    """An import still running when the window closes; it notes being cancelled."""

    class signals:
        class progress:
            @staticmethod
            def connect(slot) -> None:
                pass

    def __init__(self, cancelled: list) -> None:
        self._cancelled = cancelled

    def cancel(self) -> None:
        self._cancelled.append(self)


def test_the_window_lets_go_of_the_library_only_once_its_work_has_stopped(library_path, boxes, monkeypatch, qtbot):
    """Closing stops the channel, cancels imports, waits for the threads, then closes the library and the lock."""
    lock_while_working: list[str] = []
    cancelled: list[_Job] = []
    jobs: list[_Job] = []
    asked: list = []
    own_import = _Job(cancelled)

    class StillWorking(QRunnable):  # a snapshot or a backup for a command, on the thread pool
        def run(self) -> None:
            time.sleep(0.3)
            try:
                LibraryLock.acquire(library_path).release()
                lock_while_working.append("released")
            except LibraryInUse:
                lock_while_working.append("held")

    def ask() -> None:
        try:
            asked.append(window_channel.ask(library_path, {"op": "import", "sources": ["/nowhere/a.txt"]}))
        except Exception as error:
            asked.append(error)

    command = threading.Thread(target=ask, daemon=True)

    def run_then_close(*_):
        window = _the_window()
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: getattr(window, "channel_server", None) is not None, timeout=10000)
        window.import_from_command = lambda sources, done: jobs.append(_Job(cancelled)) or jobs[-1]
        window.importer.job = own_import  # the window's own import
        command.start()
        qtbot.waitUntil(lambda: bool(jobs), timeout=10000)
        QThreadPool.globalInstance().start(StillWorking())
        return 0

    monkeypatch.setattr(QApplication, "exec", run_then_close)
    assert app.run_window(library_path, []) == 0
    assert lock_while_working == ["held"]
    assert jobs[0] in cancelled and own_import in cancelled
    command.join(30)
    assert not command.is_alive(), "the command still waits for a window that has closed"
    [error] = asked
    assert isinstance(error, WindowUnreachable) and "some of the work may have been done" in str(error)
    assert not window_channel.reachable(library_path)  # the channel is gone with the window


def test_a_window_that_cannot_listen_tells_commands_so_at_once(library_path, boxes, monkeypatch, qtbot, caplog):
    blocked = window_channel.socket_path(library_path)
    blocked.mkdir()  # something else sits where the window's socket would go
    (blocked / "keep").write_text("")
    refusals: list[str] = []

    def run_then_close(*_):
        window = _the_window()
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: getattr(window, "channel_server", None) is not None, timeout=10000)
        try:
            hold_for_command(library_path, "list", timeout_s=3)
        except Exception as error:
            refusals.append(str(error))
        return 0

    monkeypatch.setattr(QApplication, "exec", run_then_close)
    assert app.run_window(library_path, []) == 0
    assert "cannot listen" in caplog.text
    [refusal] = refusals
    assert "cannot take work from other factcheck processes" in refusal and str(blocked) in refusal
