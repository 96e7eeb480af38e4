"""Starting the window: the Qt application, logging, errors, the library, the seed."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QtMsgType, QTimer, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from factcheck import __version__
from factcheck.assets import resource
from factcheck.operations import ensure_seed_article
from factcheck.store import Library, LibraryDamaged, LibraryError, LibraryInUse, RecoveryReport, WindowLock
from factcheck.ui.main_window import MainWindow
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
    app.setWindowIcon(QIcon(str(resource("icons", "factcheck.svg"))))
    return app


def apply_style(app: QApplication) -> None:
    """The stylesheet, applied once the main window exists.

    Qt re-polishes every widget it reparents while an application stylesheet is
    set; building the window first and styling it once saves ~50 ms of start-up.
    """
    if not app.styleSheet():
        app.setStyleSheet(resource("style.qss").read_text(encoding="utf-8"))


def open_window(library: Library, preferences: Preferences, files: list[Path] = ()) -> MainWindow:
    """Build the window on a library; import ``files``, or show the last (or seed) article."""
    seeded = ensure_seed_article(library)
    window = MainWindow(library, preferences)
    apply_style(QApplication.instance())
    if files:
        window.import_paths(list(files))
    else:
        wanted = seeded or preferences.last_article()
        available = [a.id for a in library.articles()]
        if available:
            window.open_article(wanted if wanted in available else available[0])
    return window


def run_window(db_path: Path, files: list[Path]) -> int:
    """The window on ``db_path``: one window per library (see :mod:`factcheck.store.window_lock`)."""
    qInstallMessageHandler(_qt_message)
    sys.excepthook = _excepthook
    app = create_application()
    preferences = Preferences(open_settings())
    try:
        lock = WindowLock.acquire(db_path)
    except LibraryInUse as error:
        from factcheck.ui.single_window import knock

        forward = " It has been brought to the front." if knock(db_path) else ""
        QMessageBox.warning(None, "The library is already open", f"{error}{forward}")
        return 1
    try:
        library = _open_library(db_path, preferences)
        if library is None:
            return 1
        window = open_window(library, preferences, files)
        try:
            window.show()
            QTimer.singleShot(200, window, lambda: _listen_for_other_launches(db_path, window))
            _report_recovery(window, library.recovery_report)
            QTimer.singleShot(1000, window, lambda: window.backup_if_due("open"))  # after the first paint
            return app.exec()
        finally:
            window.library.close()  # after a restore, the window holds a new connection
    finally:
        lock.release()


def _listen_for_other_launches(db_path: Path, window) -> None:
    from factcheck.ui.single_window import listen  # after the first paint: not on the start-up path

    window.single_window_server = listen(db_path, window)


def _open_library(db_path: Path, preferences: Preferences) -> Library | None:
    """Open the library; if it is damaged, offer its newest good backup. None: the user was told."""
    try:
        return Library.open(db_path, user=preferences.reviewer_name)
    except LibraryDamaged as error:
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
                return Library.open(db_path, user=preferences.reviewer_name)
            except LibraryError as again:
                problems.append(str(again))
        QMessageBox.critical(None, "No backup could be restored", "\n\n".join(problems))
        return None
    except LibraryError as error:
        QMessageBox.critical(None, "Cannot open the library", str(error))
        return None


def _report_recovery(window, report: RecoveryReport | None) -> None:
    """After an unclean shutdown, say what the integrity check found."""
    if report is None:
        return
    if report.ok:
        QMessageBox.information(window, "factcheck was not closed properly", report.message)
    else:
        QMessageBox.warning(window, "The library may be damaged", report.message)
