"""File ▸ Export…: the ClaimReview check box for verdicts not yet approved, and the suggested file name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QFileDialog

from factcheck.core.report import Organisation
from factcheck.operations import report_for
from factcheck.ui.export_dialog import FILE_STEM_LIMIT, ExportDialog, suggested_file_stem

QUOTE = "Putin & I discussed forming an impenetrable Cyber Security unit"
GRAHAM = "It's not the dumbest idea I've ever heard, but it's pretty close"
PAGE = "https://check.example/cyber"


@pytest.fixture
def reviewed(window, mark):
    """One approved verdict (Misleading) and one still in draft (Opinion)."""
    c = window.controller
    first = mark(window, QUOTE)
    c.set_claim_field(first, "verdict", "Misleading")
    second = mark(window, GRAHAM)
    c.set_claim_field(second, "verdict", "Opinion — not checkable")
    c.set_article_details({"review_url": PAGE})
    window.runner.wait_idle()
    approve(window, first)
    return window


def dialog_for(window, qtbot, title=None):
    article = window.controller.article
    dialog = ExportDialog(lambda options, fmt: report_for(window.library, article.id, options,
                                                          Organisation("The Daily Check", "https://check.example"),
                                                          fmt),
                          window.preferences, article.title if title is None else title, window,
                          review_url=window.library.article(article.id).review_url)
    qtbot.addWidget(dialog)
    return dialog


def choose(dialog, key):
    dialog.format.setCurrentIndex(dialog.format.findData(key))


def previewed_ratings(dialog) -> list[str]:
    try:
        return sorted(r["reviewRating"]["alternateName"] for r in json.loads(dialog.preview.toPlainText()))
    except ValueError:  # still "Rendering the preview…"
        return []


def test_the_check_box_shows_for_claimreview_only_and_starts_off(reviewed, qtbot):
    dialog = dialog_for(reviewed, qtbot)
    for key in ("html", "pdf", "md", "csv", "json", "webannotation"):
        choose(dialog, key)
        assert dialog.include_unapproved.isHidden(), key
    choose(dialog, "claimreview")
    assert not dialog.include_unapproved.isHidden()
    assert dialog.include_unapproved.text().replace("&", "") == "Include verdicts not yet approved"
    assert not dialog.include_unapproved.isChecked()


def test_the_preview_publishes_approved_verdicts_until_the_box_is_ticked(reviewed, qtbot):
    dialog = dialog_for(reviewed, qtbot)
    choose(dialog, "claimreview")
    qtbot.waitUntil(lambda: previewed_ratings(dialog) == ["Misleading"], timeout=5000)
    assert "1 verdict not yet approved is left out" in dialog.note.text()
    dialog.include_unapproved.setChecked(True)
    qtbot.waitUntil(lambda: previewed_ratings(dialog) == ["Misleading", "Opinion — not checkable"], timeout=5000)
    assert "1 verdict not yet approved is included" in dialog.note.text()


def test_the_exported_file_follows_the_check_box(reviewed, qtbot, tmp_path):
    dialog = dialog_for(reviewed, qtbot)
    choose(dialog, "claimreview")
    approved, everything = tmp_path / "approved.jsonld", tmp_path / "everything.jsonld"
    dialog.start_export(approved)
    qtbot.waitUntil(lambda: dialog.written == str(approved), timeout=10000)
    dialog.include_unapproved.setChecked(True)
    dialog.start_export(everything)
    qtbot.waitUntil(lambda: dialog.written == str(everything), timeout=10000)
    ratings = [sorted(r["reviewRating"]["alternateName"] for r in json.loads(p.read_text("utf-8")))
               for p in (approved, everything)]
    assert ratings == [["Misleading"], ["Misleading", "Opinion — not checkable"]]


def test_the_check_box_means_nothing_to_other_formats(reviewed, qtbot, tmp_path):
    dialog = dialog_for(reviewed, qtbot)
    choose(dialog, "claimreview")
    dialog.include_unapproved.setChecked(True)
    choose(dialog, "md")
    assert not dialog.publishes_unapproved()
    assert "not yet approved" not in dialog.note.text()


# ----------------------------------------------------------- suggested file name


def suggested_name(dialog, monkeypatch) -> str:
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, caption, name, filter_: offered.append(name) or ("", ""))
    dialog.choose_file_and_export()
    (name,) = offered
    return Path(name).name


def test_a_long_headline_is_cut_at_a_word_boundary(window, qtbot, monkeypatch):
    title = "Fact check: the mayor's claim that crime fell 40% last year, and what the police figures show"
    dialog = dialog_for(window, qtbot, title=title)
    choose(dialog, "md")
    assert suggested_name(dialog, monkeypatch) == "Fact check_ the mayor_s claim that crime fell 40_ last year.md"


@pytest.mark.parametrize("title, stem", [
    ("Council approves new cycle lanes", "Council approves new cycle lanes"),
    ("Mayor says crime fell 40%", "Mayor says crime fell 40"),
    ("  «Putin»  and   I ", "Putin_ and I"),
    ("???", "factcheck"),
    ("x" * 80, "x" * FILE_STEM_LIMIT),
])
def test_suggested_stems(title, stem):
    assert suggested_file_stem(title) == stem


@given(st.text(alphabet=st.sampled_from("ab Zé9-_.,:%\t\n"), max_size=120))
def test_a_suggested_stem_is_short_and_ends_on_a_whole_word(title):
    stem = suggested_file_stem(title)
    assert 1 <= len(stem) <= FILE_STEM_LIMIT
    assert stem == stem.strip(" -_") and "  " not in stem
    whole = suggested_file_stem(title, limit=10_000)
    assert whole.startswith(stem)
    if len(stem) < len(whole):  # cut: between two words, unless one word is longer than the limit
        assert whole[len(stem)] in " -_" or len(stem) == FILE_STEM_LIMIT


def test_a_missing_fact_check_page_is_asked_for_in_place_and_kept_with_the_article(window, mark, qtbot):
    c = window.controller
    first = mark(window, QUOTE)
    c.set_claim_field(first, "verdict", "Misleading")
    window.runner.wait_idle()
    approve(window, first)
    article = c.article
    opened = []
    dialog = ExportDialog(lambda options, fmt: report_for(window.library, article.id, options,
                                                          window.preferences.organisation, fmt),
                          window.preferences, article.title, window,
                          save_review_url=lambda url: c.set_article_details({"review_url": url}),
                          open_preferences=lambda: opened.append(True))
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog, "claimreview")
    assert dialog.review_url.isVisible() and dialog.review_url.text() == ""
    qtbot.waitUntil(lambda: "fact-check page" in dialog.preview.toPlainText(), timeout=5000)
    assert "--review-url" not in dialog.preview.toPlainText()

    dialog.review_url.setText("not a page")
    dialog.review_url.editingFinished.emit()
    assert "the fact-check page" in dialog.field_error.text() and window.library.article(article.id).review_url == ""
    dialog.review_url.setText(PAGE)
    dialog.review_url.editingFinished.emit()
    window.runner.wait_idle()

    assert window.library.article(article.id).review_url == PAGE  # kept with the article, undoable
    qtbot.waitUntil(lambda: previewed_ratings(dialog) == ["Misleading"], timeout=5000)
    choose(dialog, "html")
    assert not dialog.review_url.isVisible()
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert window.library.article(article.id).review_url == ""


def test_a_missing_organisation_offers_preferences_in_place(window, mark, qtbot):
    window.preferences.update(reviewer_name="tester", organisation_name="", organisation_url="",
                              default_scale="newsroom")
    article = window.controller.article
    opened = []
    dialog = ExportDialog(lambda options, fmt: report_for(window.library, article.id, options,
                                                          window.preferences.organisation, fmt),
                          window.preferences, article.title, window, open_preferences=lambda: opened.append(True))
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog, "claimreview")
    assert dialog.preferences_button.isVisible()
    dialog.preferences_button.click()
    assert opened == [True]
    choose(dialog, "md")
    assert not dialog.preferences_button.isVisible()


def approve(window, claim_id: int) -> None:
    """An editor's sign-off, as Review ▸ Approve… writes it; the window shows it."""
    window.library.decide(claim_id, "approve", "Checked.")
    window.open_article(window.controller.article.id)
    window.claims_panel.select_claim(claim_id)
