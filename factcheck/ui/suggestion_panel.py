"""The "Suggestions" tab: the open article's sentences likely worth checking, best first.

Each suggestion is a card: a stroke of the suggestions' hue (the one beside its lines in the
article's margin), its score and its likely speaker, then the sentence. **Accept** makes it a
claim (on the words selected inside it, if any) with the speaker as claimant; **Dismiss**
sets it aside, remembered for the article. Both are one undoable step each. The tab only
shows: the scoring and the edits are :mod:`factcheck.ui.suggestion_controller`'s.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QListView, QPushButton, QStackedWidget, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget)

from factcheck.io.colors import mix
from factcheck.ui.palettes import GRAPHIC_CONTRAST, muted, readable_on
from factcheck.ui.widgets import EmptyState, elide_lines

SUGGESTION_COLOR = "#0097a7"
"""The suggestions' hue: a cyan no rating scale gives a verdict, apart from Find's magenta and the selection's blue."""
SLOW_MS = 400
"""Scoring that takes longer than this says so (a quick one shows no flash of it)."""
SUGGESTION_ROLE = Qt.ItemDataRole.UserRole


def suggestion_color(page: str) -> str:
    """The suggestions' hue as it shows on a page of colour ``page``: a mark that stands out from it."""
    return readable_on(SUGGESTION_COLOR, page, ratio=GRAPHIC_CONTRAST)


def score_text(score: float) -> str:
    return f"{score:.2f}"


def describe(suggestion) -> str:
    """The whole suggestion as text: its tooltip and what a screen reader says."""
    speaker = f"Said by {suggestion.claimant}" if suggestion.claimant else "No speaker proposed"
    return f"Score {score_text(suggestion.score)} · {speaker}\n“{suggestion.sentence}”"


class SuggestionsModel(QAbstractListModel):
    """The suggestions shown, best first (:class:`~factcheck.operations_suggestions.Suggestion` items)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: tuple = ()

    def set_suggestions(self, items) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        self.endResetModel()

    def suggestions(self) -> tuple:
        return self._items

    def suggestion(self, row: int):
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, start: int, end: int) -> int | None:
        return next((row for row, s in enumerate(self._items) if (s.start, s.end) == (start, end)), None)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._items)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        suggestion = self.suggestion(index.row()) if index.isValid() else None
        if suggestion is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return suggestion.sentence
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe(suggestion)
        if role == SUGGESTION_ROLE:
            return suggestion
        return None


class SuggestionDelegate(QStyledItemDelegate):
    """A suggestion as a card: the hue's stroke, the score and the speaker, then up to three lines of the sentence."""

    PAD, GAP, STROKE = 8, 4, 3
    LINES = 3

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt's name)
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(260, self.PAD * 2 + line * (1 + self.LINES) + self.GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        suggestion = index.data(SUGGESTION_ROLE)
        if suggestion is None:
            return
        painter.save()
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        base = palette.color(QPalette.ColorRole.Base).name()
        text = palette.color(QPalette.ColorRole.Text).name()
        background = QColor(mix(palette.color(QPalette.ColorRole.Highlight).name(), base, 0.22)) if selected \
            else QColor(mix(text, base, 0.05)) if hovered else QColor(base)
        painter.fillRect(option.rect, background)
        painter.setPen(QColor(mix(text, base, 0.16)))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())  # a faint rule between cards
        hue = QColor(suggestion_color(background.name()))
        stroke = QRect(option.rect.left() + 3, option.rect.top() + self.PAD, self.STROKE,
                       option.rect.height() - 2 * self.PAD)
        painter.fillRect(stroke, hue)

        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line = metrics.lineSpacing()
        r = option.rect.adjusted(self.PAD + 6, self.PAD, -self.PAD, -self.PAD)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor(readable_on(text, background.name())))
        score = score_text(suggestion.score)
        width = QFontMetrics(bold).horizontalAdvance(score)
        painter.drawText(QRect(r.left(), r.top(), width, line), Qt.AlignmentFlag.AlignVCenter, score)
        painter.setFont(font)
        quiet = muted(text, background.name())
        x = r.left() + width + metrics.horizontalAdvance("  ")
        speaker = suggestion.claimant or "no speaker proposed"
        painter.setPen(QColor(readable_on(text, background.name()) if suggestion.claimant else quiet))
        painter.drawText(QRect(x, r.top(), r.right() - x, line), Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(speaker, Qt.TextElideMode.ElideRight, max(0, r.right() - x)))
        y = r.top() + line + self.GAP
        painter.setPen(QColor(readable_on(text, background.name())))
        words = elide_lines(" ".join(suggestion.sentence.split()), font, r.width(), self.LINES)
        painter.drawText(QRect(r.left(), y, r.width(), line * self.LINES),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, words)
        painter.restore()


