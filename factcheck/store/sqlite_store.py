"""The SQLite engine of the :class:`~factcheck.store.protocol.Store` protocol: one file holds the library.

Every public method that writes is one transaction, and records what it changed
in the ``history`` table (who, when, which field, old → new value). A method
returns only after its transaction has committed, so a caller may say "Saved".
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from factcheck.core.articles import DeletedArticle
from factcheck.store import sessions
from factcheck.store.article_records import ArticleRecords
from factcheck.store.claim_records import ClaimRecords
from factcheck.store.claimants import ClaimantRecords
from factcheck.store.rating_scale_records import RatingScaleRecords
from factcheck.store.revision_records import RevisionRecords
from factcheck.store.search_plans import SQLiteSearch
from factcheck.store.similar_records import SQLiteSimilar
from factcheck.store.workflow_records import WorkflowRecords
from factcheck.store import first_library
from factcheck.store.damage import check_existing as _check_existing
from factcheck.store.damage import damaged
from factcheck.store.errors import LibraryDamaged, LibraryError, environment_error
from factcheck.store.migrations import Steps, migrations
from factcheck.store.notices import ChangeNotices
from factcheck.store.protocol import Changes
from factcheck.store.sessions import RecoveryReport
from factcheck.store.suggestion_records import SuggestionRecords
from factcheck.store.timestamps import now

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
BUSY_TIMEOUT_ENV = "FACTCHECK_BUSY_TIMEOUT_MS"  # how long to wait for another writer, e.g. in tests


def busy_timeout_ms() -> int:
    """How long a write waits for another process's write to finish: ``$FACTCHECK_BUSY_TIMEOUT_MS``, else 5 s."""
    try:
        return max(0, int(os.environ[BUSY_TIMEOUT_ENV]))
    except (KeyError, ValueError):
        return BUSY_TIMEOUT_MS


def _raise_sorted(path, error: sqlite3.Error) -> NoReturn:
    """Raise the user-ready error for a failure of the environment, or ``error`` itself if it is a bug.

    A bug (see :func:`~factcheck.store.errors.environment_error`) goes on unchanged, with
    its traceback, to the crash handler and the log.
    """
    known = environment_error(path, error)
    if known is None:
        raise error
    raise known from error


