"""SQLite's errors sorted by result code: the user's environment gets a message, a bug goes on as it was.

A busy, read-only, full, unreadable or damaged library is the user's to fix and is told
so; "no such column", a constraint our own code broke or a misuse of the API is a bug,
which must reach the crash handler and the log with its own traceback rather than
become "could not save".
"""

from __future__ import annotations

import sqlite3
import traceback

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.store import SQLiteStore, LibraryBusy, LibraryDamaged, LibraryError
from factcheck.store import errors
from factcheck.store import sqlite_store as library_module
from factcheck.store.errors import environment_error

TEXT = "The mayor said crime fell 40% last year."

ENVIRONMENT = {  # primary result code → (the kind of error, words its message must hold)
    errors.SQLITE_BUSY: (LibraryBusy, "busy"),
    errors.SQLITE_LOCKED: (LibraryBusy, "busy"),
    errors.SQLITE_READONLY: (LibraryError, "read-only"),
    errors.SQLITE_FULL: (LibraryError, "is full"),
    errors.SQLITE_IOERR: (LibraryError, "disk reported an error"),
    errors.SQLITE_CANTOPEN: (LibraryError, "cannot be opened"),
    errors.SQLITE_PERM: (LibraryError, "not allowed"),
    errors.SQLITE_AUTH: (LibraryError, "not allowed"),
    errors.SQLITE_NOLFS: (LibraryError, "Move the library to another disk"),
    errors.SQLITE_CORRUPT: (LibraryDamaged, "damaged"),
    errors.SQLITE_NOTADB: (LibraryDamaged, "damaged"),
}
BUGS = {  # a few by name; every other code is one too
    1: "SQLITE_ERROR",  # no such column, syntax error
    2: "SQLITE_INTERNAL",
    17: "SQLITE_SCHEMA",
    19: "SQLITE_CONSTRAINT",
    20: "SQLITE_MISMATCH",
    21: "SQLITE_MISUSE",
    25: "SQLITE_RANGE",
}


def sqlite_error(code: int, kind=sqlite3.OperationalError, message: str = "what SQLite said") -> sqlite3.Error:
    error = kind(message)
    error.sqlite_errorcode = code
    error.sqlite_errorname = f"code {code}"
    return error


# ------------------------------------------------------------- the sorting


@pytest.mark.parametrize("code", sorted(ENVIRONMENT))
def test_the_environment_gets_a_message_saying_what_happened_and_what_to_do(code):
    kind, words = ENVIRONMENT[code]
    found = environment_error("/shared/library.db", sqlite_error(code))
    assert type(found) is kind
    assert words in str(found) and "/shared/library.db" in str(found)
    assert "." in str(found).split(words, 1)[1]  # a sentence after the finding: what to do


@pytest.mark.parametrize("code", sorted(BUGS), ids=BUGS.get)
def test_a_bug_is_not_made_into_a_users_error(code):
    assert environment_error("library.db", sqlite_error(code, sqlite3.DatabaseError)) is None


@given(primary=st.integers(0, 255), extended=st.integers(0, 255))
def test_only_the_primary_code_counts_never_the_message(primary, extended):
    """An extended code (SQLITE_IOERR_SHORT_READ = 10 | 2 << 8) sorts as its primary code, whatever it says."""
    plain = environment_error(None, sqlite_error(primary, message="database is locked"))
    extended_error = environment_error(None, sqlite_error(primary | extended << 8, message="disk is full"))
    assert type(plain) is type(extended_error)
    if primary in ENVIRONMENT:
        assert type(plain) is ENVIRONMENT[primary][0]
    else:
        assert plain is None


def test_an_error_sqlite_did_not_report_is_a_bug():
    assert environment_error(None, sqlite3.ProgrammingError("Cannot operate on a closed database.")) is None


def test_an_in_memory_library_is_named_as_such():
    assert "the in-memory library" in str(environment_error(None, sqlite_error(errors.SQLITE_FULL)))


# ------------------------------------------------------- through the engine


def a_claim(library) -> Claim:
    article = library.add_article(Article(title="Crime", text=TEXT))
    return library.add_claim(Claim(anchor=make_anchor(TEXT, 0, 9), article_id=article.id))


def test_no_such_column_goes_on_with_its_traceback_and_saves_nothing(library, monkeypatch):
    claim = a_claim(library)

    def history_with_a_typo(self, *args, **kwargs):
        self.conn.execute("UPDATE claims SET verdikt = 'x' WHERE id = ?", [claim.id])  # a bug of ours

    monkeypatch.setattr(library_module.SQLiteStore, "_history", history_with_a_typo)
    with pytest.raises(sqlite3.OperationalError, match="no such column: verdikt") as caught:
        library.update_claim(claim.id, "rationale", "Police figures disagree.")
    assert not isinstance(caught.value, LibraryError)
    assert caught.value.sqlite_errorname == "SQLITE_ERROR"
    frames = [frame.name for frame in traceback.extract_tb(caught.value.__traceback__)]
    assert frames[-1] == "history_with_a_typo"  # where the bad statement ran
    assert "update_claim" in frames
    monkeypatch.undo()
    assert library.claim(claim.id).rationale == ""  # rolled back whole
    assert not library.conn.in_transaction
    assert library.update_claim(claim.id, "rationale", "Saved.").rationale == "Saved."


