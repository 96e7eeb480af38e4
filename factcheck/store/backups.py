"""Backups of the library: making, rotating and restoring them.

Each backup lives in the ``backups/`` folder beside the library under a dated name and
records inside itself which library it was made from (:mod:`factcheck.store.backup_catalog`
knows those names and that record, and lists the backups; its names are re-exported here).
:func:`make_backup` writes a checked ``VACUUM INTO`` copy, read through a read-only
connection of its own, and :func:`rotate` keeps the newest *keep*, never deleting
another library's; :func:`restore_backup` checks the chosen file, keeps the current
library beside it (``library.db.before-restore-…``, with its ``-wal`` and ``-shm``) and
renames the copy into place, or changes nothing. Takes a library file or an open
library's ``path``, never the engine's connection: the SQLite engine imports this module,
not the other way round. Knows SQLite, not Qt. Every failure is a :class:`LibraryError`
worded for the user.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from factcheck.store.backup_catalog import (
    FOLDER,
    ORIGIN_KEY,
    OTHER,
    OWN,
    Backup,
    backup_files,
    backups_folder,
    free_name,
    list_backups,
    newest_backup_time,
    newest_good_backup,
    origin,
    read_backup,
    whose,
)
from factcheck.store.damage import check_existing, check_library, damaged
from factcheck.store.errors import (
    LibraryBusy,
    LibraryDamaged,
    LibraryError,
    LibraryTooNew,
    NotALibrary,
)
from factcheck.store.sessions import PREFIX as SESSION_PREFIX
from factcheck.store.sessions import process_alive
from factcheck.store.sqlite_files import (
    SIDECARS,
    aside_name,
    connect_read_only,
    flush_file,
    flush_folder,
    inspect,
    local_time,
    modified_at,
    move_sidecars,
    problem_reading,
    real_file,
    remove_quietly,
)

log = logging.getLogger(__name__)

__all__ = [
    "BEFORE_MIGRATION",
    "FOLDER",
    "KEEP",
    "Backup",
    "OpenLibrary",
    "Restored",
    "backup_before_migration",
    "backups_folder",
    "list_backups",
    "make_backup",
    "newest_backup_time",
    "newest_good_backup",
    "read_backup",
    "restore_backup",
    "rotate",
    "write_snapshot",
]

KEEP = 10
BEFORE_MIGRATION = "before-migration"
STALE_TEMPORARY = 3600  # seconds: a temporary copy this old was left by a crash


class OpenLibrary(Protocol):
    """An open library engine, as far as a backup needs it: the file it keeps (None in memory)."""

    path: Path | None


# ------------------------------------------------------------------ backups


def make_backup(library_or_path: OpenLibrary | str | os.PathLike, folder: str | Path | None = None, *,
                keep: int | None = KEEP, label: str = "", now: datetime | None = None) -> Backup:
    """Copy the library consistently into ``folder`` and return the checked copy.

    ``library_or_path`` is a library file, or an open library (a
    :class:`~factcheck.store.sqlite_store.SQLiteStore`; only its ``path`` is used). The
    copy is read through a read-only connection of its own, so it holds the committed
    edits alone, waits for no writer (the window may have the library open and be in
    the middle of an edit) and may be made on any thread. A file is first checked as
    :meth:`SQLiteStore.open <factcheck.store.sqlite_store.SQLiteStore.open>` checks it; an
    open library was checked when it was opened. ``keep`` backups of this library are
    kept, the new one always among them; None deletes none.
    """
    connection, library_path = _source(library_or_path)
    library_path = real_file(library_path)
    try:
        folder = Path(folder) if folder is not None else backups_folder(library_path)
        made_at = local_time(now)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"Cannot make a backup in {folder}: {error.strerror or error}. "
                               "The library was not changed.") from error
        target = free_name(folder, library_path, made_at, label)
        temporary = folder / f".{target.name}.{os.getpid()}.tmp"
        try:
            remove_quietly(temporary)
            connection.execute("VACUUM INTO ?", [str(temporary)])
            _record_origin(temporary, library_path)
            problem = _problem_in_copy(temporary)
            if problem:
                raise LibraryDamaged(
                    f"The backup of {library_path} failed its integrity check ({problem}), so it was "
                    "not kept: the library itself may be damaged. Restore an earlier backup.",
                    path=library_path)
            flush_file(temporary)
            os.replace(temporary, target)
            flush_folder(folder)
        except sqlite3.Error as error:
            raise _copy_error(library_path, folder, error) from error
        except OSError as error:
            raise LibraryError(f"Cannot write the backup {target}: {error.strerror or error}. "
                               "The library was not changed.") from error
        finally:
            remove_quietly(temporary)
    finally:
        connection.close()
    log.info("backed up %s to %s", library_path, target)
    if keep is not None:
        rotate(library_path, folder, keep, protect=target)
    return read_backup(target)


def rotate(library_path: str | Path, folder: str | Path | None = None, keep: int = KEEP, *,
           protect: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups of the library (never ``protect``); return those deleted.

    Only backups certainly this library's are deleted: never another library's, nor an
    older backup that records no library and could be a namesake's.
    """
    library_path = real_file(library_path)
    folder = Path(folder) if folder is not None else backups_folder(library_path)
    found = backup_files(library_path, folder)  # newest first
    kept = [path for path, _made, _label in found if path == protect]
    for path, _made, _label in found:
        if len(kept) >= max(1, keep):
            break
        if path not in kept:
            kept.append(path)
    deleted = []
    for path, _made, _label in found:
        if path in kept:
            continue
        if whose(path, library_path) != OWN:  # another library's, or perhaps a namesake's
            continue
        try:
            path.unlink()
            deleted.append(path)
        except OSError as error:
            log.warning("could not delete the old backup %s: %s", path, error.strerror or error)
    _remove_stale_temporaries(library_path, folder)
    return deleted


