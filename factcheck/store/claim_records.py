"""The library's claims and their sources: read in text order, added with numbers for life, edited, put back.

A part of each engine's store, as the articles, claimants and rating scales are (see
:mod:`factcheck.store.article_records` for what the mixins ask of their engine).
"""

from __future__ import annotations

from factcheck.core.anchors import Anchor
from factcheck.core.claims import CLAIM_FIELDS, FIELD_LABELS, SOURCE_FIELDS, Claim, ClaimStatus, Source, Stance
from factcheck.store.errors import StaleValue, check_expected, shown_moment
from factcheck.store.timestamps import now


class ClaimRecords:
    # ------------------------------------------------------------------ claims

    _CLAIM_COLUMNS = ('id, article_id, start, "end", quote, prefix, suffix, claimant, claim_date,'
                      " verdict, rationale, status, reviewer, created_at, updated_at, number, placement, old_quote, placed_on")

    def claims(self, article_id: int) -> list[Claim]:
        """The article's claims in text order (orphans, whose offsets are of an older revision, last), with sources."""
        sources: dict[int, list[Source]] = {}
        for source in self._sources_where(
                "claim_id IN (SELECT id FROM claims WHERE article_id = ?)", [article_id]):
            sources.setdefault(source.claim_id, []).append(source)
        rows = self.conn.execute(
            f"SELECT {self._CLAIM_COLUMNS} FROM claims WHERE article_id = ?"
            " ORDER BY placement = 'orphan', start, \"end\", id", [article_id])  # orphans' offsets are stale: last
        return [_claim_from_row(row, sources.get(row[0], ())) for row in rows]

    def claim(self, claim_id: int) -> Claim:
        row = self.conn.execute(f"SELECT {self._CLAIM_COLUMNS} FROM claims WHERE id = ?",
                              [claim_id]).fetchone()
        if row is None:
            raise KeyError(f"no claim with id {claim_id}")
        return _claim_from_row(row, self._sources_where("claim_id = ?", [claim_id]))

    def add_claim(self, claim: Claim) -> Claim:
        """Store a new claim (and any sources it carries); returns it with its id.

        Its position must hold its quote in the article's current text (else StaleValue: the
        article was revised since the words were selected), unless it is an orphan.
        """
        return self._insert_claim(claim.with_(id=None), action="create", fit="refuse")

    def restore_claim(self, claim: Claim) -> Claim:
        """Put back a deleted claim under its old id, with its sources (undo of a delete).

        A claim whose position no longer holds its quote (the article was revised since it
        was deleted) comes back as an orphan: kept whole, never shown on the wrong words.
        """
        return self._insert_claim(claim, action="create", fit="orphan")

    def _insert_claim(self, claim: Claim, action: str | None, fit: str | None = None) -> Claim:
        """Insert a claim; with ``fit`` its position is checked against the current text, under the article's lock.

        ``fit="refuse"`` raises StaleValue when the position does not hold the quote, ``"orphan"``
        stores the claim as an orphan then; either way a claim that fits is placed on the
        current revision. Without ``fit`` (an article brought back whole) it is stored as given.
        """
        stamp = now()
        created = claim.created_at or stamp
        updated = claim.updated_at or stamp
        a = claim.anchor
        with self._edit():
            number = claim.number
            # The article's row is locked by this update: what its text holds cannot change before the insert.
            fits = ", revision, title, substr(text, ?, ?) = ?"
            span = [max(a.start, 0) + 1, max(a.end - a.start, 0), a.quote]
            if number is None:  # a new claim: the next number, never one given before
                given = self.conn.execute("UPDATE articles SET claims_numbered = claims_numbered + 1 WHERE id = ?"
                                          f" RETURNING claims_numbered{fits}", [claim.article_id, *span]).fetchone()
            else:
                given = self.conn.execute("UPDATE articles SET claims_numbered = CASE WHEN claims_numbered > ? THEN"
                                          f" claims_numbered ELSE ? END WHERE id = ? RETURNING claims_numbered{fits}",
                                          [number, number, claim.article_id, *span]
                                          ).fetchone()
            if given is None:  # its article is gone (deleted since the claim was read, say)
                raise KeyError(f"no article with id {claim.article_id}")
            if fit is not None and not claim.orphan:
                revision, title, holds = given[1], given[2], bool(given[3]) and a.start >= 0
                if holds:
                    claim = claim.with_(placed_on=revision)
                elif fit == "refuse":
                    raise StaleValue(f"«{title}» is now at revision {revision}: the words selected belong to an "
                                     "earlier text. Its current text is shown; select the words again.")
                else:
                    claim = claim.with_(placement="orphan")
            number = number if number is not None else given[0]
            claim_id = claim.id if claim.id is not None else self._new_id("claims")
            self.conn.execute(
                f"INSERT INTO claims ({self._CLAIM_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [claim_id, claim.article_id, a.start, a.end,
                 a.quote, a.prefix, a.suffix,
                 claim.claimant, claim.claim_date, claim.verdict, claim.rationale,
                 ClaimStatus(claim.status).value, claim.reviewer, created, updated, number,
                 claim.placement, claim.old_quote, claim.placed_on],
            )
            self._changed(articles=[claim.article_id], claims=[claim_id], claimants=bool(claim.claimant))
            if action is not None:
                self._history("claim", action, article_id=claim.article_id, claim_id=claim_id, new=a.quote)
            for position, source in enumerate(claim.sources):
                self._insert_source(source.with_(claim_id=claim_id), position, claim.article_id)
        return self.claim(claim_id)

    def delete_claim(self, claim_id: int, *, seen: Claim | None = None) -> Claim:
        """Delete a claim and its sources; returns what was deleted, for undo.

        With ``seen`` (the claim as the caller last knew it: undoing its marking), a claim
        changed since by someone else is refused (StaleValue), not deleted.
        """
        with self._edit():
            self._lock("claims", claim_id)
            claim = self.claim(claim_id)
            if seen is not None:
                self._check_seen(claim, seen)
            self.conn.execute("DELETE FROM claims WHERE id = ?", [claim_id])
            self._history("claim", "delete", article_id=claim.article_id, claim_id=claim_id,
                          old=claim.quote)
            self._changed(articles=[claim.article_id], claims=[claim_id], sources=[s.id for s in claim.sources],
                          claimants=bool(claim.claimant))
        return claim

    def update_claim(self, claim_id: int, field: str, value, *, expected=..., seen: Claim | None = None) -> Claim:
        """Set one field of a claim; returns the claim as stored afterwards.

        With ``expected``, the field is changed only if it still holds that value; else
        :class:`StaleValue` is raised, naming who changed it and when, and nothing is
        written (another reviewer, or a script, changed it since it was read). With
        ``seen`` (the claim as the caller read it: an approval), the whole claim must still
        be as seen, its sources included.
        """
        if field not in CLAIM_FIELDS:
            raise ValueError(f"{field!r} is not an editable claim field")
        if field == "status":
            value = ClaimStatus(value).value
            if expected is not ...:
                expected = ClaimStatus(expected).value
        with self._edit():
            self._lock("claims", claim_id)  # read, compare, write: no other edit between them
            claim = self.claim(claim_id)
            old = getattr(claim, field)
            check_expected(f"The {field.replace('_', ' ')} of claim {claim.number or claim_id}", old, expected,
                           lambda: self._last_change(claim_id, field))
            if seen is not None:
                self._check_seen(claim, seen)
            if old == value:
                return claim
            self.conn.execute(f"UPDATE claims SET {field} = ?, updated_at = ? WHERE id = ?",
                            [value, now(), claim_id])
            self._history("claim", "update", article_id=claim.article_id, claim_id=claim_id,
                          field=field, old=old, new=value)
            self._changed(articles=[claim.article_id], claims=[claim_id], claimants=field == "claimant")
        return self.claim(claim_id)

    def _last_change(self, claim_id: int, field: str) -> tuple[str, str]:
        """Who last changed ``field`` of the claim, and when, as its history says."""
        row = self.conn.execute("SELECT changed_by, changed_at FROM history WHERE claim_id = ? AND field = ?"
                                " ORDER BY id DESC LIMIT 1", [claim_id, field]).fetchone()
        return (row[0], row[1]) if row else ("", "")

    def _last_source_change(self, source_id: int, field: str) -> tuple[str, str]:
        row = self.conn.execute("SELECT changed_by, changed_at FROM history WHERE source_id = ? AND field = ?"
                                " ORDER BY id DESC LIMIT 1", [source_id, field]).fetchone()
        return (row[0], row[1]) if row else ("", "")

    def _check_seen(self, claim: Claim, seen: Claim) -> None:
        """Refuse a write whose caller read the claim otherwise than it is stored (a field or a source changed)."""
        differs = [f for f in (*CLAIM_FIELDS, "quote") if getattr(claim, f) != getattr(seen, f)]
        if [_as_seen(s) for s in claim.sources] != [_as_seen(s) for s in seen.sources]:
            differs.append("sources")
        if differs:
            by, at = self._last_change(claim.id, differs[0]) if differs[0] != "sources" else ("", "")
            who = f" ({by} changed it at {shown_moment(at)})" if by and at else ""
            named = ", ".join(FIELD_LABELS.get(f, f) for f in differs)
            raise StaleValue(f"Claim {claim.number or claim.id} changed since it was read ({named}){who}: nothing "
                             "was changed. Read it again and decide with what is stored.", claim, by, at)

    def claimants(self) -> list[str]:
        """Every claimant named in the library, most used first."""
        rows = self.conn.execute(
            "SELECT claimant FROM claims WHERE claimant != '' GROUP BY claimant"
            " ORDER BY count(*) DESC, claimant")
        return [name for (name,) in rows]

    # ----------------------------------------------------------------- sources

    _SOURCE_COLUMNS = "id, claim_id, url, title, publisher, date, excerpt, stance"

    def _sources_where(self, where: str, params: list) -> list[Source]:
        rows = self.conn.execute(
            f"SELECT {self._SOURCE_COLUMNS} FROM sources WHERE {where} ORDER BY position, id", params)
        return [Source(url=url, title=title, publisher=publisher, date=date, excerpt=excerpt,
                       stance=Stance(stance), id=id_, claim_id=claim_id)
                for id_, claim_id, url, title, publisher, date, excerpt, stance in rows]

    def source(self, source_id: int) -> Source:
        found = self._sources_where("id = ?", [source_id])
        if not found:
            raise KeyError(f"no source with id {source_id}")
        return found[0]

    def _article_of_claim(self, claim_id: int) -> int:
        row = self.conn.execute("SELECT article_id FROM claims WHERE id = ?", [claim_id]).fetchone()
        if row is None:
            raise KeyError(f"no claim with id {claim_id}")
        return row[0]

    def _insert_source(self, source: Source, position: int | None, article_id: int) -> int:
        if position is None:
            position = self.conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM sources WHERE claim_id = ?",
                [source.claim_id]).fetchone()[0]
        stamp = now()
        source_id = source.id if source.id is not None else self._new_id("sources")
        self.conn.execute(
            "INSERT INTO sources (id, claim_id, position, url, title, publisher, date, excerpt,"
            " stance, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [source_id, source.claim_id, position, source.url, source.title, source.publisher,
             source.date, source.excerpt, Stance(source.stance).value, stamp, stamp],
        )
        self._history("source", "create", article_id=article_id, claim_id=source.claim_id,
                      source_id=source_id, new=source.url or source.title)
        self._changed(articles=[article_id], claims=[source.claim_id], sources=[source_id])
        return source_id

    def add_source(self, claim_id: int, source: Source) -> Source:
        article_id = self._article_of_claim(claim_id)
        with self._edit():
            source_id = self._insert_source(source.with_(id=None, claim_id=claim_id), None, article_id)
            self._touch_claim(claim_id)
        return self.source(source_id)

    def restore_source(self, source: Source, position: int) -> Source:
        """Put back a deleted source under its old id and place (undo of a remove)."""
        article_id = self._article_of_claim(source.claim_id)
        with self._edit():
            self.conn.execute("UPDATE sources SET position = position + 1"
                            " WHERE claim_id = ? AND position >= ?", [source.claim_id, position])
            self._insert_source(source, position, article_id)
            self._touch_claim(source.claim_id)
        return self.source(source.id)

    def update_source(self, source_id: int, changes: dict, *, expected: dict | None = None) -> Source:
        """Change some fields of a source in one edit; returns it as stored afterwards.

        ``expected`` maps fields to the values the caller read: if any differs from
        what is stored, :class:`StaleValue` is raised and nothing is written.
        """
        unknown = set(changes) - set(SOURCE_FIELDS)
        if unknown:
            raise ValueError(f"not source fields: {', '.join(sorted(unknown))}")
        with self._edit():
            self._lock("sources", source_id)
            old = self.source(source_id)
            named = (expected or {}).get("title") or old.title or old.url or source_id  # as the caller knew it
            for field, value in (expected or {}).items():
                check_expected(f"The {field} of source “{named}”", getattr(old, field),
                               value, lambda field=field: self._last_source_change(source_id, field))
            changed = {k: v for k, v in changes.items() if getattr(old, k) != v}
            if not changed:
                return old
            article_id = self._article_of_claim(old.claim_id)
            for field, value in changed.items():
                if field == "stance":
                    value = Stance(value).value
                self.conn.execute(f"UPDATE sources SET {field} = ?, updated_at = ? WHERE id = ?",
                                [value, now(), source_id])
                self._history("source", "update", article_id=article_id, claim_id=old.claim_id,
                              source_id=source_id, field=field, old=getattr(old, field), new=value)
            self._changed(articles=[article_id], claims=[old.claim_id], sources=[source_id])
            self._touch_claim(old.claim_id)
        return self.source(source_id)

    def delete_source(self, source_id: int, *, seen: Source | None = None) -> tuple[Source, int]:
        """Remove a source; returns it and the place it held, for undo.

        With ``seen`` (the source as the caller knew it: undoing its addition), a source
        changed since by someone else is refused (StaleValue), not removed.
        """
        source = self.source(source_id)
        if seen is not None:
            for field in SOURCE_FIELDS:
                check_expected(f"The {field} of source “{source.title or source.url or source_id}”",
                               getattr(source, field), getattr(seen, field),
                               lambda field=field: self._last_source_change(source_id, field))
        position = self.conn.execute("SELECT count(*) FROM sources WHERE claim_id = ? AND"
                                   " (position, id) < (SELECT position, id FROM sources WHERE id = ?)",
                                   [source.claim_id, source_id]).fetchone()[0]
        article_id = self._article_of_claim(source.claim_id)
        with self._edit():
            self.conn.execute("DELETE FROM sources WHERE id = ?", [source_id])
            self._renumber_sources(source.claim_id)
            self._history("source", "delete", article_id=article_id, claim_id=source.claim_id,
                          source_id=source_id, old=source.url or source.title)
            self._changed(articles=[article_id], claims=[source.claim_id], sources=[source_id])
            self._touch_claim(source.claim_id)
        return source, position

    def _renumber_sources(self, claim_id: int) -> None:
        ids = [i for (i,) in self.conn.execute(
            "SELECT id FROM sources WHERE claim_id = ? ORDER BY position, id", [claim_id])]
        for position, source_id in enumerate(ids):
            self.conn.execute("UPDATE sources SET position = ? WHERE id = ?", [position, source_id])

    def _touch_claim(self, claim_id: int) -> None:
        self.conn.execute("UPDATE claims SET updated_at = ? WHERE id = ?", [now(), claim_id])


def _as_seen(source: Source) -> tuple:
    return (source.id, *(getattr(source, f) for f in SOURCE_FIELDS))


def _claim_from_row(row, sources) -> Claim:
    (id_, article_id, start, end, quote, prefix, suffix, claimant, claim_date, verdict,
     rationale, status, reviewer, created_at, updated_at, number, placement, old_quote, placed_on) = row
    return Claim(anchor=Anchor(start, end, quote, prefix, suffix), article_id=article_id,
                 claimant=claimant, claim_date=claim_date, verdict=verdict, rationale=rationale,
                 status=ClaimStatus(status), reviewer=reviewer, sources=tuple(sources),
                 created_at=created_at, updated_at=updated_at, id=id_, number=number,
                 placement=placement, old_quote=old_quote, placed_on=placed_on)
