"""The "Checked Before" tab: the claims and published fact-checks that say what the selected claim says.

Each match is a card: how close (a bar and "92%"), its verdict (in its colour when a scale
of the library has it), when, the claim's words, and where it is from: the library article
(headline, outlet) or the fact-check (who, its address). Best first. Enter or a double-click
opens it: a library claim in its article, a fact-check in the browser. **Use as Starting
Point** copies the match's verdict, rationale and sources onto the selected claim as one
undoable edit (:meth:`factcheck.ui.review_controller.ReviewController.use_as_starting_point`).

The matches are looked up on a worker (:mod:`factcheck.ui.checked_before_worker`); this tab
only shows them. Built the first time it is shown (see :mod:`factcheck.ui.claim_tabs`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QListView, QPushButton, QStackedWidget,
                               QStyle, QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget)

from factcheck.core.checked_before import CLOSE, LIBRARY, SimilarHit
from factcheck.core.claims import ClaimStatus
from factcheck.io.colors import mix, text_color_on
from factcheck.ui.palettes import muted, readable_on
from factcheck.ui.widgets import EmptyState, elide_lines

SLOW_MS = 400
"""A look-up taking longer than this says "Looking…" (a quick one shows no flash of it)."""
HIT_ROLE = Qt.ItemDataRole.UserRole
COLOR_ROLE = Qt.ItemDataRole.UserRole + 1


class SimilarHitsModel(QAbstractListModel):
    """The matches of one claim, best first (a :class:`~factcheck.ui.checked_before_worker.Matches`)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hits: tuple[SimilarHit, ...] = ()
        self._colors: tuple[str | None, ...] = ()

    def set_matches(self, hits, colors) -> None:
        self.beginResetModel()
        self._hits, self._colors = tuple(hits), tuple(colors)
        self.endResetModel()

    def hit(self, row: int) -> SimilarHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.claim
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe(hit)
        if role == HIT_ROLE:
            return hit
        if role == COLOR_ROLE:
            return self._colors[index.row()] if index.row() < len(self._colors) else None
        return None


def percent(hit: SimilarHit) -> str:
    return f"{round(hit.score * 100)}%"


def where(hit: SimilarHit) -> str:
    """Where the match is from, in one line: the article and outlet, or the fact-checker and the page's site."""
    if hit.source == LIBRARY:
        return " · ".join(part for part in (hit.title or "(untitled article)", hit.outlet) if part)
    site = urlsplit(hit.url or "").netloc.removeprefix("www.")
    return " · ".join(part for part in (hit.outlet, hit.title, site) if part)


def shown_date(hit: SimilarHit) -> str:
    """The match's date as the desk writes dates ("31 March 2020"); as stored if it is not a day."""
    from factcheck.core.dates import format_date

    try:
        return format_date(hit.date[:10]) if hit.date else ""
    except ValueError:
        return hit.date


def describe(hit: SimilarHit) -> str:
    """The whole match as text: its tooltip and what a screen reader says."""
    origin = "In this library" if hit.source == LIBRARY else "Published fact-check"
    lines = [f"{percent(hit)} alike. {origin}: {where(hit)}", f"“{hit.claim}”",
             f"Verdict: {hit.verdict or 'none yet'}" + (f" ({shown_date(hit)})" if hit.date else "")]
    if hit.url:
        lines.append(hit.url)
    return "\n".join(lines)


