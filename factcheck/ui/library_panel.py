"""The left of the window: the library's articles, each with a progress bar, filtered by the desk's work.

A compact filter above the list shows all articles, those waiting for this reviewer
(assigned to them, waiting for their sign-off or their opinion), or those at one stage.
An article others changed since the reviewer last opened it has a dot before its title.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QListView, QStackedWidget,
                               QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget)

from factcheck.core.articles import ArticleSummary
from factcheck.io.colors import mix
from factcheck.ui.item_state import is_selected, is_under_mouse
from factcheck.ui.library_model import (FILTERS, STAGES, ArticleIdRole, ArticlesFilterModel, ArticlesListModel,
                                        ChangedRole, DetailRole, SummaryRole, nothing_shown, stage_label)
from factcheck.ui.palettes import GRAPHIC_CONTRAST, PROGRESS, muted, readable_on
from factcheck.ui.widgets import EmptyState

PADDING = 10
GUTTER = 16
"""The left margin of a row: room for the mark of an article changed by others."""
BAR_HEIGHT = 4
DOT = 7
"""The diameter of that mark, centred in the gutter beside the title's first line."""


class ArticleSummaryDelegate(QStyledItemDelegate):
    """Title (up to two lines), the outlet and progress, and a thin progress bar."""

    def _fonts(self, option) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        return title, small

    def sizeHint(self, option, index) -> QSize:
        title, small = self._fonts(option)
        return QSize(200, PADDING * 2 + QFontMetrics(title).lineSpacing() * 2
                     + QFontMetrics(small).lineSpacing() + BAR_HEIGHT + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        summary: ArticleSummary = index.data(SummaryRole)
        painter.save()
        selected = is_selected(option, index)
        palette = option.palette
        if selected:
            background = palette.highlight().color()
        elif is_under_mouse(option, index):
            background = palette.alternateBase().color()
        else:
            background = palette.base().color()
        painter.setPen(Qt.PenStyle.NoPen)  # a rectangle filled as fillRect would, without its overloads' QGradient
        painter.setBrush(background)  # (PySide makes that class's enums for a fillRect with a colour: ~1 ms of start)
        painter.drawRect(option.rect)
        ground = background.name()
        text = readable_on((palette.highlightedText() if selected else palette.text()).color().name(), ground)
        text_color, detail_color = QColor(text), QColor(muted(text, ground))
        title_font, small_font = self._fonts(option)
        rect = option.rect.adjusted(GUTTER, PADDING, -PADDING, -PADDING)

        painter.setFont(title_font)
        painter.setPen(text_color)
        title_metrics = QFontMetrics(title_font)
        title_rect = QRect(rect.left(), rect.top(), rect.width(), title_metrics.lineSpacing() * 2)
        painter.drawText(title_rect, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft,
                         _elide_two_lines(summary.title, title_metrics, rect.width()))
        if index.data(ChangedRole) is not None:  # changed by others since last opened: a dot in the margin
            accent = text_color if selected else QColor(readable_on(palette.highlight().color().name(), ground,
                                                                    ratio=GRAPHIC_CONTRAST))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            middle = rect.top() + title_metrics.ascent() - title_metrics.xHeight() / 2
            painter.drawEllipse(QRectF(option.rect.left() + (GUTTER - DOT) / 2, middle - DOT / 2, DOT, DOT))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

        painter.setFont(small_font)
        painter.setPen(detail_color)
        line = index.data(DetailRole)
        small_rect = QRect(rect.left(), title_rect.bottom() + 2, rect.width(),
                           QFontMetrics(small_font).lineSpacing())
        painter.drawText(small_rect, Qt.AlignmentFlag.AlignLeft,
                         QFontMetrics(small_font).elidedText(line, Qt.TextElideMode.ElideRight, rect.width()))

        bar = QRect(rect.left(), small_rect.bottom() + 5, rect.width(), BAR_HEIGHT)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(mix(text, ground, 0.2)))
        painter.drawRoundedRect(bar, 2, 2)
        if summary.claim_count:
            done = QRect(bar)
            done.setWidth(max(2, int(bar.width() * summary.rated_count / summary.claim_count)))
            painter.setBrush(text_color if selected else QColor(readable_on(PROGRESS, ground, ratio=GRAPHIC_CONTRAST)))
            painter.drawRoundedRect(done, 2, 2)
        painter.setPen(QColor(mix(palette.text().color().name(), palette.base().color().name(), 0.1)))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()


