"""The Markdown report: complete, readable as text, and rendered by CommonMark as the same text, never markup."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from report_rendering_helpers import (
    FIGURE_CLAIMS,
    FIGURES_TEXT,
    REPORT_TEXT,
    SAMPLE_CLAIMS,
    Document,
    assert_inert,
    make_report,
    squash,
)

from factcheck.core.anchors import trim_span
from factcheck.core.claims import Source, Stance
from factcheck.core.report import Organisation, ReportOptions
from factcheck.io.report_markdown import escape_inline, escape_line, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[click](javascript:alert(3))",
    "![img](javascript:alert(4))",
    "<javascript:alert(5)>",
    "[ref]: javascript:alert(6)",
    "*em* **strong** _em_ __strong__ ~~del~~",
    "`code` ``more``",
    "# heading",
    "| a | b |",
    "&lt;b&gt; &amp; &#60;i&#62; &copy",
    "\\",
    "1. item",
    "- item",
    "> quote",
    "---",
    "===",
    "    indented code",
    "```",
    "www.example.com https://example.com",
]


def commonmark(text: str) -> str:
    """GitHub-flavoured enough: CommonMark (raw HTML allowed!) with tables and strikethrough."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


def rendered(report) -> Document:
    return Document(commonmark(render_markdown(report)))


def part(markdown: str, heading: str, next_heading: str | None) -> str:
    start = markdown.index(f"\n## {heading}\n")
    end = markdown.index(f"\n## {next_heading}\n") if next_heading else len(markdown)
    return markdown[start:end]


def test_headings_and_order():
    markdown = render_markdown(make_report())
    assert markdown.startswith("# Mayor says crime fell 40%\n")
    positions = [markdown.index(h) for h in ("\n## Summary\n", "\n## The article\n", "\n## Claims\n",
                                             "\n## How we rate\n", "\n---\n")]
    assert positions == sorted(positions)
    assert markdown.endswith(".\n")


def test_metadata():
    document = rendered(make_report())
    for expected in ("Outlet: Gazette", "Author: Zoë Writer", "Published: 6 May 2024",
                     "URL: https://gazette.example/mayor", "Fact-check report · The Daily Check"):
        assert expected in document.text
    assert "https://gazette.example/mayor" in document.hrefs()


def test_summary_table_counts_every_verdict():
    report = make_report()
    summary = part(render_markdown(report), "Summary", "The article")
    assert "**5 claims** checked, **2** approved." in summary
    for count in report.verdict_counts():
        assert re.search(rf"^\| {re.escape(count.label)} \| {count.count} \| █{{4}} 20% \|$", summary, re.MULTILINE)
    html = commonmark(summary)
    assert html.count("<tr>") == 1 + len(report.verdict_counts())


def test_claims_carry_every_field():
    report = make_report()
    markdown = render_markdown(report)
    claims = part(markdown, "Claims", "How we rate")
    sections = re.split(r"^### ", claims, flags=re.MULTILINE)[1:]
    assert len(sections) == 5
    for numbered, text in zip(report.claims, sections, strict=True):
        assert text.startswith(f"{numbered.number}. {numbered.verdict_label}\n")
        assert f"> {escape_line(numbered.claim.quote)}" in text
        assert f"- **Verdict:** {numbered.verdict_label}" in text
        if numbered.verdict:
            assert numbered.verdict.definition in text
        assert "- **Status:** " in text
    first = squash(Document(commonmark(sections[0])).text)
    for expected in ("Claimant: Mayor Ada Lovelace", "Claim date: 6 May 2024", "Status: Approved",
                     "Reviewer: Dana Editor", "Last change: 7 May 2024, 09:15 UTC",
                     "Police data show a 12% fall.", "The mayor later said 40% was a typo.",
                     "Crime statistics 2023 — City Police — 1 February 2024 — refutes",
                     "Recorded crime fell by 12%."):
        assert expected in first
    assert "\n\nThe mayor later said" in sections[0], "the rationale keeps its paragraphs"
    assert "*No rationale written yet.*" in sections[2]


def test_source_links_only_for_http_and_https():
    document = rendered(make_report())
    links = document.hrefs()
    assert "https://police.example/stats?year=2023" in links
    assert "https://council.example/budget" in links
    assert not any(h.startswith("file:") for h in links)
    assert "Address (not a web link): file:///etc/passwd" in document.text


def test_link_targets_with_brackets_spaces_and_angles_stay_one_link():
    url = "https://x.example/wiki/Foo_(bar) baz<q>?a=1&b=*2*"
    claims = [("Crime fell 40% last year", dict(sources=(Source(url=url, title="Odd [title]",
                                                                stance=Stance.CONTEXT),)))]
    document = rendered(make_report(claims=claims))
    assert "https://x.example/wiki/Foo_%28bar%29%20baz%3Cq%3E?a=1&b=*2*" in document.hrefs()
    assert "Odd [title]" in document.text


