"""The window's heavy computations made in a process of their own, so that they never slow its edits.

Scoring an article's sentences and finding who said them is pure Python computation: some
half a second for a 50,000-word article. On a thread of the window's process it held the
interpreter's lock against the UI thread for all that time (every Qt call the UI thread
makes gives the lock up, and waits to have it back): opening such an article took 0.8 s
instead of 0.1 s, and marking a claim meanwhile 250 ms (bench/large_article.py). Ranking a
Checked Before look-up's candidates (some 15 ms of its 20) did the same to the edits made
just after a claim is selected. Here the workers' threads hand the text (and the library's
layer and claimants, or the candidates read) to one process started for the purpose
(Python's ``spawn``: a fresh interpreter, never a fork of Qt's threads), loaded once with
the model, and wait for the answer without the lock. The library itself is read by the
workers, on their own handles, as before.

The process is made at the first request, shared by every window, and ends with the window's
process (at once, even when that one is killed: :mod:`factcheck.scoring_child`, which keeps Qt out
of it). One that died (killed, out of memory) is replaced, and the request tried once more on the
new one; if none can be had, the work is done on the worker's thread, as before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.operations_suggestions import Suggestion

log = logging.getLogger(__name__)

ANSWER_CHECK_S = 1.0
"""While waiting for an answer, how often the pool is looked at (one that broke leaves some requests unanswered)."""

_pool: ProcessPoolExecutor | None = None
_unavailable = False
"""No scoring process could be started: the work is done in the window's process from then on."""
_lock = threading.Lock()


def suggest_elsewhere(text: str, layer: str | None, claimants: Sequence[str]) -> list[Suggestion]:
    """:func:`~factcheck.operations_suggestions.suggest_with_layer`, computed in the scoring process."""
    from factcheck.operations_suggestions import suggest_with_layer

    return run_elsewhere(suggest_with_layer, text, layer, tuple(claimants))


def rank_elsewhere(text: str, candidates, collection, limit: int) -> list:
    """:func:`factcheck.core.matching.rank` (a Checked Before look-up's ranking), computed in the scoring process."""
    from factcheck.core.matching import rank

    return run_elsewhere(rank, text, list(candidates), collection, limit)


def run_elsewhere(function: Callable[..., Any], *args) -> Any:
    """``function(*args)`` in the scoring process (a module-level function, and arguments it can be sent);
    blocks the calling thread, never the interpreter, until it returns.

    A process that died is replaced and the request tried once more on the new one. When no process
    can be had (it cannot start, or dies again), the request is computed here, on the calling
    thread, as it was before there was a scoring process: slower for the window, never missing.
    """
    for attempt in (1, 2):
        pool = _the_pool()
        if pool is None:
            break
        try:
            future = pool.submit(function, *args)  # starts the process, the first time
        except BrokenProcessPool:
            future = None
        except Exception as error:  # noqa: BLE001 — it could not be started (an OSError, say): never again
            log.warning("no scoring process (%s): its work is done in the window's process", error)
            _drop(pool, unavailable=True)
            break
        try:
            if future is not None:
                return _answer(pool, future)  # what the function raised, it raises here
        except BrokenProcessPool:
            pass
        _drop(pool)
        log.warning("the scoring process stopped; %s", "a new one is started" if attempt == 1 else
                    "its work is done in the window's process")
    return function(*args)


def _answer(pool: ProcessPoolExecutor, future: Future) -> Any:
    """The future's result; BrokenProcessPool if the pool broke meanwhile and left it unanswered (a submit
    racing a dying process can leave a future no one will ever answer)."""
    while True:
        try:
            return future.result(timeout=ANSWER_CHECK_S)
        except TimeoutError:
            if getattr(pool, "_broken", False):
                future.cancel()
                raise BrokenProcessPool("the scoring process stopped") from None


def _the_pool() -> ProcessPoolExecutor | None:
    global _pool
    with _lock:
        if _pool is None and not _unavailable:
            import multiprocessing

            from factcheck import scoring_child

            _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=scoring_child.start)
        return _pool


def _drop(pool: ProcessPoolExecutor, *, unavailable: bool = False) -> None:
    """Forget ``pool`` (the next request makes another, unless ``unavailable``), cancelling what it still holds."""
    global _pool, _unavailable
    with _lock:
        if _pool is pool:
            _pool = None
        if unavailable:
            _unavailable = True
    pool.shutdown(wait=False, cancel_futures=True)
