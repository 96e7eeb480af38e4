"""File ▸ Export…: pick a format and options, preview the result, write it off the UI thread."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QMessageBox, QProgressDialog, QTextBrowser, QVBoxLayout)

from factcheck.core.report import Report, ReportOptions
from factcheck.operations import EXPORT_FORMATS
from factcheck.ui.export_worker import ExportJob


PREVIEW_TEXT_LIMIT = 150_000
"""Characters of article text above which the preview shows the report without it."""


class SafeBrowser(QTextBrowser):
    """Shows rendered reports; loads no file, image or URL they mention."""

    def loadResource(self, kind, url):
        return None


class ExportDialog(QDialog):
    def __init__(self, make_report, preferences, article_title: str, parent=None) -> None:
        """``make_report(options, fmt)`` reads the library (on this thread) and returns a Report."""
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.resize(980, 760)
        self.make_report = make_report
        self.preferences = preferences
        self.article_title = article_title
        self.pool = QThreadPool.globalInstance()
        self.job: ExportJob | None = None
        self.preview_job: ExportJob | None = None  # kept referenced while the pool runs it
        self.written: str | None = None

        self.format = QComboBox()
        for f in EXPORT_FORMATS.values():
            self.format.addItem(f.label, f.key)
        self.approved_only = QCheckBox("Only &approved claims (otherwise all, with their status)")
        self.include_text = QCheckBox("Include the full article &text", checked=True)
        self.preview = SafeBrowser(objectName="exportPreview")
        self.preview.setOpenLinks(False)
        self.note = QLabel(objectName="hint", wordWrap=True)
        form = QFormLayout()
        form.addRow("&Format:", self.format)
        options = QHBoxLayout()
        options.addWidget(self.approved_only)
        options.addWidget(self.include_text)
        options.addStretch(1)
        form.addRow("Options:", options)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("&Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.choose_file_and_export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        for signal in (self.format.currentIndexChanged, self.approved_only.toggled, self.include_text.toggled):
            signal.connect(self.refresh_preview)
        self.refresh_preview()

    def fmt(self) -> str:
        return self.format.currentData()

    def options(self) -> ReportOptions:
        return ReportOptions(approved_only=self.approved_only.isChecked(),
                             include_text=self.include_text.isChecked())

    def report(self) -> Report:
        return self.make_report(self.options(), self.fmt())

    # ---------------------------------------------------------------- preview

    def refresh_preview(self, *args) -> None:
        lossless = self.fmt() == "json"
        for box in (self.approved_only, self.include_text):
            box.setEnabled(not lossless)
        self.note.setText("The bundle is lossless: it always holds every claim and the text." if lossless else "")
        self.preview.setPlainText("Rendering the preview…")
        report = self.report()
        if report.options.include_text and len(report.article.text) > PREVIEW_TEXT_LIMIT and self.fmt() != "json":
            # Laying out a very long article takes Qt seconds on this thread: preview the rest.
            report = replace(report, options=replace(report.options, include_text=False))
            self.note.setText(f"The article is long ({len(report.article.text):,} characters): the preview leaves "
                              "its text out to stay quick. The exported file has it.")
        job = self.preview_job = ExportJob(report, self.fmt(), None, self.preferences.review_url)
        # Bound methods, not lambdas: Qt drops the connection if the dialog is gone first.
        job.signals.rendered.connect(self._preview_rendered)
        job.signals.failed.connect(self._preview_failed)
        self.pool.start(job)

    def _preview_rendered(self, text: str) -> None:
        self._show_preview(text, plain=False)

    def _preview_failed(self, message: str) -> None:
        self._show_preview(message, plain=True)

    def _show_preview(self, text: str, plain: bool) -> None:
        if self.preview_job is None or self.sender() is not self.preview_job.signals:
            return  # an older preview, overtaken by a change of format or options
        if self.fmt() in ("html", "pdf") and not plain:
            self.preview.setHtml(text)
        else:
            self.preview.setFont(QFont("DejaVu Sans Mono", 9))
            self.preview.setPlainText(text)

    # ----------------------------------------------------------------- export

    def choose_file_and_export(self) -> None:
        fmt = EXPORT_FORMATS[self.fmt()]
        stem = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in self.article_title)[:60].strip()
        suggested = str(Path.home() / f"{stem or 'factcheck'}{fmt.suffix}")
        path, _ = QFileDialog.getSaveFileName(self, "Export to", suggested, f"{fmt.label} (*{fmt.suffix})")
        if path:
            self.start_export(Path(path))

    def start_export(self, path: Path) -> ExportJob:
        self.job = ExportJob(self.report(), self.fmt(), path, self.preferences.review_url,
                             self.preferences.page_size)
        progress = QProgressDialog("Exporting…", "Cancel", 0, 100, self)
        progress.setWindowTitle("Export")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.canceled.connect(self.job.cancel)
        signals = self.job.signals
        signals.progress.connect(lambda percent, stage: (progress.setValue(percent), progress.setLabelText(stage)))
        signals.finished.connect(self._finished)
        signals.failed.connect(self._failed)
        for signal in (signals.finished, signals.failed, signals.cancelled):
            signal.connect(progress.close)
        self.pool.start(self.job)
        return self.job

    def _finished(self, path: str) -> None:
        self.written = path
        self.accept()

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self, "Not exported", message)
