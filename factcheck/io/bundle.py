"""The factcheck bundle: one article with its rating scale and claims, as JSON.

A public interchange format, documented in ``docs/bundle-format.md``. Version 1::

    {"format": "factcheck-bundle", "version": 1,
     "article": {"title", "outlet", "author", "url", "published", "review_url", "text", ...},
     "rating_scale": {"key", "name", "verdicts": [{"label", "color", "definition", "value"}]},
     "claimants": [{"name", "kind", "same_as"}],
     "claims": [{"number", "start", "end", "quote", "prefix", "suffix", "claimant", "claim_date",
                 "verdict", "rationale", "status", "reviewer", "created_at", "updated_at",
                 "sources": [{"url", "title", "publisher", "date", "excerpt", "stance"}]}]}

``review_url``, ``claimants`` and ``number`` were added within version 1 (older readers
ignore them, and a bundle without them still imports: its claims are numbered in text
order).

Version 2 adds the desk's workflow: the article's ``stage``, ``assignee`` and ``due``, and
for each claim its submitted ``proposals``, ``opinion_requests``, ``decisions`` and
``comments``, each naming who and when (a decision names the proposal it approved by its
reviewer, ``proposal_by``). A bundle that carries none of it is written as version 1,
which every factcheck reads.

Version 3 adds the article's revisions (issue 14): the article's ``revision`` and
``revised_at``, and its earlier texts (``revisions``: ``number``, ``text``, ``created_at``,
``created_by``, ``origin``); for each claim how a revision placed it (``placement``), the
wording it was checked on when a revision changed it (``old_quote``) and the revision its
anchor refers to (``placed_on``). An orphan (a claim whose quote a revision lost) has a null
``start`` and ``end``: its offsets would not fit the text; its quote, context, verdict and
sources are kept. Version 3 carries version 2's keys too; a bundle of an article never
revised is written as version 2 or 1. Every version is read.

Offsets are Unicode code points into ``article.text``; dates are ISO 8601;
unknown values are null. Readers ignore keys they do not know.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime

from factcheck import __version__
from factcheck.core.anchors import Anchor
from factcheck.core.articles import Article, unusable_characters
from factcheck.core.claims import (Claim, Claimant, ClaimantKind, ClaimStatus, InvalidUrl, Source, Stance,
                                   check_source_url)
from factcheck.core.anchors import locate
from factcheck.core.rating_scales import RatingScale, RatingScaleError
from factcheck.core.report import NO_WORKFLOW, ClaimWorkflow, Report
from factcheck.core.revisions import PLACEMENTS, RevisionText
from factcheck.core.workflow import ArticleStage, ClaimDecision, Comment, Decision, OpinionRequest, Proposal, Stage
from factcheck.io.errors import BadInput

FORMAT = "factcheck-bundle"
VERSION = 3
"""The newest version written (only for an article with revisions or claims a revision placed) and read."""
VERSIONS = (1, 2, 3)
"""Every version read."""


@dataclass(frozen=True)
class Bundle:
    article: Article
    rating_scale: RatingScale
    claims: tuple[Claim, ...]
    claimants: tuple[Claimant, ...] = ()
    workflow: tuple[ClaimWorkflow, ...] = ()
    """The desk's records of each claim, in the order of :attr:`claims` (version 2; empty for version 1).

    Their ``claim_id`` is 0 and their ids count from 1 within the claim: the bundle has no ids."""
    stage: ArticleStage = field(default_factory=ArticleStage)
    version: int = 1
    revisions: tuple[RevisionText, ...] = ()
    """The article's texts, oldest first, the one it holds last (version 3, for an article revised;
    as ``DeletedArticle.revisions``): the earlier ones whole, and who brought the current one and from where."""


@dataclass(frozen=True)
class BundleReport(Report):
    """A report gathered for a bundle: with the article's earlier texts, which no other report carries."""

    revisions: tuple[RevisionText, ...] = ()

    @classmethod
    def of(cls, report: Report, revisions: Sequence[RevisionText]) -> BundleReport:
        return cls(**{f.name: getattr(report, f.name) for f in fields(report)}, revisions=tuple(revisions))


# ------------------------------------------------------------------ writing

