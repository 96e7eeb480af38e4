"""A SQLite library as files: the library file, and the files SQLite and factcheck put beside it.

Knows what can be learnt about a library file without opening it for writing: its
first bytes (:func:`read_header`), whether it is a regular file
(:func:`refuse_unless_regular`), whether it is visibly cut short (:func:`cut_short`),
what a read-only connection finds in it (:func:`inspect`: soundness and counts) and
which SQLite errors mean the file itself is damaged (:func:`problem_reading`). Also
the names given beside a library (:func:`aside_name`, ``library.db.damaged-…``), the
local time stamps in those names, and making a write or a rename durable
(:func:`flush_file`, :func:`flush_folder`). Imports nothing of factcheck but its
schema's step names; knows SQLite, not Qt.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from factcheck.store.errors import LibraryError, NotALibrary
from factcheck.store.migrations import known_steps

SQLITE_MAGIC = b"SQLite format 3\x00"
SIDECARS = ("-wal", "-shm")  # the -wal first: one left behind would be replayed into a new file of that name
STAMP = "%Y%m%d-%H%M%S"  # local time, in the names of backups and of files set aside
# SQLite result codes (the low byte of an extended code) that mean the file itself is bad.
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_SHORT_READ = 522  # SQLITE_IOERR_SHORT_READ: a page lies past the end of the file


# ------------------------------------------------------------ the file itself


def real_file(path: str | Path) -> Path:
    """The library file itself: a symlinked ``--db`` and the real path share their backups."""
    return Path(os.path.realpath(Path(path).expanduser()))


def read_header(path: Path) -> bytes:
    """The first bytes of ``path`` (as many as a SQLite header's magic string); raises OSError."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC))


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


def cut_short(path: Path, header: bytes) -> str | None:
    """Why a file that starts with ``header`` (not empty) is visibly cut short, or None.

    Reads the SQLite header alone: a file shorter than its header, or than the pages
    the header counts (unless a ``-wal`` holds pages the file may not have yet).
    """
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
    if page_size < 512 or page_size & (page_size - 1) or not size_is_valid or wal_has_frames(path):
        return None  # SQLite decides (with a -wal, the file may lag behind the database)
    if size < pages * page_size:
        return f"it is cut short ({size} of the {pages * page_size} bytes it should have)"
    return None


def wal_has_frames(path: Path) -> bool:
    """Whether the library's ``-wal`` holds pages (a WAL header alone holds none)."""
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 32
    except OSError:
        return False


def modified_at(path: Path) -> float:
    """The file's modification time; now, if it cannot be read."""
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()


# ------------------------------------------------------------ read through SQLite


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to ``path`` (nor create it); waits up to 5 s for a lock."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)


def problem_reading(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's error means the file is damaged (rather than locked or unreadable)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return "malformed" in str(error) or "not a database" in str(error)
    return code & 0xFF in _DAMAGE_CODES or code == _SHORT_READ


def first_problems(conn: sqlite3.Connection, check: str = "quick_check") -> str | None:
    """The first problems ``PRAGMA <check>`` (``quick_check`` or ``integrity_check``) finds, on one line, or None."""
    rows = [row[0] for row in conn.execute(f"PRAGMA {check}(5)")]
    if rows == ["ok"]:
        return None
    lines = [line for row in rows for line in str(row).splitlines() if line and not line.startswith("***")]
    return "; ".join(lines[:5])


def quick_check(conn: sqlite3.Connection) -> str | None:
    """The first problems ``PRAGMA quick_check`` finds, on one line, or None."""
    return first_problems(conn, "quick_check")


def factcheck_steps(conn: sqlite3.Connection, tables: set[str]) -> set[str]:
    """The names of the factcheck schema steps applied to the database (none if it is not a library)."""
    if "_sqlite_migrations" not in tables:
        return set()
    return {name for (name,) in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'factcheck'")}


def table_names(conn: sqlite3.Connection) -> set[str]:
    return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


class Inspection(NamedTuple):
    """What :func:`inspect` found; ``kind`` is "" for a sound library, else as :attr:`Health.problem
    <factcheck.store.damage.Health.problem>` ("missing", "empty", "unreadable", "damaged",
    "not-a-library", "too-new"); the counts are None unless it is sound."""

    kind: str
    reason: str
    articles: int | None
    claims: int | None


def inspect(path: Path, check: str = "quick_check") -> Inspection:
    """Whether ``path`` is a sound factcheck library, and its counts, read through a read-only connection.

    ``check`` is ``"quick_check"`` or ``"integrity_check"``. Never raises for what it finds.
    """
    if not path.is_file():
        return Inspection("missing", "there is no such file", None, None)
    try:
        header = read_header(path)
    except OSError as error:
        return Inspection("unreadable", f"it cannot be read ({error.strerror or error})", None, None)
    if not header:
        return Inspection("empty", "it is empty (0 bytes)", None, None)
    cut = cut_short(path, header)
    if cut:
        return Inspection("damaged", cut, None, None)
    if header != SQLITE_MAGIC:
        return Inspection("not-a-library", "it is not a SQLite database", None, None)
    try:
        conn = connect_read_only(path)
        try:
            problem = first_problems(conn, check)
            if problem:
                return Inspection("damaged", f"it fails the integrity check ({problem})", None, None)
            tables = table_names(conn)
            steps = factcheck_steps(conn, tables)
            if not steps or not {"articles", "claims"} <= tables:
                return Inspection("not-a-library", "it is not a factcheck library", None, None)
            if steps - known_steps():
                return Inspection("too-new", "it was written by a newer version of factcheck", None, None)
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        if problem_reading(error):
            return Inspection("damaged", f"it cannot be read ({error})", None, None)
        return Inspection("unreadable", f"it cannot be read ({error})", None, None)
    except UnicodeDecodeError:
        return Inspection("damaged", "it holds garbled text", None, None)
    except sqlite3.Error as error:
        return Inspection("unreadable", f"it cannot be read ({error})", None, None)
    return Inspection("", "", articles, claims)


# ------------------------------------------------------------ names beside the library


def local_time(moment: datetime | None = None) -> datetime:
    """An aware local time to the second: now, or ``moment`` (naive means local)."""
    return (moment or datetime.now()).astimezone().replace(microsecond=0)


def aside_name(path: Path, kind: str, now: datetime | None = None) -> Path:
    """A free name beside ``path`` for setting it aside: ``library.db.<kind>-<time>`` (then ``-2``, …).

    Free for the file and for its ``-wal`` and ``-shm``.
    """
    base = f"{path.name}.{kind}-{local_time(now).strftime(STAMP)}"
    candidate, n = path.with_name(base), 2
    while any(candidate.with_name(candidate.name + s).exists() for s in ("", *SIDECARS)):
        candidate, n = path.with_name(f"{base}-{n}"), n + 1
    return candidate


def move_sidecars(path: Path, aside: Path) -> None:
    """Move ``path``'s ``-wal`` and ``-shm`` (those there are) to ``aside``'s, the ``-wal`` first."""
    for suffix in SIDECARS:
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, aside.with_name(aside.name + suffix))


# ------------------------------------------------------------ durable writes


def flush_file(path: Path) -> None:
    """Make the file's content durable before it is renamed into place."""
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def flush_folder(folder: Path) -> None:
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


def remove_quietly(path: Path) -> None:
    """Delete a temporary file if it is there; a read-only disk must not hide the real error."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
