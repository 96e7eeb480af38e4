"""Suggestions scored off the UI thread, and the library's layer retrained there: :class:`SuggestionWorker`.

Scoring an article (:func:`factcheck.operations_suggestions.suggest_text`, the library's layer
on top) and fitting the layer again on the desk's decisions
(:func:`~factcheck.operations_suggestions.retrain_layer`) run on a thread of their own with a
handle of their own on the library (see :class:`~factcheck.ui.handle_worker.HandleWorker`);
the scoring itself, pure computation, in a process of its own, which loads the shipped model
(:mod:`factcheck.ui.scoring_process`), so that it never holds the interpreter's lock against
the UI thread. Each request carries a generation: one
overtaken by a newer request is skipped, and its answer dropped.

What comes back is every sentence above the threshold, with the article's dismissals: the
window leaves out those holding a claim itself, so marking a claim by hand (or its undo)
needs no new scoring.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Signal

from factcheck.store import LibraryError, Store
from factcheck.ui.handle_worker import HandleWorker
from factcheck.ui.scoring_process import suggest_elsewhere

log = logging.getLogger(__name__)


FEEDBACK_READ = 5000
"""The decisions :meth:`~factcheck.store.Store.suggestion_feedback` gives at most (its default), so a layer's most."""


@dataclass(frozen=True)
class Scored:
    """An article's suggestions as scored on the worker: best first, and what the desk dismissed of its text."""

    article_id: int
    revision: int
    text_length: int
    suggestions: tuple = ()
    """:class:`~factcheck.operations_suggestions.Suggestion` items above the threshold, best first."""
    dismissed: dict[tuple[int, int], str] = field(default_factory=dict)


class SuggestionWorker(HandleWorker):
    """Scores the open article and retrains the library's layer on a worker; answers on the UI thread."""

    thread_name = "factcheck-suggestions"

    scored = Signal(object)
    """The newest request's :class:`Scored`."""
    failed = Signal(str)
    """The newest request could not be answered (why, for the list's empty state); the details are logged."""
    retrained = Signal(bool)
    """The layer was fitted again (True) or there were too few decisions to fit one (False)."""
    _answer = Signal(int, object)
    _retrain_answer = Signal(object)
    _layer_checked = Signal(int)

    def __init__(self, opener: Callable[[], Store], parent=None) -> None:
        super().__init__(opener, parent)
        self._generation = 0
        self.awaited: int | None = None
        """The generation of the request not yet answered (None: the list shows the newest answer)."""
        self.retraining = False
        self._checking: int | None = None
        """The generation whose check of the layer's age is queued or running (idle only once it has run)."""
        self._closing = False
        """Set by :meth:`shutdown`: a fit under way stops (the window does not wait for it)."""
        self._answer.connect(self._answered)
        self._retrain_answer.connect(self._retrained)
        self._layer_checked.connect(self._checked)

    def score(self, article_id: int, *, check_layer: bool = False) -> None:
        """Score the article (as stored); ``check_layer``: then retrain the layer if the desk decided more since."""
        self._generation += 1
        self.latest = self.awaited = self._generation
        self._checking = self._generation if check_layer else None
        self._submit(self._score, self._generation, article_id, check_layer)

    def retrain(self) -> None:
        """Fit the library's layer again on the desk's decisions (the list is scored again after, if it changed)."""
        if not self.retraining:
            self.retraining = True
            self._submit(self._retrain)

    def forget(self) -> None:
        """Drop what was asked (suggestions turned off, or the article closed): no answer comes."""
        self._generation += 1
        self.latest = self._generation
        self.awaited = self._checking = None

    def idle(self) -> bool:
        return self.awaited is None and not self.retraining and self._checking is None

    def release(self, wait: bool = False) -> None:
        """Close the handle (a restore replaces the file): what is queued or would follow is stale, opens nothing."""
        self._generation += 1
        self.latest = self._generation
        self.awaited = self._checking = None
        super().release(wait)

    def shutdown(self, wait: bool = True) -> None:
        self._closing = True  # read on the worker: a fit under way stops at its next check
        super().shutdown(wait)
        self._closing = False  # a later request starts a new thread
        self.awaited = self._checking = None  # what was queued is stale now: no answer comes for it

    def _cancelled(self) -> bool:
        return self._closing

    def _answered(self, generation: int, answer) -> None:
        if generation != self._generation:
            return
        self.awaited = None
        if isinstance(answer, BaseException):
            self.failed.emit(str(answer) if isinstance(answer, LibraryError)
                             else "factcheck met an unexpected error scoring the article's sentences.")
        else:
            self.scored.emit(answer)

    def _checked(self, generation: int) -> None:
        if generation == self._checking:
            self._checking = None

    def _retrained(self, answer) -> None:
        self.retraining = False
        if isinstance(answer, BaseException):  # logged on the worker; the suggestions stay as they were
            return
        self.retrained.emit(bool(answer))

    # ------------------------------------------------------------- the worker

    def _score(self, generation: int, article_id: int, check_layer: bool) -> None:
        if self._stale(generation):
            return
        answer = self._read(lambda store: score_article(store, article_id), f"scoring article {article_id}")
        self._answer.emit(generation, answer)
        if not check_layer:
            return
        if isinstance(answer, BaseException) or self._cancelled():
            self._layer_checked.emit(generation)
            return
        try:
            self._submit(self._refit_if_stale, generation, article_id)  # a task of its own: skipped once stale
        except RuntimeError:  # the thread is being shut down meanwhile: no refit
            log.debug("the window is closing: the suggestion layer's age is not checked")
            self._layer_checked.emit(generation)

    def _refit_if_stale(self, generation: int, article_id: int) -> None:
        try:
            self._refit_if_stale_now(generation, article_id)
        finally:
            self._layer_checked.emit(generation)

    def _refit_if_stale_now(self, generation: int, article_id: int) -> None:
        if self._stale(generation) or self._cancelled():
            return
        if self._read(layer_is_stale, "reading the suggestion layer's age") is True:
            if self._fit() is True and not self._stale(generation):
                self._score(generation, article_id, False)

    def _retrain(self) -> None:
        self._retrain_answer.emit(self._fit())

    def _fit(self):
        """Retrain the layer: True if fitted and kept, False if too few decisions, or the exception (logged)."""
        from factcheck import operations_suggestions

        answer = self._read(lambda store: operations_suggestions.retrain_layer(store, cancelled=self._cancelled)
                            is not None,
                            "retraining the suggestion layer")
        if isinstance(answer, LibraryError):  # any other exception was logged with its traceback
            log.warning("the suggestion layer was not retrained: %s", answer)
        return answer


