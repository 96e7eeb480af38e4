"""A colleague saved first: what the review controller does when an edit is refused as stale.

The reviewer sees what is stored and is asked whose value stays (:class:`Conflict`, answered by
the window's ``resolve_conflict``); "mine" makes the edit again over the colleague's.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.core.claims import Claim
from factcheck.store import LibraryError, StaleValue
from factcheck.ui import commands


@dataclass(frozen=True)
class Conflict:
    """A colleague changed a field while this reviewer was editing it: their value and ours."""

    claim: Claim
    field: str
    mine: object
    theirs: object
    changed_by: str = ""
    changed_at: str = ""


class ConflictAsking:
    """The review controller's part that settles stale edits (``library``, ``article``, ``model``, ``_push``,
    ``refused``, ``_settle`` and ``resolve_conflict`` are the controller's)."""

    def _conflict_after_refusal(self, command: commands.SetClaimFieldCommand, stale: StaleValue) -> bool:
        """A colleague's save came first: show what is stored, and ask whose value stays. True if handled."""
        try:
            stored = self.library.claim(command.claim_id)
        except (KeyError, LibraryError):
            return False
        if self.article is not None and stored.article_id == self.article.id:
            self.model.replace_claim(stored)
        if self._keeps_mine(stored, command.field, command.new, stale):
            self._push(commands.SetClaimFieldCommand(self, stored, command.field, command.new))
        else:
            self.refused.emit(f"Kept {stale.changed_by or 'a colleague'}’s {command.field.replace('_', ' ')}.")
        self._settle()
        return True

    def _source_conflict(self, command: commands.EditSourceCommand, stale: StaleValue) -> bool:
        """A colleague edited the source first: show theirs, and ask whether the reviewer's edit goes over it."""
        try:
            stored = self.library.source(command.source_id)
            claim = self.library.claim(stored.claim_id)
        except (KeyError, LibraryError):
            return False
        if self.article is not None and claim.article_id == self.article.id:
            self.model.replace_claim(claim)
        fields = list(command.new)
        theirs = "; ".join(f"{f}: {getattr(stored, f) or '(empty)'}" for f in fields)
        mine = "; ".join(f"{f}: {command.new[f] or '(empty)'}" for f in fields)
        if self.resolve_conflict(Conflict(claim, "source", mine, theirs, stale.changed_by, stale.changed_at)) == "mine":
            self._push(commands.EditSourceCommand(self, stored, command.new))
        else:
            self.refused.emit(f"Kept {stale.changed_by or 'a colleague'}’s edit of the source.")
        self._settle()
        return True

    def _keeps_mine(self, claim: Claim, field: str, mine, stale: StaleValue | None = None) -> bool:
        """A colleague changed ``field`` while the reviewer edited it: ask whose value stays."""
        theirs = getattr(claim, field) if stale is None else stale.stored
        by, at = (stale.changed_by, stale.changed_at) if stale is not None else self._last_change(claim, field)
        return self.resolve_conflict(Conflict(claim, field, mine, theirs, by, at)) == "mine"

    def _last_change(self, claim: Claim, field: str) -> tuple[str, str]:
        rows = [r for r in self.library.history(claim.article_id)
                if r.get("claim_id") == claim.id and r.get("field") == field]
        return (rows[-1]["changed_by"], rows[-1]["changed_at"]) if rows else ("", "")
