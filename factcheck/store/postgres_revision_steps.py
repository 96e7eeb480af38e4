"""The shared library's schema steps for article revisions and suggestion dismissals (issues 14 and 15).

Part of :mod:`factcheck.store.postgres_schema` (which lists every step in order), kept apart
to keep that module readable. Never edit a step that has shipped: add one.
"""

from __future__ import annotations

# Articles have revisions (as the embedded library's step m006): the earlier texts, and each claim's
# placement. A reporter may bring a revision (the article guard still refuses the text of an article
# with approved claims) and undo one; the claims' history names their placement too.
REVISIONS_SQL = r"""
CREATE TABLE article_revisions (
    article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    number integer NOT NULL CHECK (number >= 1),
    text text NOT NULL,
    text_sha256 text NOT NULL,
    created_at text NOT NULL,
    created_by text NOT NULL DEFAULT '',
    origin text NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, number)
);
ALTER TABLE articles ADD COLUMN revision integer NOT NULL DEFAULT 1,
                     ADD COLUMN revised_at text,
                     ADD COLUMN revised_by text NOT NULL DEFAULT '',
                     ADD COLUMN revision_origin text NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN placement text NOT NULL DEFAULT ''
                       CHECK (placement IN ('', 'exact', 'moved', 'changed', 'orphan')),
                   ADD COLUMN old_quote text NOT NULL DEFAULT '',
                   ADD COLUMN placed_on integer NOT NULL DEFAULT 1;
REVOKE ALL ON article_revisions FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON article_revisions TO factcheck_reporter;

CREATE OR REPLACE FUNCTION factcheck_record_claim() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF factcheck_restoring() IS DISTINCT FROM NEW.article_id THEN
            PERFORM factcheck_note('claim', 'create', NEW.article_id, NEW.id, NULL, NULL, NULL, NULL, NEW.quote);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id) THEN
            PERFORM factcheck_note('claim', 'delete', OLD.article_id, OLD.id, NULL, NULL, NULL, OLD.quote, NULL);
        END IF;
    ELSE
        PERFORM factcheck_fields('claim', 'update', NEW.article_id, NEW.id, NULL, NULL,
                                 ARRAY['start', 'end', 'quote', 'prefix', 'suffix', 'claimant', 'claim_date',
                                       'verdict', 'rationale', 'status', 'reviewer', 'placement'],
                                 to_jsonb(OLD), to_jsonb(NEW));
    END IF;
    RETURN NULL;
END
$$;
"""

# Suggested sentences a reviewer dismissed (as the embedded library's step m007): any reviewer may
# dismiss one and undo it; who did is the login.
DISMISSALS_SQL = r"""
CREATE TABLE suggestion_dismissals (
    article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start integer NOT NULL CHECK (start >= 0),
    "end" integer NOT NULL CHECK ("end" > start),
    sentence text NOT NULL,
    dismissed_by text NOT NULL DEFAULT session_user,
    dismissed_at text NOT NULL,
    PRIMARY KEY (article_id, start, "end")
);
REVOKE ALL ON suggestion_dismissals FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON suggestion_dismissals TO factcheck_reporter;
"""
