"""Backups of the library: making, listing, rotating and restoring them.

Knows the ``backups/`` folder beside the library and its names (``library.db`` →
``backups/library-20250102-153000.db``, local time; a library named without a suffix,
``news``, gets ``backups/news-20250102-153000``, so that ``news`` and ``news.db`` in one
folder never share a name). Each backup also records inside itself which library it was
made from (``backup_of`` in its properties: the library's file name); listing, rotating and
restoring go by that record, so one library's backups are never another's. :func:`make_backup` writes a
checked ``VACUUM INTO`` copy and :func:`rotate` keeps the newest *keep*;
:func:`list_backups` reads each one read-only; :func:`restore_backup` checks the chosen
file, keeps the current library beside it (``library.db.before-restore-…``, with its
``-wal`` and ``-shm``) and renames the copy into place, or changes nothing. Knows
SQLite, not Qt. Every failure is a :class:`LibraryError` worded for the user.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.store.damage import (_check_existing, _connect_read_only, _inspect, check_library, damaged,
                                    problem_reading)
from factcheck.store.errors import LibraryBusy, LibraryDamaged, LibraryError, LibraryTooNew, NotALibrary
from factcheck.store.sessions import process_alive

if TYPE_CHECKING:
    from factcheck.store.sqlite_store import SQLiteStore

log = logging.getLogger(__name__)

FOLDER = "backups"
KEEP = 10
STAMP = "%Y%m%d-%H%M%S"
BEFORE_MIGRATION = "before-migration"
ORIGIN_KEY = "backup_of"
SIDECARS = ("-wal", "-shm")
STALE_TEMPORARY = 3600  # seconds: a temporary copy this old was left by a crash


# ------------------------------------------------------------------ backups


@dataclass(frozen=True)
class Backup:
    """One backup file, as :func:`list_backups` found it."""

    path: Path
    made_at: datetime  # local time, from the file's name
    size: int
    article_count: int | None  # None when the file cannot be read
    claim_count: int | None
    ok: bool
    problem: str = ""  # why it is not ok, for the user
    label: str = ""  # "before-migration" for the copy taken before a schema update


def backups_folder(library_path: str | Path) -> Path:
    """Where the backups of ``library_path`` go: ``backups/`` beside it (beside the file a link leads to)."""
    return _real(library_path).parent / FOLDER


def _real(library_path: str | Path) -> Path:
    """The library file itself: a symlinked ``--db`` and the real path share their backups."""
    return Path(os.path.realpath(Path(library_path).expanduser()))


def make_backup(library_or_path: SQLiteStore | str | Path, folder: str | Path | None = None, *,
                keep: int | None = KEEP, label: str = "", now: datetime | None = None) -> Backup:
    """Copy the library consistently into ``folder`` and return the checked copy.

    ``library_or_path`` is an open :class:`SQLiteStore` (its connection makes the copy; not
    inside a transaction) or a library file (read through a read-only connection of
    its own, so the window may have it open and be writing). ``keep`` backups of this
    library are kept, the new one always among them; None deletes none.
    """
    connection, library_path = _source(library_or_path)
    library_path = _real(library_path)
    try:
        folder = Path(folder) if folder is not None else backups_folder(library_path)
        made_at = _local(now)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"Cannot make a backup in {folder}: {error.strerror or error}. "
                               "The library was not changed.") from error
        target = _free_name(folder, library_path, made_at, label)
        temporary = folder / f".{target.name}.{os.getpid()}.tmp"
        try:
            _remove_quietly(temporary)
            connection.execute("VACUUM INTO ?", [str(temporary)])
            _record_origin(temporary, library_path)
            problem = _problem_in_copy(temporary)
            if problem:
                raise LibraryDamaged(
                    f"The backup of {library_path} failed its integrity check ({problem}), so it was "
                    "not kept: the library itself may be damaged. Restore an earlier backup.",
                    path=library_path)
            _flush(temporary)
            os.replace(temporary, target)
            _flush_folder(folder)
        except sqlite3.Error as error:
            raise _copy_error(library_path, folder, error) from error
        except OSError as error:
            raise LibraryError(f"Cannot write the backup {target}: {error.strerror or error}. "
                               "The library was not changed.") from error
        finally:
            _remove_quietly(temporary)
    finally:
        if not _is_library(library_or_path):
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
    library_path = _real(library_path)
    folder = Path(folder) if folder is not None else backups_folder(library_path)
    found = _backup_files(library_path, folder)  # newest first
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
        if _claim(path, library_path) != OWN:  # another library's, or perhaps a namesake's
            continue
        try:
            path.unlink()
            deleted.append(path)
        except OSError as error:
            log.warning("could not delete the old backup %s: %s", path, error.strerror or error)
    _remove_stale_temporaries(library_path, folder)
    return deleted


def list_backups(library_path: str | Path, folder: str | Path | None = None) -> list[Backup]:
    """The backups of the library, newest first, each read (read-only) for its counts and soundness."""
    library_path = _real(library_path)
    folder = Path(folder) if folder is not None else backups_folder(library_path)
    return [read_backup(path, made, label) for path, made, label in _backup_files(library_path, folder)
            if _claim(path, library_path) != OTHER]


def newest_backup_time(library_path: str | Path, folder: str | Path | None = None) -> datetime | None:
    """When the newest backup was made, from the file names alone (opens nothing)."""
    library_path = _real(library_path)
    folder = Path(folder) if folder is not None else backups_folder(library_path)
    found = _backup_files(library_path, folder)
    return found[0][1] if found else None


def newest_good_backup(library_path: str | Path) -> Backup | None:
    return next((b for b in list_backups(library_path) if b.ok), None)


def read_backup(path: str | Path, made_at: datetime | None = None, label: str | None = None) -> Backup:
    """What a backup file holds; a file that cannot be read is returned as not ok."""
    path = Path(path)
    if made_at is None or label is None:
        parsed = _parse_name(path.name)
        made_at = made_at or (parsed[0] if parsed else _local(datetime.fromtimestamp(_mtime(path))))
        label = label if label is not None else (parsed[1] if parsed else "")
    size = path.stat().st_size if path.exists() else 0
    _kind, problem, articles, claims = _inspect(path, "quick_check")
    return Backup(path=path, made_at=made_at, size=size, article_count=articles, claim_count=claims,
                  ok=not problem, problem=problem, label=label)


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
    library_path = _real(library_path)  # through a link, the file it leads to is replaced; the link stays
    _refuse_unless_restorable(backup_path)
    origin = _origin(backup_path)
    if _claim(backup_path, library_path) == OTHER:
        raise LibraryError(f"Cannot restore {library_path} from {backup_path}: it is a backup of another "
                           f"library ({origin}). Nothing was changed.")
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
        _flush_folder(library_path.parent)
        _check_after_swap(library_path)
    except OSError as error:
        raise LibraryError(f"Cannot restore {library_path}: {error.strerror or error}.") from error
    finally:
        _remove_quietly(temporary)
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
    from factcheck.store import (
        sessions,  # sessions is imported by library, which imports us
    )

    _remove_quietly(temporary)
    try:
        source = _connect_read_only(backup_path)
        try:
            source.execute("VACUUM INTO ?", [str(temporary)])
        finally:
            source.close()
        # The window that was open when the backup was made is not open in the restored
        # library: its session marker would read as an unclean shutdown.
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            copy.execute("DELETE FROM properties WHERE key LIKE ? ESCAPE '\\'",
                         [sessions.PREFIX.replace("_", "\\_") + "%"])
            copy.execute("DELETE FROM properties WHERE key = ?", [ORIGIN_KEY])  # a library, not a backup
        finally:
            copy.close()
    except sqlite3.Error as error:
        raise LibraryError(f"Cannot restore from {backup_path}: copying it failed ({error}). "
                           "Nothing was changed.") from error
    _kind, problem, _articles, _claims = _inspect(temporary, "integrity_check")
    if problem:
        raise LibraryDamaged(f"Cannot restore from {backup_path}: its copy failed the check "
                             f"({problem}). Nothing was changed.")
    _flush(temporary)


def _set_aside(library_path: Path, now: datetime | None) -> Path:
    """Keep the current library under a new name; the original name stays taken until the rename over it.

    A sound library is first checkpointed and closed, so its ``-wal`` is folded in and
    deleted; if the ``-wal`` survives, another process has the library open and nothing
    is done. A damaged one is not touched: its ``-wal`` and ``-shm`` move with it.
    """
    health = check_library(library_path, full=False)
    if health.ok:
        _checkpoint_alone(library_path)
    aside = _aside_name(library_path, "damaged" if health.problem == "damaged" else "before-restore", now)
    try:
        os.link(library_path, aside)  # the library stays in place until the backup replaces it
    except OSError:
        shutil.copy2(library_path, aside)
        _flush(aside)
    for suffix in SIDECARS:
        sidecar = library_path.with_name(library_path.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, aside.with_name(aside.name + suffix))
    return aside


def _set_aside_orphans(library_path: Path, now: datetime | None) -> None:
    """Move a ``-wal``/``-shm`` whose library file is gone out of the way of the restored copy."""
    aside = _aside_name(library_path, "orphaned", now)
    for suffix in SIDECARS:
        sidecar = library_path.with_name(library_path.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, aside.with_name(aside.name + suffix))


def _remove_quietly(path: Path) -> None:
    """Delete a temporary file if it is there; a read-only disk must not hide the real error."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


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


