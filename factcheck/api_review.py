"""The review workflow's calls of the public API (docs/api.md: "Review workflow"), part of ``Library``.

Propose, ask for second opinions, approve, return, reopen, comment, what waits for a
reviewer, agreement: each checks what it is given and who asks (a reporter does not
decide; a reviewer owing a blind opinion does not decide before giving it), then makes
one call of the Store.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from factcheck.api_checks import check_verdict, date_value, text_value
from factcheck.core.claims import ClaimStatus

if TYPE_CHECKING:  # factcheck.core.workflow (its enums) loads at the first review call, not at the window's start
    from factcheck.core.claims import Claim
    from factcheck.core.workflow import ClaimDecision, Comment, OpinionRequest, Proposal
    from factcheck.core.agreement import Agreement
    from factcheck.core.rating_scales import RatingScale


class ReviewCalls:
    """The workflow calls; the library's own (``store``, ``claim``, ``_checked``, …) are :class:`~factcheck.api.Library`'s."""

    def propose(self, claim_id: int, verdict: str | None, rationale: str = "", submit: bool = True) -> Proposal:
        """This reviewer's proposal, replacing theirs; submitted (not a draft), it puts a draft claim in review."""
        from factcheck.core.workflow import WorkflowError

        with self.transaction():
            claim = self._checked(claim_id, "")
            verdict = check_verdict(self.rating_scale(claim.article_id), verdict)
            if submit and verdict is None:
                raise WorkflowError(f"Give claim {claim.number} a verdict to submit, or save a draft.")
            proposal = self.store.propose(claim_id, verdict, text_value(rationale, "rationale"), submit=submit)
            if submit and claim.status == ClaimStatus.DRAFT:
                self.store.update_claim(claim_id, "status", ClaimStatus.IN_REVIEW.value)
            return proposal

    def proposals(self, claim_id: int) -> list[Proposal]:
        """The claim's proposals this reviewer may see: theirs; others' once submitted, unless they owe one."""
        return self.store.proposals(self.claim(claim_id).id)

    def request_second_opinion(self, claim_id: int, reviewers, note: str = "") -> list[OpinionRequest]:
        self._checked(claim_id, "ask for a second opinion", editor=True)
        names = [reviewers] if isinstance(reviewers, str) else list(reviewers)
        return self.store.request_opinions(claim_id, names, text_value(note, "note"))

    def request_second_opinions_on_article(self, article_id: int, reviewers, note: str = "") -> list[int]:
        """Ask colleagues to rate every claim of the article not yet approved, blind; one transaction.

        Returns the ids of the claims asked about (approved ones are left as they stand).
        """
        from factcheck.core.claims import ClaimStatus

        with self.transaction():
            asked = [c.id for c in self.claims(article_id) if c.status != ClaimStatus.APPROVED]
            for claim_id in asked:
                self.request_second_opinion(claim_id, reviewers, note)
        return asked

    def approve(self, claim_id: int, note: str, proposal: Proposal | int | None = None, *,
                verdict: str | None = None, rationale: str | None = None, seen: Claim | None = None) -> ClaimDecision:
        """Sign the claim off: ``proposal``'s verdict and rationale, or ``verdict`` (and ``rationale``) of one's own,
        or the claim's own; with a short note. ``seen``: the claim as read, else refused if changed since."""
        if proposal is not None and (verdict, rationale) != (None, None):
            raise TypeError("approve takes a proposal, or a verdict and rationale of one's own, not both")
        claim = self._checked(claim_id, "approve it", editor=True, blind=True)
        if verdict is not None:
            verdict = check_verdict(self.rating_scale(claim.article_id), verdict) or ""
        return self.store.decide(claim_id, "approve", text_value(note, "note"), verdict=verdict,
                                 proposal_id=getattr(proposal, "id", proposal), seen=seen,
                                 rationale=None if rationale is None else text_value(rationale, "rationale"))

    def return_claim(self, claim_id: int, note: str) -> ClaimDecision:
        self._checked(claim_id, "return it", editor=True, blind=True)
        return self.store.decide(claim_id, "return", text_value(note, "note"))

    def reopen(self, claim_id: int, note: str) -> ClaimDecision:
        self._checked(claim_id, "reopen it", editor=True, blind=True)
        return self.store.decide(claim_id, "reopen", text_value(note, "note"))

    def comment(self, claim_id: int, text: str) -> Comment:
        self._checked(claim_id, "comment")
        return self.store.add_comment(claim_id, text_value(text, "comment"))

    def comments(self, claim_id: int) -> list[Comment]:
        return self.store.comments(self.claim(claim_id).id)

    def waiting(self) -> dict[str, list]:
        """``opinions`` and ``sign_off`` (not before one's own opinion): claims; ``assigned``: article summaries."""
        ids = self.store.waiting()
        ids["sign_off"] = [i for i in ids["sign_off"] if i not in ids["opinions"]]
        claims = {key: [self.claim(i) for i in ids[key]] for key in ("opinions", "sign_off")}
        return {**claims, "assigned": [self.store.article_summary(i) for i in ids["assigned"]]}

    def agreement(self, article_id: int | None = None, *, since: str | datetime.date | None = None,
                  until: str | datetime.date | None = None) -> Agreement | dict[RatingScale, Agreement]:
        """One article's agreement on its scale, else the desk's per scale; ``since``, ``until``: UTC days, included."""
        from factcheck.core.agreement import measure_agreement  # ~11 ms: not at the window's start

        since, until = date_value(since, "first day"), date_value(until, "last day")
        until = until and (datetime.date.fromisoformat(until) + datetime.timedelta(days=1)).isoformat()
        if article_id is not None:
            return measure_agreement(self.store.ratings(article_id, since, until), self.rating_scale(article_id))
        by_scale: dict[RatingScale, list] = {}
        for summary in sorted(self.store.articles(archived=True), key=lambda a: a.id):  # oldest first
            if ratings := self.store.ratings(summary.id, since, until):
                by_scale.setdefault(self.rating_scale(summary.id), []).extend(ratings)
        return {scale: measure_agreement(ratings, scale) for scale, ratings in by_scale.items()}
