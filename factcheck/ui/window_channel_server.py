"""The window's side of the library's channel: work handed over by other factcheck processes.

While the window holds a library (:mod:`factcheck.store.library_lock`), it is the only
process with the library's files open. ``factcheck import``, ``list``, ``export`` and
``backup`` run in another process send their work here instead
(:mod:`factcheck.store.window_channel` has the wire format), and a second launch on the
same library asks the window to come to the front or to import its files. The socket
lives in a folder of this user's alone and accepts connections from this user only.

Each request is acknowledged as soon as it is read, then kept alive with a line every
second (and one per imported file) until its answer: the other process can tell a
window at work from one that is hung. A request read after its sender gave up waiting
(the window was stopped, or its event loop blocked) is left undone.

Slow work (a copy of the library for ``list`` and ``export``, a backup) runs on the
thread pool with a connection of its own; an import runs as the window's own imports
do, with the progress dialog, and its articles appear in the library list at once.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from factcheck.store import LibraryError
from factcheck.store.window_channel import UnsafeChannel, decode, encode, socket_path

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 1_000_000
KEEP_ALIVE_MS = 1000


class _CallSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _BackgroundCall(QRunnable):
    """``work()`` on the thread pool; its result or a user-ready failure comes back as a signal."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.work = work
        self.signals = _CallSignals()

    def run(self) -> None:
        try:
            result = self.work()
        except LibraryError as error:
            self.signals.failed.emit(str(error))
        except Exception as error:  # a bug: logged with its traceback, reported to the other process
            log.exception("request from another factcheck process failed")
            self.signals.failed.emit(f"The factcheck window hit a bug doing this: {error}")
        else:
            self.signals.done.emit(result)


class _Answer(QObject):
    """Receives a background call's result on the UI thread (a QObject there: queued delivery).

    It keeps the call (and so its signals' QObject) alive until the result is delivered:
    the pool must not delete them on its thread while the UI thread delivers the signal.
    """

    def __init__(self, parent: QObject, call: _BackgroundCall, done: Callable, failed: Callable) -> None:
        super().__init__(parent)
        self._call = call
        self._done, self._failed = done, failed
        call.setAutoDelete(False)
        call.signals.done.connect(self.on_done)
        call.signals.failed.connect(self.on_failed)

    @Slot(object)
    def on_done(self, result) -> None:
        self.deleteLater()  # and with it, on this thread, the call
        self._done(result)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.deleteLater()
        self._failed(message)


class _Incoming:
    """What a connection has sent so far, and whether its request was taken."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.taken = False


class _Request(QObject):
    """One request on its connection: acknowledged, kept alive while the window works, answered once."""

    def __init__(self, server: WindowChannelServer, connection: QLocalSocket) -> None:
        super().__init__(server)
        self.server = server
        self.connection = connection
        self.job = None
        """The import doing this request's work, if it is one."""
        self.keep_alive = QTimer(self)
        self.keep_alive.setInterval(KEEP_ALIVE_MS)
        self.keep_alive.timeout.connect(lambda: self.send({"working": True}))

    def acknowledge(self) -> bool:
        """Say the request was taken; False if its sender is gone."""
        if not self.send({"ack": True}):
            return False
        self.keep_alive.start()
        return True

    @Slot(int, int, str)
    def progress(self, done: int, total: int, source: str) -> None:
        self.send({"progress": {"done": done, "total": total, "source": source}})

    def answer(self, message: dict) -> None:
        if self.send(message):
            self.connection.disconnectFromServer()
        self.close()

    def drop(self) -> None:
        """The window is closing: the sender sees the connection end before the answer."""
        try:
            self.connection.abort()
        except RuntimeError:
            pass  # already deleted
        self.close()

    def close(self) -> None:
        self.keep_alive.stop()
        self.server.requests.discard(self)
        self.deleteLater()

    def send(self, message: dict) -> bool:
        try:
            if self.connection.state() != QLocalSocket.LocalSocketState.ConnectedState:
                return False  # the other process gave up waiting
            self.connection.write(encode(message))
            self.connection.flush()
            return self.connection.state() == QLocalSocket.LocalSocketState.ConnectedState
        except RuntimeError:
            return False  # the connection was already deleted: nobody is waiting for this answer


