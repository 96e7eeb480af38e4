"""Article ▸ Assign…: who reviews an article, by when, and at which stage of the desk's work it is.

The stage is written off the UI thread by the window's operation runner; the library
list shows it once committed. A step the desk's rules refuse (assigning to no one) or a
library that cannot take it (read-only, offline, busy) is said in a message box, and
nothing changes.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox,
                               QVBoxLayout)

from factcheck.core.dates import InvalidDate
from factcheck.store import LibraryError
from factcheck.ui.date_field import DateField
from factcheck.ui.library_model import STAGES, stage_label, stage_text

log = logging.getLogger(__name__)


class AssignDialog(QDialog):
    """The stage, the assignee (any name, or one the library knows) and an optional due date."""

    def __init__(self, title: str, stage: str, assignee: str, due: str | None, names: list[str],
                 parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assign the article")
        self.setMinimumWidth(440)
        heading = QLabel(f"“{title}”", objectName="hint", wordWrap=True)
        self.stage = QComboBox(objectName="stageChoice")
        for key in STAGES:
            self.stage.addItem(stage_label(key), key)
        self.stage.setCurrentIndex(max(0, self.stage.findData(stage)))
        self.assignee = QComboBox(objectName="assigneeChoice", editable=True)
        self.assignee.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.assignee.addItems(names)
        self.assignee.setEditText(assignee)
        self.assignee.lineEdit().setPlaceholderText("Who reviews it: a name the desk uses")
        self.assignee.setToolTip("Pick a reviewer who has worked in this library, or type a name")
        self.assignee.lineEdit().textEdited.connect(self._named)
        self.due = DateField(due)
        self.due.setPlaceholderText(f"Optional; {self.due.placeholderText()}")
        self.error = QLabel(objectName="fieldError", wordWrap=True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("&Stage:", self.stage)
        form.addRow("&Assigned to:", self.assignee)
        form.addRow("&Due:", self.due)
        form.addRow("", self.due.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Assign")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _named(self, text: str) -> None:
        """Naming someone for an unassigned article assigns it."""
        if text.strip() and self.stage.currentData() == "unassigned":
            self.stage.setCurrentIndex(self.stage.findData("assigned"))

    def values(self) -> tuple[str, str, str | None]:
        """(stage, assignee, due as ISO or None); raises InvalidDate, or ValueError with a message for the user."""
        stage = self.stage.currentData()
        assignee = " ".join(self.assignee.currentText().split())
        if stage == "assigned" and not assignee:
            raise ValueError("Assign the article to someone: type a name, or choose one.")
        return stage, "" if stage == "unassigned" else assignee, self.due.date()

    def accept(self) -> None:
        self.error.hide()
        self.due.clear_error()
        try:
            self.values()
        except InvalidDate as error:  # said under the date itself
            self.due.show_error(str(error))
            return
        except ValueError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        super().accept()


def assign_article(window, article_id: int | None) -> None:
    """Ask who reviews the article, by when and at which stage, and write it (off the UI thread)."""
    if article_id is None:
        return
    library = window.library
    if window.controller.paused:  # offline: nothing can be saved now
        QMessageBox.warning(window, "Cannot assign the article", window.controller.paused)
        return
    if getattr(library, "read_only", False):
        QMessageBox.information(window, "The library is open read-only",
                                "An article cannot be assigned while the library is open read-only.")
        return
    try:
        summary = library.article_summary(article_id)
        names = library.reviewer_names()
    except KeyError:
        window.statusBar().showMessage(f"Article {article_id} is no longer in the library.", 5000)
        return
    except LibraryError as error:
        QMessageBox.warning(window, "Cannot assign the article", str(error))
        return
    dialog = AssignDialog(summary.title, summary.stage, summary.assignee or "", summary.due, names, window)
    if not dialog.exec():
        return
    stage, assignee, due = dialog.values()
    if window.controller.paused:  # went offline meanwhile: nothing can be saved now
        QMessageBox.warning(window, "Not assigned", window.controller.paused)
        return

    def done(outcome) -> None:
        shown = stage_text(outcome.summaries.get(article_id) or summary, window.runner.user)
        window.statusBar().showMessage(f"“{summary.title}”: {shown or 'unassigned'}.", 8000)

    window.runner.run(lambda store: store.set_article_stage(article_id, stage, assignee, due), done,
                      lambda error: _not_assigned(window, summary.title, error), what="Assigning the article")


def _not_assigned(window, title: str, error: BaseException) -> None:
    from factcheck.core.workflow import WorkflowError

    if isinstance(error, (WorkflowError, LibraryError)):
        message = str(error)
    elif isinstance(error, KeyError):
        message = "The article is no longer in the library."
    else:  # a bug: its traceback goes to the log and the crash dialog
        sys.excepthook(type(error), error, error.__traceback__)
        return
    log.warning("article not assigned: %s", message)
    QMessageBox.warning(window, "Not assigned", f"“{title}” was not assigned. {message}")
