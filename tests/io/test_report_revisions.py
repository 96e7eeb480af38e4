"""Reports of a revised article: which revision they cover, whether the check covers it, and the
claims a revision changed or lost (HTML, Markdown, CSV; the PDF is drawn from the HTML)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from factcheck.core.anchors import Anchor, make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, ClaimStatus
from factcheck.core.rating_scales import builtin_scales
from factcheck.core.report import Report, ReportOptions, RevisionCoverage, build_report
from factcheck.io.report_csv import BOM, COLUMNS, REVISION_COLUMNS, render_csv
from factcheck.io.report_html import render_html
from factcheck.io.report_markdown import render_markdown

SCALE = next(s for s in builtin_scales() if s.key == "politifact")
NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
TEXT = ("Update: the council replied on Tuesday.\n\n"
        "Crime fell 45% last year, the mayor 🏛️ said on Monday.\n\n"
        "The budget is balanced, she added.")
OLD_TEXT_ANCHOR = Anchor(60, 90, "Schools will close in 2027.", "said on Monday.\n\n", "\n\nThe budget")


def span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def revised_claims() -> list[Claim]:
    return [
        Claim(anchor=make_anchor(TEXT, *span("Crime fell 45% last year")), id=1, number=1, verdict="False",
              status=ClaimStatus.APPROVED, placement="changed", old_quote="Crime fell 40% last year", placed_on=3),
        Claim(anchor=make_anchor(TEXT, *span("The budget is balanced")), id=2, number=2, verdict="Half True",
              status=ClaimStatus.APPROVED, placement="moved", placed_on=3),
        Claim(anchor=OLD_TEXT_ANCHOR, id=3, number=3, verdict="True", status=ClaimStatus.APPROVED,
              placement="orphan", placed_on=2, rationale="Checked against the schools plan."),
    ]


def revised_article(**changes) -> Article:
    fields = dict(title="Mayor says crime fell", text=TEXT, url="https://gazette.example/crime", id=7,
                  revision=3, revised_at="2026-12-02T14:05:00+00:00")
    return Article(**{**fields, **changes})


def report(claims: list[Claim] | None = None, article: Article | None = None,
           options: ReportOptions | None = None) -> Report:
    return build_report(article or revised_article(), SCALE, revised_claims() if claims is None else claims,
                        options or ReportOptions(), now=NOW)


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[len(BOM):])))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# ------------------------------------------------------------------ the report model

def test_coverage_counts_the_claims_a_revision_changed_or_lost():
    coverage = report().coverage
    assert coverage == RevisionCoverage(3, "2026-12-02T14:05:00+00:00", 3, 1, 1)
    assert coverage.shown
    assert coverage.sentence() == ("1 claim was checked on an earlier wording; "
                                   "1 claim no longer found in the article.")


def test_coverage_of_claims_all_checked_on_the_revision():
    claims = [c.with_(placement="exact") for c in revised_claims()[1:2]]
    assert report(claims).coverage.sentence() == "The claim was checked on this revision."
    claims = [c.with_(placement="moved", old_quote="") for c in revised_claims()[:2]]
    assert report(claims).coverage.sentence() == "Every claim checked on this revision."
    twice = [*revised_claims(), revised_claims()[0].with_(id=4, number=4)]
    assert report(twice).coverage.sentence().startswith("2 claims were checked on an earlier wording; ")


def test_an_article_never_revised_says_nothing_of_revisions():
    article = revised_article(revision=1, revised_at=None)
    claims = [c.with_(placement="", old_quote="", placed_on=1) for c in revised_claims()[:2]]
    plain = report(claims, article)
    assert not plain.coverage.shown
    assert "Revision" not in render_html(plain) and "revision" not in render_markdown(plain)
    assert tuple(csv_rows(render_csv(plain))[0]) == COLUMNS


def test_orphans_come_last_and_are_never_highlighted():
    built = report()
    assert [c.number for c in built.claims] == [1, 2, 3]
    assert [c.number for c in built.orphaned_claims] == [3]
    # The orphan's old offsets (60–90) fall inside claim 1's text now: it must not show there.
    assert all(3 not in [c.number for c in run.claims + run.starts] for run in built.text_runs())
    assert "".join(run.text for run in built.text_runs()) == TEXT
    orphan_first = [revised_claims()[2].with_(anchor=Anchor(0, 5, "Schools", "", ""))] + revised_claims()[:2]
    assert [c.number for c in report(orphan_first).claims] == [1, 2, 3]


# ------------------------------------------------------------------ HTML

def test_html_names_the_revision_and_what_the_check_covers():
    html = render_html(report())
    assert '<p class="meta revision">Revision 3, revised 2 December 2026</p>' in html
    assert ('<p class="coverage sans short">1 claim was checked on an earlier wording; '
            "1 claim no longer found in the article.</p>") in html
    assert ('<span class="label">Checked on an earlier wording</span> '
            '<span class="was">“Crime fell 40% last year”</span>') in html
    assert "No longer in the article (last seen in revision 2)" in html


def test_html_lists_the_orphan_apart_without_a_place_in_the_text():
    html = render_html(report())
    article = html[html.index('<section class="article">'):html.index('<section class="claims">')]
    assert 'href="#claim-1"' in article and 'href="#claim-3"' not in article
    claims = html[html.index('<section class="claims">'):]
    apart = claims.index("<h2>No longer in the article</h2>")
    assert claims.index('id="claim-2"') < apart < claims.index('id="claim-3"')
    assert "Schools will close in 2027." in claims[apart:]


def test_html_of_a_check_that_covers_the_revision():
    claims = [c.with_(placement="exact", old_quote="") for c in revised_claims()[:2]]
    html = render_html(report(claims))
    assert '<p class="coverage sans">Every claim checked on this revision.</p>' in html
    assert "earlier wording" not in html and "No longer in the article" not in html


def test_the_published_report_counts_only_its_claims():
    claims = revised_claims()
    claims[2] = claims[2].with_(status=ClaimStatus.DRAFT)
    html = render_html(report(claims, options=ReportOptions(approved_only=True)))
    assert "1 claim was checked on an earlier wording." in html
    assert "No longer in the article" not in html


# ------------------------------------------------------------------ Markdown

def test_markdown_names_the_revision_and_marks_the_claims():
    text = render_markdown(report())
    assert "- **Text:** Revision 3, revised 2 December 2026" in text
    assert "1 claim was checked on an earlier wording; 1 claim no longer found in the article." in text
    assert "*Checked on an earlier wording:*\n\n> Crime fell 40% last year\n" in text
    apart = text.index("## No longer in the article")
    assert text.index("### 2. Half True") < apart < text.index("### 3. True")
    assert "*No longer in the article (last seen in revision 2).*" in text[apart:]
    article = text[text.index("## The article"):text.index("## Claims")]
    assert "⟦3⟧" not in article and "⟦1⟧" in article


# ------------------------------------------------------------------ CSV

def test_csv_of_a_revised_article_has_the_revision_columns():
    rows = csv_rows(render_csv(report()))
    assert tuple(rows[0]) == COLUMNS + REVISION_COLUMNS
    changed, moved, orphan = rows
    assert (changed["article_revision"], changed["placement"], changed["earlier_wording"], changed["placed_on"]) \
        == ("3", "changed", "Crime fell 40% last year", "3")
    assert (moved["placement"], moved["earlier_wording"]) == ("moved", "")
    assert (changed["start"], changed["end"]) == tuple(map(str, span("Crime fell 45% last year")))
    # An orphan's offsets were those of an earlier text: not given.
    assert (orphan["placement"], orphan["placed_on"], orphan["start"], orphan["end"]) == ("orphan", "2", "", "")
    assert orphan["quote"] == "Schools will close in 2027."


# ------------------------------------------------------------------ through a library

def test_a_report_of_an_article_revised_in_the_library():
    from factcheck.core.revisions import ClaimPlacement
    from factcheck.store import SQLiteStore

    old = "Crime fell 40% last year, the mayor said.\n\nSchools will close in 2027."
    library = SQLiteStore.in_memory(user="alice")
    article = library.add_article(Article(title="Crime", text=old, rating_scale="politifact"))
    figure = library.add_claim(Claim(anchor=make_anchor(old, 0, 24), article_id=article.id, verdict="False"))
    schools = library.add_claim(Claim(anchor=make_anchor(old, 43, 70), article_id=article.id, verdict="True"))
    new = "Update: a correction.\n\nCrime fell 45% last year, the mayor said."
    library.revise_article(article.id, new, [
        ClaimPlacement(figure.id, "changed", make_anchor(new, 23, 47)),
        ClaimPlacement(schools.id, "orphan", None)])
    revised = library.article(article.id)
    built = build_report(revised, SCALE, library.claims(article.id), ReportOptions(), now=NOW)
    html = render_html(built)
    assert "Revision 2, revised " in html
    assert "1 claim was checked on an earlier wording; 1 claim no longer found in the article." in html
    assert "<span class=\"was\">“Crime fell 40% last year”</span>" in html
    assert "No longer in the article (last seen in revision 1)" in html
    assert [run.text for run in built.text_runs() if run.claims] == ["Crime fell 45% last year"]