# ----------------------------------------------------------------- restoring


@dataclass(frozen=True)
class Restored:
    """What :func:`restore_backup` did."""

    library: Path
    backup: Backup
    kept_as: Path | None  # where the previous library file now is; None if there was none


def restore_backup(backup_path: str | Path, library_path: str | Path, *,
                   now: datetime | None = None) -> Restored:
    """Replace the library with a copy of ``backup_path``, keeping the current file beside it.

    The library must be closed (the window closes it first; the command line holds the
    window lock). Refuses, changing nothing, a backup that is missing, damaged, not a
    factcheck library or from a newer factcheck, and a library another process has open.
    """
    backup_path, library_path = Path(backup_path), Path(library_path)
    library_path = real_file(library_path)  # through a link, the file it leads to is replaced; the link stays
    _refuse_unless_restorable(backup_path)
    if whose(backup_path, library_path) == OTHER:
        raise LibraryError(f"Cannot restore {library_path} from {backup_path}: it is a backup of another "
                           f"library ({origin(backup_path)}). Nothing was changed.")
    _remove_stale_temporaries(library_path, library_path.parent)
    if library_path.exists() and backup_path.exists() and library_path.samefile(backup_path):
        raise LibraryError(f"{backup_path} is the library itself: choose a backup. Nothing was changed.")
    if not library_path.parent.is_dir():
        raise LibraryError(f"The folder of {library_path} does not exist. Nothing was changed.")
    temporary = library_path.with_name(f".{library_path.name}.restore.{os.getpid()}.tmp")
    try:
        _copy_for_restore(backup_path, library_path, temporary)
        kept_as = None
        if library_path.exists():
            kept_as = _set_aside(library_path, now)
        else:
            _set_aside_orphans(library_path, now)  # a -wal left without its library would be replayed
        os.replace(temporary, library_path)
        flush_folder(library_path.parent)
        _check_after_swap(library_path)
    except OSError as error:
        raise LibraryError(f"Cannot restore {library_path}: {error.strerror or error}.") from error
    finally:
        remove_quietly(temporary)
    log.info("restored %s from %s; the previous file is %s", library_path, backup_path, kept_as)
    return Restored(library=library_path, backup=read_backup(backup_path), kept_as=kept_as)


