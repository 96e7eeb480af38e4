"""The library: articles, claims and sources in one SQLite file, through sqlite-utils.

Speaks in :mod:`factcheck.core` objects; knows nothing of Qt.
"""

from factcheck.store.errors import (LibraryBusy, LibraryDamaged, LibraryError, LibraryInUse, LibraryTooNew,
                                    NotALibrary)
from factcheck.store.library import Library
from factcheck.store.sessions import RecoveryReport
from factcheck.store.library_lock import LibraryLock

__all__ = ["Library", "LibraryError", "LibraryBusy", "LibraryDamaged", "LibraryInUse", "LibraryTooNew",
           "NotALibrary", "RecoveryReport", "LibraryLock"]
