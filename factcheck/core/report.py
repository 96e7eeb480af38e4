"""The reviewed-article report: what every rendering (HTML, PDF, Markdown, …) shows.

A :class:`Report` is plain data assembled once from the article, its scale and
its claims; renderers only lay it out. That keeps the content identical across
formats: the same claims, numbered the same, with the same counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from factcheck import __version__
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, Claimant, ClaimStatus
from factcheck.core.overlaps import SHOWN_DEPTH, covering_runs  # noqa: F401 (SHOWN_DEPTH: its old home)
from factcheck.core.rating_scales import NEUTRAL_COLOR, RatingScale, Verdict
from factcheck.core.workflow import ArticleStage, ClaimDecision, Comment, Decision, OpinionRequest, Proposal

UNRATED = "Unrated"


@dataclass(frozen=True)
class ReportOptions:
    approved_only: bool = False
    """Only approved claims; otherwise every claim, its status shown."""
    include_text: bool = True
    """The full article text with the claims highlighted where they stand."""
    include_comments: bool = False
    """Each claim's thread of desk comments (who, when, text): kept out unless asked."""

    @property
    def published(self) -> bool:
        """A report of approved claims only is the one a desk publishes.

        It names who proposed, gave a second opinion and approved each verdict, and when,
        but shows neither the other reviewers' verdicts (the desk's disagreements) nor the
        editor's note, nor second opinions still awaited; a report of every claim, their
        statuses shown, is the desk's own and shows them all.
        """
        return self.approved_only


@dataclass(frozen=True)
class Organisation:
    """The fact-checking organisation that publishes the report (from preferences)."""

    name: str = ""
    url: str = ""


@dataclass(frozen=True)
class VerdictCount:
    label: str
    color: str
    count: int


@dataclass(frozen=True)
class ClaimWorkflow:
    """What the desk recorded about one claim, as the library let the reader see it.

    Submitted proposals (a draft stays with its author), second opinions asked for,
    editors' decisions, comments: each oldest first.
    """

    proposals: tuple[Proposal, ...] = ()
    requests: tuple[OpinionRequest, ...] = ()
    decisions: tuple[ClaimDecision, ...] = ()
    comments: tuple[Comment, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.proposals or self.requests or self.decisions or self.comments)

    @property
    def count(self) -> int:
        return len(self.proposals) + len(self.requests) + len(self.decisions) + len(self.comments)


NO_WORKFLOW = ClaimWorkflow()


@dataclass(frozen=True)
class ChainStep:
    """One link of a claim's review chain: who, when, and the verdict and note they gave, where they gave one."""

    who: str
    when: str | None = None
    verdict: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ReviewChain:
    """Who proposed a claim's verdict, who gave a second opinion, who approved it, and when.

    ``proposed``: the proposal whose verdict was approved, else the latest submitted one;
    ``second_opinions``: the other submitted proposals, in the order they came;
    ``awaited``: second opinions asked for and not yet given (``when`` they were asked);
    ``approved``: the editor's approval that stands (None once the claim was reopened,
    returned or set back by hand).
    """

    proposed: ChainStep | None = None
    second_opinions: tuple[ChainStep, ...] = ()
    awaited: tuple[ChainStep, ...] = ()
    approved: ChainStep | None = None

    def __bool__(self) -> bool:
        return bool(self.proposed or self.second_opinions or self.awaited or self.approved)


def review_chain(status: ClaimStatus | str, workflow: ClaimWorkflow) -> ReviewChain:
    """The chain a report shows for a claim of ``status`` with these records."""
    submitted = sorted((p for p in workflow.proposals if p.submitted), key=lambda p: (p.submitted_at, p.id or 0))
    last = workflow.decisions[-1] if workflow.decisions else None
    approval = last if last is not None and last.action is Decision.APPROVE \
        and ClaimStatus(status) == ClaimStatus.APPROVED else None
    chosen = None
    if approval is not None:
        chosen = next((p for p in submitted if approval.proposal_id is not None and p.id == approval.proposal_id),
                      None) or next((p for p in submitted if approval.verdict and p.verdict == approval.verdict),
                                    None)
    if chosen is None and submitted:
        chosen = submitted[-1]
    given = {p.reviewer for p in submitted}
    return ReviewChain(
        proposed=_step(chosen),
        second_opinions=tuple(_step(p) for p in submitted if p is not chosen),
        awaited=tuple(ChainStep(r.reviewer, r.requested_at or None, note=r.note)
                      for r in workflow.requests if r.reviewer not in given),
        approved=None if approval is None else ChainStep(approval.decided_by, approval.decided_at or None,
                                                         approval.verdict, approval.note),
    )


