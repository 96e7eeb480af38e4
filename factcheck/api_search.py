"""The search calls of the public API (docs/api.md: "Search"), part of ``Library``.

One query language for the window's library search, the claims view, ``factcheck search`` and
scripts (:mod:`factcheck.core.search_query`); each call is one read of the Store. ``similar``
answers "was this claim checked before?" as the window's "Checked Before" tab and
``factcheck similar`` do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the search's types load at the first search, not at the window's start
    from factcheck.core.checked_before import SimilarHit
    from factcheck.core.search_query import ClaimRow, SearchResults


class SearchCalls:
    """The search calls; the library's own (``store``, …) are :class:`~factcheck.api.Library`'s."""

    def search(self, query: str, *, limit: int = 50) -> SearchResults:
        """The newest ``limit`` articles matching ``query``, grouped, with where each matched; published checks too.

        Never refuses a query: what it could not use is in ``results.problems``.
        """
        return self.store.search(query, limit=limit)

    def search_claims(self, query: str = "", *, sort: str = "article", descending: bool = False,
                      limit: int | None = None, offset: int = 0, **filters) -> list[ClaimRow]:
        """The claims across the library matching ``query`` and the exact ``filters``, sorted by ``sort``.

        Filters: ``article_id``, ``claimant``, ``verdict``, ``status``, ``reviewer``, ``outlet``;
        sorts: :data:`factcheck.core.search_query.CLAIM_SORTS`. Raises ValueError for another.
        """
        unknown = set(filters) - {"article_id", "claimant", "verdict", "status", "reviewer", "outlet"}
        if unknown:
            raise ValueError(f"cannot filter claims by {', '.join(sorted(unknown))}")
        return self.store.search_claims(query, sort=sort, descending=descending, limit=limit, offset=offset,
                                        **filters)

    def similar(self, text: str, *, limit: int = 10) -> list[SimilarHit]:
        """The library's claims and its published fact-checks most like ``text``, best first, at most ``limit``.

        Each :class:`~factcheck.core.checked_before.SimilarHit` says where it is from
        (``source``: "library" or "published"), the claim, its article's headline or the
        fact-check's title, verdict, address, ids, date, rationale (the library's) and how
        close it is (``score``, 0 to 1). A claim this reviewer owes a blind opinion on is
        never offered. A text with no words to look up finds nothing.
        """
        return self.store.similar(text, limit=limit)
