"""The claims table as CSV: parses back to one row per claim, opens safely in spreadsheets."""

import csv
import io

import pytest

from factcheck.core.claims import ClaimStatus
from factcheck.core.rating_scales import RatingScale, Verdict
from factcheck.core.report import ReportOptions
from factcheck.io.report_csv import BOM, COLUMNS, neutralise, render_csv
from report_samples import ARTICLE_URL, TEXT, claim, make_library, make_report, sample_report, span


def parse(text: str) -> list[dict]:
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[len(BOM):], newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert all(len(row) == len(COLUMNS) for row in rows)
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


def test_starts_with_a_bom_and_ends_rows_with_crlf():
    text = render_csv(sample_report())
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert text[len(BOM):].startswith("number,start,end,quote,")
    assert text.endswith("\r\n")
    assert text.count("\r\n") >= 4  # header and three rows


def test_one_row_per_claim_in_text_order_with_every_field():
    report = sample_report()
    rows = parse(render_csv(report))
    assert [r["number"] for r in rows] == ["1", "2", "3"]
    assert [r["quote"] for r in rows] == ["Police figures 📊 show a fall of 12%.", "crime fell 40%",
                                          "The budget is balanced"]
    assert [int(r["start"]) for r in rows] == [c.claim.start for c in report.claims]
    assert [r["verdict"] for r in rows] == ["", "False", "Mostly False"]

    budget = rows[2]
    start, end = span("The budget is balanced")
    stored = report.claims[2].claim
    assert budget == {
        "number": "3",
        "start": str(start),
        "end": str(end),
        "quote": "The budget is balanced",
        "prefix": TEXT[start - 32:start],
        "suffix": TEXT[end:end + 32],
        "claimant": "Mayor Zoë Núñez",
        "claim_date": "2024-05-06",
        "verdict": "Mostly False",
        "verdict_value": "3",
        "verdict_definition": report.scale.verdict("Mostly False").definition,
        "rationale": "Balanced only after a one-off 💰 transfer.\n\nSee the council's accounts.",
        "status": "Approved",
        "status_code": "approved",
        "reviewer": "Dana",
        "created_at": stored.created_at,
        "updated_at": stored.updated_at,
        "source_count": "2",
        "sources": ("Budget 2024 — Council — 2024-02-01 — Refutes — https://council.example/budget"
                    " — “…a transfer of £2m…”\nInterview with the treasurer — Context"),
        "article_title": "Mayor says crime fell 40%",
        "article_url": ARTICLE_URL,
        # No workflow: the review chain's columns, after the others, are empty.
        "proposed_by": "", "proposed_at": "", "proposed_verdict": "", "second_opinions": "",
        "approved_by": "", "approved_at": "", "approval_note": "",
    }
    unrated = rows[0]
    assert (unrated["verdict"], unrated["verdict_value"], unrated["verdict_definition"]) == ("", "", "")
    assert (unrated["status"], unrated["status_code"], unrated["source_count"], unrated["sources"]) == (
        "Draft", "draft", "0", "")


@pytest.mark.parametrize("claimant", [
    '=HYPERLINK("http://evil.example","Click")', "+1", "-2", "@SUM(A1:A9)", "\tTab", "\rReturn",
    "=1+1\n=2+2",
])
def test_formula_like_cells_are_neutralised(claimant):
    library, article_id = make_library(claims=[claim("The budget is balanced", claimant=claimant,
                                                     rationale=claimant, reviewer=claimant)])
    row = parse(render_csv(make_report(library, article_id)))[0]
    assert row["claimant"] == row["rationale"] == row["reviewer"] == "'" + claimant


def test_every_text_column_is_neutralised():
    text = "=cmd| ' /C calc'!A0 said -the budget is balanced+ @once"
    hostile = claim("-the budget is balanced+", text=text, claimant="@x", verdict=None)
    library, article_id = make_library(text=text, url="", claims=[hostile])
    library.update_article(article_id, "title", "+Title")
    library.update_claim(library.claims(article_id)[0].id, "rationale", "=2*3")
    row = parse(render_csv(make_report(library, article_id)))[0]
    assert row["quote"] == "'-the budget is balanced+"
    assert row["prefix"] == "'=cmd| ' /C calc'!A0 said "
    assert row["suffix"] == " @once"  # starts with a space: harmless
    assert row["claimant"] == "'@x"
    assert row["rationale"] == "'=2*3"
    assert row["article_title"] == "'+Title"
    formula_starts = [k for k, v in row.items() if v[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert formula_starts == []


def test_neutralise_leaves_ordinary_text_alone():
    assert neutralise("Mayor") == "Mayor"
    assert neutralise(" =1") == " =1"
    assert neutralise("") == ""
    assert neutralise("-") == "'-"


def test_negative_verdict_values_stay_numbers():
    scale = RatingScale("signed", "Signed", (Verdict("Bad", "#c62828", "", -2), Verdict("Good", "#2e7d32", "", 2.5)))
    library, article_id = make_library(custom_scale=scale, claims=[
        claim("The budget is balanced", verdict="Bad"), claim("Crime fell 40% last year", verdict="Good")])
    rows = parse(render_csv(make_report(library, article_id)))
    assert [r["verdict_value"] for r in rows] == ["2.5", "-2"]


def test_non_ascii_emoji_and_line_breaks_round_trip():
    text = "Zoë 👩‍👩‍👧 a dit : « Le budget 💰 est équilibré » — 日本語 𝔡𝔦𝔰𝔞𝔤𝔯𝔢𝔢𝔰."
    rationale = "Première ligne, “guillemets”, a comma\r\nsecond line 🚀\n\nthird, \"quoted\""
    library, article_id = make_library(text=text, claims=[claim(
        "« Le budget 💰 est équilibré »", text=text, claimant="Zoë 👩‍👩‍👧", rationale=rationale)])
    rows = parse(render_csv(make_report(library, article_id)))
    assert len(rows) == 1
    assert rows[0]["quote"] == "« Le budget 💰 est équilibré »"
    assert rows[0]["claimant"] == "Zoë 👩‍👩‍👧"
    assert rows[0]["rationale"] == rationale
    assert rows[0]["prefix"] == "Zoë 👩‍👩‍👧 a dit : "
    # offsets are code points, as everywhere in factcheck
    assert text[int(rows[0]["start"]):int(rows[0]["end"])] == rows[0]["quote"]


def test_approved_only_report_lists_only_approved_claims():
    library, article_id = make_library()
    rows = parse(render_csv(make_report(library, article_id, ReportOptions(approved_only=True))))
    # The approved claim is claim 3 in the article, and keeps that number when shown alone.
    assert [(r["number"], r["status_code"]) for r in rows] == [("3", ClaimStatus.APPROVED.value)]


def test_a_report_without_claims_is_a_header_only():
    library, article_id = make_library(claims=[])
    assert parse(render_csv(make_report(library, article_id))) == []


def test_statuses_read_as_their_labels_with_the_code_in_its_own_column():
    rows = parse(render_csv(sample_report()))
    assert [(r["status"], r["status_code"]) for r in rows] == [
        (ClaimStatus(c.claim.status).label, c.claim.status) for c in sample_report().claims]
    assert ("In review", "in_review") in [(r["status"], r["status_code"]) for r in rows]
    assert COLUMNS.index("status_code") == COLUMNS.index("status") + 1