def bundle_to_dict(article: Article, scale: RatingScale, claims: list[Claim],
                   claimants: Mapping[str, Claimant] | None = None,
                   workflow: Mapping[int, ClaimWorkflow] | None = None, stage: ArticleStage | None = None,
                   revisions: Sequence[RevisionText] = ()) -> dict:
    """The bundle as plain data; ``workflow`` holds each claim's records by claim id, ``revisions``
    the article's texts (the earlier ones, and the current one for who brought it and from where).

    Version 3 for an article with revisions (or claims a revision placed), else version 2 when
    there is any record or the article has a stage, else version 1.
    """
    named = {c.claimant for c in claims}
    workflow = {claim_id: records for claim_id, records in (workflow or {}).items() if records}
    stage = stage or ArticleStage()
    ordered = sorted(claims, key=_bundle_order)
    if article.revision > 1 or revisions or any(map(_revised, claims)):
        version = 3
    else:
        version = 2 if workflow or stage != ArticleStage() else 1
    data = {
        "format": FORMAT,
        "version": version,
        "generator": f"factcheck {__version__}",
        "article": {
            "title": article.title,
            "outlet": article.outlet or None,
            "author": article.author or None,
            "url": article.url or None,
            "published": article.published,
            "review_url": article.review_url or None,
            "source_type": article.source_type,
            "imported_at": article.imported_at,
            "text": article.text,
        },
        "rating_scale": scale.to_dict(),
        "claimants": [{"name": c.name, "kind": ClaimantKind(c.kind).value, "same_as": c.same_as or None}
                      for name, c in sorted((claimants or {}).items()) if name in named],
        "claims": [_claim_to_dict(c) for c in ordered],
    }
    if version >= 2:
        data["article"].update(stage=Stage(stage.stage).value, assignee=stage.assignee or None, due=stage.due)
        for item, claim in zip(data["claims"], ordered, strict=True):
            item.update(_workflow_to_dict(workflow.get(claim.id, NO_WORKFLOW) if claim.id is not None
                                          else NO_WORKFLOW))
    if version >= 3:
        current = next((r for r in revisions if r.number == article.revision), None)
        data["article"].update(
            revision=article.revision, revised_at=article.revised_at,
            revised_by=current.created_by or None if current else None,
            revision_origin=current.origin or None if current else None,
            revisions=[{"number": r.number, "created_at": r.created_at or None, "created_by": r.created_by or None,
                        "origin": r.origin or None, "text": r.text}
                       for r in sorted(revisions, key=lambda r: r.number) if r.number < article.revision])
        for item, claim in zip(data["claims"], ordered, strict=True):
            item.update(placement=claim.placement or None, old_quote=claim.old_quote or None,
                        placed_on=claim.placed_on)
            if claim.orphan:  # its offsets are those of an earlier text: no position on this one
                item.update(start=None, end=None)
    return data


def _bundle_order(claim: Claim) -> tuple:
    """Claims in text order; orphans (no place in the text) after them, by number."""
    return (1, claim.number or 0, claim.anchor.quote) if claim.orphan else (0, *claim.sort_key())


def _revised(claim: Claim) -> bool:
    """Whether a revision placed the claim (a version 3 bundle carries how)."""
    return bool(claim.placement or claim.old_quote) or claim.placed_on != 1


def _workflow_to_dict(records: ClaimWorkflow) -> dict:
    reviewer_of = {p.id: p.reviewer for p in records.proposals if p.id is not None}
    return {
        "proposals": [{"reviewer": p.reviewer, "verdict": p.verdict, "rationale": p.rationale or None,
                       "second_opinion": p.second_opinion, "created_at": p.created_at or None,
                       "submitted_at": p.submitted_at} for p in records.proposals],
        "opinion_requests": [{"reviewer": r.reviewer, "requested_by": r.requested_by, "note": r.note or None,
                              "requested_at": r.requested_at or None} for r in records.requests],
        "decisions": [{"action": Decision(d.action).value, "decided_by": d.decided_by,
                       "decided_at": d.decided_at or None, "note": d.note or None,
                       "proposal_by": reviewer_of.get(d.proposal_id), "verdict": d.verdict,
                       "rationale": d.rationale} for d in records.decisions],
        "comments": [{"author": c.author, "written_at": c.written_at or None, "text": c.text}
                     for c in records.comments],
    }


