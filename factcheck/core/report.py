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
    """A stretch of the article text and the claims covering it (innermost last)."""

    text: str
    claims: tuple[NumberedClaim, ...] = ()
    starts: tuple[NumberedClaim, ...] = ()
    """Claims that begin at this run: their number is shown here."""


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
        """The article text cut where claims start and end, for highlighting in place."""
        text = self.article.text
        points = {0, len(text)}
        for c in self.claims:
            points.update((c.claim.start, c.claim.end))
        bounds = sorted(points)
        by_start = sorted(self.claims, key=lambda c: c.claim.sort_key())
        active: list[NumberedClaim] = []
        runs, i = [], 0
        for a, b in zip(bounds, bounds[1:], strict=False):
            active = [c for c in active if c.claim.end > a]
            starts = []
            while i < len(by_start) and by_start[i].claim.start == a:
                starts.append(by_start[i])
                i += 1
            active.extend(starts)
            covering = tuple(sorted(active, key=lambda c: c.claim.start - c.claim.end))
            runs.append(TextRun(text[a:b], covering, tuple(starts)))
        return runs


def build_report(article: Article, scale: RatingScale, claims: list[Claim], options: ReportOptions,
                 organisation: Organisation | None = None, now: datetime | None = None,
                 claimants: Mapping[str, Claimant] | None = None) -> Report:
    chosen = sorted(claims, key=Claim.sort_key)
    if options.approved_only:
        chosen = [c for c in chosen if c.status == ClaimStatus.APPROVED]
    # Each claim keeps its own number (the window shows the same); one not yet numbered
    # (a preview of unsaved claims) takes its place in text order.
    numbered = tuple(NumberedClaim(c.number or n, c, scale.verdict(c.verdict))
                     for n, c in enumerate(sorted(claims, key=Claim.sort_key), start=1) if c in chosen)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    named = {c.claim.claimant for c in numbered}
    return Report(article=article, scale=scale, claims=numbered, options=options,
                  organisation=organisation or Organisation(), generated_at=stamp,
                  claimants={n: c for n, c in (claimants or {}).items() if n in named})
