"""The library: articles, claims and sources in one SQLite file, through sqlite-utils.

Speaks in :mod:`factcheck.core` objects; knows nothing of Qt.
"""

from factcheck.store.errors import LibraryBusy, LibraryError, LibraryTooNew, NotALibrary
from factcheck.store.library import Library

__all__ = ["Library", "LibraryError", "LibraryBusy", "LibraryTooNew", "NotALibrary"]
