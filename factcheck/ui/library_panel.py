"""The left of the window: the library's articles, each with a progress bar."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (QLabel, QListView, QStackedWidget, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QVBoxLayout, QWidget)

from factcheck.core.articles import ArticleSummary
from factcheck.io.colors import mix
from factcheck.ui.library_model import ArticleIdRole, ArticlesListModel, DetailRole, SummaryRole
from factcheck.ui.palettes import GRAPHIC_CONTRAST, PROGRESS, muted, readable_on
from factcheck.ui.widgets import EmptyState

PADDING = 10
BAR_HEIGHT = 4


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
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        if selected:
            background = palette.highlight().color()
        elif option.state & QStyle.StateFlag.State_MouseOver:
            background = palette.alternateBase().color()
        else:
            background = palette.base().color()
        painter.fillRect(option.rect, background)
        ground = background.name()
        text = readable_on((palette.highlightedText() if selected else palette.text()).color().name(), ground)
        text_color, detail_color = QColor(text), QColor(muted(text, ground))
        title_font, small_font = self._fonts(option)
        rect = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)

        painter.setFont(title_font)
        painter.setPen(text_color)
        title_metrics = QFontMetrics(title_font)
        title_rect = QRect(rect.left(), rect.top(), rect.width(), title_metrics.lineSpacing() * 2)
        painter.drawText(title_rect, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft,
                         _elide_two_lines(summary.title, title_metrics, rect.width()))

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
        heading = QLabel("Library", objectName="panelHeading")
        self.view = QListView(objectName="libraryList")
        self.view.setModel(model)
        self.view.setItemDelegate(ArticleSummaryDelegate(self.view))
        self.view.setMouseTracking(True)
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setToolTip("Articles in the library (Ctrl+L). Enter opens the selected one.")
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.pages = QStackedWidget()
        self.pages.addWidget(EmptyState(
            "The library is empty", "Import an article with File ▸ Import… (Ctrl+O) to begin."))
        self.pages.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(heading)
        layout.addWidget(self.pages, 1)
        model.modelReset.connect(self._update_page)
        model.rowsInserted.connect(self._update_page)

    def _update_page(self, *args) -> None:
        self.pages.setCurrentIndex(1 if self.model.rowCount() else 0)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            self.article_selected.emit(current.data(ArticleIdRole))

    def _context_menu(self, point) -> None:
        index = self.view.indexAt(point)
        if index.isValid():
            self.context_menu_requested.emit(index.data(ArticleIdRole), self.view.viewport().mapToGlobal(point))

    def select_article(self, article_id: int) -> None:
        row = self.model.row_of(article_id)
        if row is not None:
            index = self.model.index(row)
            if self.view.currentIndex() != index:
                self.view.blockSignals(True)
                self.view.selectionModel().blockSignals(True)
                self.view.setCurrentIndex(index)
                self.view.selectionModel().blockSignals(False)
                self.view.blockSignals(False)
                self.view.viewport().update()
            self.view.scrollTo(index)

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
