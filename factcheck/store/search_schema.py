"""The search index and the published fact-checks, as each engine's schema step makes them (m005, p005, p006).

Both engines index the same fields and read words alike (see :mod:`factcheck.core.search_query`):

* **SQLite**: FTS5 tables over the rows where they live (``content=``: no text is kept
  twice), tokenizer ``porter unicode61 remove_diacritics 2``, kept in step by triggers, so
  every write (an edit, an undo, a deletion and its cascade, a restore, an import) changes
  the index in its own transaction; a backup is a copy of the file, index included. The
  step indexes the rows a library already holds (``rebuild``).
* **PostgreSQL**: text folded by ``factcheck_fold`` (the same letters as FTS5's
  ``remove_diacritics``, built from :data:`~factcheck.core.search_query.FOLD`; ASCII
  punctuation to spaces, so the parser finds plain words) and stemmed by a snowball
  ``porter`` dictionary with no stop words, in the configuration ``factcheck_words``. The
  articles' words are kept in ``article_words`` (an article's text is long: its vector is
  made once per change, by a trigger); claims, comments, sources and published checks
  have expression GIN indexes. p006 makes ``factcheck_fold`` quick (the same text for
  every input) and stores the claims', comments' and sources' words beside their article's
  id (``claim_words``, ``comment_words``, ``source_words``, kept by triggers), which the
  search reads newest article first (:class:`~factcheck.store.search_plans.PostgresSearch`).
"""

from __future__ import annotations

import string

TOKENIZE = "porter unicode61 remove_diacritics 2"

# (index, table, columns): an FTS5 table per table searched, rowid = the row's id.
SQLITE_INDEXES = (
    ("articles_search", "articles", ("title", "text")),
    ("claims_search", "claims", ("quote", "claimant", "rationale")),
    ("comments_search", "comments", ("text",)),
    ("sources_search", "sources", ("title", "excerpt", "url")),
    ("published_search", "published_checks", ("claim_reviewed", "title", "claimant")),
)

_SQLITE_PUBLISHED = """
CREATE TABLE published_checks (
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
)"""


def sqlite_statements() -> list[str]:
    """m005's statements, in order (a trigger's body holds semicolons: one statement each)."""
    statements = [_SQLITE_PUBLISHED,
                  "CREATE INDEX claims_claimant ON claims(claimant)",
                  "CREATE INDEX claims_verdict ON claims(verdict)"]
    for index, table, columns in SQLITE_INDEXES:
        names = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        remove = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old});"
        add = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"
        statements += [
            f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}', content_rowid='id',"
            f" tokenize='{TOKENIZE}')",
            f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
            f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
            f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} BEGIN {remove} {add} END",
            f"INSERT INTO {index}({index}) VALUES ('rebuild')",
        ]
    return statements


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fold_function() -> str:
    from factcheck.core.search_query import FOLD  # the query language loads at a search, not when a library is made

    source = "".join(map(chr, FOLD)) + string.punctuation
    target = "".join(FOLD.values()) + " " * len(string.punctuation)
    return (f"CREATE FUNCTION factcheck_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE\n"
            f"    RETURN pg_catalog.lower(pg_catalog.translate(t, {_literal(source)}, {_literal(target)}));\n")


_TOKEN_TYPES = ("asciiword, word, numword, email, url, host, sfloat, version, hword_numpart, hword_part, "
                "hword_asciipart, tag, protocol, numhword, asciihword, hword, url_path, file, float, int, uint, "
                "entity")


