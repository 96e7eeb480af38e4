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
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from factcheck.store.errors import LibraryDamaged, LibraryError, LibraryTooNew, NotALibrary
from factcheck.store.migrations import known_steps

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLite result codes (the low byte of an extended code) that mean the file itself is bad.
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_SHORT_READ = 522  # SQLITE_IOERR_SHORT_READ: a page lies past the end of the file


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
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise LibraryError(f"Cannot read the library {path}: {error.strerror}.") from error
    if header and header != SQLITE_MAGIC and not damage_seen_in_file(path, header):
        raise NotALibrary(
            f"{path} is not a factcheck library (it is not a SQLite database). "
            "The file was left unchanged; choose another file with --db.")


def refuse_unless_regular(path: Path) -> None:
    """Refuse a library path that is a folder, a FIFO or a device: reading one would hang or harm."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise LibraryError(f"Cannot read the library {path}: {error.strerror}.") from error
    if not stat.S_ISREG(mode):
        kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        raise NotALibrary(f"{path} is {kind}, not a factcheck library. Nothing was read or changed; "
                          "choose a library file with --db.")


def _check_existing(path: Path) -> None:
    """Refuse, without writing, a file that is not a factcheck library or is too new."""
    refuse_unless_regular(path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
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
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            steps = set()
            if "_sqlite_migrations" in tables:
                steps = {name for (name,) in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = 'factcheck'")}
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
    from factcheck.store.backups import SIDECARS, _aside_name, _flush_folder  # backups imports this module

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
    from factcheck.store.backups import backups_folder, newest_good_backup  # backups imports this module

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
    from factcheck.store.backups import _backup_files, backups_folder  # backups imports this module

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


# ------------------------------------------------------------------ helpers


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


def _wal_has_frames(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 32  # a WAL header alone holds no pages
    except OSError:
        return False

