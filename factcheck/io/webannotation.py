"""W3C Web Annotations: a report's claims as an ``AnnotationCollection`` in JSON-LD.

The interchange format of annotation tools (Hypothesis and others)::

    {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:…",
     "type": "AnnotationCollection", "label": "<article title>", "total": 2,
     "first": {"id": "urn:uuid:…", "type": "AnnotationPage", "startIndex": 0, "items": [
       {"id": "urn:uuid:…", "type": "Annotation", "motivation": "assessing",
        "created": "2024-05-06T09:30:00Z", "modified": "…", "creator": {"type": "Person", "name": "Dana"},
        "target": {"source": "https://gazette.example/mayor", "selector": [
            {"type": "TextQuoteSelector", "exact": "…", "prefix": "…", "suffix": "…"},
            {"type": "TextPositionSelector", "start": 120, "end": 146}]},
        "body": [
            {"type": "TextualBody", "purpose": "assessing", "value": "False"},
            {"type": "TextualBody", "purpose": "describing", "value": "<rationale>"},
            {"type": "TextualBody", "purpose": "identifying", "value": "<claimant>"},
            {"type": "TextualBody", "purpose": "tagging", "value": "Approved"},
            {"type": "SpecificResource", "purpose": "linking", "label": "Refutes",
             "source": {"id": "https://…", "dc:title": "…", "dc:publisher": "…", "dc:date": "…",
                        "dc:description": "<excerpt>"}}]}]}}

- The target is the article's URL when it has a web address, else
  ``urn:sha256:<hex>`` of its text (the same text gives the same target).
- Both selectors point at the same span. Positions are Unicode code points
  into the article text, ``end`` exclusive; the quote's prefix and suffix are
  taken afresh from the text (32 characters each, as Hypothesis keeps), so
  :func:`factcheck.core.anchors.locate` re-anchors each annotation to its span.
  A claim whose quote is no longer in the text (an orphan) keeps only its
  stored TextQuoteSelector: no position is given that would point elsewhere.
- Ids are ``urn:uuid`` (version 5) derived from the target and the claim, so
  exporting again gives the same ids and a tool updates rather than duplicates.
- A source with a web address is a ``linking`` SpecificResource, its stance as
  the ``label``; a source without one is a ``commenting`` TextualBody that
  names it. Unknown values are left out, never written as ``""`` or null.
- Dates are UTC ``xsd:dateTime`` ending in ``Z``, as the model requires.

The desk's workflow follows each claim's annotation, as annotations whose ``target`` is
the claim annotation's id (the model lets an annotation target another), each with its
author as ``creator``:

- a submitted proposal: motivation ``assessing``, created when first written and
  modified when submitted, its verdict (``assessing``) and rationale (``describing``)
  as bodies, and a ``tagging`` body ``Proposal`` or ``Second opinion``;
- an editor's decision: motivation ``moderating``, a ``tagging`` body ``Approved``,
  ``Returned`` or ``Reopened``, for an approval the verdict approved (``assessing``) and
  a ``linking`` body to the annotation of the proposal it took, and the editor's note
  (``commenting``);
- a comment, only when the report includes comments: motivation ``commenting``, its text
  a ``commenting`` body.

In a collection of approved claims only (the published one) a proposal carries no
verdict or rationale (it names who assessed the claim, not what they thought: the
claim's annotation has the verdict), and of the decisions only the approval that stands
is given, without its note.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from factcheck.core.anchors import CONTEXT_LENGTH, Anchor, locate
from factcheck.core.articles import Article
from factcheck.core.claims import ClaimStatus, InvalidUrl, Source, Stance, check_source_url
from factcheck.core.report import NumberedClaim, Report
from factcheck.core.workflow import ClaimDecision, Decision

CONTEXT = "http://www.w3.org/ns/anno.jsonld"

NAMESPACE = uuid.UUID("9bd37e5f-b0e6-403d-9201-e06f337615b8")
"""Fixed namespace of factcheck's version 5 UUIDs: never change it, or every id changes."""


