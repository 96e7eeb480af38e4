"""Small widgets shared by the panels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A centred message telling the user what to do when there is nothing to show."""

    def __init__(self, heading: str, hint: str, parent=None) -> None:
        super().__init__(parent, objectName="emptyState")
        self.heading = QLabel(heading, objectName="emptyHeading", alignment=Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(hint, objectName="emptyHint", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addStretch(2)
        layout.setContentsMargins(24, 24, 24, 24)

    def say(self, heading: str, hint: str) -> None:
        self.heading.setText(heading)
        self.hint.setText(hint)
