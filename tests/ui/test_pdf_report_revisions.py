"""The PDF report of a revised article (drawn from the HTML): the revision, the coverage, the changed and
orphaned claims, as a reader copies them from the pages poppler draws."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from factcheck.core.anchors import Anchor, make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, ClaimStatus
from factcheck.core.rating_scales import builtin_scales
from factcheck.core.report import Report, ReportOptions, build_report
from factcheck.ui.pdf_report import render_pdf

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")

TEXT = ("Update: the council replied on Tuesday.\n\n"
        "Crime fell 45% last year, the mayor said on Monday.\n\n"
        "The budget is balanced, she added.")


def report() -> Report:
    """Revision 3 of an article: a claim whose figure changed, one moved, one no longer in the text."""
    def on(phrase: str) -> Anchor:
        start = TEXT.index(phrase)
        return make_anchor(TEXT, start, start + len(phrase))

    claims = [
        Claim(anchor=on("Crime fell 45% last year"), id=1, number=1, verdict="False", status=ClaimStatus.APPROVED,
              placement="changed", old_quote="Crime fell 40% last year", placed_on=3),
        Claim(anchor=on("The budget is balanced"), id=2, number=2, verdict="Half True", placement="moved",
              placed_on=3, rationale="Long enough. " * 60),
        Claim(anchor=Anchor(60, 90, "Schools will close in 2027.", "", ""), id=3, number=3, verdict="True",
              placement="orphan", placed_on=2, rationale="Checked against the schools plan."),
    ]
    article = Article(title="Mayor says crime fell", text=TEXT, id=7, revision=3,
                      revised_at="2026-12-02T14:05:00+00:00")
    scale = next(s for s in builtin_scales() if s.key == "politifact")
    return build_report(article, scale, claims, ReportOptions())


def test_the_pdf_says_which_revision_and_what_became_of_each_claim(qapp, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(report()))
    drawn = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    assert drawn.stderr == ""
    text = " ".join(drawn.stdout.split())
    assert "Revision 3, revised 2 December 2026" in text
    assert "1 claim was checked on an earlier wording; 1 claim no longer found in the article." in text
    assert "CHECKED ON AN EARLIER WORDING “Crime fell 40% last year”" in text
    pages = drawn.stdout.split("\f")
    orphan_page = next(p for p in pages if "Schools will close in 2027." in p)
    # The heading of the orphans stays on the page of their card.
    assert "No longer in the article (last seen in revision 2)" in orphan_page
    assert "No longer in the article\n" in orphan_page