class SuggestionPanel(QWidget):
    """The open article's suggestions, and Accept / Dismiss; says why when there is none to show."""

    accept_requested = Signal(object)
    dismiss_requested = Signal(object)
    current_changed = Signal(object, bool)
    """The suggestion chosen in the list (None: none), and whether the reviewer chose it (the article shows where)."""
    hovered = Signal(object)
    """The suggestion under the mouse (None: the mouse left the list)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, objectName="suggestionPanel")
        self.model = SuggestionsModel(self)
        self.list = QListView(objectName="suggestionList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(SuggestionDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setMouseTracking(True)
        self.list.viewport().installEventFilter(self)
        self.list.entered.connect(lambda index: self.hovered.emit(self.model.suggestion(index.row())))
        # Not `activated`: a platform that activates on a single click would make a claim of every click.
        self.list.doubleClicked.connect(lambda index: self.accept_requested.emit(self.model.suggestion(index.row())))
        self.list.installEventFilter(self)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.summary = QLabel(wordWrap=True, objectName="suggestionSummary")
        self.empty = EmptyState("", "")
        self._slow = QTimer(self, singleShot=True, interval=SLOW_MS)
        self._slow.timeout.connect(lambda: self._say(*self._waiting))
        self._waiting = ("", "")
        self._refreshing = False
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        listing = QWidget()
        inner = QVBoxLayout(listing)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.summary)
        inner.addWidget(self.list, 1)
        self.pages.addWidget(listing)
        self.accept_button = QPushButton("&Accept")
        self.accept_button.clicked.connect(lambda: self.accept_requested.emit(self.current()))
        self.dismiss_button = QPushButton("D&ismiss")
        self.dismiss_button.clicked.connect(lambda: self.dismiss_requested.emit(self.current()))
        self.hint = QLabel(objectName="hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.hint)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.set_shortcuts("", "", "")
        self.show_suggestions((), reason=("No article open", "Open an article to see the sentences worth checking."))

    def set_shortcuts(self, accept: str, dismiss: str, next_one: str) -> None:
        """Name the menu's shortcuts in the tips and the hint (as the menus have them)."""
        self.hint.setText(" · ".join(f"{keys} {what}" for keys, what in ((next_one, "next"), (accept, "accept"),
                                                                         (dismiss, "dismiss")) if keys))
        self._fit_hint()
        self.accept_button.setToolTip("Make the sentence a claim, with its speaker as claimant (or only the words "
                                      f"selected inside it){f' ({accept})' if accept else ''}")
        self.dismiss_button.setToolTip("Not worth checking: set it aside for this article; undo brings it back"
                                       f"{f' ({dismiss})' if dismiss else ''}")

    # ------------------------------------------------------------------ showing

    def show_suggestions(self, suggestions, *, reason: tuple[str, str] = ("", "")) -> None:
        """Show these suggestions, keeping the one chosen (or the row it stood at); ``reason`` says why none show."""
        current = self.current()
        row = self.list.currentIndex().row()
        self._slow.stop()
        self.model.set_suggestions(suggestions)
        count = self.model.rowCount()
        if not count:
            self._say(*(reason if reason[0] else ("No suggestions", "")))
        else:
            self.summary.setText(f"{count} sentence{'s' if count != 1 else ''} likely worth checking, best first.")
            self.pages.setCurrentIndex(1)
            kept = self.model.row_of(current.start, current.end) if current is not None else None
            row = kept if kept is not None else min(max(row, 0), count - 1)
            self._refreshing = True
            try:
                self.list.setCurrentIndex(self.model.index(row, 0))
            finally:
                self._refreshing = False
        self._enable()
        if self.current() != current:
            self.current_changed.emit(self.current(), False)

    def wait(self, heading: str, hint: str, *, at_once: bool = False) -> None:
        """Scoring is under way: say so at once, or if it takes a while (the list shown stays meanwhile)."""
        self._waiting = (heading, hint)
        if at_once or not self.model.rowCount():
            self._slow.stop()
            if at_once:
                self.model.set_suggestions(())
                self._say(heading, hint)
                self._enable()
                return
        self._slow.start()

    def _say(self, heading: str, hint: str) -> None:
        self.empty.say(heading, hint)
        self.pages.setCurrentIndex(0)

    def current(self):
        index = self.list.currentIndex()
        return self.model.suggestion(index.row()) if index.isValid() else None

    def step(self, by: int) -> None:
        """Choose the next (1) or previous (-1) suggestion, round the list."""
        count = self.model.rowCount()
        if count:
            row = self.list.currentIndex().row()
            self.list.setCurrentIndex(self.model.index((row + by) % count if row >= 0 else 0, 0))

    def _current_changed(self, *args) -> None:
        self._enable()
        if not self._refreshing:
            self.current_changed.emit(self.current(), True)

    def _enable(self) -> None:
        chosen = self.current() is not None
        self.accept_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_hint()

    def _fit_hint(self) -> None:
        """The keys' hint beside the buttons while it fits on one line; in the buttons' tooltips always."""
        buttons = self.accept_button.sizeHint().width() + self.dismiss_button.sizeHint().width()
        room = self.contentsRect().width() - buttons - 4 * self.layout().spacing() - 24
        self.hint.setVisible(bool(self.hint.text()) and self.hint.fontMetrics().horizontalAdvance(self.hint.text())
                             <= room)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.list.viewport() and event.type() == QEvent.Type.Leave:
            self.hovered.emit(None)
        elif watched is self.list and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current() is not None:
            self.accept_requested.emit(self.current())
            return True
        return super().eventFilter(watched, event)
