"""A new library's schema, built without sqlite-utils, is the one sqlite-utils builds step by step.

``Steps.apply`` runs a new library's ``sql`` steps on the plain connection and records them
itself (factcheck/store/migrations.py); these tests build the same library with
``sqlite_utils.Migrations`` and compare the two: ``sqlite_master`` (SQL with its whitespace
normalised) and the ``_sqlite_migrations`` records. An existing library's pending steps,
and a new library's steps that are not ``sql``, still go through sqlite-utils.
"""

import datetime
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlite_utils import Database, Migrations

from factcheck.core.articles import Article
from factcheck.store import SQLiteStore
from factcheck.store import migrations as schema
from factcheck.store import new_schema, search_schema
from factcheck.store import sqlite_store as library_module


def reference_library(path, steps: schema.Steps = schema.migrations, stop_before=None) -> None:
    """The library ``steps`` make when sqlite_utils.Migrations applies them one by one."""
    reference = Migrations(steps.name)
    for step in steps.pending(Database(memory=True)):
        reference(name=step.name)(step.fn)
    db = Database(path)
    try:
        reference.apply(db, stop_before=stop_before)
    finally:
        db.close()


def plain_library(path, steps: schema.Steps = schema.migrations, *, in_transaction=True, stop_before=None) -> None:
    """The library ``steps.apply`` makes on a plain connection (in a transaction, as the store calls it)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        if in_transaction:
            conn.execute("BEGIN")
        steps.apply(conn, stop_before=stop_before)
        if in_transaction:
            conn.execute("COMMIT")
    finally:
        conn.close()


def master(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return [(kind, name, table, None if sql is None else " ".join(sql.split()))
                for kind, name, table, sql in conn.execute(
                    "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")]
    finally:
        conn.close()


def records(path) -> list[tuple]:
    """The migration records: every column but ``applied_at``, which is checked for its form."""
    conn = sqlite3.connect(path)
    try:
        columns = [row[1:3] for row in conn.execute(f"PRAGMA table_info({schema.TABLE})")]
        rows = conn.execute(f"SELECT id, migration_set, name, applied_at FROM {schema.TABLE} ORDER BY rowid").fetchall()
    finally:
        conn.close()
    stamps = [datetime.datetime.fromisoformat(applied_at) for *_, applied_at in rows]
    for (*_, applied_at), stamp in zip(rows, stamps):
        # str(datetime.now(timezone.utc)), as sqlite_utils.Migrations writes it
        assert stamp.utcoffset() == datetime.timedelta(0) and str(stamp) == applied_at
    assert stamps == sorted(stamps)
    return [tuple(columns)] + [row[:3] for row in rows]


def sqlite_utils_steps(steps: schema.Steps, monkeypatch) -> list[list[str]]:
    """Records each call of the sqlite-utils path: the names of the steps pending when it was taken."""
    calls = []
    original = schema.Steps._apply_with_sqlite_utils

    def spy(self, db, stop):
        calls.append([step.name for step in self.pending(db)])
        return original(self, db, stop)

    monkeypatch.setattr(schema.Steps, "_apply_with_sqlite_utils", spy)
    return calls


def test_a_new_library_is_the_one_sqlite_utils_builds(tmp_path, monkeypatch):
    calls = sqlite_utils_steps(schema.migrations, monkeypatch)
    plain_library(tmp_path / "plain.db")
    reference_library(tmp_path / "reference.db")
    assert calls == []
    assert master(tmp_path / "plain.db") == master(tmp_path / "reference.db")
    assert records(tmp_path / "plain.db") == records(tmp_path / "reference.db")
    assert [name for *_, name in records(tmp_path / "plain.db")[1:]] == schema.migrations.names()


def test_the_store_opens_a_new_library_with_that_schema(tmp_path, monkeypatch):
    calls = sqlite_utils_steps(schema.migrations, monkeypatch)
    SQLiteStore.open(tmp_path / "store.db").close()
    reference_library(tmp_path / "reference.db")
    assert calls == []
    assert master(tmp_path / "store.db") == master(tmp_path / "reference.db")
    assert records(tmp_path / "store.db") == records(tmp_path / "reference.db")


@pytest.mark.parametrize("stop_before", ["m001_initial_schema", "m002_article_originals",
                                         "m003_numbers_claimants_review_pages"])
def test_stopping_before_a_step_stops_as_sqlite_utils_does(tmp_path, stop_before):
    plain_library(tmp_path / "plain.db", stop_before=stop_before)
    reference_library(tmp_path / "reference.db", stop_before=stop_before)
    assert master(tmp_path / "plain.db") == master(tmp_path / "reference.db")
    assert records(tmp_path / "plain.db") == records(tmp_path / "reference.db")


def test_outside_a_transaction_the_new_schema_commits_on_its_own(tmp_path):
    plain_library(tmp_path / "plain.db", in_transaction=False)
    reference_library(tmp_path / "reference.db")
    assert master(tmp_path / "plain.db") == master(tmp_path / "reference.db")
    assert records(tmp_path / "plain.db") == records(tmp_path / "reference.db")


def test_the_recorded_new_schema_is_todays(tmp_path):
    # after adding a step: write factcheck/store/new_schema.py again (see migrations.new_schema_source)
    assert new_schema.STEPS == tuple(schema.migrations.names())
    assert (Path(new_schema.__file__).read_text(encoding="utf-8") == schema.new_schema_source())


def test_a_new_library_runs_no_step_of_its_own_and_its_search_finds_what_is_added(tmp_path, monkeypatch):
    # the recording stands for every step: none runs
    monkeypatch.setattr(schema.migrations, "_steps", [step._replace(fn=_refuse) for step in schema.migrations._steps])
    library = SQLiteStore.open(tmp_path / "store.db")
    try:
        article = library.add_article(Article(title="Budget", text="The deficit grew by 12% last year."))
        assert [match.article_id for match in library.search("deficit").articles] == [article.id]
        for index, *_ in search_schema.SQLITE_INDEXES:
            library.conn.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
    finally:
        library.close()


def _refuse(db):
    raise AssertionError("a schema step ran on a new library")


def test_a_failing_replay_leaves_the_callers_transaction_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setattr(new_schema, "STATEMENTS", new_schema.STATEMENTS[:3] + ("CREATE TABLE broken (",))
    conn = sqlite3.connect(tmp_path / "plain.db", isolation_level=None)
    try:
        conn.execute("BEGIN")
        with pytest.raises(sqlite3.OperationalError):
            schema.migrations.apply(conn)
        assert conn.in_transaction  # the caller's transaction is the caller's to end
        assert conn.execute(f"SELECT count(*) FROM {schema.TABLE}").fetchone() == (0,)  # no step recorded
        assert [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] \
            == [schema.TABLE]
        conn.execute("ROLLBACK")
    finally:
        conn.close()


USE_AND_SAY_WHETHER_SQLITE_UTILS_WAS_IMPORTED = textwrap.dedent("""
    import sys
    from factcheck.core.articles import Article
    from factcheck.store import SQLiteStore
    library = SQLiteStore.open(sys.argv[1])
    article = library.add_article(Article(title="T", text="Some text."))
    library.history(article.id)
    library.close()
    print("sqlite_utils" in sys.modules)
