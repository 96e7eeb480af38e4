"""Change notices, as every engine gives them: what a write changed, told to subscribers once it has committed.

A part of each engine's store (see :mod:`factcheck.store.article_records`): a write notes
what it changes (:meth:`ChangeNotices._changed`) as it goes; the engine calls
:meth:`ChangeNotices._announce` once the outermost transaction has committed, and drops
the notes of what was rolled back.
"""

from __future__ import annotations

import logging

from factcheck.store.protocol import Changes

log = logging.getLogger(__name__)


class ChangeNotices:
    _subscribers: list
    _pending: list[Changes]  # what the transaction under way has changed

    def subscribe(self, callback):
        """Call ``callback(changes)`` after each write through this handle commits; returns an unsubscribe."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)
        return unsubscribe

    def _changed(self, *, articles=(), claims=(), sources=(), article_list=False, claimants=False,
                 scales=False) -> None:
        """Note what the write under way changes; subscribers hear of it once it has committed."""
        self._pending.append(Changes(frozenset(a for a in articles if a is not None), frozenset(claims),
                                     frozenset(sources), article_list, claimants, scales))

    def _announce(self) -> None:
        changes, self._pending = Changes.merged(self._pending), []
        if changes:
            for callback in list(self._subscribers):
                try:
                    callback(changes)
                except Exception:  # the write is committed: one listener's bug must not hide that
                    log.exception("a subscriber to %s failed on %s", self.location, changes)
