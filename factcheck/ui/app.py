"""Starting the window: the Qt application, logging, errors, the library, the seed."""

from __future__ import annotations

import gc
import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QThreadPool, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from factcheck import __version__
from factcheck.assets import resource
from factcheck.store import Store, open_store, is_shared, LibraryDamaged, LibraryError, LibraryInUse, RecoveryReport
from factcheck.store.library_lock import COMMAND, LibraryLock
from factcheck.ui.main_window import MainWindow
from factcheck.ui.palettes import follow_palette
from factcheck.ui.settings import Preferences, open_settings

log = logging.getLogger("factcheck.ui")
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind, context, message) -> None:
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def _excepthook(kind, value, tb) -> None:
    """A bug: log the traceback and tell the user, instead of dying silently."""
    log.critical("unexpected error", exc_info=(kind, value, tb))
    app = QApplication.instance()
    if app is not None:
        set_icon(app)
        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                          f"factcheck hit a bug: {value}\n\nYour saved work is safe in the library. "
                          "The details below help us fix it.")
        box.setDetailedText("".join(traceback.format_exception(kind, value, tb)))
        box.exec()


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("factcheck")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("factcheck")
    return app


def set_icon(app: QApplication | None = None) -> None:
    """factcheck's icon on its windows. The window sets it just after its first paint (reading the SVG
    loads Qt's SVG icon engine: some 2 ms a start would otherwise wait for); a message shown before
    the window (the library in use, damaged, out of reach) sets it first."""
    from PySide6.QtGui import QIcon

    app = app or QApplication.instance()
    if app is not None and app.windowIcon().isNull():
        app.setWindowIcon(QIcon(str(resource("icons", "factcheck.svg"))))


def apply_style(app: QApplication) -> None:
    """The stylesheet, in the colours of the palette in use, applied once the main window exists.

    Qt re-polishes every widget it reparents while an application stylesheet is
    set; building the window first and styling it once saves ~50 ms of start-up.
    From then on the stylesheet follows the palette (a desktop switched to dark
    mode): see :mod:`factcheck.ui.palettes`.
    """
    follow_palette(app)


def open_window(library: Store, preferences: Preferences, files: list[Path] = ()) -> MainWindow:
    """Build the window on a library; import ``files``, or show the last (or seed) article.

    A shared library gets no seed article: it is the desk's, not a place to learn in.
    """
    seeded = _seed(library)
    window = MainWindow(library, preferences)
    apply_style(QApplication.instance())
    if files:
        window.import_paths(list(files))
    else:
        shown = _article_to_show(library, seeded or preferences.last_article())
        if shown is not None:
            window.open_article(shown)
    return window


def _seed(library: Store) -> int | None:
    """The seed article's id on a local library's first launch (see ensure_seed_article); else None.

    Every later launch asks only the library: the importing is loaded for the first one.
    """
    if is_shared(library.location) or library.get_property("seeded"):
        return None
    from factcheck.operations_add import ensure_seed_article

    return ensure_seed_article(library)


def _article_to_show(library: Store, wanted: int | None) -> int | None:
    """``wanted`` if the list shows it (it exists, not archived), else the newest article; None if none.

    The usual case, the article open when the window last closed, reads that one summary
    and not the whole list.
    """
    if wanted is not None:
        try:
            if library.article_summary(wanted).archived_at is None:
                return wanted
        except KeyError:  # deleted since
            pass
    listed = library.articles()
    return listed[0].id if listed else None


def run_window(db_path: Path | str, files: list[Path]) -> int:
    """The window on ``db_path``: a library file, which it holds alone while open (see
    :mod:`factcheck.store.library_lock`), or the URL of a shared library, which the desk
    shares (no lock, no channel: other programs write it at the same time)."""
    qInstallMessageHandler(_qt_message)
    sys.excepthook = _excepthook
    app = create_application()
    preferences = Preferences(open_settings())
    shared = is_shared(db_path)
    lock = None if shared else _hold_library(db_path, files)
    if isinstance(lock, int):  # another process has the library; the user was told
        return lock
    try:
        library = _open_shared(db_path) if shared else _open_library(db_path, preferences)
        if library is None:
            return 1
        window = open_window(library, preferences, files)
        later = [] if shared else [
            _after(200, window, lambda: _serve_other_processes(db_path, window, lock)),
            _after(1000, window, lambda: window.backup_if_due("open"))]  # after the first paint
        later.append(_after(50, window, lambda: set_icon(app)))
        later.append(_after(100, window, window.editor.build_form))  # no claim is selected at first: see build_form
        if not preferences.reviewer_name and not shared:  # the first launch: ask how to name this reviewer
            later.append(_after(300, window, lambda: ask_reviewer_name(window)))
        try:
            window.show()
            later.append(_after(0, window, _collect_garbage_again))
            _report_recovery(window, library.recovery_report)
            return app.exec()
        finally:
            for timer in later:  # nothing may touch the library once it is closed
                timer.stop()
            _stop_work(window)
            window.desk.close()
            window.library.close()  # after a restore, the window holds a new connection
    finally:
        if lock is not None:
            lock.release()


