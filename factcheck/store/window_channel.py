"""How another factcheck process reaches the window that holds a library.

While a window holds a library's lock (:mod:`factcheck.store.library_lock`), other
factcheck processes never open the library's files; they send their work to the
window over a local socket named after the library, and the window does it with its
own connection. The window serves the socket (``factcheck.ui.window_channel_server``);
this module is the client side and the shared wire format, with no Qt in it, so the
command line can speak it.

**The wire format.** JSON objects, one per line (UTF-8), one request per connection.
The client sends the request; every request has ``"op"``, ``"version"`` and
``"ack_by"`` (seconds since the epoch: the window leaves undone a request it reads
later than that, its sender having given up). The window answers:

1. ``{"ack": true}`` as soon as it reads the request;
2. while it works, a line at least every second: ``{"working": true}``, or
   ``{"progress": {"done": …, "total": …, "source": …}}`` as an import moves from file
   to file;
3. the answer, the one line with ``"ok"``; when it is false, ``"error"`` is a
   user-ready message. Then it closes the connection.

The requests:

- ``raise``: come to the front (a second launch on the same library).
- ``import`` with ``"sources"`` (absolute paths and http(s) addresses): import them into
  the window's library, which shows them at once. Answer: ``"results"`` (``article_id``,
  ``title``, ``created``), ``"failures"`` (``source``, ``message``), ``"cancelled"``.
- ``snapshot`` with ``"path"``: write a consistent copy of the library to that new file
  (for ``list`` and ``export``, which then read the copy).
- ``backup`` with ``"keep"``: make a checked backup as ``factcheck backup`` does. Answer:
  ``"path"``, ``"article_count"``, ``"claim_count"``.

**Waiting.** A window that holds the library but does not acknowledge within the busy
timeout (``$FACTCHECK_BUSY_TIMEOUT_MS``; a window that is stopped or whose event loop is
blocked: the system still takes the connection into its backlog) is given up on:
:class:`WindowUnreachable`, nothing was done. Once it has acknowledged, the command waits
as long as the window works (an import of a large folder takes a while), but not through
:data:`SILENCE_LIMIT_S` without a line.

**Where the socket lives.** In ``$XDG_RUNTIME_DIR`` when it is set, private (a folder of
this user's that nobody else may enter) and short enough; else in this user's own folder
in the temporary folder, ``factcheck-<uid>``, made with mode 0700. That folder is
checked before every use: a symbolic link, a folder of another user's, or one that others
may enter is refused (:class:`UnsafeChannel`), since someone else could have put a socket
of their own there. On Linux the client also checks that the process serving the socket
runs as this user (``SO_PEERCRED``).

Not on Windows (:data:`SUPPORTED` is False): there, closing a handle drops no lock of
another, so a command opens the library beside the window (see
:func:`~factcheck.store.library_lock.hold_for_command`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import stat
import struct
import sys
import tempfile
import time
from pathlib import Path

from factcheck.store.errors import LibraryError

log = logging.getLogger(__name__)

VERSION = 2
# A Unix socket's path holds at most 107 bytes, and Qt binds a longer temporary name first
# to set the permissions (UserAccessOption): leave it room.
MAX_SOCKET_PATH = 80
SUPPORTED = sys.platform != "win32"  # the window's named pipes on Windows are not spoken here
SILENCE_LIMIT_S = 30.0
"""How long a command waits without a line from a window that acknowledged its request."""
ACK_GRACE_S = 0.5
"""How long past ``ack_by`` the client still waits: the window refuses a request read after it."""


class WindowUnreachable(LibraryError):
    """The window holding the library did not answer, or stopped answering."""


class UnsafeChannel(LibraryError):
    """The channel's folder or socket is not this user's alone: factcheck will not use it."""


def socket_path(library_path: str | Path, create: bool = False) -> Path:
    """The channel of the window that holds this library (one per library file).

    With ``create`` (the window, about to listen) this user's private folder for it is
    made if need be. Raises :class:`UnsafeChannel` if that folder exists and is not private.
    """
    resolved = str(Path(library_path).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:24]
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isdir(runtime):
        path = Path(runtime) / f"factcheck-{digest}.sock"
        problem = _not_private(Path(runtime), follow_links=True)
        if problem is not None:
            log.warning("not using XDG_RUNTIME_DIR %s for factcheck's channel: %s", runtime, problem)
        elif len(str(path)) <= MAX_SOCKET_PATH:
            return path
    return _private_folder(create) / f"{digest}.sock"


def _private_folder(create: bool) -> Path:
    """``factcheck-<uid>`` in the temporary folder (else in /tmp, if that path is too long), checked."""
    user = _own_uid()
    candidates = [Path(tempfile.gettempdir()), Path("/tmp")]
    base = next((c for c in candidates if len(str(c / f"factcheck-{user}" / ("x" * 29))) <= MAX_SOCKET_PATH),
                candidates[-1])
    folder = base / f"factcheck-{user}"
    if create:
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass  # checked below, whoever made it
        except OSError as error:
            raise UnsafeChannel(f"factcheck cannot make its private folder {folder} for talking to its windows "
                                f"({error.strerror or error}). Set XDG_RUNTIME_DIR to a private folder of yours."
                                ) from error
    elif not os.path.lexists(folder):
        return folder  # no window listens there: connecting finds nothing
    problem = _not_private(folder)
    if problem is not None:
        log.error("refusing the channel folder %s: %s", folder, problem)
        raise UnsafeChannel(f"factcheck will not use {folder} for talking to its windows: {problem}, so "
                            "someone else could listen in. Remove it (it holds only factcheck's sockets), "
                            "or set XDG_RUNTIME_DIR to a private folder of yours.")
    return folder


def _not_private(folder: Path, follow_links: bool = False) -> str | None:
    """Why ``folder`` is not this user's alone, or None when it is."""
    try:
        info = os.stat(folder) if follow_links else os.lstat(folder)
    except OSError as error:
        return f"it cannot be examined ({error.strerror or error})"
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a folder"
    if info.st_uid != _own_uid():
        return f"it belongs to another user (uid {info.st_uid})"
    if info.st_mode & 0o077:
        return f"other users may use it (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def _own_uid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else 0


