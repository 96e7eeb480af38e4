"""The revision calls of the public API (docs/api.md: "Revisions"), part of ``Library``.

An article changes after publication: ``revise`` makes a new text its newest revision and
places every claim again (exact, moved, changed wording or orphaned, never on a lookalike),
as the window's File ▸ Check for Updates and ``factcheck revise`` do
(:mod:`factcheck.revision_plans`); the earlier texts stay readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded at the first revision, not at the window's start
    from factcheck.core.revisions import ArticleRevision
    from factcheck.revision_plans import RevisionPlan


class RevisionCalls:
    """The revision calls; the library's own (``store``, …) are :class:`~factcheck.api.Library`'s."""

    def revisions(self, article_id: int) -> list[ArticleRevision]:
        """The article's texts, oldest first, the current one last (number, when, who, where from)."""
        self.article(article_id)  # an unknown article is an error
        return self.store.revisions(article_id)

    def revision_text(self, article_id: int, number: int) -> str:
        """The text of one of the article's revisions (NotInLibrary if it has no such revision)."""
        return self._get(lambda n: self.store.revision_text(article_id, n), f"revision of article {article_id}",
                         number)

    def revise(self, article_id: int, text: str, *, origin: str = "", dry_run: bool = False) -> RevisionPlan:
        """Make ``text`` the article's newest revision, every claim placed again; returns what happened.

        The plan's ``counts()``, ``summary()`` and ``needing_review()`` say where each claim
        went. Nothing is stored when the text is the same, or with ``dry_run``. Raises
        StaleValue (nothing stored) if the article changed while its claims were placed, InvalidValue for a
        text no article may hold (carriage returns, control characters;
        ``factcheck.core.articles.normalise_text`` makes one fit).
        """
        from factcheck.api_checks import InvalidValue
        from factcheck.core.articles import unusable_characters
        from factcheck.revision_plans import apply_revision, plan_revision

        self._refuse_if_read_only()
        self.article(article_id)
        problem = unusable_characters(text)
        if problem is not None:  # a carriage return would shift every highlight after it
            raise InvalidValue(f"The new text cannot be stored: {problem}.")
        plan = plan_revision(self.store, article_id, text, origin=origin)
        if not plan.unchanged and not dry_run:
            apply_revision(self.store, plan)
        return plan
