"""The library's schema, built step by step and recorded as ``sqlite_utils.Migrations`` records it.

Each step runs in its own transaction and is recorded in ``_sqlite_migrations`` (a row
per applied step: ``migration_set``, ``name``, ``applied_at``). Never edit a step that
has shipped: add a new one. A library that has applied a step this list does not know
was written by a newer factcheck and is refused.

Which steps a library has applied is read from that table with SQLite alone
(:meth:`Steps.pending`, :func:`known_steps`). A new library (no ``_sqlite_migrations``
table yet) is built on the plain connection: the steps registered with ``sql=True`` run
their SQL there and are recorded as sqlite-utils records them (:meth:`Steps.apply`), so a
first launch needs no sqlite-utils either. sqlite-utils, some 40–150 ms of imports, is
loaded only to bring an existing library written by an older factcheck up to date, and for
a new library's steps that need its API (none so far).

A new library does not even run its steps one by one: every ALTER TABLE makes SQLite parse
the whole schema again (some 8 ms of a first launch, before the first paint). The schema the
steps leave is recorded in :mod:`factcheck.store.new_schema` and replayed in one savepoint
(some 2.5 ms), with a record for each step; a step the recording lacks runs after it, as
before. :func:`new_schema_source` writes that module again once a step is added.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLE = "_sqlite_migrations"  # the table sqlite_utils.Migrations keeps its records in

# The table and index as sqlite_utils.Migrations.ensure_migrations_table creates them, to
# the byte (tests/store/test_new_library_schema.py compares the two).
CREATE_TABLE = (f'CREATE TABLE "{TABLE}" (\n   "id" INTEGER PRIMARY KEY,\n   "migration_set" TEXT,\n'
                '   "name" TEXT,\n   "applied_at" TEXT\n)')
CREATE_INDEX = (f'CREATE UNIQUE INDEX "idx_{TABLE}_migration_set_name"\n'
                f'    ON "{TABLE}" ("migration_set", "name")')
RECORD = f'INSERT INTO "{TABLE}" ("migration_set", "name", "applied_at") VALUES (?, ?, ?)'


class Step(NamedTuple):
    name: str
    fn: Callable  # called with a sqlite_utils.Database (a new library's sql step: the sqlite3.Connection)
    sql: bool = False  # fn only calls db.execute(): it may run on a plain sqlite3.Connection


class Steps:
    """The schema's steps in order, registered as with ``sqlite_utils.Migrations`` (``@steps()``).

    ``pending``, ``applied`` and ``apply`` take the library's ``sqlite3.Connection`` or a
    ``sqlite_utils.Database``; only ``apply`` imports sqlite-utils, and not for a new library.
    """

    def __init__(self, name: str) -> None:
        self.name = name  # the migration set's name in the table
        self._steps: list[Step] = []

    def __call__(self, *, name: str | None = None, sql: bool = False) -> Callable[[Callable], Callable]:
        """Register a step; ``sql=True`` if it only calls ``db.execute`` (so a new library needs no sqlite-utils)."""
        def register(fn: Callable) -> Callable:
            step_name = name or fn.__name__
            if step_name in self.names():
                raise ValueError(f"schema step {step_name!r} is registered twice")
            self._steps.append(Step(step_name, fn, sql))
            return fn
        return register

    def names(self) -> list[str]:
        return [step.name for step in self._steps]

    def applied(self, db) -> list[str]:
        """The names of the steps of this set that the library has applied, in the order applied."""
        if not _has_table(db):
            return []
        return [name for (name,) in db.execute(
            f"SELECT name FROM {TABLE} WHERE migration_set = ? ORDER BY rowid", [self.name])]

    def pending(self, db) -> list[Step]:
        """The steps the library has yet to apply, in order (reads only)."""
        done = set(self.applied(db))
        return [step for step in self._steps if step.name not in done]

    def apply(self, db, *, stop_before: str | Iterable[str] | None = None) -> None:
        """Apply every pending step (up to ``stop_before``), each in a transaction with its record.

        A new library (a plain connection, no ``_sqlite_migrations`` table) has its leading
        ``sql`` steps applied on that connection, as sqlite-utils would apply and record them;
        any other step, and every step of an existing library, goes through
        ``sqlite_utils.Migrations``.
        """
        stop = set() if stop_before is None else {stop_before} if isinstance(stop_before, str) else set(stop_before)
        if isinstance(db, sqlite3.Connection) and not _has_table(db):
            done = self._apply_new(db, stop)
            if done == len(self._steps) or self._steps[done].name in stop:
                return
        self._apply_with_sqlite_utils(db, stop)

    def _apply_new(self, conn: sqlite3.Connection, stop: set[str], *, recorded: bool = True) -> int:
        """A new library: the table, then the leading ``sql`` steps up to ``stop``; how many were applied.

        What ``sqlite_utils.Migrations.apply`` does: the table and its index in the caller's
        transaction, then each step and its record in a savepoint (a transaction of its own
        outside one). The steps :mod:`factcheck.store.new_schema` recorded are one savepoint
        (unless not ``recorded``): the schema they leave, and their records.
        """
        conn.execute(CREATE_TABLE)
        conn.execute(CREATE_INDEX)
        applied = self._recorded_steps(stop) if recorded else 0
        if applied:
            from factcheck.store.new_schema import STATEMENTS

            with _step(conn):
                for statement in STATEMENTS:
                    conn.execute(statement)
                for step in self._steps[:applied]:
                    conn.execute(RECORD, [self.name, step.name, str(datetime.datetime.now(datetime.timezone.utc))])
        for step in self._steps[applied:]:
            if step.name in stop or not step.sql:
                break
            with _step(conn):
                step.fn(conn)
                conn.execute(RECORD, [self.name, step.name, str(datetime.datetime.now(datetime.timezone.utc))])
            applied += 1
        return applied

    def _recorded_steps(self, stop: set[str]) -> int:
        """How many leading steps the recorded schema stands for: all it holds, or 0 if they are not these."""
        from factcheck.store.new_schema import MIGRATION_SET, STEPS

        leading = self._steps[:len(STEPS)]
        if self.name != MIGRATION_SET or [step.name for step in leading] != list(STEPS):
            return 0
        if any(step.name in stop or not step.sql for step in leading):
            return 0
        return len(STEPS)

    def _apply_with_sqlite_utils(self, db, stop: set[str]) -> None:
        from sqlite_utils import Database, Migrations  # only here: see the module's docstring

        if not isinstance(db, Database):
            db = Database(db, execute_plugins=False, recursive_triggers=False)
        migrations = Migrations(self.name)
        for step in self._steps:
            migrations(name=step.name)(step.fn)
        migrations.apply(db, stop_before=stop)

    @classmethod
    def of(cls, steps) -> Steps:
        """``steps`` as :class:`Steps`: itself, or the steps of a ``sqlite_utils.Migrations`` (a test's own)."""
        if isinstance(steps, cls):
            return steps
        from sqlite_utils import Database

        copy = cls(steps.name)
        for step in steps.pending(Database(memory=True, execute_plugins=False)):
            copy(name=step.name)(step.fn)
        return copy


migrations = Steps("factcheck")


@migrations(sql=True)
def m001_initial_schema(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE rating_scales (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            builtin INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE verdicts (
            id INTEGER PRIMARY KEY,
            rating_scale TEXT NOT NULL REFERENCES rating_scales(key) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            label TEXT NOT NULL,
            color TEXT NOT NULL,
            definition TEXT NOT NULL DEFAULT '',
            value REAL,
            UNIQUE (rating_scale, label)
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            outlet TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            published TEXT,
            imported_at TEXT NOT NULL,
            source_type TEXT NOT NULL DEFAULT 'text',
            rating_scale TEXT REFERENCES rating_scales(key),
            text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL
        );
        CREATE INDEX articles_text_sha256 ON articles(text_sha256);
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            claimant TEXT NOT NULL DEFAULT '',
            claim_date TEXT,
            verdict TEXT,
            rationale TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'in_review', 'approved')),
            reviewer TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX claims_article ON claims(article_id, start);
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            url TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            publisher TEXT NOT NULL DEFAULT '',
            date TEXT,
            excerpt TEXT NOT NULL DEFAULT '',
            stance TEXT NOT NULL DEFAULT 'context'
                CHECK (stance IN ('supports', 'refutes', 'context')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX sources_claim ON sources(claim_id, position);
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            changed_at TEXT NOT NULL,
            changed_by TEXT NOT NULL DEFAULT '',
            article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
            claim_id INTEGER,
            source_id INTEGER,
            entity TEXT NOT NULL CHECK (entity IN ('article', 'claim', 'source')),
            action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
            field TEXT,
            old_value TEXT,
            new_value TEXT
        );
        CREATE INDEX history_article ON history(article_id, id);
        CREATE TABLE properties (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """
    )


@migrations(sql=True)
def m002_article_originals(db: Database) -> None:
    """The bytes each article was imported from (a web page, a .docx, a text file)."""
    _run(
        db,
        """
        CREATE TABLE article_originals (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            name TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB NOT NULL
        )
        """,
    )


@migrations(sql=True)
def m003_numbers_claimants_review_pages(db: Database) -> None:
    """Claim numbers for life; claimants' kind and sameAs; each article's fact-check page; archiving.

    The history table is rebuilt to take claimant edits and archiving (SQLite cannot
    change a CHECK constraint in place); its rows keep their ids. A row whose article is
    gone (deleted by a tool that skipped the foreign keys) is kept, without its article.

    Existing claims are numbered in text order, as the window showed them;
    ``articles.claims_numbered`` is the last number given, so a deleted claim's number is
    never given to another.
    """
    _run(
        db,
        """
        ALTER TABLE claims ADD COLUMN number INTEGER;
        UPDATE claims SET number = (
            SELECT count(*) FROM claims AS earlier WHERE earlier.article_id = claims.article_id
            AND (earlier.start, earlier."end", earlier.id) <= (claims.start, claims."end", claims.id));
        CREATE UNIQUE INDEX claims_number ON claims(article_id, number);
        CREATE TABLE claimants (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organization')),
            same_as TEXT NOT NULL DEFAULT ''
        );
        ALTER TABLE articles ADD COLUMN review_url TEXT NOT NULL DEFAULT '';
        ALTER TABLE articles ADD COLUMN archived_at TEXT;
        ALTER TABLE articles ADD COLUMN claims_numbered INTEGER NOT NULL DEFAULT 0;
        UPDATE articles SET claims_numbered = (
            SELECT coalesce(max(number), 0) FROM claims WHERE claims.article_id = articles.id);
        CREATE TABLE history_m003 (
            id INTEGER PRIMARY KEY,
            changed_at TEXT NOT NULL,
            changed_by TEXT NOT NULL DEFAULT '',
            article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
            claim_id INTEGER,
            source_id INTEGER,
            claimant TEXT,
            entity TEXT NOT NULL CHECK (entity IN ('article', 'claim', 'source', 'claimant')),
            action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'archive', 'unarchive')),
            field TEXT,
            old_value TEXT,
            new_value TEXT
        );
        INSERT INTO history_m003 (id, changed_at, changed_by, article_id, claim_id, source_id, entity,
                                  action, field, old_value, new_value)
            SELECT id, changed_at, changed_by,
                   CASE WHEN article_id IN (SELECT id FROM articles) THEN article_id END,
                   claim_id, source_id, entity, action, field, old_value, new_value FROM history;
        DROP TABLE history;
        ALTER TABLE history_m003 RENAME TO history;
        CREATE INDEX history_article ON history(article_id, id)
        """,
    )


@migrations(sql=True)
def m004_review_workflow(db: Database) -> None:
    """The desk's workflow: proposals, second-opinion requests, editors' decisions, comments, articles' stages.

    Proposals, decisions and comments are append-mostly records of their own (the
    ``history`` table keeps recording the claims' field changes they cause); see
    :mod:`factcheck.core.workflow`. ``last_seen`` is when each reviewer last opened each
    article, for "what changed since I last looked".
    """
    _run(
        db,
        """
        CREATE TABLE proposals (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            reviewer TEXT NOT NULL,
            verdict TEXT,
            rationale TEXT NOT NULL DEFAULT '',
            second_opinion INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            submitted_at TEXT,
            UNIQUE (claim_id, reviewer)
        );
        CREATE TABLE opinion_requests (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            reviewer TEXT NOT NULL,
            requested_by TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            requested_at TEXT NOT NULL,
            UNIQUE (claim_id, reviewer)
        );
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            action TEXT NOT NULL CHECK (action IN ('approve', 'return', 'reopen')),
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            proposal_id INTEGER,
            verdict TEXT,
            rationale TEXT
        );
        CREATE INDEX decisions_claim ON decisions(claim_id, id);
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            author TEXT NOT NULL,
            written_at TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX comments_claim ON comments(claim_id, id);
        ALTER TABLE articles ADD COLUMN stage TEXT NOT NULL DEFAULT 'unassigned'
            CHECK (stage IN ('unassigned', 'assigned', 'in_review', 'published'));
        ALTER TABLE articles ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
        ALTER TABLE articles ADD COLUMN due TEXT;
        CREATE TABLE last_seen (
            reviewer TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (reviewer, article_id)
        )
        """,
    )


@migrations(sql=True)
def m005_search(db: Database) -> None:
    """The search index (FTS5 tables kept in step by triggers, the rows already there indexed) and published checks.

    See :mod:`factcheck.store.search_schema` (loaded here only: a library that is up to date
    never imports it at start-up).
    """
    from factcheck.store.search_schema import sqlite_statements

    for statement in sqlite_statements():
        db.execute(statement)



@migrations(sql=True)
def m006_revisions(db: Database) -> None:
    """Articles have revisions: the earlier texts kept, and how each claim was placed on the newest.

    ``article_revisions`` holds every text an article had before its current one (which
    stays in ``articles``, with its number, time, reviewer and origin); each claim records
    how its position was last set and on which revision (see :class:`factcheck.core.claims.Claim`).
    """
    _run(
        db,
        """
        CREATE TABLE article_revisions (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            number INTEGER NOT NULL CHECK (number >= 1),
            text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (article_id, number)
        );
        ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE articles ADD COLUMN revised_at TEXT;
        ALTER TABLE articles ADD COLUMN revised_by TEXT NOT NULL DEFAULT '';
        ALTER TABLE articles ADD COLUMN revision_origin TEXT NOT NULL DEFAULT '';
        ALTER TABLE claims ADD COLUMN placement TEXT NOT NULL DEFAULT ''
            CHECK (placement IN ('', 'exact', 'moved', 'changed', 'orphan'));
        ALTER TABLE claims ADD COLUMN old_quote TEXT NOT NULL DEFAULT '';
        ALTER TABLE claims ADD COLUMN placed_on INTEGER NOT NULL DEFAULT 1
        """,
    )


@migrations(sql=True)
def m007_suggestion_dismissals(db: Database) -> None:
    """Suggested sentences a reviewer dismissed, per article: never suggested again, and what the desk teaches."""
    _run(
        db,
        """
        CREATE TABLE suggestion_dismissals (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            sentence TEXT NOT NULL,
            dismissed_by TEXT NOT NULL DEFAULT '',
            dismissed_at TEXT NOT NULL,
            PRIMARY KEY (article_id, start, "end")
        )
        """,
    )

@contextmanager
def _step(conn: sqlite3.Connection) -> Iterator[None]:
    """A savepoint in the caller's transaction (a transaction of its own outside one), rolled back if it fails."""
    nested = conn.in_transaction
    conn.execute("SAVEPOINT factcheck_step" if nested else "BEGIN")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # an error may have ended the whole transaction already
            conn.execute("ROLLBACK TO factcheck_step" if nested else "ROLLBACK")
            if nested:
                conn.execute("RELEASE factcheck_step")
        raise
    conn.execute("RELEASE factcheck_step" if nested else "COMMIT")


