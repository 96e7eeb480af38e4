"""Was the selected claim checked before? Looked up off the UI thread: :class:`CheckedBefore`.

When the reviewer selects a claim (marking one selects it), the claim tabs ask for the
claims and published fact-checks like it (``Store.similar``, tens of milliseconds on a big
library, more on a shared one over a slow network). The look-up runs on a thread of its own
with a handle of its own on the library (``window.library.open_another()``: see
:class:`~factcheck.ui.handle_worker.HandleWorker`), after a short pause, so arrowing through
the claims asks only for the one the reviewer stops at, and after the edits under way (a
look-up's reading competes with them for the interpreter; its ranking runs in the scoring
process, :mod:`factcheck.ui.scoring_process`). Each look-up carries a generation
number: one no longer the newest when the worker comes to it is skipped, and an answer that
is not the newest is dropped.

A claim the reviewer owes a blind opinion on is not looked up: nothing is shown for it, so
no one else's verdict on the same words shows either. Loaded at the first selection, never
at the window's start.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal

from factcheck.core.checked_before import CLOSE, LIBRARY, SimilarHit
from factcheck.store import LibraryError, Store
from factcheck.ui.handle_worker import HandleWorker
from factcheck.ui.scoring_process import rank_elsewhere

if TYPE_CHECKING:
    from factcheck.core.claims import Claim

LIMIT = 10
"""Matches listed per claim."""
PAUSE_MS = 120
"""How long a selection must stay before it is looked up (arrowing through claims asks for none between)."""
MAX_WAIT_S = 1.5
"""How long a look-up waits for the window's work under way (edits; a backup, an import may take longer)."""


@dataclass(frozen=True)
class Matches:
    """What was found like one claim, best first, each hit with the colour of its verdict (None: on no scale)."""

    claim_id: int
    hits: tuple[SimilarHit, ...] = ()
    colors: tuple[str | None, ...] = field(default_factory=tuple)
    blind: bool = False
    """The reviewer owes a blind opinion on the claim: nothing was looked up."""

    @property
    def close(self) -> int:
        """How many are close (:data:`~factcheck.core.checked_before.CLOSE`): the tab's count."""
        return sum(hit.score >= CLOSE for hit in self.hits)


