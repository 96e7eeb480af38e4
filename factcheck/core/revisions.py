"""An article's revisions: the texts it has had, and what a new one does to each claim.

An article holds its newest text (``Article.text``, revision ``Article.revision``); the
store keeps every earlier one (:class:`RevisionText`) so that the changes between any two
can be shown. A new revision places every claim again
(:func:`factcheck.core.reanchor.place_all`); the store records each outcome as a
:class:`ClaimPlacement` (see ``Store.revise_article``).
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.core.anchors import Anchor

PLACEMENTS = ("", "exact", "moved", "changed", "orphan")
"""What ``Claim.placement`` may hold ("" for a claim placed on the text it stands on by hand)."""


@dataclass(frozen=True)
class ArticleRevision:
    """One of an article's texts, without the text (``Store.revision_text`` reads it)."""

    article_id: int
    number: int
    created_at: str
    """When this text became the article's (revision 1: when it was imported)."""
    created_by: str
    """The reviewer who brought it ("" if not known)."""
    origin: str
    """Where it came from: an address or a file name ("" if not known)."""
    text_sha256: str
    current: bool


@dataclass(frozen=True)
class RevisionText:
    """An earlier revision whole: what an undone deletion, a push or a bundle carries."""

    number: int
    text: str
    created_at: str
    created_by: str = ""
    origin: str = ""


@dataclass(frozen=True)
class ClaimPlacement:
    """Where a new revision puts one claim: its new anchor and how it was found (None: an orphan)."""

    claim_id: int
    kind: str
    anchor: Anchor | None

    def __post_init__(self) -> None:
        if self.kind not in PLACEMENTS[1:]:
            raise ValueError(f"{self.kind!r} is not a placement")
        if (self.anchor is None) != (self.kind == "orphan"):
            raise ValueError("an orphan has no anchor, and every other placement has one")


def carried(claim, kind: str, quote: str) -> tuple[str, str]:
    """The placement a claim keeps and the wording it was checked on, after a revision placed it as ``kind``.

    A changed wording stays to be reviewed, over later revisions, until the reviewer accepts it
    or the text reads again as it was checked, an orphan in between too: an orphan found again
    is placed as found, and is "changed" if found on other words than it was checked on.
    """
    checked_on = claim.old_quote if claim.placement in ("changed", "orphan") else ""
    if kind == "changed":
        checked_on = checked_on or claim.quote
        if checked_on == quote:  # it reads again as it was checked
            return "moved", ""
    elif kind == "orphan":
        return kind, claim.old_quote
    elif checked_on and checked_on != quote:
        kind = "changed"  # found in place, but not on the wording it was checked on
    else:
        checked_on = ""
    return kind, checked_on
