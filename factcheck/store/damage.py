"""Whether a library file is sound, and what to do with one that is not.

Knows what a factcheck library file looks like from outside and from SQLite: the
checks :meth:`SQLiteStore.open <factcheck.store.sqlite_store.SQLiteStore.open>` runs on an existing
file before writing a byte (not a SQLite database, not a factcheck library, from a
newer factcheck, cut short, emptied, failing ``quick_check``), ``PRAGMA
integrity_check``, and which SQLite errors mean the file itself is damaged.
:func:`check_library` reports what it finds (:class:`Health`); :func:`damaged` words
the error and names the newest good backup; :func:`quarantine` sets a damaged file
aside under a new name, never deleting or overwriting it. Knows SQLite, not Qt.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from factcheck.store.errors import (
    LibraryDamaged,
    LibraryError,
    LibraryTooNew,
    NotALibrary,
)
from factcheck.store.migrations import known_steps
from factcheck.store.sqlite_files import (
    SQLITE_MAGIC,
    aside_name,
    connect_read_only,
    cut_short,
    factcheck_steps,
    flush_folder,
    inspect,
    move_sidecars,
    problem_reading,
    quick_check,
    read_header,
    refuse_unless_regular,
    table_names,
)

log = logging.getLogger(__name__)

__all__ = [
    "Health",
    "check_existing",
    "check_library",
    "damage_seen_in_file",
    "damaged",
    "problem_reading",
    "quarantine",
    "quick_check",
    "refuse_foreign_file",
    "refuse_unless_regular",
]


@dataclass(frozen=True)
class Health:
    """What :func:`check_library` found."""

    path: Path
    ok: bool
    message: str  # a sentence for the user
    problem: str = ""  # "", "missing", "empty", "not-a-library", "too-new", "damaged", "unreadable"
    reason: str = ""  # the finding alone, e.g. "it is cut short: 4096 of 8192 bytes"


def check_library(path: str | Path, *, full: bool = True) -> Health:
    """Whether ``path`` is a sound factcheck library, without writing to it.

    Runs the checks :meth:`SQLiteStore.open <factcheck.store.sqlite_store.SQLiteStore.open>` runs,
    then ``PRAGMA integrity_check`` (``quick_check`` if not ``full``).
    """
    path = Path(path)
    if not path.is_file():
        return Health(path, False, f"There is no library file at {path}.", "missing", "there is no such file")
    if path.stat().st_size == 0:
        return Health(path, False, f"{path} is empty: it holds no library.", "empty", "it is empty (0 bytes)")
    try:
        check_existing(path)
    except LibraryDamaged as error:
        return Health(path, False, str(error), "damaged", error.reason)
    except NotALibrary as error:
        return Health(path, False, str(error), "not-a-library", "it is not a factcheck library")
    except LibraryTooNew as error:
        return Health(path, False, str(error), "too-new", "it was written by a newer version of factcheck")
    except LibraryError as error:
        return Health(path, False, str(error), "unreadable", "it cannot be read")
    kind, reason, _articles, _claims = inspect(path, "integrity_check" if full else "quick_check")
    if kind == "damaged":
        return Health(path, False, str(damaged(path, reason)), kind, reason)
    if kind:
        return Health(path, False, f"{path} cannot be used as a library: {reason}.", kind, reason)
    return Health(path, True, f"{path} passed the integrity check.")


def refuse_foreign_file(path: Path) -> None:
    """Refuse a file that is not a SQLite database at all, from its first bytes only.

    For a command, before it takes the library's lock (so a wrong ``--db`` leaves no lock
    file beside someone's document); it opens no SQLite connection, so it is safe while
    another process holds the library.
    """
    if not path.exists():
        return
    refuse_unless_regular(path)
    try:
        header = read_header(path)
    except OSError as error:
        raise LibraryError(f"Cannot read the library {path}: {error.strerror}.") from error
    if header and header != SQLITE_MAGIC and not damage_seen_in_file(path, header):
        raise NotALibrary(
            f"{path} is not a factcheck library (it is not a SQLite database). "
            "The file was left unchanged; choose another file with --db.")


def check_existing(path: Path) -> None:
    """Refuse, without writing, a file that is not a factcheck library, is too new or is damaged.

    The checks :meth:`SQLiteStore.open <factcheck.store.sqlite_store.SQLiteStore.open>` runs on
    an existing file before it writes a byte; an empty file passes (SQLite makes it a new database).
    """
    refuse_unless_regular(path)
    try:
        header = read_header(path)
    except OSError as error:
        raise LibraryError(f"Cannot read the library {path}: {error.strerror}.") from error
    damage = damage_seen_in_file(path, header)  # cut short, or emptied though it has backups
    if damage:
        raise damaged(path, damage)
    if not header:
        return  # an empty file: SQLite treats it as a new database
    if header != SQLITE_MAGIC:
        raise NotALibrary(
            f"{path} is not a factcheck library (it is not a SQLite database). "
            "The file was left unchanged; choose another file with --db.")
    try:
        conn = connect_read_only(path)
        try:
            tables = table_names(conn)
            steps = factcheck_steps(conn, tables)
            damage = quick_check(conn) if steps else None
        finally:
            conn.close()
    except UnicodeDecodeError as error:  # a garbled name in the schema
        raise damaged(path, "its schema holds garbled text") from error
    except sqlite3.DatabaseError as error:
        if problem_reading(error):  # a SQLite header, then garbage or missing pages
            raise damaged(path, str(error)) from error
        raise NotALibrary(
            f"{path} cannot be read as a factcheck library ({error}). "
            "The file was left unchanged.") from error
    if tables and not steps:
        raise NotALibrary(
            f"{path} is a SQLite database, but not a factcheck library. "
            "The file was left unchanged; choose another file with --db.")
    unknown = steps - known_steps()
    if unknown:
        raise LibraryTooNew(
            f"{path} was written by a newer version of factcheck (it has schema steps this "
            f"version does not know: {', '.join(sorted(unknown))}). Update factcheck to open it; "
            "the file was left unchanged.")
    if damage:
        raise damaged(path, f"it fails the integrity check ({damage})")


def quarantine(path: str | Path, *, now: datetime | None = None) -> Path:
    """Rename a damaged library (and its ``-wal``/``-shm``) to ``<name>.damaged-<time>``; return the new path.

    Never deletes anything. The library must be closed.
    """
    path = Path(path)
    if not path.exists():
        raise LibraryError(f"There is no file {path} to set aside.")
    aside = aside_name(path, "damaged", now)
    try:
        # The -wal first: a -wal left behind would be replayed into a new library of the same name.
        move_sidecars(path, aside)
        os.replace(path, aside)
        flush_folder(path.parent)
    except OSError as error:
        raise LibraryError(f"Cannot rename {path}: {error.strerror or error}.") from error
    log.warning("set the damaged library %s aside as %s", path, aside)
    return aside


def damaged(path: Path, reason: str) -> LibraryDamaged:
    """The error for a damaged library file, naming the newest good backup if there is one."""
    from factcheck.store.backup_catalog import backups_folder, newest_good_backup  # not needed to open a sound file

    newest = newest_good_backup(path)
    if newest is not None:
        offer = (f"Restore a backup (File ▸ Restore from backup…, or `factcheck restore`); the newest good "
                 f"one is {newest.path} from {newest.made_at:%Y-%m-%d %H:%M} ({newest.article_count} articles, "
                 f"{newest.claim_count} claims).")
    else:
        offer = (f"A backup can be restored (File ▸ Restore from backup…, or `factcheck restore`), but no good "
                 f"backup was found in {backups_folder(path)}.")
    return LibraryDamaged(f"The library {path} is damaged: {reason}. The file was left unchanged. {offer}",
                          path=path, backup=newest.path if newest else None, reason=reason)


def damage_seen_in_file(path: Path, header: bytes) -> str | None:
    """Damage visible without SQLite: a file cut short, or emptied although it has backups."""
    if not header:
        from factcheck.store.backup_catalog import backup_files, backups_folder

        if backup_files(path, backups_folder(path)):
            return "it is empty (0 bytes), though backups of it exist"
        return None
    return cut_short(path, header)
