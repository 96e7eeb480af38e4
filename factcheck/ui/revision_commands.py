"""A new revision of the open article, and placing a claim by hand, as undoable steps.

As every command of :mod:`factcheck.ui.commands`, each step is one store call, run on
the operation runner's worker; the views follow what it changed.

- :class:`ReviseArticleCommand` makes the checked text the article's newest revision and
  places every claim as the plan says (``Store.revise_article``, refused if the article
  or its claims changed since the plan was made); its undo brings the earlier text and
  every claim's anchor back (``Store.unrevise_article``).
- :class:`PlaceClaimCommand` sets one claim's anchor and placement: "Attach Here" (an
  orphan placed on the words the reviewer selected) and "Accept New Wording" (a claim
  whose wording changed, checked on the words it now stands on); its undo puts back the
  anchor, placement, old wording and revision the claim had.
"""

from __future__ import annotations

from factcheck.core.anchors import Anchor
from factcheck.core.claims import Claim
from factcheck.ui.commands import StoreCommand, _short


class ReviseArticleCommand(StoreCommand):
    """The plan's text as revision ``plan.base_revision + 1``; undo: revision ``plan.base_revision`` again."""

    reloads_article = True

    def __init__(self, host, plan, title: str) -> None:
        super().__init__(host, f"Revision {plan.base_revision + 1} of “{_short(title)}”")
        self.plan = plan
        self.title = title
        self.article = None
        """The article as the last step left it (set on the worker)."""

    @property
    def number(self) -> int:
        return self.plan.base_revision + 1

    def apply(self, store) -> None:
        self.article = store.revise_article(self.plan.article_id, self.plan.text, self.plan.claim_placements(),
                                            origin=self.plan.origin, expected_revision=self.plan.base_revision,
                                            seen=self.plan.claims)

    def revert(self, store) -> None:
        self.article = store.unrevise_article(self.plan.article_id, list(self.plan.claims), revision=self.number,
                                              placed=self.plan.claim_placements())


class PlaceClaimCommand(StoreCommand):
    """One claim's anchor and placement set, in one step; undo puts back what it had."""

    def __init__(self, host, claim: Claim, anchor: Anchor, placed_on: int, text: str) -> None:
        super().__init__(host, text)
        self.claim_id = self.focus = claim.id
        self.claim = claim
        self.old = (claim.anchor, claim.placement, claim.old_quote, claim.placed_on)
        self.new = (anchor, "", "", placed_on)

    @classmethod
    def attach(cls, host, claim: Claim, anchor: Anchor, revision: int) -> PlaceClaimCommand:
        """An orphan placed by hand on ``anchor`` of the article's current text (revision ``revision``)."""
        return cls(host, claim, anchor, revision, f"Attach claim {claim.number} to “{_short(anchor.quote)}”")

    @classmethod
    def accept_wording(cls, host, claim: Claim, revision: int) -> PlaceClaimCommand:
        """A claim whose wording changed, taken as it now reads (its anchor stays)."""
        return cls(host, claim, claim.anchor, revision, f"Accept the new wording of claim {claim.number}")

    def foresee(self, claim: Claim) -> Claim:
        if claim.id != self.claim_id:
            return claim
        anchor, placement, old_quote, placed_on = self.new
        return claim.with_(anchor=anchor, placement=placement, old_quote=old_quote, placed_on=placed_on)

    def apply(self, store) -> None:
        self._place(store, self.new, seen=self.old)

    def revert(self, store) -> None:
        self._place(store, self.old, seen=self.new)

    def _place(self, store, values: tuple, seen: tuple) -> None:
        """Place the claim as ``values`` say, refused (StaleValue) if it is no longer placed as ``seen`` says:
        a colleague, or a revision, placed it since this step last did (an undo must not undo theirs)."""
        anchor, placement, old_quote, placed_on = values
        was_anchor, was_placement, was_old_quote, was_placed_on = seen
        stored = self.claim.with_(anchor=was_anchor, placement=was_placement, old_quote=was_old_quote,
                                  placed_on=was_placed_on)
        store.place_claim(self.claim_id, anchor, placement, old_quote=old_quote, placed_on=placed_on, seen=stored)
        self.focus = self.claim_id