def render_webannotation(report: Report) -> str:
    return json.dumps(annotation_collection(report), ensure_ascii=False, indent=2) + "\n"


def annotation_collection(report: Report) -> dict:
    """The collection as plain data (one annotation per claim of the report, in text order)."""
    target = target_source(report.article)
    items = [item for c in report.claims for item in _annotations(c, report, target)]
    scope = "approved" if report.options.approved_only else "all"
    collection = {
        "@context": CONTEXT,
        "id": _urn(f"collection\n{target}\n{report.article.sha256}\n{scope}"),
        "type": "AnnotationCollection",
        "label": " ".join(report.article.title.split()) or "Untitled article",
        "total": len(items),
        "generator": _generator(report),
        "generated": _utc(report.generated_at),
    }
    if items:  # a page must hold at least one annotation
        collection["first"] = {"id": _urn(f"page\n{target}\n{report.article.sha256}\n{scope}\n0"),
                               "type": "AnnotationPage", "startIndex": 0, "items": items}
    return _compact(collection)


def target_source(article: Article) -> str:
    """The IRI of the annotated document: its web address, or a hash of its text."""
    url = _web_address(article.url)
    return url or f"urn:sha256:{article.sha256}"


def selectors(text: str, anchor: Anchor, *, orphan: bool = False) -> list[dict]:
    """A TextQuoteSelector and a TextPositionSelector for the anchor's span in ``text``.

    An ``orphan`` (a claim a revision could not place) has its quote and context alone.
    """
    span = None if orphan else locate(text, anchor)
    if span is None:  # an orphan: the stored quote only, no position that would mislead
        return [_compact({"type": "TextQuoteSelector", "exact": anchor.quote,
                          "prefix": anchor.prefix, "suffix": anchor.suffix})]
    start, end = span
    return [
        _compact({"type": "TextQuoteSelector", "exact": text[start:end],
                  "prefix": text[max(0, start - CONTEXT_LENGTH) : start],
                  "suffix": text[end : end + CONTEXT_LENGTH]}),
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def _annotations(numbered: NumberedClaim, report: Report, target: str) -> list[dict]:
    """The claim's annotation, then those of its proposals, decisions and (when asked) comments."""
    claim = numbered.claim
    identity = claim.id if claim.id is not None else f"#{numbered.number}"
    annotation = _annotation(numbered, report, target, f"claim\n{target}\n{identity}\n{claim.start}\n{claim.end}")
    if not numbered.workflow:
        return [annotation]
    about = annotation["id"]
    records = numbered.workflow
    published = report.options.published
    proposal_ids = {p.id: _urn(f"proposal\n{about}\n{' '.join(p.reviewer.split())}")
                    for p in records.proposals}
    items = [annotation]
    for proposal in records.proposals:
        if not proposal.submitted:
            continue
        bodies = [] if published else [_text_body("assessing", proposal.verdict or ""),
                                       _text_body("describing", proposal.rationale)]
        bodies.append(_text_body("tagging", "Second opinion" if proposal.second_opinion else "Proposal"))
        items.append(_reply(proposal_ids[proposal.id], "assessing", proposal.reviewer, proposal.created_at,
                            proposal.submitted_at, about, bodies))
    standing = _standing_approval(numbered)
    for n, decision in enumerate(records.decisions, start=1):
        if published and decision is not standing:
            continue
        bodies = [_text_body("tagging", Decision(decision.action).label)]
        if decision.action is Decision.APPROVE:
            bodies.append(_text_body("assessing", decision.verdict or ""))
            if decision.proposal_id in proposal_ids:
                bodies.append({"type": "SpecificResource", "purpose": "linking",
                               "source": proposal_ids[decision.proposal_id]})
        if not published:
            bodies.append(_text_body("commenting", decision.note))
        name = f"decision\n{about}\n{decision.id if decision.id is not None else n}\n{decision.decided_at}"
        items.append(_reply(_urn(name), "moderating", decision.decided_by, decision.decided_at, None, about,
                            bodies))
    if report.options.include_comments:
        for n, comment in enumerate(records.comments, start=1):
            name = f"comment\n{about}\n{comment.id if comment.id is not None else n}\n{comment.written_at}"
            items.append(_reply(_urn(name), "commenting", comment.author, comment.written_at, None, about,
                                [_text_body("commenting", comment.text)]))
    return items


def _standing_approval(numbered: NumberedClaim) -> ClaimDecision | None:
    """The approval the report's chain shows (the last decision, while the claim is approved)."""
    decisions = numbered.workflow.decisions
    return decisions[-1] if numbered.chain.approved is not None and decisions else None


def _reply(id_: str, motivation: str, creator: str, created: str | None, modified: str | None, about: str,
           bodies: list[dict]) -> dict:
    """An annotation of the desk's workflow, about the claim annotation ``about``."""
    creator = " ".join(creator.split())
    return _compact({
        "id": id_,
        "type": "Annotation",
        "motivation": motivation,
        "created": _utc(created),
        "modified": _utc(modified),
        "creator": {"type": "Person", "name": creator} if creator else None,
        "target": about,
        "body": [body for body in bodies if body["type"] != "TextualBody" or body["value"].strip()],
    })


def _annotation(numbered: NumberedClaim, report: Report, target: str, name: str) -> dict:
    claim = numbered.claim
    reviewer = " ".join(claim.reviewer.split())
    return _compact({
        "id": _urn(name),
        "type": "Annotation",
        "motivation": "assessing",
        "created": _utc(claim.created_at),
        "modified": _utc(claim.updated_at),
        "creator": {"type": "Person", "name": reviewer} if reviewer else None,
        "target": {"source": target, "selector": selectors(report.article.text, claim.anchor, orphan=claim.orphan)},
        "body": _bodies(numbered),
    })


def _bodies(numbered: NumberedClaim) -> list[dict]:
    claim = numbered.claim
    bodies = []
    if (claim.verdict or "").strip():
        bodies.append(_text_body("assessing", claim.verdict))
    if claim.rationale.strip():
        bodies.append(_text_body("describing", claim.rationale))
    if claim.claimant.strip():  # who made the claim: the passage's speaker, named
        bodies.append(_text_body("identifying", claim.claimant))
    bodies.append(_text_body("tagging", ClaimStatus(claim.status).label))
    bodies.extend(body for body in map(_source_body, claim.sources) if body is not None)
    return bodies


def _text_body(purpose: str, value: str) -> dict:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def _source_body(source: Source) -> dict | None:
    stance = Stance(source.stance).label
    url = _web_address(source.url)
    if url:
        return {
            "type": "SpecificResource",
            "purpose": "linking",
            "label": stance,
            "source": _compact({"id": url, "dc:title": source.title.strip(),
                                "dc:publisher": source.publisher.strip(), "dc:date": source.date,
                                "dc:description": source.excerpt.strip()}),
        }
    parts = [" ".join(p.split()) for p in (source.title, source.publisher, source.date or "", source.excerpt)]
    named = " — ".join(p for p in parts if p)
    if not named:
        return None  # a source with nothing in it says nothing
    return _text_body("commenting", f"Source ({stance}): {named}")


def _generator(report: Report) -> dict | None:
    return {"type": "Software", "name": report.generator} if report.generator else None


def _web_address(url: str) -> str:
    try:
        return check_source_url(url)
    except InvalidUrl:
        return ""


def _utc(stamp: str | None) -> str | None:
    """An ISO date or date-time as UTC ``xsd:dateTime`` with ``Z``; None if unknown or unreadable."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def _compact(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", {}, [])}
