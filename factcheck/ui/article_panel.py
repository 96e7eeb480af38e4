"""The middle of the window: the article's headline and byline above its text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from factcheck.core.articles import Article
from factcheck.ui.article_view import ArticleView
from factcheck.ui.claims_model import ClaimsTableModel
from factcheck.ui.widgets import EmptyState


def byline(article: Article) -> str:
    parts = [article.outlet, f"By {article.author}" if article.author else "", article.published or ""]
    return " · ".join(p for p in parts if p) or "Outlet, byline and date not recorded: Ctrl+I adds them"


class ArticlePanel(QWidget):
    def __init__(self, model: ClaimsTableModel, parent=None) -> None:
        super().__init__(parent)
        self.title = QLabel(objectName="articleTitle", wordWrap=True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.meta = QLabel(objectName="articleMeta", wordWrap=True)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.view = ArticleView(model)

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

        self.pages = QStackedWidget()
        self.pages.addWidget(EmptyState(
            "No article open",
            "Open an article with File ▸ Import… (Ctrl+O), or pick one from the library on the left."))
        self.pages.addWidget(article_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def set_article(self, article: Article | None) -> None:
        self.pages.setCurrentIndex(1 if article else 0)
        if article is not None:
            self.set_header(article)
        self.view.set_article(article)

    def set_header(self, article: Article) -> None:
        self.title.setText(article.title)
        self.meta.setText(byline(article))
