"""The editing API of the open article: every method makes one undo command.

Panels call these methods (through the main window's wiring) and never touch
the store or the model themselves. The controller owns one undo stack per
article, kept in a QUndoGroup so the Edit menu follows the article on screen.

Every edit is written by the :class:`~factcheck.ui.operation_runner.OperationRunner`
off the UI thread. The command reaches its undo stack, the claims model, and the
status bar's "Saved", once the write has committed: the views follow what the
store reports it changed (:class:`~factcheck.ui.operation_runner.Outcome`).
"""

from __future__ import annotations

import collections.abc
import logging
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack

from factcheck import api_checks as api  # the public API's checks (factcheck.api), without its Library
from factcheck.core.anchors import AnchorError
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, Claimant, ClaimStatus, Source, check_source_url
from factcheck.store import LibraryError, StaleValue, Store
from factcheck.ui import commands
from factcheck.ui.claims_model import ClaimsTableModel
from factcheck.ui.edit_conflicts import Conflict, ConflictAsking
from factcheck.ui.operation_runner import OperationRunner, Outcome
from factcheck.ui.waiting_steps import WaitingSteps

Callable = collections.abc.Callable

log = logging.getLogger(__name__)

ONLY_WHITE_SPACE = "Only white space is selected: select the words of the claim."


