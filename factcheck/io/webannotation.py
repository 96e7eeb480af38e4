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
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from factcheck.core.anchors import CONTEXT_LENGTH, Anchor, locate
from factcheck.core.articles import Article
from factcheck.core.claims import ClaimStatus, InvalidUrl, Source, Stance, check_source_url
from factcheck.core.report import NumberedClaim, Report

CONTEXT = "http://www.w3.org/ns/anno.jsonld"

NAMESPACE = uuid.UUID("9bd37e5f-b0e6-403d-9201-e06f337615b8")
"""Fixed namespace of factcheck's version 5 UUIDs: never change it, or every id changes."""


def render_webannotation(report: Report) -> str:
    return json.dumps(annotation_collection(report), ensure_ascii=False, indent=2) + "\n"


def annotation_collection(report: Report) -> dict:
    """The collection as plain data (one annotation per claim of the report, in text order)."""
    target = target_source(report.article)
    items = [_annotation(c, report, target) for c in report.claims]
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


def selectors(text: str, anchor: Anchor) -> list[dict]:
    """A TextQuoteSelector and a TextPositionSelector for the anchor's span in ``text``."""
    span = locate(text, anchor)
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


def _annotation(numbered: NumberedClaim, report: Report, target: str) -> dict:
    claim = numbered.claim
    identity = claim.id if claim.id is not None else f"#{numbered.number}"
    reviewer = " ".join(claim.reviewer.split())
    return _compact({
        "id": _urn(f"claim\n{target}\n{identity}\n{claim.start}\n{claim.end}"),
        "type": "Annotation",
        "motivation": "assessing",
        "created": _utc(claim.created_at),
        "modified": _utc(claim.updated_at),
        "creator": {"type": "Person", "name": reviewer} if reviewer else None,
        "target": {"source": target, "selector": selectors(report.article.text, claim.anchor)},
        "body": _bodies(numbered),
    })


def _bodies(numbered: NumberedClaim) -> list[dict]:
    claim = numbered.claim
    bodies = []
    if (claim.verdict or "").strip():
        bodies.append(_text_body("assessing", claim.verdict))
    if claim.rationale.strip():
        bodies.append(_text_body("describing", claim.rationale))
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
