"""The preferences dialog: reviewer name, the organisation, the default rating scale."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QSpinBox, QVBoxLayout)

from factcheck.core.claims import InvalidUrl, check_source_url
from factcheck.core.rating_scales import RatingScale
from factcheck.ui.settings import PAGE_SIZES, Preferences


class PreferencesDialog(QDialog):
    def __init__(self, preferences: Preferences, scales: list[RatingScale], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(480)
        self.preferences = preferences
        self.reviewer = QLineEdit(preferences.reviewer_name_setting,
                                  placeholderText="Your name as reports and the history show it")
        self.organisation = QLineEdit(preferences.organisation_name,
                                      placeholderText="e.g. The Daily Check")
        self.organisation_url = QLineEdit(preferences.organisation_url, placeholderText="https://…")
        self.max_import = QSpinBox(minimum=1, maximum=500, suffix=" MB")
        self.max_import.setValue(preferences.max_import_mb)
        self.max_import.setToolTip("Files and web pages larger than this are refused, with a message")
        self.backups_keep = QSpinBox(minimum=1, maximum=100)
        self.backups_keep.setValue(preferences.backups_keep)
        self.backups_keep.setToolTip("Rolling backups are made when the library opens and after a stretch "
                                     "of edits; older ones beyond this number are deleted")
        self.page_size = QComboBox()
        self.page_size.addItems(PAGE_SIZES)
        self.page_size.setCurrentText(preferences.page_size)
        self.snap_to_words = QCheckBox("Widen a selection to &whole words before marking it")
        self.snap_to_words.setChecked(preferences.snap_to_words)
        self.snap_to_words.setToolTip("So that “LOS ANGE” is never marked by accident. Hold Alt while "
                                      "selecting to mark exactly the characters selected.")
        self.scale = QComboBox()
        for scale in scales:
            self.scale.addItem(scale.name, scale.key)
        self.scale.setCurrentIndex(max(0, self.scale.findData(preferences.default_scale)))
        self.error = QLabel(objectName="fieldError", wordWrap=True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("&Reviewer name:", self.reviewer)
        form.addRow("&Organisation:", self.organisation)
        form.addRow("Organisation &URL:", self.organisation_url)
        form.addRow("Default rating &scale:", self.scale)
        form.addRow("PDF page si&ze:", self.page_size)
        form.addRow("Largest &import:", self.max_import)
        form.addRow("&Backups to keep:", self.backups_keep)
        form.addRow("Selecting:", self.snap_to_words)
        note = QLabel("The organisation's name and URL are used in reports and ClaimReview data; each "
                      "article's fact-check page is one of its details (Article ▸ Edit Details…). "
                      "The default scale applies to articles imported from now on.", wordWrap=True,
                      objectName="hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        urls = {}
        for key, edit, name in (("organisation", self.organisation_url, "the organisation URL"),):
            try:
                urls[key] = check_source_url(edit.text())
            except InvalidUrl as error:
                self.error.setText(str(error).replace("a source link", name))
                self.error.show()
                return
        self.preferences.update(reviewer_name=self.reviewer.text().strip(),
                                organisation_name=self.organisation.text().strip(),
                                organisation_url=urls["organisation"], default_scale=self.scale.currentData(),
                                page_size=self.page_size.currentText())
        self.preferences.set_max_import_mb(self.max_import.value())
        self.preferences.set_backups_keep(self.backups_keep.value())
        self.preferences.set_snap_to_words(self.snap_to_words.isChecked())
        super().accept()
