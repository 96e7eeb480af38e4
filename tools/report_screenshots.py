"""Render the sample reports and take their pictures.

    python tools/report_screenshots.py docs/screenshots

Writes report-sample.html and report-sample.md to a temporary folder (printed)
and, with poppler-utils installed, saves the PDF factcheck writes as
report-pdf.png (pages 1 and 3 side by side) and report-pdf-figures.png (the
first page of a report whose claims begin with figures, "[3] 13 hours"). With
Debian's chromium installed too, it saves report-html.png (the page on screen)
and report-print.png (pages 2 and 3 of chromium's print preview). The sample has
overlapping claims, an unrated claim and one whose text is hostile (markup, a
javascript: link), to show that it stays text.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from factcheck.assets import seed_article
from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article, guess_title
from factcheck.core.claims import Claim, ClaimStatus, Source, Stance
from factcheck.core.report import Organisation, Report, ReportOptions, build_report
from factcheck.io.report_html import render_html
from factcheck.io.report_markdown import render_markdown
from factcheck.store import Library

CLAIMS = [
    # quote, claimant, claim date, verdict, status, reviewer, rationale
    ("Putin & I discussed forming an impenetrable Cyber Security unit", "Donald Trump", "2017-07-09",
     "Misleading", ClaimStatus.IN_REVIEW, "Sam Ortiz",
     ("The two leaders did discuss a joint unit, but the President disowned the idea within 13 hours.\n\n"
     "No such unit was ever set up.")),
    (("an impenetrable Cyber Security unit so that election hacking, & many other negative things, "
     "will be guarded"), "Donald Trump", "2017-07-09", "False", ClaimStatus.APPROVED, "Dana Kim",
     ("Security experts quoted at the time said a joint unit could not guard against hacking by one of "
     "its own members.")),
    ("It's not the dumbest idea I've ever heard, but it's pretty close", "Lindsey Graham", "2017-07-09",
     "Opinion — not checkable", ClaimStatus.APPROVED, "Dana Kim",
     "A judgement, not a statement of fact: noted, not rated."),
    ("Russian operatives were the chief suspects behind a breach at power plants across the US",
     "The Independent", None, "Accurate", ClaimStatus.APPROVED, "Dana Kim",
     "US officials named Russian state hackers in the 2017 intrusions into energy-sector networks."),
    ("Mr Trump talked with Mr Putin for around two and a half hours at the G20 summit in Hamburg",
     "The Independent", "2017-07-07", "Mostly accurate", ClaimStatus.DRAFT, "",
     "The bilateral meeting ran about 2 hours 15 minutes according to the White House."),
    ("He vehemently denied it", '"><img src=x onerror=alert(1)> <script>alert("claimant")</script>',
     "2017-07-09", None, ClaimStatus.DRAFT, "",
     ("Not rated yet. Hostile text stays text: <script>alert(1)</script> [click me](javascript:alert(1)) "
     "*not emphasis* _nor this_ `nor code` | a | table |\n# not a heading")),
    ("sanctions were not discussed", "Donald Trump", "2017-07-09", "Unverifiable", ClaimStatus.DRAFT, "", ""),
]

SOURCES = {
    0: [Source(url="https://twitter.com/realDonaldTrump/status/884016887692713986",
               title="“Putin & I discussed forming an impenetrable Cyber Security unit…”",
               publisher="Twitter", date="2017-07-09", stance=Stance.SUPPORTS,
               excerpt="The original post, 9 July 2017, 07:50 ET."),
        Source(url="https://twitter.com/realDonaldTrump/status/884472800262623232",
               title="“…doesn't mean I think it can happen. It can't”", publisher="Twitter",
               date="2017-07-09", stance=Stance.REFUTES,
               excerpt="Posted some 13 hours later, withdrawing the idea.")],
    1: [Source(url="https://www.dni.gov/files/documents/ICA_2017_01.pdf",
               title="Assessing Russian Activities and Intentions in Recent US Elections",
               publisher="Office of the Director of National Intelligence", date="2017-01-06",
               stance=Stance.REFUTES,
               excerpt="We assess Russian President Vladimir Putin ordered an influence campaign in 2016 "
                       "aimed at the US presidential election.")],
    5: [Source(url="javascript:alert(document.cookie)", title="[a trap](javascript:alert(1))",
               publisher="<b>Nobody</b>", stance=Stance.CONTEXT, excerpt="<img src=x onerror=alert(2)>")],
}


def sample_report(options: ReportOptions | None = None) -> Report:
    """The seed article with the sample claims, as a report (built in a throw-away library)."""
    text = seed_article().read_text(encoding="utf-8")
    library = Library.in_memory(user="Sam Ortiz")
    article = library.add_article(Article(
        # Illustrative metadata: the seed file carries none, and the sample invents no facts.
        title=guess_title(text), text=text, outlet="Example News", author="Staff reporter",
        url="https://news.example/world/trump-putin-cyber-security-unit",
        published=None, rating_scale="newsroom"))
    for n, (quote, claimant, day, verdict, status, reviewer, rationale) in enumerate(CLAIMS):
        start = text.index(quote)
        claim = library.add_claim(Claim(
            anchor=make_anchor(text, start, start + len(quote)), article_id=article.id, claimant=claimant,
            claim_date=day, verdict=verdict, rationale=rationale, status=status, reviewer=reviewer,
            sources=tuple(SOURCES.get(n, ())), updated_at=f"2017-07-1{n % 3 + 1}T09:{10 + n}:00+00:00"))
        assert claim.id is not None
    return build_report(library.article(article.id), library.scale(article.rating_scale),
                        library.claims(article.id), options or ReportOptions(),
                        Organisation("The Daily Check", "https://check.example"),
                        now=datetime(2017, 7, 12, 16, 30, tzinfo=UTC))


FIGURES_TEXT = """The city council on Tuesday approved a budget that, it says, pays for 2,500 new homes by 2027.

