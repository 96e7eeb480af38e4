"""W3C Web Annotation export: selectors that re-anchor to the same spans, bodies, ids."""

import json
import re

from hypothesis import assume, given
from hypothesis import strategies as st

from factcheck.core.anchors import Anchor, Utf16Map, locate, make_anchor
from factcheck.core.articles import Article, text_sha256
from factcheck.core.claims import Claim, Source, Stance
from factcheck.core.rating_scales import RatingScale, Verdict
from factcheck.core.report import ReportOptions, build_report
from factcheck.io.webannotation import render_webannotation
from report_samples import (
    ARTICLE_URL,
    NOW,
    ORGANISATION,
    TEXT,
    claim,
    empty_values,
    make_library,
    make_report,
    sample_report,
    span,
)

URN_UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
UTC_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def collection(report) -> dict:
    return json.loads(render_webannotation(report))


def items(data: dict) -> list[dict]:
    return data["first"]["items"] if "first" in data else []


def selector(annotation: dict, kind: str) -> dict:
    (found,) = [s for s in annotation["target"]["selector"] if s["type"] == kind]
    return found


def anchor_of(annotation: dict) -> Anchor:
    quote = selector(annotation, "TextQuoteSelector")
    position = selector(annotation, "TextPositionSelector")
    return Anchor(position["start"], position["end"], quote["exact"], quote.get("prefix", ""),
                  quote.get("suffix", ""))


def test_a_collection_of_one_annotation_per_claim():
    report = sample_report()
    data = collection(report)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert data["label"] == "Mayor says crime fell 40%"
    assert data["first"]["type"] == "AnnotationPage"
    assert data["total"] == len(items(data)) == len(report.claims) == 3
    for annotation in items(data):
        assert annotation["type"] == "Annotation"
        assert annotation["motivation"] == "assessing"
        assert annotation["target"]["source"] == ARTICLE_URL
    assert empty_values(data) == []


def test_every_selector_re_anchors_to_its_claim_in_the_text():
    report = sample_report()
    for numbered, annotation in zip(report.claims, items(collection(report)), strict=True):
        anchor = anchor_of(annotation)
        assert (anchor.start, anchor.end) == (numbered.claim.start, numbered.claim.end)
        assert TEXT[anchor.start:anchor.end] == anchor.quote == numbered.claim.quote
        assert locate(TEXT, anchor) == (numbered.claim.start, numbered.claim.end)


def test_positions_are_code_points_after_emoji():
    report = sample_report()
    police = items(collection(report))[0]
    start, end = span("Police figures 📊 show a fall of 12%.")
    assert selector(police, "TextPositionSelector") == {"type": "TextPositionSelector", "start": start, "end": end}
    assert Utf16Map(TEXT).to_utf16(start) > start  # Qt's offsets would differ: the emoji before it count twice


def test_the_quote_selector_alone_finds_the_right_repeated_phrase_in_revised_text():
    report = sample_report()
    (repeated,) = [a for a in items(collection(report)) if selector(a, "TextQuoteSelector")["exact"] == "crime fell 40%"]
    anchor = anchor_of(repeated)
    assert anchor.start == span("crime fell 40%", occurrence=2)[0]
    revised = "Updated 🔄: crime fell 40%, said no one.\n\n" + TEXT
    expected = span("crime fell 40%", occurrence=3, text=revised)
    assert locate(revised, anchor) == expected
    assert locate(revised, Anchor(0, 0, anchor.quote, anchor.prefix, anchor.suffix)) == expected


def test_bodies_carry_verdict_rationale_claimant_status_and_sources():
    report = sample_report()
    police, crime, budget = items(collection(report))
    assert police["body"] == [{"type": "TextualBody", "purpose": "tagging", "value": "Draft",
                               "format": "text/plain"}]
    assert [b["purpose"] for b in crime["body"]] == ["assessing", "identifying", "tagging", "linking"]
    assert crime["body"][1]["value"] == "Families"  # who made the claim
    assert budget["body"] == [
        {"type": "TextualBody", "purpose": "assessing", "value": "Mostly False", "format": "text/plain"},
        {"type": "TextualBody", "purpose": "describing", "format": "text/plain",
         "value": "Balanced only after a one-off 💰 transfer.\n\nSee the council's accounts."},
        {"type": "TextualBody", "purpose": "identifying", "value": "Mayor Zoë Núñez", "format": "text/plain"},
        {"type": "TextualBody", "purpose": "tagging", "value": "Approved", "format": "text/plain"},
        {"type": "SpecificResource", "purpose": "linking", "label": "Refutes",
         "source": {"id": "https://council.example/budget", "dc:title": "Budget 2024", "dc:publisher": "Council",
                    "dc:date": "2024-02-01", "dc:description": "…a transfer of £2m…"}},
        {"type": "TextualBody", "purpose": "commenting", "value": "Source (Context): Interview with the treasurer",
         "format": "text/plain"},
    ]
    assert budget["creator"] == {"type": "Person", "name": "Dana"}
    assert "creator" not in police


