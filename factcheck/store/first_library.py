"""A window's first library, copied from a recording: the schema and the seed article, as making them leaves them.

On its first launch the window would make a new file's schema (a hundred statements) and import
the seed article into it (reading it, hashing it: OpenSSL's library loaded for that alone), syncing
the disk seven times before its first paint (bench/cold_start.py, issue 10). Instead it copies
``first_library.sqlite.gz``: a library made exactly that way, by ``python tools/first_library.py``,
then compacted. Only where nothing is (:func:`fits`: no file, no link, no log left beside the name),
the copy is written beside the new file's name, synced and renamed into place, so that the name
never holds half a library; then it is opened as an existing library is (but for the checks of a
file found there: this one is ours, just written), brought up to date by any step it lacks, and
the times and the reviewer it records are made this launch's (:func:`restamp`, by the first open
that finds them). A launch killed before the rename leaves a hidden ``.NAME.PID.new`` beside the
name, and no library.

tests/store/test_first_library.py checks that the recording holds what making the library holds
(the schema, every row but their times, a full-text index that finds the seed), so a new step or
a new seed fails it until the recording is written again.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
from pathlib import Path

from factcheck.store.timestamps import now

RECORDING = Path(__file__).with_name("first_library.sqlite.gz")
STAMP = "2000-01-01T00:00:00+00:00"
"""The time the recording's rows bear (tools/first_library.py): a copy's are made its launch's."""


def recording() -> bytes:
    """The recorded library, as its file's bytes."""
    import zlib  # a first launch only

    return zlib.decompress(RECORDING.read_bytes(), wbits=16 + zlib.MAX_WBITS)  # gzip's format


def fits(path: Path) -> bool:
    """Whether a library made at ``path`` now may be a copy: nothing there at all, not even a link to
    nothing, nor a log or journal a killed session left beside the name (SQLite would play it on
    the copy). Anything else (an empty file, which may be a library emptied though it has backups)
    goes the long way, with the checks of a file found there."""
    return not path.exists() and not path.is_symlink() and not any(
        path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm", "-journal"))


def copy_to(path: Path) -> None:
    """Write the recorded library at ``path`` (see :func:`fits`), whole or not at all."""
    data = recording()
    partial = path.with_name(f".{path.name}.{os.getpid()}.new")
    partial.unlink(missing_ok=True)  # a launch killed before its rename, under this number: its leftover
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            os.fsync(handle)  # on disk before it has the library's name
        finally:
            os.close(handle)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def recorded(conn: sqlite3.Connection) -> bool:
    """Whether the library still holds the recording's times (:func:`restamp` has not run on it)."""
    return conn.execute("SELECT 1 FROM _sqlite_migrations WHERE applied_at = ? LIMIT 1", [STAMP]).fetchone() is not None


def restamp(conn: sqlite3.Connection, user: str) -> None:
    """Make the copied library's times this launch's and its reviewer ``user``, as making it now would.

    The seed article's import (its time, and who imported it in the history) and the
    record of each schema step's application: only the rows bearing the recording's time.
    Run by the first open that finds them (:func:`recorded`), so a launch killed between the
    copy and this leaves them to the next.
    """
    stamp = now()
    conn.execute("UPDATE articles SET imported_at = ? WHERE imported_at = ?", [stamp, STAMP])
    conn.execute("UPDATE history SET changed_at = ?, changed_by = ? WHERE changed_at = ?", [stamp, user, STAMP])
    conn.execute("UPDATE _sqlite_migrations SET applied_at = ? WHERE applied_at = ?",
                 [str(datetime.datetime.now(datetime.timezone.utc)), STAMP])  # as sqlite-utils writes it
