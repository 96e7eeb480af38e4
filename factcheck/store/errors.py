"""Failures of the user's environment, worded for the user.

Every message says what happened and what to do; the window shows it in a
dialog and the command line prints it, both without a traceback.
"""


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
