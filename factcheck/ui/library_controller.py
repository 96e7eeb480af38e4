"""Edits of the library itself: deleting and archiving articles, each one undoable.

Their undo steps live on a library-wide stack in the review controller's undo group.
After a deletion or an archiving the article leaves the screen and that stack becomes
the active one, so Ctrl+Z brings the article back at once; opening another article makes
that article's stack active again, as for every other edit.

The commands are written off the UI thread by the review controller's operation
runner, and reach the stack once committed, like every other edit.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMenu, QMessageBox

from factcheck.ui.commands import StoreCommand, _short

log = logging.getLogger(__name__)


class LibraryController(QObject):
    article_removed = Signal(int, str)
    """An article left the list (deleted or archived); its id and a status-bar message."""
    article_returned = Signal(int, str)
    """An article came back (undo, or taken out of the archive); its id and a message."""

    def __init__(self, review, parent=None) -> None:
        super().__init__(parent)
        self.review = review
        self.stack = QUndoStack(review.undo_group)

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
        menu = QMenu(parent)
        archived = self.library.article(article_id).archived_at is not None
        menu.addAction("Unarchive Article" if archived else "Archive Article",
                       lambda: self.set_archived(article_id, not archived))
        menu.addAction("Delete Article…", lambda: self.ask_and_delete(article_id, parent))
        menu.exec(where)

    @property
    def library(self):
        return self.review.library

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

