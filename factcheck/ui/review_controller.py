"""The editing API of the open article: every method pushes one undo command.

Panels call these methods (through the main window's wiring) and never touch
the store or the model themselves. The controller owns one undo stack per
article, kept in a QUndoGroup so the Edit menu follows the article on screen.
"""

from __future__ import annotations

import collections.abc
import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack

from factcheck.core.anchors import AnchorError, make_anchor, trim_span
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, Claimant, ClaimStatus, Source, check_source_url
from factcheck.core.rating_scales import RatingScale
from factcheck.store import Store, LibraryError
from factcheck.ui import commands
from factcheck.ui.claims_model import ClaimsTableModel

Callable = collections.abc.Callable

log = logging.getLogger(__name__)

ONLY_WHITE_SPACE = "Only white space is selected: select the words of the claim."


class ReviewController(QObject):
    saved = Signal(str)
    """An edit committed; the argument is a status-bar message."""
    failed = Signal(str)
    """An edit could not be saved; the argument says why and what to do."""
    refused = Signal(str)
    """An edit was not attempted because there was nothing to make of it; the argument says why."""
    claim_selection_requested = Signal(int)
    counts_changed = Signal(int)
    claimants_changed = Signal()
    """A claimant was named, renamed or removed: the editor's suggestions may be stale."""
    """The number of claims or verdicts of this article changed."""
    scale_changed_signal = Signal(object)
    article_changed = Signal(object)
    """The open article's details (headline, outlet, …) changed; the argument is the Article."""

    def __init__(self, library: Store, model: ClaimsTableModel, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        self.model = model
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        self.article: Article | None = None
        self.reviewer = ""
        self.before_edit: Callable[[], None] = lambda: None
        """Saves typing not yet committed (the editor's flush); runs before every new edit."""
        self.confirm_approval: Callable[[Claim, list[str]], bool] = lambda claim, missing: True
        """Asked by :meth:`set_status` before a claim lacking a rationale or a source is approved."""
        self._failures = 0
        self._preparing = False
        self._pushing = False

    # ------------------------------------------------------------ articles

    def open_article(self, article_id: int) -> Article:
        article = self.library.article(article_id)
        self.article = article
        self.model.reset(article.id, self.library.claims(article.id), self.library.scale(article.rating_scale))
        stack = self._stacks.get(article_id)
        if stack is None:
            stack = self._stacks[article_id] = QUndoStack(self.undo_group)
        self.undo_group.setActiveStack(stack)
        return article

    def forget_history(self) -> None:
        """Drop every undo step (the library was replaced: its commands no longer apply)."""
        for stack in self._stacks.values():
            self.undo_group.removeStack(stack)
            stack.clear()
            stack.deleteLater()
        self._stacks.clear()
        self.article = None

    @property
    def stack(self) -> QUndoStack | None:
        return self.undo_group.activeStack()

    def _prepare(self) -> None:
        """Commit what the user typed but has not yet left, so a new edit builds on it."""
        if not self._preparing and not self._pushing:
            self._preparing = True
            try:
                self.before_edit()
            finally:
                self._preparing = False

    def _push(self, command: commands.StoreCommand) -> bool:
        """Apply and record an edit; False if the store refused it (the user has been told)."""
        if self.stack is None:
            return False
        if self._pushing:  # an edit started while another is applied would nest in it
            log.error("edit %r refused: another edit is being applied", command.text())
            return False
        self._failures = 0
        self._pushing = True
        try:
            self.stack.push(command)  # Qt deletes the command at once if it turned obsolete
        finally:
            self._pushing = False
        return self._failures == 0

    def undo(self) -> None:
        self.undo_group.undo()

    def redo(self) -> None:
        self.undo_group.redo()

    # -------------------------------------------------------------- claims

    def mark_claim(self, start: int, end: int) -> bool:
        """Mark ``text[start:end]`` (code points) as a claim; white space at its ends is dropped."""
        if self.article is None:
            return False
        self._prepare()
        start, end = trim_span(self.article.text, start, end)
        if start == end:
            self.refused.emit(ONLY_WHITE_SPACE)
            return False
        try:
            anchor = make_anchor(self.article.text, start, end)
        except AnchorError as error:
            self.failed.emit(f"Cannot mark this selection: {error}.")
            return False
        claim = Claim(anchor=anchor, article_id=self.article.id, reviewer=self.reviewer)
        return self._push(commands.MarkClaimCommand(self, claim))

    def delete_claim(self, claim_id: int) -> bool:
        self._prepare()
        claim = self.model.claim(claim_id)
        return claim is not None and self._push(commands.DeleteClaimCommand(self, claim))

    def set_claim_field(self, claim_id: int, field: str, value) -> bool:
        self._prepare()
        claim = self.model.claim(claim_id)
        if claim is None or getattr(claim, field) == value:
            return False
        return self._push(commands.SetClaimFieldCommand(self, claim, field, value))

    def set_status(self, claim_id: int, status: ClaimStatus) -> bool:
        """The reviewer sets a claim's status: approving one that lacks a rationale or a source is asked first.

        What was typed is saved before the question, so a rationale being written counts.
        """
        self._prepare()
        claim = self.model.claim(claim_id)
        if claim is None:
            return False
        missing = [what for what, lacking in (("no rationale", not claim.rationale.strip()),
                                              ("no source", not claim.sources)) if lacking]
        approving = status == ClaimStatus.APPROVED and claim.status != ClaimStatus.APPROVED
        if approving and missing and not self.confirm_approval(claim, missing):
            return False
        return self.set_claim_field(claim_id, "status", ClaimStatus(status).value)

    # ------------------------------------------------------------- sources

    def add_source(self, claim_id: int, source: Source) -> bool:
        self._prepare()
        return self._push(commands.AddSourceCommand(self, claim_id, source))

    def edit_source(self, old: Source, new: Source) -> bool:
        self._prepare()
        changes = {f: getattr(new, f) for f in ("url", "title", "publisher", "date", "excerpt", "stance")
                   if getattr(new, f) != getattr(old, f)}
        return bool(changes) and self._push(commands.EditSourceCommand(self, old, changes))

    def remove_source(self, source: Source) -> bool:
        self._prepare()
        return self._push(commands.RemoveSourceCommand(self, source))

    def set_article_details(self, values: dict) -> bool:
        """Change the open article's headline, outlet, byline, address or date (one undo step)."""
        if self.article is None:
            return False
        self._prepare()
        changes = {k: v for k, v in values.items() if getattr(self.article, k) != v}
        return bool(changes) and self._push(commands.SetArticleDetailsCommand(self, self.article, changes))

    def set_claimant_details(self, claimant: Claimant) -> bool:
        """Record a claimant's kind and link (for every claim naming them; one undo step).

        Raises :class:`~factcheck.core.claims.InvalidUrl` for a link that is not http(s).
        """
        self._prepare()
        claimant = Claimant(claimant.name.strip(), claimant.kind, check_source_url(claimant.same_as))
        old = self.library.claimant(claimant.name)
        return old != claimant and bool(claimant.name) and self._push(commands.SetClaimantCommand(self, old, claimant))

    # -------------------------------------------------------------- scales

    def set_rating_scale(self, key: str) -> bool:
        """Switch the article to another scale, unless a verdict given would not fit it."""
        if self.article is None:
            return False
        self._prepare()
        new = self.library.scale(key)
        old_key = self.model.scale.key if self.model.scale else None
        if new.key == old_key:
            return False
        misfits = sorted({c.verdict for c in self.model.claims() if c.verdict and not new.verdict(c.verdict)})
        if misfits:
            self.failed.emit(
                f"The verdicts {', '.join(repr(v) for v in misfits)} are not on “{new.name}”. "
                "Clear or change those verdicts first, then switch the scale.")
            return False
        return self._push(commands.SetRatingScaleCommand(self, self.article.id, old_key, new.key, new.name))

    # ----------------------------------------------- called by the commands

    def select_claim(self, claim_id: int) -> None:
        self.claim_selection_requested.emit(claim_id)

    def refresh_claim(self, claim_id: int) -> None:
        self.model.replace_claim(self.library.claim(claim_id))
        self.select_claim(claim_id)

    def article_details_changed(self) -> None:
        self.article = self.library.article(self.article.id)
        self.article_changed.emit(self.article)

    def scale_changed(self, scale: RatingScale) -> None:
        self.article = self.library.article(self.article.id)
        self.model.set_scale(scale)
        self.scale_changed_signal.emit(scale)

    def step_back_over(self, command: commands.StoreCommand, undone: bool) -> None:
        """An undo (or redo) of ``command`` failed: put the stack back at its step, later.

        QUndoStack has already moved its index; moving it back runs the command's
        redo (or undo), which sees the command's state unchanged and does nothing.
        """
        stack = self.stack
        if stack is not None:
            QTimer.singleShot(0, stack.redo if undone else stack.undo)

    def report_saved(self, command: commands.StoreCommand) -> None:
        if self.article is not None and command.changes_counts:
            self.counts_changed.emit(self.article.id)
        if command.changes_claimants:
            self.claimants_changed.emit()
        self.saved.emit("Saved")

    def report_failure(self, message: str) -> None:
        self._failures += 1
        log.warning("edit not saved: %s", message)
        # The file is the truth: show what it holds, not what we hoped it held.
        if self.article is not None:
            try:
                self.model.reset(self.article.id, self.library.claims(self.article.id), self.model.scale)
            except LibraryError:
                log.exception("could not reload the claims after a failed edit")
        self.failed.emit(message)
