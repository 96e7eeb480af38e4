"""Backups of the library, restoring one, and telling a damaged library file apart.

- :func:`make_backup` writes a consistent copy with ``VACUUM INTO`` to a temporary
  name in ``backups/`` beside the library, runs ``PRAGMA integrity_check`` on the copy,
  then renames it into place (``library.db`` → ``backups/library-20250102-153000.db``,
  local time) and deletes all but the newest *keep* backups of that library.
- :func:`list_backups` reads each backup read-only: time, size, article and claim
  counts, and whether it is sound; a damaged file is listed as not ok.
- :func:`restore_backup` checks the chosen file first (a sound factcheck library, not
  from a newer version), then keeps the current library beside it
  (``library.db.before-restore-…``, or ``library.db.damaged-…``, with its ``-wal`` and
  ``-shm``) and puts the copy in place with a rename. A failed check changes nothing.
- :func:`check_library` and :func:`quarantine`: a truncated, overwritten or corrupt
  library is reported (:class:`Health`) and set aside under a new name; never deleted,
  never overwritten.
- :class:`BackupPolicy` and :func:`maybe_backup`: when the window makes rolling
  backups (on open if the newest is over an hour old; after 200 edits or 30 minutes
  of editing).

Knows SQLite, not Qt. Every failure is a :class:`LibraryError` worded for the user.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.store.errors import LibraryBusy, LibraryDamaged, LibraryError, LibraryTooNew, NotALibrary
from factcheck.store.migrations import known_steps

if TYPE_CHECKING:
    from factcheck.store.library import Library

log = logging.getLogger(__name__)

FOLDER = "backups"
KEEP = 10
STAMP = "%Y%m%d-%H%M%S"
BEFORE_MIGRATION = "before-migration"
SQLITE_MAGIC = b"SQLite format 3\x00"
SIDECARS = ("-wal", "-shm")
STALE_TEMPORARY = 3600  # seconds: a temporary copy this old was left by a crash
# SQLite result codes (the low byte of an extended code) that mean the file itself is bad.
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_SHORT_READ = 522  # SQLITE_IOERR_SHORT_READ: a page lies past the end of the file


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
    """Where the backups of ``library_path`` go: ``backups/`` beside it."""
    return Path(library_path).parent / FOLDER


def make_backup(library_or_path: Library | str | Path, folder: str | Path | None = None, *,
                keep: int | None = KEEP, label: str = "", now: datetime | None = None) -> Backup:
    """Copy the library consistently into ``folder`` and return the checked copy.

    ``library_or_path`` is an open :class:`Library` (its connection makes the copy; not
    inside a transaction) or a library file (read through a read-only connection of
    its own, so the window may have it open and be writing). ``keep`` backups of this
    library are kept, the new one always among them; None deletes none.
    """
    connection, library_path = _source(library_or_path)
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
            temporary.unlink(missing_ok=True)
            connection.execute("VACUUM INTO ?", [str(temporary)])
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
            temporary.unlink(missing_ok=True)
    finally:
        if not _is_library(library_or_path):
            connection.close()
    log.info("backed up %s to %s", library_path, target)
    if keep is not None:
        rotate(library_path, folder, keep, protect=target)
    return read_backup(target)


def rotate(library_path: str | Path, folder: str | Path | None = None, keep: int = KEEP, *,
           protect: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups of the library (never ``protect``); return those deleted."""
    library_path = Path(library_path)
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
        try:
            path.unlink()
            deleted.append(path)
        except OSError as error:
            log.warning("could not delete the old backup %s: %s", path, error.strerror or error)
    _remove_stale_temporaries(library_path, folder)
    return deleted


def list_backups(library_path: str | Path, folder: str | Path | None = None) -> list[Backup]:
    """The backups of the library, newest first, each read (read-only) for its counts and soundness."""
    library_path = Path(library_path)
    folder = Path(folder) if folder is not None else backups_folder(library_path)
    return [read_backup(path, made, label) for path, made, label in _backup_files(library_path, folder)]