def _elide_two_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    words, first = text.split(), ""
    while words and metrics.horizontalAdvance((first + " " + words[0]).strip()) <= width:
        first = (first + " " + words.pop(0)).strip()
    if not words:
        return first
    rest = metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)
    return f"{first}\n{rest}" if first else rest


class LibraryPanel(QWidget):
    article_selected = Signal(int)
    context_menu_requested = Signal(int, QPoint)
    """An article's menu was asked for (right click); its id and where, in global coordinates."""

    def __init__(self, model: ArticlesListModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.filtered = ArticlesFilterModel(model, self)
        self._kept: int | None = None  # the selected article a filter hid: selected again when it shows it
        self._quiet = False  # rows come and go under a filter: the current row moving is not the user's choice
        self._hidden_from: int | None = None
        heading = QLabel("Library", objectName="panelHeading")
        self.filter = QComboBox(objectName="libraryFilter")
        self.filter.setAccessibleName("Show")
        self.filter.setToolTip("Show all articles, those waiting for you, or those at one stage")
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter.setMinimumContentsLength(6)  # as wide as the panel: a narrow one elides the entry
        self.filter.addItem(FILTERS[0][1], FILTERS[0][0])  # the rest once the desk is known (show_desk)
        self.filter.currentIndexChanged.connect(self._filter_chosen)
        self.view = QListView(objectName="libraryList")
        # Before the view and its selection model hear of it (they connect in setModel), so that the current
        # row Qt moves off a hidden article opens nothing.
        for about_to in (self.filtered.rowsAboutToBeRemoved, self.filtered.modelAboutToBeReset):
            about_to.connect(self._hold)
        self.filtered.rowsRemoved.connect(self._hidden)
        self.filtered.rowsInserted.connect(self._shown_again)
        self.view.setModel(self.filtered)
        self.filtered.modelReset.connect(self._reset)  # after the selection model has let go of its rows
        self.view.setItemDelegate(ArticleSummaryDelegate(self.view))
        self.view.setMouseTracking(True)
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setToolTip("Articles in the library (Ctrl+L). Enter opens the selected one.")
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.nothing = EmptyState("", "")
        self.nothing.heading.setWordWrap(True)  # "Nothing waits for your sign-off" is wider than a narrow panel
        self.pages = QStackedWidget()
        self.pages.addWidget(EmptyState(
            "The library is empty", "Import an article with File ▸ Import… (Ctrl+O) to begin."))
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.nothing)  # a filter matches no article
        bar = QHBoxLayout()
        bar.setContentsMargins(GUTTER - 4, 0, PADDING, 8)
        bar.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        self.setTabOrder(self.filter, self.view)
        for signal in (model.modelReset, model.rowsInserted, model.dataChanged, model.desk_changed):
            signal.connect(self._update_page)
        for signal in (self.filtered.rowsInserted, self.filtered.rowsRemoved, self.filtered.modelReset):
            signal.connect(self._update_page)
        model.desk_changed.connect(self.show_desk)

    # ------------------------------------------------------------- the filter

    def show_desk(self) -> None:
        """Offer the filters the reviewer's work calls for (sign-off for an editor), with how many each shows."""
        desk, combo = self.model.desk, self.filter
        wanted = [key for key, _ in FILTERS if key != "sign_off" or desk.editor] + list(STAGES)
        if [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i)] != wanted:
            key = self.filter_key() if self.filter_key() in wanted else "all"
            combo.blockSignals(True)
            combo.clear()
            for key_ in wanted:
                if key_ == STAGES[0]:
                    combo.insertSeparator(combo.count())
                combo.addItem(stage_label(key_) if key_ in STAGES else dict(FILTERS)[key_], key_)
            combo.setCurrentIndex(combo.findData(key))
            combo.blockSignals(False)
            self.filtered.set_filter(key)
        self._show_counts()

    def _show_counts(self) -> None:
        counts = self.model.counts()
        for key, label in FILTERS[1:]:
            row = self.filter.findData(key)
            if row >= 0:
                self.filter.setItemText(row, f"{label} ({counts[key]})" if counts.get(key) else label)

    def filter_key(self) -> str:
        return self.filter.currentData() or "all"

    def set_filter(self, key: str) -> None:
        """Show the articles filter ``key`` (one of :data:`FILTERS`, or a stage) asks for."""
        row = self.filter.findData(key)
        if row < 0:
            raise ValueError(f"no filter {key!r} in the library list")
        self.filter.setCurrentIndex(row)

    def _filter_chosen(self, row: int) -> None:
        self.filtered.set_filter(self.filter.itemData(row) or "all")
        self._update_page()

    def _hold(self, *args) -> None:
        self._quiet = True
        current = self.view.currentIndex()
        self._hidden_from = current.data(ArticleIdRole) if current.isValid() else None

    def _hidden(self, *args) -> None:
        """Rows left the list: if the selected article was among them, no other is selected in its place."""
        self._quiet = False
        current = self.view.currentIndex()
        if self._hidden_from is not None and (not current.isValid()
                                              or current.data(ArticleIdRole) != self._hidden_from):
            self._kept = self._hidden_from
            self._select_quietly(QModelIndex())
        self._hidden_from = None

    def _shown_again(self, *args) -> None:
        if self._kept is not None and not self.view.currentIndex().isValid():
            index = self._shown_index(self._kept)
            if index.isValid():
                self._kept = None
                self._select_quietly(index)

    def _reset(self) -> None:
        """The list was read again: the article selected before is selected still, if it is listed."""
        wanted = self._hidden_from if self._hidden_from is not None else self._kept
        self._quiet, self._kept, self._hidden_from = False, None, None
        index = self._shown_index(wanted)
        if index.isValid():
            self._select_quietly(index)
        elif wanted is not None and self.model.row_of(wanted) is not None:
            self._kept = wanted  # listed, hidden by the filter: selected again when it shows it

    def _update_page(self, *args) -> None:
        if self.model.rowCount() == 0:
            self.pages.setCurrentIndex(0)
        elif self.filtered.rowCount() == 0:
            self.nothing.say(*nothing_shown(self.filter_key()))
            self.pages.setCurrentIndex(2)
        else:
            self.pages.setCurrentIndex(1)
        if self.filter.count() > 1:  # a row's stage, or the desk, changed: so may the counts
            self._show_counts()

    # -------------------------------------------------------------- the list

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet:
            self._kept = None
            self.article_selected.emit(current.data(ArticleIdRole))

    def _context_menu(self, point) -> None:
        index = self.view.indexAt(point)
        if index.isValid():
            self.context_menu_requested.emit(index.data(ArticleIdRole), self.view.viewport().mapToGlobal(point))

    def _shown_index(self, article_id: int | None) -> QModelIndex:
        row = self.model.row_of(article_id) if article_id is not None else None
        return QModelIndex() if row is None else self.filtered.mapFromSource(self.model.index(row))

    def _select_quietly(self, index: QModelIndex) -> None:
        self.view.blockSignals(True)
        self.view.selectionModel().blockSignals(True)
        if index.isValid():
            self.view.setCurrentIndex(index)
        else:
            self.view.selectionModel().clear()
        self.view.selectionModel().blockSignals(False)
        self.view.blockSignals(False)
        self.view.viewport().update()

    def select_article(self, article_id: int) -> None:
        """Show ``article_id`` as the open one: selected, if the filter shows it."""
        index = self._shown_index(article_id)
        self._kept = None if index.isValid() else article_id
        if index.isValid():
            if self.view.currentIndex() != index:
                self._select_quietly(index)
            self.view.scrollTo(index)
        elif self.view.currentIndex().isValid():
            self._select_quietly(index)

    def focus_list(self) -> None:
        (self.view if self.pages.currentWidget() is self.view else self.filter).setFocus(
            Qt.FocusReason.ShortcutFocusReason)
