"""Reading W3C Web Annotations: the shapes factcheck and Hypothesis write, what is left out and why,
and files that are broken or hostile."""

from __future__ import annotations

import json

import pytest

from factcheck.core.claims import Stance
from factcheck.core.rating_scales import RatingScale, Verdict
from factcheck.io import BadInput
from factcheck.io.webannotation_import import (
    MAX_ANNOTATIONS,
    is_webannotation,
    place_annotations,
    read_annotations,
)

TEXT = "The mayor said crime fell 40% last year. Police figures show a fall of 12%."


def quoted(exact: str, **extra) -> dict:
    start = TEXT.index(exact)
    return {"type": "Annotation", "motivation": "assessing",
            "target": {"source": "https://news.example/a", "selector": [
                {"type": "TextQuoteSelector", "exact": exact, "prefix": TEXT[max(0, start - 32):start],
                 "suffix": TEXT[start + len(exact):start + len(exact) + 32]},
                {"type": "TextPositionSelector", "start": start, "end": start + len(exact)}]}, **extra}


def read(document) -> tuple:
    found = read_annotations(json.dumps(document).encode(), "notes.jsonld")
    return found.annotations, found.problems


def hypothesis_row(exact: str, text: str = "", **extra) -> dict:
    start = TEXT.index(exact)
    return {"id": "h1", "uri": "https://news.example/a", "text": text, "tags": ["check"],
            "user": "acct:dana@hypothes.is", "user_info": {"display_name": None},
            "target": [{"source": "https://news.example/a", "selector": [
                {"type": "RangeSelector", "startContainer": "/p[1]", "startOffset": 0},
                {"type": "TextPositionSelector", "start": start + 100, "end": start + 100 + len(exact)},
                {"type": "TextQuoteSelector", "exact": exact, "prefix": TEXT[max(0, start - 32):start],
                 "suffix": ""}]}], **extra}


def test_factcheck_bodies_give_verdict_rationale_reviewer_and_sources():
    annotation = quoted("crime fell 40% last year", creator={"type": "Person", "name": "Dana"}, body=[
        {"type": "TextualBody", "purpose": "assessing", "value": "False"},
        {"type": "TextualBody", "purpose": "describing", "value": "Police say 12%."},
        {"type": "TextualBody", "purpose": "tagging", "value": "Approved"},
        {"type": "TextualBody", "purpose": "commenting", "value": "Source (Context): a phone call"},
        {"type": "SpecificResource", "purpose": "linking", "label": "Refutes",
         "source": {"id": "https://police.example/2023", "dc:title": "Figures", "dc:date": "2024-02-01"}}])
    (one,), problems = read({"type": "AnnotationCollection", "first": {"type": "AnnotationPage",
                                                                       "items": [annotation]}})
    assert problems == ()
    assert (one.verdict, one.rationale, one.reviewer) == ("False", "Police say 12%.", "Dana")
    assert [(s.url, s.title, s.date, s.stance) for s in one.sources] == [
        ("https://police.example/2023", "Figures", "2024-02-01", Stance.REFUTES)]
    assert (one.anchor.start, one.anchor.end) == (TEXT.index("crime"), TEXT.index("crime") + 24)


@pytest.mark.parametrize("shape", ["one", "list", "page", "collection items"])
def test_every_shape_reads_the_same_annotations(shape):
    items = [quoted("crime fell 40%"), quoted("a fall of 12%")]
    document = {"one": items[0], "list": items, "page": {"type": "AnnotationPage", "items": items},
                "collection items": {"type": "AnnotationCollection", "items": items}}[shape]
    annotations, _ = read(document)
    assert [a.anchor.quote for a in annotations] == ["crime fell 40%", "a fall of 12%"][:len(annotations)]
    assert len(annotations) == (1 if shape == "one" else 2)


