"""File ▸ Check for Updates: the open article's page read again and, if its text changed, a new revision.

The page is downloaded and its article extracted as an import does
(:func:`~factcheck.operations_revisions.fetch_article_text`), and every claim is placed on
the new text (:func:`~factcheck.operations_revisions.plan_revision`), on a worker with
its own handle on the library, behind a progress dialog the reviewer can cancel. Nothing
is written until the reviewer has read what the revision does and chosen "Apply Revision
N" (:class:`~factcheck.ui.revision_dialog.RevisionDialog`); it is then one undoable step
(:class:`~factcheck.ui.revision_commands.ReviseArticleCommand`), committed through the
window's operation runner.

Loaded when first asked for: the window's start-up imports none of it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from factcheck.core.articles import Article
from factcheck.store import LibraryError, Store
from factcheck.ui.revision_commands import ReviseArticleCommand

log = logging.getLogger(__name__)

SHOW_PROGRESS_AFTER_MS = 400


class CheckSignals(QObject):
    stage = Signal(str)
    """What the check is doing now, in words for the progress dialog."""
    finished = Signal(object, str, bool)
    """The RevisionPlan (None if there is none), the reason it failed ("" if it did not), whether cancelled."""


class RevisionCheckJob(QRunnable):
    """Downloads ``url`` and places the article's claims on its text, without writing anything."""

    def __init__(self, opener: Callable[[], Store], article: Article, url: str,
                 colors: tuple[str, str] = ("#ffffff", "#000000")) -> None:
        super().__init__()
        self.opener = opener
        self.article_id = article.id
        self.claim_count = 0
        self.url = url
        self.colors = colors
        """The page's and the text's colours the dialog will list the claims in."""
        self.text_summary = ""
        """What changed in the text, in a line (read once the job has finished)."""
        self.claims_html = ""
        """The claims the revision moves, changes or orphans, as the dialog lists them (built here, not on the
        window's thread: a wording compared per claim)."""
        self.signals = CheckSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        from factcheck.io import BadInput
        from factcheck.operations_revisions import fetch_article_text, plan_revision

        plan, error = None, ""
        try:
            self.signals.stage.emit(f"Downloading {self.url}…")
            imported = fetch_article_text(self.url)
            if not self.cancelled():
                self.signals.stage.emit("Placing the claims on the new text…")
                library = self.opener()
                try:
                    plan = plan_revision(library, self.article_id, imported.article.text, origin=self.url)
                finally:
                    library.close()
                if not plan.unchanged and not self.cancelled():
                    self.signals.stage.emit("Comparing the two texts…")
                    self.text_summary = plan.text_summary()
                    from factcheck.ui.revision_dialog import claims_html_for

                    self.claims_html = claims_html_for(plan, *self.colors)
        except (BadInput, LibraryError) as failure:
            error = str(failure)
        except KeyError:
            error = "The article is no longer in the library."
        except Exception:  # a bug: its traceback goes to the log; the reviewer is told nothing was changed
            log.exception("checking %s for updates failed", self.url)
            error = "factcheck met an unexpected error while checking the page; nothing was changed."
        self.signals.finished.emit(None if self.cancelled() else plan, error, self.cancelled())