# ------------------------------------------------------- before a migration


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


def backup_before_migration(library_or_path: SQLiteStore | str | Path) -> Backup | None:
    """A backup taken just before a schema update of an existing library (rotates nothing).

    :meth:`SQLiteStore.open <factcheck.store.sqlite_store.SQLiteStore.open>` calls it when the file
    has applied schema steps and some are pending. A backup that cannot be made stops
    the update: the library is left as it was.
    """
    if _is_library(library_or_path) and library_or_path.path is None:
        return None
    try:
        return make_backup(library_or_path, keep=None, label=BEFORE_MIGRATION)
    except LibraryError as error:
        raise LibraryError(f"The library needs a schema update, but the backup taken first failed: "
                           f"{error} The library was not updated.") from error


# ------------------------------------------------------------------ helpers


def _is_library(value) -> bool:
    return hasattr(value, "db") and hasattr(value, "path")


def _source(library_or_path) -> tuple[sqlite3.Connection, Path]:
    """The connection to copy from, and the library's path (for names and messages)."""
    if _is_library(library_or_path):
        if library_or_path.path is None:
            raise LibraryError("An in-memory library has no file to back up.")
        return library_or_path.db.conn, Path(library_or_path.path)
    path = Path(library_or_path)
    if not path.is_file() or path.stat().st_size == 0:
        raise LibraryError(f"There is no library at {path}: nothing to back up.")
    _check_existing(path)
    try:
        return _connect_read_only(path), path
    except sqlite3.Error as error:
        raise LibraryError(f"Cannot read the library {path}: {error}.") from error



