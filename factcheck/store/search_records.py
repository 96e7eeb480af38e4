"""The library search and the published fact-checks, on both engines: :class:`SQLiteSearch`, :class:`PostgresSearch`.

A part of each engine's store (see :mod:`factcheck.store.article_records` for what a mixin
asks of its engine). The index itself is the schema's (:mod:`factcheck.store.search_schema`):
kept in step by the engine inside every write's transaction, never built here.

What matches is decided in SQL, the same way on both engines (the engines differ only in how
one item is asked whether it holds a word: FTS5's ``MATCH`` or PostgreSQL's ``@@``); where it
matched and the snippets are worked out here in Python, from the rows found, alike for both.
The user's text never becomes SQL: terms are folded words (letters and digits) passed as
parameters, and a field's value is first resolved, in Python, to the stored values it names
(``claimant:graham`` → every claimant whose name holds "graham"), which are passed as
parameters too.

Order, the same on both engines: the newest articles first (by id), each article's hits in
:data:`~factcheck.core.search_query.WHERE` order, claims by number; published fact-checks the
newest imported first.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from factcheck.store.timestamps import now

if TYPE_CHECKING:  # loaded at the first search or import of published checks, never at the window's start
    from factcheck.core.published import PublishedCheck
    from factcheck.core.search_query import ClaimRow, SearchQuery, SearchResults, Term


class _Lazy:
    """``factcheck.core.search_query``, imported when first used."""

    def __getattr__(self, name):
        return getattr(importlib.import_module("factcheck.core.search_query"), name)


sq = _Lazy()

_PUBLISHED_COLUMNS = ("url", "claim_reviewed", "verdict", "title", "author", "published", "claimant", "claim_date",
                      "claim_url", "language")
_BATCH = 100  # published checks per INSERT (×11 parameters: under every engine's limit)

# (kind, table alias, the SQL that joins its row to its claim and article)
_FROM = {
    "article": "articles a",
    "claim": "claims c JOIN articles a ON a.id = c.article_id",
    "comment": "comments m JOIN claims c ON c.id = m.claim_id JOIN articles a ON a.id = c.article_id",
    "source": "sources s JOIN claims c ON c.id = s.claim_id JOIN articles a ON a.id = c.article_id",
    "published": "published_checks p",
}
_ROW = {"article": "a", "claim": "c", "comment": "m", "source": "s", "published": "p"}


class SearchRecords:
    """What both engines share; an engine's subclass says how one row is matched (:meth:`_match`)."""

    _TEXT_ORDER = "{}"  # how a text column sorts the same on every engine (binary order)

    # ------------------------------------------------------------ published checks

    def add_published_checks(self, checks: Iterable[PublishedCheck]) -> tuple[int, int]:
        """Store published fact-checks in one transaction: ``(added, updated)``.

        A check whose ``url`` the library holds already replaces what was stored (its id and
        first import time stay); the same url twice in ``checks``: the last one counts.
        Raises ValueError, storing none, for a check with no url or no claim.
        """
        by_url: dict[str, PublishedCheck] = {}
        for check in checks:
            url = (check.url or "").strip()
            if not url or not (check.claim_reviewed or "").strip():
                raise ValueError(f"A published fact-check needs its address and the claim it reviews: {check!r}")
            by_url[url] = check.with_(url=url)
        urls = list(by_url)
        stamp = now()
        updated = 0
        columns = ", ".join(_PUBLISHED_COLUMNS) + ", imported_at"
        changes = ", ".join(f"{c} = excluded.{c}" for c in _PUBLISHED_COLUMNS)
        with self._edit():
            for start in range(0, len(urls), _BATCH):
                batch = urls[start:start + _BATCH]
                updated += self.conn.execute(
                    f"SELECT count(*) FROM published_checks WHERE url IN ({_marks(batch)})", batch).fetchone()[0]
                params: list = []
                for url in batch:
                    check = by_url[url]
                    params += [getattr(check, c) if c in ("published", "claim_date") else getattr(check, c) or ""
                               for c in _PUBLISHED_COLUMNS]
                    params.append(check.imported_at or stamp)
                rows = ", ".join(["(" + _marks(_PUBLISHED_COLUMNS) + ", ?)"] * len(batch))
                self.conn.execute(f"INSERT INTO published_checks ({columns}) VALUES {rows}"
                                  f" ON CONFLICT (url) DO UPDATE SET {changes}", params)
        return len(urls) - updated, updated

    def published_check(self, check_id: int) -> PublishedCheck:
        row = self.conn.execute(f"SELECT {_published_select('p')} FROM published_checks p WHERE p.id = ?",
                                [check_id]).fetchone()
        if row is None:
            raise KeyError(f"no published fact-check with id {check_id}")
        return _published(row)

    def published_checks(self, limit: int = 100, offset: int = 0) -> list[PublishedCheck]:
        """Published fact-checks in the order they were first stored."""
        return [_published(row) for row in self.conn.execute(
            f"SELECT {_published_select('p')} FROM published_checks p ORDER BY p.id LIMIT ? OFFSET ?",
            [int(limit), int(offset)])]

    def published_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM published_checks").fetchone()[0]

    # ------------------------------------------------------------------- search

    def search(self, query: str | SearchQuery, *, limit: int = 50, per_article: int = 5) -> SearchResults:
        """The newest ``limit`` articles that match, each with up to ``per_article`` hits; published checks too."""
        q = query if isinstance(query, sq.SearchQuery) else sq.parse_query(query)
        if q.empty:
            return sq.SearchResults(q)
        limit = max(1, int(limit))
        claim_sql, claim_params = self._claim_filters(q)
        if claim_sql is None:  # a field names no stored value: nothing can match
            ids: list[int] = []
        else:
            article_sql, article_params = self._article_filters(q)
            kinds = self._kinds(q)
            parts, params = [], []
            for kind in kinds:
                where, where_params = self._where(kind, q, claim_sql, claim_params, article_sql, article_params)
                column = "a.id" if kind == "article" else "c.article_id"
                parts.append(f"SELECT {column} AS article_id FROM {_FROM[kind]} WHERE {where}")
                params += where_params
            ids = [row[0] for row in self.conn.execute(
                f"SELECT article_id FROM ({' UNION '.join(parts)}) found ORDER BY article_id DESC LIMIT ?",
                [*params, limit + 1])] if parts else []
        more = len(ids) > limit
        ids = ids[:limit]
        articles = self._article_matches(q, ids, claim_sql, claim_params, per_article) if ids else ()
        published, more_published = self._published_matches(q, limit)
        return sq.SearchResults(q, tuple(articles), tuple(published), more, more_published)

    def search_claims(self, query: str | SearchQuery = "", *, sort: str = "article", descending: bool = False,
                      limit: int | None = None, offset: int = 0, article_id: int | None = None,
                      claimant: str | None = None, verdict: str | None = None, status: str | None = None,
                      reviewer: str | None = None, outlet: str | None = None, dated: str = "updated_at",
                      since: str | None = None, until: str | None = None) -> list[ClaimRow]:
        """Every claim of the library (the claims view), as rows: matching ``query``, equal to each filter given.

        ``query`` is the search's language (its words are looked for in each claim's quote,
        claimant and rationale); the keyword filters are exact values (a column's, as the view
        lists them; ``verdict=""`` is an unrated claim's). ``since`` (included) and ``until``
        (left out) bound the claim's ``dated`` column: ``created_at`` or ``updated_at`` (time
        stamps as stored: UTC, ISO 8601) or ``claim_date`` (ISO days). ``sort`` is one of
        :data:`~factcheck.core.search_query.CLAIM_SORTS`; ties go by article, number, id.
        """
        if sort not in sq.CLAIM_SORTS:
            raise ValueError(f"cannot sort claims by {sort!r}: one of {', '.join(sq.CLAIM_SORTS)}")
        found = self._claims_where(query, article_id, claimant, verdict, status, reviewer, outlet, dated, since, until)
        if found is None:
            return []
        where, params = found
        direction = " DESC" if descending else ""
        order = f"{self._sort_key(sort)}{direction}, c.article_id{direction}, c.number{direction}, c.id{direction}"
        page = ""
        if limit is not None:
            page = " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        rows = self.conn.execute(
            "SELECT c.id, c.article_id, a.title, c.number, c.quote, c.claimant, c.verdict, c.status, c.reviewer,"
            " c.claim_date, c.created_at, c.updated_at, a.outlet, a.published, a.rating_scale"
            f" FROM {_FROM['claim']} WHERE {where} ORDER BY {order}{page}", params)
        return [sq.ClaimRow(*row) for row in rows]

    def count_claims(self, query: str | SearchQuery = "", *, article_id: int | None = None,
                     claimant: str | None = None, verdict: str | None = None, status: str | None = None,
                     reviewer: str | None = None, outlet: str | None = None, dated: str = "updated_at",
                     since: str | None = None, until: str | None = None) -> int:
        """How many rows :meth:`search_claims` lists for the same query and filters (the claims view's count)."""
        found = self._claims_where(query, article_id, claimant, verdict, status, reviewer, outlet, dated, since, until)
        if found is None:
            return 0
        where, params = found
        return self.conn.execute(f"SELECT count(*) FROM {_FROM['claim']} WHERE {where}", params).fetchone()[0]

    def claim_values(self) -> dict[str, list[str]]:
        """What the claims' fields hold, for the claims view's choosers: each field's distinct values, sorted.

        Keys ``claimant``, ``verdict``, ``status``, ``reviewer`` (the claims'), ``outlet`` (the
        outlets of articles with claims); empty values left out; sorted with case ignored.
        """
        values = {}
        for key, sql in (("claimant", "SELECT DISTINCT claimant FROM claims"),
                         ("verdict", "SELECT DISTINCT verdict FROM claims"),
                         ("status", "SELECT DISTINCT status FROM claims"),
                         ("reviewer", "SELECT DISTINCT reviewer FROM claims"),
                         ("outlet", "SELECT DISTINCT outlet FROM articles"
                                    " WHERE id IN (SELECT article_id FROM claims)")):
            values[key] = sorted((row[0] for row in self.conn.execute(sql) if row[0]), key=lambda v: (v.casefold(), v))
        return values

    def _claims_where(self, query, article_id, claimant, verdict, status, reviewer, outlet, dated, since,
                      until) -> tuple[str, list] | None:
        """SQL over ``c`` and ``a`` for the claims view's query and filters; None when nothing can match."""
        if dated not in ("created_at", "updated_at", "claim_date"):
            raise ValueError(f"cannot bound claims by {dated!r}: created_at, updated_at or claim_date")
        q = query if isinstance(query, sq.SearchQuery) else sq.parse_query(query)
        claim_sql, claim_params = self._claim_filters(q)
        if claim_sql is None:
            return None
        article_sql, article_params = self._article_filters(q)
        where, params = ["1 = 1"], []
        if q.terms or q.excluded:
            match, match_params = self._match("claim", q.terms, q.excluded)
            where.append(match)
            params += match_params
        where += [claim_sql, article_sql]
        params += claim_params + article_params
        for column, value in (("c.article_id", article_id), ("c.claimant", claimant), ("c.verdict", verdict),
                              ("c.status", status), ("c.reviewer", reviewer), ("a.outlet", outlet)):
            if column == "c.verdict" and value == "":
                where.append("(c.verdict IS NULL OR c.verdict = '')")
            elif value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        bounded = self._TEXT_ORDER.format(f"c.{dated}")
        for value, test in ((since, ">="), (until, "<")):
            if value is not None:
                where.append(f"{bounded} {test} ?")
                params.append(str(value))
        return " AND ".join(where), params

    # ------------------------------------------------------------------ the parts

    def _match(self, kind: str, terms: tuple[Term, ...], excluded: tuple[Term, ...]) -> tuple[str, list]:
        """SQL true of the rows of ``kind`` (alias as in ``_FROM``) holding every term and no excluded one."""
        raise NotImplementedError

    def _sort_key(self, sort: str) -> str:
        text = self._TEXT_ORDER
        return {"article": text.format("lower(a.title)"), "number": "c.number",
                "quote": text.format("lower(c.quote)"), "claimant": text.format("lower(c.claimant)"),
                "verdict": text.format("lower(coalesce(c.verdict, ''))"), "status": text.format("c.status"),
                "reviewer": text.format("lower(c.reviewer)"), "claim_date": text.format("coalesce(c.claim_date, '')"),
                "created_at": text.format("c.created_at"), "updated_at": text.format("c.updated_at"),
                "outlet": text.format("lower(a.outlet)"), "published": text.format("coalesce(a.published, '')")}[sort]

    @staticmethod
    def _kinds(q: SearchQuery) -> list[str]:
        if q.terms:
            return ["article", "claim", "comment", "source"]
        return ["claim"] if q.claim_filters else ["article"]

    def _where(self, kind, q, claim_sql, claim_params, article_sql, article_params) -> tuple[str, list]:
        where, params = [], []
        if q.terms or q.excluded:
            match, params = self._match(kind, q.terms, q.excluded)
            where.append(match)
        if kind == "article":
            if q.claim_filters:
                where.append(f"a.id IN (SELECT c.article_id FROM claims c WHERE {claim_sql})")
                params = params + claim_params
        else:
            where.append(claim_sql)
            params = params + claim_params
        where.append(article_sql)
        return " AND ".join(where), params + article_params

    def _resolve(self, wanted: tuple[str, ...], sql: str) -> list[str] | None:
        """The stored values (``sql`` lists them) that every one of ``wanted`` names; None when nothing was wanted."""
        if not wanted:
            return None
        stored = [row[0] for row in self.conn.execute(sql) if row[0]]
        return [value for value in stored if all(sq.value_matches(w, value) for w in wanted)]

    def _claim_filters(self, q: SearchQuery) -> tuple[str | None, list]:
        """SQL over ``c`` for the claim fields; None if one names nothing stored."""
        where, params = ["1 = 1"], []
        for column, values in (
                ("c.claimant", self._resolve(q.claimant, "SELECT DISTINCT claimant FROM claims")),
                ("c.verdict", self._resolve(q.verdict, "SELECT DISTINCT verdict FROM claims")),
                ("c.reviewer", self._resolve(q.reviewer, "SELECT DISTINCT reviewer FROM claims")),
                ("c.status", list(q.status) if len(set(q.status)) == 1 else [] if q.status else None)):
            if values is None:
                continue
            if not values:
                return None, []
            where.append(f"{column} IN ({_marks(values)})")
            params += values
        return " AND ".join(where), params

    def _article_filters(self, q: SearchQuery, alias: str = "a", outlet_column: str = "outlet"):
        where, params = ["1 = 1"], []
        outlets = self._resolve(q.outlet, f"SELECT DISTINCT {outlet_column} FROM "
                                          f"{'articles' if alias == 'a' else 'published_checks'}")
        if outlets is not None:
            if not outlets:
                return "1 = 0", []
            where.append(f"{alias}.{outlet_column} IN ({_marks(outlets)})")
            params += outlets
        day = f"substr(coalesce({alias}.published, {alias}.imported_at), 1, 10)"
        if q.before:
            where.append(f"{day} < ?")
            params.append(q.before)
        if q.after:
            where.append(f"{day} >= ?")
            params.append(q.after)
        return " AND ".join(where), params

    def _article_matches(self, q: SearchQuery, ids: list[int], claim_sql: str, claim_params: list,
                         per_article: int) -> list[ArticleMatches]:
        hits: dict[int, list[tuple[tuple, SearchHit]]] = {i: [] for i in ids}
        inside = _marks(ids)
        terms = q.terms
        heads = {}
        for article_id, title, outlet, published, archived in self.conn.execute(
                f"SELECT id, title, outlet, published, archived_at FROM articles WHERE id IN ({inside})", ids):
            heads[article_id] = (title, outlet, published, archived is not None)
        if "article" in self._kinds(q) and terms:
            match, params = self._match("article", terms, q.excluded)
            for article_id, title, text in self.conn.execute(
                    f"SELECT a.id, a.title, a.text FROM articles a WHERE a.id IN ({inside}) AND {match}"
                    + (f" AND a.id IN (SELECT c.article_id FROM claims c WHERE {claim_sql})"
                       if q.claim_filters else ""), [*ids, *params, *(claim_params if q.claim_filters else [])]):
                found = []
                if sq.find_marks(title, terms):
                    found.append(sq.SearchHit("headline", sq.snippet(title, terms)))
                text_snippet = sq.snippet(text, terms)
                if text_snippet.marks or not found:
                    found.append(sq.SearchHit("text", text_snippet))
                hits[article_id] += [((0, i), hit) for i, hit in enumerate(found)]
        elif not q.claim_filters:  # fields of articles alone: each article, by its headline
            for article_id in ids:
                hits[article_id].append(((0, 0), sq.SearchHit("headline", sq.Snippet(heads[article_id][0]))))
        for kind in ("claim", "comment", "source") if terms else ("claim",) if q.claim_filters else ():
            hits_of = {"claim": self._claim_hits, "comment": self._comment_hits, "source": self._source_hits}[kind]
            for article_id, key, hit in hits_of(q, ids, claim_sql, claim_params):
                hits[article_id].append((key, hit))
        results = []
        for article_id in ids:
            title, outlet, published, archived = heads[article_id]
            ordered = tuple(hit for _, hit in sorted(hits[article_id], key=lambda pair: pair[0]))[:per_article]
            results.append(sq.ArticleMatches(article_id, title, outlet, published, archived, ordered))
        return results

    def _rows(self, kind: str, columns: str, q: SearchQuery, ids: list[int], claim_sql: str, claim_params: list):
        where, params = [f"a.id IN ({_marks(ids)})", claim_sql], [*ids, *claim_params]
        if q.terms or q.excluded:
            match, match_params = self._match(kind, q.terms, q.excluded)
            where.append(match)
            params += match_params
        return self.conn.execute(f"SELECT {columns} FROM {_FROM[kind]} WHERE {' AND '.join(where)}", params)

    def _claim_hits(self, q, ids, claim_sql, claim_params):
        terms = q.terms
        for claim_id, article_id, number, quote, claimant, rationale in self._rows(
                "claim", "c.id, c.article_id, c.number, c.quote, c.claimant, c.rationale", q, ids, claim_sql,
                claim_params):
            found = [(where, text) for where, text in (("claim", quote), ("claimant", claimant),
                                                       ("rationale", rationale)) if sq.find_marks(text, terms)]
            for where, text in found or [("claim", quote)]:
                yield article_id, (2, number or 0, claim_id, where), sq.SearchHit(
                    where, sq.snippet(text, terms), claim_id, number)

    def _comment_hits(self, q, ids, claim_sql, claim_params):
        for comment_id, article_id, claim_id, number, text in self._rows(
                "comment", "m.id, c.article_id, c.id, c.number, m.text", q, ids, claim_sql, claim_params):
            yield article_id, (3, number or 0, comment_id), sq.SearchHit("comment", sq.snippet(text, q.terms), claim_id,
                                                                      number)

    def _source_hits(self, q, ids, claim_sql, claim_params):
        for source_id, article_id, claim_id, number, title, excerpt, url in self._rows(
                "source", "s.id, c.article_id, c.id, c.number, s.title, s.excerpt, s.url", q, ids, claim_sql,
                claim_params):
            text = next((t for t in (title, excerpt, url) if sq.find_marks(t, q.terms)), title or excerpt or url)
            yield article_id, (4, number or 0, source_id), sq.SearchHit("source", sq.snippet(text, q.terms), claim_id,
                                                                     number)

    def _published_matches(self, q: SearchQuery, limit: int) -> tuple[list[PublishedMatch], bool]:
        if q.status or q.reviewer:
            return [], False
        where, params = [], []
        if q.terms or q.excluded:
            match, params = self._match("published", q.terms, q.excluded)
            where.append(match)
        for column, wanted in (("claimant", q.claimant), ("verdict", q.verdict)):
            values = self._resolve(wanted, f"SELECT DISTINCT {column} FROM published_checks")
            if values is not None:
                if not values:
                    return [], False
                where.append(f"p.{column} IN ({_marks(values)})")
                params += values
        dates, date_params = self._article_filters(q, "p", "author")
        where.append(dates)
        params += date_params
        rows = list(self.conn.execute(
            f"SELECT {_published_select('p')} FROM published_checks p WHERE {' AND '.join(where)}"
            " ORDER BY p.id DESC LIMIT ?", [*params, limit + 1]))
        matches = []
        for row in rows[:limit]:
            check = _published(row)
            text = next((t for t in (check.claim_reviewed, check.title, check.claimant) if sq.find_marks(t, q.terms)),
                        check.claim_reviewed)
            matches.append(sq.PublishedMatch(check, sq.snippet(text, q.terms)))
        return matches, len(rows) > limit


