"""The window's side of the library's channel: work handed over by other factcheck processes.

While the window holds a library (:mod:`factcheck.store.library_lock`), it is the only
process with the library's files open. ``factcheck import``, ``list``, ``export`` and
``backup`` run in another process send their work here instead
(:mod:`factcheck.store.window_channel` has the wire format), and a second launch on the
same library asks the window to come to the front. The socket accepts connections from
this user only.

Slow work (a copy of the library for ``list`` and ``export``, a backup) runs on the
thread pool with a connection of its own; an import runs as the window's own imports
do, with the progress dialog, and its articles appear in the library list at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from factcheck.store import LibraryError
from factcheck.store.window_channel import decode, encode, socket_path

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 1_000_000


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
    """Receives a background call's result on the UI thread (a QObject there: queued delivery)."""

    def __init__(self, parent: QObject, call: _BackgroundCall, done: Callable, failed: Callable) -> None:
        super().__init__(parent)
        self._done, self._failed = done, failed
        call.signals.done.connect(self.on_done)
        call.signals.failed.connect(self.on_failed)

    @Slot(object)
    def on_done(self, result) -> None:
        self.deleteLater()
        self._done(result)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.deleteLater()
        self._failed(message)


class WindowChannelServer(QObject):
    """Listens on the library's channel for as long as the window lives."""

    def __init__(self, library_path: Path, window) -> None:
        super().__init__(window)
        self.library_path = Path(library_path)
        self.window = window
        self.pool = QThreadPool.globalInstance()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = str(socket_path(library_path))
        QLocalServer.removeServer(name)  # a socket left behind by a window that was killed
        if not self.server.listen(name):
            log.warning("cannot listen on %s: %s", name, self.server.errorString())
        self.server.newConnection.connect(self._accept)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            buffer = bytearray()
            connection.readyRead.connect(lambda c=connection, b=buffer: self._read(c, b))
            connection.disconnected.connect(connection.deleteLater)

    def _read(self, connection: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(connection.readAll().data())
        if b"\n" not in buffer:
            if len(buffer) > MAX_REQUEST_BYTES:
                self._answer(connection, {"ok": False, "error": "The request is too large."})
            return
        line = bytes(buffer[: buffer.index(b"\n") + 1])
        buffer.clear()
        try:
            request = decode(line)
        except ValueError:
            self._answer(connection, {"ok": False, "error": "The factcheck window could not read the request."})
            return
        self._handle(request, lambda answer: self._answer(connection, answer))

    def _handle(self, request: dict, answer: Callable[[dict], None]) -> None:
        op = request.get("op")
        if op == "raise":
            self.bring_forward()
            answer({"ok": True})
        elif op == "import":
            sources = [str(s) for s in request.get("sources", [])]
            self.window.import_from_command(sources, lambda results, failures, cancelled: answer({
                "ok": True, "cancelled": cancelled,
                "results": [{"article_id": r.article_id, "title": r.title, "created": r.created} for r in results],
                "failures": [{"source": f.source, "message": f.message} for f in failures]}))
        elif op == "snapshot":
            from factcheck.store.backups import write_snapshot

            target = str(request.get("path", ""))
            self._in_background(lambda: write_snapshot(self.library_path, target),
                                lambda _: {"ok": True}, answer)
        elif op == "backup":
            from factcheck.store.backups import make_backup

            keep = max(1, int(request.get("keep") or 1))
            self._in_background(lambda: make_backup(self.library_path, keep=keep),
                                lambda b: {"ok": True, "path": str(b.path), "article_count": b.article_count,
                                           "claim_count": b.claim_count}, answer)
        else:
            answer({"ok": False, "error": f"This factcheck window does not know the request {op!r}; "
                                          "is the command from another version of factcheck?"})

    def _in_background(self, work: Callable[[], object], to_answer: Callable[[object], dict],
                       answer: Callable[[dict], None]) -> None:
        call = _BackgroundCall(work)
        _Answer(self, call, lambda result: answer(to_answer(result)),
                lambda message: answer({"ok": False, "error": message}))
        self.pool.start(call)

    def _answer(self, connection: QLocalSocket, answer: dict) -> None:
        try:
            if connection.state() != QLocalSocket.LocalSocketState.ConnectedState:
                return  # the other process gave up waiting
            connection.write(encode(answer))
            connection.flush()
            connection.disconnectFromServer()
        except RuntimeError:
            pass  # the connection was already deleted: nobody is waiting for this answer

    def bring_forward(self) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
