"""The window on a shared library: who the reviewer is, colleagues' changes as they commit, offline and back.

Only a library that others write at the same time (one on a PostgreSQL server) has a
:meth:`~factcheck.store.protocol.Store.listen` feed; on a local file this does nothing.

A listener thread waits on the feed. A colleague's committed change is read back by the
window's operation runner (queued behind this window's own edits, so the views never go
back in time) and followed by the views like an edit of the window's own: the claims
table, the claim being edited (what the reviewer is typing stays), the article's details,
the library list and its counts. When the server cannot be reached the window says
Offline within two seconds and refuses edits (nothing is called Saved that was not); the
listener tries again every second and, once the server is back, everything shown is read
again.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel

from factcheck.store import Changes, LibraryError

log = logging.getLogger(__name__)

WAIT_S = 0.5  # how long the listener waits for a notice before it pings the server
RETRY_S = 1.0  # how often it tries to reconnect while offline

OFFLINE = "Offline: the shared library cannot be reached. Nothing can be saved until it is back."


class SharedDesk(QObject):
    heard = Signal(object, object)
    """A colleague's changes (:class:`Changes`) and the logins who made them; emitted on the listener thread."""
    went_offline = Signal(str)
    came_back = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.offline = False
        self.shared = False
        """Whether the window is on a library others write at the same time (its reviewer is the login)."""
        store = window.library
        self.label = QLabel(objectName="deskLabel")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._stop = threading.Event()
        self._again = threading.Event()  # the window's own reconnect failed: say came_back once more
        self._thread: threading.Thread | None = None
        self.feed = None
        listening_failed = None
        try:
            self.feed = store.listen()
        except LibraryError as error:  # the listener keeps trying: the window is offline until it hears
            listening_failed = error
        if self.feed is None and listening_failed is None:  # a local file: no one else writes it
            return
        self.shared = True
        window.runner.user = window.controller.reviewer = store.user  # on a shared library, the login
        window.restore_action.setEnabled(False)  # the server's administrator backs a shared library up
        window.restore_action.setStatusTip("A shared library is backed up by its server's administrator (pg_dump).")
        self._show_identity()
        if getattr(store, "role", "editor") == "reporter":
            self._no_approving()
        window.statusBar().addPermanentWidget(self.label)
        self.heard.connect(self._follow, Qt.ConnectionType.QueuedConnection)
        self.went_offline.connect(self._went_offline, Qt.ConnectionType.QueuedConnection)
        self.came_back.connect(self._came_back, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._listen, args=(store.listen, listening_failed),
                                        name="factcheck-colleagues", daemon=True)
        self._thread.start()

    # ----------------------------------------------------------- listener thread

    def _listen(self, listen, failed: LibraryError | None) -> None:
        feed, offline = self.feed, False
        if failed is not None:  # could not listen at all when the window opened: offline, and again in a moment
            offline = True
            self.went_offline.emit(str(failed))
            self._stop.wait(RETRY_S)
        try:
            while not self._stop.is_set():
                try:
                    if offline:
                        if feed is None:
                            feed = self.feed = listen()  # a connection of its own: safe on this thread
                        else:
                            feed.reconnect()
                        offline = False
                        self.came_back.emit()
                    changes = feed.wait(WAIT_S)
                    if self._again.is_set():  # the window could not follow us back last time: again
                        self._again.clear()
                        self.came_back.emit()
                    if changes and not self._stop.is_set():
                        self.heard.emit(changes, set(feed.by))
                except LibraryError as error:
                    if not offline:
                        offline = True
                        self.went_offline.emit(str(error))
                    self._stop.wait(RETRY_S)
        finally:
            if feed is not None:
                feed.close()

    def close(self) -> None:
        """Stop listening (the window closes); returns once the listener has let go of its connection."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(WAIT_S + 5)
            self._thread = None

    # --------------------------------------------------------------- UI thread

    def _show_identity(self) -> None:
        store = self.window.library
        role = getattr(store, "role", "editor")
        self.label.setText(f"{store.user} ({role}) · {store.location}")
        self.label.setToolTip(f"You are {store.user}, a {role} of the desk, on the shared library "
                              f"{store.location}." + (" A reporter proposes verdicts; an editor approves them."
                                                      if role == "reporter" else ""))
        self.window.setWindowTitle(f"factcheck — {store.user} on {store.location}")

    def _no_approving(self) -> None:
        """A reporter's window offers no Approve (the server would refuse it anyway)."""
        from factcheck.core.claims import ClaimStatus

        why = "Only an editor approves a claim on this desk; a reporter proposes the verdict."
        box = self.window.editor.status
        item = box.model().item(box.findData(ClaimStatus.APPROVED.value))
        item.setEnabled(False)
        item.setToolTip(why)
        for action in self.window.actions():
            if action.text() == ClaimStatus.APPROVED.label:
                action.setEnabled(False)
                action.setStatusTip(why)
                action.setToolTip(why)

    def _follow(self, changes: Changes, by: set) -> None:
        window = self.window

        def followed(outcome) -> None:
            names = ", ".join(sorted(n for n in by if n)) or "A colleague"
            article = window.controller.article
            window.controller.follow_elsewhere(outcome)
            if article is not None and article.id in outcome.summaries and outcome.summaries[article.id] is None:
                window._article_removed(article.id, f"{names} deleted “{article.title}”.")
            elif changes.article_list:
                window.reload_library()
            if not window.statusBar().currentMessage():
                window.statusBar().showMessage(f"Updated with {names}’s changes.", 3000)

        window.runner.follow(changes, followed)

    def _went_offline(self, reason: str) -> None:
        self.offline = True
        log.warning("offline: %s", reason)
        self.window.controller.paused = OFFLINE
        self.label.setText(f"Offline · {self.window.library.location}")
        self.label.setStyleSheet("color: palette(bright-text); background: #b3261e; padding: 0 6px;")
        self.window.statusBar().showMessage(OFFLINE, 10000)

    def _came_back(self) -> None:
        window = self.window
        try:  # the window's own connections died with the server's: new ones, before anything else
            window.library.reconnect()
        except LibraryError as error:  # too many reconnecting at once, say: the listener tries again
            self._went_offline(str(error))
            self._again.set()
            return
        window.runner.run(lambda store: store.reconnect(), what="Reconnecting")
        self.offline = False
        self.window.controller.paused = ""
        self.label.setStyleSheet("")
        self._show_identity()
        window.statusBar().showMessage("Back online: showing what changed meanwhile.", 5000)
        window.editor.flush()  # typing kept while offline is saved now (a colleague's change meanwhile is asked about)
        window.reload_library()
        if window.controller.article is not None:
            window.open_article(window.controller.article.id)


