"""The HTML report: complete, well-formed, self-contained, print-ready, and inert whatever the text."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_rendering_helpers import (
    FIGURE_CLAIMS,
    FIGURES_TEXT,
    NOW,
    REPORT_TEXT,
    SAMPLE_CLAIMS,
    Document,
    assert_inert,
    make_report,
    squash,
)

from factcheck.core.anchors import trim_span
from factcheck.core.claims import ClaimStatus, Source, Stance
from factcheck.core.report import SHOWN_DEPTH, Organisation, ReportOptions
from factcheck.io.report_html import render_html
from factcheck.io.report_presentation import contrast_ratio, text_color_on, tint

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(2)>",
    "[click](javascript:alert(3))",
    "javascript:alert(4)",
    "</p></td></table><a href='javascript:x'>",
    "&lt;script&gt; &amp; &#60;b&#62;",
    "<!-- comment --> <![CDATA[x]]> <style>*{}</style>",
    "* _ # ` | ~ \\",
]


def section(html: str, heading: str, next_heading: str | None) -> str:
    """The HTML from one <h2> to the next one named."""
    start = html.index(f"<h2>{heading}</h2>")
    end = html.index(f"<h2>{next_heading}</h2>") if next_heading else len(html)
    return html[start:end]


def test_document_is_well_formed_self_contained_html5():
    html = render_html(make_report())
    document = Document(html)
    assert html.startswith("<!DOCTYPE html>")
    assert_inert(document)
    assert [t for t, _ in document.elements][:2] == ["html", "head"]
    assert len(document.tags("style")) == 1
    assert not re.search(r"@import|url\(|@font-face", html), "no external requests from CSS"
    assert {"charset": "utf-8"} in document.tags("meta")
    policy = next(m for m in document.tags("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy["content"]
    ids = {attrs["id"] for _, attrs in document.elements if "id" in attrs}
    for href in document.hrefs():
        if href.startswith("#"):
            assert href[1:] in ids


def test_content_comes_in_the_documented_order():
    html = render_html(make_report())
    marks = ["<h1>Mayor says crime fell 40%</h1>", "<h2>Summary</h2>", "<h2>The article</h2>",
             "<h2>Claims</h2>", "<h2>How we rate</h2>", '<footer class="colophon">']
    positions = [html.index(m) for m in marks]
    assert positions == sorted(positions)


def test_article_metadata_is_shown():
    document = Document(render_html(make_report()))
    text = document.text
    for expected in ("Mayor says crime fell 40%", "Gazette", "By Zoë Writer", "Published 6 May 2024"):
        assert expected in text
    assert "https://gazette.example/mayor" in document.hrefs()
    assert "Fact check: Mayor says crime fell 40%" in text  # the <title>


def test_article_url_that_is_not_http_is_shown_as_text_only():
    html = render_html(make_report(url="javascript:alert(1)"))
    document = Document(html)
    assert_inert(document)
    assert "javascript:alert(1)" in document.text
    assert not any("javascript" in h for h in document.hrefs())


def test_summary_counts_claims_approvals_and_each_verdict_with_its_colour():
    report = make_report()
    summary = section(render_html(report), "Summary", "The article")
    text = Document(summary).text
    assert "5 claims checked · 2 approved" in text
    rows = re.findall(r'<tr><td class="label">.*?</tr>', summary)
    counts = report.verdict_counts()
    assert len(rows) == len(counts) == 5  # False, Mostly False, Half True, True, Unrated
    for row, count in zip(rows, counts, strict=True):
        assert f"{count.label}</td><td class=\"count\">{count.count}</td>" in row
        assert f"background-color:{count.color}" in row  # the bar
        assert f"width:{round(100 * count.count / 5, 1)}%" in row
    assert "Unrated" in text


def test_every_claim_has_a_card_with_all_its_fields_in_text_order():
    report = make_report()
    html = render_html(report)
    cards = re.findall(r'<table class="claim" id="claim-(\d+)".*?</td></tr></table>', html, re.DOTALL)
    assert cards and len(cards) == 5
    numbers = [int(n) for n in re.findall(r'<table class="claim" id="claim-(\d+)"', html)]
    assert numbers == [1, 2, 3, 4, 5]
    bodies = re.split(r'<table class="claim" id="claim-\d+"', section(html, "Claims", "How we rate"))[1:]
    for numbered, body in zip(report.claims, bodies, strict=True):
        text = Document(body).text
        claim = numbered.claim
        assert f"“{claim.quote}”" in text
        assert numbered.verdict_label in text
        assert ClaimStatus(claim.status).label in text
        if claim.claimant:
            assert claim.claimant in text
        if numbered.verdict:
            assert numbered.verdict.definition in text
            assert f"background-color:{numbered.verdict.color}" in body
    first = Document(bodies[0]).text
    for expected in ("Mayor Ada Lovelace", "6 May 2024", "Police data show a 12% fall.",
                     "The mayor later said 40% was a typo.", "Crime statistics 2023", "City Police",
                     "1 February 2024", "Recorded crime fell by 12%.", "Refutes", "Reviewed by Dana Editor",
                     "Last change 7 May 2024, 09:15 UTC"):
        assert expected in first
    assert bodies[0].count("<p>") >= 2, "the rationale keeps its paragraphs"
    assert "No rationale written yet." in Document(bodies[2]).text
    assert "No sources attached." in Document(bodies[2]).text


def test_source_links_only_for_http_and_https():
    document = Document(render_html(make_report()))
    hrefs = [h for h in document.hrefs() if not h.startswith("#")]
    assert "https://police.example/stats?year=2023" in hrefs
    assert "https://council.example/budget" in hrefs
    assert not any(h.startswith("file:") for h in hrefs)
    assert "Address (not a web link): file:///etc/passwd" in document.text
    assert "A local file" in document.text


def test_urls_are_encoded_inside_href():
    claims = [("Crime fell 40% last year", dict(sources=(Source(
        url='https://x.example/a b"c<d>?q=1&r=2', title="Odd address", stance=Stance.CONTEXT),)))]
    document = Document(render_html(make_report(claims=claims)))
    assert "https://x.example/a%20b%22c%3Cd%3E?q=1&r=2" in document.hrefs()


def test_methodology_lists_every_verdict_of_the_scale_with_colour_and_definition():
    report = make_report()
    methodology = section(render_html(report), "How we rate", None)
    text = Document(methodology).text
    assert report.scale.name in text
    for verdict in report.scale.verdicts:
        assert verdict.label in text
        assert verdict.definition in text
        assert f"background-color:{verdict.color};color:{text_color_on(verdict.color)}" in methodology


def test_footer_says_when_by_which_version_and_for_whom():
    html = render_html(make_report())
    footer = Document(html[html.index('<footer class="colophon">'):]).text
    assert "Report made 7 May 2024, 15:30 UTC with factcheck " in footer
    assert "The Daily Check" in footer
    assert make_report().generated_at == NOW.isoformat(timespec="seconds")
    without = Document(render_html(make_report(organisation=None))).text
    assert "Daily Check" not in without


def test_article_text_keeps_paragraphs_and_line_breaks_and_every_character():
    report = make_report()
    article = section(render_html(report), "The article", "Claims")
    assert article.count("<p>") == 3
    assert article.count("<br>") == 1
    text = Document(article).text
    # The text, with each claim's number before it, and nothing lost where claims overlap.
    expected = REPORT_TEXT
    for numbered in sorted(report.claims, key=lambda c: c.claim.sort_key(), reverse=True):
        expected = expected[: numbered.claim.start] + f"[{numbered.number}] " + expected[numbered.claim.start:]
    assert text == "The article " + squash(expected)


def test_a_claim_number_never_runs_into_the_figure_its_quote_begins_with():
    report = make_report(claims=FIGURE_CLAIMS, text=FIGURES_TEXT)
    article = section(render_html(report), "The article", "Claims")
    copied = Document(article).text
    for numbered in report.claims:
        number, quote = numbered.number, numbered.claim.quote
        assert f"[{number}] {quote}" in copied
        assert f"{number}{quote}" not in copied
        # Set apart on screen too: a coloured badge of its own, then a space that keeps it with the quote.
        assert re.search(rf'<a class="marker" href="#claim-{number}" style="background-color:#[0-9a-f]{{6}};'
                         rf'color:#[0-9a-f]{{6}}">\[{number}\]</a><span class="marker-gap">&nbsp;</span>'
                         rf'{re.escape(quote)}', article)


def test_overlapping_claims_each_show_their_number_and_colour():
    report = make_report()
    html = render_html(report)
    assert not Document(html).errors
    article = section(html, "The article", "Claims")
    for numbered in report.claims:
        assert f'href="#claim-{numbered.number}"' in article
    # "40%" is covered by claims 1 (False) and 2 (Mostly False): a line in the outer claim's colour.
    overlap = mark_style(html, "Claim 1: False; Claim 2: Mostly False")
    assert f"box-shadow:03px00{report.scale.color_of('False')}" in overlap
    # "budget" sits inside "The budget is balanced": the innermost claim colours it.
    inner = mark_style(html, "Claim 4: Half True; Claim 5: True")
    true_colour = report.scale.color_of("True")
    assert f"background-color:{tint(true_colour)}" in inner
    assert f"text-decoration-color:{true_colour}" in inner


def mark_style(html: str, title: str) -> str:
    """The style of the highlight with this title: its class's rule, then its own style (spaces removed)."""
    mark = re.search(r'<mark class="([^"]*)"(?: style="([^"]*)")? title="' + re.escape(title) + '">', html)
    assert mark, title
    rule = re.search(r"mark\." + re.escape(mark.group(1)) + r" \{([^}]*)\}", html)
    assert rule, mark.group(1)
    return (rule.group(1) + ";" + (mark.group(2) or "")).replace(" ", "")


