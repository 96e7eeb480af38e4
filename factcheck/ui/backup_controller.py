"""Rolling backups and File ▸ Restore from Backup…, both made off the UI thread by the operation runner.

A backup is a consistent copy of what is committed (SQLite's ``VACUUM INTO``), made
on the runner's worker thread, queued after the edits before it. A restore replaces the library's
file, which no connection may hold open meanwhile: the window waits for the edits in
flight, closes its own connection, and the runner closes its one before the swap; the
window then opens the library again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from factcheck.store import LibraryError, restore_library


class BackupController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.restoring = False
        """While a restore runs the library is closed: nothing may read or write it."""

    def backup_if_due(self, reason: str, edits: int = 1) -> None:
        """A rolling backup when the policy says one is due (on open, after a stretch of edits)."""
        keep = self.window.preferences.backups_keep
        self.window.runner.run(lambda store: store.backup_if_due(reason, edits=edits, keep=keep),
                               self._made, self._not_made)

    def _made(self, outcome) -> None:
        bar = self.window.statusBar()
        if outcome.result is not None and not bar.currentMessage():  # news of the edit or import comes first
            bar.showMessage(f"Backup made: {outcome.result.path.name}", 4000)

    def _not_made(self, error: BaseException) -> None:
        if not isinstance(error, LibraryError):
            sys.excepthook(type(error), error, error.__traceback__)
        self.window.statusBar().showMessage(f"No backup was made: {error}", 10000)

    def restore_from_backup(self) -> None:
        from factcheck.ui.restore_dialog import RestoreDialog

        window = self.window
        location = window.library.location
        dialog = RestoreDialog(window.library.backups(), window)
        if not dialog.exec() or dialog.chosen() is None:
            return
        backup = dialog.chosen()
        window.editor.flush()
        QThreadPool.globalInstance().waitForDone()  # copies made for other factcheck processes finish first
        saved = not window.importer.running() and window.runner.wait_idle()
        if window.importer.running():  # it writes to the very file about to be replaced
            QMessageBox.information(window, "An import is running",
                                    "Restore the backup when the import has finished, or cancel the import first. "
                                    "Nothing was changed.")
            return
        if not saved:
            QMessageBox.information(window, "An edit is being saved",
                                    "An edit is still waiting for the library. Restore the backup once it is "
                                    "saved. Nothing was changed.")
            return
        self.restoring = True
        window.controller.paused = "A backup is being restored: make the edit once it is done."
        progress = QProgressDialog("Restoring the backup…", None, 0, 0, window)
        progress.setWindowTitle("Restore from backup")
        progress.setWindowModality(Qt.WindowModality.WindowModal)  # no click or key reaches the window meanwhile
        progress.setMinimumDuration(0)
        progress.show()
        window.library_closing.emit()  # side windows close their own handles first
        window.library.close()

        def done() -> None:
            progress.close()
            self.restoring = False
            window.controller.paused = ""
            window.reopen_library(location)

        def restored(outcome) -> None:
            kept = outcome.result.kept_as
            done()
            QMessageBox.information(window, "Backup restored",
                                    f"Restored the backup of {backup.made_at:%d %b %Y, %H:%M}."
                                    + (f" The library as it was is kept as {kept.name}." if kept else ""))

        def refused(error: BaseException) -> None:
            done()
            if isinstance(error, LibraryError):
                QMessageBox.warning(window, "Not restored", str(error))
            else:
                sys.excepthook(type(error), error, error.__traceback__)

        window.runner.run(lambda _: restore_library(location, backup), restored, refused, alone=True)
