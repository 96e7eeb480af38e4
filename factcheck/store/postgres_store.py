"""The PostgreSQL engine of the :class:`~factcheck.store.protocol.Store` protocol: a library a whole desk shares.

Opened by URL (``postgresql://USER@HOST:PORT/DBNAME``), with libpq's conventions for
what the URL leaves out (``~/.pgpass``, ``PGPASSWORD``, ``sslmode``, ``sslrootcert``). The
reviewer is the login: the server writes the history under that name and enforces what a
reporter may not do (see :mod:`factcheck.store.postgres_schema`). psycopg is imported only
here, and this module only for a URL, so an embedded library's start-up never pays for it.

The data methods are the ones the SQLite engine runs (the record mixins); this module
supplies the connection, the transactions, ids from the server's sequences, and the sorting
of the server's errors into the user's environment (:mod:`factcheck.store.postgres_errors`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import pq

from factcheck.core.articles import DeletedArticle
from factcheck.store import postgres_schema as schema
from factcheck.store.article_records import ArticleRecords
from factcheck.store.claim_records import ClaimRecords
from factcheck.store.claimants import ClaimantRecords
from factcheck.store.errors import LibraryError, LibraryOffline, LibraryTooNew, NotAllowed
from factcheck.store.notices import ChangeNotices
from factcheck.store.postgres_errors import application_name, connect, raise_sorted, shown_url
from factcheck.store.postgres_schema import REPORTER
from factcheck.store.rating_scale_records import RatingScaleRecords
from factcheck.store.revision_records import RevisionRecords
from factcheck.store.search_plans import PostgresSearch
from factcheck.store.similar_records import PostgresSimilar
from factcheck.store.suggestion_records import SuggestionRecords
from factcheck.store.workflow_records import WorkflowRecords

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1024)
def _placeholders(sql: str) -> str:
    """The record mixins' ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Connection:
    """A psycopg connection that speaks the record mixins' SQL: ``execute(sql, params)`` with ``?``.

    A connection the server dropped (it restarted, the network went away) is opened again
    at the next statement that begins a transaction or a read; one dropped inside a
    transaction fails that transaction (nothing of it was saved).
    """

    def __init__(self, raw: psycopg.Connection, url: str, name: str) -> None:
        self.raw = raw
        self._url = url
        self._name = name
        self.depth = 0
        """How many edits (a transaction, its savepoints) are open on this connection: kept by the store."""

    def execute(self, sql: str, params=()) -> psycopg.Cursor:
        if self.raw.closed or self.raw.broken:
            self.reconnect()
        idle = self.depth == 0
        try:
            return self.raw.execute(_placeholders(sql), params)
        except psycopg.OperationalError as error:
            if not (idle and self.raw.broken):
                raise_sorted(self._url, error)
        except psycopg.Error as error:
            raise_sorted(self._url, error)
        # The connection had died while idle (the server restarted since): once more, on a new one.
        self.reconnect()
        try:
            return self.raw.execute(_placeholders(sql), params)
        except psycopg.Error as error:
            raise_sorted(self._url, error)

    def reconnect(self) -> None:
        """A new connection in place of a dropped one (raises LibraryOffline while the server is away).

        Never inside an edit: a transaction whose connection died is lost whole, and what
        follows in it must fail too, not commit on its own on a new connection.
        """
        if self.depth:
            raise LibraryOffline(f"The connection to the shared library {shown_url(self._url)} was lost in the "
                                 "middle of a change: nothing of it was saved.")
        self.raw.close()
        self.raw = connect(self._url, self._name)


