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
which every factcheck reads; both versions are read.

Offsets are Unicode code points into ``article.text``; dates are ISO 8601;
unknown values are null. Readers ignore keys they do not know.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from factcheck import __version__
from factcheck.core.anchors import Anchor
from factcheck.core.articles import Article, unusable_characters
from factcheck.core.claims import (Claim, Claimant, ClaimantKind, ClaimStatus, InvalidUrl, Source, Stance,
                                   check_source_url)
from factcheck.core.rating_scales import RatingScale, RatingScaleError
from factcheck.core.report import NO_WORKFLOW, ClaimWorkflow
from factcheck.core.workflow import ArticleStage, ClaimDecision, Comment, Decision, OpinionRequest, Proposal, Stage
from factcheck.io.errors import BadInput

FORMAT = "factcheck-bundle"
VERSION = 2
"""The newest version written (only when the bundle carries the desk's workflow) and read."""
VERSIONS = (1, 2)
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


# ------------------------------------------------------------------ writing

def bundle_to_dict(article: Article, scale: RatingScale, claims: list[Claim],
                   claimants: Mapping[str, Claimant] | None = None,
                   workflow: Mapping[int, ClaimWorkflow] | None = None, stage: ArticleStage | None = None) -> dict:
    """The bundle as plain data; ``workflow`` holds each claim's records by claim id.

    Version 2 when there is any record or the article has a stage, else version 1.
    """
    named = {c.claimant for c in claims}
    workflow = {claim_id: records for claim_id, records in (workflow or {}).items() if records}
    stage = stage or ArticleStage()
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
        "claims": [_claim_to_dict(c) for c in sorted(claims, key=Claim.sort_key)],
    }
    if version == 2:
        data["article"].update(stage=Stage(stage.stage).value, assignee=stage.assignee or None, due=stage.due)
        for item, claim in zip(data["claims"], sorted(claims, key=Claim.sort_key), strict=True):
            item.update(_workflow_to_dict(workflow.get(claim.id, NO_WORKFLOW) if claim.id is not None
                                          else NO_WORKFLOW))
    return data


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
          workflow: Mapping[int, ClaimWorkflow] | None = None, stage: ArticleStage | None = None) -> str:
    data = bundle_to_dict(article, scale, claims, claimants, workflow, stage)
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
    try:
        scale = RatingScale.from_dict(raw.get("rating_scale"))
    except RatingScaleError as error:
        raise BadInput(f"{name}: rating_scale: {error}") from error
    if not all(map(_is_unicode, (scale.name, *(t for v in scale.verdicts for t in (v.label, v.definition))))):
        raise BadInput(f"{name}: rating_scale: {_NOT_UNICODE}")
    claims_raw = raw.get("claims", [])
    if not isinstance(claims_raw, list):
        raise BadInput(f"{name}: \"claims\" must be a list.")
    read = [(_read_claim(item, n, article.text, scale, name),
             _read_workflow(item, f"{name}: claim {n}") if version >= 2 else NO_WORKFLOW)
            for n, item in enumerate(claims_raw, start=1)]
    numbers = [c.number for c, _ in read]
    if None in numbers or len(set(numbers)) != len(numbers):  # an older bundle, or numbers that clash
        read = [(c.with_(number=None), records) for c, records in sorted(read, key=lambda pair: pair[0].sort_key())]
    claims = tuple(c for c, _ in read)
    claimants_raw = raw.get("claimants") or []
    if not isinstance(claimants_raw, list):
        raise BadInput(f"{name}: \"claimants\" must be a list.")
    claimants = tuple(_read_claimant(item, f"{name}: claimant {n}") for n, item in enumerate(claimants_raw, 1))
    workflow = tuple(records for _, records in read) if version >= 2 else ()
    return Bundle(article=article, rating_scale=scale, claims=claims, claimants=claimants, workflow=workflow,
                  stage=stage, version=version)


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


def _read_claim(raw: object, n: int, text: str, scale: RatingScale, name: str) -> Claim:
    where = f"{name}: claim {n}"
    if not isinstance(raw, dict):
        raise BadInput(f"{where} must be an object.")
    start, end = raw.get("start"), raw.get("end")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise BadInput(f"{where}: \"start\" and \"end\" must be whole numbers.")
    if not 0 <= start < end <= len(text):
        raise BadInput(f"{where}: offsets {start}–{end} lie outside the article's text "
                       f"({len(text)} characters).")
    quote = _string(raw, "quote", where, required=True)
    if text[start:end] != quote:
        raise BadInput(f"{where}: the quote {_short(quote)} does not match the article's text at "
                       f"{start}–{end}, which reads {_short(text[start:end])}.")
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
        number=number if isinstance(number, int) and not isinstance(number, bool) and number > 0 else None,
        anchor=Anchor(start, end, quote, _string(raw, "prefix", where), _string(raw, "suffix", where)),
        claimant=_string(raw, "claimant", where),
        claim_date=_date(raw, "claim_date", where),
        verdict=verdict,
        rationale=_string(raw, "rationale", where),
        status=status,
        reviewer=_string(raw, "reviewer", where),
        created_at=_date(raw, "created_at", where),
        updated_at=_date(raw, "updated_at", where),
        sources=tuple(_read_source(s, f"{where}, source {k}") for k, s in enumerate(sources_raw, 1)),
    )


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
