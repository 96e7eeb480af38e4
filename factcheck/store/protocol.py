"""What every library engine offers: the :class:`Store` protocol and the :class:`Changes` it reports.

Everything above the store (the window and its workers, the command line,
:mod:`factcheck.operations`, the public API in :mod:`factcheck.api`) speaks to a
library through this protocol alone, in :mod:`factcheck.core` objects: no connection,
no SQL, no file path. An engine keeps its own promises behind it (for SQLite, see
:mod:`factcheck.store.sqlite_store`): every write is one transaction, returns only
once committed, and records who changed what in the library's history; the built-in
rating scales are always present.

Every committed write is announced to the subscribers (:meth:`Store.subscribe`) as a
:class:`Changes`: which articles, claims and sources it touched, so that a view can
redraw just those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from factcheck.core.articles import Article, ArticleSummary, DeletedArticle, Original
from factcheck.core.claims import Claim, Claimant, Source
from factcheck.core.rating_scales import RatingScale


@dataclass(frozen=True)
class Changes:
    """What one or more committed writes changed; empty sets for what they left alone.

    ``articles`` are articles whose details or claim and verdict counts changed (or
    that were added or deleted); ``claims`` and ``sources`` the claims and sources
    added, edited or removed. ``article_list`` says whether the list of articles
    itself changed (one added, deleted, archived or brought back); ``claimants`` and
    ``scales`` whether the claimants' names or details, or the rating scales, may
    have changed.
    """

    articles: frozenset[int] = field(default_factory=frozenset)
    claims: frozenset[int] = field(default_factory=frozenset)
    sources: frozenset[int] = field(default_factory=frozenset)
    article_list: bool = False
    claimants: bool = False
    scales: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.articles | other.articles, self.claims | other.claims, self.sources | other.sources,
                       self.article_list or other.article_list, self.claimants or other.claimants,
                       self.scales or other.scales)

    def __bool__(self) -> bool:
        return bool(self.articles or self.claims or self.sources or self.article_list or self.claimants
                    or self.scales)

    @classmethod
    def merged(cls, changes: Iterable[Changes]) -> Changes:
        result = cls()
        for change in changes:
            result = result | change
        return result


NO_CHANGES = Changes()


@runtime_checkable
class Store(Protocol):
    """An open library. One handle belongs to the thread that opened it (see :meth:`open_another`).

    Reading one article, claim or source raises :class:`KeyError` for an id the library
    does not hold (a list of an unknown article's claims or history is empty); so does a
    write naming an article or claim that is gone. Writes raise
    :class:`~factcheck.store.errors.LibraryError` (with a user-ready message) when the
    user's environment refuses them, having saved nothing, and
    :class:`~factcheck.store.errors.StaleValue` when an ``expected`` old value differs
    from the stored one. Any other exception is a bug, raised as it came.

    A claim added with a ``number`` (a bundle's, an undone deletion's) keeps it; one
    added without gets the article's next number, never one given before.
    """

    user: str
    """The reviewer whose name goes into the history of every write."""
    read_only: bool
    """Whether the library was opened for reading alone (every write is refused)."""
    role: str
    """The reviewer's role as the library enforces it: ``"editor"``, or ``"reporter"`` (who cannot approve)."""

    @property
    def location(self) -> str:
        """Where the library lives, as the user would name it in a message (a file, a server)."""

    @property
    def recovery_report(self):
        """What the checks found when the previous session did not close the library, else None."""

    # ------------------------------------------------------------ life

    def open_another(self) -> Store:
        """A second handle on the same library, for another thread (a worker's writes)."""

    def close(self) -> None:
        """End this handle's session cleanly."""

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes into one transaction: all of them are committed, or none."""

    def listen(self):
        """A feed of the changes other programs commit (``wait(timeout) -> Changes``, ``reconnect()``, ``close()``).

        None where one program at a time writes the library (a local file, see
        :mod:`factcheck.store.library_lock`): nothing can change behind this handle's back.
        """

    def subscribe(self, callback: Callable[[Changes], Any]) -> Callable[[], None]:
        """Call ``callback(changes)`` after each committed write through this handle; returns an unsubscribe.

        Called on the handle's thread, once the outermost transaction has committed, with
        what it changed (writes rolled back are not named). A callback that raises is
        logged: the write stays committed, and the other callbacks still hear of it.
        """

    # --------------------------------------------------------- backups

    def backups(self) -> list:
        """The library's backups, newest first (an engine whose backups are kept elsewhere lists none)."""

    def backup_if_due(self, reason: str, *, edits: int = 1, keep: int | None = None):
        """A rolling backup when one is due after ``reason`` (``"open"``, ``"edit"``); the backup, else None."""

    # -------------------------------------------------------- articles

    def articles(self, *, archived: bool = False) -> list[ArticleSummary]: ...
    def article(self, article_id: int) -> Article: ...
    def article_summary(self, article_id: int) -> ArticleSummary: ...
    def claim_articles(self, claim_ids) -> dict[int, int]:
        """The article of each claim still there: claim id → article id."""
    def original(self, article_id: int) -> Original | None: ...
    def find_article_by_text(self, text: str, *or_texts: str) -> int | None: ...
    def claims_numbered(self, article_id: int) -> int: ...
    def add_article(self, article: Article, original: Original | None = None, *, keep_id: bool = False) -> Article: ...
    def update_article(self, article_id: int, field: str, value, *, expected=...) -> Article: ...
    def update_article_fields(self, article_id: int, values: dict, *, expected: dict | None = None) -> Article: ...
    def set_archived(self, article_id: int, archived: bool) -> Article: ...
    def delete_article(self, article_id: int) -> DeletedArticle: ...
    def restore_article(self, deleted: DeletedArticle) -> Article: ...

    # ---------------------------------------------------------- claims

    def claims(self, article_id: int) -> list[Claim]: ...
    def claim(self, claim_id: int) -> Claim: ...
    def add_claim(self, claim: Claim) -> Claim: ...
    def restore_claim(self, claim: Claim) -> Claim: ...
    def delete_claim(self, claim_id: int, *, seen: Claim | None = None) -> Claim: ...
    def update_claim(self, claim_id: int, field: str, value, *, expected=..., seen: Claim | None = None) -> Claim:
        """Set one field; ``expected`` its value as read, ``seen`` the whole claim as read (an approval)."""

    # ------------------------------------------------------- revisions
    # (see factcheck.core.revisions and factcheck.store.revision_records)

    def revisions(self, article_id: int) -> list:
        """The article's texts (ArticleRevision), oldest first, its current one last; [] for an unknown id."""
    def revision_text(self, article_id: int, number: int) -> str: ...
    def article_urls(self) -> dict[int, str]:
        """Every article's address, archived ones too (article id → url), for those with one."""
    def revise_article(self, article_id: int, text: str, placements, *, origin: str = "",
                       expected_revision: int | None = None) -> Article:
        """Make ``text`` the newest revision, every claim placed (ClaimPlacement); StaleValue if anything moved on."""
    def unrevise_article(self, article_id: int, claims, *, revision: int | None = None, placed=()) -> Article:
        """Undo the newest revision: the previous text back, each claim as given (StaleValue if one of them
        is no longer where the revision put it, ``placed``)."""
    def add_revisions(self, article_id: int, revisions) -> None:
        """Store an article's earlier texts (RevisionText) as they were made: a bundle's, numbered below its revision."""
    def place_claim(self, claim_id: int, anchor, placement: str = "", *, old_quote: str = "",
                    placed_on: int | None = None) -> Claim:
        """Set a claim's anchor and placement in one edit (attach an orphan, accept a new wording, their undo)."""

    # ----------------------------------------------------- suggestions
    # (see factcheck.store.suggestion_records and factcheck.operations_suggestions)

    def dismiss_suggestion(self, article_id: int, start: int, end: int, sentence: str) -> None: ...
    def undismiss_suggestion(self, article_id: int, start: int, end: int) -> None: ...
    def dismissed_suggestions(self, article_id: int) -> dict[tuple[int, int], str]: ...
    def suggestion_feedback(self, limit: int = 5000) -> list[tuple[str, int]]:
        """What the desk decided, newest first: (claimed sentence, 1) per claim placed, (sentence, 0) per dismissal."""
    def suggestion_feedback_count(self) -> int:
        """How many decisions ``suggestion_feedback`` would give, counted by the engine."""
    def suggestion_decisions(self) -> tuple[int, int]:
        """The decisions of each kind, counted by the engine: claims placed, suggestions dismissed."""

    # --------------------------------------------------------- sources

    def source(self, source_id: int) -> Source: ...
    def add_source(self, claim_id: int, source: Source) -> Source: ...
    def restore_source(self, source: Source, position: int) -> Source: ...
    def update_source(self, source_id: int, changes: dict, *, expected: dict | None = None) -> Source: ...
    def delete_source(self, source_id: int, *, seen: Source | None = None) -> tuple[Source, int]: ...

    # ------------------------------------------------------- claimants

    def claimants(self) -> list[str]: ...
    def claimant(self, name: str) -> Claimant: ...
    def claimant_uses(self, name: str) -> int: ...
    def claimant_details(self) -> dict[str, Claimant]: ...
    def set_claimant(self, claimant: Claimant, *, expected: Claimant | None = None) -> Claimant: ...

    # ---------------------------------------------------------- scales

    def scales(self) -> list[RatingScale]: ...
    def scale(self, key: str | None) -> RatingScale: ...
    def add_scale(self, scale: RatingScale) -> str: ...

    # ---------------------------------------------------------- workflow
    # (see factcheck.core.workflow and factcheck.store.workflow_records)

    def propose(self, claim_id: int, verdict: str | None, rationale: str = "", *, submit: bool = True): ...
    def own_proposal(self, claim_id: int): ...
    def withdraw_proposal(self, claim_id: int): ...
    def proposals(self, claim_id: int) -> list: ...
    def blind_claims(self) -> set[int]: ...
    def request_opinions(self, claim_id: int, reviewers, note: str = "") -> list: ...
    def opinion_requests(self, claim_id: int) -> list: ...
    def withdraw_opinion_requests(self, claim_id: int, reviewers) -> None: ...
    def decide(self, claim_id: int, action, note: str, *, proposal_id: int | None = None,
               verdict: str | None = None, rationale: str | None = None): ...
    def decisions(self, claim_id: int) -> list: ...
    def add_comment(self, claim_id: int, text: str): ...
    def comments(self, claim_id: int) -> list: ...
    def article_stage(self, article_id: int): ...
    def set_article_stage(self, article_id: int, stage, assignee: str | None = None, due=...): ...
    def mark_seen(self, article_id: int) -> None: ...
    def changed_since_seen(self) -> dict[int, set[int]]: ...
    def waiting(self) -> dict[str, list[int]]: ...
    def article_workflow(self, article_id: int, *, whole: bool = False) -> dict[int, dict[str, list]]: ...
    def receive_workflow(self, claim_id: int, records) -> int:
        """Store a claim's records (a :class:`~factcheck.core.report.ClaimWorkflow`) as made elsewhere.

        Authors, times and order kept, proposal ids mapped to the new ones; how many were
        stored. On a shared library only its owner may (anyone else: ``NotAllowed``, none saved).
        """
    def ratings(self, article_id: int | None = None, since: str | None = None,
                until: str | None = None) -> list[tuple[int, str, str]]: ...

    # ------------------------------------------- properties and history

    def get_property(self, key: str) -> str | None: ...
    def set_property(self, key: str, value: str) -> None: ...
    def history(self, article_id: int) -> list[dict]: ...
    def reviewer_names(self) -> list[str]:
        """The reviewers the library knows (from its history, proposals, requests and assignments), sorted."""

    # ---------------------------------------------------------- search
    # (see factcheck.core.search_query and factcheck.store.search_records)

    def search(self, query, *, limit: int = 50, per_article: int = 5):
        """The newest ``limit`` articles matching ``query`` (text or a parsed SearchQuery), with where; published checks."""
    def search_claims(self, query="", *, sort: str = "article", descending: bool = False, limit: int | None = None,
                      offset: int = 0, article_id: int | None = None, claimant: str | None = None,
                      verdict: str | None = None, status: str | None = None, reviewer: str | None = None,
                      outlet: str | None = None, dated: str = "updated_at", since: str | None = None,
                      until: str | None = None) -> list:
        """The claims view's rows (ClaimRow): matching ``query``, each filter, ``dated`` within the bounds; sorted."""
    def count_claims(self, query="", **filters) -> int:
        """How many rows ``search_claims`` lists for the same query and filters."""
    def claim_values(self) -> dict[str, list[str]]:
        """Each claim field's distinct values (claimant, verdict, status, reviewer, outlet), for the claims view."""
    def add_published_checks(self, checks) -> tuple[int, int]:
        """Store published fact-checks (PublishedCheck) in one transaction, by url: ``(added, updated)``."""
    def published_check(self, check_id: int): ...
    def published_checks(self, limit: int = 100, offset: int = 0) -> list: ...
    def published_count(self) -> int: ...
    def similar(self, text: str, *, limit: int = 10, exclude_claim_id: int | None = None, ranker=None) -> list:
        """Claims and published checks most like ``text`` (SimilarHit), best first; "Already checked" (similar_records).
        ``ranker``: what ranks the candidates (``core.matching.rank``'s arguments and answer; that by default)."""
