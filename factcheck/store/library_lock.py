"""One process at a time: the library's lock, and why factcheck needs it.

**The rule.** A factcheck process opens a library's SQLite files (``library.db``, its
``-wal`` and ``-shm``) only while it holds the library's lock: an OS lock on a file
beside it (``library.db.lock``). The window holds it for as long as it is open; a
command (``import``, ``list``, ``export``, ``backup``, ``restore``) holds it while it
works. While a window holds it, a command never opens the library itself: it hands
its work to the window over the window's channel (:mod:`factcheck.store.window_channel`),
and the window does it (an import lands in the open window at once; ``list`` and
``export`` read a consistent copy the window makes). A command that finds another
*command* holding the lock waits for it, up to the busy timeout.

**Why.** SQLite's own locks on Unix are POSIX advisory locks, which belong to the
*process* and are all dropped when *any* descriptor of the file is closed, even one
that Qt's file dialog opened to sniff a file's type, or a plug-in, or Python's
``open()``. A second process that then opened and closed the library would believe it
was the last user and delete the ``-wal`` file holding edits the window had already
called Saved (sqlite.org/howtocorrupt.html, section 2.2). With one process at a time,
no second process ever has the files open, so a lock dropped inside the holder's
process can mislead nobody. This lock does not suffer from the same flaw: ``flock``
belongs to the open file description, not the process, and closing another descriptor
of the lock file does not release it. (A library on a network file system, where
``flock`` may be emulated with POSIX locks, is not supported; SQLite's WAL does not
work across machines anyway.)

The lock is released when the process ends, however it ends, so a crash never leaves a
library locked. The lock file stays in place and holds the holder's details (window or
command, process id, host, since when; a window that cannot listen on its channel says
so there too) for messages. Where nothing can be written (a read-only folder, the
library read-only too), a lock file that cannot be made or taken means no lock, with a
warning in the log: no process can change the library there, and the library itself
reports what it can and cannot do. Where the library or its folder is writable, a lock
that cannot be taken (a lock file another user made private to them, say) is refused
with a message naming the lock file: going on without it would let two processes open
the library. Programs other than factcheck (the ``sqlite3`` shell, a database browser)
know nothing of this lock: close the window before pointing one at a library.

**Windows** keeps the lock (``msvcrt.locking``), but its file locks are not dropped by
closing another handle, so the hazard above does not exist there; and the command line
does not speak the window's channel there. So on Windows a command opens a library that
a window holds beside the window (:func:`hold_for_command` returns an unheld lock), and
only ``restore`` is left to the window.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from factcheck.store.errors import LibraryBusy, LibraryError, LibraryInUse
from factcheck.store.sessions import this_host

log = logging.getLogger(__name__)

SUFFIX = ".lock"
WINDOW, COMMAND = "window", "command"
_LOCK_OFFSET = 1 << 20  # Windows locks a byte range: lock one far past the holder's details


def lock_path(library_path: str | Path) -> Path:
    """The lock file of a library: ``library.db`` → ``library.db.lock``, beside it."""
    path = Path(library_path).expanduser().resolve()
    return path.with_name(path.name + SUFFIX)


@dataclass(frozen=True)
class Holder:
    """Who holds a library's lock, as its lock file says."""

    kind: str  # WINDOW or COMMAND
    pid: int
    host: str
    since: str = ""
    command: str = ""
    no_channel: str = ""
    """For a window that cannot listen on its channel: why (other processes cannot hand it work)."""

    def describe(self) -> str:
        """``a factcheck window (process 123 on host, since 2024-05-01 10:02)``."""
        since = ""
        try:
            since = ", since " + datetime.fromisoformat(self.since).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            pass
        what = f"a factcheck command ({self.command})" if self.kind == COMMAND and self.command else (
            "a factcheck command" if self.kind == COMMAND else "a factcheck window")
        return f"{what} (process {self.pid} on {self.host}{since})"


