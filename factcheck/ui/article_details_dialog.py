"""Article ▸ Edit Details…: the headline, outlet, byline, address and date, and the fact-check page."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from factcheck.core.articles import Article
from factcheck.core.claims import InvalidUrl, check_source_url
from factcheck.core.dates import InvalidDate
from factcheck.ui.date_field import DateField


class ArticleDetailsDialog(QDialog):
    def __init__(self, article: Article, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article details")
        self.setMinimumWidth(560)
        self.title = QLineEdit(article.title)
        self.outlet = QLineEdit(article.outlet, placeholderText="e.g. The Independent")
        self.author = QLineEdit(article.author, placeholderText="The byline")
        self.url = QLineEdit(article.url, placeholderText="https://… where it was published")
        self.published = DateField(article.published)
        self.review_url = QLineEdit(article.review_url,
                                    placeholderText="https://… where your fact check of it is published")
        self.review_url.setToolTip("ClaimReview needs it: each claim's review is published at this page "
                                   "plus #claim-N.")
        self.error = QLabel(objectName="fieldError", wordWrap=True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("&Headline:", self.title)
        form.addRow("&Outlet:", self.outlet)
        form.addRow("&Byline:", self.author)
        form.addRow("&Address:", self.url)
        form.addRow("&Published:", self.published)
        form.addRow("", self.published.error)
        form.addRow("&Fact-check page:", self.review_url)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> dict:
        """The fields as entered; raises ValueError with a user message if one is wrong."""
        title = self.title.text().strip()
        if not title:
            raise ValueError("The article needs a headline.")
        try:
            url = check_source_url(self.url.text())
        except InvalidUrl as error:
            raise ValueError(str(error).replace("a source link", "the article's address")) from error
        try:
            review_url = check_source_url(self.review_url.text())
        except InvalidUrl as error:
            raise ValueError(str(error).replace("a source link", "the fact-check page")) from error
        return {"title": title, "outlet": self.outlet.text().strip(), "author": self.author.text().strip(),
                "url": url, "published": self.published.date(), "review_url": review_url}

    def accept(self) -> None:
        self.error.hide()
        self.published.clear_error()
        try:
            self.values()
        except InvalidDate as error:  # said under the date itself
            self.published.show_error(str(error))
            return
        except ValueError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        super().accept()