class RevisionChecks(QObject):
    """The window's checks for updates: one at a time, each ending in a message or the revision dialog."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.job: RevisionCheckJob | None = None
        self.pool = QThreadPool.globalInstance()
        self.whys: dict[int, str] = {}
        """Why each claim orphaned by a revision made in this window was not found again (for the list)."""

    def running(self) -> bool:
        return self.job is not None

    def check(self, article: Article) -> RevisionCheckJob | None:
        """Check ``article``'s page for a new text (None if a check is under way already)."""
        if self.job is not None:
            self.window.statusBar().showMessage("A check for updates is under way already.", 5000)
            return None
        job = self.job = RevisionCheckJob(lambda: self.window.library.open_another(), article, article.url,
                                          page_colors(self.window))
        progress = QProgressDialog(f"Checking “{_short(article.title, 60)}” for updates…", "Cancel", 0, 0, self.window)
        progress.setWindowTitle("Check for Updates")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        progress.setMinimumWidth(420)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(job.cancel)
        job.signals.stage.connect(lambda words: progress.setLabelText(
            f"Checking “{_short(article.title, 60)}” for updates:\n{_short(words, 90)}"))
        job.signals.finished.connect(progress.close)
        job.signals.finished.connect(lambda plan, error, cancelled: self._finished(job, article, plan, error,
                                                                                   cancelled))
        self.pool.start(job)
        # Shown once the check takes more than a moment (a progress dialog shows itself only at a setValue).
        QTimer.singleShot(SHOW_PROGRESS_AFTER_MS, lambda: self.job is job and progress.show())
        return job

    def _finished(self, job: RevisionCheckJob, article: Article, plan, error: str, cancelled: bool) -> None:
        self.job = None
        window = self.window
        if cancelled:
            window.statusBar().showMessage(f"Check for updates of “{_short(article.title)}” cancelled.", 6000)
        elif error:
            QMessageBox.warning(window, "Could not check for updates",
                                f"{error}\n\n“{article.title}” was not changed.")
        elif plan.unchanged:
            said = (f"“{article.title}” has not changed since revision {plan.base_revision} "
                    f"(checked {time.strftime('%H:%M')}).")
            window.statusBar().showMessage(said, 15000)
            QMessageBox.information(window, "No changes", said)
        else:
            from factcheck.ui.revision_dialog import RevisionDialog

            dialog = RevisionDialog(plan, job.text_summary, window, job.claims_html)
            if dialog.exec():
                self.apply(plan)

    def apply(self, plan, *, checked: bool = True) -> bool:
        """Make ``plan``'s text the article's newest revision: one step on the article's undo stack.

        ``checked``: the plan comes from Check for Updates (a refusal advises checking again),
        not from an import.
        """
        window, controller = self.window, self.window.controller
        if controller.paused:
            window.statusBar().showMessage(controller.paused, 8000)
            return False
        window.editor.flush()
        if window._open_article_id() != plan.article_id:  # the reviewer opened another meanwhile
            window.open_article(plan.article_id)
            if window._open_article_id() != plan.article_id:
                return False  # gone: open_article has said so
        command = ReviseArticleCommand(controller, plan, plan.title)
        command.explain_refusal = lambda error, undoing, message: self._refused(command, error, undoing, message,
                                                                                 checked)
        controller.push_to(command, controller.stack, self._follow)
        return True

    def _refused(self, command: ReviseArticleCommand, error: BaseException, undoing: bool | None, message: str,
                 checked: bool) -> str:
        """A revision (or its undo or redo) not saved: the text the library holds shown, and why, in a few words."""
        window, plan = self.window, command.plan
        if window._open_article_id() == plan.article_id:
            try:
                window.show_text_again()  # a colleague's revision, say: its text, with the claims where it put them
                window.claim_tabs.show_revision_list()
            except (KeyError, LibraryError):
                log.exception("could not show the article again after a refused revision")
        return refusal_message(window.library, command, error, undoing, checked) or message

    def _follow(self, command: ReviseArticleCommand, outcome) -> None:
        """The article's new (or earlier) text on screen, with its claims where the step put them."""
        window = self.window
        if window._open_article_id() != command.plan.article_id:
            return  # another article is on screen: this one shows as it is stored when opened
        window.show_text_again()
        if command.applied:
            self.whys.update((claim.id, placement.why) for claim, placement in
                             zip(command.plan.claims, command.plan.placements, strict=True)
                             if str(placement.kind) == "orphan")
            window.statusBar().showMessage(placed_message(command.number, command.plan.counts()), 15000)
        else:
            window.statusBar().showMessage(f"Back to revision {command.plan.base_revision} of "
                                           f"“{_short(command.title)}”.", 10000)
        window.claim_tabs.show_revision_list(reveal=command.applied)


def refusal_message(library: Store, command: ReviseArticleCommand, error: BaseException, undoing: bool | None,
                    checked: bool = True) -> str:
    """Why a revision was not saved, naming who revised the article first and when if the library says ("" if no
    better words than the store's)."""
    from factcheck.store import StaleValue

    if not isinstance(error, StaleValue):
        return ""
    plan, title = command.plan, _short(command.title, 60)
    if undoing is not None:
        return f"{'Undo' if undoing else 'Redo'} of revision {command.number} was not done: {error}"
    again = " Check for Updates compares the page with it again." if checked else ""
    try:
        latest = library.revisions(plan.article_id)[-1:]
    except LibraryError:
        latest = []
    if latest and latest[0].number != plan.base_revision:
        revision = latest[0]
        who = revision.created_by or "Someone"
        at = f" at {_when(revision.created_at)}" if revision.created_at else ""
        return (f"{who} revised «{title}»{at} (now revision {revision.number}) while you were looking at the "
                f"update: nothing was saved. Its new text is shown.{again}")
    return (f"Revision {command.number} of «{title}» was not saved: its claims changed while you were looking at the "
            f"update (one marked, removed or placed again).{again}")


def _when(stamp: str) -> str:
    """A stored UTC time stamp as the reviewer reads it: "16:40" today, else "2 Dec 2026, 16:40"."""
    import datetime

    try:
        moment = datetime.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    local = (moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)).astimezone()
    if local.date() == datetime.datetime.now().astimezone().date():
        return f"{local:%H:%M}"
    return f"{local.day} {local:%b %Y, %H:%M}"


def page_colors(widget) -> tuple[str, str]:
    """The colours of a text page in ``widget``'s palette (its base, its text), for HTML built on a worker."""
    from PySide6.QtGui import QPalette

    palette = widget.palette()
    return palette.color(QPalette.ColorRole.Base).name(), palette.color(QPalette.ColorRole.Text).name()


def placed_message(number: int, counts: dict[str, int]) -> str:
    """E.g. "Revision 3: 12 claims placed, 1 changed, 1 orphaned" (placed: in place or moved)."""
    placed = counts.get("exact", 0) + counts.get("moved", 0)
    changed, orphaned = counts.get("changed", 0), counts.get("orphan", 0)
    return f"Revision {number}: {placed} claim{'s' * (placed != 1)} placed, {changed} changed, {orphaned} orphaned"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
