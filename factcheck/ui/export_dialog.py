"""File ▸ Export…: pick a format and options, preview the result, write it off the UI thread.

The preview is rendered on a worker and shown on the UI thread; both stay bounded: it renders
only the first claims (PREVIEW_CLAIMS, PREVIEW_CLAIM_CHARACTERS) and shows only the start of a
plain-text export (PREVIEW_CHARACTERS), with a note saying so. The export itself has everything.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QMessageBox, QProgressDialog, QPushButton,
                               QTextBrowser, QVBoxLayout, QWidget)

from factcheck.core.claims import Claim, InvalidUrl, check_source_url
from factcheck.core.report import Report, ReportOptions
from factcheck.io.claimreview import unapproved_verdicts
from factcheck.operations import EXPORT_FORMATS
from factcheck.ui.export_worker import ExportJob


PREVIEW_TEXT_LIMIT = 150_000
"""Characters of article text above which the preview shows the report without it."""
PREVIEW_CLAIMS = 100
"""Claims a preview shows at most: Qt lays the preview out on the UI thread (0.6 ms a claim card)."""
PREVIEW_CLAIM_CHARACTERS = 150_000
"""Characters of quotes, rationales and sources the previewed claims hold at most."""
PREVIEW_CHARACTERS = 200_000
"""Characters a plain-text preview (Markdown, CSV, JSON) shows at most."""

COMMENTING_FORMATS = ("html", "pdf", "md", "webannotation")
"""The formats that carry each claim's comments when asked: the reports, and the Web Annotations."""

FILE_STEM_LIMIT = 60
"""Characters of the headline the suggested file name keeps at most."""


def suggested_file_stem(title: str, limit: int = FILE_STEM_LIMIT) -> str:
    """A file name (without suffix) from a headline: safe characters, cut at a word boundary.

    Characters other than letters, digits, ``-`` and ``_`` become ``_``, white space
    runs one space; a longer name is cut at the last space within ``limit`` (at
    ``limit`` itself only when that would keep less than half of it), and never ends
    or starts with a space, ``-`` or ``_``. A headline with nothing left gives "factcheck".
    """
    safe = "".join(ch if ch.isalnum() or ch in "-_" or ch.isspace() else "_" for ch in title)
    stem = " ".join(safe.split()).strip(" -_")
    if len(stem) > limit:
        cut = stem.rfind(" ", 0, limit + 1)
        stem = stem[:cut] if cut >= limit // 2 else stem[:limit]
    return stem.rstrip(" -_") or "factcheck"


def preview_report(report: Report) -> Report:
    """The report with only its first claims: as many as the preview lays out quickly."""
    kept, size = [], 0
    for numbered in report.claims[:PREVIEW_CLAIMS]:
        size += claim_characters(numbered.claim) + sum(len(c.text) + len(c.author) for c in numbered.comments)
        if size > PREVIEW_CLAIM_CHARACTERS:
            break
        kept.append(numbered)
    return report if len(kept) == len(report.claims) else replace(report, claims=tuple(kept))


def claim_characters(claim: Claim) -> int:
    """About how much text a claim's card shows."""
    return len(claim.quote) + len(claim.claimant) + len(claim.rationale) + len(claim.reviewer) + sum(
        len(s.title) + len(s.url) + len(s.publisher) + len(s.excerpt) for s in claim.sources)


def preview_text(text: str) -> str:
    """A plain-text preview: the start of ``text``, and where it stops when it is long."""
    if len(text) <= PREVIEW_CHARACTERS:
        return text
    return (text[:PREVIEW_CHARACTERS] + f"\n\n… The preview stops here, after {PREVIEW_CHARACTERS:,} of "
            f"{len(text):,} characters. The exported file has them all.")


class SafeBrowser(QTextBrowser):
    """Shows rendered reports; loads no file, image or URL they mention."""

    def loadResource(self, kind, url):
        return None


