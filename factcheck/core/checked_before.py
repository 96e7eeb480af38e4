"""Was this claim checked before? A match found for a claim: :class:`SimilarHit`.

A match is one of the library's own claims (the quote, under its article's headline) or a
published fact-check imported into it (the claim reviewed, under the fact-check's title),
with what a reviewer needs to judge it at a glance: its verdict, when, where to read it, and
how close it is (``score``, 0 to 1: 1 for the same words, about 0.5 to 0.8 for the same
claim reworded; see :mod:`factcheck.core.matching`). Stores find them
(:meth:`factcheck.store.protocol.Store.similar`); the API, ``factcheck similar`` and the
window's "Checked Before" tab show them.
"""

from __future__ import annotations

from dataclasses import dataclass

LIBRARY = "library"
PUBLISHED = "published"

CLOSE = 0.32
"""A score from which a match counts as close (the window's tab counts these). The same claim
reworded scores about 0.5 to 0.8; a whole post against the claim it repeats less. Chosen on
the claim-retrieval data's dev split (tweets) so that as few wrong matches count as close as
under BM25's score alone (0.3 then): of the first five found for each tweet, 6.8% of the wrong
ones score 0.32 or more (6.8% before), and 54% of the tweets have their right answer there
at 0.32 or more (51% before)."""


@dataclass(frozen=True)
class SimilarHit:
    """One claim found like the one looked up."""

    source: str
    """:data:`LIBRARY` (one of the desk's claims) or :data:`PUBLISHED` (an imported fact-check)."""
    claim: str
    """The claim's words: the library claim's quote, or the claim the fact-check reviewed."""
    title: str
    """The article's headline, or the fact-check's title."""
    score: float
    """How close, from 0 to 1."""
    verdict: str | None = None
    url: str | None = None
    """The fact-check's address, or the article's (None if it has none)."""
    article_id: int | None = None
    claim_id: int | None = None
    published_id: int | None = None
    date: str | None = None
    """When it was checked: the fact-check's publication date, or the day the claim was last changed."""
    rationale: str = ""
    """The library claim's rationale (a published check's is on its page)."""
    outlet: str = ""
    """The article's outlet, or the fact-check's author (the fact-checking organisation)."""
    rating_scale: str | None = None
    """The key of the rating scale of the claim's article (library claims; None: the library's default)."""

    def as_json(self) -> dict:
        """The hit as ``factcheck similar --json`` writes it (issue 13): null where it does not apply."""
        return {"claim": self.claim, "title": self.title or None, "verdict": self.verdict, "url": self.url,
                "article_id": self.article_id, "claim_id": self.claim_id, "score": round(self.score, 4),
                "source": self.source}