def newest_backup_time(library_path: str | Path, folder: str | Path | None = None) -> datetime | None:
    """When the newest backup was made, from the file names alone (opens nothing)."""
    library_path = Path(library_path)
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
    _refuse_unless_restorable(backup_path)
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
        os.replace(temporary, library_path)
        _flush_folder(library_path.parent)
    except OSError as error:
        raise LibraryError(f"Cannot restore {library_path}: {error.strerror or error}.") from error
    finally:
        temporary.unlink(missing_ok=True)
    log.info("restored %s from %s; the previous file is %s", library_path, backup_path, kept_as)
    return Restored(library=library_path, backup=read_backup(backup_path), kept_as=kept_as)


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

    temporary.unlink(missing_ok=True)
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


# ------------------------------------------------------------------- damage


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

    Runs the checks :meth:`Library.open <factcheck.store.library.Library.open>` runs,
    then ``PRAGMA integrity_check`` (``quick_check`` if not ``full``).
    """
    from factcheck.store.library import _check_existing  # library imports this module

    path = Path(path)
    if not path.is_file():
        return Health(path, False, f"There is no library file at {path}.", "missing", "there is no such file")
    if path.stat().st_size == 0:
        return Health(path, False, f"{path} is empty: it holds no library.", "empty", "it is empty (0 bytes)")
    try:
        _check_existing(path)
    except LibraryDamaged as error:
        return Health(path, False, str(error), "damaged", error.reason)
    except NotALibrary as error:
        return Health(path, False, str(error), "not-a-library", "it is not a factcheck library")
    except LibraryTooNew as error:
        return Health(path, False, str(error), "too-new", "it was written by a newer version of factcheck")
    except LibraryError as error:
        return Health(path, False, str(error), "unreadable", "it cannot be read")
    kind, reason, _articles, _claims = _inspect(path, "integrity_check" if full else "quick_check")
    if kind == "damaged":
        return Health(path, False, str(damaged(path, reason)), kind, reason)
    if kind:
        return Health(path, False, f"{path} cannot be used as a library: {reason}.", kind, reason)
    return Health(path, True, f"{path} passed the integrity check.")


def quarantine(path: str | Path, *, now: datetime | None = None) -> Path:
    """Rename a damaged library (and its ``-wal``/``-shm``) to ``<name>.damaged-<time>``; return the new path.

    Never deletes anything. The library must be closed.
    """
    path = Path(path)
    if not path.exists():
        raise LibraryError(f"There is no file {path} to set aside.")
    aside = _aside_name(path, "damaged", now)
    try:
        # The -wal first: a -wal left behind would be replayed into a new library of the same name.
        for suffix in SIDECARS:
            sidecar = path.with_name(path.name + suffix)
            if sidecar.exists():
                os.replace(sidecar, aside.with_name(aside.name + suffix))
        os.replace(path, aside)
        _flush_folder(path.parent)
    except OSError as error:
        raise LibraryError(f"Cannot rename {path}: {error.strerror or error}.") from error
    log.warning("set the damaged library %s aside as %s", path, aside)
    return aside


def damaged(path: Path, reason: str) -> LibraryDamaged:
    """The error for a damaged library file, naming the newest good backup if there is one."""
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
        if _backup_files(path, backups_folder(path)):
            return "it is empty (0 bytes), though backups of it exist"
        return None
    if len(header) < len(SQLITE_MAGIC) and SQLITE_MAGIC.startswith(header):
        return f"it is cut short ({len(header)} bytes)"
    if header != SQLITE_MAGIC:
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return None
    if len(head) < 100:
        return f"it is cut short ({size} bytes, less than a SQLite header)"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    size_is_valid = pages > 0 and head[24:28] == head[92:96]
    if page_size < 512 or page_size & (page_size - 1) or not size_is_valid or _wal_has_frames(path):
        return None  # SQLite decides (with a -wal, the file may lag behind the database)
    if size < pages * page_size:
        return f"it is cut short ({size} of the {pages * page_size} bytes it should have)"
    return None


def problem_reading(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's error means the file is damaged (rather than locked or unreadable)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return "malformed" in str(error) or "not a database" in str(error)
    return code & 0xFF in _DAMAGE_CODES or code == _SHORT_READ


def quick_check(conn: sqlite3.Connection) -> str | None:
    """The first problems ``PRAGMA quick_check`` finds, on one line, or None."""
    return _check_rows(conn, "quick_check")


def _check_rows(conn: sqlite3.Connection, check: str) -> str | None:
    rows = [row[0] for row in conn.execute(f"PRAGMA {check}(5)")]
    if rows == ["ok"]:
        return None
    lines = [line for row in rows for line in str(row).splitlines() if line and not line.startswith("***")]
    return "; ".join(lines[:5])


# ------------------------------------------------------- before a migration


def backup_before_migration(library_or_path: Library | str | Path) -> Backup | None:
    """A backup taken just before a schema update of an existing library (rotates nothing).

    :meth:`Library.open <factcheck.store.library.Library.open>` calls it when the file
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


