"""The library's articles, the properties it keeps about itself, and its history, as every engine stores them.

A part of each engine's store (:class:`~factcheck.store.sqlite_store.SQLiteStore`,
:class:`~factcheck.store.postgres_store.PostgresStore`), as the claims, claimants and rating
scales are: a mixin over the engine's connection (``conn.execute(sql, params)`` with ``?``
placeholders), its edits (``_edit``), ids (``_new_id``), row locks (``_lock``), history
(``_history``, which an engine whose server writes the history itself leaves empty), and
change notices (``_changed``). The SQL here is the part both engines speak alike.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from factcheck.core.articles import ARTICLE_FIELDS, Article, ArticleSummary, DeletedArticle, Original, text_sha256
from factcheck.store.errors import check_expected
from factcheck.store.timestamps import now


class ArticleRecords:
    _hashed: tuple[str, str] | None = None
    """The last text :meth:`_text_sha256` hashed, and its hash: an import looks a text up, then stores it."""

    def _lock(self, table: str, row_id: int) -> None:
        """Inside an edit, before reading what it compares: hold ``table``'s row until the edit ends.

        So a compare-and-set (``expected=``) cannot pass on a value another edit is about
        to replace. SQLite needs nothing here (an edit holds the whole library's write lock);
        a server with row locks takes one.
        """

    def _restoring(self, deleted: DeletedArticle) -> AbstractContextManager[None]:
        """Around putting a deleted article back: the engine brings its old history back, and no re-creation rows."""
        raise NotImplementedError

    # ---------------------------------------------------------------- articles

    def add_article(self, article: Article, original: Original | None = None, *, keep_id: bool = False) -> Article:
        """Store a new article, and the bytes it was imported from when given.

        ``keep_id`` stores it under ``article.id`` (undoing a deletion); else it gets a new id.
        """
        with self._edit():
            stored = article.with_(imported_at=article.imported_at or now(), id=None,
                                   rating_scale=self._scale_key(article.rating_scale))
            article_id = article.id if keep_id else self._new_id("articles")
            self.conn.execute(
                "INSERT INTO articles (id, title, outlet, author, url, published, imported_at,"
                " source_type, rating_scale, text, text_sha256, review_url, archived_at, revision, revised_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [article_id, stored.title, stored.outlet, stored.author, stored.url,
                 stored.published, stored.imported_at, stored.source_type, stored.rating_scale, stored.text,
                 self._text_sha256(stored.text), stored.review_url, stored.archived_at, stored.revision,
                 stored.revised_at],
            )
            self._history("article", "create", article_id=article_id, new=stored.title)
            self._changed(articles=[article_id], article_list=True)
            if original is not None:
                import hashlib  # not at start: see text_sha256

                self.conn.execute(
                    "INSERT INTO article_originals (article_id, name, url, media_type, size, sha256, data)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [article_id, original.name, original.url, original.media_type, len(original.data),
                     hashlib.sha256(original.data).hexdigest(), original.data])
        return stored.with_(id=article_id)  # as stored: no need to read the text back

    def original(self, article_id: int) -> Original | None:
        """The bytes the article was imported from, if they were kept."""
        row = self.conn.execute("SELECT data, media_type, name, url FROM article_originals WHERE article_id = ?",
                              [article_id]).fetchone()
        return None if row is None else Original(bytes(row[0]), row[1], row[2], row[3])

    def article(self, article_id: int) -> Article:
        row = self.conn.execute(
            "SELECT id, title, outlet, author, url, published, imported_at, source_type,"
            " rating_scale, text, review_url, archived_at, revision, revised_at FROM articles WHERE id = ?",
            [article_id]).fetchone()
        if row is None:
            raise KeyError(f"no article with id {article_id}")
        (id_, title, outlet, author, url, published, imported_at, source_type, scale, text, review_url,
         archived_at, revision, revised_at) = row
        return Article(title=title, text=text, outlet=outlet, author=author, url=url,
                       published=published, rating_scale=scale, source_type=source_type,
                       imported_at=imported_at, id=id_, review_url=review_url, archived_at=archived_at,
                       revision=revision, revised_at=revised_at)

    def claims_numbered(self, article_id: int) -> int:
        """The last claim number the article has given (a deleted claim's number is never given again)."""
        row = self.conn.execute("SELECT claims_numbered FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise KeyError(f"no article with id {article_id}")
        return row[0] or 0

    def find_article_by_text(self, text: str, *or_texts: str) -> int | None:
        """The id of an article with exactly this text, if the library has one; else of one with the
        first of ``or_texts`` it has (one query for them all). The oldest, when several have it."""
        hashes = [self._text_sha256(text), *map(text_sha256, or_texts)]
        if len(hashes) == 1:
            row = self.conn.execute("SELECT id FROM articles WHERE text_sha256 = ? ORDER BY id LIMIT 1",
                                    hashes).fetchone()
            return row[0] if row else None
        found = dict(self.conn.execute(
            f"SELECT text_sha256, min(id) FROM articles WHERE text_sha256 IN ({', '.join('?' * len(hashes))})"
            " GROUP BY text_sha256", hashes))
        return next((found[sha] for sha in hashes if sha in found), None)

    def _text_sha256(self, text: str) -> str:
        """:func:`text_sha256`, hashing the same text once for a look-up and the insert that follows."""
        if self._hashed is None or self._hashed[0] != text:
            self._hashed = (text, text_sha256(text))
        return self._hashed[1]

    _SUMMARY_SQL = (
        "SELECT a.id, a.title, a.outlet, a.published,"
        " (SELECT count(*) FROM claims c WHERE c.article_id = a.id),"
        " (SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.verdict IS NOT NULL),"
        " a.imported_at, a.archived_at, a.stage, a.assignee, a.due, a.revision"
        " FROM articles a"
    )

    def articles(self, *, archived: bool = False) -> list[ArticleSummary]:
        """Every article not archived (with ``archived``, every article), newest import first, with counts and stage."""
        where = "" if archived else " WHERE a.archived_at IS NULL"
        rows = self.conn.execute(self._SUMMARY_SQL + where + " ORDER BY a.imported_at DESC, a.id DESC")
        return [_summary(row) for row in rows]

    def article_summary(self, article_id: int) -> ArticleSummary:
        row = self.conn.execute(self._SUMMARY_SQL + " WHERE a.id = ?", [article_id]).fetchone()
        if row is None:
            raise KeyError(f"no article with id {article_id}")
        return _summary(row)

    def claim_articles(self, claim_ids) -> dict[int, int]:
        """The article of each of ``claim_ids`` still there: claim id → article id (a few reads, not one each)."""
        wanted = sorted(set(claim_ids))
        found: dict[int, int] = {}
        for start in range(0, len(wanted), 500):  # under SQLite's limit of bound parameters
            chunk = wanted[start:start + 500]
            rows = self.conn.execute(f"SELECT id, article_id FROM claims WHERE id IN ({', '.join('?' * len(chunk))})",
                                     chunk)
            found.update((claim_id, article_id) for claim_id, article_id in rows)
        return found

    def reviewer_names(self) -> list[str]:
        """The reviewers the library knows (who changed it, proposed, were asked or assigned), sorted, this one too."""
        rows = self.conn.execute(
            "SELECT changed_by FROM history UNION SELECT reviewer FROM proposals"
            " UNION SELECT reviewer FROM opinion_requests UNION SELECT assignee FROM articles")
        names = {name.strip() for (name,) in rows if name and name.strip()}
        if self.user:
            names.add(self.user)
        return sorted(names, key=str.casefold)

    def update_article_fields(self, article_id: int, values: dict, *, expected: dict | None = None) -> Article:
        """Change several details of an article in one edit (one transaction, a history row each).

        ``expected`` maps fields to the values the caller read: if any differs, StaleValue, nothing written.
        """
        with self._edit():
            for field, value in values.items():
                self.update_article(article_id, field, value,
                                    expected=(expected or {}).get(field, ...))
        return self.article(article_id)

    def update_article(self, article_id: int, field: str, value, *, expected=...) -> Article:
        """Set one detail of an article; with ``expected``, only if that is the value stored (else StaleValue)."""
        if field not in (*ARTICLE_FIELDS, "rating_scale"):
            raise ValueError(f"{field!r} is not an editable article field")
        if field == "rating_scale":
            value = self.scale(value).key
        with self._edit():
            self._lock("articles", article_id)
            old = getattr(self.article(article_id), field)
            check_expected(f"The {field.replace('_', ' ')} of article {article_id}", old, expected)
            if old != value:
                self.conn.execute(f"UPDATE articles SET {field} = ? WHERE id = ?", [value, article_id])
                self._history("article", "update", article_id=article_id, field=field, old=old, new=value)
                self._changed(articles=[article_id], article_list=True, scales=field == "rating_scale")
        return self.article(article_id)

    def set_archived(self, article_id: int, archived: bool) -> Article:
        """Archive an article (hidden from the list, kept whole) or bring it back; one edit."""
        article = self.article(article_id)
        if (article.archived_at is not None) == archived:
            return article
        stamp = now() if archived else None
        with self._edit():
            self.conn.execute("UPDATE articles SET archived_at = ? WHERE id = ?", [stamp, article_id])
            self._history("article", "archive" if archived else "unarchive", article_id=article_id,
                          field="archived_at", old=article.archived_at, new=stamp)
            self._changed(articles=[article_id], article_list=True)
        return article.with_(archived_at=stamp)

    def delete_article(self, article_id: int) -> DeletedArticle:
        """Delete an article with its claims, sources, original and history; returns all of it, for undo."""
        deleted = DeletedArticle(self.article(article_id), self.original(article_id), tuple(self.claims(article_id)),
                                 tuple(self.conn.execute("SELECT * FROM history WHERE article_id = ? ORDER BY id",
                                                       [article_id]).fetchall()),
                                 self.conn.execute("SELECT claims_numbered FROM articles WHERE id = ?",
                                                 [article_id]).fetchone()[0],
                                 tuple(self._revision_texts(article_id)))
        with self._edit():
            self.conn.execute("DELETE FROM articles WHERE id = ?", [article_id])
            self._history("article", "delete", field="title", old=deleted.article.title)  # kept: no article_id
            self._changed(articles=[article_id], claims=[c.id for c in deleted.claims],
                          sources=[s.id for c in deleted.claims for s in c.sources], article_list=True, claimants=True)
        return deleted

    def restore_article(self, deleted: DeletedArticle) -> Article:
        """Put a deleted article back whole, under its old ids (undo of a delete)."""
        with self._edit():
            with self._restoring(deleted):
                article = self.add_article(deleted.article, deleted.original, keep_id=True)
                self._put_revisions(article.id, deleted.revisions)
                for claim in deleted.claims:
                    self._insert_claim(claim, action=None)
                self.conn.execute("UPDATE articles SET claims_numbered = ? WHERE id = ?",  # numbers stay given
                                  [deleted.claims_numbered, article.id])
            self._history("article", "create", article_id=article.id, field="restored", new=article.title)
            self._changed(claimants=True)
        return article

    # -------------------------------------------------------------- properties

    def get_property(self, key: str) -> str | None:
        """A value the library keeps about itself (e.g. whether it was seeded)."""
        row = self.conn.execute("SELECT value FROM properties WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_property(self, key: str, value: str) -> None:
        with self._edit():
            self.conn.execute("INSERT INTO properties (key, value) VALUES (?, ?)"
                            " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    # ----------------------------------------------------------------- history

    def history(self, article_id: int) -> list[dict]:
        """The article's change log, oldest first, as plain rows."""
        cursor = self.conn.execute("SELECT * FROM history WHERE article_id = ? ORDER BY id", [article_id])
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row)) for row in cursor]


def _summary(row) -> ArticleSummary:
    *counted, stage, assignee, due, revision = row
    return ArticleSummary(*counted, stage=stage, assignee=assignee or None, due=due, revision=revision)