def _claim_to_dict(claim: Claim) -> dict:
    return {
        "number": claim.number,
        "start": claim.anchor.start,
        "end": claim.anchor.end,
        "quote": claim.anchor.quote,
        "prefix": claim.anchor.prefix,
        "suffix": claim.anchor.suffix,
        "claimant": claim.claimant or None,
        "claim_date": claim.claim_date,
        "verdict": claim.verdict,
        "rationale": claim.rationale or None,
        "status": ClaimStatus(claim.status).value,
        "reviewer": claim.reviewer or None,
        "created_at": claim.created_at,
        "updated_at": claim.updated_at,
        "sources": [
            {
                "url": s.url or None,
                "title": s.title or None,
                "publisher": s.publisher or None,
                "date": s.date,
                "excerpt": s.excerpt or None,
                "stance": Stance(s.stance).value,
            }
            for s in claim.sources
        ],
    }


def dumps(article: Article, scale: RatingScale, claims: list[Claim],
          claimants: Mapping[str, Claimant] | None = None,
          workflow: Mapping[int, ClaimWorkflow] | None = None, stage: ArticleStage | None = None,
          revisions: Sequence[RevisionText] = ()) -> str:
    data = bundle_to_dict(article, scale, claims, claimants, workflow, stage, revisions)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ reading

def loads(data: bytes | str, name: str = "the bundle") -> Bundle:
    """Parse and check a bundle; every problem raises :class:`BadInput` naming it."""
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise BadInput(f"{name} is not valid JSON: {error}") from error
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BadInput(f"{name} is not a factcheck bundle (its \"format\" is not \"{FORMAT}\").")
    version = raw.get("version")
    if isinstance(version, bool) or version not in VERSIONS:
        raise BadInput(f"{name} is a version {version!r} bundle; this factcheck reads versions "
                       f"{', '.join(map(str, VERSIONS[:-1]))} and {VERSIONS[-1]}.")
    article = _read_article(_object(raw, "article", name), name)
    stage = _read_stage(raw["article"], f"{name}: article") if version >= 2 else ArticleStage()
    revisions: tuple[RevisionText, ...] = ()
    texts = None  # version 3: each revision's text by its number, the article's own included
    if version >= 3:
        article, revisions = _read_revisions(raw["article"], article, f"{name}: article")
        texts = {r.number: r.text for r in revisions} | {article.revision: article.text}
    try:
        scale = RatingScale.from_dict(raw.get("rating_scale"))
    except RatingScaleError as error:
        raise BadInput(f"{name}: rating_scale: {error}") from error
    if not all(map(_is_unicode, (scale.name, *(t for v in scale.verdicts for t in (v.label, v.definition))))):
        raise BadInput(f"{name}: rating_scale: {_NOT_UNICODE}")
    claims_raw = raw.get("claims", [])
    if not isinstance(claims_raw, list):
        raise BadInput(f"{name}: \"claims\" must be a list.")
    read = [(_read_claim(item, n, article, scale, name, texts),
             _read_workflow(item, f"{name}: claim {n}") if version >= 2 else NO_WORKFLOW)
            for n, item in enumerate(claims_raw, start=1)]
    numbers = [c.number for c, _ in read]
    if None in numbers or len(set(numbers)) != len(numbers):  # an older bundle, or numbers that clash
        read = [(c.with_(number=None), records) for c, records in sorted(read, key=lambda pair: _bundle_order(pair[0]))]
    claims = tuple(c for c, _ in read)
    claimants_raw = raw.get("claimants") or []
    if not isinstance(claimants_raw, list):
        raise BadInput(f"{name}: \"claimants\" must be a list.")
    claimants = tuple(_read_claimant(item, f"{name}: claimant {n}") for n, item in enumerate(claimants_raw, 1))
    workflow = tuple(records for _, records in read) if version >= 2 else ()
    return Bundle(article=article, rating_scale=scale, claims=claims, claimants=claimants, workflow=workflow,
                  stage=stage, version=version, revisions=revisions)


def _object(raw: dict, key: str, where: str) -> dict:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise BadInput(f"{where}: \"{key}\" must be an object.")
    return value


def _string(raw: dict, key: str, where: str, required: bool = False) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            raise BadInput(f"{where}: \"{key}\" is missing.")
        return ""
    if not isinstance(value, str):
        raise BadInput(f"{where}: \"{key}\" must be text.")
    if not _is_unicode(value):
        raise BadInput(f"{where}: \"{key}\" {_NOT_UNICODE}")
    return value


_NOT_UNICODE = "holds a lone UTF-16 surrogate (such as \\ud83d), which is not valid Unicode text."