class CheckedBefore(HandleWorker):
    """Looks up the selected claim's matches on a worker; :attr:`found` tells the tabs, on the UI thread."""

    thread_name = "factcheck-checked-before"

    found = Signal(object)
    """The newest claim's :class:`Matches`, or None when no claim is selected."""
    failed = Signal(str)
    """The look-up could not be made (the library out of reach); the argument says why."""
    looking = Signal(int)
    """Another claim (its id) is to be looked up: what was shown is not its matches."""
    _answer = Signal(int, object)  # from the worker: a generation and its Matches (or the error)

    def __init__(self, opener: Callable[[], Store], blind: Callable[[], frozenset[int]], parent=None,
                 busy: Callable[[], bool] = lambda: False) -> None:
        """``opener`` makes the worker's handle (called on the worker); ``blind`` the claims owed blind opinions;
        ``busy`` whether the window has edits under way (a look-up waits for them: see :meth:`_ask`)."""
        super().__init__(opener, parent)
        self._blind = blind
        self._busy = busy
        self._deferred: tuple[int, float] | None = None
        """The look-up (its generation) last put off for the window's work, and when it first was."""
        self._generation = 0
        self._awaited: int | None = None
        self.claim: Claim | None = None
        self.matches: Matches | None = None
        """The newest answer, for the claim shown (None until it arrives, or if the last look-up failed)."""
        self.error = ""
        """Why the last look-up of the claim shown failed (empty: it did not)."""
        self._pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._pause.timeout.connect(self._ask)
        self._answer.connect(self._answered)

    # ---------------------------------------------------------------- asking

    def follow(self, claim: Claim | None) -> None:
        """The reviewer selected ``claim`` (or none): look it up once the selection rests."""
        if claim is not None and self.claim is not None and claim.id == self.claim.id:
            self.claim = claim
            if (self.matches is None) or self.matches.blind == (claim.id in self._blind()):
                return  # the same claim again (an edit of one of its fields): its matches stand, or are coming
        self.claim = claim
        self._generation += 1
        self._awaited = None
        self.matches, self.error = None, ""
        if claim is None:
            self._pause.stop()
            self.found.emit(None)
        elif claim.id in self._blind():
            self._pause.stop()
            self.matches = Matches(claim.id, blind=True)
            self.found.emit(self.matches)
        else:
            self.looking.emit(claim.id)
            self._pause.start()

    def refresh(self) -> None:
        """Look the claim up again (the library changed); its matches stay on screen until the new ones come."""
        claim = self.claim
        if claim is None or claim.id in self._blind() or (self.matches is not None and self.matches.blind):
            self.claim = None
            self.follow(claim)
            return
        self._generation += 1
        self._awaited = None
        self._pause.start()

    def idle(self) -> bool:
        """Whether the matches on hand answer the claim selected (no pause running, no answer awaited)."""
        return not self._pause.isActive() and self._awaited is None

    def _ask(self) -> None:
        claim = self.claim
        if claim is None:
            return
        if self._busy():  # an edit under way (a verdict given right after selecting): it goes first, undisturbed
            if self._deferred is None or self._deferred[0] != self._generation:
                self._deferred = (self._generation, time.monotonic())
            if time.monotonic() - self._deferred[1] < MAX_WAIT_S:  # not after a long backup or import
                self._pause.start()
                return
        self.latest = self._awaited = self._generation
        self._submit(self._look_up, self._generation, claim.id, claim.quote)

    def _answered(self, generation: int, answer) -> None:
        if generation != self._generation or self.claim is None:
            return  # another claim was selected meanwhile
        self._awaited = None
        if isinstance(answer, BaseException):  # the matches from before it are no answer either
            self.matches = None
            self.error = (str(answer) if isinstance(answer, LibraryError)
                          else "factcheck met an unexpected error looking for similar claims.")
            self.failed.emit(self.error)
            return
        self.matches, self.error = answer, ""
        self.found.emit(answer)

    # ---------------------------------------------------------------- handle

    def release(self, wait: bool = False) -> None:
        """Close the worker's handle once the look-up under way is done; the next look-up opens another."""
        self._drop_pending()
        super().release(wait)

    def shutdown(self, wait: bool = True) -> None:
        """Close the handle and end the thread, after the look-up under way (the window is going)."""
        self._drop_pending()
        super().shutdown(wait)

    def _drop_pending(self) -> None:
        self._generation += 1
        self._awaited = None
        self._pause.stop()

    # ---------------------------------------------------------------- the worker

    def _look_up(self, generation: int, claim_id: int, text: str) -> None:
        if self._stale(generation):
            return  # the reviewer moved on: a newer look-up is queued behind this one
        answer = self._read(lambda store: _matches(store, claim_id, text), f"looking for claims like {text!r}")
        self._answer.emit(generation, answer)  # offline, locked, a bug: the error, said in the tab


def _matches(store: Store, claim_id: int, text: str) -> Matches:
    hits = store.similar(text, limit=LIMIT, exclude_claim_id=claim_id, ranker=rank_elsewhere)
    return Matches(claim_id, tuple(hits), _colors(store, hits))


def _colors(store: Store, hits: list[SimilarHit]) -> tuple[str | None, ...]:
    """Each hit's verdict colour: on its article's scale (a library claim), else on the first scale that has it.

    None for a verdict no scale of the library has (a published check's "Four Pinocchios" in a
    library without that scale): the tab outlines it instead."""
    if not any(hit.verdict for hit in hits):
        return tuple(None for _ in hits)
    scales = store.scales()
    colors = []
    for hit in hits:
        color = None
        if hit.verdict and hit.source == LIBRARY:
            verdict = store.scale(hit.rating_scale).verdict(hit.verdict)
            color = verdict.color if verdict else None
        if hit.verdict and color is None:
            wanted = hit.verdict.strip().casefold()
            color = next((v.color for scale in scales for v in scale.verdicts if v.label.casefold() == wanted), None)
        colors.append(color)
    return tuple(colors)
