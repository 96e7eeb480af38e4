"""The PDF report as a reader gets it: the pages poppler draws and the text a reader copies."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from itertools import pairwise

import pytest

from factcheck.core.anchors import Anchor, make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, ClaimStatus, Source, Stance
from factcheck.core.rating_scales import builtin_scales
from factcheck.core.report import SHOWN_DEPTH, Organisation, Report, ReportOptions, build_report
from factcheck.store import SQLiteStore
from factcheck.ui import pdf_report
from factcheck.ui.pdf_report import ReportTooLong, pages_of, render_pdf

needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
                                   reason="poppler-utils (pdftotext, pdftoppm) is not installed")

TITLE = "Council budget under review"
VERDICTS = ["False", "Mostly True", "Half True", "Pants on Fire", "True", "Mostly False"]
FIGURES = ["13 hours", "40% of the budget", "2,500 new homes", "7 of the 9 wards", "1.2 million visitors",
           "300 buses", "£15m on roads", "24 new parks"]
WORDS = ("the council's own figures show a different picture once transfers between years are counted "
         "and the auditors agree with that reading of the accounts")
HEAD = re.compile(r"^\d+ (" + "|".join(map(re.escape, VERDICTS)) + r")( (APPROVED|IN REVIEW|DRAFT))?$")


def words(count: int) -> str:
    vocabulary = WORDS.split()
    return " ".join(vocabulary[n % len(vocabulary)] for n in range(count)).capitalize() + "."


def report_with_figures(claims: int = 8, rationale_words=(12,)) -> Report:
    """An article whose claims each begin with a figure; rationales of the given lengths, in turn.

    The claims are marked from the last paragraph to the first, so that numbers and
    figures differ ("[8] 13 hours"), whatever way the report numbers its claims.
    """
    paragraphs = [f"Paragraph {n}: the mayor said that {FIGURES[n % len(FIGURES)]} were set aside for "
                  f"item {n}, a figure the opposition disputes." for n in range(claims)]
    text = TITLE + "\n\n" + "\n\n".join(paragraphs)
    library = SQLiteStore.in_memory(user="tester")
    article = library.add_article(Article(title=TITLE, text=text, outlet="Gazette", rating_scale="politifact"))
    for n in reversed(range(claims)):
        start = text.index(f"{FIGURES[n % len(FIGURES)]} were set aside for item {n},")
        end = text.index(", a figure", start)
        length = rationale_words[n % len(rationale_words)]
        rationale = "\n\n".join(words(min(120, length - i)) for i in range(0, length, 120))
        library.add_claim(Claim(
            anchor=make_anchor(text, start, end), article_id=article.id, claimant="Mayor Ada Lovelace",
            verdict=VERDICTS[n % len(VERDICTS)], status=ClaimStatus.APPROVED, reviewer="Dana Editor",
            rationale=rationale, updated_at="2024-05-07T09:15:00+00:00",
            sources=(Source(url=f"https://council.example/budget/{n}", title=f"Budget line {n}",
                            publisher="Council", stance=Stance.REFUTES),)))
    return build_report(library.article(article.id), library.scale(article.rating_scale),
                        library.claims(article.id), ReportOptions(),
                        Organisation("The Daily Check", "https://check.example"),
                        now=datetime(2024, 5, 8, 9, 30, tzinfo=UTC))


def pdf_file(report: Report, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(report, "A4"))
    return str(path)


def poppler(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, check=True)


def page_lines(path: str) -> list[list[str]]:
    """Each page's text as pdftotext copies it, line by line, without the page footer."""
    pages = poppler("pdftotext", path, "-").stdout.split("\f")[:-1]
    return [[line for line in (raw.strip() for raw in page.splitlines())
             if line and line != TITLE and not re.fullmatch(r"Page \d+ of \d+", line)] for page in pages]


@needs_poppler
def test_a_claim_number_never_runs_into_the_figure_its_quote_begins_with(qapp, tmp_path):
    report = report_with_figures()
    copied = " ".join(poppler("pdftotext", pdf_file(report, tmp_path), "-").stdout.split())
    for numbered in report.claims:
        quote = numbered.claim.quote
        assert quote[0].isdigit() or quote[0] == "£"
        assert f"[{numbered.number}] {quote}" in copied
        assert f"{numbered.number}{quote}" not in copied


@needs_poppler
def test_poppler_draws_every_page_without_an_error(qapp, tmp_path):
    path = pdf_file(report_with_figures(claims=12, rationale_words=(30, 400)), tmp_path)
    pages = len(page_lines(path))
    assert pages >= 3
    drawn = subprocess.run(["pdftoppm", "-r", "30", "-png", path, str(tmp_path / "page")],
                           check=False, capture_output=True, text=True)
    assert drawn.returncode == 0
    assert drawn.stderr == ""
    assert len(list(tmp_path.glob("page*.png"))) == pages
    assert subprocess.run(["pdftotext", path, "-"], check=False, capture_output=True, text=True).stderr == ""