def encode(message: dict) -> bytes:
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"


def decode(line: bytes) -> dict:
    """One message; raises ValueError if it is not a JSON object."""
    message = json.loads(line.decode("utf-8"))
    if not isinstance(message, dict):
        raise ValueError("a message must be a JSON object")
    return message


def reachable(library_path: str | Path, timeout_s: float = 0.5) -> bool:
    """Whether a window is listening on the library's channel.

    Raises :class:`UnsafeChannel` if the channel is not this user's alone.
    """
    if not SUPPORTED:
        return False
    try:
        with _connect(library_path, timeout_s):
            return True
    except OSError:
        return False


def ask(library_path: str | Path, request: dict, *, connect_timeout_s: float = 2.0,
        ack_timeout_s: float | None = None, silence_timeout_s: float = SILENCE_LIMIT_S) -> dict:
    """Send ``request`` to the library's window and return its answer.

    Gives up if the window does not acknowledge within ``ack_timeout_s`` (default: the
    busy timeout), or falls silent for ``silence_timeout_s`` while it works. Raises
    :class:`WindowUnreachable` if the window cannot be reached or goes away before
    answering, :class:`UnsafeChannel` if the channel is not this user's, and
    :class:`LibraryError` with the window's own message if it refused.
    """
    from factcheck.store.sqlite_store import busy_timeout_ms

    library = Path(library_path)
    if not SUPPORTED:
        raise WindowUnreachable(f"The library {library} is open in a factcheck window; on this system the "
                                "command line cannot hand it work. Use the window, or close it first.")
    ack_timeout = busy_timeout_ms() / 1000 if ack_timeout_s is None else ack_timeout_s
    try:
        with _connect(library, connect_timeout_s) as channel:
            channel.settimeout(connect_timeout_s)
            channel.sendall(encode({"version": VERSION, **request, "ack_by": time.time() + ack_timeout}))
            lines = _Lines(channel)
            first = _first_line(lines, library, ack_timeout)
            answer = first
            while "ok" not in answer:
                answer = _next_line(lines, silence_timeout_s)
    except OSError as error:
        raise WindowUnreachable(f"The factcheck window that has {library} open did not answer "
                                f"({error.strerror or error}). Try again, or close the window.") from error
    if not answer.get("ok"):
        raise LibraryError(str(answer.get("error") or "The factcheck window refused the request."))
    return answer