class PostgresStore(ChangeNotices, ArticleRecords, ClaimRecords, RevisionRecords, SuggestionRecords,
                     WorkflowRecords, RatingScaleRecords, ClaimantRecords,
                     PostgresSearch, PostgresSimilar):
    """A shared library on a PostgreSQL server, opened by one reviewer (a login). Belongs to the thread that opened it."""

    _SCALES_IN_ORDER = "added"
    recovery_report = None  # the server keeps its own data safe: no session checks here
    read_only = False

    def __init__(self, raw: psycopg.Connection, url: str, name: str = "factcheck") -> None:
        self.conn = _Connection(raw, url, name)
        self._url = url
        self._name = name  # every handle of this library shares it: see postgres_errors.application_name
        self.user = raw.info.user
        self.role = "editor"
        """The reviewer's role on the desk, as the server enforces it: ``"editor"`` or ``"reporter"``."""
        self._subscribers: list = []
        self._pending: list = []

    @property
    def location(self) -> str:
        return shown_url(self._url)

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, url: str, user: str = "", *, read_only: bool = False) -> PostgresStore:
        """Connect to the shared library at ``url``; ``user`` must be the login, if given at all.

        Raises :class:`LibraryError` with a user-ready message when the server cannot be
        reached, refuses the login, holds no factcheck library, or holds one whose schema
        is older (its owner must run ``server upgrade``) or newer than this factcheck.
        """
        name = application_name()
        raw = connect(url, name)
        try:
            store = cls(raw, url, name)
            if user and user != store.user:
                log.info("reviewer %r opens %s as login %r", user, store.location, store.user)
            store._check_schema()
            store.role = store._read_role()
            if read_only:
                raw.execute("SET default_transaction_read_only = on")
                store.read_only = True
        except BaseException:
            raw.close()
            raise
        return store

    def _check_schema(self) -> None:
        try:
            found = self.conn.raw.execute("SELECT to_regclass(%s) IS NOT NULL", [schema.STEPS_TABLE]).fetchone()[0]
            applied = [name for (name,) in self.conn.raw.execute(f"SELECT name FROM {schema.STEPS_TABLE}")] \
                if found else []
        except psycopg.Error as error:
            raise_sorted(self._url, error)
        if not applied:
            raise LibraryError(f"{self.location} holds no factcheck library yet. Its owner creates one with "
                               f"`factcheck --db {self.location} server init`.")
        unknown = [name for name in applied if name not in schema.known_steps()]
        if unknown:
            raise LibraryTooNew(f"The shared library {self.location} was updated by a newer factcheck "
                                f"(schema step {unknown[0]}). Update factcheck to open it.")
        pending = [name for name in schema.known_steps() if name not in applied]
        if pending:
            raise LibraryError(f"The shared library {self.location} has an older schema than this factcheck "
                               f"knows. Its owner updates it with `factcheck --db {self.location} server upgrade`.")

    def _read_role(self) -> str:
        try:
            editor = self.conn.raw.execute("SELECT factcheck_is_editor()").fetchone()[0]
        except psycopg.Error as error:
            raise_sorted(self._url, error)
        return "editor" if editor else "reporter"

    def _reviewers_who_can_log_in(self) -> set[str] | None:
        """The logins of the server's reviewers and the library's owner: asking anyone else reaches no one."""
        rows = self.conn.execute(
            "SELECT r.rolname FROM pg_roles r WHERE r.rolcanlogin AND (pg_has_role(r.oid, ?, 'MEMBER')"
            " OR r.oid = (SELECT datdba FROM pg_database WHERE datname = current_database()))", [REPORTER])
        return {name for (name,) in rows}

    def listen(self):
        """A :class:`~factcheck.store.postgres_feed.ChangeFeed` of the changes others commit to this library."""
        from factcheck.store.postgres_feed import ChangeFeed

        return ChangeFeed(self._url, self._name)

    def reconnect(self) -> None:
        """Connect again now (the server is back after a restart or a network failure); LibraryOffline if not yet."""
        self.conn.raw.close()
        self.conn.reconnect()

    def open_another(self) -> PostgresStore:
        """A second connection to the same library as the same login, for another thread."""
        other = type(self)(connect(self._url, self._name), self._url, self._name)
        other.role = self.role
        if self.read_only:
            other.conn.raw.execute("SET default_transaction_read_only = on")
            other.read_only = True
        return other

    def close(self) -> None:
        self.conn.raw.close()

    # ------------------------------------------------------------- backups

    def backups(self) -> list:
        """None here: a shared library is backed up by its server (pg_dump, base backups)."""
        return []

    def backup_if_due(self, reason: str, *, edits: int = 1, keep: int | None = None):
        return None

    # -------------------------------------------------------- transactions

    def transaction(self):
        """Group several edits into one transaction; nested ones are savepoints."""
        return self._edit()

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        with self.conn.raw.transaction():
            yield

    @contextmanager
    def _edit(self) -> Iterator[None]:
        """One user edit: one transaction (a savepoint inside one), its server errors sorted.

        A connection the server dropped while idle is replaced before the edit begins (also
        when only BEGIN finds out); one that dies during the edit fails it whole.
        """
        if self.read_only:
            raise LibraryError(f"The library {self.location} was opened read-only: nothing was saved.")
        conn = self.conn
        outer = conn.depth == 0
        if outer and (conn.raw.closed or conn.raw.broken):
            conn.reconnect()
        noted = 0 if outer else len(self._pending)
        if outer:
            self._pending = []
        transaction = self._begin(outer)
        conn.depth += 1
        try:
            try:
                yield
            except BaseException as error:
                transaction.__exit__(type(error), error, error.__traceback__)
                raise
            transaction.__exit__(None, None, None)
        except psycopg.Error as error:
            del self._pending[noted:]
            raise_sorted(self._url, error)
        except BaseException:
            del self._pending[noted:]
            raise
        finally:
            conn.depth -= 1
        if outer:
            self._announce()

    def _begin(self, outer: bool):
        """BEGIN (a SAVEPOINT inside an edit); once more on a new connection if the idle one had died."""
        for attempt in range(2):
            transaction = self.conn.raw.transaction()
            try:
                transaction.__enter__()
                return transaction
            except psycopg.OperationalError as error:
                if not outer or attempt or not self.conn.raw.broken:
                    raise_sorted(self._url, error)
                self.conn.reconnect()
            except psycopg.Error as error:
                raise_sorted(self._url, error)

    def _new_id(self, table: str) -> int:
        """The next id of ``table``'s sequence: never one given before, on any reviewer's connection."""
        return self.conn.raw.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table]).fetchone()[0]

    def _lock(self, table: str, row_id: int) -> None:
        """Hold the row until the edit ends: another reviewer's compare-and-set on it waits, then compares anew."""
        self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ? FOR UPDATE", [row_id])

    def _history(self, *args, **kwargs) -> None:
        """Nothing: the server's triggers write every history row, under the login's name."""

    @contextmanager
    def _restoring(self, deleted: DeletedArticle) -> Iterator[None]:
        """Putting a deleted article back: its history stayed on the server; the triggers write no re-creation rows."""
        raw = self.conn.raw
        raw.execute("SELECT set_config(%s, %s, true)", [schema.RESTORING, str(deleted.article.id)])
        yield
        raw.execute("SELECT set_config(%s, '', true)", [schema.RESTORING])

    def receive_article(self, whole: DeletedArticle, *, how: str = "pushed") -> int:
        """Bring in an article from another library whole, under new ids; returns its id here.

        Its claims keep their numbers, its sources their order, and its history rows who
        made each change and when (claim and source ids mapped to the new ones). The server
        records the arrival as one row (``create``, field ``how``). History rows may be
        written by the library's owner alone: anyone else is refused, having saved nothing.
        """
        raw = self.conn.raw
        if not raw.execute("SELECT has_table_privilege('history', 'INSERT')").fetchone()[0]:
            raise NotAllowed(f"Only the owner of {self.location} can bring in articles with their history "
                             f"(as {self.user}, nothing was saved).")
        with self._edit():
            article_id = self._new_id("articles")
            claims = {claim.id: self._new_id("claims") for claim in whole.claims}
            sources = {source.id: self._new_id("sources") for claim in whole.claims for source in claim.sources}
            for row in whole.history:  # first, so that the arrival is the newest row
                (_, changed_at, changed_by, _, claim_id, source_id, claimant, entity, action, field, old,
                 new) = row
                raw.execute("INSERT INTO history (changed_at, changed_by, article_id, claim_id, source_id, claimant,"
                            " entity, action, field, old_value, new_value) VALUES"
                            " (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                            [changed_at, changed_by, article_id, claims.get(claim_id), sources.get(source_id),
                             claimant, entity, action, field, old, new])
            raw.execute("SELECT set_config(%s, %s, true)", [schema.RESTORING, f"{article_id}:{how}"])
            self.add_article(whole.article.with_(id=article_id), whole.original, keep_id=True)
            self._put_revisions(article_id, whole.revisions)
            for claim in whole.claims:
                self._insert_claim(claim.with_(id=claims[claim.id], article_id=article_id, sources=tuple(
                    source.with_(id=sources[source.id]) for source in claim.sources)), action=None)
            raw.execute("UPDATE articles SET claims_numbered = greatest(claims_numbered, %s) WHERE id = %s",
                        [whole.claims_numbered, article_id])
            raw.execute("SELECT set_config(%s, '', true)", [schema.RESTORING])
            self._changed(claimants=True)
        return article_id

    def _sync_builtin_scales(self) -> None:
        """Nothing at a reviewer's open: the owner keeps the built-in scales (``server init``, ``server upgrade``)."""
