"""Colleagues' changes to a shared library, heard as they are committed (LISTEN/NOTIFY).

A :class:`ChangeFeed` holds a connection of its own that listens on the library's channel
(see :mod:`factcheck.store.postgres_schema`). :meth:`ChangeFeed.wait` blocks until another
program commits a change, or a timeout passes, and returns what changed as
:class:`~factcheck.store.protocol.Changes`; the caller reads those rows again through its own
store. The changes made through the store the feed belongs to (its handles share a name,
see :func:`~factcheck.store.postgres_errors.application_name`) are skipped: that window
followed them already.

A feed also tells whether the server is still there: :meth:`ChangeFeed.wait` raises
:class:`~factcheck.store.errors.LibraryOffline` within about two seconds of the server
going away (it pings it between notices), after which :meth:`ChangeFeed.reconnect` tries
again. Meant for one thread (the window's listener, or a script's loop).
"""

from __future__ import annotations

import json
import logging
import time

import psycopg

from factcheck.store.errors import LibraryOffline
from factcheck.store.postgres_errors import connect, shown_url
from factcheck.store.postgres_schema import CHANNEL
from factcheck.store.protocol import NO_CHANGES, Changes

log = logging.getLogger(__name__)

GATHER_S = 0.05  # notices arriving this soon after the first are one change (one commit of many rows)


def changes_from(payloads: list[dict]) -> Changes:
    """What a list of the server's notices names, as the views follow it."""
    changes = NO_CHANGES
    for notice in payloads:
        article, claim, source = notice.get("article"), notice.get("claim"), notice.get("source")
        entity = notice.get("entity")
        changes = changes | Changes(
            articles=frozenset([article] if article is not None else ()),
            claims=frozenset([claim] if claim is not None else ()),
            sources=frozenset([source] if source is not None else ()),
            article_list=entity == "article",
            claimants=entity in ("claim", "claimant"),
            scales=entity == "article")  # an article's scale may be what changed
    return changes


class ChangeFeed:
    def __init__(self, url: str, name: str, *, skip_own: bool = True) -> None:
        """Listen on the library at ``url`` as the program ``name``, skipping its changes if ``skip_own``."""
        self._url = url
        self._name = name
        self._skip = name if skip_own else None
        self._conn: psycopg.Connection | None = None
        self._last_ping = 0.0
        self.by: set[str] = set()
        """The logins named in the notices of the last :meth:`wait` (for "Sam changed…")."""
        self.reconnect()

    @property
    def location(self) -> str:
        return shown_url(self._url)

    def reconnect(self) -> None:
        """Connect and listen again; raises :class:`LibraryOffline` (or another LibraryError) if it cannot."""
        self.close()
        conn = connect(self._url, self._name)
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            conn.close()
            raise LibraryOffline(f"Could not listen for changes to {self.location}: {error}") from error
        self._conn = conn
        self._last_ping = time.monotonic()

    def wait(self, timeout: float = 1.0) -> Changes:
        """Colleagues' changes committed since the last call (waiting up to ``timeout`` s for one); may be empty."""
        conn = self._conn
        if conn is None:
            raise LibraryOffline(f"Not connected to {self.location}.")
        payloads: list[dict] = []
        try:
            for notice in conn.notifies(timeout=timeout, stop_after=1):
                payloads.append(_parsed(notice.payload))
            if payloads:
                payloads.extend(_parsed(n.payload) for n in conn.notifies(timeout=GATHER_S))
            elif time.monotonic() - self._last_ping >= timeout:
                conn.execute("SELECT 1")  # nothing heard: is the server still there?
            self._last_ping = time.monotonic()
        except psycopg.Error as error:
            self.close()
            raise LibraryOffline(f"The connection to the shared library {self.location} was lost.") from error
        theirs = [p for p in payloads if p and (self._skip is None or p.get("app") != self._skip)]
        self.by = {p.get("by", "") for p in theirs}
        return changes_from(theirs)

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except psycopg.Error:  # already gone
                pass


def _parsed(payload: str) -> dict:
    try:
        parsed = json.loads(payload)
    except ValueError:
        log.warning("an unreadable change notice: %r", payload[:200])
        return {}
    return parsed if isinstance(parsed, dict) else {}
