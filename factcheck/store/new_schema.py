"""The schema a new library gets: what the steps in ``STEPS`` leave in ``sqlite_master``, in its order.

Written by :func:`factcheck.store.migrations.new_schema_source`, never by hand; replayed by
:meth:`factcheck.store.migrations.Steps.apply` for a new library. tests/store/test_new_library_schema.py
checks that it is up to date and makes the schema sqlite-utils makes step by step.
"""

MIGRATION_SET = 'factcheck'
STEPS = (
    'm001_initial_schema',
    'm002_article_originals',
    'm003_numbers_claimants_review_pages',
    'm004_review_workflow',
    'm005_search',
    'm006_revisions',
    'm007_suggestion_dismissals',
)
STATEMENTS = (
    """CREATE TABLE rating_scales (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            builtin INTEGER NOT NULL DEFAULT 0
        )""",
    """CREATE TABLE verdicts (
            id INTEGER PRIMARY KEY,
            rating_scale TEXT NOT NULL REFERENCES rating_scales(key) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            label TEXT NOT NULL,
            color TEXT NOT NULL,
            definition TEXT NOT NULL DEFAULT '',
            value REAL,
            UNIQUE (rating_scale, label)
        )""",
    """CREATE TABLE articles (
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
        , review_url TEXT NOT NULL DEFAULT '', archived_at TEXT, claims_numbered INTEGER NOT NULL DEFAULT 0, stage TEXT NOT NULL DEFAULT 'unassigned'
            CHECK (stage IN ('unassigned', 'assigned', 'in_review', 'published')), assignee TEXT NOT NULL DEFAULT '', due TEXT, revision INTEGER NOT NULL DEFAULT 1, revised_at TEXT, revised_by TEXT NOT NULL DEFAULT '', revision_origin TEXT NOT NULL DEFAULT '')""",
    """CREATE INDEX articles_text_sha256 ON articles(text_sha256)""",
    """CREATE TABLE claims (
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
        , number INTEGER, placement TEXT NOT NULL DEFAULT ''
            CHECK (placement IN ('', 'exact', 'moved', 'changed', 'orphan')), old_quote TEXT NOT NULL DEFAULT '', placed_on INTEGER NOT NULL DEFAULT 1)""",
    """CREATE INDEX claims_article ON claims(article_id, start)""",
    """CREATE TABLE sources (
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
        )""",
    """CREATE INDEX sources_claim ON sources(claim_id, position)""",
    """CREATE TABLE properties (
            key TEXT PRIMARY KEY,
            value TEXT
        )""",
    """CREATE TABLE article_originals (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            name TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB NOT NULL
        )""",
    """CREATE UNIQUE INDEX claims_number ON claims(article_id, number)""",
    """CREATE TABLE claimants (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organization')),
            same_as TEXT NOT NULL DEFAULT ''
        )""",
    """CREATE TABLE "history" (
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
        )""",
    'CREATE INDEX history_article ON history(article_id, id)\n        ',
    """CREATE TABLE proposals (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            reviewer TEXT NOT NULL,
            verdict TEXT,
            rationale TEXT NOT NULL DEFAULT '',
            second_opinion INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            submitted_at TEXT,
            UNIQUE (claim_id, reviewer)
        )""",
    """CREATE TABLE opinion_requests (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            reviewer TEXT NOT NULL,
            requested_by TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            requested_at TEXT NOT NULL,
            UNIQUE (claim_id, reviewer)
        )""",
    """CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            action TEXT NOT NULL CHECK (action IN ('approve', 'return', 'reopen')),
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            proposal_id INTEGER,
            verdict TEXT,
            rationale TEXT
        )""",
    """CREATE INDEX decisions_claim ON decisions(claim_id, id)""",
    """CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            author TEXT NOT NULL,
            written_at TEXT NOT NULL,
            text TEXT NOT NULL
        )""",
    """CREATE INDEX comments_claim ON comments(claim_id, id)""",
    """CREATE TABLE last_seen (
            reviewer TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (reviewer, article_id)
        )""",
    """CREATE TABLE published_checks (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    claim_reviewed TEXT NOT NULL,
    verdict TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    published TEXT,
    claimant TEXT NOT NULL DEFAULT '',
    claim_date TEXT,
    claim_url TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
)""",
    """CREATE INDEX claims_claimant ON claims(claimant)""",
    """CREATE INDEX claims_verdict ON claims(verdict)""",
    """CREATE VIRTUAL TABLE articles_search USING fts5(title, text, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN INSERT INTO articles_search(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN INSERT INTO articles_search(articles_search, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END""",
    """CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text ON articles BEGIN INSERT INTO articles_search(articles_search, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); INSERT INTO articles_search(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE VIRTUAL TABLE claims_search USING fts5(quote, claimant, rationale, content='claims', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER claims_search_insert AFTER INSERT ON claims BEGIN INSERT INTO claims_search(rowid, quote, claimant, rationale) VALUES (new.id, new.quote, new.claimant, new.rationale); END""",
    """CREATE TRIGGER claims_search_delete AFTER DELETE ON claims BEGIN INSERT INTO claims_search(claims_search, rowid, quote, claimant, rationale) VALUES ('delete', old.id, old.quote, old.claimant, old.rationale); END""",
    """CREATE TRIGGER claims_search_update AFTER UPDATE OF quote, claimant, rationale ON claims BEGIN INSERT INTO claims_search(claims_search, rowid, quote, claimant, rationale) VALUES ('delete', old.id, old.quote, old.claimant, old.rationale); INSERT INTO claims_search(rowid, quote, claimant, rationale) VALUES (new.id, new.quote, new.claimant, new.rationale); END""",
    """CREATE VIRTUAL TABLE comments_search USING fts5(text, content='comments', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER comments_search_insert AFTER INSERT ON comments BEGIN INSERT INTO comments_search(rowid, text) VALUES (new.id, new.text); END""",
    """CREATE TRIGGER comments_search_delete AFTER DELETE ON comments BEGIN INSERT INTO comments_search(comments_search, rowid, text) VALUES ('delete', old.id, old.text); END""",
    """CREATE TRIGGER comments_search_update AFTER UPDATE OF text ON comments BEGIN INSERT INTO comments_search(comments_search, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO comments_search(rowid, text) VALUES (new.id, new.text); END""",
    """CREATE VIRTUAL TABLE sources_search USING fts5(title, excerpt, url, content='sources', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER sources_search_insert AFTER INSERT ON sources BEGIN INSERT INTO sources_search(rowid, title, excerpt, url) VALUES (new.id, new.title, new.excerpt, new.url); END""",
    """CREATE TRIGGER sources_search_delete AFTER DELETE ON sources BEGIN INSERT INTO sources_search(sources_search, rowid, title, excerpt, url) VALUES ('delete', old.id, old.title, old.excerpt, old.url); END""",
    """CREATE TRIGGER sources_search_update AFTER UPDATE OF title, excerpt, url ON sources BEGIN INSERT INTO sources_search(sources_search, rowid, title, excerpt, url) VALUES ('delete', old.id, old.title, old.excerpt, old.url); INSERT INTO sources_search(rowid, title, excerpt, url) VALUES (new.id, new.title, new.excerpt, new.url); END""",
    """CREATE VIRTUAL TABLE published_search USING fts5(claim_reviewed, title, claimant, content='published_checks', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER published_search_insert AFTER INSERT ON published_checks BEGIN INSERT INTO published_search(rowid, claim_reviewed, title, claimant) VALUES (new.id, new.claim_reviewed, new.title, new.claimant); END""",
    """CREATE TRIGGER published_search_delete AFTER DELETE ON published_checks BEGIN INSERT INTO published_search(published_search, rowid, claim_reviewed, title, claimant) VALUES ('delete', old.id, old.claim_reviewed, old.title, old.claimant); END""",
    """CREATE TRIGGER published_search_update AFTER UPDATE OF claim_reviewed, title, claimant ON published_checks BEGIN INSERT INTO published_search(published_search, rowid, claim_reviewed, title, claimant) VALUES ('delete', old.id, old.claim_reviewed, old.title, old.claimant); INSERT INTO published_search(rowid, claim_reviewed, title, claimant) VALUES (new.id, new.claim_reviewed, new.title, new.claimant); END""",
    """CREATE TABLE article_revisions (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            number INTEGER NOT NULL CHECK (number >= 1),
            text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (article_id, number)
        )""",
    """CREATE TABLE suggestion_dismissals (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            sentence TEXT NOT NULL,
            dismissed_by TEXT NOT NULL DEFAULT '',
            dismissed_at TEXT NOT NULL,
            PRIMARY KEY (article_id, start, "end")
        )""",
)
