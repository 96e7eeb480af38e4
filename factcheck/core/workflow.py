"""How a desk decides a verdict: proposals, second opinions, an editor's decision, comments, an article's stage.

A claim's verdict is proposed, not just set. Each reviewer keeps one proposal per claim
(a verdict and a rationale); a proposal is a draft only its author sees until it is
submitted. An editor may ask colleagues for a **second opinion**: until an asked reviewer
submits their own proposal, they are *blind* to the claim, and see no one else's verdict.
The editor then **decides**: approves a proposal (or their own final verdict), returns the
claim with a note, or reopens an approved one; each decision carries a short note and is
kept. Comments are the desk's discussion of a claim, kept out of published reports unless
asked. An article moves through stages: unassigned → assigned (to whom, due when) → in
review → published.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    UNASSIGNED = "unassigned"
    ASSIGNED = "assigned"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return {"unassigned": "Unassigned", "assigned": "Assigned", "in_review": "In review",
                "published": "Published"}[self.value]


class Decision(StrEnum):
    APPROVE = "approve"
    RETURN = "return"
    REOPEN = "reopen"

    @property
    def label(self) -> str:
        return {"approve": "Approved", "return": "Returned", "reopen": "Reopened"}[self.value]


@dataclass(frozen=True)
class Proposal:
    """One reviewer's verdict for a claim, with their rationale; ``submitted_at`` None while a draft."""

    claim_id: int
    reviewer: str
    verdict: str | None
    rationale: str = ""
    second_opinion: bool = False  # made blind, at an editor's request
    created_at: str = ""
    submitted_at: str | None = None
    id: int | None = None

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


@dataclass(frozen=True)
class OpinionRequest:
    """An editor asked ``reviewer`` to rate a claim independently."""

    claim_id: int
    reviewer: str
    requested_by: str
    note: str = ""
    requested_at: str = ""
    id: int | None = None


@dataclass(frozen=True)
class ClaimDecision:
    """An editor's decision on a claim: approved (which proposal, which verdict), returned or reopened, with a note."""

    claim_id: int
    action: Decision
    decided_by: str
    decided_at: str = ""
    note: str = ""
    proposal_id: int | None = None
    verdict: str | None = None
    rationale: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Comment:
    claim_id: int
    author: str
    text: str
    written_at: str = ""
    id: int | None = None


@dataclass(frozen=True)
class ArticleStage:
    """Where an article is in the desk's work: its stage, to whom it is assigned, and when it is due."""

    stage: Stage = Stage.UNASSIGNED
    assignee: str = ""
    due: str | None = None


class WorkflowError(ValueError):
    """A workflow step that makes no sense as asked (approving nothing, a note missing); ``str()`` says why."""


def check_changeable(claim, what: str = "", *, status=None) -> None:
    """Refuse an edit that would change what an editor signed off, or sign off without a decision.

    An approved claim (its fields and its sources) changes only through a decision: reopen
    it first (with a note), change it, approve it again. Setting the status to Approved, or
    away from it, is that decision, with its note (``approve``, ``reopen``, ``return``).
    ``what`` names the edit ("set its verdict"); ``status`` is the status being set, if any.
    """
    from factcheck.core.claims import ClaimStatus

    name = f"claim {claim.number}" if claim.number else "the claim"
    if status is not None and ClaimStatus(status) != ClaimStatus(claim.status) \
            and ClaimStatus.APPROVED in (ClaimStatus(status), ClaimStatus(claim.status)):
        act = "Approving" if ClaimStatus(status) == ClaimStatus.APPROVED else "Taking back the approval of"
        raise WorkflowError(f"{act} {name} is an editor's decision, with a short note for its record: use "
                            "Review ▸ Approve…, Reopen… or Return… (approve, reopen, return_claim in a script).")
    if ClaimStatus(claim.status) == ClaimStatus.APPROVED and status is None:
        raise WorkflowError(f"{name[0].upper()}{name[1:]} is approved: reopen it first (Review ▸ Reopen…, with a "
                            f"note) to {what or 'change it'}.")
