"""Add or edit one source of a claim: link, title, publisher, date, excerpt, stance."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout)

from factcheck.core.claims import InvalidUrl, Source, Stance, check_source_url
from factcheck.core.dates import InvalidDate
from factcheck.ui.date_field import DateField


class SourceDialog(QDialog):
    def __init__(self, source: Source | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit source" if source and source.id else "Add source")
        self.setMinimumWidth(520)
        source = source or Source()
        self.url = QLineEdit(source.url, placeholderText="https://…")
        self.title = QLineEdit(source.title, placeholderText="What the page or document is called")
        self.publisher = QLineEdit(source.publisher, placeholderText="Who published it")
        self.date = DateField(source.date)
        self.excerpt = QPlainTextEdit(source.excerpt, placeholderText="The passage that matters")
        self.excerpt.setTabChangesFocus(True)
        self.stance = QComboBox()
        for stance in Stance:
            self.stance.addItem(stance.label, stance.value)
        self.stance.setCurrentIndex(self.stance.findData(Stance(source.stance).value))
        self.error = QLabel(objectName="fieldError", wordWrap=True)
        self.error.hide()

        form = QFormLayout()
        form.addRow("&Link:", self.url)
        form.addRow("&Title:", self.title)
        form.addRow("&Publisher:", self.publisher)
        form.addRow("&Date:", self.date)
        form.addRow("", self.date.error)
        form.addRow("&Stance:", self.stance)
        form.addRow("&Excerpt:", self.excerpt)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._base = source

    def value(self) -> Source:
        """The source as entered; raises ValueError with a user message if a field is wrong."""
        url = check_source_url(self.url.text())
        if not url and not self.title.text().strip():
            raise ValueError("Give the source a link or a title.")
        return self._base.with_(url=url, title=self.title.text().strip(),
                                publisher=self.publisher.text().strip(), date=self.date.date(),
                                excerpt=self.excerpt.toPlainText().strip(),
                                stance=Stance(self.stance.currentData()))

    def accept(self) -> None:
        self.error.hide()
        self.date.clear_error()
        try:
            self.value()
        except InvalidDate as error:  # said under the date itself
            self.date.show_error(str(error))
            return
        except (InvalidUrl, ValueError) as error:
            self.error.setText(str(error))
            self.error.show()
            return
        super().accept()
