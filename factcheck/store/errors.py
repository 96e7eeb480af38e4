"""Failures of the user's environment, worded for the user, and SQLite's errors sorted into them.

Every message says what happened and what to do; the window shows it in a
dialog and the command line prints it, both without a traceback.

:func:`environment_error` sorts a SQLite error by its result code, never by the
wording of its message: a busy, read-only, full, unreadable or damaged library is the
user's environment; anything else ("no such column", a constraint our own code broke,
a misuse of the API) is a bug, which is not dressed up as one of these but goes on as
it was raised, with its traceback, to the crash handler and the log.
"""

from __future__ import annotations

import sqlite3

# SQLite's primary result codes (https://www.sqlite.org/rescode.html), the low byte of
# an extended code such as SQLITE_IOERR_SHORT_READ (522).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOLFS = 22
SQLITE_AUTH = 23
SQLITE_NOTADB = 26


class LibraryError(Exception):
    """A library that cannot be opened or written; ``str()`` is a user-ready message."""


class NotALibrary(LibraryError):
    """The file is not a SQLite database, or not one that factcheck made."""


class LibraryTooNew(LibraryError):
    """The file was written by a newer factcheck that knows a schema this one does not."""


class LibraryBusy(LibraryError):
    """Another program holds the library's write lock for longer than we wait."""


class LibraryInUse(LibraryError):
    """Another factcheck process holds the library (see :mod:`factcheck.store.library_lock`).

    ``holder`` is a :class:`~factcheck.store.library_lock.Holder` (a window or a command),
    or None when its details could not be read.
    """

    holder = None


class LibraryOffline(LibraryError):
    """The server holding a shared library cannot be reached, or the connection to it was lost."""


class NotAllowed(LibraryError):
    """The shared library's server refused what this reviewer's role may not do (a reporter's approval, say)."""


class LibraryDamaged(LibraryError):
    """The file is a SQLite database that is cut short, overwritten or fails its integrity check.

    The file is left as it is. ``path`` is the damaged file, ``backup`` the newest good
    backup of it (None if none was found or looked for), ``reason`` the finding alone.
    """

    def __init__(self, message: str, path=None, backup=None, reason: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup
        self.reason = reason


def result_code(error: BaseException) -> int | None:
    """SQLite's primary result code for ``error``; None for an error SQLite did not report (e.g. a closed connection)."""
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def environment_error(path, error: sqlite3.Error) -> LibraryError | None:
    """The user-ready error for a SQLite failure of the user's environment; None when it is a bug.

    A caller re-raises the original error (``raise``) when this returns None, else raises
    what it returns ``from`` it.
    """
    code = result_code(error)
    where = path or "the in-memory library"
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return LibraryBusy(f"The library {where} is busy: another program is writing to it. "
                           "Try again in a moment.")
    if code == SQLITE_READONLY:
        return LibraryError(f"The library {where} is read-only: nothing was saved. "
                            "Check the file's permissions, or choose another library.")
    if code == SQLITE_FULL:
        return LibraryError(f"The disk holding {where} is full: nothing was saved. "
                            "Free some space and try again.")
    if code == SQLITE_IOERR:
        return LibraryError(f"The library {where} could not be read or written: the disk reported an error "
                            f"({error}). Nothing was saved. Check that the disk or network drive holding it "
                            "is connected and working, then try again.")
    if code == SQLITE_CANTOPEN:
        return LibraryError(f"The library {where} cannot be opened ({error}). Check that its folder exists "
                            "and that you may write in it, or choose another library.")
    if code in (SQLITE_PERM, SQLITE_AUTH):
        return LibraryError(f"factcheck is not allowed to use the library {where} ({error}): nothing was "
                            "saved. Check the permissions of the file and its folder, or choose another library.")
    if code == SQLITE_NOLFS:
        return LibraryError(f"The library {where} has grown larger than the disk holding it can store a file: "
                            "nothing was saved. Move the library to another disk.")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return LibraryDamaged(f"The library {where} is damaged ({error}): nothing was saved. Restore a backup "
                              "(File ▸ Restore from backup…, or `factcheck restore`).",
                              path=path, reason=str(error))
    return None


class StaleValue(LibraryError):
    """A write given the value it expected to replace found another one stored: nothing was changed.

    ``stored`` is the value the library holds; ``changed_by`` and ``changed_at`` who stored
    it and when, as the history says (empty if it does not say). A script, or a second
    reviewer, can show them and decide again.
    """

    def __init__(self, message: str, stored=None, changed_by: str = "", changed_at: str = "") -> None:
        super().__init__(message)
        self.stored = stored
        self.changed_by = changed_by
        self.changed_at = changed_at


def check_expected(what: str, stored, expected, last_change=None) -> None:
    """Refuse a write whose caller expected another value than the one stored (``...``: nothing expected).

    ``last_change()``, if given, says who stored the value and when: ``(changed_by, changed_at)``,
    called only when the values differ.
    """
    if expected is not ... and stored != expected:
        by, at = last_change() if last_change is not None else ("", "")
        who = f" ({by or 'someone'} changed it{' at ' + shown_moment(at) if at else ''})" if by or at else ""
        raise StaleValue(f"{what} is now {_shown(stored)}{who}, not {_shown(expected)} as expected: nothing was "
                         "changed. Read it again and decide with what is stored.", stored, by or "", at or "")


def shown_moment(stamp: str) -> str:
    """``2026-12-02T10:42:05+00:00`` as ``2026-12-02 10:42 UTC``."""
    return stamp[:16].replace("T", " ") + " UTC" if stamp.endswith("+00:00") else stamp


def _shown(value) -> str:
    return "empty" if value in (None, "") else f"“{value}”"
