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
