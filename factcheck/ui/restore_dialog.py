"""File ▸ Restore from Backup…: pick one of the library's backups, by time and contents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from factcheck.store.backups import Backup


def describe_count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


class RestoreDialog(QDialog):
    def __init__(self, backups: list[Backup], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.resize(640, 420)
        self.backups = backups
        intro = QLabel("Restoring replaces the library with the backup. The library as it is now is kept "
                       "beside it, renamed, so nothing is lost.", wordWrap=True)
        self.table = QTableWidget(len(backups), 4)
        self.table.setHorizontalHeaderLabels(["Made", "Articles", "Claims", "Note"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, backup in enumerate(backups):
            note = backup.problem if not backup.ok else (
                "taken before a schema update" if backup.label == "before-migration" else backup.label)
            cells = (backup.made_at.strftime("%d %b %Y, %H:%M:%S"), describe_count(backup.article_count),
                     describe_count(backup.claim_count), note)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not backup.ok:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)  # a damaged backup cannot be chosen
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel("There are no backups of this library yet. factcheck makes one when the "
                            "library is opened and after every stretch of edits.", wordWrap=True)
        self.empty.setVisible(not backups)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(self.chosen() is not None))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        first_good = next((row for row, b in enumerate(backups) if b.ok), None)
        if first_good is not None:
            self.table.selectRow(first_good)

    def chosen(self) -> Backup | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        backup = self.backups[rows.pop()]
        return backup if backup.ok else None