# ---------------------------------------------------------- rolling backups


@dataclass(frozen=True)
class BackupPolicy:
    """When the window makes a rolling backup. Pure: give it the time and the count of edits."""

    keep: int = KEEP
    on_open_after: timedelta = timedelta(hours=1)  # on open, if the newest backup is older
    every_edits: int = 200  # after this many edits since the last backup ...
    every: timedelta = timedelta(minutes=30)  # ... or after any edit once the last is this old

    def due(self, reason: str, *, now: datetime, last_backup: datetime | None, edits_since: int) -> bool:
        """Whether to back up now. ``reason`` is ``"open"`` or ``"edit"``."""
        if reason not in ("open", "edit"):
            raise ValueError(f"unknown backup reason {reason!r}")
        if last_backup is None or last_backup > now:  # never, or the clock went back
            return reason == "open" or edits_since > 0
        age = now - last_backup
        if reason == "open":
            return age >= self.on_open_after
        return edits_since >= self.every_edits or (edits_since > 0 and age >= self.every)


@dataclass
class _Schedule:
    last_backup: datetime | None
    edits: int = 0


_schedules: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def maybe_backup(library: Library, reason: str, *, policy: BackupPolicy | None = None,
                 edits: int = 1, clock: Callable[[], datetime] | None = None) -> Backup | None:
    """Make a rolling backup of an open library if ``policy`` says it is due; else None.

    Call with ``"open"`` once the library is open, and with ``"edit"`` after each saved
    edit (``edits`` counts a batch, e.g. an import of 50 articles). A library with no
    articles, or in memory, is not backed up. A failure raises :class:`LibraryError`
    and the next attempt waits for the policy's interval, so a full disk is not retried
    after every edit. The copy runs on the caller's thread (about 0.1 s for 50 MB); to
    make it elsewhere, use :func:`backup_due` and ``make_backup(library.path)`` in a worker.
    """
    policy = policy or BackupPolicy()
    now = _local(clock() if clock else None)
    if not backup_due(library, reason, policy=policy, edits=edits, now=now):
        return None
    return make_backup(library, keep=policy.keep, now=now)


def backup_due(library: Library, reason: str, *, policy: BackupPolicy | None = None, edits: int = 1,
               now: datetime | None = None) -> bool:
    """Count the edits and say whether a rolling backup is due; if so, it counts as made now."""
    policy = policy or BackupPolicy()
    now = _local(now)
    if library.path is None:
        return False
    schedule = _schedules.get(library)
    if schedule is None:
        schedule = _schedules[library] = _Schedule(newest_backup_time(library.path))
    if reason == "edit":
        schedule.edits += edits
    if not policy.due(reason, now=now, last_backup=schedule.last_backup, edits_since=schedule.edits):
        return False
    if library.db.execute("SELECT NOT EXISTS (SELECT 1 FROM articles)").fetchone()[0]:
        return False
    schedule.last_backup, schedule.edits = now, 0  # a failure, too, waits for the next interval
    return True


# ------------------------------------------------------------------ helpers


def _is_library(value) -> bool:
    return hasattr(value, "db") and hasattr(value, "path")


