"""Backups and recovery: consistent copies, rotation, listing, restore, damaged files, the policy."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database, Migrations

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.store import SQLiteStore, LibraryBusy, LibraryDamaged, LibraryError, LibraryTooNew, NotALibrary, backups
from factcheck.store import sqlite_store as library_module
from factcheck.store.backup_policy import BackupPolicy, maybe_backup
from factcheck.store.backups import list_backups, make_backup, restore_backup
from factcheck.store.damage import check_library, quarantine
from factcheck.store.migrations import migrations

TEXT = "The mayor said crime fell 40% last year, and the budget 💰 is balanced."
T0 = datetime(2025, 3, 1, 9, 0, 0).astimezone()


def fill(path: Path, articles: int = 2, claims: int = 1) -> None:
    """A closed library with ``articles`` articles of ``claims`` claims each."""
    library = SQLiteStore.open(path, user="alice")
    try:
        add(library, articles, claims)
    finally:
        library.close()


def add(library: SQLiteStore, articles: int = 1, claims: int = 1) -> None:
    for n in range(articles):
        article = library.add_article(Article(title=f"Article {n}", text=f"{TEXT} ({n})"))
        for c in range(claims):
            library.add_claim(Claim(anchor=make_anchor(article.text, c, c + 5), article_id=article.id))


def counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return (conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                conn.execute("SELECT count(*) FROM claims").fetchone()[0])
    finally:
        conn.close()


def integrity(path: Path) -> list:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its hash: to prove nothing changed."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def steps(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [n for (n,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.close()


# ------------------------------------------------------------------ backups


def test_a_backup_is_a_checked_copy_with_a_dated_name(db_path):
    fill(db_path, articles=3, claims=2)
    backup = make_backup(db_path, now=T0)
    assert backup.path == db_path.parent / "backups" / "library-20250301-090000.db"
    assert (backup.article_count, backup.claim_count, backup.ok) == (3, 6, True)
    assert backup.made_at == T0
    assert backup.size == backup.path.stat().st_size > 0
    assert integrity(backup.path) == [("ok",)]
    assert sorted(p.name for p in backup.path.parent.iterdir()) == [backup.path.name]  # no temporary left


def test_a_backup_made_while_another_connection_is_writing_holds_only_committed_edits(db_path):
    fill(db_path, articles=3)
    library = SQLiteStore.open(db_path)  # the window, say
    writer = sqlite3.connect(db_path)
    writer.execute("BEGIN IMMEDIATE")  # another process in the middle of an edit
    writer.execute("INSERT INTO articles (title, imported_at, text, text_sha256) VALUES ('half', 'now', 'x', 'y')")
    try:
        during = make_backup(db_path, now=T0)
        from_window = make_backup(library, now=T0 + timedelta(seconds=1))  # its connection does not wait either
    finally:
        writer.commit()
        writer.close()
        library.close()
    after = make_backup(db_path, now=T0 + timedelta(seconds=2))
    assert (during.article_count, from_window.article_count, after.article_count) == (3, 3, 4)
    for backup in (during, from_window, after):
        assert integrity(backup.path) == [("ok",)]


def test_a_backup_made_inside_the_windows_own_edit_holds_what_was_committed(db_path):
    fill(db_path, articles=2)
    library = SQLiteStore.open(db_path)
    try:
        with library.transaction():
            library.add_article(Article(title="Half-way", text="Not saved yet."))
            backup = make_backup(library, now=T0)  # read through a connection of its own: waits for nothing
    finally:
        library.close()
    assert (backup.article_count, backup.ok) == (2, True)


def test_a_backup_of_an_open_library_asks_it_only_for_its_path(db_path):
    fill(db_path, articles=3)

    class OpenElsewhere:  # no connection, no SQL: what any engine on a local file can offer
        path = db_path

    assert make_backup(OpenElsewhere(), now=T0).article_count == 3

    class InMemory:
        path = None

    with pytest.raises(LibraryError, match="in-memory"):
        make_backup(InMemory())
    assert backups.backup_before_migration(InMemory()) is None


def test_a_backup_includes_edits_still_in_the_wal(db_path):
    library = SQLiteStore.open(db_path)
    try:
        add(library, articles=4, claims=1)
        assert db_path.with_name("library.db-wal").stat().st_size > 0  # not yet in the main file
        backup = make_backup(db_path, now=T0)
    finally:
        library.close()
    assert (backup.article_count, backup.claim_count) == (4, 4)


def test_two_backups_in_one_second_get_two_names(db_path):
    fill(db_path)
    first, second = make_backup(db_path, now=T0), make_backup(db_path, now=T0)
    assert first.path != second.path
    assert [b.path for b in list_backups(db_path)] == [second.path, first.path]


def test_a_backup_failing_its_integrity_check_is_deleted_and_reported(db_path, monkeypatch):
    fill(db_path)
    before = sha256(db_path)
    monkeypatch.setattr(backups, "_problem_in_copy", lambda path: "row 3 missing from index")
    with pytest.raises(LibraryError, match="integrity check"):
        make_backup(db_path, now=T0)
    assert list((db_path.parent / "backups").iterdir()) == []
    assert sha256(db_path) == before


def test_backing_up_a_missing_or_foreign_file_makes_nothing(tmp_path):
    with pytest.raises(LibraryError, match="no library"):
        make_backup(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
    other = tmp_path / "contacts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotALibrary):
        make_backup(other)
    assert not (tmp_path / "backups").exists()


def test_a_backup_into_a_folder_that_cannot_be_made_says_so(db_path):
    fill(db_path)
    blocker = db_path.parent / "backups"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(LibraryError, match="Cannot make a backup"):
        make_backup(db_path)


def test_rotation_keeps_the_newest_and_always_the_new_one(db_path):
    fill(db_path)
    made = [make_backup(db_path, now=T0 + timedelta(hours=h), keep=3) for h in range(5)]
    assert [b.path for b in list_backups(db_path)] == [made[4].path, made[3].path, made[2].path]
    # The clock went back: the new backup sorts oldest, but is never the one deleted.
    early = make_backup(db_path, now=T0 - timedelta(days=1), keep=2)
    assert [b.path for b in list_backups(db_path)] == [made[4].path, early.path]


def test_rotation_leaves_other_libraries_backups_alone(tmp_path):
    ours, theirs = tmp_path / "library.db", tmp_path / "library-old.db"
    fill(ours)
    fill(theirs)
    their_backup = make_backup(theirs, now=T0)
    for h in range(3):
        make_backup(ours, now=T0 + timedelta(hours=h), keep=1)
    assert len(list_backups(ours)) == 1
    assert [b.path for b in list_backups(theirs)] == [their_backup.path]


def test_listing_gives_counts_newest_first_and_lists_a_damaged_backup_as_not_ok(db_path):
    fill(db_path, articles=1, claims=2)
    old = make_backup(db_path, now=T0)
    library = SQLiteStore.open(db_path)
    add(library, articles=2, claims=1)
    library.close()
    new = make_backup(db_path, now=T0 + timedelta(hours=1))
    broken = db_path.parent / "backups" / "library-20250301-110000.db"
    broken.write_bytes(new.path.read_bytes()[: new.size // 2])
    garbage = db_path.parent / "backups" / "library-20250301-120000.db"
    garbage.write_bytes(b"SQLite format 3\x00" + os.urandom(3000))
    (db_path.parent / "backups" / "unrelated.txt").write_text("not a backup")
    listed = list_backups(db_path)
    assert [b.path for b in listed] == [garbage, broken, new.path, old.path]
    assert [(b.ok, b.article_count, b.claim_count) for b in listed] == [
        (False, None, None), (False, None, None), (True, 3, 4), (True, 1, 2)]
    assert "cut short" in listed[1].problem
    assert backups.newest_good_backup(db_path).path == new.path


def test_no_backups_folder_lists_nothing(db_path):
    assert list_backups(db_path) == []
    assert backups.newest_backup_time(db_path) is None


# ------------------------------------------------------------------ restore


def test_restore_round_trip_keeps_the_current_library_beside_it(db_path):
    fill(db_path, articles=1, claims=1)
    library = SQLiteStore.open(db_path)
    backup = make_backup(library, now=T0)  # made while the library is open: its session is in the copy
    add(library, articles=2, claims=3)
    library.close()
    assert counts(db_path) == (3, 7)

    restored = restore_backup(backup.path, db_path, now=T0 + timedelta(hours=1))
    assert restored.kept_as == db_path.with_name("library.db.before-restore-20250301-100000")
    assert counts(db_path) == (1, 1)
    assert counts(restored.kept_as) == (3, 7)  # the work since the backup is not lost
    assert integrity(db_path) == [("ok",)]
    assert not db_path.with_name("library.db-wal").exists()
    reopened = SQLiteStore.open(db_path)
    try:
        assert reopened.recovery_report is None  # the copied session marker was dropped
        assert [a.title for a in reopened.articles()] == ["Article 0"]
    finally:
        reopened.close()
    assert backup.path.exists()


def test_restore_into_a_missing_library_keeps_nothing(db_path, tmp_path):
    fill(db_path)
    backup = make_backup(db_path)
    target = tmp_path / "new" / "library.db"
    target.parent.mkdir()
    restored = restore_backup(backup.path, target)
    assert restored.kept_as is None
    assert counts(target) == (2, 2)


def _damaged(path: Path, kind: str) -> None:
    if kind == "garbage":
        path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    elif kind == "truncated":
        fill(path, articles=30)
        path.write_bytes(path.read_bytes()[:8192])
    elif kind == "foreign":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.commit()
        conn.close()
    elif kind == "too-new":
        fill(path)
        conn = sqlite3.connect(path)
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES ('factcheck', 'm999_future', '2099-01-01')")
        conn.commit()
        conn.close()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("these are my notes\n")
    elif kind == "schema-only":
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA user_version = 1")
        conn.close()


@pytest.mark.parametrize(("kind", "error"), [
    ("garbage", LibraryDamaged), ("truncated", LibraryDamaged), ("foreign", NotALibrary),
    ("too-new", LibraryTooNew), ("empty", LibraryError), ("text", NotALibrary), ("schema-only", NotALibrary),
    ("missing", LibraryError),
])
def test_restore_refuses_a_bad_backup_and_changes_nothing(db_path, tmp_path, kind, error):
    fill(db_path, articles=2)
    chosen = tmp_path / "chosen" / "backup.db"
    chosen.parent.mkdir()
    _damaged(chosen, kind)
    before = snapshot(db_path.parent / "")
    library_before = sha256(db_path)
    with pytest.raises(error, match="Nothing was changed") as caught:
        restore_backup(chosen, db_path)
    assert str(chosen) in str(caught.value)
    assert sha256(db_path) == library_before
    after = {k: v for k, v in snapshot(db_path.parent).items() if not k.startswith("chosen")}
    assert after == {k: v for k, v in before.items() if not k.startswith("chosen")}


def test_restore_refuses_while_another_program_has_the_library_open(db_path):
    fill(db_path, articles=2)
    backup = make_backup(db_path)
    other = sqlite3.connect(db_path)
    other.execute("SELECT count(*) FROM articles").fetchone()
    try:
        with pytest.raises(LibraryBusy, match="another program has it open"):
            restore_backup(backup.path, db_path)
    finally:
        other.close()
    assert counts(db_path) == (2, 2)
    assert not [p for p in db_path.parent.iterdir() if ".before-restore" in p.name or p.suffix == ".tmp"]


def test_restore_over_a_damaged_library_keeps_it_with_its_wal(db_path):
    fill(db_path, articles=2)
    backup = make_backup(db_path)
    db_path.write_bytes(db_path.read_bytes()[:4096])
    wal = db_path.with_name("library.db-wal")
    wal.write_bytes(b"frames of the damaged library")
    restored = restore_backup(backup.path, db_path, now=T0)
    assert restored.kept_as.name == "library.db.damaged-20250301-090000"
    assert len(restored.kept_as.read_bytes()) == 4096
    assert restored.kept_as.with_name(restored.kept_as.name + "-wal").read_bytes() == b"frames of the damaged library"
    assert not wal.exists()  # a stale -wal beside the restored file would be replayed into it
    assert counts(db_path) == (2, 2)


BYTES_OFFERED = st.one_of(
    st.binary(max_size=4096),
    st.binary(max_size=4096).map(lambda b: b"SQLite format 3\x00" + b),  # a header, then noise
    st.binary(min_size=84, max_size=4096).map(lambda b: b"SQLite format 3\x00\x10\x00\x01\x01" + b),  # 4 KiB pages
)


def test_random_bytes_offered_as_a_backup_are_refused_and_change_nothing(tmp_path):
    db_path = tmp_path / "library" / "library.db"
    db_path.parent.mkdir()
    fill(db_path, articles=1)
    before = snapshot(db_path.parent)
    chosen = tmp_path / "offered.db"

    @settings(max_examples=3 * settings.default.max_examples)  # 300; HYPOTHESIS_PROFILE=thorough: 3000
    @given(data=BYTES_OFFERED)
    def offer(data):
        chosen.write_bytes(data)
        for sidecar in ("-wal", "-shm"):
            chosen.with_name(chosen.name + sidecar).unlink(missing_ok=True)
        with pytest.raises(LibraryError, match="Nothing was changed"):
            restore_backup(chosen, db_path)
        assert snapshot(db_path.parent) == before

    offer()


def test_a_backup_with_random_bytes_changed_is_refused_or_restored_sound(tmp_path):
    """Flipped bytes in a real backup: refused with nothing changed, or (if harmless) restored and sound."""
    source = tmp_path / "source.db"
    fill(source, articles=20, claims=3)
    good = make_backup(source).path.read_bytes()
    work = tmp_path / "work"
    outcomes = {"refused": 0, "restored": 0}

    @settings(max_examples=settings.default.max_examples * 3 // 2)  # 150; thorough: 1500
    @given(changes=st.lists(st.tuples(st.integers(0, len(good) - 1), st.integers(0, 255)), min_size=1, max_size=40))
    def offer(changes):
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        db_path = work / "library.db"
        db_path.write_bytes(good)
        before = sha256(db_path)
        data = bytearray(good)
        for offset, value in changes:
            data[offset] = value
        chosen = work / "offered.db"
        chosen.write_bytes(bytes(data))
        try:
            restored = restore_backup(chosen, db_path)
        except LibraryError as error:
            assert "Nothing was changed" in str(error)
            assert sha256(db_path) == before
            assert sorted(p.name for p in work.iterdir() if "library" in p.name) == ["library.db"]
            outcomes["refused"] += 1
        else:
            assert integrity(db_path) == [("ok",)]
            assert sha256(restored.kept_as) == before
            outcomes["restored"] += 1

    offer()
    assert outcomes["refused"] > 0


# ----------------------------------------------------------- damaged files


def _truncate(path: Path) -> bytes:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path.read_bytes()


def _overwrite_after_first_page(path: Path) -> bytes:
    data = path.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    noise = hashlib.sha256(b"seed").digest() * (len(data) // 32 + 1)
    path.write_bytes(data[:page] + noise[: len(data) - page])
    return path.read_bytes()


def _overwrite_a_table(path: Path) -> bytes:
    """Garbage over the articles table's root page only: the schema on page 1 still reads."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'claims'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page: root * page] = b"\x0d\xff" * (page // 2)
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("damage", [_truncate, _overwrite_after_first_page, _overwrite_a_table])
def test_a_damaged_library_is_refused_named_and_left_alone(db_path, damage):
    fill(db_path, articles=40, claims=3)
    good = make_backup(db_path, now=T0)
    damaged = damage(db_path)
    with pytest.raises(LibraryDamaged) as caught:
        SQLiteStore.open(db_path)
    message = str(caught.value)
    assert str(db_path) in message and "damaged" in message and "unchanged" in message
    assert str(good.path) in message and "40 articles" in message  # the newest good backup is offered
    assert caught.value.path == db_path and caught.value.backup == good.path
    assert db_path.read_bytes() == damaged

    health = check_library(db_path)
    assert not health.ok and health.problem == "damaged"
    assert db_path.read_bytes() == damaged

    aside = quarantine(db_path, now=T0)
    assert aside.name == "library.db.damaged-20250301-090000"
    assert aside.read_bytes() == damaged and not db_path.exists()
    assert not db_path.with_name("library.db-wal").exists()
    restore_backup(good.path, db_path)
    assert counts(db_path) == (40, 120)
    assert aside.read_bytes() == damaged  # kept, never overwritten