def _step(proposal: Proposal | None) -> ChainStep | None:
    return None if proposal is None else ChainStep(proposal.reviewer, proposal.submitted_at, proposal.verdict)


@dataclass(frozen=True)
class NumberedClaim:
    number: int
    claim: Claim
    verdict: Verdict | None
    """The verdict's entry on the scale (colour, definition), or None while unrated."""
    workflow: ClaimWorkflow = NO_WORKFLOW
    """The desk's records of the claim (comments only when the report includes them)."""
    chain: ReviewChain = ReviewChain()
    """Proposed by, second opinions, approved by: built from :attr:`workflow`."""

    @property
    def comments(self) -> tuple[Comment, ...]:
        return self.workflow.comments

    @property
    def color(self) -> str:
        return self.verdict.color if self.verdict else NEUTRAL_COLOR

    @property
    def verdict_label(self) -> str:
        return self.claim.verdict or UNRATED


@dataclass(frozen=True)
class TextRun:
    """A stretch of the article text and the innermost claims covering it (at most :data:`SHOWN_DEPTH`)."""

    text: str
    claims: tuple[NumberedClaim, ...] = ()
    """The innermost claims covering the run, outermost first, innermost last: at most SHOWN_DEPTH."""
    starts: tuple[NumberedClaim, ...] = ()
    """Claims that begin at this run: their number is shown here."""
    covering: int = 0
    """How many claims cover the run in all: more than ``len(claims)`` where more than SHOWN_DEPTH overlap."""

    def __post_init__(self) -> None:
        if self.covering < len(self.claims):
            object.__setattr__(self, "covering", len(self.claims))

    @property
    def hidden(self) -> int:
        """Covering claims left out of :attr:`claims` (the outermost ones)."""
        return self.covering - len(self.claims)


@dataclass(frozen=True)
class RevisionCoverage:
    """Which text of the article a report covers, and whether its claims were checked on that text.

    ``changed``: claims a revision changed the wording of (checked on an earlier wording);
    ``orphaned``: claims whose quote is no longer in the article.
    """

    revision: int = 1
    revised_at: str | None = None
    claims: int = 0
    changed: int = 0
    orphaned: int = 0

    @property
    def shown(self) -> bool:
        """Whether a report says anything of revisions: never for an article as first imported,
        every claim on it as marked."""
        return self.revision > 1 or self.revised_at is not None or bool(self.changed or self.orphaned)

    def sentence(self) -> str:
        """"Every claim checked on this revision." or what is not: "2 claims were checked on an earlier
        wording; 1 claim no longer found in the article." ("" with no claims)."""
        if not self.claims:
            return ""
        if not self.changed and not self.orphaned:
            return "Every claim checked on this revision." if self.claims > 1 else \
                "The claim was checked on this revision."
        parts = []
        if self.changed:
            verb = "was" if self.changed == 1 else "were"
            parts.append(f"{_claims(self.changed)} {verb} checked on an earlier wording")
        if self.orphaned:
            parts.append(f"{_claims(self.orphaned)} no longer found in the article")
        return "; ".join(parts) + "."


