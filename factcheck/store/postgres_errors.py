"""Connecting to a shared library, and the server's errors sorted into the user's environment and bugs.

Once connected, an error is sorted by its SQLSTATE, never by its wording: a refused
action (a reporter's approval), a busy row, a lost connection, a full disk or a read-only
server is the user's environment, told in a user-ready :class:`LibraryError`; anything
else (an unknown column, a broken constraint) is a bug and goes on with its traceback.

A connection that fails before the server answers has no SQLSTATE (libpq reports it as
text), so :func:`connect` recognises the common causes (wrong password, no TLS where the
server demands it, no such database, no server at that address) by libpq's words and
always adds them to the message. No password is ever part of a message or a log line
(:func:`shown_url`).
"""

from __future__ import annotations

import itertools
import os
import re
from typing import NoReturn
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg

from factcheck.store.errors import LibraryBusy, LibraryError, LibraryOffline, NotAllowed
from factcheck.store.sqlite_store import busy_timeout_ms

CONNECT_TIMEOUT_S = 5
TCP_USER_TIMEOUT_MS = 1500  # a server that stops answering is noticed within 2 s (with the feed's 0.5 s ping), not minutes


_opened = itertools.count(1)


def application_name() -> str:
    """A new name for a library opened by this process (the window, a script): ``factcheck/PID/N``.

    Every handle on that library (its workers') connects under it, and the server's change
    notices carry it, so a window skips its own changes and still hears another window's.
    """
    return f"factcheck/{os.getpid()}/{next(_opened)}"


def shown_url(url: str) -> str:
    """``url`` as a message or a log may show it: the password, and any secret query parameter, removed."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        credentials, host = netloc.rsplit("@", 1)
        netloc = f"{credentials.split(':', 1)[0]}@{host}"
    query = "&".join(p for p in parts.query.split("&") if p and not p.lower().startswith(("password=", "sslpassword=")))
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def connect(url: str, name: str = "factcheck") -> psycopg.Connection:
    """A connection in autocommit mode (transactions are begun where the engine needs one).

    A lock held by another reviewer's open transaction is waited for up to
    :func:`~factcheck.store.sqlite_store.busy_timeout_ms` (5 s), then the write is refused as busy.
    """
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                               application_name=name, keepalives_idle=5, keepalives_interval=1,
                               keepalives_count=2, tcp_user_timeout=TCP_USER_TIMEOUT_MS)
    except psycopg.Error as error:
        raise _connect_error(url, error) from None  # libpq's text is in the message; the URL's secrets are not
    conn.execute(f"SET lock_timeout = {busy_timeout_ms()}")
    return conn


def _secrets(url: str) -> list[str]:
    """The password in ``url`` as written and as decoded, and any ``password=`` parameter's value."""
    found = []
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)[0] if "@" in parts.netloc else ""
        if ":" in netloc:
            found.append(netloc.split(":", 1)[1])
        found += [q.split("=", 1)[1] for q in parts.query.split("&") if q.lower().startswith(("password=",
                                                                                              "sslpassword="))]
    except ValueError:
        pass
    return [secret for raw in found for secret in {raw, unquote(raw)} if secret]


def _connect_error(url: str, error: psycopg.Error) -> LibraryError:
    where = shown_url(url)
    said = re.sub(r"^connection failed:\s*", "", str(error).strip())
    said = re.sub(r"\s+", " ", said)
    for secret in sorted(_secrets(url), key=len, reverse=True):  # libpq may quote the address it could not read
        said = said.replace(secret, "…")
    if "invalid" in said and ("URI" in said or "percent-encoded" in said or "connection option" in said):
        return LibraryError(f"The library's address {where} is not a valid PostgreSQL address: check it (a % in "
                            f"a password is written %25). ({said})")
    login = urlsplit(url).username or "your login"
    if "password authentication failed" in said or "no password supplied" in said:
        return LibraryError(f"The server of {where} refused the login {login}: the password is wrong, or no "
                            f"password was given (~/.pgpass, PGPASSWORD). Nothing was opened. ({said})")
    if "no encryption" in said or ("pg_hba.conf" in said and "SSL off" in said):
        return LibraryError(f"The server of {where} accepts only encrypted (TLS) connections. Add "
                            f"sslmode=require (better: sslmode=verify-full with sslrootcert=…) to the library's "
                            f"address. ({said})")
    if "pg_hba.conf" in said:
        return LibraryError(f"The server of {where} does not let {login} in from this computer: ask its "
                            f"administrator to allow it. ({said})")
    if re.search(r"database \".*\" does not exist", said):
        return LibraryError(f"The server has no database named as in {where}: check the address. ({said})")
    if "server does not support SSL" in said:
        return LibraryError(f"The server of {where} does not offer TLS, but the address asks for it (sslmode). "
                            f"({said})")
    return LibraryOffline(f"Could not reach the shared library {where}: check the address and your network, "
                          f"or try again in a moment. ({said})")


def raise_sorted(url: str, error: psycopg.Error) -> NoReturn:
    """Raise the user-ready error for a failure of the user's environment, or ``error`` itself if it is a bug."""
    known = environment_error(url, error)
    if known is None:
        raise error
    raise known from error


def environment_error(url: str, error: psycopg.Error) -> LibraryError | None:
    where = shown_url(url)
    state = error.sqlstate or ""
    said = getattr(error.diag, "message_primary", None) or str(error)
    if state == "42501":  # insufficient_privilege: a trigger's rule, or a table the login may not write
        return NotAllowed(f"{said} Nothing was saved." if said.endswith(".")  # a rule's own words
                          else f"The shared library does not allow this ({said}). Nothing was saved.")
    if state in ("55P03", "40001", "40P01") or state == "57014":
        return LibraryBusy(f"The shared library {where} is busy: another reviewer's change holds what this "
                           "edit needs. Nothing was saved; try again in a moment.")
    if state == "25006":
        return LibraryError(f"The shared library {where} is read-only just now: nothing was saved.")
    if state.startswith("08") or state.startswith("57P") or (not state and isinstance(error, psycopg.OperationalError)):
        return LibraryOffline(f"The connection to the shared library {where} was lost: nothing was saved. "
                              "factcheck reconnects when the server is back.")
    if state.startswith("53"):  # insufficient resources: disk full, out of memory, too many connections
        return LibraryError(f"The server of {where} is out of resources ({said}): nothing was saved. "
                            "Tell its administrator.")
    if state.startswith("28"):
        return LibraryError(f"The server of {where} no longer accepts your login ({said}).")
    return None
