"""Reads off the UI thread on a handle of their own: :class:`HandleWorker`, the base of the look-up workers.

The library search (:mod:`factcheck.ui.search_worker`) and the Checked Before look-ups
(:mod:`factcheck.ui.checked_before_worker`) each read the library on one thread of their
own, made at the first request (not with the window). Their handle on the library is
opened by ``opener`` on that thread at the first request (a connection belongs to the
thread that opened it) and reused after; :meth:`HandleWorker.release` closes it, and the
next request opens another. A failure of the library (offline, locked) closes it too, so
the next request reconnects.

Each request carries a generation number: one that is no longer the newest
(:attr:`HandleWorker.latest`) when the thread comes to it is skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from factcheck.store import LibraryError, Store

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)


class HandleWorker(QObject):
    thread_name = "factcheck-reader"
    """The worker thread's name (in tracebacks and a debugger)."""

    def __init__(self, opener: Callable[[], Store], parent=None) -> None:
        """``opener`` makes the worker's handle on the library; it is called on the worker's thread."""
        super().__init__(parent)
        self._opener = opener
        self._store: Store | None = None  # the worker's own: touched on the worker's thread only
        self._executor: ThreadPoolExecutor | None = None
        self.latest = 0
        """The newest generation asked for: the worker skips any older request still queued."""

    def release(self, wait: bool = False) -> None:
        """Close the worker's handle once the request under way (if any) is done; ``wait``: block until then."""
        if self._executor is None:
            return  # no request yet: no handle
        closed = self._executor.submit(self._close_store)
        if wait:
            closed.result()

    def set_user(self, name: str) -> None:
        """The reviewer was renamed: the requests from the next on read as ``name`` (whose claims are blind)."""
        if self._executor is not None:  # else no handle yet: the first opens under the new name
            self._executor.submit(self._rename, name)

    def shutdown(self, wait: bool = True) -> None:
        """Close the handle and end the thread (the window is going); ``wait`` for the request under way."""
        self.latest += 1  # whatever is still queued is stale now
        if self._executor is not None:
            self._executor.submit(self._close_store)
            self._executor.shutdown(wait=wait)
            self._executor = None

    def _submit(self, call: Callable, *args) -> Future:
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor  # with the first request, not the window

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.thread_name)
        return self._executor.submit(call, *args)

    # ------------------------------------------------------------- the worker

    def _stale(self, generation: int) -> bool:
        """Whether a newer request was made since (it is queued behind this one)."""
        return generation != self.latest

    def _read(self, read: Callable[[Store], Any], what: str) -> Any:
        """``read(store)`` on the worker's handle (opened first if need be), or the exception it raised.

        A :class:`LibraryError` (offline, locked, damaged) is for the caller to say; any other
        exception is a bug, logged with its traceback. Either way the handle is closed: the
        next request reconnects.
        """
        try:
            if self._store is None:
                self._store = self._opener()
            return read(self._store)
        except LibraryError as error:
            self._close_store()
            return error
        except Exception as error:  # noqa: BLE001 — a bug: logged with its traceback, and said by the caller
            log.error("%s failed", what, exc_info=error)
            self._close_store()
            return error

    def _rename(self, name: str) -> None:
        if self._store is not None:
            self._store.user = name

    def _close_store(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            try:
                store.close()
            except Exception:  # noqa: BLE001 — closing must not stop the next request opening a new handle
                log.exception("could not close a worker's handle on the library")
