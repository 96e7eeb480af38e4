"""Failures of the user's environment, worded for the user.

Every message says what happened and what to do; the window shows it in a
dialog and the command line prints it, both without a traceback.
"""

import sqlite3


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


def environment_error(path, error: sqlite3.OperationalError) -> LibraryError:
    """The user-ready error for a SQLite failure caused by the environment (busy, read-only, full)."""
    message = str(error)
    where = path or "the in-memory library"
    if "locked" in message or "busy" in message:
        return LibraryBusy(f"The library {where} is busy: another program is writing to it. "
                           "Try again in a moment.")
    if "readonly" in message or "read-only" in message:
        return LibraryError(f"The library {where} is read-only: nothing was saved. "
                            "Check the file's permissions, or choose another library.")
    if "disk" in message and "full" in message or "database or disk is full" in message:
        return LibraryError(f"The disk holding {where} is full: nothing was saved. "
                            "Free some space and try again.")
    return LibraryError(f"Could not save to the library {where}: {message}.")


class StaleValue(LibraryError):
    """A write given the value it expected to replace found another one stored: nothing was changed.

    ``stored`` is the value the library holds; a script (or a second reviewer) can show
    it and decide again.
    """

    def __init__(self, message: str, stored=None) -> None:
        super().__init__(message)
        self.stored = stored