def test_garbled_text_in_the_schema_is_damage_not_a_crash(db_path, tmp_path):
    """Found by the fuzzing below: a flipped byte in a table's name used to escape as UnicodeDecodeError."""
    fill(db_path)
    good = make_backup(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET name = CAST(X'C328' AS TEXT) WHERE name = 'properties'")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryDamaged, match="garbled"):
        SQLiteStore.open(db_path)
    assert check_library(db_path).problem == "damaged"
    before = sha256(good.path)
    with pytest.raises(LibraryDamaged, match="Nothing was changed"):
        restore_backup(db_path, good.path)  # offered as a backup: refused too
    assert sha256(good.path) == before


def test_a_library_garbage_through_and_through_stays_not_a_library(db_path):
    db_path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(NotALibrary):
        SQLiteStore.open(db_path)
    health = check_library(db_path)
    assert (health.ok, health.problem) == (False, "not-a-library")


def test_a_library_cut_to_nothing_is_damaged_when_it_has_backups(db_path):
    fill(db_path)
    make_backup(db_path)
    db_path.write_bytes(b"")
    with pytest.raises(LibraryDamaged, match="empty"):
        SQLiteStore.open(db_path)
    assert db_path.read_bytes() == b""


def test_a_library_cut_inside_its_header_is_damaged(db_path):
    db_path.write_bytes(b"SQLite for")
    with pytest.raises(LibraryDamaged, match="cut short"):
        SQLiteStore.open(db_path)


def test_a_sound_library_passes_the_check(db_path):
    fill(db_path)
    health = check_library(db_path)
    assert health.ok and health.problem == ""
    assert check_library(db_path.with_name("missing.db")).problem == "missing"


def test_quarantine_moves_the_wal_and_shm_too(db_path):
    fill(db_path)
    for suffix in ("-wal", "-shm"):
        db_path.with_name("library.db" + suffix).write_bytes(suffix.encode())
    aside = quarantine(db_path, now=T0)
    again = db_path.with_name("library.db")
    fill(again)
    second = quarantine(again, now=T0)  # same second: a second name, the first untouched
    assert second != aside
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"-wal"
    assert aside.with_name(aside.name + "-shm").read_bytes() == b"-shm"
    assert sorted(p.name for p in db_path.parent.iterdir()) == sorted(
        [aside.name, aside.name + "-wal", aside.name + "-shm", second.name])


# ---------------------------------------------------------- schema updates


def _old_library(path: Path) -> None:
    """A library as version 0.1 left it (before m002), with an article."""
    old = Database(path)
    old.execute("PRAGMA journal_mode=WAL")  # as SQLiteStore.open has always left it
    migrations.apply(old, stop_before="m002_article_originals")
    old["rating_scales"].insert({"key": "newsroom", "name": "Newsroom", "builtin": 1})
    old["articles"].insert({"title": "Old", "imported_at": "2024-01-01", "text": "x", "text_sha256": "y",
                            "rating_scale": "newsroom"})
    old.close()


def test_a_backup_is_taken_before_a_schema_update(db_path):
    _old_library(db_path)
    SQLiteStore.open(db_path).close()
    [backup] = list_backups(db_path)
    assert backup.label == "before-migration" and backup.ok and backup.article_count == 1
    assert steps(backup.path) == ["m001_initial_schema"]
    assert "m002_article_originals" in steps(db_path)
    SQLiteStore.open(db_path).close()  # up to date now: no further backup
    assert len(list_backups(db_path)) == 1


def test_a_new_library_gets_no_backup(db_path):
    SQLiteStore.open(db_path).close()
    assert not (db_path.parent / "backups").exists()


def _with_a_failing_step(monkeypatch) -> None:
    failing = Migrations("factcheck")
    for step in migrations.pending(Database(memory=True)):
        failing(name=step.name)(step.fn)

    @failing()
    def m999_breaks_half_way(db):
        db.execute("CREATE TABLE half_done (x)")
        db.execute("UPDATE articles SET title = 'changed'")
        raise RuntimeError("a bug in the schema step")

    monkeypatch.setattr(library_module, "migrations", failing)


def test_a_failing_schema_step_leaves_the_library_as_it_was_and_a_backup(db_path, monkeypatch):
    fill(db_path, articles=2)
    before = db_path.read_bytes()
    _with_a_failing_step(monkeypatch)
    with pytest.raises(RuntimeError, match="a bug in the schema step"):
        SQLiteStore.open(db_path)
    assert db_path.read_bytes() == before  # byte for byte
    assert not db_path.with_name("library.db-wal").exists()
    [backup] = list_backups(db_path)
    assert backup.label == "before-migration" and (backup.article_count, backup.claim_count) == (2, 2)
    monkeypatch.undo()
    library = SQLiteStore.open(db_path)  # the real schema opens it as before
    try:
        assert sorted(a.title for a in library.articles()) == ["Article 0", "Article 1"]
    finally:
        library.close()


def test_no_schema_update_without_its_backup(db_path, monkeypatch):
    _old_library(db_path)
    before = db_path.read_bytes()

    def no_space(*args, **kwargs):
        raise LibraryError("The disk is full.")

    monkeypatch.setattr(backups, "make_backup", no_space)
    with pytest.raises(LibraryError, match="backup taken first failed: The disk is full. The library was not"):
        SQLiteStore.open(db_path)
    assert db_path.read_bytes() == before
    assert steps(db_path) == ["m001_initial_schema"]


# ------------------------------------------------------------------ policy


def test_policy_on_open():
    policy = BackupPolicy(on_open_after=timedelta(hours=1))
    due = lambda last: policy.due("open", now=T0, last_backup=last, edits_since=0)
    assert due(None)
    assert not due(T0 - timedelta(minutes=59))
    assert due(T0 - timedelta(hours=1))
    assert due(T0 + timedelta(hours=3))  # a backup "from the future": the clock went back


def test_policy_after_edits():
    policy = BackupPolicy(every_edits=200, every=timedelta(minutes=30))
    due = lambda edits, age: policy.due("edit", now=T0, last_backup=T0 - age, edits_since=edits)
    assert not due(0, timedelta(days=2))
    assert not due(199, timedelta(minutes=29))
    assert due(200, timedelta(seconds=1))
    assert due(1, timedelta(minutes=30))
    assert policy.due("edit", now=T0, last_backup=None, edits_since=1)
    with pytest.raises(ValueError):
        policy.due("lunch", now=T0, last_backup=None, edits_since=0)


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


def test_maybe_backup_with_a_fake_clock(db_path):
    fill(db_path, articles=1)
    clock = FakeClock(T0)
    policy = BackupPolicy(keep=3, on_open_after=timedelta(hours=1), every_edits=5, every=timedelta(minutes=30))
    library = SQLiteStore.open(db_path)
    try:
        assert maybe_backup(library, "open", policy=policy, clock=clock) is not None  # none yet
        clock.advance(minutes=10)
        assert maybe_backup(library, "open", policy=policy, clock=clock) is None
        for _ in range(4):
            clock.advance(seconds=10)
            assert maybe_backup(library, "edit", policy=policy, clock=clock) is None
        fifth = maybe_backup(library, "edit", policy=policy, clock=clock)
        assert fifth is not None and fifth.made_at == clock.now
        clock.advance(minutes=29)
        assert maybe_backup(library, "edit", policy=policy, clock=clock) is None
        clock.advance(minutes=2)  # 31 minutes after the last backup, one edit pending
        assert maybe_backup(library, "edit", policy=policy, clock=clock) is not None
        clock.advance(minutes=1)
        assert maybe_backup(library, "edit", policy=policy, clock=clock, edits=50) is not None  # a batch
        assert len(list_backups(db_path)) == 3  # keep=3
    finally:
        library.close()


def test_maybe_backup_on_open_follows_the_newest_backup_on_disk(db_path):
    fill(db_path)
    make_backup(db_path, now=T0)
    library = SQLiteStore.open(db_path)
    try:
        assert maybe_backup(library, "open", clock=lambda: T0 + timedelta(minutes=30)) is None
    finally:
        library.close()
    library = SQLiteStore.open(db_path)
    try:
        assert maybe_backup(library, "open", clock=lambda: T0 + timedelta(minutes=61)) is not None
    finally:
        library.close()


def test_maybe_backup_skips_an_empty_or_in_memory_library(db_path):
    library = SQLiteStore.open(db_path)
    try:
        assert maybe_backup(library, "open") is None
    finally:
        library.close()
    assert not (db_path.parent / "backups").exists()
    memory = SQLiteStore.in_memory()
    assert maybe_backup(memory, "open") is None


def test_a_library_whose_articles_are_all_archived_is_still_backed_up(db_path):
    fill(db_path, articles=1)
    library = SQLiteStore.open(db_path)
    try:
        [article] = library.articles()
        library.set_archived(article.id, True)
        assert library.articles() == []
        assert maybe_backup(library, "open", clock=lambda: T0) is not None
    finally:
        library.close()


def test_a_failed_rolling_backup_waits_for_the_next_interval(db_path, monkeypatch):
    fill(db_path)
    clock = FakeClock(T0)
    library = SQLiteStore.open(db_path)
    calls = []

    def full_disk(*args, **kwargs):
        calls.append(1)
        raise LibraryError("The disk is full.")

    monkeypatch.setattr(backups, "make_backup", full_disk)
    try:
        with pytest.raises(LibraryError, match="full"):
            maybe_backup(library, "open", clock=clock)
        for _ in range(10):
            clock.advance(seconds=30)
            assert maybe_backup(library, "edit", clock=clock) is None
        assert len(calls) == 1
    finally:
        library.close()


def test_restore_onto_a_missing_library_moves_a_leftover_wal_out_of_the_way(tmp_path):
    from factcheck.core.articles import Article
    from factcheck.store import SQLiteStore
    from factcheck.store.backups import make_backup, restore_backup

    library_path = tmp_path / "library.db"
    library = SQLiteStore.open(library_path)
    library.add_article(Article(title="Kept", text="A text that is kept."))
    backup = make_backup(library, keep=3)
    library.close()
    library_path.unlink()
    (tmp_path / "library.db-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(4092))  # a killed window's -wal
    restore_backup(backup.path, library_path)
    reopened = SQLiteStore.open(library_path)
    try:
        assert [a.title for a in reopened.articles()] == ["Kept"]
    finally:
        reopened.close()
    assert any(p.name.startswith("library.db.orphaned-") and p.name.endswith("-wal") for p in tmp_path.iterdir())