def _check_after_swap(library_path: Path) -> None:
    """The restored file in place is the checked copy, with no writer's -wal beside it."""
    strays = [library_path.with_name(library_path.name + suffix) for suffix in SIDECARS]
    health = check_library(library_path, full=False)
    if any(path.exists() for path in strays) or not health.ok:
        raise LibraryDamaged(f"{library_path} was restored, but something wrote beside it during the restore "
                             f"({health.reason or 'a -wal file appeared'}). Close every program using it and "
                             "restore again; the library as it was is kept beside it.", path=library_path)


def _refuse_unless_restorable(backup_path: Path) -> None:
    """Raise, with a message for the user, unless the file is a sound factcheck library."""
    def refuse(error_class, why: str):
        return error_class(f"Cannot restore from {backup_path}: {why}. Nothing was changed.")

    if not backup_path.is_file():
        raise refuse(LibraryError, "there is no such file")
    try:
        health = check_library(backup_path)
    except OSError as error:
        raise refuse(LibraryError, f"it cannot be read ({error.strerror or error})") from error
    if not health.ok:
        error_class = {"not-a-library": NotALibrary, "too-new": LibraryTooNew,
                       "damaged": LibraryDamaged}.get(health.problem, LibraryError)
        raise refuse(error_class, health.reason)


def _copy_for_restore(backup_path: Path, library_path: Path, temporary: Path) -> None:
    """A checked copy of the backup at ``temporary``, without the sessions it recorded."""
    remove_quietly(temporary)
    try:
        source = connect_read_only(backup_path)
        try:
            source.execute("VACUUM INTO ?", [str(temporary)])
        finally:
            source.close()
        # The window that was open when the backup was made is not open in the restored
        # library: its session marker would read as an unclean shutdown.
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            copy.execute("DELETE FROM properties WHERE key LIKE ? ESCAPE '\\'",
                         [SESSION_PREFIX.replace("_", "\\_") + "%"])
            copy.execute("DELETE FROM properties WHERE key = ?", [ORIGIN_KEY])  # a library, not a backup
        finally:
            copy.close()
    except sqlite3.Error as error:
        raise LibraryError(f"Cannot restore from {backup_path}: copying it failed ({error}). "
                           "Nothing was changed.") from error
    problem = inspect(temporary, "integrity_check").reason
    if problem:
        raise LibraryDamaged(f"Cannot restore from {backup_path}: its copy failed the check "
                             f"({problem}). Nothing was changed.")
    flush_file(temporary)


def _set_aside(library_path: Path, now: datetime | None) -> Path:
    """Keep the current library under a new name; the original name stays taken until the rename over it.

    A sound library is first checkpointed and closed, so its ``-wal`` is folded in and
    deleted; if the ``-wal`` survives, another process has the library open and nothing
    is done. A damaged one is not touched: its ``-wal`` and ``-shm`` move with it.
    """
    health = check_library(library_path, full=False)
    if health.ok:
        _checkpoint_alone(library_path)
    aside = aside_name(library_path, "damaged" if health.problem == "damaged" else "before-restore", now)
    try:
        os.link(library_path, aside)  # the library stays in place until the backup replaces it
    except OSError:
        shutil.copy2(library_path, aside)
        flush_file(aside)
    move_sidecars(library_path, aside)
    return aside


def _set_aside_orphans(library_path: Path, now: datetime | None) -> None:
    """Move a ``-wal``/``-shm`` whose library file is gone out of the way of the restored copy."""
    move_sidecars(library_path, aside_name(library_path, "orphaned", now))


def _checkpoint_alone(library_path: Path) -> None:
    wal = library_path.with_name(library_path.name + "-wal")
    try:
        conn = sqlite3.connect(library_path, timeout=2)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()  # the last connection to close deletes the -wal
    except sqlite3.Error as error:
        raise LibraryBusy(f"Cannot restore {library_path}: the current library could not be "
                          f"checkpointed ({error}). Close every factcheck window on it and try again. "
                          "Nothing was changed.") from error
    if wal.exists():
        raise LibraryBusy(f"Cannot restore {library_path}: another program has it open. Close every "
                          "factcheck window on it and try again. Nothing was changed.")