def _is_unicode(text: str) -> bool:
    """False for a string JSON allows but UTF-8 (and so the library) cannot hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _date(raw: dict, key: str, where: str) -> str | None:
    value = _string(raw, key, where)
    if not value:
        return None
    try:
        if "T" in value or len(value) > 10:
            datetime.fromisoformat(value)
        else:
            date.fromisoformat(value)
    except ValueError as error:
        raise BadInput(f"{where}: \"{key}\" is not an ISO 8601 date: {value!r}.") from error
    return value


def _read_article(raw: dict, name: str) -> Article:
    where = f"{name}: article"
    text = _string(raw, "text", where, required=True)
    if not text.strip():
        raise BadInput(f"{where}: \"text\" is empty.")
    problem = unusable_characters(text)
    if problem:
        raise BadInput(f"{where}: \"text\" cannot be used: {problem}.")
    title = _string(raw, "title", where).strip() or "Untitled article"
    return Article(
        title=title,
        text=text,
        outlet=_string(raw, "outlet", where),
        author=_string(raw, "author", where),
        url=_string(raw, "url", where),
        published=_date(raw, "published", where),
        review_url=_web_address(raw, "review_url", where),
        source_type=_string(raw, "source_type", where) or "bundle",
    )


def _web_address(raw: dict, key: str, where: str) -> str:
    try:
        return check_source_url(_string(raw, key, where))
    except InvalidUrl as error:
        raise BadInput(f"{where}: \"{key}\": {error}") from error


def _read_claimant(raw: object, where: str) -> Claimant:
    if not isinstance(raw, dict):
        raise BadInput(f"{where} must be an object.")
    try:
        kind = ClaimantKind(raw.get("kind") or "person")
    except ValueError as error:
        raise BadInput(f"{where}: kind must be person or organization.") from error
    return Claimant(_string(raw, "name", where, required=True), kind, _web_address(raw, "same_as", where))


def _read_revisions(raw: dict, article: Article, where: str) -> tuple[Article, tuple[RevisionText, ...]]:
    """A version 3 article's revision number and time, and its earlier texts (each one of 1 … revision − 1)."""
    revision = raw.get("revision", 1)
    if revision is None:
        revision = 1
    if not _whole(revision) or revision < 1:
        raise BadInput(f"{where}: \"revision\" must be a whole number from 1.")
    earlier = []
    for n, item in enumerate(_list(raw, "revisions", where), start=1):
        at = f"{where}, revision {n}"
        item = _record(item, at)
        number = item.get("number")
        if not _whole(number) or not 1 <= number < revision:
            raise BadInput(f"{at}: \"number\" must be a whole number from 1 to {revision - 1} (the article's "
                           f"text is revision {revision}).")
        text = _string(item, "text", at, required=True)
        if not text.strip():
            raise BadInput(f"{at}: \"text\" is empty.")
        problem = unusable_characters(text)
        if problem:
            raise BadInput(f"{at}: \"text\" cannot be used: {problem}.")
        earlier.append(RevisionText(number, text, _date(item, "created_at", at) or "",
                                    _string(item, "created_by", at), _string(item, "origin", at)))
    if revision > 1:  # who brought the current text, and from where
        earlier.append(RevisionText(revision, article.text, _date(raw, "revised_at", where) or "",
                                    _string(raw, "revised_by", where), _string(raw, "revision_origin", where)))
    numbers = sorted(r.number for r in earlier if r.number < revision)
    if numbers != list(range(1, revision)):
        twice = sorted({x for x in numbers if numbers.count(x) > 1})
        missing = sorted(set(range(1, revision)) - set(numbers))
        raise BadInput(f"{where}: \"revisions\" must hold each earlier text once (revisions 1 to {revision - 1}): "
                       + (f"revision {twice[0]} is listed twice." if twice else f"revision {missing[0]} is missing."))
    return (article.with_(revision=revision, revised_at=_date(raw, "revised_at", where)),
            tuple(sorted(earlier, key=lambda r: r.number)))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _read_claim(raw: object, n: int, article: Article, scale: RatingScale, name: str,
                texts: Mapping[int, str] | None = None) -> Claim:
    """A claim; ``texts`` (a version 3 bundle's texts by revision) also reads how a revision placed it."""
    where = f"{name}: claim {n}"
    if not isinstance(raw, dict):
        raise BadInput(f"{where} must be an object.")
    text = article.text
    placement, old_quote, placed_on = "", "", 1
    if texts is not None:
        placement = _string(raw, "placement", where)
        if placement not in PLACEMENTS:
            raise BadInput(f"{where}: \"placement\" must be exact, moved, changed, orphan or null.")
        placed_on = raw.get("placed_on")
        if placed_on is None:
            placed_on = article.revision
        if not _whole(placed_on) or not 1 <= placed_on <= article.revision:
            raise BadInput(f"{where}: \"placed_on\" must be a revision of the article, 1 to {article.revision}.")
        old_quote = _string(raw, "old_quote", where) if placement in ("changed", "orphan") else ""
    start, end = raw.get("start"), raw.get("end")
    quote = _string(raw, "quote", where, required=True)
    prefix, suffix = _string(raw, "prefix", where), _string(raw, "suffix", where)
    if placement == "orphan":  # no position on this text: found on the one it was placed on, if there
        if not all(v is None or _whole(v) for v in (start, end)):
            raise BadInput(f"{where}: \"start\" and \"end\" must be whole numbers or null.")
        if not quote.strip():
            raise BadInput(f"{where}: \"quote\" is empty.")
        anchor = _orphan_anchor(quote, prefix, suffix, start, end, placed_on, texts)
    else:
        if not all(_whole(v) for v in (start, end)):
            raise BadInput(f"{where}: \"start\" and \"end\" must be whole numbers.")
        if not 0 <= start < end <= len(text):
            raise BadInput(f"{where}: offsets {start}–{end} lie outside the article's text "
                           f"({len(text)} characters).")
        if text[start:end] != quote:
            raise BadInput(f"{where}: the quote {_short(quote)} does not match the article's text at "
                           f"{start}–{end}, which reads {_short(text[start:end])}.")
        anchor = Anchor(start, end, quote, prefix, suffix)
    verdict = raw.get("verdict")
    if verdict is not None and scale.verdict(verdict) is None:
        raise BadInput(f"{where}: verdict {verdict!r} is not on the rating scale {scale.name!r}.")
    try:
        status = ClaimStatus(raw.get("status") or "draft")
    except ValueError as error:
        raise BadInput(f"{where}: status must be draft, in_review or approved.") from error
    sources_raw = raw.get("sources") or []
    if not isinstance(sources_raw, list):
        raise BadInput(f"{where}: \"sources\" must be a list.")
    number = raw.get("number")
    return Claim(
        number=number if _whole(number) and number > 0 else None,
        anchor=anchor,
        claimant=_string(raw, "claimant", where),
        claim_date=_date(raw, "claim_date", where),
        verdict=verdict,
        rationale=_string(raw, "rationale", where),
        status=status,
        reviewer=_string(raw, "reviewer", where),
        created_at=_date(raw, "created_at", where),
        updated_at=_date(raw, "updated_at", where),
        sources=tuple(_read_source(s, f"{where}, source {k}") for k, s in enumerate(sources_raw, 1)),
        placement=placement,
        old_quote=old_quote,
        placed_on=placed_on,
    )


