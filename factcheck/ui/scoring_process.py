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
process (or on its own, within a second, when that one is killed). One that died (killed,
out of memory) is replaced at the next request, which is tried once more on the new one.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.operations_suggestions import Suggestion

log = logging.getLogger(__name__)

PARENT_CHECK_S = 0.5
"""How often the scoring process looks whether the window's process is still there."""

_pool: ProcessPoolExecutor | None = None
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
    blocks the calling thread, never the interpreter, until it returns."""
    for attempt in (1, 2):
        pool = _the_pool()
        try:
            return pool.submit(function, *args).result()
        except BrokenProcessPool:
            with _lock:
                global _pool
                if _pool is pool:
                    _pool = None
            if attempt == 2:
                raise
            log.warning("the scoring process stopped; a new one is started")
    raise AssertionError("unreachable")


def _the_pool() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            import multiprocessing

            _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_watch_parent, initargs=(os.getpid(),))
        return _pool


def _watch_parent(parent: int) -> None:
    """In the scoring process: end it once the window's process is gone (killed, crashed), within a second.

    A pool's process waits for requests on a pipe that a killed parent leaves open behind it, so it
    would outlive the window; when its parent dies, a process is handed to another (init, or a
    session's keeper), which is how the loss is seen.
    """
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="factcheck-parent-watch", daemon=True).start()