def test_methodology_table_lists_every_verdict():
    report = make_report()
    methodology = part(render_markdown(report), "How we rate", None)
    assert report.scale.name in methodology
    for verdict in report.scale.verdicts:
        assert f"| {escape_inline(verdict.label)} | {escape_inline(verdict.definition)} |" in methodology


def test_footer():
    markdown = render_markdown(make_report())
    assert markdown.rstrip().splitlines()[-1].startswith("Report made 7 May 2024, 15:30 UTC with factcheck ")
    assert "[The Daily Check](https://check.example)" in markdown
    assert "Daily Check" not in render_markdown(make_report(organisation=None))


def test_article_text_marks_claims_where_they_start():
    report = make_report()
    article = part(render_markdown(report), "The article", "Claims")
    assert "⟦1⟧ **Crime fell ⟦2⟧ 40% last year, the mayor**" in article
    assert "⟦4⟧ **The ⟦5⟧ budget is balanced**, she added." in article
    assert "said on Monday.  \n⟦3⟧ **Police figures 📊 show a fall of 12%.**" in article, "a line break is kept"
    text = Document(commonmark(article)).text
    expected = REPORT_TEXT
    for numbered in sorted(report.claims, key=lambda c: c.claim.sort_key(), reverse=True):
        expected = expected[: numbered.claim.start] + f"⟦{numbered.number}⟧ " + expected[numbered.claim.start:]
    assert text == "The article " + squash(expected)


def test_a_claim_number_never_runs_into_the_figure_its_quote_begins_with():
    report = make_report(claims=FIGURE_CLAIMS, text=FIGURES_TEXT)
    article = part(render_markdown(report), "The article", "Claims")
    copied = Document(commonmark(article)).text
    for numbered in report.claims:
        number, quote = numbered.number, numbered.claim.quote
        assert f"⟦{number}⟧ **{quote}**" in article
        assert f"⟦{number}⟧ {quote}" in copied
        assert f"⟦{number}⟧{quote}" not in copied


def test_approved_only_and_status():
    markdown = render_markdown(make_report(options=ReportOptions(approved_only=True)))
    assert markdown.count("\n### ") == 2
    assert "**Status:**" not in markdown
    assert "approved claims only" in markdown
    assert render_markdown(make_report()).count("**Status:**") == 5


def test_leaving_out_the_text():
    markdown = render_markdown(make_report(options=ReportOptions(include_text=False)))
    assert "## The article" not in markdown
    assert "said on Monday" not in markdown
    assert markdown.count("\n### ") == 5


def test_no_claims():
    markdown = render_markdown(make_report(claims=[]))
    assert "**0 claims** checked" in markdown
    assert "No claims are included" in markdown
    assert "| Verdict | Claims |" not in markdown


def test_hostile_text_everywhere_stays_text():
    bad = "\n".join(HOSTILE)
    claims = [(phrase, dict(fields, claimant=bad, rationale=bad + "\n\n" + bad, reviewer=bad,
                            sources=(Source(url="javascript:alert(7)", title=bad, publisher=bad, excerpt=bad),
                                     Source(url="https://ok.example/)[x](javascript:alert(8))", title=bad))))
              for phrase, fields in SAMPLE_CLAIMS]
    report = make_report(claims=claims, title=bad, outlet=bad, author=bad, url="javascript:alert(9)",
                         organisation=Organisation(bad, "javascript:alert(10)"))
    html = commonmark(render_markdown(report))
    document = Document(html)
    assert_inert(document)
    assert not re.search(r"<[a-zA-Z][^>]*\son\w+\s*=", html)
    for tag in ("code", "pre", "h4", "h5", "h6", "del", "img"):
        assert not document.tags(tag), tag
    assert len(document.tags("table")) == 2  # the summary and the scale
    assert len(document.tags("hr")) == 1  # above the footer
    assert document.hrefs().count("https://ok.example/%29%5Bx%5D%28javascript:alert%288%29%29") == 5
    assert document.text.count(squash(bad)) >= 5 * 5  # claimant, reviewer, titles, publisher, rationale …


MARKUP = st.sampled_from(HOSTILE + ["*", "_", "**", "__", "`", "[", "]", "(", ")", "<", ">", "&", "#", "|",
                                    "~", "!", "\\", "\n", "\n\n", " ", "    ", "1.", "-", "=", "+", "$", "&amp;"])
hostile_text = st.lists(st.one_of(MARKUP, st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=6)),
                        max_size=8).map("".join)


@settings(max_examples=200)
@given(title=hostile_text, claimant=hostile_text, rationale=hostile_text, source_title=hostile_text,
       excerpt=hostile_text,
       url=st.one_of(st.sampled_from(["javascript:alert(1)", "https://ok.example/a)b", "data:text/html,x",
                                      "https://ok.example/x y<z>"]), hostile_text))
