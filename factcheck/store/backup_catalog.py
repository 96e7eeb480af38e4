"""The backups folder beside a library: which files in it are the library's backups, and what each holds.

Knows the ``backups/`` folder beside the library and its names (``library.db`` →
``backups/library-20250102-153000.db``, local time; a library named without a suffix,
``news``, gets ``backups/news-20250102-153000``, so that ``news`` and ``news.db`` in one
folder never share a name), and the record inside each backup of which library it was
made from (``backup_of`` in its properties: the library's file name). Reads only: making,
rotating and restoring backups is :mod:`factcheck.store.backups`, which re-exports these
names. Knows SQLite, not Qt.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from factcheck.store.sqlite_files import (
    STAMP,
    connect_read_only,
    inspect,
    local_time,
    modified_at,
    real_file,
)

FOLDER = "backups"
ORIGIN_KEY = "backup_of"
OWN, MAYBE, OTHER = "own", "maybe", "other"  # whose a backup is: see :func:`whose`


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
    return real_file(library_path).parent / FOLDER


def list_backups(library_path: str | Path, folder: str | Path | None = None) -> list[Backup]:
    """The backups of the library, newest first, each read (read-only) for its counts and soundness."""
    library_path = real_file(library_path)
    folder = Path(folder) if folder is not None else backups_folder(library_path)
    return [read_backup(path, made, label) for path, made, label in backup_files(library_path, folder)
            if whose(path, library_path) != OTHER]


def newest_backup_time(library_path: str | Path, folder: str | Path | None = None) -> datetime | None:
    """When the newest backup was made, from the file names alone (opens nothing)."""
    library_path = real_file(library_path)
    folder = Path(folder) if folder is not None else backups_folder(library_path)
    found = backup_files(library_path, folder)
    return found[0][1] if found else None


def newest_good_backup(library_path: str | Path) -> Backup | None:
    return next((b for b in list_backups(library_path) if b.ok), None)


def read_backup(path: str | Path, made_at: datetime | None = None, label: str | None = None) -> Backup:
    """What a backup file holds; a file that cannot be read is returned as not ok."""
    path = Path(path)
    if made_at is None or label is None:
        parsed = _parse_name(path.name)
        made_at = made_at or (parsed[0] if parsed else local_time(datetime.fromtimestamp(modified_at(path))))
        label = label if label is not None else (parsed[1] if parsed else "")
    size = path.stat().st_size if path.exists() else 0
    found = inspect(path, "quick_check")
    return Backup(path=path, made_at=made_at, size=size, article_count=found.articles, claim_count=found.claims,
                  ok=not found.reason, problem=found.reason, label=label)


def backup_files(library_path: Path, folder: Path) -> list[tuple[Path, datetime, str]]:
    """(path, made at, label) of each file in ``folder`` named as a backup of this library, newest first.

    By name alone: :func:`whose` says whether a file so named is really this library's.
    """
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
            made = local_time(datetime.strptime(match["stamp"], STAMP))
        except ValueError:
            continue
        found.append((made, int(match["n"] or 1), entry, match["label"] or ""))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [(entry, made, label) for made, _n, entry, label in found]


def free_name(folder: Path, library_path: Path, made_at: datetime, label: str) -> Path:
    """A name in ``folder`` for a new backup of the library made at ``made_at``, taken by no file."""
    stem, suffix = library_path.stem, library_path.suffix
    tail = f"-{label}" if label else ""
    stamp = made_at.strftime(STAMP)
    n = 1
    while True:
        name = f"{stem}-{stamp}{'' if n == 1 else f'-{n}'}{tail}{suffix}"
        if not (folder / name).exists():
            return folder / name
        n += 1


def origin(backup_path: Path) -> str | None:
    """The library a backup records it was made from; None for an older backup that records none."""
    try:
        conn = connect_read_only(backup_path)
        try:
            row = conn.execute("SELECT value FROM properties WHERE key = ?", [ORIGIN_KEY]).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def whose(backup_path: Path, library_path: Path) -> str:
    """Whose a backup is: OWN, OTHER, or MAYBE for an older backup (no record inside) whose
    name a namesake beside the library could also have given it (``news`` and ``news.db``)."""
    recorded = origin(backup_path)
    if recorded is not None:
        return OWN if recorded == library_path.name else OTHER
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
        return local_time(datetime.strptime(match[1], STAMP)), match[2] or ""
    except ValueError:
        return None