class ExportDialog(QDialog):
    def __init__(self, make_report, preferences, article_title: str, parent=None, *, review_url: str = "",
                 save_review_url=None, open_preferences=None) -> None:
        """``make_report(options, fmt)`` reads the library (on this thread) and returns a Report.

        ``review_url`` is the article's fact-check page; ClaimReview asks for it in place
        when it is missing, and ``save_review_url(url)`` keeps what is typed with the
        article (an undoable edit). ``open_preferences()`` shows Preferences, for the
        organisation's name.
        """
        super().__init__(parent)
        self.save_review_url = save_review_url
        self.open_preferences = open_preferences
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
        self.include_comments = QCheckBox("Include the desk's co&mments")
        self.include_comments.setToolTip("Each claim's thread of comments (who, when, what they wrote). They are the "
                                         "desk's own discussion: a report leaves them out unless this is ticked.")
        self.include_unapproved = QCheckBox("&Include verdicts not yet approved")
        self.include_unapproved.setToolTip("ClaimReview publishes only approved verdicts, so that a draft never "
                                           "reaches search engines by accident. Tick to publish verdicts still "
                                           "in draft or in review too.")
        self.review_url = QLineEdit(review_url, placeholderText="https://… the page that will carry this fact check")
        self.review_url.setToolTip("Where this article's fact check is published: each claim's ClaimReview is "
                                   "this page plus #claim-N. Kept with the article.")
        self.review_url.editingFinished.connect(self._review_url_entered)
        self.review_url_label = QLabel("Fact-check &page:")
        self.review_url_label.setBuddy(self.review_url)
        self.organisation_missing = QLabel("No organisation is set: ClaimReview names the fact-checker.",
                                           objectName="hint", wordWrap=True)
        self.preferences_button = QPushButton("Set in &Preferences…")
        self.preferences_button.clicked.connect(self._show_preferences)
        self.organisation_row = QWidget()
        organisation = QHBoxLayout(self.organisation_row)
        organisation.setContentsMargins(0, 0, 0, 0)
        organisation.addWidget(self.organisation_missing, 1)
        organisation.addWidget(self.preferences_button)
        self.organisation_label = QLabel("Organisation:")
        self.field_error = QLabel(objectName="fieldError", wordWrap=True)
        self.field_error.hide()
        self.preview = SafeBrowser(objectName="exportPreview")
        self.preview.setOpenLinks(False)
        self.note = QLabel(objectName="hint", wordWrap=True)
        form = QFormLayout()
        form.addRow("&Format:", self.format)
        options = QHBoxLayout()
        options.addWidget(self.approved_only)
        options.addWidget(self.include_text)
        options.addWidget(self.include_comments)
        options.addWidget(self.include_unapproved)
        options.addStretch(1)
        form.addRow("Options:", options)
        form.addRow(self.review_url_label, self.review_url)
        form.addRow("", self.field_error)
        form.addRow(self.organisation_label, self.organisation_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("&Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.choose_file_and_export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        for signal in (self.format.currentIndexChanged, self.approved_only.toggled, self.include_text.toggled,
                       self.include_comments.toggled, self.include_unapproved.toggled):
            signal.connect(self.refresh_preview)
        self.refresh_preview()

    def fmt(self) -> str:
        return self.format.currentData()

    def options(self) -> ReportOptions:
        return ReportOptions(approved_only=self.approved_only.isChecked(),
                             include_text=self.include_text.isChecked(),
                             include_comments=self.include_comments.isChecked() and self.shows_comments())

    def shows_comments(self) -> bool:
        """The format can carry the desk's comments when asked (the bundle always carries them)."""
        return self.fmt() in COMMENTING_FORMATS

    def report(self) -> Report:
        return self.make_report(self.options(), self.fmt())

    # ---------------------------------------------------------------- preview

    def refresh_preview(self, *args) -> None:
        lossless = self.fmt() == "json"
        self.approved_only.setEnabled(not lossless)
        self.include_text.setEnabled(self.fmt() in ("html", "pdf", "md"))  # only reports show the text
        self.include_comments.setEnabled(self.shows_comments())
        self.include_unapproved.setVisible(self.fmt() == "claimreview")
        self._show_claimreview_fields()
        self.include_unapproved.setEnabled(not self.approved_only.isChecked())
        notes = [("The bundle is lossless: it always holds every claim, the text, and the desk's proposals, "
                  "decisions and comments.")] if lossless else []
        self.preview.setPlainText("Rendering the preview…")
        report = self.report()
        if self.fmt() == "claimreview":
            notes += self._unapproved_note(report)
        if report.options.include_text and len(report.article.text) > PREVIEW_TEXT_LIMIT and self.fmt() != "json":
            # Laying out a very long article takes Qt seconds on this thread: preview the rest.
            report = replace(report, options=replace(report.options, include_text=False))
            notes.append(f"The article is long ({len(report.article.text):,} characters): the preview leaves "
                         "its text out to stay quick. The exported file has it.")
        shown = preview_report(report)  # what the worker renders and this thread shows stays small
        if shown is not report:
            summary = ", and its summary counts only those" if self.fmt() in ("html", "pdf", "md") else ""
            which = f"the first {len(shown.claims):,}" if shown.claims else "none (the first is too long to show here)"
            notes.append(f"The preview shows {which} of the {len(report.claims):,} claims{summary}. "
                         "The exported file has them all.")
            report = shown
        self.note.setText(" ".join(notes))
        job = self.preview_job = ExportJob(report, self.fmt(), None, self.page_url(),
                                           include_unapproved=self.publishes_unapproved())
        # Bound methods, not lambdas: Qt drops the connection if the dialog is gone first.
        job.signals.rendered.connect(self._preview_rendered)
        job.signals.failed.connect(self._preview_failed)
        self.pool.start(job)

    # ------------------------------------------------ what ClaimReview needs

    def _show_claimreview_fields(self) -> None:
        """The fact-check page and the organisation, asked for in place when ClaimReview needs them."""
        claimreview = self.fmt() == "claimreview"
        for widget in (self.review_url_label, self.review_url):
            widget.setVisible(claimreview)
        self.field_error.setVisible(claimreview and bool(self.field_error.text()))
        missing_organisation = claimreview and not self.preferences.organisation_name.strip()
        for widget in (self.organisation_label, self.organisation_row):
            widget.setVisible(missing_organisation)
        self.preferences_button.setVisible(missing_organisation and self.open_preferences is not None)

    def page_url(self) -> str:
        """The fact-check page typed in the dialog, if it is a web address ("" otherwise)."""
        try:
            return check_source_url(self.review_url.text())
        except InvalidUrl:
            return ""

    def _review_url_entered(self) -> None:
        try:
            url = check_source_url(self.review_url.text())
        except InvalidUrl as error:
            self.field_error.setText(str(error).replace("a source link", "the fact-check page"))
            self.field_error.show()
            return
        self.field_error.setText("")
        self.field_error.hide()
        if url and self.save_review_url is not None:
            self.save_review_url(url)  # kept with the article: the next export knows it
        self.refresh_preview()

    def _show_preferences(self) -> None:
        if self.open_preferences is not None:
            self.open_preferences()
            self.refresh_preview()

    def publishes_unapproved(self) -> bool:
        """ClaimReview is to carry verdicts not yet approved (the check box, for that format)."""
        return self.fmt() == "claimreview" and self.include_unapproved.isChecked()

    def _unapproved_note(self, report: Report) -> list[str]:
        waiting = unapproved_verdicts(report)
        if not waiting:
            return []
        verdicts = "1 verdict" if waiting == 1 else f"{waiting} verdicts"
        if self.publishes_unapproved():
            return [f"{verdicts} not yet approved {'is' if waiting == 1 else 'are'} included (draft or in "
                    "review): check them before publishing."]
        return [f"{verdicts} not yet approved {'is' if waiting == 1 else 'are'} left out: ClaimReview publishes "
                "approved verdicts only. Tick “Include verdicts not yet approved” to publish them too."]

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
            self.preview.setPlainText(preview_text(text))

    # ----------------------------------------------------------------- export

    def choose_file_and_export(self) -> None:
        fmt = EXPORT_FORMATS[self.fmt()]
        suggested = str(Path.home() / f"{suggested_file_stem(self.article_title)}{fmt.suffix}")
        path, _ = QFileDialog.getSaveFileName(self, "Export to", suggested, f"{fmt.label} (*{fmt.suffix})")
        if path:
            self.start_export(Path(path))

    def start_export(self, path: Path) -> ExportJob:
        self.job = ExportJob(self.report(), self.fmt(), path, self.page_url(),
                             self.preferences.page_size, self.publishes_unapproved())
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