def test_random_text_renders_as_the_same_text_never_markup(title, claimant, rationale, source_title, excerpt, url):
    claims = [("Crime fell 40% last year", dict(claimant=claimant, rationale=rationale, reviewer=title,
                                                sources=(Source(url=url, title=source_title, excerpt=excerpt),)))]
    report = make_report(claims=claims, title=title, author=claimant)
    markdown = render_markdown(report)
    html = commonmark(markdown)
    document = Document(html)
    assert_inert(document)
    for tag in ("code", "pre", "h4", "h5", "h6", "del", "img"):
        assert not document.tags(tag), (tag, markdown)
    assert len(document.tags("table")) == 2
    text = document.text
    for value in (claimant, title, rationale, excerpt):
        assert squash(value) in text, (value, markdown)
    # The report's own headings and links only.
    assert len(document.tags("h1")) == 1
    assert len(document.tags("h3")) == 1
    assert all(h.startswith(("http://", "https://")) for h in document.hrefs())


@settings(max_examples=300)
@given(st.data())
def test_random_claims_are_bolded_in_place_without_stray_markup(data):
    alphabet = st.sampled_from(list("ab1 .,!?“”'\"-#>(*)_[]\n📊") + ["\n\n", "  ", "\t", "€", "⟧"])
    text = "".join(data.draw(st.lists(alphabet, min_size=1, max_size=40)))
    if not text.strip():
        text = "a" + text
    spans = []
    for _ in range(data.draw(st.integers(0, 4))):
        a = data.draw(st.integers(0, len(text) - 1))
        b = data.draw(st.integers(a + 1, len(text)))
        a, b = trim_span(text, a, b)
        if a < b:
            spans.append(((a, b), {}))
    report = make_report(claims=spans, text=text)
    markdown = part(render_markdown(report), "The article", "Claims")
    document = Document(commonmark(markdown))
    assert not document.errors
    for tag in ("em", "code", "h1", "h3", "ul", "ol", "blockquote", "pre", "hr", "table", "a"):
        assert not document.tags(tag), (tag, markdown)
    expected = text
    for numbered in sorted(report.claims, key=lambda c: c.claim.sort_key(), reverse=True):
        expected = expected[: numbered.claim.start] + f"⟦{numbered.number}⟧ " + expected[numbered.claim.start:]
    assert document.text == squash("The article " + expected), markdown  # so no stray "**" either
    if any(ch.isalnum() for c in report.claims for ch in c.claim.quote):
        assert document.tags("strong"), markdown


def test_bold_opens_and_closes_next_to_letters_and_punctuation():
    text = "He said“Crime fell.”Then x(y)z and 40%-ish and a.b"
    claims = [(text.index("“Crime"), text.index("Then")), (text.index("(y)"), text.index("(y)") + 3),
              (text.index("%"), text.index("%") + 1)]
    report = make_report(claims=[(c, {}) for c in claims], text=text)
    markdown = part(render_markdown(report), "The article", "Claims")
    html = commonmark(markdown)
    assert "**" not in Document(html).text, markdown
    # Punctuation that would stop the bold from closing before a letter is left outside it.
    assert "He said⟦1⟧ <strong>“Crime fell.</strong>”Then" in html, markdown
    assert "x⟦2⟧ <strong>(y</strong>)z" in html, markdown
    assert "40⟦3⟧ <strong>%</strong>-ish" in html, markdown


# ------------------------------------------------------------------ many overlapping claims

OVERLAP_TEXT = "Claims on claims on claims. " * 40  # 1,120 characters


def overlapping(k: int, shape: str) -> list:
    """``k`` claims on OVERLAP_TEXT: each nested in the one before, or each 900 characters long and
    starting a character after the one before (so that hundreds cross every character)."""
    n = len(OVERLAP_TEXT)
    spans = [(i, n - i) for i in range(k)] if shape == "nested" else [(i, min(n, i + 900)) for i in range(k)]
    return [(span, dict(verdict="False" if i % 2 else None)) for i, span in enumerate(spans)]


# What one more claim may add to the article's Markdown, however many it overlaps: its number,
# "⟦NNNN⟧ " (7 characters), and at most two more changes between bold and plain text, each
# closing and opening "**" (4): 7 + 2 × 4 = 15.
MARKDOWN_PER_CLAIM = 15


@pytest.mark.parametrize("shape", ["nested", "crossing"])
def test_the_article_grows_linearly_with_overlapping_claims(shape):
    def article_size(k: int) -> int:
        markdown = render_markdown(make_report(claims=overlapping(k, shape), text=OVERLAP_TEXT))
        return len(part(markdown, "The article", "Claims"))

    empty = article_size(0)
    for k in (50, 400):
        assert article_size(k) <= MARKDOWN_PER_CLAIM * k + empty, k
    report = make_report(claims=overlapping(400, shape), text=OVERLAP_TEXT)
    text = squash(Document(commonmark(part(render_markdown(report), "The article", "Claims"))).text)
    assert all(f"⟦{c.number}⟧" in text for c in report.claims)
