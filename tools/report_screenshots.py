"""Render the sample report (the seed article, several verdicts) and take its pictures.

    python tools/report_screenshots.py docs/screenshots

Writes report-sample.html and report-sample.md to a temporary folder (printed),
then, with Debian's chromium and poppler-utils installed, saves
report-html.png (the page on screen) and report-print.png (pages 2 and 3 of
chromium's print preview, side by side when ImageMagick's convert is there). The sample has overlapping claims, an unrated claim and one whose
text is hostile (markup, a javascript: link), to show that it stays text.
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


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def main(out: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="factcheck-report-"))
    report = sample_report()
    html_file = work / "report-sample.html"
    html_file.write_text(render_html(report), encoding="utf-8")
    (work / "report-sample.md").write_text(render_markdown(report), encoding="utf-8")
    print(f"wrote {html_file} and report-sample.md")
    browser = chromium()
    if browser is None:
        sys.exit("no chromium found: apt-get install chromium poppler-utils, then run again")
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--hide-scrollbars"]
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([*flags, f"--screenshot={out / 'report-html.png'}", "--window-size=1100,2600",
                    html_file.as_uri()], check=True, capture_output=True)
    pdf = work / "report-sample.pdf"
    subprocess.run([*flags, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html_file.as_uri()],
                   check=True, capture_output=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(work / "page")], check=True)
    pages = sorted(work.glob("page*.png"))
    # Pages 2 and 3 side by side: highlights and a claim card as printed.
    shown = pages[1:3] if len(pages) >= 3 else pages[:1]
    if shutil.which("convert"):
        subprocess.run(["convert", *map(str, shown), "-bordercolor", "#9e9e9e", "-border", "1", "+append",
                        str(out / "report-print.png")], check=True)
    else:
        shutil.copy(shown[0], out / "report-print.png")
    print(f"saved {out / 'report-html.png'} and {out / 'report-print.png'} ({len(pages)} print pages in {work})")

    # The PDF factcheck itself writes (File > Export..., `factcheck export --format pdf`): pages 1 and 3.
    from factcheck.ui.pdf_report import render_pdf

    own = work / "report-factcheck.pdf"
    own.write_bytes(render_pdf(report, "A4"))
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(own), str(work / "own")], check=True, capture_output=True)
    own_pages = sorted(work.glob("own*.png"))
    shown = [own_pages[0], own_pages[min(2, len(own_pages) - 1)]]
    if shutil.which("convert"):
        subprocess.run(["convert", *map(str, shown), "-bordercolor", "#9e9e9e", "-border", "1", "+append",
                        str(out / "report-pdf.png")], check=True)
    else:
        shutil.copy(shown[0], out / "report-pdf.png")
    print(f"saved {out / 'report-pdf.png'} ({len(own_pages)} PDF pages in {own})")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