class WindowChannelServer(QObject):
    """Listens on the library's channel for as long as the window lives, or until :meth:`close`.

    ``problem`` says why it does not listen (``None`` while it does).
    """

    def __init__(self, library_path: Path, window) -> None:
        super().__init__(window)
        self.library_path = Path(library_path)
        self.window = window
        self.pool = QThreadPool.globalInstance()
        self.requests: set[_Request] = set()
        self.problem: str | None = None
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        try:
            name = str(socket_path(library_path, create=True))
        except UnsafeChannel as error:
            self.problem = str(error)
            log.error("other factcheck processes cannot reach this window: %s", error)
            return
        QLocalServer.removeServer(name)  # a socket left behind by a window that was killed
        if not self.server.listen(name):
            self.problem = f"cannot listen on {name}: {self.server.errorString()}"
            log.error("other factcheck processes cannot reach this window: %s", self.problem)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def close(self) -> None:
        """Stop taking requests (the socket goes away); the ones under way keep their connections."""
        self.server.close()

    def cancel_imports(self) -> None:
        """Cancel the imports running for other processes (what each imported so far is kept)."""
        for request in list(self.requests):
            if request.job is not None:
                request.job.cancel()

    def drop_requests(self) -> None:
        """End the connections of requests not answered yet: the window is closing."""
        for request in list(self.requests):
            request.drop()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            incoming = _Incoming()
            connection.readyRead.connect(lambda c=connection, i=incoming: self._read(c, i))
            connection.disconnected.connect(connection.deleteLater)

    def _read(self, connection: QLocalSocket, incoming: _Incoming) -> None:
        if incoming.taken:
            connection.readAll()  # one request per connection: what follows it is not read
            return
        incoming.data += bytes(connection.readAll().data())
        if b"\n" not in incoming.data:
            if len(incoming.data) > MAX_REQUEST_BYTES:
                incoming.taken = True
                self._refuse(connection, "The request is too large.")
            return
        incoming.taken = True
        line = bytes(incoming.data[: incoming.data.index(b"\n") + 1])
        incoming.data.clear()
        try:
            request = decode(line)
        except ValueError:
            self._refuse(connection, "The factcheck window could not read the request.")
            return
        if _given_up(request, connection):
            log.warning("a request from another factcheck process (%s) arrived after it gave up waiting (this "
                        "window was not answering): it is left undone", request.get("op"))
            connection.abort()
            return
        call = _Request(self, connection)
        if not call.acknowledge():
            call.close()
            return
        self.requests.add(call)
        self._handle(request, call)

    def _refuse(self, connection: QLocalSocket, message: str) -> None:
        try:
            connection.write(encode({"ok": False, "error": message}))
            connection.flush()
            connection.disconnectFromServer()
        except RuntimeError:
            pass  # already deleted

    def _handle(self, request: dict, call: _Request) -> None:
        op = request.get("op")
        if op != "raise" and getattr(getattr(self.window, "backups", None), "restoring", False):
            call.answer({"ok": False, "error": "The factcheck window is restoring a backup of this library: "
                                               "nothing was done. Try again once it has finished."})
        elif op == "raise":
            self.bring_forward()
            call.answer({"ok": True})
        elif op == "import":
            sources = [str(s) for s in request.get("sources", [])]
            article = request.get("article")  # factcheck import FILE --article ID: Web Annotations placed on it

            def done(results, failures, cancelled) -> None:
                call.answer(_import_answer(results, failures, cancelled))

            if article is None:
                call.job = self.window.import_from_command(sources, done)
            elif isinstance(article, int) and not isinstance(article, bool):
                call.job = self.window.importer.start_for_command(sources, done, article_id=article)
            else:
                call.answer({"ok": False,
                             "error": f"The article to place annotations on must be an id, not {article!r}."})
                return
            call.job.signals.progress.connect(call.progress)
        elif op == "snapshot":
            from factcheck.store.backups import write_snapshot

            target = str(request.get("path", ""))
            self._in_background(lambda: write_snapshot(self.library_path, target),
                                lambda _: {"ok": True}, call.answer)
        elif op == "backup":
            from factcheck.store.backups import make_backup

            keep = max(1, int(request.get("keep") or 1))
            self._in_background(lambda: make_backup(self.library_path, keep=keep),
                                lambda b: {"ok": True, "path": str(b.path), "article_count": b.article_count,
                                           "claim_count": b.claim_count}, call.answer)
        else:
            call.answer({"ok": False, "error": f"This factcheck window does not know the request {op!r}; "
                                               "is the command from another version of factcheck?"})

    def _in_background(self, work: Callable[[], object], to_answer: Callable[[object], dict],
                       answer: Callable[[dict], None]) -> None:
        call = _BackgroundCall(work)
        _Answer(self, call, lambda result: answer(to_answer(result)),
                lambda message: answer({"ok": False, "error": message}))
        self.pool.start(call)

    def bring_forward(self) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()


def _import_answer(results: list, failures: list, cancelled: bool) -> dict:
    """What a handed-over import did, for ``factcheck import`` to print (factcheck/cli_import.py).

    Files of published fact-checks (ClaimReview) are under "published", and files of Web
    Annotations placed on an article under "annotations", only when there were any.
    """
    from factcheck.operations import AnnotationImportResult as Placed
    from factcheck.operations import PublishedImportResult as Published

    answer = {"ok": True, "cancelled": cancelled,
              "results": [{"article_id": r.article_id, "title": r.title, "created": r.created}
                          for r in results if not isinstance(r, (Published, Placed))],
              "failures": [{"source": f.source, "message": f.message} for f in failures]}
    published = [{"source": r.source, "added": r.added, "updated": r.updated, "problems": list(r.problems)}
                 for r in results if isinstance(r, Published)]
    if published:
        answer["published"] = published
    placed = [{"article_id": r.article_id, "source": r.source, "placed": r.placed,
               "orphans": [list(orphan) for orphan in r.orphans], "problems": list(r.problems)}
              for r in results if isinstance(r, Placed)]
    if placed:
        answer["annotations"] = placed
    return answer


def _given_up(request: dict, connection: QLocalSocket) -> bool:
    """Whether the request's sender stopped waiting before the window read it (its time passed, or it left)."""
    ack_by = request.get("ack_by")
    if isinstance(ack_by, (int, float)) and time.time() > ack_by:
        return True
    if connection.state() != QLocalSocket.LocalSocketState.ConnectedState:
        return True
    descriptor = int(connection.socketDescriptor())
    if descriptor < 0:
        return True
    peek = socket.socket(fileno=os.dup(descriptor))  # a second descriptor, closed below; Qt keeps its own
    try:
        return peek.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""  # the end: the sender closed it
    except BlockingIOError:
        return False  # nothing more to read: the sender is still there, waiting
    except OSError:
        return True
    finally:
        peek.close()