def _connect(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode: a transaction is open only where the engine begins one."""
    try:
        return sqlite3.connect(str(path), timeout=busy_timeout_ms() / 1000, isolation_level=None)
    except sqlite3.Error as error:
        _raise_sorted(path, error)


class SQLiteStore(ChangeNotices, ArticleRecords, ClaimRecords, RevisionRecords, SuggestionRecords,
                   WorkflowRecords, RatingScaleRecords, ClaimantRecords,
                   SQLiteSearch, SQLiteSimilar):
    """An open library file. Belongs to the thread that opened it.

    Open it only while this process holds the library's
    :class:`~factcheck.store.library_lock.LibraryLock` (one process at a time; the
    module says why). Within that process, several connections (the window's, its
    import worker's) may be open at once: a writer waits up to :func:`busy_timeout_ms`
    for another's transaction, then raises :class:`LibraryBusy` having saved nothing.

    :attr:`conn` is the plain ``sqlite3`` connection the engine does all its work on, in
    autocommit mode (``isolation_level=None``): outside an edit, each statement commits
    on its own.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None, user: str = "") -> None:
        self.conn = conn
        self.path = path
        self.user = user
        #: What the integrity check found when the last session did not close the
        #: library (killed, crashed, power cut); None after a clean shutdown.
        self.recovery_report: RecoveryReport | None = None
        self._session: sessions.Session | None = None
        self._subscribers: list = []
        self._pending: list[Changes] = []  # what the transaction under way has changed

    @property
    def location(self) -> str:
        return str(self.path) if self.path is not None else "the in-memory library"

    read_only = False
    """Whether this library was opened for reading alone: every write is refused."""
    role = "editor"
    """On a local library every reviewer may approve (the desk's roles are a shared library's)."""

    def listen(self) -> None:
        """None: one program at a time writes a library file, so nothing changes behind this handle."""
        return None

    # ----------------------------------------------------------------- backups

    def backups(self) -> list:
        """The library's backups (:class:`~factcheck.store.backups.Backup`), newest first; none in memory."""
        if self.path is None:
            return []
        from factcheck.store.backup_catalog import list_backups

        return list_backups(self.path)

    def backup_if_due(self, reason: str, *, edits: int = 1, keep: int | None = None):
        """A rolling backup if the policy says one is due (``"open"``, ``"edit"``); the Backup, else None.

        Made through its own read-only connection, so it holds what is committed.
        """
        from factcheck.store.backup_policy import BackupPolicy, maybe_backup

        policy = BackupPolicy() if keep is None else BackupPolicy(keep=keep)
        return maybe_backup(self, reason, edits=edits, policy=policy)

    def open_another(self) -> SQLiteStore:
        """A second connection to the same file, for another thread: no migration, check or session of its own."""
        if self.path is None:
            raise LibraryError("An in-memory library has a single connection: it cannot be shared with a worker.")
        other = type(self)(_connect(self.path), self.path, self.user)
        try:
            other._configure()
            if self.read_only:  # opened read-only (a full disk, a command's copy): so is every other handle
                other.conn.execute("PRAGMA query_only=ON")
                other.read_only = True
        except sqlite3.Error as error:
            other.conn.close()
            _raise_sorted(self.path, error)
        return other

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: str | Path, user: str = "", *, read_only: bool = False, seeded: bool = False) -> SQLiteStore:
        """Open (creating if need be) the library at ``path`` and bring its schema up to date.

        ``seeded``: where nothing is at ``path`` yet, the library is a copy of a recorded one that
        holds the seed article (:mod:`factcheck.store.first_library`: the window's first launch);
        otherwise it is opened or made as without it.

        Raises :class:`NotALibrary` or :class:`LibraryTooNew` without writing a
        byte to a file that is not ours or is newer than us.

        The session is recorded in the library until :meth:`close`; if the previous
        session never closed it, a full integrity check runs first and its result is
        :attr:`recovery_report`. ``read_only`` (for ``list`` and ``export``) records no
        session, runs no check and refuses writes, so it never waits for another
        process that is writing (unless the schema itself needs an update).

        Its own writes (a new library's schema, the built-in scales, the session row) are
        committed to the write-ahead log without waiting for the disk (``synchronous=NORMAL``:
        some 2 ms at every start, more on the first, before the first paint); the connection
        is back to ``FULL`` before it is handed out. The first edit's commit syncs the log,
        and these with it (the log is written in order); lost with the power before any
        edit, each is simply made again at the next open (each is one transaction, and an
        empty file is a new library). An existing library's schema update, and the backup
        made before it, wait for the disk as every edit does, and so do a copied library's
        times (a copy is never made again).
        """
        path = Path(path)
        new = not path.exists() or path.stat().st_size == 0
        copied = seeded and not read_only and first_library.fits(path)
        if path.exists() and not copied:
            _check_existing(path)
        elif not path.parent.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
        if copied:  # a library of ours, whole (not checked as a file found there would be)
            try:
                first_library.copy_to(path)
            except OSError as error:
                raise LibraryError(f"The library {path} could not be created: {error.strerror or error}.") from error
            new = False
        library = cls(_connect(path), path, user)
        conn = library.conn
        try:
            library._configure()
            if new:  # its schema, made again at the next open if lost (see above)
                conn.execute("PRAGMA synchronous=NORMAL")
            stale = [] if read_only else [s for s in sessions.recorded(conn) if s.is_stale()]
            if stale:  # checked before anything is written
                library.recovery_report = sessions.check(conn, stale)
            library._update_schema()  # an existing library's update (and the backup before it) waits for the disk
            if not read_only and first_library.recorded(conn):  # a copy, opened to the end for the first time
                with library._atomic():
                    first_library.restamp(conn, user)
            conn.execute("PRAGMA synchronous=NORMAL")
            library._sync_builtin_scales()
            if read_only:
                conn.execute("PRAGMA query_only=ON")
                library.read_only = True
            else:
                library._session = sessions.begin(conn, stale)
            conn.execute("PRAGMA synchronous=FULL")  # every edit from here waits for the disk
        except sqlite3.Error as error:
            conn.close()
            if isinstance(environment_error(path, error), LibraryDamaged):
                raise damaged(path, str(error)) from error  # names the newest good backup
            _raise_sorted(path, error)
        except BaseException:
            conn.close()
            raise
        return library

    @classmethod
    def in_memory(cls, user: str = "") -> SQLiteStore:
        """A throw-away library, for tests and previews."""
        library = cls(sqlite3.connect(":memory:", isolation_level=None), None, user)
        library.conn.execute("PRAGMA foreign_keys=ON")
        library._update_schema()
        library._sync_builtin_scales()
        return library

    def _configure(self) -> None:
        mode = self.conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode.lower() != "wal":
            log.warning("library %s runs in %s mode, not WAL", self.path, mode)
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")

    def _update_schema(self) -> None:
        """Apply the schema steps the library lacks, every one or none.

        Whether any is pending is read from the library alone; sqlite-utils, which applies
        them, is imported only when one is (see :mod:`factcheck.store.migrations`).
        """
        steps = Steps.of(migrations)
        if not steps.pending(self.conn):
            return
        if steps.applied(self.conn):  # an existing library's schema is about to change: a copy first
            from factcheck.store import backups  # only now: opening an up-to-date library needs none

            backups.backup_before_migration(self)
        with self._atomic():  # every pending step, or none: a failed update leaves the file as it was
            try:
                steps.apply(self.conn)
            except sqlite3.IntegrityError as error:  # data the update cannot carry over
                raise LibraryError(
                    f"The library {self.path} could not be updated for this version of factcheck: its data "
                    f"breaks a rule of the new schema ({error}). The file was left as it was; a copy "
                    "made before the update is in its backups folder.") from error

    def close(self) -> None:
        """End the session (a clean shutdown) and close the file."""
        session, self._session = self._session, None
        try:
            if session is not None:
                try:
                    sessions.end(self.conn, session)
                except sqlite3.Error as error:
                    if environment_error(self.path, error) is None:
                        raise  # a bug: to the crash handler, with its traceback
                    # the next open will run an integrity check: no harm
                    log.warning("could not record that %s was closed cleanly: %s", self.path, error)
        finally:
            self.conn.close()

    def transaction(self):
        """Group several edits into one transaction (e.g. a bundle's article, scale and claims).

        Nested edits become savepoints; if anything inside fails, all of it is rolled back.
        """
        return self._edit()

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        """A transaction (a savepoint inside one), rolled back whole if anything in it fails; no notices."""
        conn = self.conn
        if conn.in_transaction:
            conn.execute("SAVEPOINT nested")
            try:
                yield
            except BaseException:
                if conn.in_transaction:  # an error may have ended the whole transaction already
                    conn.execute("ROLLBACK TO nested")
                    conn.execute("RELEASE nested")
                raise
            conn.execute("RELEASE nested")
            return
        conn.execute("BEGIN")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _edit(self) -> Iterator[None]:
        """One user edit: one transaction, its SQLite errors sorted (:func:`_raise_sorted`).

        The outermost edit begins IMMEDIATE: it takes the write lock first (waiting up to
        the busy timeout), so an edit that reads before it writes cannot find, half-way,
        that another process (an import, the command line) wrote in between; a plain
        BEGIN would fail at once with "database is locked". Nested edits are savepoints.
        A failed edit, or a failed commit, is rolled back whole: nothing of it was saved.
        """
        if self.read_only:
            raise LibraryError(f"The library {self.location} was opened read-only: nothing was saved. "
                               "Close factcheck and open the library again to edit it.")
        try:
            if self.conn.in_transaction:
                noted = len(self._pending)
                try:
                    with self._atomic():
                        yield
                except BaseException:
                    del self._pending[noted:]  # rolled back to the savepoint: nothing of it to announce
                    raise
                return
            self._pending = []
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                self._pending = []
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            _raise_sorted(self.path, error)
        self._announce()

    def _new_id(self, table: str) -> int:
        """An id ``table`` has never given: a deleted row's id is not given again.

        Undo steps hold ids (an article's undo stack, a claim to put back); an id handed
        to a new row after a deletion would let them act on the wrong one. The highest id
        ever given is kept in ``properties`` (SQLite reuses the largest id once it is gone).
        """
        key = f"last_id:{table}"
        row = self.conn.execute("SELECT value FROM properties WHERE key = ?", [key]).fetchone()
        highest = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        given = max(int(row[0]) if row else 0, highest) + 1
        self.conn.execute("INSERT INTO properties (key, value) VALUES (?, ?)"
                        " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, str(given)])
        return given

    @contextmanager
    def _restoring(self, deleted: DeletedArticle) -> Iterator[None]:
        """Putting a deleted article back: its old history replaces the rows its re-creation wrote."""
        yield
        article_id = deleted.article.id
        self.conn.execute("DELETE FROM history WHERE article_id = ?", [article_id])
        for row in deleted.history:  # in their order, under new ids (the old ones may be taken)
            self.conn.execute(f"INSERT INTO history VALUES (NULL, {', '.join('?' * (len(row) - 1))})", list(row[1:]))

    def _history(self, entity: str, action: str, *, article_id=None, claim_id=None,
                 source_id=None, claimant=None, field=None, old=None, new=None) -> None:
        self.conn.execute(
            "INSERT INTO history (changed_at, changed_by, article_id, claim_id, source_id, claimant,"
            " entity, action, field, old_value, new_value) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [now(), self.user, article_id, claim_id, source_id, claimant, entity, action, field,
             _text(old), _text(new)],
        )


def _text(value) -> str | None:
    return None if value is None else str(value)
