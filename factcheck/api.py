"""The public Python API: what a newsroom script, the command line and the window do with a library.

Open a library as a named reviewer (``open_library("newsroom.db", reviewer="Ana Ruiz")``), list and
read its articles and claims, mark claims by offsets or by quote, set their fields, add, edit and remove
their sources, and take part in the desk's review: propose verdicts, ask for second opinions, approve,
return, reopen, comment, measure agreement. ``docs/api.md`` is the reference, with examples. The checks
that do not need a library (finding a quote, building the claim for a selection, fitting a verdict to a
rating scale, reading a field's value) are plain functions here, so the window's controllers call the same.

Qt-free and independent of :mod:`factcheck.ui`. Every error's ``str()`` is a message a user can act on:
:class:`ValueError` subclasses for values the library would not take (nothing is written), :class:`KeyError`
for ids it does not hold, and :class:`~factcheck.store.LibraryError` (:class:`~factcheck.store.StaleValue`
among them) for what the library or its file refused.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from factcheck.core.anchors import AnchorError, make_anchor, trim_span
from factcheck.core.articles import Article, ArticleSummary
from factcheck.core.claims import (CLAIM_FIELDS, FIELD_LABELS, SOURCE_FIELDS, Claim, ClaimStatus, InvalidUrl,
                                   Source, Stance, check_source_url)
from factcheck.core.dates import InvalidDate, parse_date
from factcheck.core.rating_scales import RatingScale
from factcheck.core.workflow import ClaimDecision, Comment, Decision, OpinionRequest, Proposal, WorkflowError
from factcheck.store import (Changes, LibraryBusy, LibraryDamaged, LibraryError, LibraryInUse, LibraryTooNew,
                             LibraryOffline, NotALibrary, NotAllowed, StaleValue, Store, is_shared, open_store)
from factcheck.store.library_lock import LibraryLock

__all__ = [
    "open_library", "Library", "Changes", "Article", "ArticleSummary", "Claim", "ClaimStatus", "Source", "Stance",
    "RatingScale", "LibraryError", "StaleValue", "LibraryInUse", "LibraryBusy", "NotALibrary", "LibraryTooNew",
    "LibraryDamaged", "NotAllowed", "LibraryOffline", "Proposal", "OpinionRequest", "ClaimDecision", "Comment", "Agreement",
    "quote_span", "claim_for_selection", "claim_for_quote", "check_verdict", "claim_value", "source_values", "SpanError",
    "OutsideText", "WhiteSpaceOnly", "QuoteNotFound", "AmbiguousQuote", "InvalidValue", "VerdictNotOnScale",
    "NotInLibrary", "WorkflowError"]


def __getattr__(name: str):  # Agreement loads on first use: the window's start does not wait for it
    if name == "Agreement":
        from factcheck.core.agreement import Agreement
        return Agreement
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# ------------------------------------------------------------------ errors


class SpanError(AnchorError):
    """A span or a quote that cannot be marked as a claim; nothing was written."""


class OutsideText(SpanError):
    """Offsets that are not a span of the article's text (negative, reversed, past its end)."""


class WhiteSpaceOnly(SpanError):
    """A span or quote with no words in it: empty, or only white space."""


class QuoteNotFound(SpanError):
    """A quote that is not in the article's text (or not as many times as the occurrence asked for)."""