def test_approved_only_leaves_out_the_others_and_their_status():
    report = make_report(options=ReportOptions(approved_only=True))
    html = render_html(report)
    text = Document(html).text
    assert [c.claim.quote for c in report.claims] == ["Crime fell 40% last year", "The budget is balanced"]
    assert html.count('<table class="claim"') == 2
    assert "2 claims checked · 2 approved" in text
    assert "approved claims only" in text
    assert 'class="status' not in html
    assert "Overlaps the first claim" not in text


def test_all_claims_show_their_status():
    html = render_html(make_report())
    assert html.count('<span class="status') == 5
    assert Document(html).text.count("In review") == 1


def test_leaving_out_the_text_keeps_the_claims():
    html = render_html(make_report(options=ReportOptions(include_text=False)))
    assert "<h2>The article</h2>" not in html
    assert "<mark" not in html
    assert "said on Monday" not in html
    assert html.count('<table class="claim"') == 5


def test_an_article_without_claims():
    html = render_html(make_report(claims=[]))
    document = Document(html)
    assert_inert(document)
    assert "0 claims checked · 0 approved" in document.text
    assert "No claims are included in this report." in document.text
    assert "<mark" not in html


def test_print_styles():
    html = render_html(make_report())
    print_css = html[html.index("@media print"):]
    assert "@page" in html
    assert "print-color-adjust: exact" in html
    assert 'a[href^="http"]::after' in print_css and "attr(href)" in print_css