""")


def sqlite_utils_imported_by_use(db_path) -> bool:
    out = subprocess.run([sys.executable, "-c", USE_AND_SAY_WHETHER_SQLITE_UTILS_WAS_IMPORTED, str(db_path)],
                         capture_output=True, text=True, check=True).stdout
    return out.strip() == "True"


def test_sqlite_utils_is_imported_only_to_update_an_older_schema(db_path, tmp_path):
    assert not sqlite_utils_imported_by_use(db_path)  # a new library: every step, on the plain connection
    assert not sqlite_utils_imported_by_use(db_path)  # up to date: SQLite alone
    from sqlite_utils import Database

    from factcheck.store.migrations import migrations

    old = Database(tmp_path / "old.db")
    migrations.apply(old, stop_before="m002_article_originals")  # as version 0.1 left it
    old.close()
    assert sqlite_utils_imported_by_use(tmp_path / "old.db")  # an older library: its steps through sqlite-utils


# ------------------------------------------------------- steps added later


def with_a_later_step(*, sql: bool) -> tuple[schema.Steps, list]:
    """Today's steps and one more, which notes what it was given (the sqlite-utils API or the connection)."""
    given = []
    steps = schema.Steps("factcheck")
    for step in schema.migrations._steps:
        steps(name=step.name, sql=step.sql)(step.fn)

    @steps(sql=sql)
    def m004_later(db):
        given.append(type(db).__name__)
        if sql:
            db.execute("CREATE TABLE later (id INTEGER PRIMARY KEY, note TEXT NOT NULL DEFAULT '')")
        else:  # a step that needs sqlite-utils' API
            db["later"].create({"id": int, "note": str}, pk="id")
            db["later"].create_index(["note"])

    return steps, given