class AmbiguousQuote(SpanError):
    """A quote found more than once, and no ``occurrence`` to say which; ``starts`` are where it was found."""

    def __init__(self, message: str, starts: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.starts = starts


class InvalidValue(ValueError):
    """A field, or a value for it, that a claim or a source cannot hold; nothing was written."""


class VerdictNotOnScale(InvalidValue):
    """A verdict that is not on the article's rating scale; ``scale`` is that scale."""

    def __init__(self, message: str, scale: RatingScale | None = None) -> None:
        super().__init__(message)
        self.scale = scale


class NotInLibrary(KeyError):
    """An article, claim or source id the library does not hold."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else "not in the library"


# ------------------------------------------------------- pure checks and builders


def describe(article: Article) -> str:
    """How messages name an article: ``article 3 (“Crime fell”)``."""
    title = _shown(article.title, 50)
    return f"article {article.id} ({title})" if article.id is not None else title


def quote_span(text: str, quote: str, occurrence: int | None = None, *, where: str = "the text") -> tuple[int, int]:
    """The code-point span ``(start, end)`` of ``quote`` in ``text``, white space at the quote's ends left out.

    ``occurrence`` (1 for the first, in text order; occurrences may overlap) says which
    one when the quote is found more than once. Raises :class:`WhiteSpaceOnly`,
    :class:`QuoteNotFound` or :class:`AmbiguousQuote`; ``where`` names the text in their
    messages. The quote must match the text exactly: letters, case, punctuation, line breaks.
    """
    wanted = quote.strip()
    if not wanted:
        raise WhiteSpaceOnly("The quote is empty or only white space: give the words of the claim.")
    starts = [m.start() for m in re.finditer(f"(?={re.escape(wanted)})", text)]  # overlapping ones too
    shown = _shown(wanted)
    if not starts:
        raise QuoteNotFound(f"{shown} is not in {where}: a quote must match the text exactly, letter for letter "
                            "(case, quotation marks, dashes and line breaks included).")
    if occurrence is None:
        if len(starts) > 1:
            raise AmbiguousQuote(f"{shown} occurs {len(starts)} times in {where}: say which one with occurrence=1 "
                                 f"to {len(starts)} (in text order), or give its start and end.", tuple(starts))
        occurrence = 1
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or not 1 <= occurrence <= len(starts):
        times = "once" if len(starts) == 1 else f"{len(starts)} times"
        raise QuoteNotFound(f"{shown} occurs {times} in {where}: there is no occurrence {occurrence!r} "
                            f"(give 1{'' if len(starts) == 1 else f' to {len(starts)}'}).")
    start = starts[occurrence - 1]
    return start, start + len(wanted)


def claim_for_selection(article: Article, start: int, end: int, reviewer: str = "") -> Claim:
    """The claim to add for the selection ``article.text[start:end]`` (code points, ``end`` exclusive).

    White space at the selection's ends is left out, as the window does. Raises
    :class:`OutsideText` for offsets that are not a span of the text and
    :class:`WhiteSpaceOnly` for a selection with no words. The claim is not stored.
    """
    text = article.text
    if (any(isinstance(n, bool) or not isinstance(n, int) for n in (start, end))
            or not 0 <= start <= end <= len(text)):
        raise OutsideText(f"Characters {start!r}–{end!r} are not a span of {describe(article)}, whose text has "
                          f"{len(text)} characters: give whole numbers with 0 ≤ start ≤ end ≤ {len(text)} "
                          "(counted in code points, end exclusive).")
    start, end = trim_span(text, start, end)
    if start == end:
        raise WhiteSpaceOnly("Only white space is selected: select the words of the claim.")
    return Claim(anchor=make_anchor(text, start, end), article_id=article.id, reviewer=reviewer)


def claim_for_quote(article: Article, quote: str, occurrence: int | None = None, reviewer: str = "") -> Claim:
    """The claim to add for ``quote`` in ``article`` (see :func:`quote_span`); it is not stored."""
    start, end = quote_span(article.text, quote, occurrence, where=describe(article))
    return claim_for_selection(article, start, end, reviewer)


def check_verdict(scale: RatingScale, verdict: str | None) -> str | None:
    """The verdict as the scale spells it, or None for no verdict (None or blank).

    A label differing only in case or spacing ("mostly accurate") is taken as the
    scale's own; anything else raises :class:`VerdictNotOnScale`, listing the labels.
    """
    if verdict is None or (isinstance(verdict, str) and not verdict.strip()):
        return None
    if not isinstance(verdict, str):
        raise VerdictNotOnScale(f"A verdict is text, not {verdict!r}: choose one of {_labels(scale)}.", scale)
    if scale.verdict(verdict) is not None:
        return verdict
    key = _folded(verdict)
    for candidate in scale.verdicts:
        if _folded(candidate.label) == key:
            return candidate.label
    raise VerdictNotOnScale(f"{_shown(verdict)} is not a verdict on the rating scale “{scale.name}”: choose one of "
                            f"{_labels(scale)}, or None for no verdict.", scale)


def claim_value(field: str, value: Any, scale: RatingScale | None = None):
    """``value`` as claim ``field`` stores it, checked; raises :class:`InvalidValue` (nothing is written).

    ``field`` is one of :data:`~factcheck.core.claims.CLAIM_FIELDS`. A verdict is
    checked against ``scale`` (the article's), which a verdict requires; a status is a
    :class:`ClaimStatus` or its value or label ("in_review", "In review"); a claim date
    is ISO text, a :class:`datetime.date`, or a date in words ("10 July 2017"); None or
    blank clears a verdict or a date. A claimant or reviewer name is trimmed; a rationale
    is kept as written.
    """
    if field not in CLAIM_FIELDS:
        raise InvalidValue(f"{field!r} is not a claim field: the fields are {', '.join(CLAIM_FIELDS)}.")
    if field == "verdict":
        if scale is None:
            raise TypeError("claim_value needs the article's rating scale to check a verdict")
        return check_verdict(scale, value)
    return _claim_field(field, value)


def source_values(values: dict, *, check_links: bool = True) -> dict:
    """Source fields as a source stores them, checked; raises :class:`InvalidValue` (nothing is written).

    Keys are :data:`~factcheck.core.claims.SOURCE_FIELDS`. The link must be http(s)
    (unless ``check_links`` is False: for values read back, which are compared, not
    written); the stance a :class:`Stance` or its value or label; the date as for a
    claim date. Text is trimmed.
    """
    unknown = sorted(set(values) - set(SOURCE_FIELDS))
    if unknown:
        verb = "is not a source field" if len(unknown) == 1 else "are not source fields"
        raise InvalidValue(f"{', '.join(map(repr, unknown))} {verb}: the fields are {', '.join(SOURCE_FIELDS)}.")
    checked = {}
    for field, value in values.items():
        if field == "stance":
            checked[field] = _choice(Stance, value, "stance")
        elif field == "date":
            checked[field] = _date(value, "source date")
        else:
            text = _text(value, f"source {field}").strip()
            if field == "url" and check_links:
                try:
                    text = check_source_url(text)
                except InvalidUrl as error:
                    raise InvalidValue(str(error)) from error
            checked[field] = text
    return checked


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


class Library:
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
            if expected is not ...:  # read as the value is: "misleading" expects the stored "Misleading"
                expected = _claim_field(field, expected)
                if field == "verdict" and expected is not None:
                    try:
                        expected = check_verdict(scale, expected)
                    except VerdictNotOnScale:
                        pass  # not on the scale: compared as given (a verdict from an older scale, say)
            return self._shown(self.store.update_claim(claim_id, field, value, expected=expected))[0]

    def remove_claim(self, claim_id: int) -> Claim:
        """Delete a claim and its sources; returns what was deleted."""
        self._refuse_if_read_only()
        self.claim(claim_id)
        return self._shown(self.store.delete_claim(claim_id))[0]

    # -------------------------------------------------------------- sources

    def add_source(self, claim_id: int, *, url: str = "", title: str = "", publisher: str = "",
                   date: str | datetime.date | None = None, excerpt: str = "",
                   stance: Stance | str = Stance.CONTEXT) -> Source:
        """Attach a source to a claim, after its others; it needs a link or a title (see :func:`source_values`)."""
        self._refuse_if_read_only()
        values = source_values({"url": url, "title": title, "publisher": publisher, "date": date,
                                "excerpt": excerpt, "stance": stance})
        _needs_link_or_title(values)
        self.claim(claim_id)
        return self.store.add_source(claim_id, Source(**values))

    def edit_source(self, source_id: int, *, expected: dict | None = None, **changes) -> Source:
        """Change some fields of a source in one write: ``edit_source(7, title="…", stance="refutes")``; with
        ``expected`` (fields → values read), :class:`~factcheck.store.StaleValue` if one differs."""
        self._refuse_if_read_only()
        changes = source_values(changes)
        expected = source_values(expected, check_links=False) if expected else None
        with self.transaction():
            old = self.source(source_id)
            _needs_link_or_title({"url": changes.get("url", old.url), "title": changes.get("title", old.title)})
            return self.store.update_source(source_id, changes, expected=expected)

    def remove_source(self, source_id: int) -> Source:
        """Remove a source from its claim; returns what was removed."""
        self._refuse_if_read_only()
        self.source(source_id)
        source, _position = self.store.delete_source(source_id)
        return source

    # ---------------------------------------------- review workflow (docs/api.md: "Review workflow")

    def propose(self, claim_id: int, verdict: str | None, rationale: str = "", submit: bool = True) -> Proposal:
        """This reviewer's proposal, replacing theirs; submitted (not a draft), it puts a draft claim in review."""
        with self.transaction():
            claim = self._checked(claim_id, "")
            verdict = check_verdict(self.rating_scale(claim.article_id), verdict)
            if submit and verdict is None:
                raise WorkflowError(f"Give claim {claim.number} a verdict to submit, or save a draft.")
            proposal = self.store.propose(claim_id, verdict, _text(rationale, "rationale"), submit=submit)
            if submit and claim.status == ClaimStatus.DRAFT:
                self.store.update_claim(claim_id, "status", ClaimStatus.IN_REVIEW.value)
            return proposal

    def proposals(self, claim_id: int) -> list[Proposal]:
        """The claim's proposals this reviewer may see: theirs; others' once submitted, unless they owe one."""
        return self.store.proposals(self.claim(claim_id).id)

    def request_second_opinion(self, claim_id: int, reviewers, note: str = "") -> list[OpinionRequest]:
        self._checked(claim_id, "ask for a second opinion", editor=True)
        names = [reviewers] if isinstance(reviewers, str) else list(reviewers)
        return self.store.request_opinions(claim_id, names, _text(note, "note"))

    def approve(self, claim_id: int, note: str, proposal: Proposal | int | None = None, *,
                verdict: str | None = None, rationale: str | None = None) -> ClaimDecision:
        if proposal is not None and (verdict, rationale) != (None, None):
            raise TypeError("approve takes a proposal, or a verdict and rationale of one's own, not both")
        claim = self._checked(claim_id, "approve it", editor=True, blind=True)
        if verdict is not None:
            verdict = check_verdict(self.rating_scale(claim.article_id), verdict) or ""
        return self.store.decide(claim_id, Decision.APPROVE, _text(note, "note"), verdict=verdict,
                                 proposal_id=getattr(proposal, "id", proposal),
                                 rationale=None if rationale is None else _text(rationale, "rationale"))

    def return_claim(self, claim_id: int, note: str) -> ClaimDecision:
        self._checked(claim_id, "return it", editor=True, blind=True)
        return self.store.decide(claim_id, Decision.RETURN, _text(note, "note"))

    def reopen(self, claim_id: int, note: str) -> ClaimDecision:
        self._checked(claim_id, "reopen it", editor=True, blind=True)
        return self.store.decide(claim_id, Decision.REOPEN, _text(note, "note"))

    def comment(self, claim_id: int, text: str) -> Comment:
        self._checked(claim_id, "comment")
        return self.store.add_comment(claim_id, _text(text, "comment"))

    def comments(self, claim_id: int) -> list[Comment]:
        return self.store.comments(self.claim(claim_id).id)

    def waiting(self) -> dict[str, list]:
        """``opinions`` and ``sign_off`` (not before one's own opinion): claims; ``assigned``: article summaries."""
        ids = self.store.waiting()
        ids["sign_off"] = [i for i in ids["sign_off"] if i not in ids["opinions"]]
        claims = {key: [self.claim(i) for i in ids[key]] for key in ("opinions", "sign_off")}
        return {**claims, "assigned": [self.store.article_summary(i) for i in ids["assigned"]]}

    def agreement(self, article_id: int | None = None, *, since: str | datetime.date | None = None,
                  until: str | datetime.date | None = None) -> Agreement | dict[RatingScale, Agreement]:
        """One article's agreement on its scale, else the desk's per scale; ``since``, ``until``: UTC days, included."""
        from factcheck.core.agreement import measure_agreement  # ~11 ms: not at the window's start

        since, until = _date(since, "first day"), _date(until, "last day")
        until = until and (datetime.date.fromisoformat(until) + datetime.timedelta(days=1)).isoformat()
        if article_id is not None:
            return measure_agreement(self.store.ratings(article_id, since, until), self.rating_scale(article_id))
        by_scale: dict[RatingScale, list] = {}
        for summary in sorted(self.store.articles(archived=True), key=lambda a: a.id):  # oldest first
            if ratings := self.store.ratings(summary.id, since, until):
                by_scale.setdefault(self.rating_scale(summary.id), []).extend(ratings)
        return {scale: measure_agreement(ratings, scale) for scale, ratings in by_scale.items()}

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
            raise WorkflowError(f"You were asked for a second opinion on claim {claim.number}: propose your own "
                                f"verdict first, then {what}.")
        return claim

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise LibraryError(f"The library {self.location} was opened read-only: nothing was saved. "
                               "Open it without read_only=True to change it.")


# ------------------------------------------------------------------ private


def _claim_field(field: str, value):
    """A claim field's value in its stored form (a verdict is not checked against a scale here)."""
    if field == "verdict":
        return None if value is None or (isinstance(value, str) and not value.strip()) else value
    if field == "status":
        return _choice(ClaimStatus, value, "claim status").value
    if field == "claim_date":
        return _date(value, FIELD_LABELS[field])
    text = _text(value, FIELD_LABELS[field])
    return text if field == "rationale" else text.strip()


def _choice(kind, value, what: str):
    """A member of the StrEnum ``kind`` from itself, its value or its label (any case)."""
    if isinstance(value, str):
        for member in kind:
            if _folded(value) in (member.value, _folded(member.label)):
                return member
    choices = ", ".join(f"“{member.value}”" for member in kind)
    raise InvalidValue(f"{_shown(str(value))} is not a {what}: choose one of {choices}.")


def _date(value, what: str) -> str | None:
    if value is None or isinstance(value, datetime.date):  # a datetime is a date too: its day
        return None if value is None else datetime.date(value.year, value.month, value.day).isoformat()
    try:
        return parse_date(_text(value, what))
    except InvalidDate as error:
        raise InvalidValue(f"The {what} {error}") from error


def _text(value, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidValue(f"The {what} is text, not {type(value).__name__} {value!r}.")
    return value


def _needs_link_or_title(values: dict) -> None:
    if not values.get("url") and not values.get("title"):
        raise InvalidValue("Give the source a link or a title.")


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _labels(scale: RatingScale) -> str:
    return ", ".join(f"“{v.label}”" for v in scale.verdicts) or "(none: the scale has no verdicts)"


def _shown(text: str, limit: int = 60) -> str:
    """A quote or title for a message: on one line, shortened if long."""
    one_line = " ".join(text.split())
    return f"“{one_line if len(one_line) <= limit else one_line[: limit - 1] + '…'}”"
