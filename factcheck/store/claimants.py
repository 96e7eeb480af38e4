"""The library's claimants: each name's kind (person or organisation) and ``sameAs`` link.

A part of each engine's store (a mixin over its connection, its edits and its history; see
:mod:`factcheck.store.article_records`): claims keep the claimant's name, and the details are kept once
per name here, so every claim naming "Ministry of Health" shares them.
"""

from __future__ import annotations

from factcheck.core.claims import Claimant, ClaimantKind, check_source_url
from factcheck.store.errors import check_expected


class ClaimantRecords:
    def claimant(self, name: str) -> Claimant:
        """The details of a claimant; a person with no link if none were recorded."""
        row = self.conn.execute("SELECT kind, same_as FROM claimants WHERE name = ?", [name]).fetchone()
        return Claimant(name) if row is None else Claimant(name, ClaimantKind(row[0]), row[1])

    def claimant_uses(self, name: str) -> int:
        """How many claims in the library name this claimant."""
        return self.conn.execute("SELECT count(*) FROM claims WHERE claimant = ?", [name]).fetchone()[0]

    def claimant_details(self) -> dict[str, Claimant]:
        """Every claimant whose details were recorded, by name."""
        return {name: Claimant(name, ClaimantKind(kind), same_as)
                for name, kind, same_as in self.conn.execute("SELECT name, kind, same_as FROM claimants")}

    def set_claimant(self, claimant: Claimant, *, expected: Claimant | None = None) -> Claimant:
        """Record a claimant's kind and link (one edit, a history row per changed field).

        With ``expected`` (the details the caller read), details changed since by someone else
        are refused (StaleValue), not overwritten. Raises :class:`~factcheck.core.claims.InvalidUrl`
        for a link that is not http(s).
        """
        claimant = Claimant(claimant.name.strip(), ClaimantKind(claimant.kind), check_source_url(claimant.same_as))
        old = self.claimant(claimant.name)
        if expected is not None:
            check_expected(f"The details of the claimant {claimant.name}", _details(old), _details(expected))
        if old == claimant or not claimant.name:
            return old
        with self._edit():
            self.conn.execute("INSERT INTO claimants (name, kind, same_as) VALUES (?, ?, ?) ON CONFLICT(name)"
                            " DO UPDATE SET kind = excluded.kind, same_as = excluded.same_as",
                            [claimant.name, claimant.kind.value, claimant.same_as])
            for field, before, after in (("kind", old.kind.value, claimant.kind.value),
                                         ("same_as", old.same_as, claimant.same_as)):
                if before != after:
                    self._history("claimant", "update", claimant=claimant.name, field=field, old=before, new=after)
            self._changed(claimants=True)
        return claimant


def _details(claimant: Claimant) -> str:
    return f"{ClaimantKind(claimant.kind).label}{', ' + claimant.same_as if claimant.same_as else ''}"