@needs_poppler
def test_claim_cards_keep_their_heading_with_their_body_and_their_last_line_with_the_rest(qapp, tmp_path):
    # Short, middling and longer-than-a-page rationales, so that pages end in every part of a card.
    report = report_with_figures(claims=24, rationale_words=(8, 60, 140, 25, 1500, 90, 10, 220))
    pages = page_lines(pdf_file(report, tmp_path))
    headings = {f"{c.number} {c.verdict_label} APPROVED" for c in report.claims}
    assert headings <= {line for page in pages for line in page if HEAD.match(line)}
    for number, (page, following) in enumerate(pairwise(pages), start=1):
        assert not HEAD.match(page[-1]), f"page {number} ends with the heading of a card: {page[-3:]}"
        assert page[-1] not in ("RATIONALE", "SOURCES"), f"page {number} ends with a heading: {page[-3:]}"
        assert not following[0].startswith("Reviewed by"), \
            f"page {number + 1} starts with a card's last line alone: {following[:2]}"
    # A card short enough for one page is never split, and every line is there once.
    def page_of(line: str) -> int:
        return next(n for n, page in enumerate(pages) if line in page)

    for n, numbered in enumerate(sorted(report.claims, key=lambda c: c.claim.sort_key())):
        assert sum(page.count(f"1. Budget line {n}") for page in pages) == 1
        if len(numbered.claim.rationale.split()) <= 220:
            assert page_of(f"{numbered.number} {numbered.verdict_label} APPROVED") == page_of(f"1. Budget line {n}")
    text = " ".join(line for page in pages for line in page)
    assert all(text.count(f"Paragraph {n}:") == 1 for n in range(24))


def test_pages_end_between_lines_and_outside_what_is_kept_together():
    lines = [(n * 10.0, n * 10.0 + 8) for n in range(30)]  # a line every 10 pixels, 10 lines a page
    pages = pages_of(lines, [(80.0, 128.0)], 100)  # lines 8 to 12 belong together
    assert pages == [(0.0, 80.0), (80.0, 180.0), (180.0, 280.0), (280.0, 298.0)]
    # What is kept together but taller than a page is cut at the lowest gap between lines that fits.
    assert pages_of(lines, [(0.0, 298.0)], 100) == pages_of(lines, [], 100)
    assert pages_of(lines, [], 100)[0] == (0.0, 100.0)


def overlapping_report(claims: int, length: int = 900) -> Report:
    """``claims`` claims of ``length`` characters, each starting a character after the one before."""
    text = ("The mayor said the figures were right, and the council said they were not. " * 400)[:claims + length]
    scale = next(s for s in builtin_scales() if s.key == "politifact")
    made = [Claim(anchor=Anchor(n, n + length, text[n:n + length], "", ""), id=n + 1, number=n + 1,
                  verdict=VERDICTS[n % len(VERDICTS)]) for n in range(claims)]
    return build_report(Article(title=TITLE, text=text), scale, made, ReportOptions())


@needs_poppler
def test_deeply_overlapping_claims_print_every_number_and_say_how_they_are_shown(qapp, tmp_path):
    report = overlapping_report(40, length=60)
    copied = " ".join(poppler("pdftotext", pdf_file(report, tmp_path), "-").stdout.split())
    for numbered in report.claims:
        assert f"[{numbered.number}]" in copied
    assert f"Where more than {SHOWN_DEPTH} claims overlap" in copied


def test_a_report_surely_too_long_for_a_pdf_is_refused_before_it_is_laid_out(qapp, monkeypatch):
    report = overlapping_report(12_000)  # 12,000 cards of 900 characters: some 7,000 pages
    monkeypatch.setattr("factcheck.io.report_html.render_html",
                        lambda report: pytest.fail("laid out a report that cannot fit"))
    with pytest.raises(ReportTooLong, match="too long for a PDF.*Export it as HTML"):
        render_pdf(report)


def test_a_report_that_lays_out_past_the_column_qt_can_hold_is_refused(qapp, monkeypatch):
    report = report_with_figures(claims=8)  # some 15,000 pixels long, 6,200 at least (cards of 60 mm, lines)
    assert pdf_report.shortest_column_mm(report) * pdf_report.RESOLUTION / 25.4 < 6_500
    monkeypatch.setattr(pdf_report, "COLUMN_LIMIT", 10_000)  # as if Qt stopped at 10,000 pixels
    with pytest.raises(ReportTooLong):
        render_pdf(report)
