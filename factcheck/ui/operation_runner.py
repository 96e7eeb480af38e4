"""Store calls off the UI thread: one small operation runner, in the manner of Anki's ``CollectionOp``.

The window hands :meth:`OperationRunner.run` a function of the store. The runner
calls it on its own worker thread, with its own handle on the library (a SQLite
connection belongs to the thread that opened it), in the order the calls were
made. Once the call has returned (a write returns only after it committed), the
worker reads back what the views show of what changed (each changed claim, each
changed article's summary), and the caller's follow-up runs on the UI thread with
an :class:`Outcome`; then :attr:`OperationRunner.changed` tells every view.

So the UI thread spends no time in SQL or in ``fsync``; the user keeps reading and
selecting while a write waits for the disk or for another program's lock; two
quick edits are committed, and followed up, in the order they were made; and a
failure is handed to the caller of the call that failed, which changes nothing on
screen.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from factcheck.core.articles import ArticleSummary
from factcheck.core.claims import Claim
from factcheck.store import NO_CHANGES, Changes, Store

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)

SWITCH_INTERVAL_S = 0.001


@dataclass(frozen=True)
class Outcome:
    """What a finished operation returned and changed, read back on the worker for the views.

    ``claims`` holds every changed claim as now stored (None: it is gone);
    ``summaries`` every changed article's list entry (None: the article is gone);
    ``returned_at`` the ``time.perf_counter()`` at which the store call returned
    (committed), for measuring.
    """

    result: Any = None
    changes: Changes = NO_CHANGES
    claims: Mapping[int, Claim | None] = field(default_factory=dict)
    summaries: Mapping[int, ArticleSummary | None] = field(default_factory=dict)
    returned_at: float = 0.0


@dataclass
class _Job:
    """An operation handed to the worker, with what to call when it is done or has failed, and how it went."""

    operation: Callable[[Store], Any]
    on_done: Callable[[Outcome], None] | None
    on_failed: Callable[[BaseException], None] | None
    alone: bool = False
    user: str = ""
    what: str = ""
    known: Changes = NO_CHANGES  # changes committed elsewhere (a colleague's), to read back for the views
    outcome: Outcome | None = None
    error: BaseException | None = None


class _Relay(QObject):
    """Lives on the UI thread; a signal emitted from the worker reaches it queued, in order."""

    finished = Signal(object)


class OperationRunner(QObject):
    changed = Signal(object)
    """An operation committed; the argument is its :class:`Outcome` (after its own follow-up ran)."""
    idle = Signal()
    """Every operation handed over has been committed (or refused) and followed up."""

    def __init__(self, opener: Callable[[], Store], parent=None) -> None:
        """``opener`` makes the worker's own handle on the library; it is called on the worker thread."""
        super().__init__(parent)
        # The worker's Python (building the claims it read back) holds the GIL; by default a
        # thread that wants it may wait 5 ms, a third of a frame. A paint on the UI thread
        # then waits 1 ms at most.
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        self._opener = opener
        self._store: Store | None = None
        self._executor: ThreadPoolExecutor | None = None  # the worker, from the first operation on
        self._relay = _Relay()
        self._relay.finished.connect(self._follow_up)
        self._pending = 0
        self._closed = False
        self._failed_at_close: list[tuple[str, BaseException]] = []
        self.user = ""
        """The reviewer named in the history of the runner's writes (kept in step with Preferences)."""

    # ---------------------------------------------------------------- using it

    def run(self, operation: Callable[[Store], Any], on_done: Callable[[Outcome], None] | None = None,
            on_failed: Callable[[BaseException], None] | None = None, *, alone: bool = False,
            what: str = "") -> None:
        """Call ``operation(store)`` on the worker after every call handed over before it.

        ``on_done(outcome)`` or ``on_failed(error)`` then runs on the UI thread. An
        error without an ``on_failed`` is logged with its traceback. ``alone`` closes
        the worker's handle first and calls ``operation(None)``: for work on the
        library's files themselves (a restore), which no connection may hold open;
        the next operation opens a new handle. ``what`` names the operation for the
        user should it fail after the window began to close. The reviewer's name in
        the history is :attr:`user` as it is now, when the edit is made.
        """
        if self._closed:
            raise RuntimeError("the operation runner is closed")
        self._pending += 1
        self._submit(self._execute, _Job(operation, on_done, on_failed, alone, self.user, what))

    def follow(self, changes: Changes, on_done: Callable[[Outcome], None] | None = None) -> None:
        """Changes committed by another program (a colleague's): read them back on the worker, then tell the views.

        Queued behind the operations already handed over, so the views never go back to
        a state older than an edit of this window's: :attr:`changed` carries the
        :class:`Outcome` (with no result) as for an edit of its own.
        """
        if self._closed:
            return
        self._pending += 1
        self._submit(self._execute, _Job(lambda store: None, on_done, None, user=self.user,
                                         what="Reading a colleague's change", known=changes))

    def is_idle(self) -> bool:
        """Whether every operation handed over has been committed and followed up."""
        return self._pending == 0

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Turn the event loop until :meth:`is_idle` (window closing, a restore, tests); False on timeout."""
        if self.is_idle():
            return True
        from PySide6.QtCore import QEventLoop  # not needed to show the window

        loop = QEventLoop()
        self.idle.connect(loop.quit)
        timer = QTimer(singleShot=True, interval=timeout_ms)
        timer.timeout.connect(loop.quit)
        timer.start()
        try:
            loop.exec()  # sleeps between events: the worker has the processor (and the GIL) to itself
        finally:
            timer.stop()
            self.idle.disconnect(loop.quit)
        return self.is_idle()

    def close(self) -> list[tuple[str, BaseException]]:
        """Let the queued operations commit, then close the worker's handle. Their follow-ups do not run.

        Returns what failed meanwhile (each failure's description and error; they are
        logged too), so the caller can still say so: wait for :meth:`wait_idle` first to
        have every failure followed up as usual.
        """
        if self._closed:
            return []
        self._closed = True
        if self._executor is not None:  # else nothing was handed over, and no handle opened
            self._executor.submit(self._close_store)
            self._executor.shutdown(wait=True)
        return self._failed_at_close

    def _submit(self, call: Callable, *args) -> None:
        if self._executor is None:
            # Made for the first operation, not with the window: its first paint needs no worker
            # (nor the ~2 ms of importing concurrent.futures after Qt).
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factcheck-store")
        self._executor.submit(call, *args)

    # ------------------------------------------------------------- the worker

    def _execute(self, job: _Job) -> None:
        try:
            if job.alone:
                self._close_store()
                job.outcome = Outcome(job.operation(None))
            else:
                job.outcome = self._perform(job)
        except BaseException as error:  # handed to the UI thread: a worker thread must not die of it
            job.error = error
            if self._closed:  # no follow-up will say so: keep it for close() to hand back
                log.error("a write failed as the window closed", exc_info=error)
                self._failed_at_close.append((job.what or "A change", error))
        self._relay.finished.emit(job)

    def _perform(self, job: _Job) -> Outcome:
        if self._store is None:
            self._store = self._opener()
        store = self._store
        store.user = job.user or store.user  # the name the edit was made under, whatever it is now
        notices: list[Changes] = []
        unsubscribe = store.subscribe(notices.append)
        try:
            result = job.operation(store)
        finally:
            unsubscribe()
        returned_at = time.perf_counter()
        changes = Changes.merged(notices) | job.known
        try:  # committed: a failure from here on is the views', not the edit's
            claims = {i: _or_none(store.claim, i) for i in changes.claims}
            summaries = {i: _or_none(store.article_summary, i) for i in changes.articles}
        except Exception:  # noqa: BLE001 — the views may be stale; the edit is saved all the same
            log.exception("could not read back what a committed write changed")
            claims, summaries = {}, {}
        return Outcome(result, changes, claims, summaries, returned_at)

    def _close_store(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            try:
                store.close()
            except Exception:  # noqa: BLE001 — closing must not stop the window closing; the next open checks
                log.exception("could not close the worker's handle on the library")

    # ----------------------------------------------------------- the UI thread

    def _follow_up(self, job: _Job) -> None:
        if self._closed:  # the window is going: its views follow nothing more
            self._pending -= 1
            return
        try:
            if job.error is not None:
                if job.on_failed is not None:
                    job.on_failed(job.error)
                else:
                    log.error("operation failed", exc_info=job.error)
            else:
                if job.on_done is not None:
                    job.on_done(job.outcome)
                self.changed.emit(job.outcome)
        finally:
            self._pending -= 1
            if self._pending == 0:
                self.idle.emit()


def _or_none(read, key):
    try:
        return read(key)
    except KeyError:
        return None
