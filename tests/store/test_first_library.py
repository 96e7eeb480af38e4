"""A window's first library is copied from a recording (factcheck/store/first_library.py).

The recording must hold what making the library the long way holds: the schema, every row
but their times, and a full-text index that finds the seed article. A library made from it
is this launch's: its times are now and its history names this reviewer. When it cannot be
written whole, the library's name never holds part of it.
"""

from __future__ import annotations

import datetime
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.api_checks import claim_for_selection
from factcheck.operations import ensure_seed_article
from factcheck.store import LibraryDamaged, LibraryError, SQLiteStore, first_library, open_store

TIMES = {"articles": ("imported_at",), "history": ("changed_at",), "_sqlite_migrations": ("applied_at",)}
"""The columns a launch stamps with its own time."""

REPOSITORY = Path(__file__).resolve().parents[2]


def made_the_long_way(path: Path) -> None:
    library = SQLiteStore.open(path)
    try:
        ensure_seed_article(library)
    finally:
        library.close()


def contents(path: Path) -> dict:
    """Everything a library file holds that is not a time stamp or an index's own storage."""
    conn = sqlite3.connect(path)
    try:
        shadow = {name for (name,) in conn.execute("SELECT name FROM pragma_table_list WHERE type = 'shadow'")}
        schema = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        rows = {}
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            if table in shadow or table.startswith("sqlite_") or table.endswith("_search"):
                continue
            columns = [c for (c,) in conn.execute(f"SELECT name FROM pragma_table_info('{table}')")
                       if c not in TIMES.get(table, ())]
            rows[table] = sorted(conn.execute(f"SELECT {', '.join(columns)} FROM {table}"), key=repr)
        pragmas = [conn.execute(f"PRAGMA {name}").fetchone()[0]
                   for name in ("user_version", "application_id", "journal_mode", "page_size", "encoding")]
        return {"schema": schema, "rows": rows, "pragmas": pragmas}
    finally:
        conn.close()


def test_the_recording_holds_what_making_the_library_holds(tmp_path):
    long_way, recorded = tmp_path / "long.db", tmp_path / "recorded.db"
    made_the_long_way(long_way)
    recorded.write_bytes(first_library.recording())

    assert contents(recorded) == contents(long_way), (
        "factcheck/store/first_library.sqlite.gz is out of date: run `python tools/first_library.py`")
    conn = sqlite3.connect(recorded)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.execute("INSERT INTO articles_search(articles_search) VALUES ('integrity-check')")  # raises if not
        found = conn.execute("SELECT rowid FROM articles_search WHERE articles_search MATCH 'impenetrable'")
        assert found.fetchall() == [(1,)]
    finally:
        conn.close()


@pytest.mark.skipif(int.from_bytes(first_library.recording()[96:100], "big")
                    != sqlite3.sqlite_version_info[0] * 1_000_000 + sqlite3.sqlite_version_info[1] * 1000
                    + sqlite3.sqlite_version_info[2],
                    reason="the file's bytes name the SQLite that wrote them (another one writes other bytes)")
def test_writing_the_recording_again_gives_the_same_bytes(tmp_path):
    tool = REPOSITORY / "tools" / "first_library.py"
    code = ("import runpy, sys; tool = runpy.run_path(sys.argv[1]); import gzip;"
            "sys.stdout.buffer.write(gzip.compress(tool['first_library_bytes'](), compresslevel=9, mtime=0))")
    again = subprocess.run([sys.executable, "-c", code, str(tool)], capture_output=True, check=True, cwd=tmp_path)
    assert again.stdout == first_library.RECORDING.read_bytes()


