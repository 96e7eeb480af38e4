"""The library search and the published fact-checks, on both engines: :class:`SearchRecords`.

A part of each engine's store (see :mod:`factcheck.store.article_records` for what a mixin
asks of its engine). The index itself is the schema's (:mod:`factcheck.store.search_schema`):
kept in step by the engine inside every write's transaction, never built here.

What matches is decided in SQL, the same way on both engines (the engines differ in how one
item is asked whether it holds a word, FTS5's ``MATCH`` or PostgreSQL's ``@@``, and in how
they read the rows: :mod:`factcheck.store.search_plans`); where it matched and the snippets
are worked out here in Python, from the rows found, alike for both, and only for the hits
shown. The user's text never becomes SQL: terms are folded words (letters and digits) passed
as parameters, and a field's value is first resolved, in Python, to the stored values it
names (``claimant:graham`` → every claimant whose name holds "graham"), which are passed as
parameters too.

How a page of results is found: each kind of item (articles; claims, comments and sources,
by their claim's article) is read newest article first, only as far as the page's articles
(and one more, to tell whether there are more); the page is the newest of those.

Order, the same on both engines: the newest articles first (by id), each article once, its
hits in :data:`~factcheck.core.search_query.WHERE` order, claims by number; published
fact-checks the newest imported first.

A claim the reader owes a blind second opinion on (``blind_claims()``: issue 12) is searched
by its public fields alone: a ``verdict:`` field or a verdict filter never finds it (nor an
article through it), its rationale neither finds nor leaves it out, no snippet shows it, a
sort by verdict places it as an unrated claim, and its row in the claims view carries no
verdict (``ClaimRow.verdict_hidden``). Such claims are few (the opinions one reviewer owes),
so they are left out of each plan's rows by id and, where words are asked for, looked for
apart (:meth:`SearchRecords._public_match`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager, nullcontext
from typing import TYPE_CHECKING

from factcheck.store.timestamps import now

if TYPE_CHECKING:  # loaded at the first search or import of published checks, never at the window's start
    from factcheck.core.published import PublishedCheck
    from factcheck.core.search_query import ClaimRow, SearchQuery, SearchResults, Term


class _Lazy:
    """``factcheck.core.search_query``, imported when first used."""

    def __getattr__(self, name):
        value = getattr(importlib.import_module("factcheck.core.search_query"), name)
        setattr(self, name, value)  # asked of the module once
        return value


sq = _Lazy()

_PUBLISHED_COLUMNS = ("url", "claim_reviewed", "verdict", "title", "author", "published", "claimant", "claim_date",
                      "claim_url", "language")
_BATCH = 100  # published checks per INSERT (×11 parameters: under every engine's limit)

ROW = {"article": "a", "claim": "c", "comment": "m", "source": "s", "published": "p"}
TABLE = {"article": "articles", "claim": "claims", "comment": "comments", "source": "sources",
          "published": "published_checks"}
ROWS_OF = {  # each kind of claim's item, joined to its claim
    "claim": "claims c",
    "comment": "comments m JOIN claims c ON c.id = m.claim_id",
    "source": "sources s JOIN claims c ON c.id = s.claim_id",
}
HIT_COLUMNS = {  # what a hit is made of, its article's id first
    "article": "a.id",
    "claim": "c.article_id, c.id, c.number, c.quote, c.claimant, c.rationale",
    "comment": "c.article_id, m.id, c.id, c.number, m.text",
    "source": "c.article_id, s.id, c.id, c.number, s.title, s.excerpt, s.url",
}
_CLAIMS = "claims c JOIN articles a ON a.id = c.article_id"  # the claims view's rows
HIDDEN = "id"
"""In a claim fields' values (:func:`claim_sql`): the claims left out, by id (the reader's blind ones)."""
_VALUE_INDEXES = {("claims", "claimant"), ("claims", "verdict")}  # columns with an index on both engines


class SearchRecords:
    """What both engines share; an engine's subclass says how a row is matched (:meth:`_match`) and how a kind's
    rows are read (:meth:`_newest_rows`)."""

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
                    f"SELECT count(*) FROM published_checks WHERE url IN ({marks(batch)})", batch).fetchone()[0]
                params: list = []
                for url in batch:
                    check = by_url[url]
                    params += [getattr(check, c) if c in ("published", "claim_date") else getattr(check, c) or ""
                               for c in _PUBLISHED_COLUMNS]
                    params.append(check.imported_at or stamp)
                rows = ", ".join(["(" + marks(_PUBLISHED_COLUMNS) + ", ?)"] * len(batch))
                self.conn.execute(f"INSERT INTO published_checks ({columns}) VALUES {rows}"
                                  f" ON CONFLICT (url) DO UPDATE SET {changes}", params)
        return len(urls) - updated, updated

    def published_check(self, check_id: int) -> PublishedCheck:
        row = self.conn.execute(f"SELECT {published_select('p')} FROM published_checks p WHERE p.id = ?",
                                [check_id]).fetchone()
        if row is None:
            raise KeyError(f"no published fact-check with id {check_id}")
        return _published(row)

    def published_checks(self, limit: int = 100, offset: int = 0) -> list[PublishedCheck]:
        """Published fact-checks in the order they were first stored."""
        return [_published(row) for row in self.conn.execute(
            f"SELECT {published_select('p')} FROM published_checks p ORDER BY p.id LIMIT ? OFFSET ?",
            [int(limit), int(offset)])]

    def published_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM published_checks").fetchone()[0]

    # ------------------------------------------------------------------- search

    def search(self, query: str | SearchQuery, *, limit: int = 50, per_article: int = 5) -> SearchResults:
        """The newest ``limit`` articles that match, each with up to ``per_article`` hits; published checks too."""
        q = query if isinstance(query, sq.SearchQuery) else sq.parse_query(query)
        if q.empty:
            return sq.SearchResults(q)
        with self._search_read():
            return self._search(q, max(1, int(limit)), per_article)

    def _search(self, q: SearchQuery, limit: int, per_article: int) -> SearchResults:
        found: dict[int, list[tuple[str, tuple]]] = {}  # article id: (kind, row) of each item that matched
        hidden = self._hidden_claims()
        claims = self._claim_values(q, hidden)
        articles = self._article_sql(q)
        if claims is not None and articles is not None:
            apart = bool(hidden and (q.terms or q.excluded)) and HIDDEN not in claims  # their words, looked for apart
            for kind in self._kinds(q):
                asked = {**claims, HIDDEN: hidden} if apart and kind == "claim" else claims
                for article_id, row in _newest(self._newest_rows(kind, q, asked, articles, limit + 1), limit + 1):
                    found.setdefault(article_id, []).append((kind, row))
                if apart and kind == "claim":
                    for row in self._hidden_claim_rows(q, claims, articles, hidden):
                        found.setdefault(row[0], []).append((kind, row))
        ids = sorted(found, reverse=True)[:limit + 1]
        more = len(ids) > limit
        ids = ids[:limit]
        matches = self._article_matches(q, ids, found, per_article) if ids else []
        published, more_published = self._published_matches(q, limit)
        return sq.SearchResults(q, tuple(matches), tuple(published), more, more_published)

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
        with self._search_read(limited=limit is not None):  # (every row, for an export: as long as it takes)
            hidden = self._hidden_claims()
            found = self._claims_where(query, hidden, article_id, claimant, verdict, status, reviewer, outlet, dated,
                                       since, until)
            return [] if found is None else self._claim_rows(found, hidden, sort, descending, limit, offset)

    def _claim_rows(self, found: tuple[str, list], hidden: list[int], sort: str, descending: bool,
                    limit: int | None, offset: int) -> list[ClaimRow]:
        where, params = found
        direction = " DESC" if descending else ""
        key, key_params = self._sort_key(sort, hidden)
        order = f"{key}{direction}, c.article_id{direction}, c.number{direction}, c.id{direction}"
        params += key_params
        page = ""
        if limit is not None:
            page = " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        rows = self.conn.execute(
            "SELECT c.id, c.article_id, a.title, c.number, c.quote, c.claimant, c.verdict, c.status, c.reviewer,"
            " c.claim_date, c.created_at, c.updated_at, a.outlet, a.published, a.rating_scale, c.placement"
            f" FROM {_CLAIMS} WHERE {where} ORDER BY {order}{page}", params)
        if not hidden:
            return [sq.ClaimRow(*row) for row in rows]
        blind = set(hidden)
        return [sq.ClaimRow(*row[:6], None, *row[7:], verdict_hidden=True) if row[0] in blind else sq.ClaimRow(*row)
                for row in rows]

    def count_claims(self, query: str | SearchQuery = "", *, article_id: int | None = None,
                     claimant: str | None = None, verdict: str | None = None, status: str | None = None,
                     reviewer: str | None = None, outlet: str | None = None, dated: str = "updated_at",
                     since: str | None = None, until: str | None = None) -> int:
        """How many rows :meth:`search_claims` lists for the same query and filters (the claims view's count)."""
        with self._search_read():
            found = self._claims_where(query, self._hidden_claims(), article_id, claimant, verdict, status, reviewer,
                                       outlet, dated, since, until)
            if found is None:
                return 0
            where, params = found
            return self.conn.execute(f"SELECT count(*) FROM {_CLAIMS} WHERE {where}", params).fetchone()[0]

    def claim_values(self) -> dict[str, list[str]]:
        """What the claims' fields hold, for the claims view's choosers: each field's distinct values, sorted.

        Keys ``claimant``, ``verdict``, ``status``, ``reviewer`` (the claims'), ``outlet`` (the
        outlets of articles with claims); empty values left out; sorted with case ignored. A
        verdict only claims the reader owes a blind opinion on hold is not offered.
        """
        with self._search_read():
            return self._claim_values_now()

    def _claim_values_now(self) -> dict[str, list[str]]:
        hidden = self._hidden_claims()
        values = {}
        for key, sql, params in (
                ("claimant", "SELECT DISTINCT claimant FROM claims", []),
                ("verdict", "SELECT DISTINCT verdict FROM claims"
                            + (f" WHERE id NOT IN ({marks(hidden)})" if hidden else ""), hidden),
                ("status", "SELECT DISTINCT status FROM claims", []),
                ("reviewer", "SELECT DISTINCT reviewer FROM claims", []),
                ("outlet", "SELECT DISTINCT outlet FROM articles WHERE id IN (SELECT article_id FROM claims)", [])):
            values[key] = sorted((row[0] for row in self.conn.execute(sql, params) if row[0]),
                                 key=lambda v: (v.casefold(), v))
        return values

    def _claims_where(self, query, hidden, article_id, claimant, verdict, status, reviewer, outlet, dated, since,
                      until) -> tuple[str, list] | None:
        """SQL over ``c`` and ``a`` for the claims view's query and filters; None when nothing can match.

        ``hidden``: the reader's blind claims, which no verdict finds and whose rationale decides nothing."""
        if dated not in ("created_at", "updated_at", "claim_date"):
            raise ValueError(f"cannot bound claims by {dated!r}: created_at, updated_at or claim_date")
        if any("\x00" in value for value in (claimant, verdict, status, reviewer, outlet, since, until)
               if isinstance(value, str)):
            return None  # no stored value holds a NUL (PostgreSQL refuses one even to compare)
        q = query if isinstance(query, sq.SearchQuery) else sq.parse_query(query)
        claims = self._claim_values(q, hidden)
        articles = self._article_sql(q)
        if claims is None or articles is None:
            return None
        where, params = ["1 = 1"], []
        if verdict is not None and hidden and HIDDEN not in claims:
            claims[HIDDEN] = hidden  # a verdict filter: the blind claims are not its to find
        if q.terms or q.excluded:
            match, match_params = self._claim_match(q.terms, q.excluded, [] if HIDDEN in claims else hidden)
            where.append(match)
            params += match_params
        for sql, values in (claim_sql(claims), articles):
            if sql:
                where.append(sql)
                params += values
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

    @contextmanager
    def _search_read(self, limited: bool = True) -> Iterator[None]:
        """Around one call's reads: what the engine needs for them (a server: one transaction, and its limits, a
        statement's time among them unless ``limited`` is False)."""
        yield

    def _match(self, kind: str, terms: tuple[Term, ...], excluded: tuple[Term, ...]) -> tuple[str, list]:
        """SQL true of the rows of ``kind`` (alias as in ``ROW``) holding every term and no excluded one."""
        raise NotImplementedError

    def _headline(self, alias: str, terms: tuple[Term, ...]) -> tuple[str, list]:
        """SQL true of an article (``alias``) whose headline holds every term (``article:``), asked of the index."""
        raise NotImplementedError

    def _public_match(self, terms: tuple[Term, ...], excluded: tuple[Term, ...], among: list[int]) -> tuple[str, list]:
        """SQL over ``c`` true of a claim of ``among`` (a few) whose quote or claimant hold every term and neither holds
        an excluded one."""
        raise NotImplementedError

    def _newest_rows(self, kind: str, q: SearchQuery, claims: dict[str, list[str]], articles: tuple[str, list],
                     wanted: int) -> Iterable[tuple]:
        """The items of ``kind`` that match, as rows (:data:`HIT_COLUMNS`), by article, the newest first.

        Rows of one article come together; every row of the ``wanted`` newest articles that have
        one is there (rows of older articles may follow: the caller stops reading).
        """
        raise NotImplementedError

    def _sort_key(self, sort: str, hidden: list[int]) -> tuple[str, list]:
        """SQL to sort the claims view's rows by ``sort``, and its parameters (a blind claim's verdict: none)."""
        text = self._TEXT_ORDER
        if sort == "verdict" and hidden:
            return (text.format(f"CASE WHEN c.id IN ({marks(hidden)}) THEN '' ELSE lower(coalesce(c.verdict, '')) END"),
                    list(hidden))
        key = {"article": text.format("lower(a.title)"), "number": "c.number",
               "quote": text.format("lower(c.quote)"), "claimant": text.format("lower(c.claimant)"),
               "verdict": text.format("lower(coalesce(c.verdict, ''))"), "status": text.format("c.status"),
               "reviewer": text.format("lower(c.reviewer)"), "claim_date": text.format("coalesce(c.claim_date, '')"),
               "created_at": text.format("c.created_at"), "updated_at": text.format("c.updated_at"),
               "outlet": text.format("lower(a.outlet)"), "published": text.format("coalesce(a.published, '')")}[sort]
        return key, []

    @staticmethod
    def _kinds(q: SearchQuery) -> list[str]:
        if q.terms:
            return ["article", "claim", "comment", "source"]
        return ["claim"] if q.claim_filters else ["article"]

    def _stored_values(self, table: str, column: str) -> list[str]:
        """The distinct values of ``table.column``, read each time (an engine may keep them between searches)."""
        if (table, column) in _VALUE_INDEXES:  # from value to next value along the index, not every row
            sql = (f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM {table} UNION ALL"
                   f" SELECT (SELECT min({column}) FROM {table} WHERE {column} > v.x) FROM v WHERE v.x IS NOT NULL)"
                   " SELECT x FROM v WHERE x IS NOT NULL")
        else:
            sql = f"SELECT DISTINCT {column} FROM {table}"
        return [row[0] for row in self.conn.execute(sql) if row[0]]

    def _resolve(self, wanted: tuple[str, ...], table: str, column: str) -> list[str] | None:
        """The stored values of ``table.column`` that every one of ``wanted`` names; None when nothing was wanted."""
        if not wanted:
            return None
        return [value for value in self._stored_values(table, column) if all(sq.value_matches(w, value)
                                                                            for w in wanted)]

    def _hidden_claims(self) -> list[int]:
        """The claims the reader owes a blind second opinion on, by id: their verdict and rationale decide nothing."""
        return sorted(self.blind_claims())

    def _claim_values(self, q: SearchQuery, hidden: list[int]) -> dict[str, list[str]] | None:
        """The claim fields' stored values (column: the values it may hold); None if one names nothing stored.

        With a verdict asked for, the ``hidden`` claims are left out (:data:`HIDDEN`): no verdict is theirs to find.
        """
        columns: dict = {}
        for column, values in (("claimant", self._resolve(q.claimant, "claims", "claimant")),
                               ("verdict", self._resolve(q.verdict, "claims", "verdict")),
                               ("reviewer", self._resolve(q.reviewer, "claims", "reviewer")),
                               ("status", list(q.status) if len(set(q.status)) == 1 else [] if q.status else None)):
            if values is None:
                continue
            if not values:
                return None
            columns[column] = values
        if "verdict" in columns and hidden:
            columns[HIDDEN] = hidden
        return columns

    def _claim_match(self, terms: tuple[Term, ...], excluded: tuple[Term, ...], hidden: list[int]) -> tuple[str, list]:
        """SQL over ``c`` true of the claims holding every term and no excluded one; the ``hidden`` claims are asked
        of their quote and claimant alone (their rationale is not the reader's to search)."""
        match, params = self._match("claim", terms, excluded)
        if not hidden:
            return match, params
        public, public_params = self._public_match(terms, excluded, hidden)
        ids = marks(hidden)
        return (f"(({match} AND c.id NOT IN ({ids})) OR (c.id IN ({ids}) AND {public}))",
                [*params, *hidden, *hidden, *public_params])

    def _hidden_claim_rows(self, q: SearchQuery, claims: dict[str, list], articles: tuple[str, list],
                           hidden: list[int]) -> Iterable[tuple]:
        """The ``hidden`` claims whose quote or claimant match, as claim hit rows (their rationale blank)."""
        match, match_params = self._public_match(q.terms, q.excluded, hidden)
        where, params = [f"c.id IN ({marks(hidden)})", match], [*hidden, *match_params]
        for sql, values in (claim_sql(claims), articles):
            if sql:
                where.append(sql)
                params += values
        return self.conn.execute(f"SELECT c.article_id, c.id, c.number, c.quote, c.claimant, '' FROM {_CLAIMS}"
                                 f" WHERE {' AND '.join(where)}", params)

    def _article_sql(self, q: SearchQuery, alias: str = "a", table: str = "articles",
                     outlet_column: str = "outlet") -> tuple[str, list] | None:
        """SQL over ``alias`` for the article fields ("" when none); None if the outlet names nothing stored."""
        where, params = [], []
        outlets = self._resolve(q.outlet, table, outlet_column)
        if outlets is not None:
            if not outlets:
                return None
            where.append(f"{alias}.{outlet_column} IN ({marks(outlets)})")
            params += outlets
        day = f"substr(coalesce({alias}.published, {alias}.imported_at), 1, 10)"
        if q.before:
            where.append(f"{day} < ?")
            params.append(q.before)
        if q.after:
            where.append(f"{day} >= ?")
            params.append(q.after)
        if q.article and table == "articles":
            headline, headline_params = self._headline(alias, q.article)
            where.append(headline)
            params += headline_params
        return " AND ".join(where), params

    def _article_matches(self, q: SearchQuery, ids: list[int], found: dict[int, list[tuple[str, tuple]]],
                         per_article: int) -> list[ArticleMatches]:
        """Each article's hits, in :data:`~factcheck.core.search_query.WHERE` order; snippets of those shown only."""
        inside = marks(ids)
        heads = {row[0]: row[1:] for row in self.conn.execute(
            f"SELECT id, title, outlet, published, archived_at FROM articles WHERE id IN ({inside})", ids)}
        in_text = [i for i in ids if any(kind == "article" for kind, _ in found[i])] if q.terms else []
        texts = dict(self.conn.execute(f"SELECT id, text FROM articles WHERE id IN ({marks(in_text)})",
                                       in_text)) if in_text else {}
        terms = q.terms
        results = []
        for article_id in ids:
            title, outlet, published, archived = heads[article_id]
            hits: list[tuple[tuple, object]] = []  # (order, the hit or what makes it)
            for kind, row in found[article_id]:
                if kind == "article":
                    hits += _article_hits(title, texts.get(article_id), terms)
                else:
                    hits += _HITS[kind](row, terms)
            hits.sort(key=lambda pair: pair[0])
            shown = tuple(hit if isinstance(hit, sq.SearchHit) else hit() for _, hit in hits[:per_article])
            results.append(sq.ArticleMatches(article_id, title, outlet, published, archived is not None, shown))
        return results

    def _published_matches(self, q: SearchQuery, limit: int) -> tuple[list[PublishedMatch], bool]:
        if q.status or q.reviewer or q.article:  # a desk's claims' fields, a desk's headlines
            return [], False
        where, params = [], []
        for column, wanted in (("claimant", q.claimant), ("verdict", q.verdict)):
            values = self._resolve(wanted, "published_checks", column)
            if values is not None:
                if not values:
                    return [], False
                where.append(f"p.{column} IN ({marks(values)})")
                params += values
        dates = self._article_sql(q, "p", "published_checks", "author")
        if dates is None:
            return [], False
        if dates[0]:
            where.append(dates[0])
            params += dates[1]
        rows = list(self._newest_published(q, where, params, limit + 1))
        matches = []
        for row in rows[:limit]:
            check = _published(row)
            text = next((t for t in (check.claim_reviewed, check.title, check.claimant) if sq.find_marks(t, q.terms)),
                        check.claim_reviewed)
            matches.append(sq.PublishedMatch(check, sq.snippet(text, q.terms)))
        return matches, len(rows) > limit

    def _newest_published(self, q: SearchQuery, where: list[str], params: list, wanted: int) -> Iterable[tuple]:
        """The newest ``wanted`` published checks that match the words and ``where``, as rows (:func:`_published`)."""
        if q.terms or q.excluded:
            match, match_params = self._match("published", q.terms, q.excluded)
            where, params = [match, *where], [*match_params, *params]
        return self.conn.execute(
            f"SELECT {published_select('p')} FROM published_checks p WHERE {' AND '.join(where) or '1 = 1'}"
            " ORDER BY p.id DESC LIMIT ?", [*params, wanted])


# ---------------------------------------------------------------------- hits

def _article_hits(title: str, text: str | None, terms: tuple[Term, ...]) -> list[tuple[tuple, SearchHit]]:
    """The headline and the text of an article that matched (its headline alone when no words were asked for)."""
    if not terms:
        return [((0, 0), sq.SearchHit("headline", sq.Snippet(title)))]
    found = []
    if sq.find_marks(title, terms):
        found.append(sq.SearchHit("headline", sq.snippet(title, terms)))
    text_snippet = sq.snippet(text or "", terms)
    if text_snippet.marks or not found:
        found.append(sq.SearchHit("text", text_snippet))
    return [((0, i), hit) for i, hit in enumerate(found)]


def _claim_hits(row, terms):
    article_id, claim_id, number, quote, claimant, rationale = row
    found = [(where, text) for where, text in (("claim", quote), ("claimant", claimant), ("rationale", rationale))
             if terms and sq.find_marks(text, terms)]
    return [((2, number or 0, claim_id, where),
             lambda where=where, text=text: sq.SearchHit(where, sq.snippet(text, terms), claim_id, number))
            for where, text in found or [("claim", quote)]]


def _comment_hits(row, terms):
    article_id, comment_id, claim_id, number, text = row
    return [((3, number or 0, comment_id), lambda: sq.SearchHit("comment", sq.snippet(text, terms), claim_id, number))]


def _source_hits(row, terms):
    article_id, source_id, claim_id, number, title, excerpt, url = row

    def hit():
        text = next((t for t in (title, excerpt, url) if sq.find_marks(t, terms)), title or excerpt or url)
        return sq.SearchHit("source", sq.snippet(text, terms), claim_id, number)

    return [((4, number or 0, source_id), hit)]


_HITS = {"claim": _claim_hits, "comment": _comment_hits, "source": _source_hits}


def _newest(rows: Iterable[tuple], wanted: int) -> Iterator[tuple[int, tuple]]:
    """``(article id, row)`` of the rows of the first ``wanted`` articles (rows come by article); the rest unread."""
    with closing(rows) if hasattr(rows, "close") else nullcontext():
        seen = 0
        last = None
        for row in rows:
            if row[0] != last:
                if seen == wanted:
                    return
                seen += 1
                last = row[0]
            yield row[0], row


def claim_sql(claims: dict[str, list], plus: str = "") -> tuple[str, list]:
    """SQL over ``c`` for the claim fields' values (and the claims :data:`HIDDEN` left out); ``plus="+"`` keeps
    SQLite from reaching them through an index."""
    where, params = [], []
    for column, values in claims.items():
        where.append(f"{plus}c.{column} {'NOT IN' if column == HIDDEN else 'IN'} ({marks(values)})")
        params += values
    return " AND ".join(where), params


def marks(values) -> str:
    return ", ".join("?" * len(values))


def published_select(alias: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in (*_PUBLISHED_COLUMNS, "imported_at", "id"))


def _published(row) -> PublishedCheck:
    from factcheck.core.published import PublishedCheck

    return PublishedCheck(**dict(zip((*_PUBLISHED_COLUMNS, "imported_at", "id"), row)))
