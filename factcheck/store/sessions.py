"""Who has the library open, to notice when a session ended without closing it.

:meth:`SQLiteStore.open <factcheck.store.sqlite_store.SQLiteStore.open>` records its session as a
row ``session:<host>:<pid>:<nonce>`` in the ``properties`` table, committed before it
returns, and :meth:`~factcheck.store.sqlite_store.SQLiteStore.close` deletes that row. A row left
by a process that no longer runs on this machine (or by one from before the machine
last booted) means that session was killed, crashed or lost power: the next open runs
``PRAGMA integrity_check`` (``quick_check`` skips the index-to-table checks) and
``PRAGMA foreign_key_check`` before touching the file, and keeps what they found as a
:class:`RecoveryReport`.

Each session has its own row, so a window, its import worker and a command-line
import can have the library open at once without clearing each other's markers.
A row from another host is left alone: whether that process still runs cannot be
told from here.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime

log = logging.getLogger(__name__)

PREFIX = "session:"
MAX_PROBLEMS = 20  # integrity_check reports up to 100 lines; the first ones say enough


@dataclass(frozen=True)
class Session:
    """One process's use of the library, as recorded in ``properties``."""

    key: str
    host: str
    pid: int
    boot: str
    started: str

    def value(self) -> str:
        return json.dumps({"host": self.host, "pid": self.pid, "boot": self.boot, "started": self.started})

    def is_stale(self) -> bool:
        """Whether the process that opened this session is gone (it never closed the library)."""
        if self.host != this_host():
            return False
        if self.boot and boot_id() and self.boot != boot_id():
            return True  # the machine has restarted since: that process is certainly gone
        return not process_alive(self.pid)


@dataclass(frozen=True)
class RecoveryReport:
    """What the integrity check found after a session that did not close the library.

    ``problems`` is empty when the check found nothing wrong; ``started`` is when the
    unclean session opened the library (UTC, ISO 8601), ``host`` and ``pid`` which
    process it was.
    """

    problems: tuple[str, ...]
    started: str
    host: str = ""
    pid: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def found(self) -> str:
        """``"ok"``, or the problems, one a line."""
        return "ok" if self.ok else "\n".join(self.problems)

    @property
    def message(self) -> str:
        """A user-ready account: what happened, what the check found, what to do."""
        when = _local_time(self.started)
        opening = (f"factcheck did not close this library properly last time (the session that "
                   f"opened it{f' at {when}' if when else ''} was interrupted: a crash, a forced quit "
                   "or a power cut). The library was checked")
        if self.ok:
            # Only what the checks verified: the file's structure, not which edits it holds.
            return (f"{opening} with SQLite's full integrity check and foreign-key check, and no damage "
                    "was found. If something you expected is missing, File ▸ Restore from Backup… "
                    "(or `factcheck restore`) lists the backups.")
        listed = "\n".join(f"• {problem}" for problem in self.problems)
        return (f"{opening}, and the check found problems:\n{listed}\n\n"
                "Keep a copy of the library file before editing further, and restore the newest "
                "backup if something is missing.")


def this_host() -> str:
    """The machine's name, as ``socket.gethostname()`` gives it (which reads ``uname`` where there is one).

    The socket module (and with it ``selectors``) is loaded only where there is no ``uname``:
    opening a library is part of the window's timed start-up.
    """
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # Windows

    return socket.gethostname()


def boot_id() -> str:
    """An id that changes at every boot, where the system offers one (Linux); else ``""``."""
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, and belongs to someone else
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    query_limited_information, still_active = 0x1000, 259
    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def new_session() -> Session:
    host, pid = this_host(), os.getpid()
    return Session(key=f"{PREFIX}{host}:{pid}:{os.urandom(4).hex()}", host=host, pid=pid,
                   boot=boot_id(), started=datetime.now(UTC).isoformat(timespec="seconds"))


def recorded(conn: sqlite3.Connection) -> list[Session]:
    """Every session marker in the library (none in a library that has no schema yet)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'properties'").fetchone():
        return []
    rows = conn.execute("SELECT key, value FROM properties WHERE key LIKE ?", [PREFIX + "%"]).fetchall()
    return [_parse(key, value) for key, value in rows]


def _parse(key: str, value: str | None) -> Session:
    try:
        data = json.loads(value or "")
        return Session(key, str(data["host"]), int(data["pid"]), str(data.get("boot", "")),
                       str(data.get("started", "")))
    except (ValueError, TypeError, KeyError):
        log.warning("unreadable session marker %s=%r: treated as an interrupted session", key, value)
        return Session(key, this_host(), 0, "", "")


def check(conn: sqlite3.Connection, stale: list[Session]) -> RecoveryReport:
    """Run the full integrity check for the interrupted ``stale`` sessions."""
    problems = [line for (line,) in conn.execute("PRAGMA integrity_check")]
    if problems == ["ok"]:
        problems = []
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"row {rowid} of {table} refers to a missing row of {parent}")
    if len(problems) > MAX_PROBLEMS:
        problems[MAX_PROBLEMS:] = [f"… and {len(problems) - MAX_PROBLEMS} more"]
    first = min(stale, key=lambda s: s.started or "~")
    report = RecoveryReport(tuple(problems), first.started, first.host, first.pid)
    log.warning("library was not closed by %s (pid %s, started %s); integrity check: %s",
                first.host, first.pid, first.started, report.found)
    return report


def begin(conn: sqlite3.Connection, stale: list[Session]) -> Session:
    """Record a new session, and forget the ``stale`` ones already checked; one transaction.

    ``conn`` is in autocommit mode (``isolation_level=None``) with no transaction open.
    """
    session = new_session()
    conn.execute("BEGIN")
    with conn:  # committed on leaving, rolled back on an error
        for old in stale:
            conn.execute("DELETE FROM properties WHERE key = ?", [old.key])
        conn.execute("INSERT INTO properties (key, value) VALUES (?, ?)", [session.key, session.value()])
    return session


def end(conn: sqlite3.Connection, session: Session) -> None:
    conn.execute("DELETE FROM properties WHERE key = ?", [session.key])  # one statement: its own transaction


def _local_time(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return ""