def resolve_conflict(parent, conflict, number: int | None) -> str:
    """Ask whose value stays when a colleague changed a field this reviewer was editing: "mine" or "theirs".

    Nothing of the reviewer's is lost while they decide: their text is in the question,
    and "Keep mine" saves it over the colleague's (an undoable edit, like any other).
    """
    from PySide6.QtWidgets import QMessageBox

    from factcheck.core.claims import FIELD_LABELS
    from factcheck.store.errors import shown_moment

    label = FIELD_LABELS.get(conflict.field, conflict.field)
    who = conflict.changed_by or "A colleague"
    when = f" at {shown_moment(conflict.changed_at)}" if conflict.changed_at else ""
    box = QMessageBox(QMessageBox.Icon.Question, "A colleague changed this too",
                      f"{who} changed the {label} of claim {number or ''}{when} while you were editing it.",
                      parent=parent)
    box.setInformativeText(f"Theirs: {_quoted(conflict.theirs)}\n\nYours: {_quoted(conflict.mine)}")
    mine = box.addButton("Keep Mine", QMessageBox.ButtonRole.AcceptRole)
    theirs = box.addButton("Take Theirs", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(theirs)
    box.setEscapeButton(theirs)
    box.exec()
    return "mine" if box.clickedButton() is mine else "theirs"


def _quoted(value) -> str:
    if value in (None, ""):
        return "(empty)"
    text = str(value)
    return f"“{text[:400]}…”" if len(text) > 400 else f"“{text}”"
