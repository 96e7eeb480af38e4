"""The library list knows the desk's workflow: each article's stage, filters of what waits for the reviewer,
articles changed by others since the reviewer last opened them, and the Assign dialog.

A colleague ("sam") works on the same library file through a handle of their own, as
another program on the desk would; the window reads the desk again as it does after a
reload or a committed change.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, ClaimStatus
from factcheck.store import Changes
from factcheck.ui import assign_dialog
from factcheck.ui.library_model import ArticleIdRole, ChangedRole, DetailRole

TEXT = "Crime fell 40% last year, the mayor said.\n\nPolice figures show a fall of 12%."


@pytest.fixture
def sam(window):
    """A colleague's handle on the window's library."""
    other = window.library.open_another()
    other.user = "sam"
    yield other
    other.close()


def add(store, title: str) -> int:
    return store.add_article(Article(title=title, text=TEXT)).id


def mark(store, article_id: int, quote: str = "Crime fell 40%") -> int:
    start = TEXT.index(quote)
    return store.add_claim(Claim(anchor=make_anchor(TEXT, start, start + len(quote)), article_id=article_id)).id


def settle(window) -> None:
    """The list reloaded and the desk read again, as after a change the window heard of."""
    window.reload_library()
    window.library_edits.refresh_workflow()
    window.runner.wait_idle()


def shown(window) -> list[str]:
    """The titles the library list shows, top to bottom."""
    view = window.library_panel.view
    return [view.model().index(row, 0).data() for row in range(view.model().rowCount())]


def row_of(window, article_id: int):
    view = window.library_panel.view
    return next(view.model().index(r, 0) for r in range(view.model().rowCount())
                if view.model().index(r, 0).data(ArticleIdRole) == article_id)


def test_the_filter_shows_the_articles_assigned_to_me_and_each_stage(window, sam):
    panel = window.library_panel
    seed = window.controller.article.title
    mine, theirs, reviewing, done = (add(sam, t) for t in ("Mine", "Theirs", "Reviewing", "Done"))
    sam.set_article_stage(mine, "assigned", "tester", "2031-12-04")
    sam.set_article_stage(theirs, "assigned", "sam")
    sam.set_article_stage(reviewing, "in_review", "tester")
    sam.set_article_stage(done, "published", "tester")
    settle(window)

    assert shown(window) == ["Done", "Reviewing", "Theirs", "Mine", seed]
    assert row_of(window, mine).data(DetailRole).startswith("Assigned to you · due 4 Dec 2031")
    assert row_of(window, theirs).data(DetailRole).startswith("Assigned to sam ·")
    assert row_of(window, reviewing).data(DetailRole).startswith("In review by you ·")
    assert row_of(window, done).data(DetailRole).startswith("Published ·")
    assert not row_of(window, window.controller.article.id).data(DetailRole).startswith(("Unassigned", "Assigned"))

    panel.set_filter("mine")
    assert shown(window) == ["Reviewing", "Mine"]  # a published article waits for no one
    assert panel.filter.currentText() == "Assigned to me (2)"
    assert panel.pages.currentWidget() is panel.view
    panel.set_filter("published")
    assert shown(window) == ["Done"]
    panel.set_filter("unassigned")
    assert shown(window) == [seed]
    panel.set_filter("all")
    assert len(shown(window)) == 5


def test_the_filtered_list_is_a_sound_model(window, sam, qtmodeltester):
    sam.set_article_stage(add(sam, "Mine"), "assigned", "tester")
    add(sam, "Other")
    settle(window)
    window.library_panel.set_filter("mine")
    qtmodeltester.check(window.library_panel.filtered)
    qtmodeltester.check(window.articles_model)


def test_a_reporter_is_offered_no_sign_off(window):
    from factcheck.ui.library_model import DeskState

    panel = window.library_panel
    settle(window)
    assert panel.filter.findData("sign_off") >= 0  # an editor, on a local library
    panel.set_filter("sign_off")
    window.articles_model.set_desk(DeskState(me="rita", editor=False))
    assert panel.filter.findData("sign_off") < 0
    assert panel.filter_key() == "all" and len(shown(window)) == 1


def test_a_filter_that_matches_nothing_says_so_and_keeps_the_open_article(window):
    panel = window.library_panel
    open_id = window.controller.article.id
    settle(window)
    panel.set_filter("mine")
    assert shown(window) == []
    assert panel.pages.currentWidget() is panel.nothing
    assert panel.nothing.heading.text() == "Nothing is assigned to you"
    assert window.controller.article.id == open_id  # filtering opened nothing else
    panel.set_filter("all")
    assert panel.pages.currentWidget() is panel.view
    assert panel.view.currentIndex().data(ArticleIdRole) == open_id  # still the one shown as open


def test_filtering_the_open_article_away_opens_no_other(window, sam):
    first, second = add(sam, "First"), add(sam, "Second")
    sam.set_article_stage(second, "assigned", "tester")
    settle(window)
    window.open_article(first)
    window.library_panel.set_filter("mine")
    assert shown(window) == ["Second"]
    assert window.controller.article.id == first
    assert not window.library_panel.view.currentIndex().isValid()  # the open article is not shown: none is selected
    window.library_panel.set_filter("all")
    assert window.library_panel.view.currentIndex().data(ArticleIdRole) == first


def test_waiting_for_my_sign_off_and_for_my_opinion(window, sam):
    panel = window.library_panel
    proposed, asked, quiet = add(sam, "Proposed"), add(sam, "Asked"), add(sam, "Quiet")
    claim = mark(sam, proposed)
    sam.propose(claim, "False", "Police data says 12%.")
    sam.update_claim(claim, "status", ClaimStatus.IN_REVIEW)
    sam.request_opinions(mark(sam, asked), ["tester"])
    mark(sam, quiet)
    settle(window)

    panel.set_filter("sign_off")  # the window's reviewer is an editor on a local library
    assert shown(window) == ["Proposed"]
    assert panel.filter.currentText() == "Waiting for my sign-off (1)"
    panel.set_filter("opinions")
    assert shown(window) == ["Asked"]

    window.library.decide(claim, "approve", "Checked.", proposal_id=sam.own_proposal(claim).id)
    settle(window)
    panel.set_filter("sign_off")
    assert shown(window) == [] and panel.nothing.heading.text() == "Nothing waits for your sign-off"


def test_a_colleagues_edit_marks_the_article_until_the_reviewer_opens_it(window, sam, qtbot):
    seed = window.controller.article.id
    article = add(window.library, "Ours")
    claim, other = mark(window.library, article), mark(window.library, article, "Police figures")
    settle(window)
    window.library_edits.opened(article)
    window.library_edits.opened(seed)  # back to the first: "Ours" was seen
    window.runner.wait_idle()
    time.sleep(1.1)  # the library's times are to the second
    settle(window)
    assert row_of(window, article).data(ChangedRole) is None

    sam.update_claim(claim, "verdict", "False")
    settle(window)
    index = row_of(window, article)
    assert index.data(ChangedRole) == 1
    assert "Changed by others since you last opened it (1 claim)" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert row_of(window, seed).data(ChangedRole) is None

    sam.update_claim(other, "verdict", "True")  # heard of, as a shared library's feed tells the window
    window.runner.follow(Changes(articles=frozenset({article}), claims=frozenset({other})))
    qtbot.waitUntil(lambda: row_of(window, article).data(ChangedRole) == 2, timeout=3000)

    time.sleep(1.1)
    window.open_article(article)
    window.library_edits.opened(article)
    assert row_of(window, article).data(ChangedRole) is None  # at once
    window.runner.wait_idle()
    assert article not in window.library.changed_since_seen()  # and recorded as seen
    settle(window)
    assert row_of(window, article).data(ChangedRole) is None


def test_an_article_opened_as_the_window_opens_is_recorded_once_the_window_has_shown(window, sam, qtbot):
    article = add(sam, "Theirs")
    window.reload_library()
    time.sleep(1.1)  # the library's times are to the second
    window.library_edits.opened(article)
    assert window.runner.is_idle()  # no worker started before the first paint
    assert article in window.library.changed_since_seen()
    qtbot.waitUntil(lambda: article not in window.library.changed_since_seen(), timeout=3000)
    window.runner.wait_idle()
    assert row_of(window, article).data(ChangedRole) is None


def test_an_article_on_a_read_only_library_is_not_recorded_as_seen(window, monkeypatch):
    calls = []
    monkeypatch.setattr(window.library, "read_only", True, raising=False)
    monkeypatch.setattr(window.runner, "run", lambda *a, **k: calls.append(a))
    window.library_edits.opened(window.controller.article.id)
    assert calls == []


def test_the_assign_dialog_writes_the_stage_and_the_list_shows_it(window, sam, monkeypatch):
    article = add(sam, "To assign")
    settle(window)
    seen = {}

    def answer(dialog):
        seen["names"] = [dialog.assignee.itemText(i) for i in range(dialog.assignee.count())]
        dialog.assignee.lineEdit().setText("sam")
        dialog.assignee.lineEdit().textEdited.emit("sam")  # as typed: an unassigned article becomes assigned
        dialog.due.setText("4 December 2031")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(assign_dialog.AssignDialog, "exec", answer)
    assign_dialog.assign_article(window, article)
    window.runner.wait_idle()

    assert seen["names"] == ["sam", "tester"]  # those who worked in the library
    stage = window.library.article_stage(article)
    assert (stage.stage.value, stage.assignee, stage.due) == ("assigned", "sam", "2031-12-04")
    assert row_of(window, article).data(DetailRole).startswith("Assigned to sam · due 4 Dec 2031")
    assert "Assigned to sam" in window.statusBar().currentMessage()


def test_the_assign_dialog_refuses_an_assignment_to_no_one(window, monkeypatch):
    article = window.controller.article.id
    refused = {}

    def answer(dialog):
        dialog.stage.setCurrentIndex(dialog.stage.findData("assigned"))
        dialog.assignee.lineEdit().setText("  ")
        dialog.accept()
        refused["error"] = dialog.error.text() if not dialog.error.isHidden() else ""
        return QDialog.DialogCode.Rejected  # the reviewer gives up

    monkeypatch.setattr(assign_dialog.AssignDialog, "exec", answer)
    assign_dialog.assign_article(window, article)
    window.runner.wait_idle()
    assert "Assign the article to someone" in refused["error"]
    assert window.library.article_stage(article).stage.value == "unassigned"


def test_a_refused_assignment_is_said_in_a_message_box(window, warnings, monkeypatch):
    from factcheck.store import LibraryError

    article = window.controller.article.id
    monkeypatch.setattr(assign_dialog.AssignDialog, "exec", lambda dialog: dialog.assignee.setEditText("sam") or
                        dialog.stage.setCurrentIndex(1) or QDialog.DialogCode.Accepted)

    def full(*args, **kwargs):
        raise LibraryError("The disk is full.")

    monkeypatch.setattr(type(window.library), "set_article_stage", full)
    assign_dialog.assign_article(window, article)
    window.runner.wait_idle()
    assert len(warnings) == 1 and "was not assigned. The disk is full." in warnings[0]
    assert window.library.article_stage(article).stage.value == "unassigned"


def test_assign_is_in_the_articles_menu(window, monkeypatch):
    from PySide6.QtWidgets import QMenu

    from factcheck.ui import library_controller

    shown_menus = []

    class Menu(QMenu):
        def exec(self, *args):
            shown_menus.append(self)

    monkeypatch.setattr(library_controller, "QMenu", Menu)
    window.library_edits.show_menu(window.controller.article.id, window.pos(), window)
    assert [a.text() for a in shown_menus[0].actions() if a.text()][:2] == ["Assign…", "Archive Article"]