def postgres_sql() -> str:
    """p005: the published checks, the folding and stemming, the articles' words, the indexes."""
    return _fold_function() + f"""
CREATE TEXT SEARCH DICTIONARY factcheck_porter (TEMPLATE = pg_catalog.snowball, Language = porter);
CREATE TEXT SEARCH CONFIGURATION factcheck_words (PARSER = pg_catalog.default);
ALTER TEXT SEARCH CONFIGURATION factcheck_words ADD MAPPING FOR {_TOKEN_TYPES} WITH factcheck_porter;
CREATE FUNCTION factcheck_words(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN pg_catalog.to_tsvector('public.factcheck_words'::regconfig, public.factcheck_fold(t));
CREATE FUNCTION factcheck_query(t text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN pg_catalog.phraseto_tsquery('public.factcheck_words'::regconfig, public.factcheck_fold(t));

CREATE TABLE published_checks (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    url text NOT NULL UNIQUE,
    claim_reviewed text NOT NULL,
    verdict text NOT NULL DEFAULT '',
    title text NOT NULL DEFAULT '',
    author text NOT NULL DEFAULT '',
    published text,
    claimant text NOT NULL DEFAULT '',
    claim_date text,
    claim_url text NOT NULL DEFAULT '',
    language text NOT NULL DEFAULT '',
    imported_at text NOT NULL
);
CREATE INDEX published_checks_search ON published_checks
    USING gin (factcheck_words(claim_reviewed || ' ' || title || ' ' || claimant));

CREATE TABLE article_words (
    article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    title tsvector NOT NULL,
    body tsvector NOT NULL
);
CREATE INDEX article_words_title ON article_words USING gin (title);
CREATE INDEX article_words_body ON article_words USING gin (body);
INSERT INTO article_words SELECT id, factcheck_words(title), factcheck_words(text) FROM articles;
CREATE FUNCTION factcheck_article_words() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO article_words VALUES (NEW.id, factcheck_words(NEW.title), factcheck_words(NEW.text))
        ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, body = excluded.body;
    RETURN NULL;
END
$$;
CREATE TRIGGER words AFTER INSERT OR UPDATE OF title, text ON articles
    FOR EACH ROW EXECUTE FUNCTION factcheck_article_words();

CREATE INDEX claims_search ON claims USING gin (factcheck_words(quote || ' ' || claimant || ' ' || rationale));
CREATE INDEX claims_verdict ON claims(verdict);
CREATE INDEX comments_search ON comments USING gin (factcheck_words(text));
CREATE INDEX sources_search ON sources USING gin (factcheck_words(title || ' ' || excerpt || ' ' || url));

REVOKE ALL ON FUNCTION factcheck_article_words() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION factcheck_fold(text), factcheck_words(text), factcheck_query(text) TO factcheck_reporter;
GRANT SELECT, INSERT, UPDATE ON published_checks TO factcheck_reporter;
GRANT DELETE ON published_checks TO factcheck_editor;
GRANT SELECT ON article_words TO factcheck_reporter;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO factcheck_reporter;
"""


def _quick_fold_function() -> str:
    """``factcheck_fold`` again, giving the same text for every input but some 20-40 times quicker.

    p005's single ``translate`` over all of :data:`FOLD` costs the length of the text times the
    488 letters it maps (a 2,000-character article: some 3 ms at each edit, and as much for each
    row a search tests). Here a text with no letter past ASCII skips the folding; else each
    accented letter it holds is replaced once, everywhere (``replace``); punctuation goes to
    spaces in one regular expression.
    """
    from factcheck.core.search_query import FOLD

    keys = sorted(FOLD)
    source = "".join(map(chr, keys))
    target = "".join(FOLD[k] for k in keys)
    ranges = "".join(f"\\u{low:04X}-\\u{high:04X}" for low, high in _ranges(keys))
    punctuation = "".join(f"\\u{low:04X}-\\u{high:04X}" for low, high in _ranges(sorted(map(ord,
                                                                                          string.punctuation))))
    return f"""CREATE OR REPLACE FUNCTION factcheck_fold(t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    letter text;
    at integer;
BEGIN
    IF t OPERATOR(pg_catalog.~) '[^\\u0001-\\u007F]' THEN
        FOR letter IN SELECT DISTINCT hit[1] FROM pg_catalog.regexp_matches(t, '([{ranges}])', 'g') hit LOOP
            at := pg_catalog.strpos({_literal(source)}, letter);
            IF at > 0 THEN
                t := pg_catalog.replace(t, letter, pg_catalog.substr({_literal(target)}, at, 1));
            END IF;
        END LOOP;
    END IF;
    RETURN pg_catalog.lower(pg_catalog.regexp_replace(t, '[{punctuation}]', ' ', 'g'));
END
$$;
"""


