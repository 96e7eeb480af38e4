"""The library search's worker: ``Store.search`` on a thread of its own, with a handle of its own.

The search window asks for a query each time the reviewer pauses typing. A search reads
the library (tens of milliseconds on a big one, longer on a shared library over a slow
network), so it runs here, never on the UI thread, on a handle of its own opened at the
first search (see :class:`~factcheck.ui.handle_worker.HandleWorker`: :meth:`release`
closes it when the window closes or the library is about to, and the next search opens
another). A restore waits for the search under way, so that the handle is closed before the
file is replaced; the main window closing does not (``shutdown(wait=False)``): the handle
closes as that search returns.

Each request carries a generation number. Only the newest one is worth an answer: a
request that is no longer the newest when the worker comes to it is skipped, and the
window drops any answer whose generation is not its current one.
"""

from __future__ import annotations

from PySide6.QtCore import Signal

from factcheck.ui.handle_worker import HandleWorker


class SearchWorker(HandleWorker):
    answered = Signal(int, object)
    """A search's generation and its :class:`~factcheck.core.search_query.SearchResults` (queued to the UI thread)."""
    failed = Signal(int, object)
    """A search's generation and the exception it raised (a :class:`LibraryError`: the library is unreachable)."""

    thread_name = "factcheck-search"

    def search(self, generation: int, text: str, *, limit: int = 50, per_article: int = 5) -> None:
        """Search for ``text`` on the worker; :attr:`answered` or :attr:`failed` follows, with ``generation``."""
        self.latest = generation
        self._submit(self._search, generation, text, limit, per_article)

    # ------------------------------------------------------------- the worker

    def _search(self, generation: int, text: str, limit: int, per_article: int) -> None:
        if self._stale(generation):
            return  # the reviewer typed on: a newer request is queued behind this one
        results = self._read(lambda store: store.search(text, limit=limit, per_article=per_article),
                             f"the library search on {text!r}")
        if isinstance(results, BaseException):  # offline, locked, damaged, a bug: said in the window
            self.failed.emit(generation, results)
        else:
            self.answered.emit(generation, results)
