"""The middle of the window: the article's headline and byline above its text, and its find bar below.

The headline takes at most two lines and the byline one, each ending in "…"
when cut (the whole of it in the tooltip), so that even in a small window the
article's text keeps most of the pane.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from factcheck.core.anchors import Utf16Map
from factcheck.core.articles import Article
from factcheck.ui.article_view import ArticleView
from factcheck.ui.claims_model import ClaimsTableModel
from factcheck.ui.widgets import EmptyState

if TYPE_CHECKING:
    from factcheck.ui.find_bar import FindBar


def byline(article: Article) -> str:
    parts = [article.outlet, f"By {article.author}" if article.author else "", article.published or ""]
    return " · ".join(p for p in parts if p) or "Outlet, byline and date not recorded: Ctrl+I adds them"


def wrap_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """``text`` wrapped at ``width`` pixels into at most ``max_lines`` lines, the last ending in "…" if cut."""
    text = " ".join(text.split())
    if width <= 0 or not text:
        return [text] if text else []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    to_code_point = Utf16Map(text).to_code_point  # Qt counts UTF-16 units
    starts: list[int] = []
    layout.beginLayout()
    while len(starts) <= max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(to_code_point(line.textStart()))
    layout.endLayout()
    lines = [text[a:b].strip() for a, b in pairwise([*starts[:max_lines], len(text)])]
    if len(starts) > max_lines:
        lines[-1] = _elide_at_a_word(lines[-1], QFontMetrics(font), width)
    return lines


def _elide_at_a_word(text: str, metrics: QFontMetrics, width: int) -> str:
    """As much of ``text`` as fits before "…", cut between words when a word boundary allows it."""
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        shown = " ".join(words).rstrip(",;:–—-") + "…"
        if metrics.horizontalAdvance(shown) <= width:
            return shown
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


MIN_ARTICLE_LINES = 8
"""Lines of the article's text that show however small the window: the headline never squeezes them out."""


class ElidedLabel(QLabel):
    """Plain text on at most ``max_lines`` lines: cut with "…", the whole text in the tooltip."""

    def __init__(self, max_lines: int, objectName: str = "", parent=None) -> None:
        super().__init__(parent, objectName=objectName)
        self.max_lines = max_lines
        self._full = ""
        self._shown_for = -1
        self._wrapped: dict[tuple[str, int], list[str]] = {}
        """The text's lines by (font, width): a layout asks the height for the same width many times."""
        self.setTextFormat(Qt.TextFormat.PlainText)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._shown_for = -1
        self._wrapped.clear()
        self._fit()
        self.updateGeometry()

    def _lines(self, width: int) -> list[str]:
        self.ensurePolished()  # the style sheet sets the headline's font
        font = self.font()
        key = (font.key(), width)
        if key not in self._wrapped:
            if len(self._wrapped) >= 64:  # a window resized by hand: the widths of before are not asked again
                self._wrapped.clear()
            self._wrapped[key] = wrap_lines(self._full, font, width, self.max_lines)
        return self._wrapped[key]

    def _fit(self) -> None:
        width = self.contentsRect().width()
        if width == self._shown_for:
            return
        self._shown_for = width
        lines = self._lines(width)
        super().setText("\n".join(lines))
        cut = " ".join(lines) != " ".join(self._full.split())
        self.setToolTip(self._full if cut else "")

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        lines = max(1, len(self._lines(width - margins.left() - margins.right())))
        return lines * QFontMetrics(self.font()).lineSpacing() + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(min(metrics.horizontalAdvance(self._full), 40 * metrics.averageCharWidth()),
                     self.heightForWidth(self.width() if self.width() > 0 else 400))

    def minimumSizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(6 * metrics.averageCharWidth(), metrics.lineSpacing())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()


class ArticlePanel(QWidget):
    def __init__(self, model: ClaimsTableModel, parent=None) -> None:
        super().__init__(parent)
        self.title = ElidedLabel(2, objectName="articleTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = ElidedLabel(1, objectName="articleMeta")
        self.view = ArticleView(model)
        self.view.setMinimumHeight(self.view.lines_high(MIN_ARTICLE_LINES))

        article_page = QWidget()
        header = QVBoxLayout()
        header.setContentsMargins(24, 16, 24, 8)
        header.setSpacing(4)
        header.addWidget(self.title)
        header.addWidget(self.meta)
        page_layout = QVBoxLayout(article_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addLayout(header)
        page_layout.addWidget(self.view, 1)
        self._article_page = article_page
        self._find_bar: FindBar | None = None  # made when first opened (see find_bar)

        self.pages = QStackedWidget()
        self.pages.addWidget(EmptyState(
            "No article open",
            "Open an article with File ▸ Import… (Ctrl+O), or pick one from the library on the left."))
        self.pages.addWidget(article_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    @property
    def find_bar(self) -> FindBar:
        """The find bar under the article, made when first wanted: a window's start needs none (bench/cold_start.py)."""
        if self._find_bar is None:
            from factcheck.ui.find_bar import FindBar

            self._find_bar = FindBar(self.view)
            self._article_page.layout().addWidget(self._find_bar)
            # Esc closes the bar from the bar or from the article; with the bar closed Esc is left alone.
            close = QShortcut(QKeySequence(Qt.Key.Key_Escape), self._article_page, self._find_bar.close_bar,
                              context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            close.setEnabled(False)
            self._find_bar.open_changed.connect(close.setEnabled)
        return self._find_bar

    def set_article(self, article: Article | None) -> None:
        self.pages.setCurrentIndex(1 if article else 0)
        if article is not None:
            self.set_header(article)
        elif self._find_bar is not None:
            self._find_bar.close_bar()
        self.view.set_article(article)
        if self._find_bar is not None:
            self._find_bar.article_changed()

    def find(self, step: int = 0) -> bool:
        """Find in the article: open the bar (0, Ctrl+F), the next match (1, F3) or the previous (-1, Shift+F3).

        False when no article is open.
        """
        if self.pages.currentIndex() == 0:
            return False
        if step == 0:
            self.find_bar.open()
        elif step > 0:
            self.find_bar.find_next()
        else:
            self.find_bar.find_previous()
        return True

    def find_words(self, query: str) -> bool:
        """Open the find bar on ``query``'s first match in the article; False when no article is open."""
        if self.pages.currentIndex() == 0:
            return False
        self.find_bar.find_words(query)
        return True

    def set_header(self, article: Article) -> None:
        self.title.set_full_text(article.title)
        self.meta.set_full_text(byline(article))
