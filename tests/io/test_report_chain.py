"""The review chain and the desk's comments in the report: the model, HTML, Markdown and CSV.

A claim's chain is who proposed its verdict, who gave a second opinion, who approved it,
and when. The desk's own report (every claim, with statuses) shows the verdicts and the
editor's note; the published one (approved claims only) names the reviewers and no more.
Comments appear only when asked. A claim with no workflow reads as it always did.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from report_rendering_helpers import Document, assert_inert, make_report, squash
from test_report_html import HOSTILE
from test_report_markdown import commonmark
from test_report_markdown import hostile_text as markdown_text
from workflow_samples import (
    APPROVED_AT,
    PROPOSED_AT,
    SECOND_AT,
    chained_report,
    close_all,
    desk_library,
    first,
    full_workflow,
)

from factcheck.core.claims import ClaimStatus
from factcheck.core.report import NO_WORKFLOW, ChainStep, ClaimWorkflow, ReportOptions, review_chain
from factcheck.core.workflow import ClaimDecision, Decision, Proposal
from factcheck.io.report_csv import COLUMNS, render_csv
from factcheck.io.report_html import REVIEW_STYLE, render_html
from factcheck.io.report_markdown import render_markdown
from factcheck.operations import report_for

INTERNAL = ReportOptions()
PUBLISHED = ReportOptions(approved_only=True)
WITH_COMMENTS = ReportOptions(include_comments=True)


def csv_rows(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def text_of_html(report) -> str:
    return Document(render_html(report)).text


def text_of_markdown(report) -> str:
    return Document(commonmark(render_markdown(report))).text


# ------------------------------------------------------------------ the chain itself


def test_the_chain_names_the_approved_proposal_the_second_opinions_and_the_approval():
    chain = review_chain(ClaimStatus.APPROVED, full_workflow(1))
    assert chain.proposed == ChainStep("Sam Ortiz", PROPOSED_AT, "False")
    assert chain.second_opinions == (ChainStep("Lee Chan", SECOND_AT, "Mostly False"),)
    assert [(s.who, s.verdict) for s in chain.awaited] == [("Kim Park", None)]  # asked, not yet given
    assert chain.approved == ChainStep("Dana Editor", APPROVED_AT, "False", "Police table checked.")


def proposal(reviewer: str, verdict: str, at: str, id_: int, second: bool = False, submitted: bool = True):
    return Proposal(1, reviewer, verdict, "", second, at, at if submitted else None, id_)


def approval(verdict: str, proposal_id: int | None = None, action=Decision.APPROVE):
    return ClaimDecision(1, action, "Dana", "2024-05-09T10:00:00+00:00", "note", proposal_id,
                         verdict if action is Decision.APPROVE else None, None, 50)


SAM = proposal("Sam", "False", "2024-05-06T10:00:00+00:00", 1)
LEE = proposal("Lee", "Mostly False", "2024-05-07T10:00:00+00:00", 2, second=True)
KIM_DRAFT = proposal("Kim", "True", "2024-05-08T10:00:00+00:00", 3, submitted=False)


@pytest.mark.parametrize(("status", "decisions", "proposed", "approved_by"), [
    pytest.param(ClaimStatus.APPROVED, (approval("Mostly False", proposal_id=2),), "Lee", "Dana",
                 id="the-proposal-approved"),
    pytest.param(ClaimStatus.APPROVED, (approval("False"),), "Sam", "Dana", id="the-editors-own-verdict-matches-one"),
    pytest.param(ClaimStatus.APPROVED, (approval("Half True"),), "Lee", "Dana", id="the-editors-own-verdict-alone"),
    pytest.param(ClaimStatus.IN_REVIEW, (), "Lee", None, id="not-yet-decided"),
    pytest.param(ClaimStatus.IN_REVIEW, (approval("False"), approval(None, action=Decision.REOPEN)), "Lee", None,
                 id="approved-then-reopened"),
    pytest.param(ClaimStatus.DRAFT, (approval("False"),), "Lee", None, id="status-set-back-by-hand"),
])
def test_who_proposed_and_whether_an_approval_stands(status, decisions, proposed, approved_by):
    chain = review_chain(status, ClaimWorkflow(proposals=(SAM, LEE, KIM_DRAFT), decisions=decisions))
    assert chain.proposed.who == proposed
    assert {s.who for s in chain.second_opinions} == {"Sam", "Lee"} - {proposed}  # a draft is no opinion
    assert (chain.approved.who if chain.approved else None) == approved_by


def test_a_claim_without_workflow_has_no_chain_and_the_report_is_as_before():
    report = chained_report(workflow=None)
    assert all(not c.chain and c.workflow is NO_WORKFLOW for c in report.claims)
    def unstamped(claims):  # the two libraries are built a moment apart: their claims' stamps may differ
        return [replace(c, claim=c.claim.with_(created_at=None, updated_at=None)) for c in claims]

    assert unstamped(report.claims) == unstamped(make_report().claims)  # the report made before the workflow existed
    html = render_html(report)
    assert REVIEW_STYLE not in html and "Review</h3>" not in html and "Desk comments" not in html
    assert "**Review**" not in render_markdown(report)
    assert all(not row[c] for row in csv_rows(render_csv(report)) for c in COLUMNS[-7:])


def test_comments_stay_out_of_the_report_model_unless_asked():
    assert first(chained_report(INTERNAL)).comments == ()
    assert first(chained_report(PUBLISHED)).comments == ()
    assert [c.author for c in first(chained_report(WITH_COMMENTS)).comments] == ["Dana Editor", "Sam Ortiz"]


# ------------------------------------------------------------------ HTML and Markdown


@pytest.mark.parametrize("text_of", [text_of_html, text_of_markdown], ids=["html", "markdown"])
def test_the_desks_report_shows_the_whole_chain(text_of):
    text = text_of(chained_report(INTERNAL)).replace("by:", "by").replace("opinion:", "opinion")
    for expected in ("Proposed by Sam Ortiz · 6 May 2024, 10:00 UTC · False",
                     "Second opinion Lee Chan · 6 May 2024, 14:30 UTC · Mostly False",
                     "Second opinion Kim Park · asked 6 May 2024, 11:00 UTC · not yet given",
                     "Approved by Dana Editor · 7 May 2024, 09:15 UTC", "Police table checked."):
        assert expected in text, expected
    assert "Check the ward table" not in text  # comments: not asked for


@pytest.mark.parametrize("text_of", [text_of_html, text_of_markdown], ids=["html", "markdown"])
def test_the_published_report_names_the_reviewers_not_their_disagreements(text_of):
    text = text_of(chained_report(PUBLISHED))
    for expected in ("Sam Ortiz · 6 May 2024, 10:00 UTC", "Lee Chan", "Dana Editor · 7 May 2024, 09:15 UTC"):
        assert expected in text, expected
    for hidden in ("Mostly False ·", "· Mostly False", "Police table checked", "Kim Park", "not yet given",
                   "Check the ward table"):
        assert hidden not in text, hidden
    assert "Mostly False" not in text.split("How we rate")[0].split("Claims", 1)[1]  # only in the scale's table


@pytest.mark.parametrize("text_of", [text_of_html, text_of_markdown], ids=["html", "markdown"])
@pytest.mark.parametrize("options", [WITH_COMMENTS, replace(PUBLISHED, include_comments=True)],
                         ids=["desk", "published"])
def test_comments_appear_when_asked_who_when_and_what(text_of, options):
    text = text_of(chained_report(options))
    assert "Desk comments" in text
    assert "Dana Editor · 6 May 2024, 10:00 UTC" in text and "Check the ward table first." in text
    assert "Sam Ortiz · 6 May 2024, 11:00 UTC" in text and "Done. The ward table agrees." in text
    assert text.index("Check the ward table") < text.index("The ward table agrees")  # oldest first


def hostile_workflow(claim_id: int) -> ClaimWorkflow:
    bad = " ".join(HOSTILE)
    return full_workflow(claim_id, proposer=bad, second=bad + " 2", awaited=bad + " 3", editor=bad, note=bad,
                         comments=((bad, bad + "\n\n" + bad),))


@pytest.mark.parametrize("options", [WITH_COMMENTS, replace(PUBLISHED, include_comments=True)],
                         ids=["desk", "published"])
def test_hostile_names_notes_and_comments_stay_text_in_html(options):
    html = render_html(chained_report(options, workflow=hostile_workflow))
    document = Document(html)
    assert_inert(document)
    assert "<script" not in html.lower()
    assert not re.search(r"<[a-zA-Z][^>]*\son\w+\s*=", html)
    assert document.text.count(squash(" ".join(HOSTILE))) >= 5  # proposer, second, editor, author, text …


@pytest.mark.parametrize("options", [WITH_COMMENTS, replace(PUBLISHED, include_comments=True)],
                         ids=["desk", "published"])
def test_hostile_names_notes_and_comments_stay_text_in_markdown(options):
    html = commonmark(render_markdown(chained_report(options, workflow=hostile_workflow)))
    document = Document(html)
    assert_inert(document)
    for tag in ("code", "pre", "h4", "h5", "h6", "del", "img"):
        assert not document.tags(tag), tag
    assert len(document.tags("table")) == 2  # the summary and the scale
    assert document.text.count(squash(" ".join(HOSTILE))) >= 5


@settings(max_examples=100)
@given(name=markdown_text, note=markdown_text, comment=markdown_text)
def test_random_names_notes_and_comments_render_as_the_same_text(name, note, comment):
    name = name if name.strip() else "x"
    workflow = lambda i: full_workflow(i, proposer=name, editor=name + "!", note=note,  # noqa: E731
                                       comments=((name, comment if comment.strip() else "y"),))
    for render in (render_html, lambda r: commonmark(render_markdown(r))):
        document = Document(render(chained_report(WITH_COMMENTS, workflow=workflow)))
        assert_inert(document)
        for value in (name, note, comment if comment.strip() else "y"):
            assert squash(value) in document.text, value


# ------------------------------------------------------------------ CSV


def test_csv_carries_the_chain_in_columns_after_todays():
    assert COLUMNS[:21][-2:] == ("article_title", "article_url")
    assert COLUMNS[21:] == ("proposed_by", "proposed_at", "proposed_verdict", "second_opinions", "approved_by",
                            "approved_at", "approval_note")
    row = next(r for r in csv_rows(render_csv(chained_report(INTERNAL))) if r["quote"] == "Crime fell 40% last year")
    assert (row["proposed_by"], row["proposed_at"], row["proposed_verdict"]) == ("Sam Ortiz", PROPOSED_AT, "False")
    assert row["second_opinions"] == f"Lee Chan — Mostly False — {SECOND_AT}"
    assert (row["approved_by"], row["approved_at"], row["approval_note"]) == (
        "Dana Editor", APPROVED_AT, "Police table checked.")


def test_published_csv_names_the_reviewers_only():
    row = next(r for r in csv_rows(render_csv(chained_report(PUBLISHED))) if r["quote"] == "Crime fell 40% last year")
    assert (row["proposed_by"], row["proposed_verdict"], row["second_opinions"]) == (
        "Sam Ortiz", "", f"Lee Chan — {SECOND_AT}")
    assert (row["approved_by"], row["approval_note"]) == ("Dana Editor", "")


def test_csv_neutralises_a_formula_in_a_reviewers_name():
    report = chained_report(INTERNAL, workflow=lambda i: full_workflow(i, proposer="=HYPERLINK(\"x\")",
                                                                       second="@SUM(A1)", editor="+1"))
    row = next(r for r in csv_rows(render_csv(report)) if r["quote"] == "Crime fell 40% last year")
    assert (row["proposed_by"], row["approved_by"]) == ("'=HYPERLINK(\"x\")", "'+1")
    assert row["second_opinions"].startswith("'@SUM(A1)")


# ------------------------------------------------------------------ through the library


def test_report_for_gathers_the_chain_through_the_store(tmp_path):
    users, article_id, (crime, budget, added) = desk_library(tmp_path)
    try:
        report = report_for(users["Dana Editor"], article_id, ReportOptions(include_comments=True))
        by_id = {c.claim.id: c for c in report.claims}
        chain = by_id[crime].chain
        assert (chain.proposed.who, chain.proposed.verdict) == ("Sam Ortiz", "False")
        assert [(s.who, s.verdict) for s in chain.second_opinions] == [("Lee Chan", "Mostly False")]
        assert [s.who for s in chain.awaited] == ["Kim Park"]
        assert (chain.approved.who, chain.approved.note) == ("Dana Editor", "Police table checked.")
        assert [c.author for c in by_id[crime].comments] == ["Dana Editor", "Sam Ortiz"]
        assert not by_id[budget].chain and by_id[budget].workflow is NO_WORKFLOW
        returned = by_id[added].chain
        assert returned.proposed.who == "Sam Ortiz" and returned.approved is None
        for text in (render_html(report), render_markdown(report)):
            assert text.count("Sam Ortiz") >= 3  # proposed twice, commented once
        assert "Proposed by" not in render_html(report).split('id="claim-2"')[1].split("</table>")[0]
        without = report_for(users["Dana Editor"], article_id)
        assert all(not c.comments for c in without.claims)
    finally:
        close_all(users)


def test_a_reviewer_still_blind_to_a_claim_sees_no_one_elses_proposal_in_the_report(tmp_path):
    users, article_id, (crime, _, _) = desk_library(tmp_path)
    try:
        users["Dana Editor"].request_opinions(crime, ["Ann Other"])
        from factcheck.store import SQLiteStore

        ann = SQLiteStore.open(tmp_path / "desk.db", user="Ann Other")
        users["Ann Other"] = ann
        shown = next(c for c in report_for(ann, article_id).claims if c.claim.id == crime)
        assert shown.chain.proposed is None and shown.chain.second_opinions == ()
        assert (shown.claim.verdict, shown.claim.rationale) == (None, "")  # nor the claim's own verdict
        assert users["Dana Editor"].claim(crime).verdict is not None
    finally:
        close_all(users)