def _ranges(codes: list[int]) -> list[tuple[int, int]]:
    """Sorted code points as runs ``(first, last)``."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return [(low, high) for low, high in runs]


# (table, its row's id column, the table searched, the words of a row as SQL over NEW, its article as SQL over NEW)
ITEM_WORDS = (
    ("claim_words", "claim_id", "claims", "NEW.quote || ' ' || NEW.claimant || ' ' || NEW.rationale",
     "NEW.article_id"),
    ("comment_words", "comment_id", "comments", "NEW.text",
     "(SELECT c.article_id FROM claims c WHERE c.id = NEW.claim_id)"),
    ("source_words", "source_id", "sources", "NEW.title || ' ' || NEW.excerpt || ' ' || NEW.url",
     "(SELECT c.article_id FROM claims c WHERE c.id = NEW.claim_id)"),
)
"""p006's stored words of claims, comments and sources, each beside its article (a search reads the newest first)."""


def postgres_speed_sql() -> str:
    """p006: the quick ``factcheck_fold`` (the same words: nothing is indexed again); an article's words made again
    only for what an edit changed (a new headline: not the whole text's); the words of each claim, comment and
    source stored with its article's id (``claim_words``, ``comment_words``, ``source_words``), kept by triggers,
    so that a search reads them newest article first and never makes a row's words again."""
    sql = [_quick_fold_function(), """
CREATE OR REPLACE FUNCTION factcheck_article_words() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.text IS NOT DISTINCT FROM OLD.text THEN
        UPDATE article_words SET title = factcheck_words(NEW.title) WHERE article_id = NEW.id;
        IF FOUND THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO article_words VALUES (NEW.id, factcheck_words(NEW.title), factcheck_words(NEW.text))
        ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, body = excluded.body;
    RETURN NULL;
END
$$;
"""]
    for table, key, source, words, article in ITEM_WORDS:
        columns = {"claims": "article_id, quote, claimant, rationale", "comments": "claim_id, text",
                   "sources": "claim_id, title, excerpt, url"}[source]
        sql.append(f"""
CREATE TABLE {table} (
    {key} bigint PRIMARY KEY REFERENCES {source}(id) ON DELETE CASCADE,
    article_id bigint NOT NULL,
    words tsvector NOT NULL
);
INSERT INTO {table} SELECT NEW.id, {article}, factcheck_words({words}) FROM {source} NEW;
CREATE INDEX {table}_newest ON {table}(article_id);
CREATE INDEX {table}_search ON {table} USING gin (words);
CREATE FUNCTION factcheck_{table}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO {table} VALUES (NEW.id, {article}, factcheck_words({words}))
        ON CONFLICT ({key}) DO UPDATE SET article_id = excluded.article_id, words = excluded.words;
    RETURN NULL;
END
$$;
CREATE TRIGGER words AFTER INSERT OR UPDATE OF {columns} ON {source}
    FOR EACH ROW EXECUTE FUNCTION factcheck_{table}();
REVOKE ALL ON FUNCTION factcheck_{table}() FROM PUBLIC;
GRANT SELECT ON {table} TO factcheck_reporter;
""")
    sql.append("""
-- A claim moved to another article takes its comments' and sources' words along.
CREATE FUNCTION factcheck_claim_moved() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE comment_words SET article_id = NEW.article_id
        WHERE comment_id IN (SELECT id FROM comments WHERE claim_id = NEW.id);
    UPDATE source_words SET article_id = NEW.article_id
        WHERE source_id IN (SELECT id FROM sources WHERE claim_id = NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER moved AFTER UPDATE OF article_id ON claims
    FOR EACH ROW WHEN (NEW.article_id IS DISTINCT FROM OLD.article_id) EXECUTE FUNCTION factcheck_claim_moved();
REVOKE ALL ON FUNCTION factcheck_claim_moved() FROM PUBLIC;
""")
    return "".join(sql)