class SQLiteSearch(SearchRecords):
    """FTS5: one ``MATCH`` per kind, the terms as FTS5 strings (quoted: no operator can be typed in)."""

    _INDEX = {"article": "articles_search", "claim": "claims_search", "comment": "comments_search",
              "source": "sources_search", "published": "published_search"}

    def _match(self, kind, terms, excluded):
        index, row = self._INDEX[kind], _ROW[kind]
        if terms:
            expression = "(" + " AND ".join(map(_fts_string, terms)) + ")"
            expression += "".join(f" NOT {_fts_string(t)}" for t in excluded)
            return f"{row}.id IN (SELECT rowid FROM {index} WHERE {index} MATCH ?)", [expression]
        expression = " OR ".join(map(_fts_string, excluded))
        return f"{row}.id NOT IN (SELECT rowid FROM {index} WHERE {index} MATCH ?)", [expression]


class PostgresSearch(SearchRecords):
    """Full-text search: each term a ``factcheck_query(?)``, tested field by field (a phrase stays in one field)."""

    _TEXT_ORDER = '{} COLLATE "C"'
    _FIELDS = {
        "claim": ("factcheck_words(c.quote)", "factcheck_words(c.claimant)", "factcheck_words(c.rationale)"),
        "comment": ("factcheck_words(m.text)",),
        "source": ("factcheck_words(s.title)", "factcheck_words(s.excerpt)", "factcheck_words(s.url)"),
        "published": ("factcheck_words(p.claim_reviewed)", "factcheck_words(p.title)", "factcheck_words(p.claimant)"),
    }
    _INDEXED = {  # the expression each kind's GIN index is on: a first sieve the planner can use
        "claim": "factcheck_words(c.quote || ' ' || c.claimant || ' ' || c.rationale)",
        "comment": "factcheck_words(m.text)",
        "source": "factcheck_words(s.title || ' ' || s.excerpt || ' ' || s.url)",
        "published": "factcheck_words(p.claim_reviewed || ' ' || p.title || ' ' || p.claimant)",
    }

    def _match(self, kind, terms, excluded):
        params: list = []
        if kind == "article":
            fields = ("w.title", "w.body")
        else:
            fields = self._FIELDS[kind]

        def anywhere(term: Term) -> str:
            params.extend([term.text] * len(fields))
            return "(" + " OR ".join(f"{f} @@ factcheck_query(?)" for f in fields) + ")"

        where = []
        if terms and kind != "article":
            where.append(f"{self._INDEXED[kind]} @@ (" + " && ".join(["factcheck_query(?)"] * len(terms)) + ")")
            params += [t.text for t in terms]
        where += [anywhere(t) for t in terms]
        where += [f"NOT {anywhere(t)}" for t in excluded]
        sql = " AND ".join(where)
        if kind == "article":
            return f"a.id IN (SELECT w.article_id FROM article_words w WHERE {sql})", params
        return f"({sql})", params


def _fts_string(term: Term) -> str:
    return '"' + term.text.replace('"', '""') + '"'


def _marks(values) -> str:
    return ", ".join("?" * len(values))


def _published_select(alias: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in (*_PUBLISHED_COLUMNS, "imported_at", "id"))


def _published(row) -> PublishedCheck:
    from factcheck.core.published import PublishedCheck

    return PublishedCheck(**dict(zip((*_PUBLISHED_COLUMNS, "imported_at", "id"), row)))