# ------------------------------------------------ snapshots, before a migration


def write_snapshot(library_path: str | Path, target: str | Path) -> None:
    """A consistent copy of the library in ``target`` (a new file), for a reader in another process.

    Read through a connection of its own, so it may run on any thread of the process
    that holds the library while that process goes on writing.
    """
    connection, library_path = _source(library_path)
    try:
        connection.execute("VACUUM INTO ?", [str(target)])
    except sqlite3.Error as error:
        raise _copy_error(library_path, Path(target).parent, error) from error
    finally:
        connection.close()


def backup_before_migration(library_or_path: OpenLibrary | str | os.PathLike) -> Backup | None:
    """A backup taken just before a schema update of an existing library (rotates nothing).

    :meth:`SQLiteStore.open <factcheck.store.sqlite_store.SQLiteStore.open>` calls it when the file
    has applied schema steps and some are pending. A backup that cannot be made stops
    the update: the library is left as it was. An in-memory library gets none.
    """
    if not _is_path(library_or_path) and library_or_path.path is None:
        return None
    try:
        return make_backup(library_or_path, keep=None, label=BEFORE_MIGRATION)
    except LibraryError as error:
        raise LibraryError(f"The library needs a schema update, but the backup taken first failed: "
                           f"{error} The library was not updated.") from error


# ------------------------------------------------------------------ helpers


def _is_path(value) -> bool:
    return isinstance(value, (str, os.PathLike))


def _source(library_or_path: OpenLibrary | str | os.PathLike) -> tuple[sqlite3.Connection, Path]:
    """A read-only connection to copy from, and the library's path (for names and messages)."""
    if _is_path(library_or_path):
        path = Path(library_or_path)
        if not path.is_file() or path.stat().st_size == 0:
            raise LibraryError(f"There is no library at {path}: nothing to back up.")
        check_existing(path)
    elif library_or_path.path is None:
        raise LibraryError("An in-memory library has no file to back up.")
    else:
        path = Path(library_or_path.path)  # checked when it was opened
    try:
        return connect_read_only(path), path
    except sqlite3.Error as error:
        raise LibraryError(f"Cannot read the library {path}: {error}.") from error


def _problem_in_copy(path: Path) -> str:
    return inspect(path, "integrity_check").reason


def _copy_error(library_path: Path, folder: Path, error: sqlite3.Error) -> LibraryError:
    message = str(error)
    if "full" in message:
        return LibraryError(f"The disk holding {folder} is full: no backup of {library_path} was made. "
                            "Free some space and try again.")
    if isinstance(error, sqlite3.DatabaseError) and problem_reading(error):
        return damaged(library_path, message)
    return LibraryError(f"Cannot back up {library_path} to {folder}: {message}. The library was not changed.")


def _record_origin(copy_path: Path, library_path: Path) -> None:
    """Write into a fresh backup which library it is a copy of."""
    copy = sqlite3.connect(copy_path, isolation_level=None)
    try:
        copy.execute("INSERT INTO properties (key, value) VALUES (?, ?)"
                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [ORIGIN_KEY, library_path.name])
    finally:
        copy.close()


_TEMPORARY = re.compile(r"\.(?P<pid>\d+)\.tmp(?:-journal|-wal|-shm)?$")


def _remove_stale_temporaries(library_path: Path, folder: Path) -> None:
    """Temporary copies (and their journals) left by a backup or a restore that was killed half-way.

    Their names carry the process id: one whose process is gone is removed at once, any
    other once it is an hour old.
    """
    prefixes = (f".{library_path.stem}-", f".{library_path.name}.restore.")
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        match = _TEMPORARY.search(entry.name)
        if not match or not entry.name.startswith(prefixes):
            continue
        if not process_alive(int(match["pid"])) or time.time() - modified_at(entry) > STALE_TEMPORARY:
            remove_quietly(entry)
