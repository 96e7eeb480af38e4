"""File ▸ Export…: the preview of a huge report shows a bounded part of it, says so, and exports it whole."""

from __future__ import annotations

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.core.report import Organisation
from factcheck.operations import report_for
from factcheck.store import SQLiteStore
from factcheck.ui.export_dialog import (
    PREVIEW_CHARACTERS,
    PREVIEW_CLAIM_CHARACTERS,
    PREVIEW_CLAIMS,
    ExportDialog,
    preview_report,
)

SENTENCE = "The council said the budget grew by four per cent. "


def many_claims(path, claims: int, rationale: int, sentences: int = 0) -> int:
    """An article with ``claims`` overlapping claims, each with a rationale of ``rationale`` characters."""
    text = SENTENCE * max(sentences, claims // 10 + 30)
    library = SQLiteStore.open(path, user="tester")
    article = library.add_article(Article(title="Many claims", text=text, rating_scale="newsroom"))
    with library.transaction():
        for n in range(claims):
            library.add_claim(Claim(anchor=make_anchor(text, 5 * n, 5 * n + 200), article_id=article.id,
                                    verdict="False", rationale=("Checked. " * rationale)[:rationale]))
    library.close()
    return article.id


def open_dialog(window, qtbot, article_id: int, fmt: str) -> ExportDialog:
    window.open_article(article_id)
    dialog = ExportDialog(lambda options, f: report_for(window.library, article_id, options,
                                                        Organisation("The Daily Check"), f),
                          window.preferences, "Many claims", window)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    qtbot.waitUntil(lambda: dialog.preview.toPlainText() != "Rendering the preview…", timeout=20000)
    return dialog


def test_a_report_preview_shows_its_first_claims_and_says_so(open_app, library_path, qtbot):
    article_id = many_claims(library_path, PREVIEW_CLAIMS + 50, rationale=20)
    window = open_app()
    dialog = open_dialog(window, qtbot, article_id, "html")
    shown = dialog.preview.toPlainText()
    assert f"[{PREVIEW_CLAIMS}]" in shown and f"[{PREVIEW_CLAIMS + 1}]" not in shown
    assert f"The preview shows the first {PREVIEW_CLAIMS} of the {PREVIEW_CLAIMS + 50} claims" in dialog.note.text()


def test_a_plain_text_preview_stops_at_its_limit(open_app, library_path, qtbot):
    # A bundle of the article's 260,000 characters and of its first claims (a preview renders no more).
    article_id = many_claims(library_path, 120, rationale=3_000, sentences=5_000)
    window = open_app()
    dialog = open_dialog(window, qtbot, article_id, "json")
    shown = dialog.preview.toPlainText()
    assert len(shown) < PREVIEW_CHARACTERS + 200
    assert shown.endswith("The exported file has them all.")
    assert "The preview shows the first " in dialog.note.text()


def test_the_previewed_claims_hold_a_bounded_amount_of_text(tmp_path):
    article_id = many_claims(tmp_path / "library.db", 20, rationale=PREVIEW_CLAIM_CHARACTERS // 3)
    library = SQLiteStore.open(tmp_path / "library.db")
    report = report_for(library, article_id)
    library.close()
    assert len(preview_report(report).claims) == 2  # a third would pass PREVIEW_CLAIM_CHARACTERS
    assert preview_report(preview_report(report)) == preview_report(report)
