"""The public Python API: what a newsroom script, the command line and the window do with a library.

Open a library as a named reviewer (``open_library("newsroom.db", reviewer="Ana Ruiz")``), list and
read its articles and claims, mark claims by offsets or by quote, set their fields, add, edit and remove
their sources, and take part in the desk's review: propose verdicts, ask for second opinions, approve,
return, reopen, comment, measure agreement. ``docs/api.md`` is the reference, with examples. The checks
that do not need a library (finding a quote, building the claim for a selection, fitting a verdict to a
rating scale, reading a field's value) are plain functions here, so the window's controllers call the same.
They live in :mod:`factcheck.api_checks`, the review calls in :mod:`factcheck.api_review`; this module is the
one to import.

Qt-free and independent of :mod:`factcheck.ui`. Every error's ``str()`` is a message a user can act on:
:class:`ValueError` subclasses for values the library would not take (nothing is written), :class:`KeyError`
for ids it does not hold, and :class:`~factcheck.store.LibraryError` (:class:`~factcheck.store.StaleValue`
among them) for what the library or its file refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from factcheck.api_checks import (AmbiguousQuote, InvalidValue, NotInLibrary, OutsideText, QuoteNotFound, SpanError,
                                  VerdictNotOnScale, WhiteSpaceOnly, check_verdict, claim_for_quote,
                                  claim_for_selection, claim_value, needs_link_or_title, quote_span, source_values,
                                  stored_claim_field)
from factcheck.api_review import ReviewCalls
from factcheck.api_revisions import RevisionCalls
from factcheck.api_search import SearchCalls
from factcheck.core.articles import Article, ArticleSummary
from factcheck.core.claims import Claim, ClaimStatus, Source, Stance
from factcheck.core.rating_scales import RatingScale
from factcheck.store import (Changes, LibraryBusy, LibraryDamaged, LibraryError, LibraryInUse, LibraryTooNew,
                             LibraryOffline, NotALibrary, NotAllowed, StaleValue, Store, is_shared, open_store)
from factcheck.store.library_lock import LibraryLock

__all__ = [
    "open_library", "Library", "Changes", "Article", "ArticleSummary", "Claim", "ClaimStatus", "Source", "Stance",
    "RatingScale", "LibraryError", "StaleValue", "LibraryInUse", "LibraryBusy", "NotALibrary", "LibraryTooNew",
    "LibraryDamaged", "NotAllowed", "LibraryOffline", "Proposal", "OpinionRequest", "ClaimDecision", "Comment", "Agreement",
    "quote_span", "claim_for_selection", "claim_for_quote", "check_verdict", "claim_value", "source_values", "SpanError",
    "OutsideText", "WhiteSpaceOnly", "QuoteNotFound", "AmbiguousQuote", "InvalidValue", "VerdictNotOnScale",
    "NotInLibrary", "WorkflowError", "SearchResults", "ClaimRow", "PublishedCheck", "SimilarHit"]


_LATER = {"Agreement": "factcheck.core.agreement", "Proposal": "factcheck.core.workflow",
          "OpinionRequest": "factcheck.core.workflow", "ClaimDecision": "factcheck.core.workflow",
          "Comment": "factcheck.core.workflow", "WorkflowError": "factcheck.core.workflow",
          "SearchResults": "factcheck.core.search_query", "ClaimRow": "factcheck.core.search_query",
          "PublishedCheck": "factcheck.core.published", "SimilarHit": "factcheck.core.checked_before"}


def __getattr__(name: str):  # these load on first use: the window's start does not wait for them
    if name in _LATER:
        import importlib

        return getattr(importlib.import_module(_LATER[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# ------------------------------------------------------------------ the library


def open_library(path: str | Path, reviewer: str = "", *, read_only: bool = False, create: bool = False,
                 lock: bool = True) -> Library:
    """Open the library at ``path`` as ``reviewer``, whose name goes into the history and new claims.

    Use it as a context manager, or call :meth:`Library.close`. ``read_only`` refuses every write. A
    missing file is refused unless ``create`` makes a new library there.

    One factcheck program at a time opens a library file: this takes the library's lock (waiting a few
    seconds for a factcheck command that holds it) and raises :class:`~factcheck.store.LibraryInUse` while
    a factcheck window has it open. ``lock=False`` is for factcheck's own command line, which holds the lock.

    ``path`` may also be a shared library's address (``postgresql://LOGIN@HOST:PORT/DBNAME``, with libpq's
    conventions for the password and TLS). The reviewer there is the login; a whole desk opens it at once,
    so there is no lock, and ``create`` means nothing (its owner makes it with ``factcheck --db URL server init``).
    """
    if is_shared(path):
        return Library(open_store(path, user=(reviewer or "").strip(), read_only=read_only), read_only=read_only)
    path = Path(path).expanduser()
    if not create and not path.exists():
        raise LibraryError(f"There is no library at {path}: check the path for a typo, or pass create=True "
                           "to make a new library there.")
    held = _hold(path) if lock else None
    try:
        store = open_store(path, user=(reviewer or "").strip(), read_only=read_only)
    except BaseException:
        if held is not None:
            held.release()
        raise
    return Library(store, read_only=read_only, lock=held)


def _hold(path: Path) -> LibraryLock:
    from factcheck.store.damage import refuse_foreign_file
    from factcheck.store.library_lock import hold_for_command

    refuse_foreign_file(path)  # before a lock file is left beside someone's document
    held = hold_for_command(path, "script")
    if held is None:
        raise LibraryInUse(f"The library {path} is open in a factcheck window: close the window, then run the "
                           "script again (one factcheck program at a time opens a library).")
    return held


class Library(ReviewCalls, RevisionCalls, SearchCalls):
    """An open library, as a reviewer: read articles and claims, mark claims, set verdicts, manage sources.

    Belongs to the thread that opened it (:meth:`open_another` gives a worker its own). Every write is one
    transaction, committed before it returns; :meth:`transaction` groups several into one. Writes raise
    :class:`InvalidValue`, :class:`SpanError` or :class:`WorkflowError` (ValueErrors) before writing
    anything, :class:`NotInLibrary` (a KeyError) for an unknown id, and :class:`~factcheck.store.LibraryError`
    when the library refuses (:class:`~factcheck.store.StaleValue` when an ``expected`` value differs).
    """

    def __init__(self, store: Store, *, read_only: bool | None = None, lock: LibraryLock | None = None) -> None:
        self.store = store
        """The :class:`~factcheck.store.Store` underneath, for what this API does not cover (imports, exports)."""
        self.read_only = bool(getattr(store, "read_only", False)) if read_only is None else read_only
        self._lock = lock
        self._closed = False

    # ------------------------------------------------------------ life

    @property
    def reviewer(self) -> str:
        return self.store.user

    @property
    def location(self) -> str:
        return self.store.location

    @property
    def recovery_report(self):
        """What the checks found when the previous session did not close the library, else None."""
        return self.store.recovery_report

    def close(self) -> None:
        """Close the library and let other factcheck programs open it; closing twice does nothing."""
        if self._closed:
            return
        self._closed = True
        try:
            self.store.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<factcheck Library {self.location} reviewer={self.reviewer!r}>"

    def open_another(self) -> Library:
        """A second handle on the same library, for another thread; close it before this one."""
        return Library(self.store.open_another(), read_only=self.read_only)

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes into one transaction: all of them are committed, or none (if an error leaves the block)."""
        return self.store.transaction()

    def subscribe(self, callback: Callable[[Changes], Any]) -> Callable[[], None]:
        """Call ``callback(changes)`` on the writing thread after each commit through this handle (once for a
        whole :meth:`transaction`, never for a refused or rolled-back write); returns an unsubscribe."""
        return self.store.subscribe(callback)

    def listen(self):  # docs/api.md: "A shared library"
        """A feed of colleagues' commits (``wait(timeout) -> Changes``, ``by``, ``reconnect()``); None on a file."""
        return self.store.listen()

    # -------------------------------------------------------------- reading

    def articles(self, *, archived: bool = False) -> list[ArticleSummary]:
        """Summaries of the articles (id, title, outlet, claim and verdict counts); archived ones too if asked."""
        return self.store.articles(archived=archived)

    def article(self, article_id: int) -> Article:
        return self._get(self.store.article, "article", article_id)

    def claims(self, article_id: int) -> list[Claim]:
        """The article's claims in text order, each with its sources."""
        self.article(article_id)  # an unknown article is an error, not "no claims"
        return self._shown(*self.store.claims(article_id))

    def claim(self, claim_id: int) -> Claim:
        return self._shown(self._get(self.store.claim, "claim", claim_id))[0]

    def source(self, source_id: int) -> Source:
        return self._get(self.store.source, "source", source_id)

    def rating_scale(self, article_id: int) -> RatingScale:
        """The rating scale the article's verdicts are given on."""
        return self.store.scale(self.article(article_id).rating_scale)

    # --------------------------------------------------------------- claims

    def mark_claim(self, article_id: int, *, start: int | None = None, end: int | None = None,
                   quote: str | None = None, occurrence: int | None = None) -> Claim:
        """Mark a claim by code-point offsets (``start``, ``end``) or by ``quote`` (refusals: :func:`quote_span`,
        :func:`claim_for_selection`); returns it stored, a draft with no verdict, its reviewer the library's."""
        if (quote is None) == (start is None and end is None):
            raise TypeError("mark_claim takes start and end, or a quote, not both")
        if quote is None and (start is None or end is None or occurrence is not None):
            raise TypeError("mark_claim needs both start and end (occurrence goes with a quote)")
        self._refuse_if_read_only()
        with self.transaction():
            article = self.article(article_id)
            if quote is not None:
                claim = claim_for_quote(article, quote, occurrence, self.reviewer)
            else:
                claim = claim_for_selection(article, start, end, self.reviewer)
            return self.store.add_claim(claim)

    def set_claim_field(self, claim_id: int, field: str, value, *, expected=...) -> Claim:
        """Set one field of a claim (see :func:`claim_value`); returns the claim as stored. With ``expected``,
        only if it still holds that value: else :class:`~factcheck.store.StaleValue`, and nothing is written."""
        with self.transaction():
            claim = self._checked(claim_id, f"set its {field}", blind=field in ("verdict", "rationale"))
            scale = self.store.scale(self.store.article(claim.article_id).rating_scale) if field == "verdict" else None
            value = claim_value(field, value, scale)
            _changeable(claim, f"set its {field.replace('_', ' ')}", status=value if field == "status" else None)
            if expected is not ...:  # read as the value is: "misleading" expects the stored "Misleading"
                expected = stored_claim_field(field, expected)
                if field == "verdict" and expected is not None:
                    try:
                        expected = check_verdict(scale, expected)
                    except VerdictNotOnScale:
                        pass  # not on the scale: compared as given (a verdict from an older scale, say)
            return self._shown(self.store.update_claim(claim_id, field, value, expected=expected))[0]

    def remove_claim(self, claim_id: int) -> Claim:
        """Delete a claim and its sources; returns what was deleted."""
        self._refuse_if_read_only()
        _changeable(self.claim(claim_id), "delete it")
        return self._shown(self.store.delete_claim(claim_id))[0]

    # -------------------------------------------------------------- sources

    def add_source(self, claim_id: int, *, url: str = "", title: str = "", publisher: str = "",
                   date: str | datetime.date | None = None, excerpt: str = "",
                   stance: Stance | str = Stance.CONTEXT) -> Source:
        """Attach a source to a claim, after its others; it needs a link or a title (see :func:`source_values`)."""
        self._refuse_if_read_only()
        values = source_values({"url": url, "title": title, "publisher": publisher, "date": date,
                                "excerpt": excerpt, "stance": stance})
        needs_link_or_title(values)
        _changeable(self.claim(claim_id), "add a source")
        return self.store.add_source(claim_id, Source(**values))

    def edit_source(self, source_id: int, *, expected: dict | None = None, **changes) -> Source:
        """Change some fields of a source in one write: ``edit_source(7, title="…", stance="refutes")``; with
        ``expected`` (fields → values read), :class:`~factcheck.store.StaleValue` if one differs."""
        self._refuse_if_read_only()
        changes = source_values(changes)
        expected = source_values(expected, check_links=False) if expected else None
        with self.transaction():
            old = self.source(source_id)
            _changeable(self.claim(old.claim_id), "edit a source")
            needs_link_or_title({"url": changes.get("url", old.url), "title": changes.get("title", old.title)})
            return self.store.update_source(source_id, changes, expected=expected)

    def remove_source(self, source_id: int) -> Source:
        """Remove a source from its claim; returns what was removed."""
        self._refuse_if_read_only()
        _changeable(self.claim(self.source(source_id).claim_id), "remove a source")
        source, _position = self.store.delete_source(source_id)
        return source

    # ------------------------------------------------------------- helpers

    def _get(self, read, what: str, item_id: int):
        try:
            return read(item_id)
        except KeyError:
            raise NotInLibrary(f"There is no {what} {item_id!r} in the library {self.location}.") from None

    def _shown(self, *claims: Claim) -> list[Claim]:
        """The claims as this reviewer may see them: no verdict or rationale on those they owe a second opinion on."""
        blind = self.store.blind_claims()
        return [c.with_(verdict=None, rationale="") if c.id in blind else c for c in claims]

    def _checked(self, claim_id: int, what: str, *, editor: bool = False, blind: bool = False) -> Claim:
        """The claim, for a write; refused read-only, to a reporter if ``editor``, if ``blind`` to one owing it."""
        self._refuse_if_read_only()
        claim = self.claim(claim_id)
        if editor and self.store.role != "editor":
            raise NotAllowed(f"Only an editor can {what} on {self.location}: {self.reviewer} is a reporter, who "
                             "proposes verdicts.")
        if blind and claim_id in self.store.blind_claims():
            from factcheck.core.workflow import WorkflowError

            raise WorkflowError(f"You were asked for a second opinion on claim {claim.number}: propose your own "
                                f"verdict first, then {what}.")
        return claim

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise LibraryError(f"The library {self.location} was opened read-only: nothing was saved. "
                               "Open it without read_only=True to change it.")


def _changeable(claim: Claim, what: str, *, status=None) -> None:
    """An approved claim changes only through a decision (see :func:`factcheck.core.workflow.check_changeable`)."""
    from factcheck.core.workflow import check_changeable

    check_changeable(claim, what, status=status)
