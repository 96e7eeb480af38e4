"""How another factcheck process reaches the window that holds a library.

While a window holds a library's lock (:mod:`factcheck.store.library_lock`), other
factcheck processes never open the library's files; they send their work to the
window over a local socket named after the library, and the window does it with its
own connection. The window serves the socket (``factcheck.ui.window_channel_server``);
this module is the client side and the shared wire format, with no Qt in it, so the
command line can speak it.

The wire format: the client sends one request, a JSON object on one line (UTF-8); the
window answers with one JSON object on one line and closes the connection. Every
request has ``"op"``:

- ``raise``: come to the front (a second launch on the same library).
- ``import`` with ``"sources"`` (absolute paths and http(s) addresses): import them into
  the window's library, which shows them at once. Answer: ``"results"`` (``article_id``,
  ``title``, ``created``), ``"failures"`` (``source``, ``message``), ``"cancelled"``.
- ``snapshot`` with ``"path"``: write a consistent copy of the library to that new file
  (for ``list`` and ``export``, which then read the copy).
- ``backup`` with ``"keep"``: make a checked backup as ``factcheck backup`` does. Answer:
  ``"path"``, ``"article_count"``, ``"claim_count"``.

Every answer has ``"ok"``; when it is false, ``"error"`` is a user-ready message.

The socket lives in ``$XDG_RUNTIME_DIR`` (private to the user) when there is one and its
path is short enough, else in the temporary folder, and the window makes it accessible to its user only.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
import tempfile
from pathlib import Path

from factcheck.store.errors import LibraryError

VERSION = 1
# A Unix socket's path holds at most 107 bytes, and Qt binds a longer temporary name first
# to set the permissions (UserAccessOption): leave it room.
MAX_SOCKET_PATH = 80
SUPPORTED = sys.platform != "win32"  # the window's named pipes on Windows are not spoken here yet


class WindowUnreachable(LibraryError):
    """The window holding the library did not answer, or stopped answering."""


def socket_path(library_path: str | Path) -> Path:
    """The channel of the window that holds this library (one per library file)."""
    resolved = str(Path(library_path).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:24]
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isdir(runtime):
        path = Path(runtime) / f"factcheck-{digest}.sock"
        if len(str(path)) <= MAX_SOCKET_PATH:
            return path
    user = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"factcheck-{user}-{digest}.sock"


def encode(message: dict) -> bytes:
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"


def decode(line: bytes) -> dict:
    """One message; raises ValueError if it is not a JSON object."""
    message = json.loads(line.decode("utf-8"))
    if not isinstance(message, dict):
        raise ValueError("a message must be a JSON object")
    return message


def reachable(library_path: str | Path, timeout_s: float = 0.5) -> bool:
    """Whether a window is listening on the library's channel."""
    if not SUPPORTED:
        return False
    try:
        with _connect(library_path, timeout_s):
            return True
    except OSError:
        return False


def ask(library_path: str | Path, request: dict, *, connect_timeout_s: float = 2.0,
        answer_timeout_s: float | None = None) -> dict:
    """Send ``request`` to the library's window and return its answer.

    Waits for the answer as long as the window works (an import of a large folder takes
    a while), or ``answer_timeout_s``. Raises :class:`WindowUnreachable` if the window
    cannot be reached or goes away before answering, :class:`LibraryError` with the
    window's own message if it refused.
    """
    library = Path(library_path)
    if not SUPPORTED:
        raise WindowUnreachable(f"The library {library} is open in a factcheck window; on this system the "
                                "command line cannot hand it work. Use the window, or close it first.")
    try:
        with _connect(library, connect_timeout_s) as channel:
            channel.settimeout(answer_timeout_s)
            channel.sendall(encode({"version": VERSION, **request}))
            line = _read_line(channel)
    except OSError as error:
        raise WindowUnreachable(f"The factcheck window that has {library} open did not answer "
                                f"({error.strerror or error}). Try again, or close the window.") from error
    if not line:
        raise WindowUnreachable(f"The factcheck window that had {library} open closed before it answered; "
                                "nothing was done for this command that it did not report. Run it again.")
    try:
        answer = decode(line)
    except ValueError as error:
        raise WindowUnreachable(f"The factcheck window that has {library} open sent an answer this "
                                "command cannot read; is it another version of factcheck?") from error
    if not answer.get("ok"):
        raise LibraryError(str(answer.get("error") or "The factcheck window refused the request."))
    return answer


def _connect(library_path: str | Path, timeout_s: float) -> socket.socket:
    channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    channel.settimeout(timeout_s)
    try:
        channel.connect(str(socket_path(library_path)))
    except OSError:
        channel.close()
        raise
    return channel


def _read_line(channel: socket.socket) -> bytes:
    data = bytearray()
    while not data.endswith(b"\n"):
        chunk = channel.recv(65536)
        if not chunk:
            return bytes(data) if data.endswith(b"\n") else b""
        data += chunk
    return bytes(data)
