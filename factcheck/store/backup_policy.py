"""When the window makes a rolling backup of the open library.

Knows the schedule: :class:`BackupPolicy` decides from the time and the count of
edits (on open if the newest backup is over an hour old; after 200 edits or 30
minutes of editing), and :func:`maybe_backup` and :func:`backup_due` keep that count
for each open library, making the copy with
:func:`~factcheck.store.backups.make_backup`. Of the library it asks only its public
``path`` and ``articles()`` (:class:`BackedUpLibrary`). Knows neither how a copy is made
nor Qt.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from factcheck.store import backups
from factcheck.store.backup_catalog import Backup
from factcheck.store.sqlite_files import local_time


class BackedUpLibrary(Protocol):
    """An open library as the policy sees it (a :class:`~factcheck.store.sqlite_store.SQLiteStore`):
    the file it keeps (None in memory) and its articles."""

    path: Path | None

    def articles(self, *, archived: bool = False) -> list: ...


@dataclass(frozen=True)
class BackupPolicy:
    """When the window makes a rolling backup. Pure: give it the time and the count of edits."""

    keep: int = backups.KEEP
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


def maybe_backup(library: BackedUpLibrary, reason: str, *, policy: BackupPolicy | None = None,
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
    now = local_time(clock() if clock else None)
    if not backup_due(library, reason, policy=policy, edits=edits, now=now):
        return None
    return backups.make_backup(library, keep=policy.keep, now=now)


def backup_due(library: BackedUpLibrary, reason: str, *, policy: BackupPolicy | None = None, edits: int = 1,
               now: datetime | None = None) -> bool:
    """Count the edits and say whether a rolling backup is due; if so, it counts as made now."""
    policy = policy or BackupPolicy()
    now = local_time(now)
    if library.path is None:
        return False
    schedule = _schedules.get(library)
    if schedule is None:
        schedule = _schedules[library] = _Schedule(backups.newest_backup_time(library.path))
    if reason == "edit":
        schedule.edits += edits
    if not policy.due(reason, now=now, last_backup=schedule.last_backup, edits_since=schedule.edits):
        return False
    if not library.articles(archived=True):  # archived ones too: any article is worth a copy
        return False
    schedule.last_backup, schedule.edits = now, 0  # a failure, too, waits for the next interval
    return True
