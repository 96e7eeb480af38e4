"""Small widgets shared by the panels."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget


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


class FixedLinesLabel(QLabel):
    """Text in ``lines`` word-wrapped lines, elided at the end, the whole of it in the tooltip.

    Its height does not follow the text: showing another claim, or another verdict's
    definition, lays nothing out again and moves no field under the reviewer's mouse.
    (A word-wrapped label that grew or shrank moved the whole form below it, the
    costliest part of marking a claim in a long article.)
    """

    def __init__(self, lines: int = 3, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lines = lines
        self._full = ""
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._fit()

    def full_text(self) -> str:
        """The whole text, as given (the label may show it cut short)."""
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * self.lines + margins.top() + margins.bottom()
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)
        shown = elide_lines(self._full, self.font(), self.contentsRect().width(), self.lines)
        if shown != self.text():
            self.setText(shown)
            self.setToolTip(self._full if shown != self._full else "")


def elide_lines(text: str, font, width: int, lines: int) -> str:
    """``text`` as it fits in ``lines`` word-wrapped lines ``width`` pixels wide, its last line elided."""
    if width <= 0 or not text:
        return text
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    last = None
    for _ in range(lines):
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        last = line
    layout.endLayout()
    if last is None or last.textStart() + last.textLength() >= len(text):
        return text
    head = text[:last.textStart()]
    return head + QFontMetrics(font).elidedText(text[last.textStart():], Qt.TextElideMode.ElideRight, width)
