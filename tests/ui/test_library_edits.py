"""Deleting and archiving articles from the window: asked, undoable, and told apart in the list."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from factcheck.core.articles import Article


@pytest.fixture
def answer(monkeypatch):
    """The answer the next question box gets; the questions asked are kept."""
    asked: list[str] = []
    reply = [QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or reply[0])
    return reply, asked


def titles(window) -> list[str]:
    model = window.articles_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def saved_counts(window) -> tuple[int, int]:
    """How many articles (archived ones too) and claims the library has saved, read through a handle of its own."""
    library = window.library.open_another()
    try:
        articles = library.articles(archived=True)
        return len(articles), sum(a.claim_count for a in articles)
    finally:
        library.close()


def test_deleting_the_open_article_asks_with_its_counts_and_undo_brings_it_all_back(window, mark, answer):
    reply, asked = answer
    article = window.controller.article
    claim_id = mark(window, "Donald Trump")
    assert window.controller.set_claim_field(claim_id, "verdict", "False")
    window.runner.wait_idle()

    window.delete_article_action.trigger()
    window.runner.wait_idle()

    assert "its 1 claim" in asked[0] and "0 sources" in asked[0] and article.title[:20] in asked[0]
    assert saved_counts(window) == (0, 0)
    assert window.controller.article is None and titles(window) == []
    assert "Deleted" in window.statusBar().currentMessage() and "Ctrl+Z" in window.statusBar().currentMessage()
    assert "Delete article" in window.undo_action.text()

    window.undo_action.trigger()
    window.runner.wait_idle()

    assert saved_counts(window) == (1, 1)
    assert window.controller.article.id == article.id
    assert [c.verdict for c in window.claims_model.claims()] == ["False"]
    assert titles(window) == [article.title]


def test_cancelling_the_question_deletes_nothing(window, answer):
    reply, asked = answer
    reply[0] = QMessageBox.StandardButton.Cancel
    window.delete_article_action.trigger()
    assert asked and saved_counts(window) == (1, 0) and window.controller.article is not None


def test_an_archived_article_leaves_the_list_shows_on_request_and_comes_back(window):
    article = window.controller.article
    window.archive_action.trigger()
    window.runner.wait_idle()
    assert titles(window) == [] and window.controller.article is None
    assert saved_counts(window) == (1, 0)  # kept whole
    window.show_archived_action.trigger()
    assert titles(window) == [article.title]
    assert "archived" in window.articles_model.index(0, 0).data(window.articles_model.DETAIL_ROLE)
    window.library_panel.view.setCurrentIndex(window.library_panel.view.model().index(0, 0))  # opened from the list
    assert window.controller.article.id == article.id
    window.archive_article(article.id, archived=False)
    window.runner.wait_idle()
    window.show_archived_action.trigger()
    assert titles(window) == [article.title]
    window.undo_action.trigger()  # undo the unarchiving
    window.runner.wait_idle()
    assert titles(window) == []


def test_articles_with_the_same_headline_are_told_apart_by_when_they_were_imported(window):
    library = window.library
    for n in (1, 2):
        library.add_article(Article(title="Budget day", text=f"Version {n} of the budget story.",
                                    outlet="Gazette", published="2024-05-06",
                                    imported_at=f"2024-05-0{n + 6}T10:0{n}:00+00:00"))
    window.reload_library()
    model = window.articles_model
    details = [model.index(row, 0).data(model.DETAIL_ROLE) for row in range(model.rowCount())
               if model.index(row, 0).data() == "Budget day"]
    assert len(details) == 2 and details[0] != details[1]
    assert all(d.startswith("imported ") and "· Gazette · 6 May 2024 ·" in d for d in details)
    seed = [model.index(row, 0).data(model.DETAIL_ROLE) for row in range(model.rowCount())
            if model.index(row, 0).data() != "Budget day"]
    assert "imported" not in seed[0]  # a headline of its own needs no import time


def test_the_fact_check_page_is_an_article_detail_saved_and_undoable(window, library_path, monkeypatch):
    from factcheck.ui.article_details_dialog import ArticleDetailsDialog

    def fill(dialog):
        dialog.review_url.setText("https://check.example/2017/trump-cyber")
        return True

    monkeypatch.setattr(ArticleDetailsDialog, "exec", fill)
    article_id = window.controller.article.id
    window.details_action.trigger()
    window.runner.wait_idle()
    assert window.library.article(article_id).review_url == "https://check.example/2017/trump-cyber"
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert window.library.article(article_id).review_url == ""


def test_a_fact_check_page_that_is_not_a_web_address_is_refused(window, qtbot):
    from factcheck.ui.article_details_dialog import ArticleDetailsDialog

    dialog = ArticleDetailsDialog(window.controller.article, window)
    qtbot.addWidget(dialog)
    dialog.review_url.setText("file:///etc/passwd")
    dialog.accept()
    assert dialog.result() == 0 and "the fact-check page" in dialog.error.text()


def test_claimant_details_are_kept_for_every_claim_naming_them_and_undoable(window, mark, monkeypatch):
    from factcheck.core.claims import ClaimantKind
    from factcheck.ui.claimant_dialog import ClaimantDialog

    first = mark(window, "Donald Trump")
    window.controller.set_claim_field(first, "claimant", "The White House")
    second = mark(window, "Vladimir Putin")
    window.controller.set_claim_field(second, "claimant", "The White House")
    window.runner.wait_idle()
    seen = []

    def fill(dialog):
        seen.append(dialog.findChildren(type(dialog.error))[1].text())
        dialog.organisation.setChecked(True)
        dialog.same_as.setText("https://www.wikidata.org/wiki/Q35525")
        return True

    monkeypatch.setattr(ClaimantDialog, "exec", fill)
    window.claims_panel.select_claim(first)
    window.claimant_action.trigger()
    window.runner.wait_idle()

    assert "Shared by the 2 claims" in seen[0]
    stored = window.library.claimant("The White House")
    assert (stored.kind, stored.same_as) == (ClaimantKind.ORGANIZATION, "https://www.wikidata.org/wiki/Q35525")
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert window.library.claimant("The White House").kind == ClaimantKind.PERSON


def test_a_claimant_page_that_is_not_a_web_address_is_refused(window, qtbot):
    from factcheck.core.claims import Claimant
    from factcheck.ui.claimant_dialog import ClaimantDialog

    dialog = ClaimantDialog(Claimant("Sam"), 1, window)
    qtbot.addWidget(dialog)
    dialog.same_as.setText("javascript:alert(1)")
    dialog.accept()
    assert dialog.result() == 0 and "the claimant's page" in dialog.error.text()


def test_an_article_imported_after_a_deletion_never_inherits_its_undo_steps(window, library_path, mark, answer):
    deleted_id = window.controller.article.id
    claim_id = mark(window, "Donald Trump")
    window.controller.delete_claim(claim_id)
    window.runner.wait_idle()
    window.delete_article_action.trigger()
    window.runner.wait_idle()
    new = window.library.add_article(Article(title="The right article", text="A council voted 7-2 on Tuesday."))
    window.reload_library()
    window.open_article(new.id)

    assert new.id != deleted_id
    assert not window.undo_action.isEnabled()  # its own, empty history: nothing of the deleted article's
    assert window.library.claims(new.id) == []


def test_restoring_a_backup_forgets_the_library_edits_too(window, library_path, monkeypatch):
    from factcheck.store.backups import make_backup

    make_backup(window.library, keep=5)
    window.archive_action.trigger()
    window.runner.wait_idle()
    assert window.library_edits.stack.count() == 1
    window.library.close()
    window.reopen_library(library_path)
    assert window.library_edits.stack.count() == 0
    article_id = window.library.articles(archived=True)[0].id
    window.archive_article(article_id)  # an edit after the reopen works on the new connection
    window.runner.wait_idle()
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert window.library.article(article_id).archived_at is None


def test_importing_an_archived_article_again_shows_it_in_the_list(window, tmp_path, qtbot):
    text = tmp_path / "budget.txt"
    text.write_text("Budget day\n\nThe council balanced its budget for the first time in a decade, said the mayor "
                    "on Tuesday, after cutting two bus routes.\n", encoding="utf-8")
    job = window.import_paths([text])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=10000)
    article_id = window.controller.article.id
    window.archive_action.trigger()
    window.runner.wait_idle()
    assert window.articles_model.row_of(article_id) is None
    job = window.import_paths([text])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=10000)
    assert window.controller.article.id == article_id
    assert window.show_archived_action.isChecked()
    assert window.articles_model.row_of(article_id) is not None


def test_a_backup_is_not_restored_while_an_import_writes_to_the_library(window, library_path, monkeypatch,
                                                                        tmp_path):
    from factcheck.store.backups import make_backup
    from factcheck.ui.restore_dialog import RestoreDialog

    make_backup(window.library, keep=5)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(title))
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: True)
    monkeypatch.setattr(window.importer, "running", lambda: True)
    before = library_path.stat().st_mtime_ns
    window.restore_action.trigger()
    assert told == ["An import is running"]
    assert library_path.stat().st_mtime_ns == before
    window.library.articles()  # still open: nothing was closed or replaced
    window.library.set_property("probe", "written after the refusal")  # and nothing left half-done: it commits
    other = window.library.open_another()
    try:
        assert other.get_property("probe") == "written after the refusal"
    finally:
        other.close()
