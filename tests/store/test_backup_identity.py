"""Each library's backups are its own, and a killed backup or restore leaves nothing behind (issue 9)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.core.articles import Article
from factcheck.store import SQLiteStore, LibraryError
from factcheck.store.backups import backups_folder, list_backups, make_backup, restore_backup


def library_with(path: Path, title: str) -> Path:
    library = SQLiteStore.open(path)
    library.add_article(Article(title=title, text=f"{title}: the council voted on Tuesday."))
    library.close()
    return path


@pytest.fixture
def two_libraries(tmp_path):
    """``news`` and ``news.db`` side by side: their backups used to share names."""
    return library_with(tmp_path / "news", "Plain news"), library_with(tmp_path / "news.db", "Dotted news")


def titles(path: Path) -> list[str]:
    library = SQLiteStore.open(path, read_only=True)
    try:
        return [a.title for a in library.articles()]
    finally:
        library.close()


def test_rotating_one_librarys_backups_never_deletes_anothers(two_libraries, capsys):
    plain, dotted = two_libraries
    for _ in range(2):
        make_backup(dotted, keep=None)
        make_backup(plain, keep=None)
    assert main(["--db", str(plain), "backup", "--keep", "1"]) == 0
    assert len(list_backups(dotted)) == 2
    assert len(list_backups(plain)) == 1
    assert all("Dotted news" in titles(b.path) for b in list_backups(dotted))
    assert all("Plain news" in titles(b.path) for b in list_backups(plain))


def test_restore_lists_and_restores_only_the_librarys_own_backups(two_libraries, capsys):
    plain, dotted = two_libraries
    make_backup(plain)
    capsys.readouterr()
    assert main(["--db", str(dotted), "restore"]) == 0
    assert "There are no backups" in capsys.readouterr().out
    other = list_backups(plain)[0].path
    with pytest.raises(LibraryError, match="backup of another library"):
        restore_backup(other, dotted)
    assert titles(dotted) == ["Dotted news"]


def test_a_backup_moved_under_another_librarys_name_is_still_recognised(two_libraries):
    plain, dotted = two_libraries
    made = make_backup(plain).path
    disguised = backups_folder(dotted) / "news-20200101-000000.db"  # a name of news.db's pattern
    made.rename(disguised)
    assert list_backups(dotted) == []
    with pytest.raises(LibraryError, match="backup of another library"):
        restore_backup(disguised, dotted)


def test_restoring_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    target = library_with(tmp_path / "real" / "library.db", "Kept")
    backup = make_backup(target).path
    library = SQLiteStore.open(target)
    library.add_article(Article(title="Later", text="Added after the backup."))
    library.close()
    link = tmp_path / "link.db"
    link.symlink_to(target)

    assert main(["--db", str(link), "restore", str(backup)]) == 0

    assert link.is_symlink() and link.resolve() == target.resolve()
    assert titles(target) == ["Kept"] and titles(link) == ["Kept"]


def test_temporary_files_of_a_killed_backup_or_restore_are_cleaned_up(tmp_path):
    library = library_with(tmp_path / "library.db", "One")
    folder = backups_folder(library)
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()  # a process id that is gone
    leftovers = [folder / f".library-20240101-000000.db.{dead}.tmp",
                 folder / f".library-20240101-000000.db.{dead}.tmp-journal",
                 library.with_name(f".library.db.restore.{dead}.tmp"),
                 library.with_name(f".library.db.restore.{dead}.tmp-journal")]
    alive = folder / f".library-20240101-000001.db.{os.getpid()}.tmp"  # still being written by a live process
    for path in (*leftovers, alive):
        path.write_bytes(b"partial copy")
    make_backup(library)
    restore_backup(list_backups(library)[0].path, library)
    assert [p for p in leftovers if p.exists()] == []
    assert alive.exists()
    os.utime(alive, (time.time() - 7200, time.time() - 7200))  # an hour old: left by a crash
    make_backup(library)
    assert not alive.exists()


def test_a_backup_made_through_a_symlink_is_restored_through_it(tmp_path, capsys):
    target = library_with(tmp_path / "real" / "lib.db", "Kept")
    link = tmp_path / "link.db"
    link.symlink_to(target)
    assert main(["--db", str(link), "backup"]) == 0
    library = SQLiteStore.open(target)
    library.add_article(Article(title="Later", text="Added after the backup."))
    library.close()
    capsys.readouterr()
    assert main(["--db", str(link), "restore"]) == 0
    assert "\t1\t0\tok\t" in capsys.readouterr().out  # listed once: the link and the file share backups
    assert main(["--db", str(link), "restore", "1"]) == 0
    assert link.is_symlink() and titles(target) == ["Kept"]
    assert list_backups(target) == list_backups(link)


def older_backup(library: Path, name: str) -> Path:
    """A backup as factcheck made them before it recorded the library inside (no backup_of)."""
    import sqlite3

    made = make_backup(library, keep=None).path
    older = made.with_name(name)
    made.rename(older)
    conn = sqlite3.connect(older)
    conn.execute("DELETE FROM properties WHERE key = 'backup_of'")
    conn.commit()
    conn.close()
    return older


def test_an_older_backup_of_a_library_without_a_suffix_is_still_found_and_never_rotated_away(tmp_path):
    plain = library_with(tmp_path / "news", "Plain news")
    older = older_backup(plain, "news-20200101-000000.db")  # how backups of `news` used to be named
    assert [b.path for b in list_backups(plain)] == [older]
    dotted = library_with(tmp_path / "news.db", "Dotted news")  # a namesake appears beside it
    make_backup(dotted, keep=1)
    make_backup(dotted, keep=1)
    assert older.exists()  # it may be `news`'s: neither library's rotation deletes it
    assert older in [b.path for b in list_backups(plain)] and older in [b.path for b in list_backups(dotted)]
    make_backup(plain, keep=1)
    assert older.exists()
