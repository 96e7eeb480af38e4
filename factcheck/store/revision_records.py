"""An article's revisions, as every engine stores them: earlier texts kept, claims placed on the newest.

A part of each engine's store, as the articles and claims are (see
:mod:`factcheck.store.article_records` for what the mixins ask of their engine). The
current text stays in ``articles`` (with its revision's number, time, reviewer and
origin); ``article_revisions`` keeps each earlier one. Placing the claims is the
caller's work (:mod:`factcheck.operations_revisions`, off the window's thread): a
revision here stores the new text and the outcome for every claim in one edit, refused
(:class:`~factcheck.store.errors.StaleValue`) if the article or its claims changed since
the placements were made.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from factcheck.core.anchors import Anchor
from factcheck.core.articles import Article, text_sha256
from factcheck.core.claims import Claim
from factcheck.store.errors import StaleValue
from factcheck.store.timestamps import now

if TYPE_CHECKING:  # loaded by the first look at revisions: opening a library and its window needs none of them
    from factcheck.core.revisions import ArticleRevision, ClaimPlacement, RevisionText


class RevisionRecords:
    def revisions(self, article_id: int) -> list[ArticleRevision]:
        """The article's texts, oldest first, its current one last (no text: :meth:`revision_text`)."""
        from factcheck.core.revisions import ArticleRevision

        row = self.conn.execute(
            "SELECT revision, coalesce(revised_at, imported_at), revised_by, revision_origin, text_sha256, url"
            " FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            return []
        number, created_at, created_by, origin, sha, url = row
        if number == 1:  # as imported: who imported it is in its history
            created_by = self._importer(article_id)
            origin = origin or url
        earlier = [ArticleRevision(article_id, n, at, by, source, digest, False) for n, at, by, source, digest in
                   self.conn.execute("SELECT number, created_at, created_by, origin, text_sha256"
                                     " FROM article_revisions WHERE article_id = ? ORDER BY number", [article_id])]
        return [*earlier, ArticleRevision(article_id, number, created_at, created_by, origin, sha, True)]

    def article_urls(self) -> dict[int, str]:
        """Every article's address (archived ones too): article id → url, for those that have one."""
        return dict(self.conn.execute("SELECT id, url FROM articles WHERE url <> ''"))

    def revision_text(self, article_id: int, number: int) -> str:
        """The text of one of the article's revisions (KeyError if it has no such revision)."""
        row = self.conn.execute("SELECT text FROM articles WHERE id = ? AND revision = ?",
                                [article_id, number]).fetchone()
        if row is None:
            row = self.conn.execute("SELECT text FROM article_revisions WHERE article_id = ? AND number = ?",
                                    [article_id, number]).fetchone()
        if row is None:
            raise KeyError(f"article {article_id} has no revision {number}")
        return row[0]

    def revise_article(self, article_id: int, text: str, placements: Iterable[ClaimPlacement], *,
                       origin: str = "", expected_revision: int | None = None,
                       seen: Iterable[Claim] | None = None) -> Article:
        """Make ``text`` the article's newest revision, each claim placed as ``placements`` say; one edit.

        The current text is kept as an earlier revision. ``placements`` name every claim of
        the article once; a claim added or removed since they were made, placed again since
        (``seen``: the claims as read when the placements were made), or an article revised
        since (``expected_revision``), refuses the whole revision (StaleValue, nothing saved).
        """
        placements = list(placements)
        with self._edit():
            self._lock("articles", article_id)
            article = self.article(article_id)
            if expected_revision is not None and article.revision != expected_revision:
                raise StaleValue(f"«{article.title}» has become revision {article.revision} since this revision "
                                 f"was prepared (from revision {expected_revision}): nothing was saved. "
                                 "Check for updates again.")
            claims = {claim.id: claim for claim in self.claims(article_id)}
            named = [placement.claim_id for placement in placements]
            moved = seen is not None and any(
                claim.id not in claims or _placed(claims[claim.id]) != _placed(claim) for claim in seen)
            if sorted(named) != sorted(claims) or moved:
                raise StaleValue(f"The claims of «{article.title}» changed while this revision was prepared: "
                                 "nothing was saved. Check for updates again.")
            for placement in placements:
                if placement.anchor is not None and text[placement.anchor.start:placement.anchor.end] != \
                        placement.anchor.quote:
                    raise ValueError(f"claim {placement.claim_id}'s new anchor does not hold its quote in the text")
            number = article.revision + 1
            row = self.conn.execute("SELECT coalesce(revised_at, imported_at), revised_by, revision_origin, url"
                                    " FROM articles WHERE id = ?", [article_id]).fetchone()
            created_at, created_by, was_from, url = row
            if article.revision == 1:
                created_by, was_from = self._importer(article_id), was_from or url
            self.conn.execute(
                "INSERT INTO article_revisions (article_id, number, text, text_sha256, created_at, created_by, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [article_id, article.revision, article.text, article.sha256, created_at, created_by, was_from])
            self._set_text(article_id, text, number, now(), self.user, origin)
            self._history("article", "update", article_id=article_id, field="revision", old=article.revision,
                          new=number)
            from factcheck.core.revisions import carried

            for placement in placements:
                claim = claims[placement.claim_id]
                anchor = placement.anchor or claim.anchor
                kind, old_quote = carried(claim, placement.kind, anchor.quote)
                placed_on = number if placement.anchor is not None else claim.placed_on
                self._write_placement(claim, anchor, kind, old_quote, placed_on)
            self._changed(articles=[article_id], claims=list(claims), article_list=True)
        return self.article(article_id)

    def unrevise_article(self, article_id: int, claims: Iterable[Claim], *, revision: int | None = None,
                         placed: Iterable[ClaimPlacement] = ()) -> Article:
        """Undo the newest revision: the one before becomes current again, each claim as given (as read before).

        ``revision`` is the one to undo: if the article is at another (revised again since),
        or a claim was marked on it since, StaleValue and nothing changes. ``placed``, the places the
        revision gave the claims: a claim placed otherwise since (attached by hand, by a colleague too)
        makes it StaleValue as well, rather than that placement being lost without a word.
        """
        claims = list(claims)
        with self._edit():
            self._lock("articles", article_id)
            article = self.article(article_id)
            if article.revision <= 1 or revision not in (None, article.revision):
                raise StaleValue(f"«{article.title}» is at revision {article.revision}: revision "
                                 f"{revision or article.revision} cannot be undone now. Nothing was changed.")
            previous = article.revision - 1
            row = self.conn.execute("SELECT text, created_at, created_by, origin FROM article_revisions"
                                    " WHERE article_id = ? AND number = ?", [article_id, previous]).fetchone()
            if row is None:
                raise KeyError(f"article {article_id} has no revision {previous}")
            text, created_at, created_by, origin = row
            self.conn.execute("DELETE FROM article_revisions WHERE article_id = ? AND number = ?",
                              [article_id, previous])
            self._set_text(article_id, text, previous, None if previous == 1 else created_at,
                           "" if previous == 1 else created_by, "" if previous == 1 else origin)
            self._history("article", "update", article_id=article_id, field="revision", old=article.revision,
                          new=previous)
            stored = {claim.id: claim for claim in self.claims(article_id)}
            added = set(stored) - {claim.id for claim in claims}
            if added:
                raise StaleValue(f"{len(added)} claim{'s were' if len(added) > 1 else ' was'} marked on revision "
                                 f"{article.revision} of «{article.title}» since: remove "
                                 f"{'them' if len(added) > 1 else 'it'} first. Nothing was changed.")
            moved = [p.claim_id for p in placed if p.claim_id in stored and (
                not stored[p.claim_id].orphan if p.anchor is None else stored[p.claim_id].anchor != p.anchor)]
            if moved:
                numbers = ", ".join(str(stored[claim_id].number) for claim_id in moved)
                several = len(moved) > 1
                raise StaleValue(f"Claim{'s' if several else ''} {numbers} of «{article.title}» "
                                 f"{'were' if several else 'was'} placed again since revision {article.revision} "
                                 "came: undoing the revision would lose that. Nothing was changed.")
            for claim in claims:
                if claim.id in stored:
                    self._write_placement(stored[claim.id], claim.anchor, claim.placement, claim.old_quote,
                                          claim.placed_on)
            self._changed(articles=[article_id], claims=list(stored), article_list=True)
        return self.article(article_id)

    def place_claim(self, claim_id: int, anchor: Anchor, placement: str = "", *, old_quote: str = "",
                    placed_on: int | None = None, seen: Claim | None = None) -> Claim:
        """Set a claim's position and how it was set, in one edit ("Attach here", "Accept new wording", their undo).

        ``placed_on`` defaults to the article's current revision; a claim placed on the text
        (not an orphan) must be placed on the current revision, its position holding its quote
        there. With ``seen`` (the claim as the caller read it), a claim placed otherwise since
        (by a colleague, a revision) is refused. Refusals are StaleValue: nothing is changed.
        """
        from factcheck.core.revisions import PLACEMENTS

        if placement not in PLACEMENTS:
            raise ValueError(f"{placement!r} is not a placement")
        with self._edit():
            article_id = self.claim(claim_id).article_id
            self._lock("articles", article_id)  # no revision between the check and the write
            self._lock("claims", claim_id)
            claim = self.claim(claim_id)
            title, revision, text = self.conn.execute("SELECT title, revision, text FROM articles WHERE id = ?",
                                                      [article_id]).fetchone()
            if seen is not None and _placed(seen) != _placed(claim):
                raise StaleValue(f"Claim {claim.number} of «{title}» was placed again since (now revision {revision}): "
                                 "nothing was changed.")
            placed_on = revision if placed_on is None else placed_on
            if placement != "orphan" and (placed_on != revision or text[anchor.start:anchor.end] != anchor.quote):
                raise StaleValue(f"«{title}» is now at revision {revision}: the words chosen for claim {claim.number} "
                                 "are not in its current text. Select them again; nothing was changed.")
            self._write_placement(claim, anchor, placement, old_quote, placed_on)
            self._changed(articles=[article_id], claims=[claim_id])
        return self.claim(claim_id)

    def add_revisions(self, article_id: int, revisions: Iterable[RevisionText]) -> None:
        """Store an article's earlier texts as they were made (a bundle's): each numbered below its revision."""
        with self._edit():
            self._put_revisions(article_id, revisions)
            self._changed(articles=[article_id])

    # ---------------------------------------------------------------- helpers

    def _importer(self, article_id: int) -> str:
        row = self.conn.execute("SELECT changed_by FROM history WHERE article_id = ? AND entity = 'article'"
                                " AND action = 'create' ORDER BY id LIMIT 1", [article_id]).fetchone()
        return row[0] if row else ""

    def _set_text(self, article_id: int, text: str, number: int, revised_at: str | None, revised_by: str,
                  origin: str) -> None:
        self.conn.execute("UPDATE articles SET text = ?, text_sha256 = ?, revision = ?, revised_at = ?,"
                          " revised_by = ?, revision_origin = ? WHERE id = ?",
                          [text, text_sha256(text), number, revised_at, revised_by, origin, article_id])

    def _write_placement(self, claim: Claim, anchor: Anchor, placement: str, old_quote: str,
                         placed_on: int) -> None:
        if (claim.anchor, claim.placement, claim.old_quote, claim.placed_on) == (anchor, placement, old_quote,
                                                                                 placed_on):
            return
        self.conn.execute('UPDATE claims SET start = ?, "end" = ?, quote = ?, prefix = ?, suffix = ?,'
                          " placement = ?, old_quote = ?, placed_on = ?, updated_at = ? WHERE id = ?",
                          [anchor.start, anchor.end, anchor.quote, anchor.prefix, anchor.suffix, placement,
                           old_quote, placed_on, now(), claim.id])
        if claim.anchor != anchor or claim.placement != placement:
            self._history("claim", "update", article_id=claim.article_id, claim_id=claim.id, field="placement",
                          old=claim.placement, new=placement)

    def _revision_texts(self, article_id: int) -> list[RevisionText]:
        """Every revision whole, the current one last (what a deletion takes with it)."""
        from factcheck.core.revisions import RevisionText

        found = [RevisionText(*row) for row in self.conn.execute(
            "SELECT number, text, created_at, created_by, origin FROM article_revisions WHERE article_id = ?"
            " ORDER BY number", [article_id])]
        row = self.conn.execute("SELECT revision, text, coalesce(revised_at, imported_at), revised_by,"
                                " revision_origin FROM articles WHERE id = ?", [article_id]).fetchone()
        return [*found, RevisionText(*row)] if row else found

    def _put_revisions(self, article_id: int, revisions: Iterable[RevisionText]) -> None:
        """Bring back an article's revisions (the current text is the article's own)."""
        current = self.conn.execute("SELECT revision FROM articles WHERE id = ?", [article_id]).fetchone()[0]
        for revision in revisions:
            if revision.number < current:
                self.conn.execute(
                    "INSERT INTO article_revisions (article_id, number, text, text_sha256, created_at, created_by,"
                    " origin) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [article_id, revision.number, revision.text, text_sha256(revision.text), revision.created_at,
                     revision.created_by, revision.origin])
            elif revision.number == current and current > 1:
                self.conn.execute("UPDATE articles SET revised_by = ?, revision_origin = ? WHERE id = ?",
                                  [revision.created_by, revision.origin, article_id])


def _placed(claim: Claim) -> tuple:
    return claim.anchor, claim.placement, claim.old_quote, claim.placed_on