def _orphan_anchor(quote: str, prefix: str, suffix: str, start: int | None, end: int | None, placed_on: int,
                   texts: Mapping[int, str]) -> Anchor:
    """An orphan's anchor: where its quote stands in the text of the revision it was placed on.

    Its offsets are never shown nor written (the bundle has none); the library keeps them
    for the text they belong to. A quote no text of the bundle holds gets 0 to its length.
    """
    hint = Anchor(start if start is not None else -1, end if end is not None else -1, quote, prefix, suffix)
    for number in (placed_on, *sorted(texts, reverse=True)):
        found = locate(texts.get(number, ""), hint)
        if found is not None:
            return Anchor(*found, quote, prefix, suffix)
    return Anchor(0, len(quote), quote, prefix, suffix)


def _read_stage(raw: dict, where: str) -> ArticleStage:
    try:
        stage = Stage(raw.get("stage") or "unassigned")
    except (ValueError, TypeError) as error:
        raise BadInput(f"{where}: stage must be unassigned, assigned, in_review or published.") from error
    assignee = _string(raw, "assignee", where).strip()
    if stage is Stage.ASSIGNED and not assignee:
        raise BadInput(f"{where}: an assigned article names its \"assignee\".")
    return ArticleStage(stage, assignee, _date(raw, "due", where))