def _collect_garbage_again() -> None:
    """Once the window shows: set what start-up made aside for good, and collect garbage again.

    A start from the command line (:func:`factcheck.cli.open_window`) turns collection off while
    it loads the modules and builds the window, which live as long as the process.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _open_shared(url: str) -> Store | None:
    """The shared library at ``url``, or None once the user was told why not (server away, wrong password)."""
    try:
        return open_store(url)
    except LibraryError as error:
        set_icon()
        QMessageBox.critical(None, "Cannot open the shared library", str(error))
        return None


def _stop_work(window) -> None:
    """Before the library closes and its lock goes: no new requests, imports cancelled, every thread done.

    The channel stops taking requests; imports (the window's own, and those handed over)
    are cancelled between files, keeping what they imported; a snapshot or a backup made
    for a command finishes. Only then may the library close and its lock be released, so
    that no thread of this process still has the files open when another process may
    open them. Requests not answered see their connection close: the other process says
    that some of the work may have been done.
    """
    server = getattr(window, "channel_server", None)
    if server is not None:
        server.close()
        server.cancel_imports()
    importer = getattr(window, "importer", None)
    if importer is not None and importer.job is not None:
        importer.job.cancel()
    QThreadPool.globalInstance().waitForDone()
    if server is not None:
        server.drop_requests()


def ask_reviewer_name(window) -> bool:
    """Ask for the name that reports and the history will show, pre-filled with the account's full name.

    True if a name was given; without one, edits are recorded with no name (never the
    login name) and Preferences can set it later.
    """
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    from factcheck.accounts import account_full_name

    name, ok = QInputDialog.getText(
        window, "Your name",
        "factcheck records who made each change, and reports name the reviewer of each claim.\n"
        "How should they name you? (Preferences can change it later.)",
        QLineEdit.EchoMode.Normal, account_full_name())
    if not ok or not name.strip():
        window.statusBar().showMessage("No reviewer name yet: File ▸ Preferences sets it.", 10000)
        return False
    window.preferences.set_reviewer_name(name)
    window.apply_reviewer_name()
    return True


def _after(ms: int, window, slot) -> QTimer:
    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.timeout.connect(slot)
    timer.start(ms)
    return timer


def _hold_library(db_path: Path, files: list) -> LibraryLock | int:
    """The library's lock for this window, or the exit status when another process keeps it.

    A command working on the library is waited for (it is quick), with a dialog that can
    be cancelled. Another window on the library comes to the front and takes ``files``.
    """
    waiting = None
    unknown = 0
    while True:
        try:
            lock = LibraryLock.acquire(db_path)
        except LibraryInUse as error:
            from PySide6.QtCore import QThread  # only to wait: a window that starts alone needs none

            holder = error.holder
            if holder is None and unknown < 20:  # its holder has not written its details yet
                unknown += 1
                QThread.msleep(50)
                continue
            if holder is not None and holder.kind == COMMAND:
                if waiting is None:
                    waiting = _waiting_dialog(f"Waiting for {holder.describe()} to finish with "
                                                      f"{db_path}…")
                if waiting.wasCanceled():
                    return 1
                QApplication.processEvents()
                QThread.msleep(50)
                continue
            if waiting is not None:
                waiting.close()
            return _hand_over_to_other_window(db_path, files, error)
        except LibraryError as error:  # a lock that cannot be taken where the library is writable
            if waiting is not None:
                waiting.close()
            set_icon()
            QMessageBox.critical(None, "Cannot open the library", str(error))
            return 1
        if waiting is not None:
            waiting.close()
        return lock


def _waiting_dialog(text: str):
    from PySide6.QtWidgets import QProgressDialog

    set_icon()
    dialog = QProgressDialog(text, "Cancel", 0, 0)
    dialog.setWindowTitle("factcheck")
    dialog.setMinimumDuration(300)
    return dialog


def _hand_over_to_other_window(db_path: Path, files: list, error: LibraryInUse) -> int:
    """Bring the window that holds the library forward and hand it ``files``; the exit status.

    0 when the other window did what was asked (came forward, imported every file); 1
    when it could not be reached, or some files were not imported (listed in a box, as
    the window's own imports list them).
    """
    from PySide6.QtCore import QThread

    from factcheck.store import window_channel  # only now: a window that starts alone needs none

    title = "The library is already open"
    holder = error.holder
    set_icon()
    if not window_channel.SUPPORTED:  # Windows: no channel to hand anything over (library_lock)
        QMessageBox.warning(None, title, str(error))
        return 1
    if holder is not None and holder.no_channel:
        QMessageBox.warning(None, title, f"{error}\n\nThat window cannot take work from other factcheck "
                                         f"processes: {holder.no_channel}.")
        return 1
    try:
        for _ in range(20):  # a window that is starting listens a moment after it shows
            if window_channel.reachable(db_path):
                break
            QThread.msleep(100)
        answer = None
        if files:
            wanted = [f if isinstance(f, str) else str(Path(f).expanduser().absolute()) for f in files]
            answer = window_channel.ask(db_path, {"op": "import", "sources": wanted})
        window_channel.ask(db_path, {"op": "raise"})
    except LibraryError as problem:
        QMessageBox.warning(None, title, f"{error}\n\n{problem}")
        return 1
    if answer is None:
        QMessageBox.information(None, title, f"{error} It has been brought to the front.")
        return 0
    failures = [str(f.get("message", f.get("source", ""))) for f in answer.get("failures", [])]
    if failures:
        QMessageBox.warning(None, "Some articles were not imported", _failures_text(failures))
    return 1 if failures or answer.get("cancelled") else 0


def _failures_text(messages: list[str]) -> str:
    """What failed, as the window's own imports list it."""
    return ("Nothing was changed for these:\n\n" + "\n\n".join(messages[:20])
            + (f"\n\n… and {len(messages) - 20} more." if len(messages) > 20 else ""))


def _serve_other_processes(db_path: Path, window, lock: LibraryLock) -> None:
    """Listen for other factcheck processes; if the window cannot, the lock file says so to them."""
    from factcheck.store import window_channel  # after the first paint

    if not window_channel.SUPPORTED:
        return  # nobody there speaks the channel: commands open the library beside the window
    from factcheck.ui.window_channel_server import WindowChannelServer  # after the first paint

    window.channel_server = WindowChannelServer(db_path, window)
    if window.channel_server.problem is not None:
        lock.note_no_channel(window.channel_server.problem)
        window.statusBar().showMessage("factcheck commands cannot reach this window; close it before running "
                                       "one on this library.", 15000)


def _open_library(db_path: Path, preferences: Preferences) -> Store | None:
    """Open the library; if it is damaged, offer its newest good backup. None: the user was told."""
    try:
        return open_store(db_path, user=preferences.reviewer_name, seeded=True)  # nothing there: a copy, seeded
    except LibraryDamaged as error:
        set_icon()
        if error.backup is None:
            QMessageBox.critical(None, "The library is damaged", str(error))
            return None
        answer = QMessageBox.question(
            None, "The library is damaged",
            f"{error}\n\nRestore the newest good backup now? The damaged file is kept, renamed, either way.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        from factcheck.store.backups import list_backups, restore_backup

        # The offered backup first, then the older good ones: restore_backup checks each in
        # full and sets the damaged library aside (with its -wal) only once a copy is sound.
        candidates = [error.backup] + [b.path for b in list_backups(db_path) if b.ok and b.path != error.backup]
        problems = []
        for backup in candidates:
            try:
                restore_backup(backup, db_path)
                return open_store(db_path, user=preferences.reviewer_name)
            except LibraryError as again:
                problems.append(str(again))
        QMessageBox.critical(None, "No backup could be restored", "\n\n".join(problems))
        return None
    except LibraryError as error:
        set_icon()
        QMessageBox.critical(None, "Cannot open the library", str(error))
        return None


def _report_recovery(window, report: RecoveryReport | None) -> None:
    """After an unclean shutdown, say what the integrity check found."""
    if report is None:
        return
    set_icon()
    if report.ok:
        QMessageBox.information(window, "factcheck was not closed properly", report.message)
    else:
        QMessageBox.warning(window, "The library may be damaged", report.message)
