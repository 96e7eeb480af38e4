"""Published fact-checks: other desks' (or this desk's own, published) ClaimReviews, kept as a reference.

A library keeps them apart from its own articles. Each is what a schema.org ClaimReview
says (see ``../shared/guide/DOMAIN.md``): the claim reviewed, its verdict (the rating's
``alternateName``, else its value on the rating's scale), the fact-check's address, its
title, who wrote it and when, and who made the claim. The fact-check's address is its
identity: importing the same address again updates the record instead of adding one.
They are searched with the library and offered by "Already checked" beside the desk's
own claims.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class PublishedCheck:
    """One published fact-check of one claim."""

    url: str
    """The fact-check's address (ClaimReview ``url``): its identity in the library."""
    claim_reviewed: str
    verdict: str = ""
    """The rating as the fact-checker words it (``reviewRating.alternateName``), else e.g. "2/5"."""
    title: str = ""
    """The fact-check's headline (``headline`` or ``name``)."""
    author: str = ""
    """The fact-checking organisation or person (``author.name``)."""
    published: str | None = None
    """When the fact-check was published (``datePublished``), an ISO date."""
    claimant: str = ""
    """Who made the claim (``itemReviewed.author.name``)."""
    claim_date: str | None = None
    """When the claim was made (``itemReviewed.datePublished``), an ISO date."""
    claim_url: str = ""
    """Where the claim appeared (``itemReviewed.appearance`` or ``firstAppearance``), if given."""
    language: str = ""
    imported_at: str | None = None
    id: int | None = None

    def with_(self, **changes) -> PublishedCheck:
        return replace(self, **changes)
