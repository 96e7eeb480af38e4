"""Where a new text puts an article's claims: a :class:`RevisionPlan`, made and then stored.

:func:`plan_revision` places every claim on the new text
(:func:`factcheck.core.reanchor.place_all`: exact, moved, changed wording or orphaned, never on
a lookalike), the slow part, run off the window's thread; :func:`apply_revision` stores it in
one edit (``Store.revise_article``), refused if the article or its claims changed since.
:func:`revision_target` finds the article a freshly read page is probably a new version of.
Reading the page is :mod:`factcheck.operations_revisions`' part; the public API
(:mod:`factcheck.api_revisions`) and the window use these directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.core.reanchor import Placement, PlacementKind, place_all
from factcheck.core.revisions import ClaimPlacement, carried
from factcheck.io import BadInput
from factcheck.store import Store

SHARED_PARAGRAPHS = 0.5
"""Share of an article's paragraphs a page must keep to be taken for a new version of it by its headline."""


@dataclass(frozen=True)
class RevisionPlan:
    """A new text for an article and where each of its claims goes on it; nothing stored yet."""

    article_id: int
    title: str
    base_revision: int
    """The article's revision the plan was made on: storing it is refused if that has changed."""
    old_text: str
    text: str
    origin: str
    claims: tuple[Claim, ...]
    """The claims as read (what undoing the revision gives back)."""
    placements: tuple[Placement, ...]
    """Where each of ``claims`` goes, in the same order."""

    @property
    def unchanged(self) -> bool:
        return self.text == self.old_text

    @property
    def new_revision(self) -> int:
        return self.base_revision + 1

    def outcomes(self) -> list[tuple[Claim, Placement, str, str]]:
        """Each claim with its placement, and the placement and checked wording the store will record.

        They differ from the placement's own kind where a wording changed by an earlier revision
        is still to be reviewed (found in place, it stays "changed"), or reads again as it was
        checked ("moved"): see :func:`factcheck.core.revisions.carried`.
        """
        return [(claim, placement, *carried(claim, placement.kind.value, (placement.anchor or claim.anchor).quote))
                for claim, placement in zip(self.claims, self.placements)]

    def counts(self) -> dict[str, int]:
        """How many claims each placement will record: ``{"exact": 9, "moved": 2, "changed": 1, "orphan": 0}``."""
        found = {kind.value: 0 for kind in PlacementKind}
        for _, _, kind, _ in self.outcomes():
            found[kind] += 1
        return found

    def needing_review(self) -> list[tuple[Claim, Placement]]:
        """The claims whose wording will differ from the one checked, or that were not found, with their placement."""
        return [(claim, placement) for claim, placement, kind, _ in self.outcomes() if kind in ("changed", "orphan")]

    def checked_wording(self, claim: Claim) -> str:
        """The wording ``claim`` was checked on (before this revision, or an earlier one that changed it)."""
        return claim.old_quote if claim.placement in ("changed", "orphan") and claim.old_quote else claim.quote

    def summary(self) -> str:
        """One sentence on the claims: "12 claims: 9 in place, 2 moved, 1 with changed wording, none orphaned"."""
        if self.unchanged:
            return f"«{self.title}» has not changed since revision {self.base_revision}."
        counts = self.counts()
        total = len(self.placements)
        if not total:
            return "The article has no claims to place."
        parts = [f"{counts['exact']} in place", f"{counts['moved']} moved",
                 f"{counts['changed']} with changed wording",
                 f"{counts['orphan'] or 'none'} no longer found"]
        return f"{total} claim{'s' if total != 1 else ''}: " + ", ".join(parts) + "."

    def text_summary(self) -> str:
        """What changed in the text ("2 paragraphs added, 3 words changed in 1 paragraph")."""
        from factcheck.core.revision_diff import diff_texts

        return diff_texts(self.old_text, self.text).summary()

    def claim_placements(self) -> list[ClaimPlacement]:
        """What the store records for each claim."""
        return [ClaimPlacement(claim.id, placement.kind.value, placement.anchor)
                for claim, placement in zip(self.claims, self.placements)]


def plan_revision(library: Store, article_id: int, text: str, *, origin: str = "") -> RevisionPlan:
    """Place the article's claims on ``text`` (the slow part, bounded: see bench/reanchor.py)."""
    article = library.article(article_id)
    claims = tuple(library.claims(article_id))
    placements = tuple(place_all(text, [claim.anchor for claim in claims], old_text=article.text))
    return RevisionPlan(article_id, article.title, article.revision, article.text, text, origin, claims, placements)


def apply_revision(library: Store, plan: RevisionPlan) -> Article:
    """Store the plan as the article's newest revision (one edit); StaleValue if the article moved on."""
    if plan.unchanged:
        raise BadInput(plan.summary())
    return library.revise_article(plan.article_id, plan.text, plan.claim_placements(), origin=plan.origin,
                                  expected_revision=plan.base_revision, seen=plan.claims)


def revision_target(library: Store, article: Article) -> int | None:
    """The article ``article`` (freshly read) is probably a new version of, else None.

    The same address (scheme, ``www.``, a trailing slash and tracking parameters aside), or at
    least half of its paragraphs still there: an article of the same headline, or one holding
    the opening words of the page's longest paragraphs (a retitled page). An article with
    exactly this text is not a new version (an import says it is there already).
    """
    if library.find_article_by_text(article.text) is not None:
        return None
    address = _address(article.url)
    title = " ".join(article.title.split()).casefold()
    by_title = []
    for summary in library.articles(archived=True):
        if title and " ".join(summary.title.split()).casefold() == title:
            by_title.append(summary.id)
    if address:
        for article_id, url in sorted(library.article_urls().items()):
            if _address(url) == address:
                return article_id
    paragraphs = _paragraphs(article.text)
    for candidate in [*by_title, *_sharing_passages(library, paragraphs, set(by_title))]:
        old = _paragraphs(library.article(candidate).text)
        if old and len(old & paragraphs) >= SHARED_PARAGRAPHS * len(old):
            return candidate
    return None


def _sharing_passages(library: Store, paragraphs: set[str], seen: set[int], passages: int = 3) -> list[int]:
    """Articles (other than ``seen``) holding the opening words of one of the longest paragraphs: a retitled page.

    Asked of the library's full-text index, a phrase each: no article's text is read to find them.
    """
    found: list[int] = []
    for paragraph in sorted(paragraphs, key=len, reverse=True)[:passages]:
        words = [w for w in re.findall(r"\w+", paragraph)][:10]
        if len(words) < 6:
            continue
        for match in library.search(f'"{" ".join(words)}"', limit=5).articles:
            if match.article_id not in seen and match.article_id not in found:
                found.append(match.article_id)
    return found


def same_address(url: str, other: str) -> bool:
    """Whether two addresses name the same page, as :func:`revision_target` compares them."""
    return bool(_address(url)) and _address(url) == _address(other)


TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref", "smid", "at_medium", "at_campaign")
"""Query parameters that say how a reader came to a page, not which page it is."""


def _address(url: str) -> str:
    """The page an address names: host without ``www.``, path without a trailing slash, its own query kept."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = "&".join(sorted(pair for pair in parts.query.split("&")
                            if pair and not pair.split("=")[0].lower().startswith(TRACKING)))
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "") if host else ""


def _paragraphs(text: str) -> set[str]:
    return {" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text) if p.strip()}
