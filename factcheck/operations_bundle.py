"""The factcheck bundle in a library: one article whole, out of it and into it.

:mod:`factcheck.io.bundle` reads and writes the format; here a bundle is made of what
the library holds (its article, scale, claims, claimants, the desk's records and, from
version 3, its earlier texts) and stored back whole, in one transaction. Also here, as
reports read them too: what a reviewer may see of the claims (:func:`as_seen`,
:func:`claims_workflow`).
:mod:`factcheck.operations` names all of them, as the window and the command line use them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from factcheck.operations_add import ImportResult
from factcheck.store import Store

if TYPE_CHECKING:
    from factcheck.core.articles import Article
    from factcheck.core.claims import Claim
    from factcheck.core.report import ClaimWorkflow
    from factcheck.core.revisions import RevisionText
    from factcheck.io import bundle

log = logging.getLogger(__name__)


def export_bundle(library: Store, article_id: int) -> str:
    """The article as a bundle, as this reviewer may see it (see :func:`factcheck.operations.as_seen`)."""
    from factcheck.io import bundle

    article = library.article(article_id)
    claims = as_seen(library, library.claims(article_id))
    return bundle.dumps(article, library.scale(article.rating_scale), claims, library.claimant_details(),
                        workflow=claims_workflow(library, claims), stage=library.article_stage(article_id),
                        revisions=revision_texts(library, article) if article.revision > 1 else ())


def revision_texts(library: Store, article: Article) -> tuple[RevisionText, ...]:
    """The article's texts, oldest first, the one it holds last, as a deletion keeps them
    (``DeletedArticle.revisions``).

    Who brought the current text, and from where, is told once the article was revised (for
    revision 1 the import says it).
    """
    from factcheck.core.revisions import RevisionText

    found = library.revisions(article.id)
    earlier = tuple(RevisionText(r.number, library.revision_text(article.id, r.number), r.created_at, r.created_by,
                                 r.origin) for r in found if not r.current)
    revised = article.revision > 1
    return (*earlier, RevisionText(article.revision, article.text, article.revised_at or article.imported_at or "",
                                   found[-1].created_by if revised else "", found[-1].origin if revised else ""))


def import_bundle(library: Store, data: bytes, name: str) -> ImportResult:
    """Import a bundle whole, in one transaction: the article, its scale, its claims."""
    from factcheck.io import bundle

    return store_bundle(library, bundle.loads(data, name))


def store_bundle(library: Store, parsed: bundle.Bundle) -> ImportResult:
    """Store a bundle whole: its article (and the article's stage), scale, claims and claimants.

    A version 2 bundle also carries each claim's proposals, second-opinion requests,
    decisions and comments, each naming who made it and when: they are stored as they were
    (:meth:`~factcheck.store.Store.receive_workflow`), in the same transaction. On a shared
    library only its owner may bring in records made by others; for anyone else the article
    and its claims (their verdicts and statuses, which the records led to) are imported and
    the records are left out, all of them, counted in ``workflow_left_out`` with the reason
    in ``workflow_note``. A version 3 bundle brings the article at its revision, with its
    earlier texts, and each claim as the last revision placed it (an orphan keeps the
    anchor it had on the text it was placed on).
    """
    from factcheck.core.workflow import ArticleStage

    with library.transaction():
        scale_key = library.add_scale(parsed.rating_scale)
        article = library.add_article(parsed.article.with_(rating_scale=scale_key))
        if parsed.revisions:
            library.add_revisions(article.id, parsed.revisions)
        stored = [library.add_claim(claim.with_(article_id=article.id)) for claim in parsed.claims]
        known = library.claimant_details()
        for claimant in parsed.claimants:  # the library's own record of a claimant wins
            if claimant.name not in known:
                library.set_claimant(claimant)
        if parsed.stage != ArticleStage():  # where the desk's work on it stood
            library.set_article_stage(article.id, parsed.stage.stage, parsed.stage.assignee, parsed.stage.due)
        left_out, note = receive_workflow(library, article.title,
                                          [(claim.id, records) for claim, records in zip(stored, parsed.workflow)])
    return ImportResult(article.id, article.title, created=True, claims=len(parsed.claims),
                        workflow_left_out=left_out, workflow_note=note)


def receive_workflow(library: Store, title: str, records: list[tuple[int, ClaimWorkflow]]) -> tuple[int, str]:
    """Store each claim's records as they were, all or none; (how many were left out, why) when refused."""
    from factcheck.store import NotAllowed

    records = [(claim_id, kept) for claim_id, kept in records if kept]
    if not records:  # a version 1 bundle, or one whose claims have no record
        return 0, ""
    try:
        with library.transaction():  # a savepoint: a refusal leaves the article and its claims
            for claim_id, kept in records:
                library.receive_workflow(claim_id, kept)
    except NotAllowed as refused:
        left_out = sum(kept.count for _, kept in records)
        log.warning("%s: %d workflow records were left out: %s", title, left_out, refused)
        return left_out, (f"“{title}” was imported without its {left_out} workflow records (proposals, "
                          f"second-opinion requests, decisions, comments): on the shared library {library.location} "
                          "only its owner may bring in records made by others, with their names and times.")
    return 0, ""


def as_seen(library: Store, claims: list[Claim]) -> list[Claim]:
    """The claims as this reviewer may see them: no verdict or rationale on a claim they owe a blind opinion on.

    A report or a bundle made by that reviewer carries no verdict they could not see.
    """
    blind = library.blind_claims()
    return [c.with_(verdict=None, rationale="") if c.id in blind else c for c in claims]


def claims_workflow(library: Store, claims, *, comments: bool = True) -> dict[int, ClaimWorkflow]:
    """The desk's records of each claim, by claim id, as this reviewer may see them.

    Submitted proposals only (a draft is its author's until submitted); the Store's
    blindness holds (a reviewer asked for a second opinion reads no other proposal, and no
    approved verdict).
    Comments only when ``comments``. Claims with no record are left out.
    """
    from dataclasses import replace

    from factcheck.core.report import ClaimWorkflow

    found = {}
    by_article: dict[int, dict] = {}
    blind = library.blind_claims()
    for claim in claims:
        if claim.id is None:
            continue
        if claim.article_id not in by_article:  # four reads per article, not four per claim
            by_article[claim.article_id] = library.article_workflow(claim.article_id)
        kept = by_article[claim.article_id].get(claim.id)
        if kept is None:
            continue
        records = ClaimWorkflow(
            proposals=tuple(p for p in kept["proposals"] if p.submitted),
            requests=tuple(kept["requests"]),
            decisions=tuple(replace(d, verdict=None, rationale=None) if claim.id in blind else d
                            for d in kept["decisions"]),  # an approval's verdict is the claim's: unseen yet
            comments=tuple(kept["comments"]) if comments else ())
        if records:
            found[claim.id] = records
    return found
