"""An import that looks like a new version of an article the library holds: the window asks, and imports
it as a new revision (its claims placed again, one undoable step), as a new article, or not at all.
``factcheck import`` (also when handed over to the window) keeps making a new article unless told
``--revision-of``."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from factcheck.ui.import_revision import RevisionOffers, question

HEAD = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Mayor claims record | City Post</title>
<link rel="canonical" href="https://citypost.example/mayor-record{query}">
<meta property="og:site_name" content="City Post"></head><body><article><h1>Mayor claims record year for new homes</h1>
"""
FIRST = ["The mayor said on Monday that the city had built more new homes last year than in any year since 1970.",
         "Council records show 4,120 homes were completed, against 4,480 in 1988.",
         "A spokesperson said the claim referred to homes built by the council itself."]
SECOND = ["Correction: an earlier version of this story misstated a figure.", FIRST[0],
          FIRST[1].replace("4,120", "4,210"), "The opposition called the claim misleading."]


def page(paragraphs: list[str], query: str = "") -> str:
    return HEAD.format(query=query) + "".join(f"<p>{p}</p>\n" for p in paragraphs) + "</article></body></html>"


@pytest.fixture
def first(window, qtbot, tmp_path, mark):
    """The first version imported and open, with three claims marked on it."""
    path = tmp_path / "mayor.html"
    path.write_text(page(FIRST), encoding="utf-8")
    job = window.import_paths([path])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15000)
    article = window.controller.article
    assert article.title == "Mayor claims record year for new homes"
    for quote in ("built more new homes last year", "4,120 homes were completed", "homes built by the council"):
        mark(window, quote)
    return article


@pytest.fixture
def second(tmp_path):
    path = tmp_path / "mayor-corrected.html"
    path.write_text(page(SECOND, "?utm_source=feed"), encoding="utf-8")  # the same address, a query aside
    return path


@pytest.fixture
def answer(monkeypatch):
    """The reviewer's answer to "Import as revision … or as a new article?"; the questions asked are kept."""
    asked: list[str] = []
    chosen = {"answer": RevisionOffers.REVISION, "apply": True}

    def ask(self, offer, target):
        asked.append(question(target, offer))
        return chosen["answer"]

    monkeypatch.setattr(RevisionOffers, "ask", ask)
    monkeypatch.setattr(RevisionOffers, "confirm", lambda self, plan, text_summary: chosen["apply"])
    chosen["asked"] = asked
    return chosen


def articles(library_path) -> list[tuple]:
    with sqlite3.connect(library_path) as conn:
        return conn.execute("SELECT id, revision FROM articles WHERE title LIKE 'Mayor claims%' ORDER BY id").fetchall()


def settle(window, qtbot) -> None:
    offers = window.importer.revision_offers
    qtbot.waitUntil(lambda: offers is not None and not offers.busy() and not offers.waiting, timeout=15000)
    window.runner.wait_idle()


def test_a_new_version_is_imported_as_a_revision_its_claims_placed_again_and_undo_takes_it_back(
        window, qtbot, first, second, answer, library_path, warnings):
    job = window.import_paths([second])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15000)
    settle(window, qtbot)

    assert answer["asked"] == ["This looks like a new version of «Mayor claims record year for new homes» (same "
                               "address). Import as revision 2 of it, or as a new article?"]
    assert articles(library_path) == [(first.id, 2)]  # no second article
    qtbot.waitUntil(lambda: window.controller.article.revision == 2, timeout=10000)
    assert window.controller.article.text == "\n\n".join(SECOND)
    placed = {c.quote: (c.placement, c.old_quote) for c in window.library.claims(first.id)}
    assert placed == {"built more new homes last year": ("moved", ""),
                      "4,210 homes were completed": ("changed", "4,120 homes were completed"),
                      "homes built by the council": ("orphan", "")}
    assert window.library.revision_text(first.id, 1) == "\n\n".join(FIRST)
    assert window.library.revisions(first.id)[-1].origin == str(second)
    assert warnings == []

    window.controller.undo()
    window.runner.wait_idle()
    assert articles(library_path) == [(first.id, 1)]  # the database, not only the screen
    assert {c.quote for c in window.library.claims(first.id)} == {
        "built more new homes last year", "4,120 homes were completed", "homes built by the council"}


