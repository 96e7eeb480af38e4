"""The library's schema, built step by step with ``sqlite_utils.Migrations``.

Each step runs in its own transaction and is recorded in ``_sqlite_migrations``.
Never edit a step that has shipped: add a new one. A library that has applied a
step this list does not know was written by a newer factcheck and is refused.
"""

from sqlite_utils import Database, Migrations

migrations = Migrations("factcheck")


@migrations()
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


@migrations()
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


@migrations()
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


def _run(db: Database, script: str) -> None:
    # executescript() would COMMIT the migration's transaction first; run each
    # statement on its own so a failing step rolls back whole.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def known_steps() -> frozenset[str]:
    """Names of every schema step this version of factcheck knows."""
    return frozenset(m.name for m in migrations.pending(Database(memory=True, execute_plugins=False)))
