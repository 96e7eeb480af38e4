"""Every user edit as a QUndoCommand: redo and undo each call the store once.

A command captures what it needs to undo when it is built or first applied
(orange-canvas style). The store call is one transaction; the model is told
only after it committed, so the screen never shows an edit the file lacks.

If the store refuses (disk full, read-only file, busy) the first time, the
command makes itself obsolete, so QUndoStack drops it. If it refuses an undo
or a redo later, the command keeps its step and puts the stack back where it
was, so the user can try again once the library is writable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from factcheck.core.claims import FIELD_LABELS, Claim, Claimant, ClaimStatus, Source
from factcheck.store import LibraryError

if TYPE_CHECKING:
    from factcheck.ui.review_controller import ReviewController


class StoreCommand(QUndoCommand):
    changes_counts = True
    """Whether the article's claim or verdict counts (the library list's progress) may change."""
    changes_claimants = False
    """Whether the list of claimants offered in the editor may change."""

    def __init__(self, controller: ReviewController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.model = controller.model
        self.applied = False
        self.pushed = False

    @property
    def library(self):
        """The controller's library as it is now (after a restore, a new connection)."""
        return self.controller.library

    def redo(self) -> None:
        if not self.applied:  # applied already: a failed undo is being stepped back over
            self._run(self.apply, applied=True)

    def undo(self) -> None:
        if self.applied:
            self._run(self.revert, applied=False)

    def _run(self, step, applied: bool) -> None:
        try:
            step()
        except (LibraryError, KeyError) as error:
            message = str(error) if isinstance(error, LibraryError) else \
                f"The change could not be made: {error.args[0] if error.args else error}."
            if not self.pushed:
                self.setObsolete(True)  # QUndoStack drops it: nothing to undo that did not happen
            else:
                self.controller.step_back_over(self, undone=not applied)
            self.controller.report_failure(message)
        else:
            self.applied = applied
            self.pushed = True
            self.controller.report_saved(self)

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class MarkClaimCommand(StoreCommand):
    changes_claimants = True  # undone, it takes its claimant away
    def __init__(self, controller, claim: Claim) -> None:
        super().__init__(controller, f"Mark claim “{_short(claim.quote)}”")
        self.claim = claim  # gets its id on first redo; undo/redo keep that id

    def apply(self) -> None:
        if self.claim.id is None:
            self.claim = self.library.add_claim(self.claim)
        else:
            self.claim = self.library.restore_claim(self.claim)
        self.model.insert_claim(self.claim)
        self.controller.select_claim(self.claim.id)

    def revert(self) -> None:
        self.claim = self.library.delete_claim(self.claim.id)
        self.model.remove_claim(self.claim.id)


class DeleteClaimCommand(StoreCommand):
    changes_claimants = True
    def __init__(self, controller, claim: Claim) -> None:
        super().__init__(controller, f"Delete claim “{_short(claim.quote)}”")
        self.claim = claim

    def apply(self) -> None:
        self.claim = self.library.delete_claim(self.claim.id)
        self.model.remove_claim(self.claim.id)

    def revert(self) -> None:
        self.claim = self.library.restore_claim(self.claim)
        self.model.insert_claim(self.claim)
        self.controller.select_claim(self.claim.id)


class SetClaimFieldCommand(StoreCommand):
    def __init__(self, controller, claim: Claim, field: str, value) -> None:
        shown = ClaimStatus(value).label if field == "status" else value
        label = FIELD_LABELS[field]
        text = f"Set {label} to “{_short(str(shown))}”" if shown else f"Clear {label}"
        super().__init__(controller, text)
        self.claim_id = claim.id
        self.field = field
        self.old = getattr(claim, field)
        self.new = value
        self.applied_before = False
        self.changes_counts = field == "verdict"
        self.changes_claimants = field == "claimant"

    def _set(self, value) -> None:
        claim = self.library.update_claim(self.claim_id, self.field, value)
        self.model.replace_claim(claim)

    def apply(self) -> None:
        self._set(self.new)
        if self.applied_before:  # a redo: show the user what came back
            self.controller.select_claim(self.claim_id)
        self.applied_before = True

    def revert(self) -> None:
        self._set(self.old)
        self.controller.select_claim(self.claim_id)


