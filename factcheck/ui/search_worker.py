"""The library search's worker: ``Store.search`` on a thread of its own, with a handle of its own.

The search window asks for a query each time the reviewer pauses typing. A search reads
the library (tens of milliseconds on a big one, longer on a shared library over a slow
network), so it runs here, never on the UI thread. The worker's handle on the library is
opened by ``opener`` on the worker's thread at the first search (a connection belongs to
the thread that opened it) and reused for every search after; :meth:`SearchWorker.release`
closes it (the window closed, or the library is about to close), and the next search
opens another.

Each request carries a generation number. Only the newest one is worth an answer: a
request that is no longer the newest when the worker comes to it is skipped, and the
window drops any answer whose generation is not its current one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from factcheck.store import LibraryError, Store

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)


class SearchWorker(QObject):
    answered = Signal(int, object)
    """A search's generation and its :class:`~factcheck.core.search_query.SearchResults` (queued to the UI thread)."""
    failed = Signal(int, object)
    """A search's generation and the exception it raised (a :class:`LibraryError`: the library is unreachable)."""

    def __init__(self, opener: Callable[[], Store], parent=None) -> None:
        """``opener`` makes the worker's handle on the library; it is called on the worker's thread."""
        super().__init__(parent)
        self._opener = opener
        self._store: Store | None = None  # the worker's own: touched on the worker's thread only
        self._executor: ThreadPoolExecutor | None = None
        self.latest = 0
        """The newest generation asked for: the worker skips any older request still queued."""

    def search(self, generation: int, text: str, *, limit: int = 50, per_article: int = 5) -> None:
        """Search for ``text`` on the worker; :attr:`answered` or :attr:`failed` follows, with ``generation``."""
        self.latest = generation
        self._submit(self._search, generation, text, limit, per_article)

    def release(self, wait: bool = False) -> None:
        """Close the worker's handle once the search under way (if any) is done; ``wait``: block until then."""
        if self._executor is None:
            return  # no search yet: no handle
        closed = self._executor.submit(self._close_store)
        if wait:
            closed.result()

    def shutdown(self) -> None:
        """Close the handle and end the thread, waiting for the search under way (the window is going)."""
        self.latest += 1  # whatever is still queued is stale now
        if self._executor is not None:
            self._executor.submit(self._close_store)
            self._executor.shutdown(wait=True)
            self._executor = None

    def _submit(self, call: Callable, *args) -> None:
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor  # with the first search, not the window

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factcheck-search")
        self._executor.submit(call, *args)

    # ------------------------------------------------------------- the worker

    def _search(self, generation: int, text: str, limit: int, per_article: int) -> None:
        if generation != self.latest:
            return  # the reviewer typed on: a newer request is queued behind this one
        try:
            if self._store is None:
                self._store = self._opener()
            results = self._store.search(text, limit=limit, per_article=per_article)
        except LibraryError as error:  # offline, locked, damaged: said in the window; the next search reconnects
            self._close_store()
            self.failed.emit(generation, error)
        except Exception as error:  # noqa: BLE001 — a bug: logged with its traceback, and said in the window
            log.error("the library search failed on %r", text, exc_info=error)
            self._close_store()
            self.failed.emit(generation, error)
        else:
            self.answered.emit(generation, results)

    def _close_store(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            try:
                store.close()
            except Exception:  # noqa: BLE001 — closing must not stop the next search opening a new handle
                log.exception("could not close the search's handle on the library")
