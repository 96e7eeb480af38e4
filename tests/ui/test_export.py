"""File ▸ Export…: preview, export off the UI thread, atomic files, and the PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from factcheck.core.claims import Source, Stance
from factcheck.core.report import Organisation, ReportOptions
from factcheck.operations import report_for
from factcheck.ui.export_dialog import ExportDialog
from factcheck.ui.export_worker import ExportJob
from factcheck.ui.pdf_report import render_pdf

QUOTE = "Putin & I discussed forming an impenetrable Cyber Security unit"
GRAHAM = "It's not the dumbest idea I've ever heard, but it's pretty close"


@pytest.fixture
def reviewed(window, mark):
    first = mark(window, QUOTE)
    c = window.controller
    c.set_claim_field(first, "verdict", "Misleading")
    c.set_claim_field(first, "claimant", "Donald Trump")
    c.add_source(first, Source(url="https://example.org/tweet", title="The tweet", stance=Stance.SUPPORTS))
    second = mark(window, GRAHAM)
    c.set_claim_field(second, "verdict", "Opinion — not checkable")
    window.runner.wait_idle()
    approve(window, first)
    return window


def dialog_for(window, qtbot):
    article = window.controller.article
    dialog = ExportDialog(lambda options, fmt: report_for(window.library, article.id, options,
                                                          Organisation("The Daily Check", "https://check.example"),
                                                          fmt),
                          window.preferences, article.title, window)
    qtbot.addWidget(dialog)
    return dialog


def choose(dialog, key):
    dialog.format.setCurrentIndex(dialog.format.findData(key))


def test_preview_shows_the_report_before_exporting(reviewed, qtbot):
    dialog = dialog_for(reviewed, qtbot)
    choose(dialog, "html")
    qtbot.waitUntil(lambda: "Misleading" in dialog.preview.toPlainText(), timeout=5000)
    assert "Donald Trump" in dialog.preview.toPlainText()
    dialog.include_text.setChecked(False)
    dialog.approved_only.setChecked(True)  # the unapproved Graham claim leaves the report
    qtbot.waitUntil(lambda: "Misleading" in dialog.preview.toPlainText()
                    and "dumbest idea" not in dialog.preview.toPlainText(), timeout=5000)


def test_export_writes_the_file_off_the_ui_thread(reviewed, qtbot, tmp_path):
    dialog = dialog_for(reviewed, qtbot)
    choose(dialog, "md")
    target = tmp_path / "report.md"
    dialog.start_export(target)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10000)  # the dialog heard it finish
    text = target.read_text(encoding="utf-8")
    assert "Misleading" in text and "Donald Trump" in text
    assert dialog.written == str(target)


def test_a_failed_export_leaves_the_old_file_as_it_was(reviewed, qtbot, tmp_path, warnings):
    dialog = dialog_for(reviewed, qtbot)
    choose(dialog, "claimreview")
    assert dialog.page_url() == ""  # ClaimReview cannot be made without the article's fact-check page
    out = tmp_path / "out"
    out.mkdir()
    target = out / "claims.jsonld"
    target.write_text("the good old file", encoding="utf-8")
    dialog.start_export(target)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)  # the dialog showed why
    assert "fact-check page" in warnings[0]
    assert target.read_text(encoding="utf-8") == "the good old file"
    assert [p.name for p in out.iterdir()] == ["claims.jsonld"]  # no temporary file left behind


def test_cancelling_an_export_writes_nothing(reviewed, tmp_path):
    report = report_for(reviewed.library, reviewed.controller.article.id)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.html"
    job = ExportJob(report, "html", target)
    cancelled = []
    job.signals.cancelled.connect(lambda: cancelled.append(True))
    job.cancel()  # the user pressed Cancel while the report was rendering
    job.run()
    assert cancelled == [True]
    assert list(out.iterdir()) == []


def test_export_menu_opens_the_dialog_and_reports_where_it_wrote(reviewed, monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: shown.append(self) or 0)
    reviewed.export_action.trigger()
    assert shown and shown[0].article_title.startswith("Donald Trump")
    assert reviewed.export_action.shortcut().toString() == "Ctrl+Shift+E"


def test_pdf_has_every_claim_and_verdict_as_searchable_text(reviewed, tmp_path):
    report = report_for(reviewed.library, reviewed.controller.article.id, ReportOptions(),
                        Organisation("The Daily Check", "https://check.example"), "pdf")
    data = render_pdf(report, "A4")
    assert data.startswith(b"%PDF")
    pdf = PdfReader(io.BytesIO(data))
    assert pdf.metadata.title.startswith("Donald Trump")
    flat = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    for needle in ("Putin & I discussed forming an impenetrable", "Misleading", "Opinion — not checkable",
                   "Page 1 of"):
        assert needle in flat


def test_a_very_long_article_is_previewed_without_its_text_but_exported_with_it(open_app, library_path, qtbot,
                                                                               tmp_path):
    from factcheck.core.articles import Article
    from factcheck.store import SQLiteStore
    from factcheck.ui.export_dialog import PREVIEW_TEXT_LIMIT

    library = SQLiteStore.open(library_path)
    text = "A long article\n\n" + "\n\n".join(f"Paragraph {n} says the budget rose." for n in range(6000))
    assert len(text) > PREVIEW_TEXT_LIMIT
    article = library.add_article(Article(title="A long article", text=text))
    library.close()
    window = open_app()
    window.open_article(article.id)
    dialog = dialog_for(window, qtbot)
    choose(dialog, "html")
    qtbot.waitUntil(lambda: "A long article" in dialog.preview.toPlainText(), timeout=5000)
    assert "Paragraph 5999" not in dialog.preview.toPlainText()
    assert "leaves its text out" in dialog.note.text()
    target = tmp_path / "long.html"
    dialog.start_export(target)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10000)
    assert "Paragraph 5999" in target.read_text(encoding="utf-8")


def approve(window, claim_id: int) -> None:
    """An editor's sign-off, as Review ▸ Approve… writes it; the window shows it."""
    window.library.decide(claim_id, "approve", "Checked.")
    window.open_article(window.controller.article.id)
    window.claims_panel.select_claim(claim_id)