class HitDelegate(QStyledItemDelegate):
    """A match as a card: the closeness bar and percentage, verdict chip, date, source; the claim; where from."""

    PAD, GAP, BAR = 8, 6, 44
    CLAIM_LINES = 2

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt's name)
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(280, self.PAD * 2 + line * (2 + self.CLAIM_LINES) + self.GAP * 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        hit: SimilarHit = index.data(HIT_ROLE)
        if hit is None:
            return
        painter.save()
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        base = palette.color(QPalette.ColorRole.Base).name()
        background = palette.color(QPalette.ColorRole.Highlight) if selected else QColor(base)
        text = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text).name()
        quiet = text if selected else muted(text, base)
        painter.fillRect(option.rect, background)
        painter.setPen(QColor(mix(palette.color(QPalette.ColorRole.Text).name(), base, 0.16)))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())  # a faint rule between cards
        font = QFont(option.font)
        painter.setFont(font)
        metrics = painter.fontMetrics()  # what the text is drawn with: a chip fits its label
        line = metrics.lineSpacing()
        r = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        x, y = r.left(), r.top()

        # The first line: closeness, verdict, date; where it is from on the right.
        bar = QRect(x, y + line // 2 - 3, self.BAR, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(mix(quiet, base if not selected else background.name(), 0.25)))  # the track
        painter.drawRoundedRect(bar, 3, 3)
        painter.setBrush(QColor(readable_on(palette.color(QPalette.ColorRole.Highlight).name(), base)
                                if not selected else text))
        filled = QRect(bar)
        filled.setWidth(max(4, round(self.BAR * hit.score)))
        painter.drawRoundedRect(filled, 3, 3)
        x = bar.right() + self.GAP
        bold = QFont(font)
        bold.setBold(hit.score >= CLOSE)
        painter.setFont(bold)
        painter.setPen(QColor(text))
        width = painter.fontMetrics().horizontalAdvance("100%")
        painter.drawText(QRect(x, y, width, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         percent(hit))
        x += width + self.GAP
        painter.setFont(font)
        origin = "Library" if hit.source == LIBRARY else "Published"
        origin_width = metrics.horizontalAdvance(origin)
        painter.setPen(QColor(quiet))
        painter.drawText(QRect(r.right() - origin_width, y, origin_width, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, origin)
        room = r.right() - origin_width - self.GAP
        x = self._chip(painter, hit.verdict, index.data(COLOR_ROLE), x, y, line, room, metrics, text, base, selected)
        day = shown_date(hit)
        if day and x + metrics.horizontalAdvance(day) <= room:
            painter.setPen(QColor(quiet))
            painter.drawText(QRect(x, y, room - x, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             day)

        # The claim's words, then where from.
        y += line + self.GAP
        painter.setPen(QColor(text))
        words = elide_lines(" ".join(hit.claim.split()), font, r.width(), self.CLAIM_LINES)
        painter.drawText(QRect(r.left(), y, r.width(), line * self.CLAIM_LINES),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, words)
        y += line * self.CLAIM_LINES + self.GAP
        painter.setPen(QColor(quiet))
        painter.drawText(QRect(r.left(), y, r.width(), line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(where(hit), Qt.TextElideMode.ElideRight, r.width()))
        painter.restore()

    def _chip(self, painter, verdict, color, x, y, line, room, metrics, text, base, selected) -> int:
        """The verdict in its colour (outlined when no scale of the library has it); returns the x after it."""
        label = verdict or "No verdict"
        width = min(metrics.horizontalAdvance(label) + 16, max(0, room - x))
        if width < 24:
            return x
        chip = QRect(x, y, width, line)
        if color and verdict:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(color))
            painter.drawRoundedRect(chip, 4, 4)
            painter.setPen(QColor(text_color_on(color)))
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QColor(muted(text, base) if not selected else text))
            painter.drawRoundedRect(chip.adjusted(0, 0, -1, -1), 4, 4)
            painter.setPen(QColor(text))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter,
                         metrics.elidedText(label, Qt.TextElideMode.ElideRight, width - 12))
        return x + width + self.GAP


class CheckedBeforePanel(QWidget):
    """The selected claim's matches, best first, and what to do with one."""

    def __init__(self, window) -> None:
        super().__init__(objectName="checkedBeforePanel")
        self.window = window
        self.claim_id: int | None = None
        self.model = SimilarHitsModel(self)
        self.list = QListView(objectName="checkedBeforeList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setToolTip("")
        self.list.activated.connect(lambda index: self.open_match())
        self.list.selectionModel().currentChanged.connect(lambda *_: self._enable())
        self.summary = QLabel(wordWrap=True, objectName="checkedBeforeSummary")
        self.empty = EmptyState("", "")
        self._slow = QTimer(self, singleShot=True, interval=SLOW_MS)
        self._slow.timeout.connect(lambda: self._say("Looking…", ""))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        listing = QWidget()
        inner = QVBoxLayout(listing)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.summary)
        inner.addWidget(self.list, 1)
        self.pages.addWidget(listing)
        self.use_button = QPushButton("&Use as Starting Point")
        self.use_button.setToolTip("Copy the match's verdict (if this claim's scale has it), rationale and sources "
                                   "onto the selected claim: one edit, Ctrl+Z takes it back")
        self.use_button.clicked.connect(self.use_as_starting_point)
        self.open_button = QPushButton("&Open")
        self.open_button.clicked.connect(self.open_match)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        controller = window.controller
        for said in (controller.saving, controller.saved, controller.failed):  # no second Use while one is saved
            said.connect(lambda *_: self._enable())
        self.show_matches(None)

    # ------------------------------------------------------------------ showing

    def show_matches(self, matches) -> None:
        """Show a claim's :class:`~factcheck.ui.checked_before_worker.Matches` (None: no claim selected)."""
        self._slow.stop()
        self.claim_id = matches.claim_id if matches is not None else None
        hits = matches.hits if matches is not None else ()
        self.model.set_matches(hits, matches.colors if matches is not None else ())
        if matches is None:
            self._say("No claim selected", "Select a claim to see whether it was checked before: in this library "
                                           "or in the published fact-checks imported into it.")
        elif matches.blind:
            self._say("Your second opinion comes first",
                      "You were asked to rate this claim without seeing the others’ verdicts. Once you have "
                      "proposed yours (Review ▸ Propose…), the claims like it show here.")
        elif not hits:
            self._say("Nothing like it found", "Nothing in this library or its published fact-checks says what "
                                            "this claim says. Import fact-checks (File ▸ Import, ClaimReview) "
                                            "to look further.")
        else:
            close = matches.close
            self.summary.setText(
                f"{close} close match{'es' if close != 1 else ''}, closest first." if close
                else "Nothing close: the nearest claims share only some words.")
            self.pages.setCurrentIndex(1)
            self.list.setCurrentIndex(self.model.index(0, 0))
        self._enable()

    def looking(self) -> None:
        """Another claim is being looked up: nothing of the last one stays; "Looking…" if it takes a while."""
        self.claim_id = None
        self.model.set_matches((), ())
        self._say("", "")
        self._slow.start()
        self._enable()

    def failed(self, message: str) -> None:
        self.claim_id = None
        self.model.set_matches((), ())
        self._say("Could not look for similar claims", message)
        self._enable()

    def _say(self, heading: str, hint: str) -> None:
        if heading:
            self._slow.stop()
        self.empty.say(heading, hint)
        self.pages.setCurrentIndex(0)

    def selected_hit(self) -> SimilarHit | None:
        return self.model.hit(self.list.currentIndex().row()) if self.list.currentIndex().isValid() else None

    def _enable(self) -> None:
        hit = self.selected_hit()
        claim = self.window.claims_model.claim(self.claim_id)
        approved = claim is not None and claim.status == ClaimStatus.APPROVED
        self.use_button.setEnabled(hit is not None and claim is not None and not approved
                                   and not self.window.controller.busy())
        self.use_button.setToolTip(
            "An approved claim changes only after a decision: reopen it first (Review ▸ Reopen…)" if approved else
            "Copy the match's verdict (if this claim's scale has it), rationale and sources onto the selected "
            "claim: one edit, Ctrl+Z takes it back")
        self.open_button.setEnabled(hit is not None and (hit.source == LIBRARY or bool(hit.url)))
        self.open_button.setText("&Open Article" if hit is None or hit.source == LIBRARY else "&Open Fact-Check")

    # ------------------------------------------------------------------ acting

    def use_as_starting_point(self) -> bool:
        hit = self.selected_hit()
        if hit is None or self.claim_id is None:
            return False
        return self.window.controller.use_as_starting_point(self.claim_id, hit)

    def open_match(self) -> None:
        hit = self.selected_hit()
        if hit is None:
            return
        if hit.source == LIBRARY and hit.article_id is not None:
            self.window.show_match(hit.article_id, hit.claim_id)
        elif hit.url:
            self.window.open_link(hit.url)
