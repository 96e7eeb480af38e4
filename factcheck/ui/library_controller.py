"""Edits of the library itself: deleting and archiving articles (each one undoable), assigning them; and what
the desk's workflow marks in the library list.

Their undo steps live on a library-wide stack in the review controller's undo group.
After a deletion or an archiving the article leaves the screen and that stack becomes
the active one, so Ctrl+Z brings the article back at once; opening another article makes
that article's stack active again, as for every other edit.

The commands are written off the UI thread by the review controller's operation
runner, and reach the stack once committed, like every other edit.

The list's marks (articles others changed since this reviewer last opened them, those
waiting for their sign-off or opinion) are read on the runner's worker too: again after
the list is reloaded and after every committed change, the window's own or a
colleague's (:meth:`LibraryController.refresh_workflow`). Opening an article records it
as seen (:meth:`LibraryController.opened`), and the article the reviewer leaves with it:
what changed while it was on screen was seen there.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMenu, QMessageBox

from factcheck.store import LibraryError
from factcheck.ui.commands import StoreCommand, _short
from factcheck.ui.library_model import DeskState

log = logging.getLogger(__name__)

FIRST_READ_MS = 300
"""The desk's marks are first read this long after the window is built: its first paint waits for none of it."""


class LibraryController(QObject):
    article_removed = Signal(int, str)
    """An article left the list (deleted or archived); its id and a status-bar message."""
    article_returned = Signal(int, str)
    """An article came back (undo, or taken out of the archive); its id and a message."""

    def __init__(self, review, parent=None) -> None:
        """``parent`` is the main window: the list it shows (``articles_model``) gets the desk's marks."""
        super().__init__(parent)
        self.review = review
        self.stack = QUndoStack(review.undo_group)
        self.articles = getattr(parent, "articles_model", None)
        self._shown: int | None = None  # the article on screen, recorded as seen when the reviewer leaves it
        self._reading = self._again = False
        self._unwritten: list[int] = []  # seen before the first reading: written with it, after the first paint
        self._soon = QTimer(self, singleShot=True, interval=FIRST_READ_MS)
        self._soon.timeout.connect(self.refresh_workflow)
        if self.articles is not None:
            self.articles.modelReset.connect(self._soon.start)
        self.runner.changed.connect(self._committed)

    # The edits.
    def delete_article(self, article_id: int) -> bool:
        return self._push(DeleteArticleCommand(self.review, article_id, self.library.article(article_id).title))

    def set_archived(self, article_id: int, archived: bool) -> bool:
        return self._push(ArchiveArticleCommand(self.review, article_id, archived,
                                                self.library.article(article_id).title))

    def ask_and_delete(self, article_id: int, parent) -> bool:
        """Delete an article once the user has seen what it takes with it and said yes."""
        answer = QMessageBox.question(
            parent, "Delete the article?",
            f"Delete {what_deleting_loses(self.library, article_id)}?\n\nEdit ▸ Undo (Ctrl+Z) brings it back "
            "while it is the last thing you did; Article ▸ Archive keeps an article out of the list instead.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes and self.delete_article(article_id)

    def show_menu(self, article_id: int, where, parent) -> None:
        """An article's right-click menu in the library list."""
        from factcheck.ui.assign_dialog import assign_article

        menu = QMenu(parent)
        menu.addAction("Assign…", lambda: assign_article(self.parent() or parent, article_id))
        menu.addSeparator()
        archived = self.library.article(article_id).archived_at is not None
        menu.addAction("Unarchive Article" if archived else "Archive Article",
                       lambda: self.set_archived(article_id, not archived))
        menu.addAction("Delete Article…", lambda: self.ask_and_delete(article_id, parent))
        menu.exec(where)

    @property
    def library(self):
        return self.review.library

    @property
    def runner(self):
        return self.review.runner

    # What the desk's workflow marks in the list.
    def opened(self, article_id: int) -> None:
        """The reviewer opened the article: its mark goes, and it (with the one they left) is recorded as seen."""
        left, self._shown = self._shown, article_id
        if self.articles is not None:
            self.articles.clear_changed(article_id)
        if getattr(self.library, "read_only", False) or self.review.paused:
            return  # nothing can be written: the mark comes back with the next reading
        seen = [article_id] if left in (None, article_id) else [left, article_id]
        if self._soon.interval() == FIRST_READ_MS:  # the window is opening: no worker yet, none wanted before it shows
            self._unwritten += seen
            if not self._soon.isActive():
                self._soon.start()
            return
        self._write_seen(seen)

    def _write_seen(self, seen: list[int]) -> None:
        self.runner.run(lambda store: _mark_seen(store, seen), None, self._not_marked, what="Noting what you read")

    def _not_marked(self, error: BaseException) -> None:
        if isinstance(error, (LibraryError, KeyError)):  # offline, say: the mark stays, nothing else is lost
            log.warning("could not record the article as seen: %s", error)
        else:
            log.error("recording the article as seen failed", exc_info=error)

    def refresh_workflow(self) -> None:
        """Read again, on the worker, which articles others changed since this reviewer last opened them and
        which wait for their sign-off or opinion; the list shows it once read."""
        self._soon.stop()
        self._soon.setInterval(0)  # from now on a reload or a change is followed at once
        unwritten, self._unwritten = self._unwritten, []
        if self._reading:  # one reading at a time: another after it, for what changed meanwhile
            self._again = True
            return
        self._reading, self._again = True, False
        try:
            if unwritten:  # before the reading, which then counts them seen
                self._write_seen(list(dict.fromkeys(unwritten)))
            self.runner.run(read_desk, self._desk_read, self._desk_not_read, what="Reading what waits for you")
        except RuntimeError:  # the window is closing (its runner closed): there is no list to mark
            self._reading = False
            log.debug("the desk's marks are not read: the window is closing")

    def _committed(self, outcome) -> None:
        if outcome.changes:  # a reading of the desk changes nothing, and asks for no other
            self._soon.start()

    def _desk_read(self, outcome) -> None:
        self._reading = False
        desk: DeskState = outcome.result
        if self._shown is not None and self._shown in desk.changed:  # on screen: its changes are seen there
            desk = desk.without_changed(self._shown)
        if self.articles is not None:
            self.articles.set_desk(desk)
        if self._again:
            self.refresh_workflow()

    def _desk_not_read(self, error: BaseException) -> None:
        self._reading = self._again = False  # the next reload or change tries again
        if isinstance(error, LibraryError):
            log.warning("could not read what waits for the reviewer: %s", error)
        else:
            log.error("reading what waits for the reviewer failed", exc_info=error)

    def _push(self, command: StoreCommand) -> bool:
        if self.review.paused:
            self.review.refused.emit(self.review.paused)
            return False
        self.review.before_edit()
        self.review.push_to(command, self.stack, self._follow)
        return True

    def _follow(self, command: StoreCommand, outcome) -> None:
        """The article left the list or came back: say so, and let Ctrl+Z reach this stack."""
        gone, message = command.announcement
        self.stack.setActive()  # before the news: an article coming back makes its own stack active
        (self.article_removed if gone else self.article_returned).emit(command.article_id, message)


class DeleteArticleCommand(StoreCommand):
    def __init__(self, host, article_id: int, title: str) -> None:
        super().__init__(host, f"Delete article “{_short(title)}”")
        self.article_id = article_id
        self.deleted = None
        self.announcement = (True, "")
        """Whether the last step took the article out of the list, and what to tell the user."""

    def apply(self, store) -> None:
        self.deleted = store.delete_article(self.article_id)
        self.announcement = (True, deleted_message(self.deleted))

    def revert(self, store) -> None:
        store.restore_article(self.deleted)
        self.announcement = (False, f"“{_short(self.deleted.article.title)}” is back.")


class ArchiveArticleCommand(StoreCommand):
    def __init__(self, host, article_id: int, archived: bool, title: str) -> None:
        super().__init__(host, f"{'Archive' if archived else 'Unarchive'} article “{_short(title)}”")
        self.article_id, self.archived, self.title = article_id, archived, title
        self.announcement = (True, "")

    def apply(self, store) -> None:
        self._set(store, self.archived)

    def revert(self, store) -> None:
        self._set(store, not self.archived)

    def _set(self, store, archived: bool) -> None:
        store.set_archived(self.article_id, archived)
        if archived:
            self.announcement = (True, f"Archived “{_short(self.title)}”: it is kept, out of the list "
                                       "(View ▸ Show Archived Articles). Ctrl+Z undoes.")
        else:
            self.announcement = (False, f"“{_short(self.title)}” is back in the list.")


def read_desk(store) -> DeskState:
    """What the desk's workflow says of the library list for ``store``'s reviewer (on the runner's worker)."""
    changed = store.changed_since_seen()
    waiting = store.waiting()
    article_of = store.claim_articles([*waiting["sign_off"], *waiting["opinions"]])
    return DeskState(
        me=store.user, editor=getattr(store, "role", "editor") == "editor",
        changed={article_id: len(claims) for article_id, claims in changed.items()},
        sign_off=frozenset(article_of[c] for c in waiting["sign_off"] if c in article_of),
        opinions=frozenset(article_of[c] for c in waiting["opinions"] if c in article_of))


def _mark_seen(store, article_ids: list[int]) -> None:
    for article_id in article_ids:
        try:
            store.article_summary(article_id)
        except KeyError:  # deleted meanwhile (the article left, or a colleague's deletion): nothing to have seen
            log.info("article %s is gone: not recorded as seen", article_id)
            continue
        store.mark_seen(article_id)


def deleted_message(deleted) -> str:
    return (f"Deleted “{_short(deleted.article.title)}” with {counted(len(deleted.claims), 'claim')} and "
            f"{counted(deleted.source_count, 'source')}. Ctrl+Z brings it back.")


def counted(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def what_deleting_loses(library, article_id: int) -> str:
    """For the confirmation: ``“Title” and its 3 claims and 5 sources``."""
    article = library.article(article_id)
    claims = library.claims(article_id)
    sources = sum(len(c.sources) for c in claims)
    return (f"“{_short(article.title)}” and its {counted(len(claims), 'claim')} (with their verdicts and "
            f"rationales) and {counted(sources, 'source')}")