class LibraryLock:
    """A process's exclusive claim on a library, held until :meth:`release` or the process ends."""

    def __init__(self, path: Path, fd: int | None, kind: str = WINDOW, command: str = "", since: str = "") -> None:
        self.path = path
        self.kind = kind
        self.command = command
        self.since = since
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    @classmethod
    def acquire(cls, library_path: str | Path, kind: str = WINDOW, command: str = "") -> LibraryLock:
        """Take the library's lock at once, or raise :class:`LibraryInUse` naming its holder.

        Raises :class:`LibraryError` when the lock cannot be taken at all where the library
        could be written; where nothing can be written, returns an unheld lock.
        """
        path = lock_path(library_path)
        library = path.with_name(path.name[: -len(SUFFIX)])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
            except PermissionError:  # made by another user: a read-only descriptor locks as well
                fd = os.open(path, os.O_RDONLY)
        except OSError as error:
            return cls._without_lock(path, library, kind, "cannot create or open", error)
        try:
            locked = _try_lock(fd)
        except OSError as error:
            os.close(fd)
            return cls._without_lock(path, library, kind, "cannot lock", error)
        if not locked:
            holder = _read_holder(fd)
            os.close(fd)
            raise in_use(library, holder)
        since = datetime.now().astimezone().isoformat(timespec="seconds")
        _write_holder(fd, kind, command, since)
        return cls(path, fd, kind, command, since)

    @classmethod
    def _without_lock(cls, path: Path, library: Path, kind: str, what: str, error: OSError) -> LibraryLock:
        """No lock where nothing can be written; a refusal where the library could be changed."""
        reason = error.strerror or str(error)
        if _writable(library):
            raise LibraryError(
                f"The library {library} cannot be opened: factcheck {what} its lock file {path} ({reason}). "
                "The lock keeps two factcheck processes from opening the library at once. If another user "
                "made the lock file private to them, ask them to make it readable for you, or remove it while "
                "nobody has the library open (it holds only who has the library open); a library on a network "
                "drive is not supported: copy it to a local disk.")
        log.warning("%s the library lock %s (%s): nothing can be written there, opening without it",
                    what, path, reason)
        return cls(path, None, kind)

    def note_no_channel(self, reason: str) -> None:
        """Tell other processes, through the lock file, that this window cannot take their work, and why."""
        if self._fd is not None:
            _write_holder(self._fd, self.kind, self.command, self.since, no_channel=reason.rstrip(". "))

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass  # the details are only for a message; closing releases the lock
            os.close(fd)

    def __enter__(self) -> LibraryLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def in_use(library: Path, holder: Holder | None) -> LibraryInUse:
    if holder is not None and holder.kind == COMMAND:
        message = (f"The library {library} is in use by {holder.describe()}. "
                   "Try again when it has finished.")
    else:
        by = f" ({holder.describe().removeprefix('a factcheck window (')}" if holder else ""
        message = (f"The library {library} is already open in another factcheck window{by}. "
                   "Switch to that window, or close it first; to work on another library, "
                   "start factcheck with --db PATH.")
    error = LibraryInUse(message)
    error.holder = holder
    return error


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


def _writable(library: Path) -> bool:
    """Whether this process could change the library: its folder, or the file itself, is writable."""
    return os.access(library.parent, os.W_OK) or (library.exists() and os.access(library, os.W_OK))


def _write_holder(fd: int, kind: str, command: str, since: str, no_channel: str = "") -> None:
    holder = {"kind": kind, "command": command, "pid": os.getpid(), "host": this_host(), "since": since}
    if no_channel:
        holder["no_channel"] = no_channel
    details = json.dumps(holder)
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, details.encode())
    except OSError as error:
        log.warning("cannot write the library lock's details: %s", error)


def _read_holder(fd: int) -> Holder | None:
    """The holder's details, or None if they cannot be read (not written yet, say)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 4096).decode() or "{}")
        return Holder(kind=str(data.get("kind", WINDOW)), pid=int(data["pid"]), host=str(data["host"]),
                      since=str(data.get("since", "")), command=str(data.get("command", "")),
                      no_channel=str(data.get("no_channel", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def hold_for_command(library_path: str | Path, command: str, timeout_s: float | None = None) -> LibraryLock | None:
    """The library's lock for a command, or None when a window holds it and the work is the window's.

    None means: hand the work to the window over its channel (it is listening). Waits up
    to ``timeout_s`` (default: the busy timeout, ``$FACTCHECK_BUSY_TIMEOUT_MS``) while
    another command holds the library, or while a window that holds it is not yet
    listening; then raises :class:`~factcheck.store.errors.LibraryBusy` naming the holder.
    A window that says it cannot listen is named at once.

    On Windows (no channel, and no need for one: see the module's docstring) a command
    finding a window gets an unheld lock and opens the library beside it; ``restore``
    gets None, and the caller leaves it to the window.
    """
    from factcheck.store import window_channel
    from factcheck.store.sqlite_store import busy_timeout_ms

    library = Path(library_path).expanduser()
    deadline = time.monotonic() + (busy_timeout_ms() / 1000 if timeout_s is None else timeout_s)
    while True:
        try:
            return LibraryLock.acquire(library, COMMAND, command)
        except LibraryInUse as in_use_now:
            holder = in_use_now.holder
            if holder is not None and holder.kind == WINDOW and not window_channel.SUPPORTED:
                return None if command == "restore" else LibraryLock(lock_path(library), None, COMMAND, command)
            if holder is not None and holder.kind == WINDOW and holder.no_channel:
                raise LibraryBusy(f"The library {library} is open in {holder.describe()}, which cannot take work "
                                  f"from other factcheck processes: {holder.no_channel}. Close that window, "
                                  "then run the command again.") from None
            if (holder is None or holder.kind == WINDOW) and window_channel.reachable(library):
                return None
            if time.monotonic() >= deadline:
                raise _busy(library, holder) from None
        time.sleep(0.05)


def _busy(library: Path, holder: Holder | None) -> LibraryBusy:
    if holder is not None and holder.kind == COMMAND:
        return LibraryBusy(f"The library {library} is busy: {holder.describe()} is using it. "
                           "Try again when it has finished.")
    who = holder.describe() if holder is not None else "another factcheck process"
    return LibraryBusy(f"The library {library} is open in {who}, which did not answer. "
                       "Try again in a moment, or close that window first.")