def _read_workflow(raw: dict, where: str) -> ClaimWorkflow:
    """A claim's records in a version 2 bundle (ids count from 1 within the claim)."""
    proposals = tuple(_read_proposal(item, f"{where}, proposal {n}", n)
                      for n, item in enumerate(_list(raw, "proposals", where), start=1))
    reviewers = [p.reviewer for p in proposals]
    if len(set(reviewers)) != len(reviewers):
        raise BadInput(f"{where}: a reviewer has one proposal per claim, and one is listed twice.")
    proposal_of = {p.reviewer: p.id for p in proposals}
    return ClaimWorkflow(
        proposals=proposals,
        requests=tuple(_read_request(item, f"{where}, opinion request {n}", n)
                       for n, item in enumerate(_list(raw, "opinion_requests", where), start=1)),
        decisions=tuple(_read_decision(item, f"{where}, decision {n}", n, proposal_of)
                        for n, item in enumerate(_list(raw, "decisions", where), start=1)),
        comments=tuple(_read_comment(item, f"{where}, comment {n}", n)
                       for n, item in enumerate(_list(raw, "comments", where), start=1)))


def _list(raw: dict, key: str, where: str) -> list:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadInput(f"{where}: \"{key}\" must be a list.")
    return value


def _record(raw: object, where: str) -> dict:
    if not isinstance(raw, dict):
        raise BadInput(f"{where} must be an object.")
    return raw


def _name(raw: dict, key: str, where: str) -> str:
    value = " ".join(_string(raw, key, where, required=True).split())
    if not value:
        raise BadInput(f"{where}: \"{key}\" is empty.")
    return value


def _read_proposal(raw: object, where: str, n: int) -> Proposal:
    raw = _record(raw, where)
    second = raw.get("second_opinion", False)
    if not isinstance(second, bool):
        raise BadInput(f"{where}: \"second_opinion\" must be true or false.")
    return Proposal(0, _name(raw, "reviewer", where), _string(raw, "verdict", where) or None,
                    _string(raw, "rationale", where), second, _date(raw, "created_at", where) or "",
                    _date(raw, "submitted_at", where), n)


def _read_request(raw: object, where: str, n: int) -> OpinionRequest:
    raw = _record(raw, where)
    return OpinionRequest(0, _name(raw, "reviewer", where), _name(raw, "requested_by", where),
                          _string(raw, "note", where), _date(raw, "requested_at", where) or "", n)


def _read_decision(raw: object, where: str, n: int, proposal_of: dict[str, int]) -> ClaimDecision:
    raw = _record(raw, where)
    try:
        action = Decision(raw.get("action"))
    except (ValueError, TypeError) as error:
        raise BadInput(f"{where}: action must be approve, return or reopen.") from error
    by = " ".join(_string(raw, "proposal_by", where).split())
    if by and by not in proposal_of:
        raise BadInput(f"{where}: it approves the proposal of {by!r}, which the claim does not list.")
    rationale = raw.get("rationale")
    return ClaimDecision(0, action, _name(raw, "decided_by", where), _date(raw, "decided_at", where) or "",
                         _string(raw, "note", where), proposal_of.get(by) if by else None,
                         _string(raw, "verdict", where) or None,
                         None if rationale is None else _string(raw, "rationale", where), n)


def _read_comment(raw: object, where: str, n: int) -> Comment:
    raw = _record(raw, where)
    text = _string(raw, "text", where, required=True)
    if not text.strip():
        raise BadInput(f"{where}: \"text\" is empty.")
    return Comment(0, _name(raw, "author", where), text, _date(raw, "written_at", where) or "", n)


def _read_source(raw: object, where: str) -> Source:
    if not isinstance(raw, dict):
        raise BadInput(f"{where} must be an object.")
    try:
        stance = Stance(raw.get("stance") or "context")
    except ValueError as error:
        raise BadInput(f"{where}: stance must be supports, refutes or context.") from error
    try:
        url = check_source_url(_string(raw, "url", where))
    except InvalidUrl as error:
        raise BadInput(f"{where}: {error}") from error
    return Source(
        url=url,
        title=_string(raw, "title", where),
        publisher=_string(raw, "publisher", where),
        date=_date(raw, "date", where),
        excerpt=_string(raw, "excerpt", where),
        stance=stance,
    )


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