class ReviewController(ConflictAsking, QObject):
    saving = Signal()
    """An edit (or an undo, a redo) was handed to the runner and is not committed yet."""
    saved = Signal(str)
    """Every edit handed over has committed; the argument is a status-bar message."""
    steps_changed = Signal()
    """Edits handed over or undo and redo steps queued or done: what Undo and Redo will do may have changed."""
    failed = Signal(str)
    """An edit could not be saved; the argument says why and what to do."""
    refused = Signal(str)
    """A note for the status bar: why an edit was not attempted (nothing to make of it), or what it did."""
    claim_selection_requested = Signal(int)
    scale_changed_signal = Signal(object)
    article_changed = Signal(object)
    """The open article's details (headline, outlet, …) changed; the argument is the Article."""

    def __init__(self, library: Store, model: ClaimsTableModel, runner: OperationRunner, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        """The UI thread's handle on the library, for reading; writes go through :attr:`runner`."""
        self.model = model
        self.runner = runner
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        self.article: Article | None = None
        self.reviewer = ""
        self.before_edit: Callable[[], None] = lambda: None
        """Saves typing not yet committed (the editor's flush); runs before every new edit."""
        self.confirm_approval: Callable[[Claim, list[str]], bool] = lambda claim, missing: True
        self.resolve_conflict: Callable[[Conflict], str] = lambda conflict: "theirs"
        """Asked when a colleague changed a field this reviewer edited: ``"mine"`` saves theirs over, else theirs stays."""
        """Asked by :meth:`set_status` before a claim lacking a rationale or a source is approved."""
        self.selected_claim: collections.abc.Callable[[], int | None] = lambda: None
        """The claim the reviewer has selected (kept selected when a refused edit reloads the claims)."""
        self.decide: collections.abc.Callable[[Claim, ClaimStatus], None] = lambda claim, status: None
        """Called by :meth:`set_status` for a status that is an editor's decision (to or from Approved)."""
        self._preparing = False
        self.failures = 0
        """How many edits, undos and redos were refused since the window opened."""
        self._committed = 0
        self.paused = ""
        """Why edits are not taken now (a backup being restored); empty when they are."""
        self._in_flight: list[commands.StoreCommand] = []
        """New edits handed to the runner and not yet committed, oldest first."""
        self._steps = 0
        """Undo and redo steps handed to the runner and not yet followed up (one at a time)."""
        self._waiting = WaitingSteps()
        """Undo and redo asked for while writes were in flight (and edits after them): done once the stack
        holds them, in order."""
        self._handed: tuple[QUndoStack, int, commands.StoreCommand] | None = None
        """The edit or step handed to the runner last: its stack, its move (0 an edit, -1 an undo, 1 a redo)
        and its command (see :meth:`_target`)."""

    # ------------------------------------------------------------ articles

    def open_article(self, article_id: int) -> Article:
        article = self.library.article(article_id)
        self.article = article
        self.model.blind = frozenset(self._blind_claims())
        self.model.reset(article.id, self.library.claims(article.id), self.library.scale(article.rating_scale))
        try:
            self.model.mark_changed(self.library.changed_since_seen().get(article_id, ()))
        except LibraryError:
            log.warning("could not read what colleagues changed in article %s", article_id)
        stack = self._stacks.get(article_id)
        if stack is None:
            stack = self._stacks[article_id] = QUndoStack(self.undo_group)
        self.undo_group.setActiveStack(stack)
        return article

    def _blind_claims(self) -> set[int]:
        try:
            return self.library.blind_claims()
        except LibraryError:  # offline: what the model holds stays
            return set(self.model.blind)

    def refresh_blind(self) -> None:
        """The claims the reviewer owes a blind opinion on may have changed (asked; or they submitted theirs)."""
        blind = self._blind_claims()
        for claim_id in self.model.set_blind(blind):
            if claim_id not in blind:  # the model never held its verdict: read it now
                try:
                    self.model.replace_claim(self.library.claim(claim_id))
                except (KeyError, LibraryError):
                    log.warning("could not read claim %s after its second opinion", claim_id)

    def forget_history(self) -> None:
        """Drop every undo step (the library was replaced: its commands no longer apply)."""
        self._in_flight.clear()
        self._waiting.clear()
        self._handed = None
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
        """Save what the user typed but has not yet left, so a new edit comes after it."""
        if not self._preparing:
            self._preparing = True
            try:
                self.before_edit()
            finally:
                self._preparing = False

    def edit(self, command: commands.StoreCommand,
             follow: Callable[[commands.StoreCommand, Outcome], None] | None = None) -> bool:
        """An undoable edit made elsewhere in the window (the Review tab's proposals and requests).

        ``follow(command, outcome)`` follows up each committed apply, undo and redo of it instead of the
        claims model's usual follow-up.
        """
        self._prepare()
        return self._push(command, follow)

    def _push(self, command: commands.StoreCommand,
              follow: Callable[[commands.StoreCommand, Outcome], None] | None = None) -> bool:
        """Hand an edit to the runner; it reaches the undo stack once committed. False if there is no article."""
        stack = self._stacks.get(self.article.id) if self.article is not None else None
        if stack is None or self._refuse_if_paused():
            return False
        if stack is not self.stack:  # the library's was active (an article deleted from the list): Ctrl+Z undoes
            stack.setActive()        # this edit next, and the edit is the article's, never the library's
        self.push_to(command, stack, follow or self._follow)
        return True

    def push_to(self, command: commands.StoreCommand, stack: QUndoStack,
                follow: Callable[[commands.StoreCommand, Outcome], None]) -> None:
        """Apply ``command`` off the UI thread; once committed, push it on ``stack`` and ``follow`` it up.

        An edit made after an undo or a redo that waits its turn comes after it.
        """
        if self._waiting:
            self._wait(lambda: self._start(command, stack, follow), stack, 0)
        else:
            self._start(command, stack, follow)
        self.saving.emit()  # once it counts as being saved (busy)

    def _start(self, command: commands.StoreCommand, stack: QUndoStack,
               follow: Callable[[commands.StoreCommand, Outcome], None]) -> None:
        command.stack, command.follow = stack, follow
        self._in_flight.append(command)
        self._handed = (stack, 0, command)

        def committed(outcome: Outcome) -> None:
            if command not in self._in_flight:  # the library was replaced meanwhile: it no longer applies
                return
            self._in_flight.remove(command)
            command.applied = True
            if command.changed_nothing():  # no step that would undo nothing
                after = sum(1 for other in self._in_flight if other.stack is stack)
                if self._waiting.drop_steps_of_nothing(stack, after):
                    self.steps_changed.emit()
            else:
                stack.push(command)  # its redo sees it applied and does nothing
            self._done(command, outcome)

        def refused(error: BaseException) -> None:
            if command in self._in_flight:
                self._in_flight.remove(command)
            self._refused(command, error, None)

        self.runner.run(command.apply, committed, refused, what=command.text())

    def run_step(self, command: commands.StoreCommand, undoing: bool) -> None:
        """An undo or redo from the stack: write it off the UI thread, then follow it up (:class:`EditHost`)."""
        def committed(outcome: Outcome) -> None:
            self._steps -= 1
            self._done(command, outcome)

        def refused(error: BaseException) -> None:
            self._steps -= 1
            command.applied = undoing  # as it was: the step did not happen
            self._refused(command, error, undoing)

        command.applied = not undoing
        self._steps += 1
        self._handed = (command.stack, -1 if undoing else 1, command)
        self.saving.emit()
        self.runner.run(command.revert if undoing else command.apply, committed, refused,
                        what=f"{'Undo' if undoing else 'Redo'} of “{command.text()}”")

    def current_claim(self, claim_id: int | None) -> Claim | None:
        """The claim as it will be once the edits in flight have committed (the model shows it as committed).

        A new edit is judged against this: the same value set twice in quick succession
        is one edit, and what was typed just before approving counts.
        """
        claim = self.model.claim(claim_id)
        for command in self._in_flight:
            if claim is None:
                break
            claim = command.foresee(claim)
        return claim

    def take_committed(self) -> int:
        """How many edits, undos and redos committed since the last call (for the backup policy)."""
        committed, self._committed = self._committed, 0
        return committed

    def _done(self, command: commands.StoreCommand, outcome: Outcome) -> None:
        self._committed += 1
        try:
            command.follow(command, outcome)
        finally:
            self._settle()

    def _refused(self, command: commands.StoreCommand, error: BaseException, undoing: bool | None) -> None:
        """A step was not saved: say which, show what the library holds, and keep the stack in step with it.

        ``undoing`` is None for a new edit, which never reached the stack. An undo or
        redo refused puts the stack back at its step, so the user can try again.
        """
        if undoing is not None:  # the stack moved past the step: put it back where the library is
            stack = command.stack
            at = next((i for i in range(stack.count()) if stack.command(i) is command), None)
            if at is not None:
                stack.setIndex(at + 1 if undoing else at)  # the command sees its state unchanged: no write
        from factcheck.api_checks import InvalidValue
        from factcheck.core.workflow import WorkflowError

        if isinstance(error, (LibraryError, WorkflowError, InvalidValue)):  # the desk's rules, the library's refusal
            reason = str(error)
        elif isinstance(error, KeyError):
            reason = f"The change could not be made: {error.args[0] if error.args else error}."
        else:  # a bug: its traceback goes to the log and the crash dialog
            reason = "factcheck met an unexpected error; nothing was saved."
            sys.excepthook(type(error), error, error.__traceback__)
        if (undoing is None and isinstance(error, StaleValue) and isinstance(command, commands.SetClaimFieldCommand)
                and command.seen is None and self._conflict_after_refusal(command, error)):
            return
        if (undoing is None and isinstance(error, StaleValue) and isinstance(command, commands.EditSourceCommand)
                and self._source_conflict(command, error)):
            return
        what = {None: "", True: "Undo of ", False: "Redo of "}[undoing]
        message = f"{what}“{command.text()}” was not saved. {reason}"
        log.warning("edit not saved: %s", message)
        # The file is the truth: show what it holds, not what we hoped it held.
        if self.article is not None:
            selected = self.selected_claim()
            try:
                self.model.reset(self.article.id, self.library.claims(self.article.id), self.model.scale)
            except LibraryError:
                log.exception("could not reload the claims after a failed edit")
            if selected is not None and self.model.claim(selected) is not None:
                self.claim_selection_requested.emit(selected)  # the reviewer stays where they were
        explain = getattr(command, "explain_refusal", None)  # its own words, and what it shows again (a revision)
        message = explain(error, undoing, message) if explain is not None else message
        self._waiting.clear()  # an undo asked for after a refused step would not undo what the user thinks
        self.failures += 1
        self.failed.emit(message)

    def _follow(self, command: commands.StoreCommand, outcome: Outcome) -> None:
        """The open article's views follow what a committed step changed."""
        article = self.article
        if article is None:
            return
        for claim_id, claim in outcome.claims.items():
            if claim is None:
                self.model.remove_claim(claim_id)
            elif claim.article_id == article.id:
                if self.model.claim(claim_id) is None:
                    self.model.insert_claim(claim)
                else:
                    self.model.replace_claim(claim)
        if command.reloads_article and article.id in outcome.changes.articles:
            self.article = self.library.article(article.id)
            if self.article.rating_scale != article.rating_scale:
                scale = self.library.scale(self.article.rating_scale)
                self.model.set_scale(scale)
                self.scale_changed_signal.emit(scale)
            self.article_changed.emit(self.article)
        if command.changes_blindness:  # a second opinion given (or taken back): the claim shows (or hides) its verdict
            self.refresh_blind()
        if command.focus is not None and self.model.claim(command.focus) is not None:
            self.claim_selection_requested.emit(command.focus)

    def follow_elsewhere(self, outcome: Outcome, *, colleague: bool = True) -> None:
        """Changes committed by another program (a colleague's): the open article shows what the library holds.

        A colleague's changed claims are marked in the table until the reviewer selects them.

        The claim being edited is refreshed like after a save of this window's, so what
        the reviewer is typing stays (see the claim editor).
        """
        article = self.article
        if article is None:
            return
        if outcome.changes.claims:  # asked for a second opinion, or it was submitted
            self.refresh_blind()
        for claim_id, claim in outcome.claims.items():
            if claim is None or claim.article_id != article.id:
                self.model.remove_claim(claim_id)
            elif self.model.claim(claim_id) is None:
                self.model.insert_claim(claim)
            else:
                self.model.replace_claim(claim)
            if claim is not None and colleague and claim.article_id == article.id:
                self.model.mark_changed([claim_id])
        summary = outcome.summaries.get(article.id, article)
        if summary is None:
            return
        if outcome.changes.scales and article.id in outcome.changes.articles:  # perhaps its rating scale
            stored = self.library.article(article.id)
            if stored.rating_scale != article.rating_scale:
                self.article = stored
                scale = self.library.scale(stored.rating_scale)
                self.model.set_scale(scale)
                self.scale_changed_signal.emit(scale)
                self.article_changed.emit(stored)
                return
        if (summary.title, summary.outlet, summary.published) != (article.title, article.outlet, article.published):
            self.article = self.library.article(article.id)
            self.article_changed.emit(self.article)

    def undo(self) -> None:
        """Undo the last step, once every edit handed over is on the stack (so it is that edit).

        The step is bound to its stack now: opening another article before it runs does not move it there.
        """
        stack = self._target()
        if stack is not None:
            self._when_settled(stack.undo, stack, -1)

    def redo(self) -> None:
        stack = self._target()
        if stack is not None:
            self._when_settled(stack.redo, stack, 1)

    def _target(self) -> QUndoStack | None:
        """The stack the next Undo or Redo acts on, as it will be once what is pending has run: the active one
        (the article's on screen), unless the newest step pending is the library's (deleting or archiving an
        article, whose commit makes the library's stack active). Then it is the library's, or, when that step
        undoes a deletion and brings back the article on screen (or to an empty window, which opens it), that
        article's."""
        waiting = self._waiting.last
        if waiting is not None:
            stack, move, command = waiting.stack, waiting.move, None
        elif self._writing() and self._handed is not None:
            stack, move, command = self._handed
        else:
            return self.stack
        if stack in self._stacks.values():
            return self.stack
        if move < 0:
            if command is None:
                command = self._waiting.next_redo(stack, self._in_flight)
            back = getattr(command, "article_id", None)
            if back in self._stacks and (self.article is None or self.article.id == back):
                return self._stacks[back]
        return stack

    def undo_reach(self) -> tuple[str | None, str | None]:
        """The undo and the redo the next Undo and Redo will make (their texts, "" if unknown yet; None if none),
        counting the edits still being saved and the steps waiting their turn, so a quick Undo, Redo, Undo is
        three steps, not two and a press ignored."""
        stack = self._target()
        return (None, None) if stack is None else self._waiting.reach(stack, self._in_flight)

    def busy(self) -> bool:
        """Whether an edit, an undo or a redo is handed over and not yet committed, or waits its turn."""
        return self._writing() or bool(self._waiting)

    def _writing(self) -> bool:
        return bool(self._in_flight) or self._steps > 0

    def _refuse_if_paused(self) -> bool:
        if self.paused:
            self.refused.emit(self.paused)
        return bool(self.paused)

    def _when_settled(self, step: Callable[[], None], stack: QUndoStack, move: int) -> None:
        """Run ``step`` now, or after what is being written and what was asked for before it, in order."""
        if self._refuse_if_paused():
            return
        if self.busy():
            self._wait(step, stack, move)
        else:
            step()

    def _wait(self, step: Callable[[], None], stack: QUndoStack, move: int) -> None:
        self._waiting.add(step, stack, move)
        self.steps_changed.emit()

    def _settle(self) -> None:
        """After each follow-up: what was asked for meanwhile, in order; "Saved" once nothing is left."""
        while self._waiting and not self._writing():
            self._waiting.run_next()
        self.steps_changed.emit()
        if not self.busy():
            self.saved.emit("Saved")

    # -------------------------------------------------------------- claims

    def mark_claim(self, start: int, end: int, claimant: str = "", text: str = "") -> bool:
        """Mark ``text[start:end]`` (code points) as a claim; white space at its ends is dropped.

        ``claimant`` fills the claim's claimant (an accepted suggestion's speaker); ``text`` names the undo step.
        """
        if self.article is None:
            return False
        self._prepare()
        try:
            claim = api.claim_for_selection(self.article, start, end, self.reviewer)
            if claimant:
                claim = claim.with_(claimant=claimant)
            if any(isinstance(c, commands.MarkClaimCommand) and c.claim.article_id == claim.article_id
                   and c.claim.anchor == claim.anchor for c in self._in_flight):
                return False  # a second press while the first is being saved: one claim, not two
        except api.WhiteSpaceOnly:
            self.refused.emit(ONLY_WHITE_SPACE)
            return False
        except AnchorError as error:
            self.failed.emit(f"Cannot mark this selection: {str(error).rstrip('.')}.")
            return False
        command = commands.MarkClaimCommand(self, claim)
        if text:
            command.setText(text)
        return self._push(command)

    def delete_claim(self, claim_id: int) -> bool:
        self._prepare()
        claim = self.model.claim(claim_id)
        return claim is not None and self._push(commands.DeleteClaimCommand(self, claim))

    def set_claim_field(self, claim_id: int, field: str, value, *, seen=..., claim_seen: Claim | None = None) -> bool:
        """Set a field; ``seen`` is the value the reviewer's field showed before their typing (if known).

        If a colleague changed the field since (the table holds their value now), the
        reviewer chooses: keep theirs, or save theirs over (:attr:`resolve_conflict`).
        """
        self._prepare()
        claim = self.current_claim(claim_id)
        if claim is None or getattr(claim, field) == value:
            return False
        if field in ("verdict", "rationale") and claim_id in self.model.blind:
            self.refused.emit("You owe a second opinion on this claim: give your verdict and rationale with "
                              "Review ▸ Propose…; the claim's own show once you have.")
            return False
        overtaken = seen is not ... and seen != value and seen != getattr(claim, field)  # not a re-commit of it
        if overtaken and not self._keeps_mine(claim, field, value):
            return False
        return self._push(commands.SetClaimFieldCommand(self, claim, field, value, seen=claim_seen,
                                                        judge_old_on_apply=bool(self._steps or self._waiting)))

    def set_status(self, claim_id: int, status: ClaimStatus) -> bool:
        """The reviewer sets a claim's status: approving one that lacks a rationale or a source is asked first.

        What was typed is saved before the question, so a rationale being written counts.
        """
        self._prepare()
        claim = self.current_claim(claim_id)
        if claim is None:
            return False
        missing = [what for what, lacking in (("no rationale", not claim.rationale.strip()),
                                              ("no source", not claim.sources)) if lacking]
        approving = status == ClaimStatus.APPROVED and claim.status != ClaimStatus.APPROVED
        if approving and missing and not self.confirm_approval(claim, missing):
            return False
        if approving or (claim.status == ClaimStatus.APPROVED and status != ClaimStatus.APPROVED):
            # An editor's decision, with a note (approve, reopen, return): the window asks for it and writes it.
            self.decide(claim, ClaimStatus(status))
            return False
        return self.set_claim_field(claim_id, "status", ClaimStatus(status).value)

    def use_as_starting_point(self, claim_id: int, hit) -> bool:
        """A "Checked Before" match onto the claim, one undo step: its verdict, rationale and sources.

        The verdict only if the claim's scale has it (matched by label; else it is said so);
        the rationale fills an empty one, or goes below the reviewer's own.
        """
        self._prepare()
        claim = self.current_claim(claim_id)
        if claim is None or claim_id in self.model.blind or any(
                isinstance(c, commands.StartingPointCommand) and c.claim_id == claim_id and c.hit == hit
                for c in self._in_flight):  # a second press while the first is being saved: one step
            return False
        verdict, note, scale = None, "", self.model.scale
        if hit.verdict and scale is not None:
            try:
                verdict = api.check_verdict(scale, hit.verdict)
            except api.VerdictNotOnScale:
                note = f"“{hit.verdict}” is not a verdict on “{scale.name}”: the verdict was not copied."
        def said(command: commands.StartingPointCommand, outcome: Outcome) -> None:
            command.follow = self._follow  # its undo and redo are followed as any step's
            self._follow(command, outcome)
            self.refused.emit(" ".join(filter(None, (command.copied(), note))))

        return self._push(commands.StartingPointCommand(self, claim, hit, verdict,
                                                        judge_old_on_apply=bool(self._steps or self._waiting)), said)

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
