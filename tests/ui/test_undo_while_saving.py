"""Undo pressed while an edit is still being written, from review: the step goes to the stack it was pressed
for, a library edit in flight (deleting an article) is what Undo undoes, and an edit that turns out to change
nothing takes the Undo pressed for it with it."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox

from factcheck.core.articles import Article
from factcheck.store import SQLiteStore
from factcheck.ui.commands import StoreCommand

QUOTE = "Putin & I discussed forming an impenetrable Cyber Security unit"


def hold(monkeypatch, method: str) -> threading.Event:
    """Every call of the store's ``method`` waits (on the runner's thread) until the event is set."""
    held, real = threading.Event(), getattr(SQLiteStore, method)
    monkeypatch.setattr(SQLiteStore, method, lambda self, *a, **k: held.wait(10) and real(self, *a, **k))
    return held


def settle(window, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.controller.busy())
    window.runner.wait_idle()


def test_an_undo_pressed_before_opening_another_article_undoes_the_first_article_s_edit(window, mark, qtbot,
                                                                                         monkeypatch):
    first = window.controller.article
    claim_id = mark(window, QUOTE)
    second = window.library.add_article(Article(title="Council vote", text="The council voted 7-2 on Tuesday."))
    window.reload_library()
    window.open_article(second.id)
    second_claim = mark(window, "voted 7-2")
    window.open_article(first.id)
    settle(window, qtbot)

    held = hold(monkeypatch, "update_claim")
    window.controller.set_claim_field(claim_id, "verdict", "False")  # being saved, held
    window.undo_action.trigger()  # meant for that verdict: waits its turn
    window.open_article(second.id)  # the reviewer moves on before it is saved
    held.set()
    settle(window, qtbot)

    assert window.library.claim(claim_id).verdict is None  # the verdict undone, on the first article
    assert [c.id for c in window.library.claims(second.id)] == [second_claim]  # the second's claim stays
    assert window.controller.stack.index() == 1 and "Mark claim" in window.undo_action.text()


def test_undo_while_deleting_an_article_is_saved_brings_the_article_back(window, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    article = window.controller.article
    held = hold(monkeypatch, "delete_article")
    window.delete_article_action.trigger()  # being saved, held
    assert window.undo_action.isEnabled() and "Delete article" in window.undo_action.text()
    window.undo_action.trigger()
    held.set()
    settle(window, qtbot)

    assert [a.id for a in window.library.articles()] == [article.id]
    assert window.controller.article.id == article.id  # open again, as after an undo once it was saved


class ChangesNothing(StoreCommand):
    """An edit that finds nothing to change once applied (as "use as starting point" may)."""

    def __init__(self, host) -> None:
        super().__init__(host, "Use the match as starting point")

    def apply(self, store) -> None:
        pass

    def revert(self, store) -> None:
        pass

    def changed_nothing(self) -> bool:
        return True


def test_an_undo_pressed_for_an_edit_that_changed_nothing_undoes_nothing_else(window, mark, qtbot, monkeypatch):
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "verdict", "False")
    settle(window, qtbot)

    held = threading.Event()
    monkeypatch.setattr(ChangesNothing, "apply", lambda self, store: held.wait(10) and None)
    window.controller.edit(ChangesNothing(window.controller))  # being saved, held
    assert "starting point" in window.undo_action.text()
    window.undo_action.trigger()  # meant for it
    held.set()
    settle(window, qtbot)

    assert window.library.claim(claim_id).verdict == "False"  # the verdict before it stays
    stack = window.controller.stack
    assert stack.index() == stack.count() == 2 and "verdict" in window.undo_action.text()


def add_other_article(window) -> int:
    other = window.library.add_article(Article(title="Council vote", text="The council voted 7-2 on Tuesday."))
    window.reload_library()
    return other.id


def test_two_quick_undos_after_deleting_the_open_article_bring_it_back_then_undo_its_last_edit(
        window, mark, qtbot, monkeypatch):
    """Each press lands where it would have once the one before had been saved: the second goes to the article
    the first brought back, not to an older library step (archiving another article)."""
    article = window.controller.article
    claim_id = mark(window, QUOTE)
    other = add_other_article(window)
    window.library_edits.set_archived(other, True)
    window.open_article(article.id)
    settle(window, qtbot)

    held = hold(monkeypatch, "delete_article")
    window.library_edits.delete_article(article.id)  # being saved, held
    window.undo_action.trigger()  # brings the article back
    assert "Mark claim" in window.undo_action.text()  # what the next press will undo
    window.undo_action.trigger()  # undoes its claim
    held.set()
    settle(window, qtbot)

    assert window.library.article(article.id).id == article.id
    assert window.library.claims(article.id) == [] and claim_id not in {c.id for c in window.claims_model.claims()}
    assert window.library.article(other).archived_at is not None  # the older library step stays done


def test_an_edit_after_deleting_another_article_from_the_list_is_the_open_article_s_to_undo(
        window, mark, qtbot):
    article = window.controller.article
    other = add_other_article(window)
    window.open_article(article.id)
    window.library_edits.delete_article(other)  # from the list's menu, the article on screen stays
    settle(window, qtbot)
    assert "Delete article" in window.undo_action.text()

    mark(window, QUOTE)
    settle(window, qtbot)
    stack = window.controller.stack
    assert stack.count() == 1 and "Mark claim" in window.undo_action.text()
    window.undo_action.trigger()
    settle(window, qtbot)
    assert window.library.claims(article.id) == []
    assert [a.id for a in window.library.articles()] == [article.id]  # the other stays deleted
