"""One window per library: a second launch brings the first window forward.

The store's WindowLock decides who owns a library; this module only lets the
owner hear "someone tried to open it too" through a local socket named after
the library file, so it can come to the front.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget


def channel_name(library_path: Path) -> str:
    digest = hashlib.sha256(str(Path(library_path).resolve()).encode("utf-8")).hexdigest()[:24]
    return f"factcheck-{digest}"


def listen(library_path: Path, window: QWidget) -> QLocalServer:
    """Bring ``window`` forward whenever another launch knocks (the owner of the library calls this)."""
    server = QLocalServer(window)
    name = channel_name(library_path)
    QLocalServer.removeServer(name)  # a name left behind by a process that was killed
    server.listen(name)

    def knock() -> None:
        while server.hasPendingConnections():
            server.nextPendingConnection().deleteLater()
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()

    server.newConnection.connect(knock)
    return server


def knock(library_path: Path, timeout_ms: int = 500) -> bool:
    """Ask the window that owns the library to come forward; True if it answered."""
    socket = QLocalSocket()
    socket.connectToServer(channel_name(library_path))
    reached = socket.waitForConnected(timeout_ms)
    socket.abort()
    return reached