def test_a_first_launch_s_library_is_the_seed_article_imported_now_by_this_reviewer(tmp_path):
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    library = open_store(tmp_path / "library.db", user="Dana Reyes", seeded=True)
    try:
        (summary,) = library.articles()
        article = library.article(summary.id)
        assert article.title == "Donald Trump backtracks on plan to work with Russians to build cyber security unit"
        assert before <= datetime.datetime.fromisoformat(article.imported_at) <= datetime.datetime.now(datetime.UTC)
        assert library.get_property("seeded") == "1"
        assert ensure_seed_article(library) is None  # seeded once, as a first launch's import leaves it
        (created,) = library.history(article.id)
        assert (created["action"], created["changed_by"]) == ("create", "Dana Reyes")
        assert before <= datetime.datetime.fromisoformat(created["changed_at"])
        claim = library.add_claim(claim_for_selection(article, 0, 12, "Dana Reyes"))  # a library like any other
        assert [c.quote for c in library.claims(article.id)] == [claim.quote] == [article.text[:12]]
    finally:
        library.close()
    reopened = open_store(tmp_path / "library.db", user="Dana Reyes", seeded=True)
    try:
        assert [a.id for a in reopened.articles()] == [article.id]  # not seeded again
    finally:
        reopened.close()


def test_an_existing_library_is_opened_as_it_is(tmp_path):
    path = tmp_path / "library.db"
    open_store(path).close()  # a library with no article (made by the command line, say)
    library = open_store(path, seeded=True)
    try:
        assert library.articles() == []
    finally:
        library.close()


def test_an_empty_file_is_no_copy_and_one_emptied_though_it_has_backups_is_refused(tmp_path):
    path = tmp_path / "library.db"
    path.write_bytes(b"")
    library = open_store(path, seeded=True)  # made the long way: the window then seeds it
    try:
        assert library.articles() == []
        ensure_seed_article(library)
        assert library.backup_if_due("open") is not None
    finally:
        library.close()
    path.write_bytes(b"")  # emptied by accident: its backups say it held a library
    with pytest.raises(LibraryDamaged, match="empty"):
        open_store(path, seeded=True)


def test_a_log_left_beside_a_missing_library_is_never_played_on_a_copy(tmp_path):
    path = tmp_path / "library.db"
    library = SQLiteStore.open(path)
    ensure_seed_article(library)
    left = {suffix: path.with_name(path.name + suffix).read_bytes() for suffix in ("-wal", "-shm")}
    library.conn.close()  # a killed session: its log stays (no checkpoint, no clean close)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    for suffix, data in left.items():
        path.with_name(path.name + suffix).write_bytes(data)  # the file gone, its log beside the name
    assert not first_library.fits(path)
    library = open_store(path, seeded=True)  # the long way, as before the recording
    try:
        assert conn_ok(path)
    finally:
        library.close()


def test_a_link_where_the_library_would_be_is_followed_not_replaced(tmp_path):
    target = tmp_path / "synced" / "library.db"
    target.parent.mkdir()
    link = tmp_path / "library.db"
    link.symlink_to(target)  # pointing at nothing yet
    assert not first_library.fits(link)
    open_store(link, seeded=True).close()
    assert link.is_symlink() and target.exists()


def test_a_launch_killed_before_its_times_were_written_leaves_them_to_the_next(tmp_path, monkeypatch):
    path = tmp_path / "library.db"
    first_library.copy_to(path)  # copied, then killed before the open went on
    library = open_store(path, user="Dana Reyes", seeded=True)
    try:
        (summary,) = library.articles()
        assert not library.article(summary.id).imported_at.startswith("2000")
        assert library.history(summary.id)[0]["changed_by"] == "Dana Reyes"
    finally:
        library.close()


def conn_ok(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_a_library_that_cannot_be_written_whole_leaves_no_file_under_its_name(tmp_path, monkeypatch):
    path = tmp_path / "library.db"

    def full_disk(handle):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(first_library.os, "fsync", full_disk)
    with pytest.raises(LibraryError, match="could not be created: No space left on device"):
        open_store(path, seeded=True)
    assert list(tmp_path.iterdir()) == []  # neither the library nor a part of it

    monkeypatch.undo()
    library = open_store(path, seeded=True)  # the next launch makes it
    try:
        assert len(library.articles()) == 1
    finally:
        library.close()