def test_bad_sql_in_a_transaction_goes_on_unchanged(library):
    with pytest.raises(sqlite3.OperationalError, match="no such column") as caught:
        with library.transaction():
            library.conn.execute("SELECT no_such_column FROM articles")
    assert caught.value.__cause__ is None and not isinstance(caught.value, LibraryError)


def test_a_constraint_our_code_breaks_is_a_bug(library):
    claim = a_claim(library)
    with pytest.raises(sqlite3.IntegrityError):
        library.restore_claim(claim)  # its id is taken: the caller's mistake, not the user's


def test_a_full_disk_is_the_environment(library):
    claim = a_claim(library)
    pages = library.conn.execute("PRAGMA page_count").fetchone()[0]
    library.conn.execute(f"PRAGMA max_page_count={pages}")  # SQLite's own "disk full" from here on
    with pytest.raises(LibraryError, match="is full: nothing was saved. Free some space") as caught:
        library.update_claim(claim.id, "rationale", "x" * 200_000)
    assert caught.value.__cause__.sqlite_errorname == "SQLITE_FULL"
    library.conn.execute("PRAGMA max_page_count=1073741823")
    assert library.claim(claim.id).rationale == ""


def test_a_read_only_library_is_the_environment(library):
    library.conn.execute("PRAGMA query_only=ON")  # SQLITE_READONLY, as for a read-only file
    with pytest.raises(LibraryError, match="read-only: nothing was saved") as caught:
        library.add_article(Article(title="Crime", text=TEXT))
    assert caught.value.__cause__.sqlite_errorname == "SQLITE_READONLY"
    library.conn.execute("PRAGMA query_only=OFF")
    assert library.articles() == []


def test_another_writer_holding_the_library_makes_it_busy(db_path, monkeypatch):
    monkeypatch.setenv(library_module.BUSY_TIMEOUT_ENV, "100")
    library = SQLiteStore.open(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process is writing, for longer than we wait
        with pytest.raises(LibraryBusy, match="is busy: another program is writing to it") as caught:
            library.set_property("seeded", "1")
        assert caught.value.__cause__.sqlite_errorname == "SQLITE_BUSY"
        other.execute("ROLLBACK")
        library.set_property("seeded", "1")  # free again: the edit goes through
    finally:
        other.close()
        library.close()


def _break_the_schema(conn: sqlite3.Connection) -> None:
    """Garble an index's definition, as a disk fault would: SQLite then reports SQLITE_CORRUPT."""
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX claims_article ON claims(' "
                 "WHERE name = 'claims_article'")
    conn.execute(f"PRAGMA schema_version={version + 1}")  # every connection reads the schema again
    conn.execute("PRAGMA writable_schema=OFF")


def test_a_damaged_library_is_damaged_while_editing(library):
    claim = a_claim(library)
    _break_the_schema(library.conn)
    with pytest.raises(LibraryDamaged, match="is damaged .*Restore a backup") as caught:
        library.update_claim(claim.id, "rationale", "Police figures disagree.")
    assert caught.value.__cause__.sqlite_errorname == "SQLITE_CORRUPT"


def test_a_damaged_library_is_damaged_when_opened(db_path, monkeypatch):
    library = SQLiteStore.open(db_path)
    _break_the_schema(library.conn)
    library.conn.close()
    monkeypatch.setattr(library_module, "_check_existing", lambda path: None)  # as if the damage were new
    with pytest.raises(LibraryDamaged, match="is damaged") as caught:
        SQLiteStore.open(db_path)
    assert caught.value.path == db_path
    assert caught.value.__cause__.sqlite_errorname == "SQLITE_CORRUPT"


def test_a_bug_while_opening_goes_on_unchanged(db_path, monkeypatch):
    SQLiteStore.open(db_path).close()

    def configure_with_a_typo(self):
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("SELECT nonexistent FROM properties")

    monkeypatch.setattr(library_module.SQLiteStore, "_configure", configure_with_a_typo)
    with pytest.raises(sqlite3.OperationalError, match="no such column: nonexistent"):
        SQLiteStore.open(db_path)


def test_a_library_whose_folder_went_away_cannot_be_opened_again(tmp_path):
    library = SQLiteStore.open(tmp_path / "drive" / "library.db")
    try:
        (tmp_path / "drive").rename(tmp_path / "unmounted")  # as a network drive that was disconnected
        with pytest.raises(LibraryError, match="cannot be opened .*Check that its folder exists") as caught:
            library.open_another()
        assert caught.value.__cause__.sqlite_errorname == "SQLITE_CANTOPEN"
    finally:
        library.close()