@pytest.mark.parametrize("sql", [True, False])
def test_a_later_step_goes_through_sqlite_utils_for_an_existing_library(tmp_path, monkeypatch, sql):
    path = tmp_path / "library.db"
    SQLiteStore.open(path).close()  # today's library, built without sqlite-utils
    steps, given = with_a_later_step(sql=sql)
    calls = sqlite_utils_steps(steps, monkeypatch)
    monkeypatch.setattr(library_module, "migrations", steps)
    SQLiteStore.open(path).close()
    assert calls == [["m004_later"]] and given == ["Database"]
    reference_library(tmp_path / "reference.db", steps)
    assert [row for row in master(path) if row[2] == "later"] == \
        [row for row in master(tmp_path / "reference.db") if row[2] == "later"]
    assert records(path) == records(tmp_path / "reference.db")


def test_a_new_library_hands_a_step_that_needs_sqlite_utils_to_it(tmp_path, monkeypatch):
    steps, given = with_a_later_step(sql=False)
    calls = sqlite_utils_steps(steps, monkeypatch)
    plain_library(tmp_path / "plain.db", steps)
    assert calls == [["m004_later"]] and given == ["Database"]
    reference_library(tmp_path / "reference.db", steps)
    assert master(tmp_path / "plain.db") == master(tmp_path / "reference.db")
    assert records(tmp_path / "plain.db") == records(tmp_path / "reference.db")


def test_a_new_library_runs_a_later_sql_step_on_the_connection(tmp_path, monkeypatch):
    steps, given = with_a_later_step(sql=True)
    calls = sqlite_utils_steps(steps, monkeypatch)
    plain_library(tmp_path / "plain.db", steps)
    assert calls == [] and given == ["Connection"]
    given.clear()
    reference_library(tmp_path / "reference.db", steps)
    assert master(tmp_path / "plain.db") == master(tmp_path / "reference.db")
    assert records(tmp_path / "plain.db") == records(tmp_path / "reference.db")


def test_a_step_that_fails_in_a_new_library_leaves_nothing(tmp_path):
    steps = schema.Steps("factcheck")
    steps(sql=True)(schema.m001_initial_schema)

    @steps(sql=True)
    def m002_breaks(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("a bug in the schema step")

    conn = sqlite3.connect(tmp_path / "plain.db", isolation_level=None)
    try:
        conn.execute("BEGIN")
        with pytest.raises(RuntimeError, match="a bug"):
            steps.apply(conn)
        assert conn.in_transaction  # the caller's transaction is the caller's to end
        assert [name for (name,) in conn.execute(f"SELECT name FROM {schema.TABLE}")] == ["m001_initial_schema"]
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
        conn.execute("ROLLBACK")
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    finally:
        conn.close()


def test_the_record_table_is_created_as_sqlite_utils_creates_it(tmp_path):
    db = Database(tmp_path / "reference.db")
    Migrations("factcheck").ensure_migrations_table(db)
    db.close()
    conn = sqlite3.connect(tmp_path / "reference.db")
    try:
        sql = [sql for (sql,) in conn.execute("SELECT sql FROM sqlite_master ORDER BY rowid")]
    finally:
        conn.close()
    assert sql == [schema.CREATE_TABLE, schema.CREATE_INDEX]  # to the byte, with sqlite-utils as installed
