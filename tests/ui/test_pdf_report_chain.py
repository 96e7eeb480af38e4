"""The review chain and the desk's comments in the PDF report, as a reader copies them from the page."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, ClaimStatus
from factcheck.core.report import ClaimWorkflow, Organisation, Report, ReportOptions, build_report
from factcheck.core.workflow import ClaimDecision, Comment, Decision, OpinionRequest, Proposal
from factcheck.store import SQLiteStore
from factcheck.ui.pdf_report import render_pdf

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")

TEXT = "Mayor says crime fell 40%\n\nCrime fell 40% last year, the mayor said. The budget is balanced, she added."


def workflow(claim_id: int) -> ClaimWorkflow:
    return ClaimWorkflow(
        proposals=(Proposal(claim_id, "Sam Ortiz", "False", "12%.", False, "2024-05-06T10:00:00+00:00",
                            "2024-05-06T10:00:00+00:00", 1),
                   Proposal(claim_id, "Lee Chan", "Mostly False", "One ward.", True, "2024-05-06T14:30:00+00:00",
                            "2024-05-06T14:30:00+00:00", 2)),
        requests=(OpinionRequest(claim_id, "Kim Park", "Dana Editor", "", "2024-05-06T11:00:00+00:00", 3),),
        decisions=(ClaimDecision(claim_id, Decision.APPROVE, "Dana Editor", "2024-05-07T09:15:00+00:00",
                                 "Police table checked.", 1, "False", "12%.", 4),),
        comments=(Comment(claim_id, "Sam Ortiz", "<b>Done</b> & checked the ward table.",
                          "2024-05-06T12:00:00+00:00", 5),))


def report(options: ReportOptions, with_workflow: bool = True) -> Report:
    library = SQLiteStore.in_memory(user="tester")
    article = library.add_article(Article(title="Mayor says crime fell 40%", text=TEXT, rating_scale="politifact"))
    crime = library.add_claim(Claim(anchor=make_anchor(TEXT, 27, 51), article_id=article.id, verdict="False",
                                    status=ClaimStatus.APPROVED, rationale="Police data show 12%."))
    library.add_claim(Claim(anchor=make_anchor(TEXT, 69, 91), article_id=article.id, verdict="True",
                            status=ClaimStatus.APPROVED))
    return build_report(library.article(article.id), library.scale(article.rating_scale), library.claims(article.id),
                        options, Organisation("The Daily Check"), now=datetime(2024, 5, 8, 9, 30, tzinfo=UTC),
                        workflow={crime.id: workflow(crime.id)} if with_workflow else None)


def copied_text(report: Report, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(report, "A4"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def test_the_desks_pdf_shows_the_chain_with_verdicts_and_the_comments_when_asked(qapp, tmp_path):
    text = copied_text(report(ReportOptions(include_comments=True)), tmp_path)
    for expected in ("REVIEW", "PROPOSED BY Sam Ortiz · 6 May 2024, 10:00 UTC · False",
                     "SECOND OPINION Lee Chan · 6 May 2024, 14:30 UTC · Mostly False",
                     "SECOND OPINION Kim Park · asked 6 May 2024, 11:00 UTC · not yet given",
                     "APPROVED BY Dana Editor · 7 May 2024, 09:15 UTC", "“Police table checked.”",
                     "DESK COMMENTS", "Sam Ortiz · 6 May 2024, 12:00 UTC", "<b>Done</b> & checked the ward table."):
        assert expected in text, expected
    assert text.count("REVIEW") == 1  # the claim without workflow has none


def test_the_published_pdf_names_the_reviewers_only(qapp, tmp_path):
    text = copied_text(report(ReportOptions(approved_only=True)), tmp_path)
    for expected in ("PROPOSED BY Sam Ortiz · 6 May 2024, 10:00 UTC", "SECOND OPINION Lee Chan",
                     "APPROVED BY Dana Editor · 7 May 2024, 09:15 UTC"):
        assert expected in text, expected
    for hidden in ("Mostly False ·", "· Mostly False", "Kim Park", "Police table checked", "DESK COMMENTS",
                   "ward table"):
        assert hidden not in text, hidden


def test_a_pdf_without_workflow_reads_as_before(qapp, tmp_path):
    text = copied_text(report(ReportOptions(include_comments=True), with_workflow=False), tmp_path)
    assert "REVIEW" not in text and "PROPOSED BY" not in text and "DESK COMMENTS" not in text