def test_only_web_addresses_become_links():
    library, article_id = make_library(claims=[claim("The budget is balanced")])
    claim_id = library.claims(article_id)[0].id
    library.add_source(claim_id, Source(url="javascript:alert(1)", title="Trap", stance=Stance.SUPPORTS))
    library.add_source(claim_id, Source(url="https://ok.example/a", stance=Stance.SUPPORTS))
    (annotation,) = items(collection(make_report(library, article_id)))
    links = [b for b in annotation["body"] if b["type"] == "SpecificResource"]
    assert links == [{"type": "SpecificResource", "purpose": "linking", "label": "Supports",
                      "source": {"id": "https://ok.example/a"}}]
    assert "javascript:" not in json.dumps(annotation)
    assert annotation["body"][-2]["value"] == "Source (Supports): Trap"


def test_dates_are_utc_with_z_and_ids_are_stable_uuids():
    library, article_id = make_library()
    first = collection(make_report(library, article_id))
    again = collection(build_report(library.article(article_id), library.scale("politifact"),
                                    library.claims(article_id), ReportOptions(), ORGANISATION))
    ids = [a["id"] for a in items(first)]
    assert all(URN_UUID.match(i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert ids == [a["id"] for a in items(again)]
    assert first["id"] == again["id"] and URN_UUID.match(first["id"])
    for annotation in items(first):
        assert UTC_STAMP.match(annotation["created"]) and UTC_STAMP.match(annotation["modified"])
    assert first["generated"] == "2024-05-08T09:30:00Z"


def test_an_article_without_a_web_address_is_targeted_by_its_text_hash():
    for url in ("", "file:///home/me/article.txt"):
        data = collection(sample_report(url=url))
        assert {a["target"]["source"] for a in items(data)} == {f"urn:sha256:{text_sha256(TEXT)}"}


def test_no_claims_make_an_empty_collection():
    data = collection(sample_report(claims=[]))
    assert data["total"] == 0 and "first" not in data
    assert empty_values(data) == []


def test_approved_only_counts_what_it_lists():
    library, article_id = make_library()
    data = collection(make_report(library, article_id, ReportOptions(approved_only=True)))
    assert data["total"] == len(items(data)) == 1


def test_an_orphaned_claim_keeps_its_quote_but_no_position():
    text = "The budget is balanced, she said."
    orphan = Claim(anchor=Anchor(4, 10, "deficit", "The ", " is"), id=7)
    report = build_report(Article("T", text), RatingScale("s", "S", (Verdict("True", "#2e7d32"),)),
                          [orphan], ReportOptions(), ORGANISATION, now=NOW)
    (annotation,) = items(collection(report))
    assert annotation["target"]["selector"] == [
        {"type": "TextQuoteSelector", "exact": "deficit", "prefix": "The ", "suffix": " is"}]



def test_a_claim_orphaned_by_a_revision_gets_no_position_even_where_its_quote_appears():
    text = "The budget is balanced, she said. The budget is balanced, he said."
    orphan = Claim(anchor=Anchor(0, 10, "The budget", "", " is balanced, it"), id=8, placement="orphan")
    report = build_report(Article("T", text), RatingScale("s", "S", (Verdict("True", "#2e7d32"),)),
                          [orphan], ReportOptions(), ORGANISATION, now=NOW)
    (annotation,) = items(collection(report))
    assert [s["type"] for s in annotation["target"]["selector"]] == ["TextQuoteSelector"]


TEXT_CHARS = st.sampled_from("ab \n.éß日😀👩‍👧𝔡")


@st.composite
def texts_and_spans(draw):
    text = "".join(draw(st.lists(TEXT_CHARS, min_size=1, max_size=120)))
    spans = []
    for _ in range(draw(st.integers(1, 5))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append((start, end))
    return text, spans


@given(texts_and_spans())
def test_selectors_re_anchor_random_spans(case):
    text, spans = case
    spans = [s for s in spans if text[s[0]:s[1]].strip()]
    assume(spans)
    claims = [Claim(anchor=make_anchor(text, *s), id=n) for n, s in enumerate(spans, start=1)]
    report = build_report(Article("Random", text), RatingScale("s", "S", ()), claims, ReportOptions(),
                          ORGANISATION, now=NOW)
    data = collection(report)
    assert data["total"] == len(items(data)) == len(claims)
    for numbered, annotation in zip(report.claims, items(data), strict=True):
        start, end = numbered.claim.start, numbered.claim.end
        anchor = anchor_of(annotation)
        assert (anchor.start, anchor.end) == (start, end)
        assert locate(text, anchor) == (start, end)
        # Without the position, the quote and its context find the span or one indistinguishable from it.
        found = locate(text, Anchor(0, 0, anchor.quote, anchor.prefix, anchor.suffix))
        assert found is not None
        s, e = found
        assert text[s:e] == anchor.quote
        assert text[max(0, s - len(anchor.prefix)):s].endswith(anchor.prefix)
        assert text[e:].startswith(anchor.suffix)