def _first_line(lines: _Lines, library: Path, ack_timeout_s: float) -> dict:
    """The window's acknowledgement (or, for a request it could not read, its refusal)."""
    try:
        line = lines.next(ack_timeout_s + ACK_GRACE_S)
    except TimeoutError:
        raise WindowUnreachable(
            f"The library {library} is open in a factcheck window that did not answer within {ack_timeout_s:g} s "
            "(it may be busy, hung or stopped); nothing was done. Try again in a moment, or close that window."
        ) from None
    if not line:
        raise WindowUnreachable(f"The factcheck window that has {library} open closed the connection without "
                                "taking the request; nothing was done. Run the command again.")
    message = _decoded(line, library)
    if "ok" not in message and not message.get("ack"):
        raise WindowUnreachable(f"The factcheck window that has {library} open sent an answer this command "
                                "cannot read; is it another version of factcheck? Nothing was done.")
    return message


def _next_line(lines: _Lines, silence_timeout_s: float) -> dict:
    """The window's next line while it works: keep-alive, progress, or the answer."""
    may_be_done = "some of the work may have been done: `factcheck list` shows the library as it is now."
    try:
        line = lines.next(silence_timeout_s)
    except TimeoutError:
        raise WindowUnreachable(f"The factcheck window stopped answering while it worked (nothing for "
                                f"{silence_timeout_s:g} s); {may_be_done}") from None
    if not line:
        raise WindowUnreachable(f"The factcheck window closed before it finished; {may_be_done}")
    try:
        return decode(line)
    except ValueError:
        raise WindowUnreachable("The factcheck window sent a line this command cannot read (is it another "
                                f"version of factcheck?); {may_be_done}") from None


def _decoded(line: bytes, library: Path) -> dict:
    try:
        return decode(line)
    except ValueError:
        raise WindowUnreachable(f"The factcheck window that has {library} open sent an answer this command "
                                "cannot read; is it another version of factcheck? Nothing was done.") from None


class _Lines:
    """The lines a window sends, each waited for with a time limit."""

    def __init__(self, channel: socket.socket) -> None:
        self.channel = channel
        self.data = bytearray()

    def next(self, timeout_s: float) -> bytes:
        """The next line; b"" when the window closed the connection; TimeoutError if none came in time."""
        deadline = time.monotonic() + timeout_s
        while b"\n" not in self.data:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            self.channel.settimeout(remaining)
            try:
                chunk = self.channel.recv(65536)
            except (ConnectionResetError, BrokenPipeError):
                chunk = b""
            if not chunk:
                return b""
            self.data += chunk
        end = self.data.index(b"\n") + 1
        line = bytes(self.data[:end])
        del self.data[:end]
        return line


def _connect(library_path: str | Path, timeout_s: float) -> socket.socket:
    path = socket_path(library_path)
    channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    channel.settimeout(timeout_s)
    try:
        channel.connect(str(path))
        _refuse_another_users(channel, path)
    except BaseException:
        channel.close()
        raise
    return channel


def _refuse_another_users(channel: socket.socket, path: Path) -> None:
    """On Linux: the process serving the socket must run as this user (SO_PEERCRED)."""
    if not hasattr(socket, "SO_PEERCRED"):
        return  # elsewhere the private folder is the only guard
    pid, uid, _gid = struct.unpack("3i", channel.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                            struct.calcsize("3i")))
    if uid != _own_uid():
        log.error("refusing the channel %s: served by process %d of uid %d", path, pid, uid)
        raise UnsafeChannel(f"The channel {path} is served by another user's process (process {pid}, uid {uid}), "
                            "not by a factcheck window of yours: factcheck sends it nothing. Remove the file "
                            "and tell your administrator.")