def test_a_new_version_can_be_imported_as_a_new_article_instead(window, qtbot, first, second, answer, library_path):
    answer["answer"] = RevisionOffers.NEW_ARTICLE
    job = window.import_paths([second])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15000)
    settle(window, qtbot)
    (kept, new) = articles(library_path)
    assert kept == (first.id, 1) and new[1] == 1
    qtbot.waitUntil(lambda: window.controller.article.id == new[0], timeout=10000)  # the new article opens
    assert len(window.library.claims(first.id)) == 3


@pytest.mark.parametrize("step", ["question", "plan"])
def test_cancelling_the_question_or_the_plan_imports_nothing(window, qtbot, first, second, answer, library_path,
                                                             step):
    if step == "question":
        answer["answer"] = RevisionOffers.CANCEL
    else:
        answer["apply"] = False
    job = window.import_paths([second])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15000)
    settle(window, qtbot)
    assert articles(library_path) == [(first.id, 1)]
    assert "nothing was imported" in window.statusBar().currentMessage() or \
        "was not imported" in window.statusBar().currentMessage()


def test_the_same_text_again_is_said_to_be_in_the_library_not_offered_as_a_revision(window, qtbot, first, tmp_path,
                                                                                   answer, library_path):
    again = tmp_path / "again.html"
    again.write_text(page(FIRST), encoding="utf-8")
    job = window.import_paths([again])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15000)
    assert answer["asked"] == [] and articles(library_path) == [(first.id, 1)]
    assert "already in the library" in window.statusBar().currentMessage()


def test_the_command_line_import_makes_a_new_article_unless_told_revision_of(tmp_path):
    first, second = tmp_path / "mayor.html", tmp_path / "mayor-corrected.html"
    first.write_text(page(FIRST), encoding="utf-8")
    second.write_text(page(SECOND), encoding="utf-8")

    def factcheck(*words: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "factcheck", "--db", str(tmp_path / "lib.db"), *words],
                              capture_output=True, text=True, timeout=120)

    assert factcheck("import", str(first)).stdout.startswith("1\t")
    assert factcheck("import", str(second)).stdout.startswith("2\t")  # a new article: no question asked
    revised = factcheck("import", str(second), "--revision-of", "1")
    assert revised.returncode == 0, revised.stderr
    assert revised.stdout.startswith("Article 1 «Mayor claims record year for new homes» is now revision 2.")
    refused = factcheck("import", str(first), str(second), "--revision-of", "1")
    assert refused.returncode == 2 and "--revision-of takes one file or address" in refused.stderr


def test_a_folder_is_imported_as_new_articles_without_a_question(window, qtbot, first, tmp_path, answer,
                                                                 library_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "mayor-corrected.html").write_text(page(SECOND), encoding="utf-8")
    job = window.import_paths([folder])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15000)
    assert answer["asked"] == [] and [revision for _, revision in articles(library_path)] == [1, 1]


def test_a_colleague_revising_first_refuses_the_import_names_them_and_shows_their_text(
        window, qtbot, first, second, answer, library_path, warnings, monkeypatch):
    from factcheck.operations_revisions import apply_revision, plan_revision

    theirs = first.text.replace(FIRST[2], "A spokesperson declined to comment.")

    def confirm(self, plan, text_summary):  # while the reviewer reads the plan, a colleague revises the article
        other = window.library.open_another()
        try:
            other.user = "Ed"
            apply_revision(other, plan_revision(other, first.id, theirs, origin="elsewhere"))
        finally:
            other.close()
        return True

    monkeypatch.setattr(RevisionOffers, "confirm", confirm)
    job = window.import_paths([second])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15000)
    settle(window, qtbot)
    assert articles(library_path) == [(first.id, 2)]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Ed revised «{first.title}» at ") and "(now revision 2)" in warnings[0]
    assert warnings[0].endswith("Its new text is shown.")  # no "Check for Updates": it was an import
    assert window.article_panel.view.toPlainText() == theirs
