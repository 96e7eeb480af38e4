"""The library behind every view: the :class:`Store` protocol and its engines.

Everything above this package opens a library with :func:`open_store` and speaks to it
through :class:`Store` in :mod:`factcheck.core` objects; it knows nothing of Qt.
Two engines: SQLite (:class:`SQLiteStore`, one file on this computer, the default) and
PostgreSQL (:class:`~factcheck.store.postgres_store.PostgresStore`, a library a desk shares
on a server, opened by a ``postgresql://`` URL; its driver is imported only then).
"""

from __future__ import annotations

from pathlib import Path

from factcheck.locations import is_shared
from factcheck.store.errors import (LibraryBusy, LibraryDamaged, LibraryError, LibraryInUse, LibraryOffline,
                                    LibraryTooNew, NotALibrary, NotAllowed, StaleValue)
from factcheck.store.library_lock import LibraryLock
from factcheck.store.protocol import NO_CHANGES, Changes, Store
from factcheck.store.sessions import RecoveryReport
from factcheck.store.sqlite_store import SQLiteStore


def open_store(location: str | Path, user: str = "", *, read_only: bool = False, seeded: bool = False) -> Store:
    """Open the library at ``location`` as reviewer ``user``.

    ``location`` is a SQLite file (created if need be) or a ``postgresql://`` URL of a
    shared library (where the reviewer is the URL's login). ``read_only`` opens it for
    reading alone (``list``, ``export``): no session is recorded and every write is refused.
    ``seeded``: where nothing is at the path yet, the library is a copy of a recorded one that holds
    the seed article (the window's first launch: :mod:`factcheck.store.first_library`); anything
    there (an empty file, a log left beside it) is opened or made the long way, as without it, and the
    caller seeds that (``ensure_seed_article``).
    """
    if is_shared(location):
        from factcheck.store.postgres_store import PostgresStore  # psycopg only for a URL

        return PostgresStore.open(location, user, read_only=read_only)
    return SQLiteStore.open(location, user, read_only=read_only, seeded=seeded)


def restore_library(location: str | Path, backup):
    """Replace the library at ``location`` with ``backup`` (one of :meth:`Store.backups`).

    No handle on the library may be open meanwhile. The library as it was is kept
    beside it; returns what was done (:class:`~factcheck.store.backups.Restored`).
    """
    from factcheck.store.backups import restore_backup  # loaded only when restoring

    return restore_backup(backup.path, Path(location))


__all__ = ["Changes", "NO_CHANGES", "Store", "SQLiteStore", "open_store", "LibraryError", "LibraryBusy",
           "LibraryDamaged", "LibraryInUse", "LibraryTooNew", "LibraryOffline", "NotAllowed", "is_shared", "NotALibrary", "StaleValue", "RecoveryReport", "restore_library",
           "LibraryLock"]
