"""Claims, the sources attached to them, and their review status."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from urllib.parse import urlsplit

from factcheck.core.anchors import Anchor


class ClaimStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "in_review": "In review", "approved": "Approved"}[self.value]


class Stance(StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"

    @property
    def label(self) -> str:
        return {"supports": "Supports", "refutes": "Refutes", "context": "Context"}[self.value]


class ClaimantKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"

    @property
    def label(self) -> str:
        return {"person": "Person", "organization": "Organisation"}[self.value]


@dataclass(frozen=True)
class Claimant:
    """Who made claims, kept once per name in a library and reused by every claim naming them.

    ``kind`` types them in ClaimReview (an outlet or a ministry is an Organization);
    ``same_as`` is a page that identifies them (a Wikidata item, an official site).
    """

    name: str
    kind: ClaimantKind = ClaimantKind.PERSON
    same_as: str = ""


CLAIM_FIELDS = ("claimant", "claim_date", "verdict", "rationale", "status", "reviewer")
"""The fields of a claim a reviewer edits one at a time (each edit is one undo step)."""

FIELD_LABELS = {
    "claimant": "claimant", "claim_date": "claim date", "verdict": "verdict",
    "rationale": "rationale", "status": "status", "reviewer": "reviewer",
}

SOURCE_FIELDS = ("url", "title", "publisher", "date", "excerpt", "stance")


class InvalidUrl(ValueError):
    """A source link that is not an http or https URL."""


def check_source_url(url: str) -> str:
    """Return the trimmed URL if it is http(s) with a host; raise :class:`InvalidUrl` if not."""
    url = url.strip()
    if not url:
        return ""
    message = f"“{url}” is not a web address: a source link must start with http:// or https://"
    try:
        parts = urlsplit(url)
    except ValueError as error:  # e.g. "Invalid IPv6 URL" for an unbalanced "["
        raise InvalidUrl(message) from error
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InvalidUrl(message)
    return url


def is_openable_url(url: str) -> bool:
    """Links the app may hand to the system: http, https and mailto only."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:  # a malformed URL, e.g. an unbalanced "[" in the host
        return False
    return scheme in ("http", "https", "mailto")


@dataclass(frozen=True)
class Source:
    """Evidence for or against a claim: a page or document, its excerpt, and where it stands on the claim."""

    url: str = ""
    title: str = ""
    publisher: str = ""
    date: str | None = None
    excerpt: str = ""
    stance: Stance = Stance.CONTEXT
    id: int | None = None
    claim_id: int | None = None

    def with_(self, **changes) -> Source:
        return replace(self, **changes)


@dataclass(frozen=True)
class Claim:
    """A claim marked in an article: the words it stands on, who made it, its verdict, review and sources."""

    anchor: Anchor
    article_id: int | None = None
    claimant: str = ""
    claim_date: str | None = None
    verdict: str | None = None
    rationale: str = ""
    status: ClaimStatus = ClaimStatus.DRAFT
    reviewer: str = ""
    sources: tuple[Source, ...] = field(default_factory=tuple)
    created_at: str | None = None
    updated_at: str | None = None
    id: int | None = None
    number: int | None = None
    """The claim's number in its article, given when it is marked and kept for life: marking
    a claim earlier in the text never renumbers the others ("see claim 2" stays right)."""
    placement: str = ""
    """How its position was last set: "" (marked, placed by hand or accepted on the text it
    stands on), else how a new revision placed it: "exact", "moved", "changed" (its wording
    changed: ``old_quote`` holds what was checked) or "orphan" (its quote is no longer in
    the article: its anchor is the one it had on revision ``placed_on``)."""
    old_quote: str = ""
    """For a claim whose wording a revision changed: the wording it was checked on."""
    placed_on: int = 1
    """The article revision its anchor refers to."""

    @property
    def orphan(self) -> bool:
        """Its quote is no longer in the article: its offsets do not fit the current text (never shown there)."""
        return self.placement == "orphan"

    @property
    def needs_review(self) -> bool:
        """A revision changed its wording or lost it: the reviewer should look again."""
        return self.placement in ("changed", "orphan")

    @property
    def start(self) -> int:
        return self.anchor.start

    @property
    def end(self) -> int:
        return self.anchor.end

    @property
    def quote(self) -> str:
        return self.anchor.quote

    def sort_key(self) -> tuple[int, int, int]:
        """Claims are listed in text order; overlapping ones by end, then age."""
        return (self.anchor.start, self.anchor.end, self.id or 0)

    def with_(self, **changes) -> Claim:
        return replace(self, **changes)
