"""One window per library: an exclusive lock on a file next to the library.

The rule for several processes on one library:

- **One window.** The window takes a :class:`WindowLock` before it opens the library and
  keeps it until it closes. A second window on the same file is refused with
  :class:`LibraryInUse`, whose message names the file and the process holding it. Two
  windows could not corrupt the file (SQLite serialises their writes), but each would
  show a stale copy of the other's edits and undo one over the other.
- **Command-line reads** (``list``, ``export``) take no lock and never wait: in WAL mode
  they read the last committed state while the window writes.
- **Command-line writes** (``import``) take no window lock either: each edit waits for
  the window's transaction to finish (up to the busy timeout, 5 s, or
  ``$FACTCHECK_BUSY_TIMEOUT_MS``), then fails with "The library … is busy" having saved
  nothing (:class:`~factcheck.store.errors.LibraryBusy`, exit status 1).

The lock is an OS file lock (``fcntl.flock``; ``msvcrt.locking`` on Windows): it is
released when the process ends, however it ends, so a crash never leaves a library
locked. The lock file (``library.db.lock``) stays in place; it holds the holder's
process id and host, for the message. A folder where the lock file cannot be created
(read-only) gets no lock, with a warning in the log: the library itself then reports
what it can and cannot do.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from factcheck.store.errors import LibraryInUse

log = logging.getLogger(__name__)

SUFFIX = ".lock"
_LOCK_OFFSET = 1 << 20  # Windows locks a byte range: lock one far past the holder's details


def lock_path(library_path: str | Path) -> Path:
    """The lock file of a library: ``library.db`` → ``library.db.lock``, beside it."""
    path = Path(library_path).expanduser().resolve()
    return path.with_name(path.name + SUFFIX)


class WindowLock:
    """A window's exclusive claim on a library, held until :meth:`release` or the process ends."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    @classmethod
    def acquire(cls, library_path: str | Path) -> WindowLock:
        """Take the library's window lock, or raise :class:`LibraryInUse` naming the file."""
        path = lock_path(library_path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
            except PermissionError:  # made by another user: a read-only descriptor locks as well
                fd = os.open(path, os.O_RDONLY)
        except OSError as error:
            log.warning("cannot create the window lock %s (%s): opening without it", path,
                        error.strerror or error)
            return cls(path, None)
        try:
            locked = _try_lock(fd)
        except OSError as error:
            os.close(fd)
            log.warning("cannot lock %s (%s): opening without it", path, error.strerror or error)
            return cls(path, None)
        if not locked:
            holder = _read_holder(fd)
            os.close(fd)
            library = path.with_name(path.name[: -len(SUFFIX)])
            raise LibraryInUse(
                f"The library {library} is already open in another factcheck window{holder}. "
                "Switch to that window, or close it first; to work on another library, "
                "start factcheck with --db PATH.")
        _write_holder(fd)
        return cls(path, fd)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass  # the details are only for a message; closing releases the lock
            os.close(fd)

    def __enter__(self) -> WindowLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import errno
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True


def _write_holder(fd: int) -> None:
    details = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                          "since": datetime.now().astimezone().isoformat(timespec="seconds")})
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, details.encode())
    except OSError as error:
        log.warning("cannot write the window lock's details: %s", error)


def _read_holder(fd: int) -> str:
    """`` (process 123 on host, since 10:02)``, or ``""`` if the details cannot be read."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 4096).decode() or "{}")
        since = datetime.fromisoformat(data["since"]).strftime("%Y-%m-%d %H:%M")
        return f" (process {int(data['pid'])} on {data['host']}, since {since})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""
