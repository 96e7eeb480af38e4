"""Running a shared library: create it on a server, bring its schema up to date, add reviewers.

Each function is one ``factcheck --db URL server …`` command and runs as the login in the
URL, which must own the database (or be a superuser). Every step runs in one transaction:
a failure leaves the server as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from factcheck.core.rating_scales import builtin_scales
from factcheck.store import postgres_schema as schema
from factcheck.store.errors import LibraryError, LibraryTooNew
from factcheck.store.postgres_errors import connect, raise_sorted, shown_url
from factcheck.store.postgres_store import PostgresStore


@dataclass(frozen=True)
class SchemaReport:
    """What ``server init`` or ``server upgrade`` did: the steps applied now, and those found applied."""

    applied: tuple[str, ...]
    already: tuple[str, ...]


def _applied(conn: psycopg.Connection) -> list[str]:
    if not conn.execute("SELECT to_regclass(%s) IS NOT NULL", [schema.STEPS_TABLE]).fetchone()[0]:
        return []
    return [name for (name,) in conn.execute(f"SELECT name FROM {schema.STEPS_TABLE} ORDER BY applied_at, name")]


def init_server(url: str) -> SchemaReport:
    """Create the desk's roles, the library's schema, its rules and the built-in rating scales.

    On a database that already holds a library, applies only the steps it lacks (as
    :func:`upgrade_server` does): running it twice changes nothing.
    """
    conn = connect(url)
    try:
        with conn.transaction():
            conn.execute(schema.ROLES_SQL)
        return _apply_steps(url, conn)
    except psycopg.Error as error:
        raise_sorted(url, error)
    finally:
        conn.close()


def upgrade_server(url: str) -> SchemaReport:
    """Apply the schema steps the shared library lacks; refuses a library newer than this factcheck."""
    conn = connect(url)
    try:
        if not _applied(conn):
            raise LibraryError(f"{shown_url(url)} holds no factcheck library yet: create one with "
                               f"`factcheck --db {shown_url(url)} server init`.")
        return _apply_steps(url, conn)
    except psycopg.Error as error:
        raise_sorted(url, error)
    finally:
        conn.close()


def _apply_steps(url: str, conn: psycopg.Connection) -> SchemaReport:
    already = _applied(conn)
    unknown = [name for name in already if name not in schema.known_steps()]
    if unknown:
        raise LibraryTooNew(f"The shared library {shown_url(url)} was updated by a newer factcheck (schema step "
                            f"{unknown[0]}): update factcheck first.")
    applied = []
    with conn.transaction():  # every pending step and the scales, or none
        conn.execute("SET LOCAL search_path = public")  # where the library's tables and functions live
        if not already:  # a new library: only the reviewers added to it may connect to this database
            conn.execute(sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(sql.Identifier(conn.info.dbname)))
        for name, script in schema.STEPS:
            if name in already:
                continue
            conn.execute(script)
            conn.execute(f"INSERT INTO {schema.STEPS_TABLE} (name) VALUES (%s)", [name])
            applied.append(name)
        store = PostgresStore(conn, url)
        for scale in builtin_scales():
            if store._stored_scale(scale.key) != scale:
                store._write_scale(scale, builtin=True)
    return SchemaReport(tuple(applied), tuple(already))


def add_reviewer(url: str, name: str, role: str, password: str | None) -> bool:
    """Make ``name`` a login of the desk as a ``"reporter"`` or an ``"editor"``; True if the login is new.

    An existing login changes role (and password, when one is given). The password is
    hashed (SCRAM) on this computer: it never travels or reaches the server's logs in
    plain text.
    """
    if role not in schema.ROLES:
        raise ValueError(f"a reviewer's role is one of {', '.join(schema.ROLES)}, not {role!r}")
    if not name.strip():
        raise ValueError("a reviewer needs a name")
    conn = connect(url)
    try:
        with conn.transaction():
            conn.execute(schema.ROLES_SQL)
            if name.lower().startswith(("factcheck_", "pg_")):
                raise LibraryError(f"{name} is a name the server or factcheck keeps for itself: choose another.")
            found = conn.execute(
                "SELECT r.rolsuper OR r.rolcreaterole OR r.rolcreatedb, EXISTS (SELECT 1 FROM pg_auth_members m"
                " JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid AND g.rolname IN (%s, %s))"
                " FROM pg_roles r WHERE r.rolname = %s", [schema.REPORTER, schema.EDITOR, name]).fetchone()
            exists = found is not None
            if exists and not found[1] and (found[0] or name == conn.info.user):
                raise LibraryError(f"{name} is an administrator of this server, not a reviewer: factcheck leaves "
                                   "its password and rights alone.")
            login = sql.Identifier(name)
            if not exists:
                if not password:
                    raise LibraryError(f"A new reviewer needs a password: {name} was not added.")
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(login))
            if password:
                hashed = conn.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
                conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(login, sql.Literal(hashed.decode())))
            other = schema.EDITOR if role == "reporter" else schema.REPORTER
            conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), login))
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(schema.ROLES[role]), login))
            conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(conn.info.dbname), login))
        return not exists
    except psycopg.Error as error:
        raise_sorted(url, error)
    finally:
        conn.close()
