"""``factcheck backup`` and ``factcheck restore``: thin layers over factcheck.store.backups."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.store import SQLiteStore, LibraryLock
from factcheck.store.backups import list_backups, make_backup

TEXT = "The council voted 7–2 on Tuesday 🚲 to approve the lanes."


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_DB", str(tmp_path / "env-default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "lib.db"
    add_articles(path, 2)
    return path


def add_articles(path: Path, n: int) -> None:
    library = SQLiteStore.open(path)
    try:
        for i in range(n):
            article = library.add_article(Article(title=f"Lanes {i}", text=f"{TEXT} {i}"))
            library.add_claim(Claim(anchor=make_anchor(article.text, 4, 11), article_id=article.id))
    finally:
        library.close()


def titles(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return sorted(t for (t,) in conn.execute("SELECT title FROM articles"))
    finally:
        conn.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_prints_the_copy_and_its_counts(db, capsys):
    assert main(["--db", str(db), "backup"]) == 0
    out, err = capsys.readouterr()
    [backup] = list_backups(db)
    assert out == f"{backup.path}\t2 articles, 2 claims\n"
    assert err == ""
    assert backup.path.parent == db.parent / "backups"


def test_backup_keep_deletes_the_oldest(db, capsys):
    for _ in range(3):
        assert main(["--db", str(db), "backup", "--keep", "2"]) == 0
    assert len(list_backups(db)) == 2


@pytest.mark.parametrize("keep", ["0", "-1", "many"])
def test_backup_keep_must_be_a_positive_number(db, keep, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(db), "backup", "--keep", keep])
    assert caught.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_backup_of_a_missing_library_fails_and_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "nowhere.db"
    assert main(["--db", str(missing), "backup"]) == 1
    assert "no library" in capsys.readouterr().err
    assert not missing.exists() and not (tmp_path / "backups").exists()


def test_backup_of_a_damaged_library_fails_clearly(db, capsys):
    db.write_bytes(db.read_bytes()[:3000])
    assert main(["--db", str(db), "backup"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("factcheck: The library") and "damaged" in err and "Traceback" not in err


def test_restore_without_a_backup_lists_them(db, capsys):
    first = make_backup(db)
    add_articles(db, 1)
    second = make_backup(db)
    assert main(["--db", str(db), "restore"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "#\tMADE\tARTICLES\tCLAIMS\tSTATE\tFILE"
    assert lines[1].startswith("1\t") and lines[1].endswith(f"\t3\t3\tok\t{second.path}")
    assert lines[2].startswith("2\t") and lines[2].endswith(f"\t2\t2\tok\t{first.path}")


def test_restore_lists_a_damaged_backup_as_such(db, capsys):
    backup = make_backup(db)
    backup.path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert main(["--db", str(db), "restore"]) == 0
    out = capsys.readouterr().out
    assert "\t?\t?\tnot ok: it cannot be read (file is not a database)" in out


def test_restore_with_no_backups_says_how_to_make_one(db, capsys):
    assert main(["--db", str(db), "restore"]) == 0
    assert "factcheck backup" in capsys.readouterr().out


def test_restore_by_number_keeps_the_previous_library(db, capsys):
    make_backup(db)
    add_articles(db, 3)
    assert main(["--db", str(db), "restore", "1"]) == 0
    out = capsys.readouterr().out
    assert titles(db) == ["Lanes 0", "Lanes 1"]
    kept = Path(out.split("The previous library was kept as ")[1].strip())
    assert kept.parent == db.parent and kept.name.startswith("lib.db.before-restore-")
    assert len(titles(kept)) == 5
    assert out.startswith(f"Restored {db} from ")


def test_restore_by_path(db, tmp_path, capsys):
    other = tmp_path / "elsewhere" / "copy.db"
    other.parent.mkdir()
    make_backup(db, folder=other.parent)
    [made] = list(other.parent.iterdir())
    add_articles(db, 1)
    assert main(["--db", str(db), "restore", str(made)]) == 0
    assert titles(db) == ["Lanes 0", "Lanes 1"]


def test_restore_of_a_bad_file_fails_and_changes_nothing(db, tmp_path, capsys):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"not a database at all")
    before = sha256(db)
    assert main(["--db", str(db), "restore", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Nothing was changed" in err and str(bad) in err
    assert sha256(db) == before
    assert not list(db.parent.glob("lib.db.before-restore-*"))


@pytest.mark.parametrize("word", ["3", "0", "no-such-file.db"])
def test_restore_of_an_unknown_number_or_file_fails(db, word, capsys):
    make_backup(db)
    assert main(["--db", str(db), "restore", word]) == 1
    assert capsys.readouterr().err.startswith("factcheck: ")
    assert titles(db) == ["Lanes 0", "Lanes 1"]


def test_restore_refuses_while_a_window_has_the_library_open(db, capsys, monkeypatch):
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "200")
    make_backup(db)
    add_articles(db, 1)
    with LibraryLock.acquire(db):
        assert main(["--db", str(db), "restore", "1"]) == 1
        assert "open in a factcheck window" in capsys.readouterr().err
        assert main(["--db", str(db), "restore"]) == 0  # listing the backups reads only them
    assert len(titles(db)) == 3


def test_a_damaged_library_names_its_newest_good_backup_on_any_command(db, capsys):
    good = make_backup(db)
    db.write_bytes(db.read_bytes()[:5000])
    damaged = db.read_bytes()
    assert main(["--db", str(db), "list"]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and str(good.path) in err and "factcheck restore" in err
    assert db.read_bytes() == damaged
    assert main(["--db", str(db), "restore", "1"]) == 0
    out = capsys.readouterr().out
    assert ".damaged-" in out
    assert titles(db) == ["Lanes 0", "Lanes 1"]


def test_the_help_names_both_commands(capsys):
    with pytest.raises(SystemExit):
        main(["backup", "--help"])
    assert "--keep" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "backup [--keep N]" in out and "restore [BACKUP]" in out
