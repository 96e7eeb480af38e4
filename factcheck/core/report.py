"""The reviewed-article report: what every rendering (HTML, PDF, Markdown, …) shows.

A :class:`Report` is plain data assembled once from the article, its scale and
its claims; renderers only lay it out. That keeps the content identical across
formats: the same claims, numbered the same, with the same counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from factcheck import __version__
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, Claimant, ClaimStatus
from factcheck.core.overlaps import SHOWN_DEPTH, covering_runs  # noqa: F401 (SHOWN_DEPTH: its old home)
from factcheck.core.rating_scales import NEUTRAL_COLOR, RatingScale, Verdict

UNRATED = "Unrated"


@dataclass(frozen=True)
class ReportOptions:
    approved_only: bool = False
    """Only approved claims; otherwise every claim, its status shown."""
    include_text: bool = True
    """The full article text with the claims highlighted where they stand."""


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
class NumberedClaim:
    number: int
    claim: Claim
    verdict: Verdict | None
    """The verdict's entry on the scale (colour, definition), or None while unrated."""

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

    def claimant(self, name: str) -> Claimant:
        """A claimant's details; a person with no link when none were recorded."""
        return self.claimants.get(name) or Claimant(name)

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
        covers it: the runs cost O(n log n) for n claims and a constant each.
        """
        text = self.article.text
        by_start = sorted(self.claims, key=lambda c: c.claim.sort_key())
        return [TextRun(text[a:b], inner, starting, covering)
                for a, b, inner, covering, starting in covering_runs(
                    by_start, lambda c: (c.claim.start, c.claim.end), 0, len(text))]


def build_report(article: Article, scale: RatingScale, claims: list[Claim], options: ReportOptions,
                 organisation: Organisation | None = None, now: datetime | None = None,
                 claimants: Mapping[str, Claimant] | None = None) -> Report:
    # Each claim keeps its own number (the window shows the same); one not yet numbered
    # (a preview of unsaved claims) takes its place in text order. The choice is made in
    # the same pass (asking whether each claim is in a list of the chosen ones took
    # seconds for thousands of claims).
    numbered = tuple(NumberedClaim(c.number or n, c, scale.verdict(c.verdict))
                     for n, c in enumerate(sorted(claims, key=Claim.sort_key), start=1)
                     if not options.approved_only or c.status == ClaimStatus.APPROVED)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    named = {c.claim.claimant for c in numbered}
    return Report(article=article, scale=scale, claims=numbered, options=options,
                  organisation=organisation or Organisation(), generated_at=stamp,
                  claimants={n: c for n, c in (claimants or {}).items() if n in named})