def _problem_in_copy(path: Path) -> str:
    _kind, problem, _articles, _claims = _inspect(path, "integrity_check")
    return problem


def _copy_error(library_path: Path, folder: Path, error: sqlite3.Error) -> LibraryError:
    message = str(error)
    if "full" in message:
        return LibraryError(f"The disk holding {folder} is full: no backup of {library_path} was made. "
                            "Free some space and try again.")
    if isinstance(error, sqlite3.DatabaseError) and problem_reading(error):
        return damaged(library_path, message)
    if "transaction" in message:
        return LibraryBusy(f"Cannot back up {library_path} in the middle of an edit; try again when it is saved.")
    return LibraryError(f"Cannot back up {library_path} to {folder}: {message}. The library was not changed.")


def _backup_files(library_path: Path, folder: Path) -> list[tuple[Path, datetime, str]]:
    """(path, made at, label) of each backup of this library in ``folder``, newest first."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    patterns = [_name_pattern(library_path)]
    if not library_path.suffix:  # named as older versions named them: news → news-….db
        patterns.append(_name_pattern(library_path.with_name(library_path.name + ".db")))
    found = []
    for entry in entries:
        match = next((m for m in (p.match(entry.name) for p in patterns) if m), None)
        if not match:
            continue
        try:
            made = _local(datetime.strptime(match["stamp"], STAMP))
        except ValueError:
            continue
        found.append((made, int(match["n"] or 1), entry, match["label"] or ""))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [(entry, made, label) for made, _n, entry, label in found]


def _record_origin(copy_path: Path, library_path: Path) -> None:
    """Write into a fresh backup which library it is a copy of."""
    copy = sqlite3.connect(copy_path, isolation_level=None)
    try:
        copy.execute("INSERT INTO properties (key, value) VALUES (?, ?)"
                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [ORIGIN_KEY, library_path.name])
    finally:
        copy.close()


def _origin(backup_path: Path) -> str | None:
    """The library a backup records it was made from; None for an older backup that records none."""
    try:
        conn = _connect_read_only(backup_path)
        try:
            row = conn.execute("SELECT value FROM properties WHERE key = ?", [ORIGIN_KEY]).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


OWN, MAYBE, OTHER = "own", "maybe", "other"


def _claim(backup_path: Path, library_path: Path) -> str:
    """Whose a backup is: OWN, OTHER, or MAYBE for an older backup (no record inside) whose
    name a namesake beside the library could also have given it (``news`` and ``news.db``)."""
    origin = _origin(backup_path)
    if origin is not None:
        return OWN if origin == library_path.name else OTHER
    stem = library_path.stem if library_path.suffix == ".db" else library_path.name
    namesakes = {library_path.parent / stem, library_path.parent / f"{stem}.db"} - {library_path}
    return MAYBE if any(n.is_file() for n in namesakes) else OWN


def _name_pattern(library_path: Path) -> re.Pattern:
    stem, suffix = library_path.stem, library_path.suffix
    return re.compile(rf"^{re.escape(stem)}-(?P<stamp>\d{{8}}-\d{{6}})(?:-(?P<n>\d+))?"
                      rf"(?:-(?P<label>[a-z][a-z-]*))?{re.escape(suffix)}$")


def _parse_name(name: str) -> tuple[datetime, str] | None:
    match = re.search(r"-(\d{8}-\d{6})(?:-\d+)?(?:-([a-z][a-z-]*))?(?:\.[^.]*)?$", name)
    if not match:
        return None
    try:
        return _local(datetime.strptime(match[1], STAMP)), match[2] or ""
    except ValueError:
        return None


def _free_name(folder: Path, library_path: Path, made_at: datetime, label: str) -> Path:
    stem, suffix = library_path.stem, library_path.suffix
    tail = f"-{label}" if label else ""
    stamp = made_at.strftime(STAMP)
    n = 1
    while True:
        name = f"{stem}-{stamp}{'' if n == 1 else f'-{n}'}{tail}{suffix}"
        if not (folder / name).exists():
            return folder / name
        n += 1


def _aside_name(path: Path, kind: str, now: datetime | None) -> Path:
    base = f"{path.name}.{kind}-{_local(now).strftime(STAMP)}"
    candidate, n = path.with_name(base), 2
    while any(candidate.with_name(candidate.name + s).exists() for s in ("", *SIDECARS)):
        candidate, n = path.with_name(f"{base}-{n}"), n + 1
    return candidate


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
        if not process_alive(int(match["pid"])) or time.time() - _mtime(entry) > STALE_TEMPORARY:
            _remove_quietly(entry)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()


def _local(moment: datetime | None) -> datetime:
    """An aware local time: now, or ``moment`` (naive means local)."""
    return (moment or datetime.now()).astimezone().replace(microsecond=0)


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flush_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename itself is atomic
    finally:
        os.close(fd)