def new_schema_source() -> str:
    """The text of :mod:`factcheck.store.new_schema` for today's steps, run one by one.

    Every statement ``sqlite_master`` holds once the steps ran, in its order, but the
    record table's (made as before) and what SQLite makes by itself (a UNIQUE's index, an
    FTS5 table's shadow tables). Write the module again after adding a step::

        .venv/bin/python -c "from factcheck.store.migrations import new_schema_source as s; print(s(), end='')" \\
            > factcheck/store/new_schema.py
    """
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("BEGIN")
        applied = migrations._apply_new(conn, set(), recorded=False)
        conn.execute("COMMIT")
        shadow = {name for (name,) in conn.execute("SELECT name FROM pragma_table_list WHERE type = 'shadow'")}
        statements = [sql for name, sql in conn.execute("SELECT name, sql FROM sqlite_master ORDER BY rowid")
                      if sql is not None and name not in shadow and sql not in (CREATE_TABLE, CREATE_INDEX)]
    finally:
        conn.close()
    return "\n".join([
        '"""The schema a new library gets: what the steps in ``STEPS`` leave in ``sqlite_master``, in its order.',
        "",
        "Written by :func:`factcheck.store.migrations.new_schema_source`, never by hand; replayed by",
        ":meth:`factcheck.store.migrations.Steps.apply` for a new library. tests/store/test_new_library_schema.py",
        "checks that it is up to date and makes the schema sqlite-utils makes step by step.",
        '"""',
        "",
        f"MIGRATION_SET = {migrations.name!r}",
        "STEPS = (",
        *(f"    {name!r}," for name in migrations.names()[:applied]),
        ")",
        "STATEMENTS = (",
        *(f"    {_source(sql)}," for sql in statements),
        ")",
        "",
    ])


def _source(sql: str) -> str:
    """``sql`` as Python source: triple-quoted where that reads back the same, else its repr."""
    if '"""' in sql or "\\" in sql or sql.endswith('"') or sql != sql.strip():
        return repr(sql)
    return '"""' + sql + '"""'


def _has_table(db) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]).fetchone() is not None


def _run(db: Database, script: str) -> None:
    # executescript() would COMMIT the migration's transaction first; run each
    # statement on its own so a failing step rolls back whole.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def known_steps() -> frozenset[str]:
    """Names of every schema step this version of factcheck knows."""
    return frozenset(migrations.names())