def test_a_printed_claim_card_stays_whole_or_breaks_only_inside_its_body():
    css = re.search(r"<style>(.*)</style>", render_html(make_report()), re.S).group(1)

    def rule(selector: str, media: str = "") -> str:
        scope = css[css.index(media):] if media else css
        return re.search(r"(?:^|\n)\s*" + re.escape(selector) + r"\s*\{([^}]*)\}", scope).group(1)

    assert "break-inside: avoid" in rule("table.claim")  # whole when it fits on a page
    for heading in (".claim-head", ".quote", "h3"):  # never a heading at the foot of a page
        assert "break-after: avoid" in rule(heading)
    assert "break-before: avoid" in rule(".claim-foot")  # never the last line alone at the top
    assert re.search(r"orphans: [2-9]; widows: [2-9]", rule("p, li", "@media print"))


def test_chip_text_contrasts_with_its_colour():
    html = render_html(make_report())
    for background, foreground in re.findall(r"background-color:(#[0-9a-f]{6});color:(#[0-9a-f]{6})", html):
        assert contrast_ratio(background, foreground) >= 4.5, (background, foreground)


def test_hostile_text_everywhere_stays_text():
    bad = " ".join(HOSTILE)
    claims = [(phrase, dict(fields, claimant=bad, rationale=bad + "\n\n" + bad, reviewer=bad,
                            sources=(Source(url="javascript:alert(5)", title=bad, publisher=bad, excerpt=bad),
                                     Source(url="https://ok.example/" + bad, title=bad))))
              for phrase, fields in SAMPLE_CLAIMS]
    report = make_report(claims=claims, title=bad, outlet=bad, author=bad, url="javascript:alert(6)",
                         organisation=Organisation(bad, "javascript:alert(7)"))
    html = render_html(report)
    document = Document(html)
    assert_inert(document)
    assert "<script" not in html.lower()
    # The text may say "onerror=", but never inside a tag: every "<" of the text is escaped.
    assert not re.search(r"<[a-zA-Z][^>]*\son\w+\s*=", html)
    assert not any(h.lower().startswith("javascript") for h in document.hrefs())
    assert document.text.count(squash(bad)) >= 5 * 4  # claimant, reviewer, title, publisher, … shown as text


hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=6).map("".join)