def score_article(store: Store, article_id: int) -> Scored:
    """The article's sentences above the threshold, with the library's layer and claimants, and its dismissals.

    The library is read here; the scoring itself runs in the scoring process (:mod:`factcheck.ui.scoring_process`).
    """
    from factcheck.operations_suggestions import LAYER_KEY

    article = store.article(article_id)
    suggestions = suggest_elsewhere(article.text, store.get_property(LAYER_KEY), store.claimants())
    return Scored(article.id, article.revision, len(article.text), tuple(suggestions),
                  dict(store.dismissed_suggestions(article_id)))


def layer_is_stale(store: Store) -> bool:
    """Whether the desk's decisions differ in number from those the library's layer learnt from.

    With no layer yet, whether there are enough decisions to fit one: enough in all, and enough of each
    kind (a desk that marks claims but never dismisses a suggestion has nothing to learn from yet, and
    is not read again at every article it opens).
    """
    from factcheck import operations_suggestions as ops

    # counted by the engine, not read; a layer learns from the newest FEEDBACK_READ at most
    marked, dismissed = store.suggestion_decisions()
    decisions = min(marked + dismissed, FEEDBACK_READ)
    enough = decisions >= ops.MIN_FEEDBACK and min(marked, dismissed) >= ops.MIN_EACH
    saved = store.get_property(ops.LAYER_KEY)
    if not saved:
        return enough
    from factcheck.core.checkworthy_feedback import FeedbackLayer

    try:
        learnt = FeedbackLayer.from_json(saved).examples
    except (ValueError, KeyError, TypeError, AttributeError):  # a layer of another version: fit a new one
        return enough
    return enough and decisions != learnt  # too few of one kind (an undone dismissal): no fit would succeed
