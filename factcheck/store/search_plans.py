"""How each engine reads a search's rows: :class:`SQLiteSearch` (FTS5), :class:`PostgresSearch` (full-text search).

The search itself, the same on both, is :class:`~factcheck.store.search_records.SearchRecords`:
it asks an engine for each kind's rows newest article first (:meth:`_newest_rows`) and for the
SQL that tests one row for the words (:meth:`_match`); the engine chooses how to read them.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import TYPE_CHECKING

from factcheck.store.errors import LibraryBusy, LibraryError
from factcheck.store.search_records import (HIT_COLUMNS, ROW, ROWS_OF, TABLE, SearchRecords, claim_sql, marks,
                                            published_select)

if TYPE_CHECKING:
    from factcheck.core.search_query import Term

log = logging.getLogger(__name__)

FEW = 2000
"""Rows of one kind SQLite may read whole and sort: with more, it reads them newest article first instead."""
SERVER_TIMEOUT_S = 10
"""A server stops one statement of a search (or of a page of the claims view) after this long: a query the
reviewer can change, not a window that waits on and on."""


class SQLiteSearch(SearchRecords):
    """FTS5: one ``MATCH`` per kind, the terms as FTS5 strings (quoted: no operator can be typed in).

    Each kind's rows are read newest article first, as many as the page needs, by one of three
    plans, chosen by how many rows hold the words (FTS5 counts them at once) and how many claims
    the fields name (counted in their index), up to :data:`FEW`:

    * few rows hold the words: those rows, sorted by article;
    * few claims have the fields: those claims (through their index), sorted by article;
    * else the claims article by article, newest first (``claims_number``), each tested against
      the words' rows (``+id IN (...)``: a list made once) and the fields, until the page is full:
      common words and fields fill it after a few articles.

    An article's own words are read from the index newest first (FTS5 gives rowids in either
    order), never sorted. The fields' stored values are kept between searches until the library
    changes (``PRAGMA data_version`` and this connection's own changes).
    """

    _INDEX = {"article": "articles_search", "claim": "claims_search", "comment": "comments_search",
              "source": "sources_search", "published": "published_search"}

    def _match(self, kind, terms, excluded):
        index, row = self._INDEX[kind], ROW[kind]
        if terms:
            return f"{row}.id IN (SELECT rowid FROM {index} WHERE {index} MATCH ?)", [_fts_expression(terms, excluded)]
        return f"{row}.id NOT IN (SELECT rowid FROM {index} WHERE {index} MATCH ?)", [_fts_expression((), excluded)]

    def _headline(self, alias, terms):
        expression = "{title} : (" + " AND ".join(map(_fts_string, terms)) + ")"
        return f"{alias}.id IN (SELECT rowid FROM articles_search WHERE articles_search MATCH ?)", [expression]

    def _public_match(self, terms, excluded, among):
        return (f"c.id {'IN' if terms else 'NOT IN'} (SELECT rowid FROM claims_search WHERE claims_search MATCH ?"
                f" AND rowid IN ({marks(among)}))", [_public_expression(terms, excluded), *among])

    def _claim_match(self, terms, excluded, hidden):
        if not hidden:
            return self._match("claim", terms, excluded)
        ids = marks(hidden)  # one list of rowids: the others' by every field, the hidden ones' by their public ones
        return (f"c.id {'IN' if terms else 'NOT IN'} (SELECT rowid FROM claims_search WHERE claims_search MATCH ?"
                f" AND rowid NOT IN ({ids}) UNION ALL SELECT rowid FROM claims_search WHERE claims_search MATCH ?"
                f" AND rowid IN ({ids}))",
                [_fts_expression(terms, excluded), *hidden, _public_expression(terms, excluded), *hidden])

    def _stored_values(self, table, column):
        version = (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)
        cache = self.__dict__.setdefault("_values_cache", {})
        if cache.get("version") != version:
            cache.clear()
            cache["version"] = version
        if (table, column) not in cache:
            cache[(table, column)] = super()._stored_values(table, column)
        return cache[(table, column)]

    def _count(self, sql: str, params: list) -> int:
        """How many rows ``sql`` gives, counted up to ``FEW + 1``."""
        return self.conn.execute(f"SELECT count(*) FROM ({sql} LIMIT ?)", [*params, FEW + 1]).fetchone()[0]

    def _few_claims(self, claims: dict[str, list[str]]) -> bool:
        """Whether the claim fields name few claims (counted in the claimant's or verdict's index)."""
        return any(self._count(f"SELECT 1 FROM claims WHERE {column} IN ({marks(claims[column])})",
                               claims[column]) <= FEW for column in ("claimant", "verdict") if column in claims)

    def _newest_rows(self, kind, q, claims, articles, wanted):
        few_claims = bool(claims) and self._few_claims(claims)
        if kind == "article":
            return self._newest_articles(q, claims, articles, few_claims)
        index, row = self._INDEX[kind], ROW[kind]
        expression = _fts_expression(q.terms, q.excluded) if q.terms or q.excluded else None
        joins = {"claim": "", "comment": " CROSS JOIN comments m ON m.claim_id = c.id",
                 "source": " CROSS JOIN sources s ON s.claim_id = c.id"}[kind]
        where, params = [], []
        if q.terms and self._count(f"SELECT 1 FROM {index} WHERE {index} MATCH ?", [expression]) <= FEW:
            table = TABLE[kind]
            source = f"{index} f CROSS JOIN {table} {row} ON {row}.id = f.rowid"
            if kind != "claim":
                source += f" CROSS JOIN claims c ON c.id = {row}.claim_id"
            where.append(f"{index} MATCH ?")
            params.append(expression)
            plus, order = "+", "c.article_id"
        else:
            if expression is not None:
                where.append(f"+{row}.id {'' if q.terms else 'NOT '}IN (SELECT rowid FROM {index}"
                             f" WHERE {index} MATCH ?)")
                params.append(expression)
            if few_claims:
                source, plus, order = "claims c" + joins, "", "c.article_id"
            elif articles[0]:
                source, plus, order = "articles a CROSS JOIN claims c ON c.article_id = a.id" + joins, "+", "a.id"
            else:
                source, plus, order = "claims c" + joins, "+", "c.article_id"
        if articles[0] and not source.startswith("articles"):
            source += " CROSS JOIN articles a ON a.id = c.article_id"
        for sql, values in (claim_sql(claims, plus), articles):
            if sql:
                where.append(sql)
                params += values
        return self.conn.execute(f"SELECT {HIT_COLUMNS[kind]} FROM {source} WHERE {' AND '.join(where) or '1 = 1'}"
                                 f" ORDER BY {order} DESC", params)

    def _newest_articles(self, q, claims, articles, few_claims):
        where, params = [], []
        if articles[0]:
            where.append(articles[0])
            params += articles[1]
        if claims:
            if few_claims:
                sql, values = claim_sql(claims)
                where.append(f"+a.id IN (SELECT c.article_id FROM claims c WHERE {sql})")
            else:
                sql, values = claim_sql(claims, "+")
                where.append(f"EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id AND {sql})")
            params += values
        if q.terms:
            expression = _fts_expression(q.terms, q.excluded)
            if not where:
                return self.conn.execute("SELECT rowid FROM articles_search WHERE articles_search MATCH ?"
                                         " ORDER BY rowid DESC", [expression])
            return self.conn.execute(
                "SELECT a.id FROM articles_search f CROSS JOIN articles a ON a.id = f.rowid"
                f" WHERE articles_search MATCH ? AND {' AND '.join(where)} ORDER BY f.rowid DESC", [expression, *params])
        if q.excluded:
            where.append("+a.id NOT IN (SELECT rowid FROM articles_search WHERE articles_search MATCH ?)")
            params.append(_fts_expression((), q.excluded))
        return self.conn.execute(f"SELECT a.id FROM articles a WHERE {' AND '.join(where) or '1 = 1'}"
                                 " ORDER BY a.id DESC", params)

    def _newest_published(self, q, where, params, wanted):
        if not q.terms:
            return super()._newest_published(q, where, params, wanted)
        return self.conn.execute(
            f"SELECT {published_select('p')} FROM published_search f CROSS JOIN published_checks p ON p.id = f.rowid"
            f" WHERE published_search MATCH ? {''.join(' AND ' + w for w in where)} ORDER BY f.rowid DESC LIMIT ?",
            [_fts_expression(q.terms, q.excluded), *params, wanted])


class PostgresSearch(SearchRecords):
    """Full-text search over the words p005 and p006 store: ``article_words`` (an article's headline and text) and
    ``claim_words``, ``comment_words``, ``source_words`` (a row's fields joined, beside its article's id).

    A kind's page is read newest article first from its stored words (``ORDER BY article_id DESC
    LIMIT``: the server stops when the page is full where the words are common, and sorts the
    few rows holding them where they are rare), then the rows of those articles. A word cannot
    run from one field into the next (they are joined with a space), so a plain word is
    answered by the stored words alone; a phrase is also tested field by field, its words
    made again for the rows that hold all of them. Published checks are matched in their GIN
    index's expression, as the claims view matches claims.
    """

    _TEXT_ORDER = '{} COLLATE "C"'

    @contextmanager
    def _search_read(self, limited=True):
        """One transaction, without JIT compiling (its seconds of compiling outweigh what a search's plans run), each
        statement stopped after :data:`SERVER_TIMEOUT_S` (``limited``) with a message that says what to do."""
        conn = self.conn
        if conn.depth:  # inside an edit's transaction: as it is
            yield
            return
        conn.execute("BEGIN")  # (through the connection's execute: a failure is sorted, a dropped line reconnected)
        conn.depth += 1  # a connection lost from here on fails the read, never goes on without the transaction
        try:
            conn.execute("SET LOCAL jit = off")
            if limited:
                conn.execute(f"SET LOCAL statement_timeout = {int(SERVER_TIMEOUT_S * 1000)}")
            yield
        except BaseException as error:
            conn.depth -= 1
            try:
                conn.execute("ROLLBACK")
            except LibraryError:  # the line is gone: the transaction went with it
                log.debug("no ROLLBACK after a failed search read", exc_info=True)
            if isinstance(error, LibraryBusy) and getattr(error.__cause__, "sqlstate", None) == "57014":
                raise LibraryError(f"The shared library's server gave up on this search after {SERVER_TIMEOUT_S:g} "
                                   "seconds: leave out fewer words or phrases, or add a rarer word or a field "
                                   "(claimant:, outlet:, after:…) to narrow it.") from error  # query_canceled
            raise
        conn.depth -= 1
        conn.execute("COMMIT")

    _FIELDS = {
        "claim": ("factcheck_words(c.quote)", "factcheck_words(c.claimant)", "factcheck_words(c.rationale)"),
        "comment": ("factcheck_words(m.text)",),
        "source": ("factcheck_words(s.title)", "factcheck_words(s.excerpt)", "factcheck_words(s.url)"),
        "published": ("factcheck_words(p.claim_reviewed)", "factcheck_words(p.title)", "factcheck_words(p.claimant)"),
    }
    _INDEXED = {  # the expression each kind's GIN index is on
        "claim": "factcheck_words(c.quote || ' ' || c.claimant || ' ' || c.rationale)",
        "comment": "factcheck_words(m.text)",
        "source": "factcheck_words(s.title || ' ' || s.excerpt || ' ' || s.url)",
        "published": "factcheck_words(p.claim_reviewed || ' ' || p.title || ' ' || p.claimant)",
    }
    _STORED = {  # kind: its stored words, joined to its row (and claim)
        "claim": "claim_words w JOIN claims c ON c.id = w.claim_id",
        "comment": "comment_words w JOIN comments m ON m.id = w.comment_id JOIN claims c ON c.id = m.claim_id",
        "source": "source_words w JOIN sources s ON s.id = w.source_id JOIN claims c ON c.id = s.claim_id",
    }

    def _words(self, kind: str, terms: tuple[Term, ...], excluded: tuple[Term, ...],
               joined: str | None = None, fields: tuple[str, ...] = ()) -> tuple[str, list]:
        """SQL true of a row of ``kind`` that matches: over ``joined`` (its fields' words: the index's expression,
        or ``w.words`` stored) and, for a phrase, over each field (``w.title``, ``w.body`` for an article); given
        ``fields``, over those alone, each term in one of them.

        Words left out are asked of a row all together (``NOT words @@ (a | b | …)``), or the rows
        holding one are found in the index once; a phrase left out, which must not count across
        two fields, is asked of each field only where the joined words hold it.
        """
        params: list = []
        if kind == "article":
            fields, joined = ("w.title", "w.body"), None
        elif fields:
            joined = None
        else:
            fields, joined = self._FIELDS[kind], joined or self._INDEXED[kind]
        stored = joined and not joined.startswith("factcheck_words")
        row, other = ROW[kind], "x" + ROW[kind]

        def any_of(found: list[Term] | tuple[Term, ...]) -> str:
            params.extend(t.text for t in found)
            return _balanced("||", len(found))

        def anywhere(found: list[Term] | tuple[Term, ...], alias: str = "") -> str:
            """True where one of the fields holds one of ``found``."""
            named = [f.replace(f"{row}.", f"{alias}.") for f in fields] if alias else fields
            return "(" + " OR ".join(f"{f} @@ {any_of(found)}" for f in named) + ")"

        def holding(found: list[Term], per_field: bool = False) -> str:
            """A SELECT of the ids of the rows whose words (the index's) hold one of ``found`` (``per_field``: in one
            field, not across two)."""
            index = self._INDEXED[kind].replace(f"{row}.", f"{other}.")
            sql = f"SELECT {other}.id FROM {TABLE[kind]} {other} WHERE {index} @@ {any_of(found)}"
            return sql + (f" AND {anywhere(found, other)}" if per_field else "")

        where = []
        if terms and joined:
            where.append(f"{joined} @@ {_balanced('&&', len(terms))}")
            params += [t.text for t in terms]
        one = len(fields) == 1  # one field: the joined words are the field's
        where += [anywhere((t,)) for t in terms if not joined or (_may_span(t) and not one)]
        plain = [t for t in excluded if joined and (one or not _may_span(t))]
        spanning = [t for t in excluded if t not in plain]  # a phrase left out: in one field, not across two
        if plain and stored:
            where.append(f"NOT {joined} @@ {any_of(plain)}")
        elif plain:  # the rows holding any of them, found once
            where.append(f"{row}.id NOT IN ({holding(plain)})")
        if spanning and stored:  # a row's fields made again only where its stored words hold one
            where.append(f"NOT ({joined} @@ {any_of(spanning)} AND {anywhere(spanning)})")
        elif spanning and joined:  # the rows holding one found once, and only their fields made again
            where.append(f"{row}.id NOT IN ({holding(spanning, per_field=True)})")
        elif spanning:
            where.append(f"NOT {anywhere(spanning)}")
        return " AND ".join(where), params

    def _match(self, kind, terms, excluded):
        sql, params = self._words(kind, terms, excluded)
        if kind == "article":
            return f"a.id IN (SELECT w.article_id FROM article_words w WHERE {sql})", params
        return f"({sql})", params

    def _headline(self, alias, terms):
        return (f"{alias}.id IN (SELECT w.article_id FROM article_words w WHERE w.title @@ "
                f"{_balanced('&&', len(terms))})", [t.text for t in terms])

    def _public_match(self, terms, excluded, among):
        sql, params = self._words("claim", terms, excluded, fields=self._FIELDS["claim"][:2])  # quote, claimant
        return f"({sql})", params

    def _claim_match(self, terms, excluded, hidden):
        if not hidden:
            return self._match("claim", terms, excluded)
        ids = marks(hidden)
        where, params = [], []
        if terms:  # the index finds the claims with the words: a hidden one's quote or claimant holding them, too
            where.append(self._match("claim", terms, ())[0])
            params += self._match("claim", terms, ())[1]
        others, others_params = f"c.id NOT IN ({ids})", list(hidden)
        if excluded:  # (tested row by row: an OR beside the index's condition, never its words made again)
            left_out, left_out_params = self._match("claim", (), excluded)
            others, others_params = f"{others} AND {left_out}", [*others_params, *left_out_params]
        public, public_params = self._public_match(terms, excluded, hidden)
        where.append(f"(({others}) OR (c.id IN ({ids}) AND {public}))")
        return " AND ".join(where), [*params, *others_params, *hidden, *public_params]

    def _newest_rows(self, kind, q, claims, articles, wanted):
        if kind == "article":
            return self._newest_articles(q, claims, articles, wanted)
        where, params = [], []
        fields, field_params = claim_sql(claims)
        if q.terms:
            source, key = self._STORED[kind], "w.article_id"
            match, params = self._words(kind, q.terms, q.excluded, "w.words")
            where.append(match)
        else:  # fields alone (and words left out): the claims newest first, along their article's index
            source, key = ROWS_OF[kind], "c.article_id"
            if q.excluded:
                match, params = self._match(kind, (), q.excluded)
                where.append(match)
        if articles[0]:
            source += f" JOIN articles a ON a.id = {key}"
            where.append(articles[0])
            params += articles[1]
        if fields:
            where.append(fields)
            params += field_params
        condition = " AND ".join(where) or "TRUE"
        return self.conn.execute(
            f"SELECT {HIT_COLUMNS[kind]} FROM {source} WHERE {key} IN (SELECT DISTINCT {key} FROM {source}"
            f" WHERE {condition} ORDER BY {key} DESC LIMIT ?) AND {condition} ORDER BY {key} DESC",
            [*params, wanted, *params])

    def _newest_articles(self, q, claims, articles, wanted):
        """The newest articles whose own words match, from their stored words (newest first, as far as needed)."""
        where, params = [], []
        if articles[0]:
            where.append(articles[0])
            params += articles[1]
        if claims:
            fields, field_params = claim_sql(claims)
            where.append(f"a.id IN (SELECT c.article_id FROM claims c WHERE {fields})")
            params += field_params
        if q.terms:
            words, word_params = self._words("article", q.terms, q.excluded)
            source = "article_words w" + (" JOIN articles a ON a.id = w.article_id" if where else "")
            return self.conn.execute(f"SELECT w.article_id FROM {source} WHERE {' AND '.join([words, *where])}"
                                     " ORDER BY w.article_id DESC LIMIT ?", [*word_params, *params, wanted])
        if q.excluded:
            match, match_params = self._match("article", (), q.excluded)
            where.append(match)
            params += match_params
        return self.conn.execute(f"SELECT a.id FROM articles a WHERE {' AND '.join(where) or 'TRUE'}"
                                 " ORDER BY a.id DESC LIMIT ?", [*params, wanted])


def _balanced(operator: str, count: int) -> str:
    """``count`` tsqueries joined by ``operator`` as a balanced tree: a chain of hundreds nests too deep for the
    server's stack."""
    if count == 1:
        return "factcheck_query(?)"
    half = count // 2
    return f"({_balanced(operator, half)} {operator} {_balanced(operator, count - half)})"


def _may_span(term: Term) -> bool:
    """Whether a term could be found across two fields joined by a space: a phrase; a word the server may cut in two
    (past ASCII) to be safe."""
    return len(term.words) > 1 or not term.text.isascii()


def _fts_string(term: Term) -> str:
    return '"' + term.text.replace('"', '""') + '"'


def _public_expression(terms: tuple[Term, ...], excluded: tuple[Term, ...]) -> str:
    """:func:`_fts_expression` asked of a claim's quote and claimant alone (a column filter)."""
    return "{quote claimant} : (" + _fts_expression(terms, excluded) + ")"


def _fts_expression(terms: tuple[Term, ...], excluded: tuple[Term, ...]) -> str:
    """An FTS5 query: every term and none of ``excluded`` (with no terms: any of ``excluded``)."""
    if not terms:
        return " OR ".join(map(_fts_string, excluded))
    return "(" + " AND ".join(map(_fts_string, terms)) + ")" + "".join(f" NOT {_fts_string(t)}" for t in excluded)