Council leader Maria Jones told the meeting that 40% of the budget would go on housing, up from a quarter last year.

Planning staff worked 13 hours of overtime a week to prepare the plans, she added.

The opposition disputed the figures. “1.2 million residents will see their council tax rise,” said councillor Tom Reed.

Officials said 300 buses would be replaced with electric models over five years. The budget takes effect in April.
"""
"""An invented article (no real council) whose claims begin with figures."""

FIGURE_CLAIMS = [
    # quote, verdict, rationale
    ("2,500 new homes by 2027", "Mostly accurate",
     "The budget funds 2,350 homes; the other 150 depend on a grant not yet awarded."),
    ("40% of the budget would go on housing", "Misleading",
     "40% includes loans to the housing company, repaid within the year; spending is 31%."),
    ("13 hours of overtime a week", "Accurate", "Timesheets for the planning office show 13 hours a week."),
    ("1.2 million residents will see their council tax rise", "False",
     "The city has 640,000 residents; the rise applies to homes in the top two bands only."),
    ("300 buses would be replaced", "Unverifiable", "The fleet plan has not been published."),
]


def figures_report() -> Report:
    """A report whose claims each begin with a figure, marked in reading order."""
    text = FIGURES_TEXT
    library = Library.in_memory(user="Sam Ortiz")
    article = library.add_article(Article(
        title="Council says its budget pays for 2,500 homes", text=text, outlet="Example News",
        author="Staff reporter", url="https://news.example/city/council-budget", published="2024-03-05", rating_scale="newsroom"))
    for n, (quote, verdict, rationale) in enumerate(FIGURE_CLAIMS):
        start = text.index(quote)
        library.add_claim(Claim(
            anchor=make_anchor(text, start, start + len(quote)), article_id=article.id, claimant="Maria Jones",
            claim_date="2024-03-05", verdict=verdict, rationale=rationale, status=ClaimStatus.APPROVED,
            reviewer="Dana Kim", updated_at=f"2024-03-0{6 + n % 2}T10:{10 + n}:00+00:00"))
    return build_report(library.article(article.id), library.scale(article.rating_scale),
                        library.claims(article.id), ReportOptions(),
                        Organisation("The Daily Check", "https://check.example"),
                        now=datetime(2024, 3, 7, 16, 30, tzinfo=UTC))


def side_by_side(pages: list[Path], out: Path) -> None:
    """The pictures in a row, each with a grey frame (Qt draws it: no ImageMagick needed)."""
    from PySide6.QtGui import QColor, QImage, QPainter

    images = [QImage(str(page)) for page in pages]
    row = QImage(sum(i.width() + 2 for i in images), max(i.height() + 2 for i in images),
                 QImage.Format.Format_RGB32)
    row.fill(QColor("#ffffff"))
    painter = QPainter(row)
    x = 0
    for image in images:
        painter.fillRect(x, 0, image.width() + 2, image.height() + 2, QColor("#9e9e9e"))
        painter.drawImage(x + 1, 1, image)
        x += image.width() + 2
    painter.end()
    row.save(str(out))


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def main(out: Path) -> None:
    from factcheck.ui.pdf_report import render_pdf

    work = Path(tempfile.mkdtemp(prefix="factcheck-report-"))
    report = sample_report()
    html_file = work / "report-sample.html"
    html_file.write_text(render_html(report), encoding="utf-8")
    (work / "report-sample.md").write_text(render_markdown(report), encoding="utf-8")
    print(f"wrote {html_file} and report-sample.md")
    if not shutil.which("pdftoppm"):
        sys.exit("no pdftoppm found: apt-get install poppler-utils, then run again")
    out.mkdir(parents=True, exist_ok=True)

    # The PDF factcheck itself writes (File > Export..., `factcheck export --format pdf`): pages 1 and 3.
    own = work / "report-factcheck.pdf"
    own.write_bytes(render_pdf(report, "A4"))
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(own), str(work / "own")], check=True, capture_output=True)
    own_pages = sorted(work.glob("own*.png"))
    side_by_side([own_pages[0], own_pages[min(2, len(own_pages) - 1)]], out / "report-pdf.png")
    # A page whose claims begin with figures: each number stays apart from the figure after it.
    figures = work / "report-figures.pdf"
    figures.write_bytes(render_pdf(figures_report(), "A4"))
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(figures),
                    str(out / "report-pdf-figures")], check=True, capture_output=True)
    print(f"saved {out / 'report-pdf.png'} ({len(own_pages)} PDF pages in {own}) and "
          f"{out / 'report-pdf-figures.png'}")

    browser = chromium()
    if browser is None:
        sys.exit("no chromium found: apt-get install chromium, then run again for the HTML pictures")
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--hide-scrollbars"]
    subprocess.run([*flags, f"--screenshot={out / 'report-html.png'}", "--window-size=1100,2600",
                    html_file.as_uri()], check=True, capture_output=True)
    pdf = work / "report-sample.pdf"
    subprocess.run([*flags, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html_file.as_uri()],
                   check=True, capture_output=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(work / "page")], check=True)
    pages = sorted(work.glob("page*.png"))
    # Pages 2 and 3 side by side: highlights and a claim card as printed.
    side_by_side(pages[1:3] if len(pages) >= 3 else pages[:1], out / "report-print.png")
    print(f"saved {out / 'report-html.png'} and {out / 'report-print.png'} ({len(pages)} print pages in {work})")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
