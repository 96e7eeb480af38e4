"""An imported article that looks like a new version of one the library holds: the reviewer says which.

The import's worker keeps such an article out of the library
(:attr:`~factcheck.ui.import_worker.ImportJob.revisions`, found by
:func:`~factcheck.operations_revisions.revision_target`: the same address, or the same
headline with most paragraphs kept). For each, the window asks: "This looks like a new
version of «title» (same address). Import as revision 3 of it, or as a new article?"

- As a revision: every claim is placed on the new text off the UI thread
  (:func:`~factcheck.operations_revisions.plan_revision`, on a worker with its own handle on
  the library); the plan is shown as Check for Updates shows one
  (:class:`~factcheck.ui.revision_dialog.RevisionDialog`) and, once accepted, applied as its
  one undoable step (:meth:`~factcheck.ui.revision_check.RevisionChecks.apply`).
- As a new article: stored as any import is, through the operation runner.
- Cancel: nothing is imported.

Several are asked about one after the other. Loaded when first needed.
"""

from __future__ import annotations

import html
import logging
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QSizePolicy, QSpacerItem

from factcheck.store import LibraryError, Store
from factcheck.ui.import_worker import RevisionOffer

log = logging.getLogger(__name__)


class PlanSignals(QObject):
    finished = Signal(object, str, str)
    """The RevisionPlan (None if none was made), what changed in the text, and why it failed ("" if it did not)."""


class PlanJob(QRunnable):
    """Places the target article's claims on the offered text, writing nothing."""

    def __init__(self, opener: Callable[[], Store], offer: RevisionOffer,
                 colors: tuple[str, str] = ("#ffffff", "#000000")) -> None:
        super().__init__()
        self.opener = opener
        self.offer = offer
        self.colors = colors
        self.claims_html = ""
        """The claims listed as the dialog shows them (built here, off the window's thread)."""
        self.signals = PlanSignals()

    def run(self) -> None:
        from factcheck.operations_revisions import plan_revision

        plan, text_summary, error = None, "", ""
        try:
            library = self.opener()
            try:
                plan = plan_revision(library, self.offer.target, self.offer.imported.article.text,
                                     origin=self.offer.source)
            finally:
                library.close()
            if not plan.unchanged:
                text_summary = plan.text_summary()
                from factcheck.ui.revision_dialog import claims_html_for

                self.claims_html = claims_html_for(plan, *self.colors)
        except LibraryError as failure:
            error = str(failure)
        except KeyError:
            error = "The article is no longer in the library."
        except Exception:  # a bug: its traceback goes to the log; the reviewer is told nothing was changed
            log.exception("placing the claims of article %s on %s failed", self.offer.target, self.offer.source)
            error = "factcheck met an unexpected error placing the claims on the new text; nothing was changed."
        self.signals.finished.emit(plan, text_summary, error)