@settings(max_examples=150)
@given(title=hostile_text, claimant=hostile_text, rationale=hostile_text, source_title=hostile_text,
       url=st.one_of(st.sampled_from(["javascript:alert(1)", "JaVaScRiPt:x", " javascript:x", "data:text/html,x",
                                      "https://ok.example/x", "http://ok.example/\"onmouseover=x"]), hostile_text))
def test_random_text_never_becomes_markup(title, claimant, rationale, source_title, url):
    claims = [("Crime fell 40% last year", dict(claimant=claimant, rationale=rationale,
                                                sources=(Source(url=url, title=source_title),)))]
    report = make_report(claims=claims, title=title or "Untitled", author=claimant)
    document = Document(render_html(report))
    assert_inert(document)
    for value in (claimant, source_title or "", title):
        assert squash(value) in document.text


@settings(max_examples=100)
@given(st.data())
def test_random_overlapping_claims_render_well_formed_with_every_number(data):
    text = data.draw(st.text(alphabet=st.sampled_from("ab <&>\"'\n📊*"), min_size=1, max_size=60)
                     .filter(lambda t: t.strip()))
    claims = []
    for _ in range(data.draw(st.integers(0, 4))):
        a = data.draw(st.integers(0, len(text) - 1))
        b = data.draw(st.integers(a + 1, len(text)))
        a, b = trim_span(text, a, b)
        if a < b:
            claims.append(((a, b), dict(verdict=data.draw(st.sampled_from([None, "True", "False"])))))
    report = make_report(claims=claims, text=text)
    html = render_html(report)
    document = Document(html)
    assert_inert(document)
    article = section(html, "The article", "Claims")
    for numbered in report.claims:
        assert f'href="#claim-{numbered.number}"' in article


# ------------------------------------------------------------------ many overlapping claims

OVERLAP_TEXT = "Claims on claims on claims. " * 40  # 1,120 characters
VERDICTS = ["True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire", None]


def overlapping(k: int, shape: str) -> list:
    """``k`` claims on OVERLAP_TEXT: each nested in the one before, or each 900 characters long and
    starting a character after the one before (so that hundreds cross every character)."""
    n = len(OVERLAP_TEXT)
    spans = [(i, n - i) for i in range(k)] if shape == "nested" else [(i, min(n, i + 900)) for i in range(k)]
    return [(span, dict(verdict=VERDICTS[i % len(VERDICTS)])) for i, span in enumerate(spans)]


# What one more claim may add to the article's HTML, however many it overlaps: its number
# badge (<a class="marker" href="#claim-NNNN" style="background-color:#…;color:#…">[NNNN]</a> and
# the gap after it, about 130 bytes) and at most two more cuts of the text, each a <mark> of
# at most about 435 bytes: a class (20), a line below the text for each of the other claims
# shown (SHOWN_DEPTH - 1 of them, 20 bytes each: 140, with ' style="box-shadow:…"' 160), a
# title naming SHOWN_DEPTH claims ("Claim NNNN: Pants on Fire; ", 27 bytes each: 216) and
# how many more surround them (22), and the tags (30). 130 + 2 × 435 = 1,000.
HTML_PER_CLAIM = 1_000


@pytest.mark.parametrize("shape", ["nested", "crossing"])
def test_the_article_grows_linearly_with_overlapping_claims(shape):
    def article_size(k: int) -> int:
        html = render_html(make_report(claims=overlapping(k, shape), text=OVERLAP_TEXT))
        return len(section(html, "The article", "Claims"))

    empty = article_size(0)
    for k in (50, 400):
        assert article_size(k) <= HTML_PER_CLAIM * k + empty, k


def test_deeply_overlapping_claims_show_the_innermost_and_say_so():
    report = make_report(claims=overlapping(60, "nested"), text=OVERLAP_TEXT)
    html = render_html(report)
    assert not Document(html).errors
    article = section(html, "The article", "Claims")
    for numbered in report.claims:
        assert f'href="#claim-{numbered.number}"' in article
    assert f"Where more than {SHOWN_DEPTH} claims overlap" in Document(article).text
    titles = re.findall(r'<mark [^>]*title="([^"]*)"', article)
    assert "52 more around it; " + "; ".join(f"Claim {c.number}: {c.verdict_label}"
                                             for c in report.claims[52:]) in titles
    # One class per colour in the text, not one per piece: Qt (the preview, the PDF) matches
    # every class rule against every element.
    rules = re.findall(r"mark\.(hl\d+) \{", html)
    assert len(rules) == len(set(rules)) <= len(VERDICTS)
    assert "<mark style=" not in article
