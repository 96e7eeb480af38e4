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


def contrasting_text(color: str) -> str:
    """Black or white, whichever reads better on ``color`` (WCAG relative luminance)."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if luminance > 0.179 else "#ffffff"