class RevisionOffers(QObject):
    """Asks about each offer in turn, then imports it as the reviewer chose."""

    NEW_ARTICLE, REVISION, CANCEL = "new", "revision", "cancel"

    asked = Signal(object, str)
    """An offer and the answer (:attr:`REVISION`, :attr:`NEW_ARTICLE` or :attr:`CANCEL`)."""
    settled = Signal(object)
    """An offer done with: imported (as asked), refused or cancelled."""

    def __init__(self, importer) -> None:
        super().__init__(importer)
        self.importer = importer
        self.window = importer.window
        self.pool = QThreadPool.globalInstance()
        self.waiting: deque[RevisionOffer] = deque()
        self.current: RevisionOffer | None = None
        self.job: PlanJob | None = None
        self.claims_html = ""
        """The claims of the plan being confirmed, as the dialog lists them (built on the plan's worker)."""

    def offer(self, offers: list[RevisionOffer]) -> None:
        self.waiting.extend(offers)
        if self.current is None:
            self._next()

    def busy(self) -> bool:
        return self.current is not None

    def _next(self) -> None:
        self.current = self.waiting.popleft() if self.waiting else None
        if self.current is not None:
            self._ask(self.current)

    def _done(self, offer: RevisionOffer) -> None:
        self.settled.emit(offer)
        self._next()

    # ----------------------------------------------------------------- asking

    def _ask(self, offer: RevisionOffer) -> None:
        try:
            target = self.window.library.article(offer.target)
        except KeyError:  # deleted since the import read it: a new article, as any other
            self._as_new_article(offer)
            return
        except LibraryError as error:
            self.window.statusBar().showMessage(f"“{_short(offer.imported.article.title, 60)}” was not imported: "
                                                f"{error}", 10000)
            self._done(offer)
            return
        answer = self.ask(offer, target)
        self.asked.emit(offer, answer)
        if answer == self.REVISION:
            self._plan(offer)
        elif answer == self.NEW_ARTICLE:
            self._as_new_article(offer)
        else:
            self.window.statusBar().showMessage(f"“{_short(offer.imported.article.title, 60)}” was not imported.",
                                                8000)
            self._done(offer)

    def ask(self, offer: RevisionOffer, target) -> str:
        """The question, in a message box: :attr:`REVISION`, :attr:`NEW_ARTICLE` or :attr:`CANCEL`."""
        box, revision, new = question_box(self.window, offer, target)
        box.exec()
        clicked = box.clickedButton()
        return self.REVISION if clicked is revision else self.NEW_ARTICLE if clicked is new else self.CANCEL

    # ---------------------------------------------------------- as a revision

    def _plan(self, offer: RevisionOffer) -> None:
        title = _short(offer.imported.article.title, 60)
        self.window.statusBar().showMessage(f"Placing the claims on the new text of “{title}”…")
        from factcheck.ui.revision_check import page_colors

        job = self.job = PlanJob(lambda: self.window.library.open_another(), offer, page_colors(self.window))
        job.signals.finished.connect(lambda plan, text_summary, error: self._planned(offer, plan, text_summary, error),
                                     Qt.ConnectionType.QueuedConnection)
        self.pool.start(job)

    def _planned(self, offer: RevisionOffer, plan, text_summary: str, error: str) -> None:
        self.claims_html = self.job.claims_html if self.job is not None else ""
        self.job = None
        self.window.statusBar().clearMessage()
        if error:
            QMessageBox.warning(self.window, "Not imported", f"{error}\n\n“{offer.imported.article.title}” was not "
                                                             "imported.")
        elif plan.unchanged:  # the library already has the text (its own import would have said so)
            self.window.statusBar().showMessage(plan.summary(), 10000)
        elif self.confirm(plan, text_summary):
            checks = getattr(self.window, "revision_checks", None)  # Check for Updates', made when first used
            if checks is None:
                from factcheck.ui.revision_check import RevisionChecks

                checks = self.window.revision_checks = RevisionChecks(self.window)
            checks.apply(plan, checked=False)
        else:
            self.window.statusBar().showMessage(f"“{_short(plan.title, 60)}” was left as revision "
                                                f"{plan.base_revision}; nothing was imported.", 8000)
        self._done(offer)

    def confirm(self, plan, text_summary: str) -> bool:
        """The plan shown as Check for Updates shows one; True if the reviewer applies it."""
        from factcheck.ui.revision_dialog import RevisionDialog

        dialog = RevisionDialog(plan, text_summary, self.window, self.claims_html)
        dialog.setWindowTitle("Import as New Revision")
        return bool(dialog.exec())

    # -------------------------------------------------------- as a new article

    def _as_new_article(self, offer: RevisionOffer) -> None:
        from factcheck.operations import add_imported

        scale = self.importer.preferences.default_scale

        def stored(outcome) -> None:
            self.importer.imported.emit([outcome.result])
            self.window.statusBar().showMessage(f"Imported “{_short(outcome.result.title, 60)}” as a new article.",
                                                10000)
            self._done(offer)

        def refused(error: BaseException) -> None:
            reason = str(error) if isinstance(error, LibraryError) else "factcheck met an unexpected error."
            if not isinstance(error, LibraryError):
                log.error("importing %s as a new article failed", offer.source, exc_info=error)
            QMessageBox.warning(self.window, "Not imported", f"“{offer.imported.article.title}” was not imported: "
                                                             f"{reason}")
            self._done(offer)

        self.window.runner.run(lambda store: add_imported(store, offer.imported, scale), stored, refused,
                               what=f"Import of “{offer.imported.article.title}”")


def question_box(parent, offer: RevisionOffer, target) -> tuple[QMessageBox, object, object]:
    """The message box that asks (not shown yet), and its "as a revision" and "as a new article" buttons."""
    box = QMessageBox(parent)
    box.setWindowTitle("New version of an article?")
    box.setIcon(QMessageBox.Icon.Question)
    box.setTextFormat(Qt.TextFormat.RichText)
    said = html.escape(question(target, offer))
    headline, _, rest = said.partition(" Import as")
    box.setText(f"<p><b>{headline}</b></p><p>Import as{rest}</p>")
    box.setInformativeText(f"<p>Read from {html.escape(_short(offer.source, 90))}.</p><p>As a revision, its claims "
                           "are placed on the new text and you see where each goes before anything is saved; the "
                           f"current text is kept as revision {target.revision}.</p>")
    revision = box.addButton(f"Import as Revision {target.revision + 1}", QMessageBox.ButtonRole.AcceptRole)
    new = box.addButton("Import as New Article", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(revision)
    layout = box.layout()  # wider than Qt's default, so the headline is not broken word by word
    layout.addItem(QSpacerItem(520, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding),
                   layout.rowCount(), 0, 1, layout.columnCount())
    return box, revision, new


def question(target, offer: RevisionOffer) -> str:
    """"This looks like a new version of «title» (same address). Import as revision 3 of it, or as a new article?\""""
    from factcheck.revision_plans import same_address

    same = same_address(offer.imported.article.url, target.url)
    why = "same address" if same else "same headline, most paragraphs kept"
    return (f"This looks like a new version of «{target.title}» ({why}). Import as revision {target.revision + 1} "
            "of it, or as a new article?")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