def test_hypothesis_rows_note_as_rationale_user_as_reviewer_replies_and_page_notes():
    rows = [hypothesis_row("crime fell 40%", "Police figures say **12%**."),
            {**hypothesis_row("crime fell 40%", "I agree"), "references": ["h1"]},  # a reply: passed over
            {"id": "h3", "uri": "https://news.example/a", "text": "Whole page note", "target": [
                {"source": "https://news.example/a"}]}]
    annotations, problems = read({"total": 3, "rows": rows})
    (one,) = annotations
    assert (one.rationale, one.reviewer, one.verdict) == ("Police figures say **12%**.", "dana", None)
    ((_, anchor, _),) = place_annotations(TEXT, annotations, RatingScale("s", "Simple")).claims
    assert anchor.start == TEXT.index("crime fell 40%")  # the page's own offsets (+100) do not mislead
    assert problems == ("notes.jsonld: annotation 3 was not imported: it marks no passage "
                        "(no TextQuoteSelector: a note on the whole page?)",)
    assert is_webannotation(json.dumps({"total": 1, "rows": rows}).encode())


def test_the_workflow_records_factcheck_writes_are_not_claims():
    claim = quoted("crime fell 40%", id="urn:uuid:1")
    decision = {"id": "urn:uuid:2", "type": "Annotation", "motivation": "moderating", "target": "urn:uuid:1",
                "body": [{"type": "TextualBody", "purpose": "tagging", "value": "Approved"}]}
    annotations, problems = read([claim, decision])
    assert len(annotations) == 1 and problems == ()


def test_annotations_that_cannot_be_read_are_named_and_the_others_kept():
    bad_selector = quoted("crime fell 40%")
    bad_selector["target"]["selector"][0]["exact"] = 40
    annotations, problems = read([quoted("a fall of 12%"), "text", bad_selector,
                                  quoted("crime fell 40%") | {"target": {"selector": {"type": "TextQuoteSelector",
                                                                                     "exact": "  "}}}])
    assert [a.anchor.quote for a in annotations] == ["a fall of 12%"]
    assert problems == ("notes.jsonld: annotation 2 was not imported: it is not a JSON object",
                        "notes.jsonld: annotation 3 was not imported: it marks no passage "
                        "(no TextQuoteSelector: a note on the whole page?)",
                        "notes.jsonld: annotation 4 was not imported: its quote is empty")


@pytest.mark.parametrize(("data", "message"), [
    (b'{"type": "Annotation", "target": ', "is not JSON"),
    (b"\xff\xfe\x00garbage", "is not JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "cannot be read as JSON"),
    (json.dumps({"@type": "ClaimReview", "claimReviewed": "x"}).encode(), "holds no W3C Web Annotation"),
    (json.dumps([]).encode(), "holds no W3C Web Annotation"),
])
def test_a_broken_or_foreign_file_is_refused_with_the_reason(data, message):
    with pytest.raises(BadInput, match=message):
        read_annotations(data, "notes.jsonld")
    assert not is_webannotation(data)


def test_too_many_annotations_are_refused():
    document = [quoted("crime fell 40%")] * (MAX_ANNOTATIONS + 1)
    with pytest.raises(BadInput, match="more than the 5,000"):
        read(document)


def test_placing_keeps_verdicts_on_the_scale_and_reports_orphans():
    scale = RatingScale("s", "Simple", (Verdict("False", "#c00"), Verdict("True", "#0c0")))
    annotations, _ = read([
        quoted("crime fell 40%", body={"type": "TextualBody", "purpose": "assessing", "value": "Pants on Fire"}),
        quoted("a fall of 12%", body={"type": "TextualBody", "purpose": "assessing", "value": "True"})])
    moved = "A new first sentence. " + TEXT.replace("crime fell 40%", "crime is down")
    placed = place_annotations(moved, annotations, scale)
    ((annotation, anchor, verdict),) = placed.claims
    assert (anchor.quote, anchor.start, verdict) == ("a fall of 12%", moved.index("a fall of 12%"), "True")
    assert [quote for quote, _ in placed.orphans] == ["crime fell 40%"]

    placed = place_annotations(TEXT, annotations, scale)
    assert [verdict for _, _, verdict in placed.claims] == [None, "True"]
    assert placed.problems == ["annotation 1: the verdict “Pants on Fire” is not on the article's rating scale "
                               "(Simple): the claim was added without it"]