def _source(library_or_path) -> tuple[sqlite3.Connection, Path]:
    """The connection to copy from, and the library's path (for names and messages)."""
    if _is_library(library_or_path):
        if library_or_path.path is None:
            raise LibraryError("An in-memory library has no file to back up.")
        return library_or_path.db.conn, Path(library_or_path.path)
    from factcheck.store.library import _check_existing  # library imports this module

    path = Path(library_or_path)
    if not path.is_file() or path.stat().st_size == 0:
        raise LibraryError(f"There is no library at {path}: nothing to back up.")
    _check_existing(path)
    try:
        return _connect_read_only(path), path
    except sqlite3.Error as error:
        raise LibraryError(f"Cannot read the library {path}: {error}.") from error


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)


def _inspect(path: Path, check: str) -> tuple[str, str, int | None, int | None]:
    """(kind, reason, article count, claim count) of a library file, read-only; kind "" if sound.

    The kinds are those of :attr:`Health.problem`.
    """
    if not path.is_file():
        return "missing", "there is no such file", None, None
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        return "unreadable", f"it cannot be read ({error.strerror or error})", None, None
    if not header:
        return "empty", "it is empty (0 bytes)", None, None
    cut = damage_seen_in_file(path, header)
    if cut:
        return "damaged", cut, None, None
    if header != SQLITE_MAGIC:
        return "not-a-library", "it is not a SQLite database", None, None
    try:
        conn = _connect_read_only(path)
        try:
            problem = _check_rows(conn, check)
            if problem:
                return "damaged", f"it fails the integrity check ({problem})", None, None
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            steps = set()
            if "_sqlite_migrations" in tables:
                steps = {name for (name,) in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = 'factcheck'")}
            if not steps or not {"articles", "claims"} <= tables:
                return "not-a-library", "it is not a factcheck library", None, None
            if steps - known_steps():
                return "too-new", "it was written by a newer version of factcheck", None, None
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        if problem_reading(error):
            return "damaged", f"it cannot be read ({error})", None, None
        return "unreadable", f"it cannot be read ({error})", None, None
    except UnicodeDecodeError:
        return "damaged", "it holds garbled text", None, None
    except sqlite3.Error as error:
        return "unreadable", f"it cannot be read ({error})", None, None
    return "", "", articles, claims


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
    pattern = _name_pattern(library_path)
    found = []
    for entry in entries:
        match = pattern.match(entry.name)
        if not match:
            continue
        try:
            made = _local(datetime.strptime(match["stamp"], STAMP))
        except ValueError:
            continue
        found.append((made, int(match["n"] or 1), entry, match["label"] or ""))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [(entry, made, label) for made, _n, entry, label in found]


def _name_pattern(library_path: Path) -> re.Pattern:
    stem, suffix = library_path.stem, library_path.suffix or ".db"
    return re.compile(rf"^{re.escape(stem)}-(?P<stamp>\d{{8}}-\d{{6}})(?:-(?P<n>\d+))?"
                      rf"(?:-(?P<label>[a-z][a-z-]*))?{re.escape(suffix)}$")


def _parse_name(name: str) -> tuple[datetime, str] | None:
    match = re.search(r"-(\d{8}-\d{6})(?:-\d+)?(?:-([a-z][a-z-]*))?\.[^.]*$", name)
    if not match:
        return None
    try:
        return _local(datetime.strptime(match[1], STAMP)), match[2] or ""
    except ValueError:
        return None


def _free_name(folder: Path, library_path: Path, made_at: datetime, label: str) -> Path:
    stem, suffix = library_path.stem, library_path.suffix or ".db"
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


def _remove_stale_temporaries(library_path: Path, folder: Path) -> None:
    """Temporary copies left by a backup that was killed half-way."""
    prefix = f".{library_path.stem}-"
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(".tmp") \
                and time.time() - _mtime(entry) > STALE_TEMPORARY:
            entry.unlink(missing_ok=True)


def _wal_has_frames(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 32  # a WAL header alone holds no pages
    except OSError:
        return False


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