class AddSourceCommand(StoreCommand):
    changes_counts = False
    def __init__(self, controller, claim_id: int, source: Source) -> None:
        super().__init__(controller, f"Add source “{_short(source.title or source.url)}”")
        self.claim_id = claim_id
        self.source = source
        self.position: int | None = None

    def apply(self) -> None:
        if self.source.id is None:
            self.source = self.library.add_source(self.claim_id, self.source)
        else:
            self.source = self.library.restore_source(self.source, self.position)
        self.controller.refresh_claim(self.claim_id)

    def revert(self) -> None:
        self.source, self.position = self.library.delete_source(self.source.id)
        self.controller.refresh_claim(self.claim_id)


class EditSourceCommand(StoreCommand):
    changes_counts = False
    def __init__(self, controller, old: Source, changes: dict) -> None:
        super().__init__(controller, f"Edit source “{_short(old.title or old.url)}”")
        self.source_id = old.id
        self.claim_id = old.claim_id
        self.new = dict(changes)
        self.old = {field: getattr(old, field) for field in changes}

    def apply(self) -> None:
        self.library.update_source(self.source_id, self.new)
        self.controller.refresh_claim(self.claim_id)

    def revert(self) -> None:
        self.library.update_source(self.source_id, self.old)
        self.controller.refresh_claim(self.claim_id)


class RemoveSourceCommand(StoreCommand):
    changes_counts = False
    def __init__(self, controller, source: Source) -> None:
        super().__init__(controller, f"Remove source “{_short(source.title or source.url)}”")
        self.source = source
        self.position = 0

    def apply(self) -> None:
        self.source, self.position = self.library.delete_source(self.source.id)
        self.controller.refresh_claim(self.source.claim_id)

    def revert(self) -> None:
        self.source = self.library.restore_source(self.source, self.position)
        self.controller.refresh_claim(self.source.claim_id)


class SetArticleDetailsCommand(StoreCommand):
    changes_counts = False  # the library list is refreshed by article_changed
    """Several details of the article at once (one dialog, one undo step)."""

    def __init__(self, controller, article, changes: dict) -> None:
        super().__init__(controller, "Edit article details")
        self.article_id = article.id
        self.new = dict(changes)
        self.old = {field: getattr(article, field) for field in changes}

    def _set(self, values: dict) -> None:
        self.library.update_article_fields(self.article_id, values)
        self.controller.article_details_changed()

    def apply(self) -> None:
        self._set(self.new)

    def revert(self) -> None:
        self._set(self.old)


class SetClaimantCommand(StoreCommand):
    changes_counts = False
    """A claimant's kind and sameAs link, kept once for every claim that names them."""

    def __init__(self, controller, old: Claimant, new: Claimant) -> None:
        super().__init__(controller, f"Edit claimant “{_short(new.name)}”")
        self.old, self.new = old, new

    def apply(self) -> None:
        self.library.set_claimant(self.new)

    def revert(self) -> None:
        self.library.set_claimant(self.old)


class SetRatingScaleCommand(StoreCommand):
    changes_counts = False
    def __init__(self, controller, article_id: int, old_key: str, new_key: str, name: str) -> None:
        super().__init__(controller, f"Use rating scale “{name}”")
        self.article_id = article_id
        self.old_key = old_key
        self.new_key = new_key

    def _set(self, key: str) -> None:
        self.library.update_article(self.article_id, "rating_scale", key)
        self.controller.scale_changed(self.library.scale(key))

    def apply(self) -> None:
        self._set(self.new_key)

    def revert(self) -> None:
        self._set(self.old_key)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
