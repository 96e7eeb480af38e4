"""Reports to render (an article with claims of several verdicts, built through a real library),
and an HTML checker shared by the tests of the report renderers."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, ClaimStatus, Source, Stance
from factcheck.core.report import Organisation, Report, ReportOptions, build_report
from factcheck.store import SQLiteStore

REPORT_TEXT = (
    "Mayor says crime fell 40%\n\n"
    "Crime fell 40% last year, the mayor 🏛️ said on Monday.\n"
    "Police figures 📊 show a fall of 12%.\n\n"
    "The budget is balanced, she added. The council disagrees."
)
NOW = datetime(2024, 5, 7, 15, 30, tzinfo=UTC)


def span(phrase: str, text: str = REPORT_TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


SAMPLE_CLAIMS = [
    # phrase, fields
    ("Crime fell 40% last year", dict(
        claimant="Mayor Ada Lovelace", claim_date="2024-05-06", verdict="False", status=ClaimStatus.APPROVED,
        reviewer="Dana Editor", rationale="Police data show a 12% fall.\n\nThe mayor later said 40% was a typo.",
        updated_at="2024-05-07T09:15:00+00:00",
        sources=(Source(url="https://police.example/stats?year=2023", title="Crime statistics 2023",
                        publisher="City Police", date="2024-02-01", excerpt="Recorded crime fell by 12%.",
                        stance=Stance.REFUTES),
                 Source(url="file:///etc/passwd", title="A local file", stance=Stance.CONTEXT)))),
    ("40% last year, the mayor", dict(
        claimant="Council press office", verdict="Mostly False", status=ClaimStatus.IN_REVIEW,
        rationale="Overlaps the first claim on purpose.")),
    ("Police figures 📊 show a fall of 12%.", dict(status=ClaimStatus.DRAFT)),
    ("The budget is balanced", dict(
        claimant="Mayor Ada Lovelace", verdict="Half True", status=ClaimStatus.APPROVED,
        rationale="Balanced only after a one-off transfer.",
        sources=(Source(url="https://council.example/budget", title="Budget 2024", publisher="Council",
                        stance=Stance.SUPPORTS),))),
    ("budget", dict(verdict="True", status=ClaimStatus.DRAFT, claimant="Budget office")),
]


FIGURES_TEXT = "Overtime doubled\n\nA total of 13 hours were paid.\n\n40% of the budget went on roads and 2,500 homes."
FIGURE_CLAIMS = [("2,500 homes", {}), ("40% of the budget", {}), ("13 hours", {})]
"""Claims whose quotes begin with figures, marked last first: "13 hours" may be claim 3 ("313 hours")."""


def make_report(claims=SAMPLE_CLAIMS, options: ReportOptions = ReportOptions(), text: str = REPORT_TEXT,
                organisation: Organisation | None = Organisation("The Daily Check", "https://check.example"),
                **article_fields) -> Report:
    """A report built the way the app builds one: claims stored in a library, read back."""
    library = SQLiteStore.in_memory(user="tester")
    fields = dict(title="Mayor says crime fell 40%", outlet="Gazette", author="Zoë Writer",
                  url="https://gazette.example/mayor", published="2024-05-06", rating_scale="politifact")
    fields.update(article_fields)
    article = library.add_article(Article(text=text, **fields))
    for phrase, claim_fields in claims:
        start, end = span(phrase, text) if isinstance(phrase, str) else phrase
        library.add_claim(Claim(anchor=make_anchor(text, start, end), article_id=article.id, **claim_fields))
    return build_report(library.article(article.id), library.scale(article.rating_scale),
                        library.claims(article.id), options, organisation, now=NOW)


class Document(HTMLParser):
    """An HTML document parsed for checking: its elements, its text, and whether its tags balance."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    BLOCK = {"p", "br", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "blockquote", "div", "section",
             "table", "ul", "ol", "header", "footer", "hr", "pre"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.chunks: list[str] = []
        self.feed(html)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in self.BLOCK:
            self.chunks.append(" ")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in self.BLOCK:
            self.chunks.append(" ")

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()
        if tag in self.BLOCK:
            self.chunks.append(" ")

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        """All text, white space runs collapsed to one space."""
        return " ".join("".join(self.chunks).split())

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]

    def hrefs(self) -> list[str]:
        return [attrs.get("href") or "" for attrs in self.tags("a")]


def assert_inert(document: Document) -> None:
    """No script, no event handler, no link that is not http(s) or a jump inside the report."""
    assert not document.errors, document.errors
    assert not document.tags("script")
    for tag, attrs in document.elements:
        assert tag not in ("script", "iframe", "object", "embed", "img", "link", "base", "form"), tag
        assert not [a for a in attrs if a.lower().startswith("on")], (tag, attrs)
        assert "src" not in attrs and "srcdoc" not in attrs, (tag, attrs)
    for href in document.hrefs():
        assert href.startswith(("http://", "https://", "#claim-")), href


def squash(text: str) -> str:
    return " ".join(text.split())