def _claims(count: int) -> str:
    return f"{count:,} claim{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Report:
    article: Article
    scale: RatingScale
    claims: tuple[NumberedClaim, ...]
    options: ReportOptions
    organisation: Organisation = field(default_factory=Organisation)
    generated_at: str = ""
    generator: str = f"factcheck {__version__}"
    claimants: Mapping[str, Claimant] = field(default_factory=dict)
    """The recorded details (kind, sameAs) of the claimants these claims name."""
    stage: ArticleStage | None = None
    """Where the article is in the desk's work (stage, assignee, due), when it was read."""

    def claimant(self, name: str) -> Claimant:
        """A claimant's details; a person with no link when none were recorded."""
        return self.claimants.get(name) or Claimant(name)

    @property
    def coverage(self) -> RevisionCoverage:
        """The article's revision and how many of the report's claims a revision left to review."""
        article = self.article
        return RevisionCoverage(article.revision, article.revised_at, len(self.claims),
                                sum(c.claim.placement == "changed" for c in self.claims),
                                sum(c.claim.orphan for c in self.claims))

    @property
    def placed_claims(self) -> tuple[NumberedClaim, ...]:
        """The claims on the article's text, in text order (all but the orphans)."""
        return tuple(c for c in self.claims if not c.claim.orphan)

    @property
    def orphaned_claims(self) -> tuple[NumberedClaim, ...]:
        """The claims no longer in the article: listed apart, after the others, never shown at a position."""
        return tuple(c for c in self.claims if c.claim.orphan)

    @property
    def approved_count(self) -> int:
        return sum(1 for c in self.claims if c.claim.status == ClaimStatus.APPROVED)

    def verdict_counts(self) -> list[VerdictCount]:
        """A count per verdict of the scale (in scale order, only those used), then unrated."""
        counts = [VerdictCount(v.label, v.color, sum(1 for c in self.claims if c.claim.verdict == v.label))
                  for v in self.scale.verdicts]
        unrated = sum(1 for c in self.claims if c.verdict is None)
        result = [c for c in counts if c.count]
        if unrated:
            result.append(VerdictCount(UNRATED, NEUTRAL_COLOR, unrated))
        return result

    def text_runs(self) -> list[TextRun]:
        """The article text cut where claims start and end, for highlighting in place.

        Each run keeps its :data:`SHOWN_DEPTH` innermost claims, not every claim that
        covers it: the runs cost O(n log n) for n claims and a constant each. An orphan's
        offsets are those it had on an earlier text: it is never highlighted.
        """
        text = self.article.text
        by_start = sorted(self.placed_claims, key=lambda c: c.claim.sort_key())
        return [TextRun(text[a:b], inner, starting, covering)
                for a, b, inner, covering, starting in covering_runs(
                    by_start, lambda c: (c.claim.start, c.claim.end), 0, len(text))]


def build_report(article: Article, scale: RatingScale, claims: list[Claim], options: ReportOptions,
                 organisation: Organisation | None = None, now: datetime | None = None,
                 claimants: Mapping[str, Claimant] | None = None,
                 workflow: Mapping[int, ClaimWorkflow] | None = None, stage: ArticleStage | None = None) -> Report:
    """The report of ``claims``; ``workflow`` holds the desk's records of each, by claim id.

    Comments stay out unless ``options.include_comments``; a claim with no records has
    no chain, and its report reads as one made before the desk's workflow existed. The
    claims come in text order, the orphans (no longer in the article) after the others.
    """
    # Each claim keeps its own number (the window shows the same); one not yet numbered
    # (a preview of unsaved claims) takes its place in text order. The choice is made in
    # the same pass (asking whether each claim is in a list of the chosen ones took
    # seconds for thousands of claims).
    workflow = workflow or {}
    numbered = tuple(_numbered(c.number or n, c, scale, workflow.get(c.id, NO_WORKFLOW), options)
                     for n, c in enumerate(sorted(claims, key=Claim.sort_key), start=1)
                     if not options.approved_only or c.status == ClaimStatus.APPROVED)
    if any(c.claim.orphan for c in numbered):
        numbered = tuple(c for c in numbered if not c.claim.orphan) + tuple(c for c in numbered if c.claim.orphan)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    named = {c.claim.claimant for c in numbered}
    return Report(article=article, scale=scale, claims=numbered, options=options,
                  organisation=organisation or Organisation(), generated_at=stamp,
                  claimants={n: c for n, c in (claimants or {}).items() if n in named}, stage=stage)


def _numbered(number: int, claim: Claim, scale: RatingScale, records: ClaimWorkflow,
              options: ReportOptions) -> NumberedClaim:
    if not records:
        return NumberedClaim(number, claim, scale.verdict(claim.verdict))
    if records.comments and not options.include_comments:
        records = replace(records, comments=())
    return NumberedClaim(number, claim, scale.verdict(claim.verdict), records, review_chain(claim.status, records))
