"""The report as one self-contained HTML5 file: for reading on screen, for print, to send on.

Styles are inline in a ``<style>`` element; the file has no scripts and makes no
requests (a Content-Security-Policy says so to the browser as well). Every text
that a user or an article supplied goes through :func:`html.escape`, and only
http and https addresses ever become links.
"""

from __future__ import annotations

import re
from html import escape

from factcheck.core.claims import ClaimStatus, Source, Stance
from factcheck.core.report import SHOWN_DEPTH, ChainStep, NumberedClaim, Report
from factcheck.io.report_presentation import (
    CHANGED_WORDING,
    Line,
    article_paragraphs,
    encode_url,
    format_date,
    format_timestamp,
    is_web_url,
    orphan_note,
    revision_line,
    safe_color,
    text_color_on,
    tint,
)

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { background: #fff; }
body {
  margin: 0 auto; max-width: 46em; padding: 3.5rem 1.5rem 4rem;
  font-family: Georgia, "DejaVu Serif", serif; font-size: 1.0625rem; line-height: 1.6;
  color: #1f1f1c; background: #fff; overflow-wrap: break-word;
}
.sans, .kicker, .meta, .plain-url, .chip, .status, .num, .marker, table.counts, table.scale, .label, .stance, .colophon, .note {
  font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
}
h1, h2, h3 { font-weight: normal; line-height: 1.25; color: #111; }
h1 { font-size: 2.1rem; margin: .2em 0 .45em; }
h2 {
  font-size: 1.45rem; margin: 2.6em 0 .8em; padding-bottom: .3em; border-bottom: 1px solid #d8d5cd;
  break-after: avoid;
}
h3 {
  margin: 1.3em 0 .35em; font-size: .72rem; font-weight: bold; letter-spacing: .1em; text-transform: uppercase;
  color: #6b6860; break-after: avoid;
}
p { margin: 0 0 .9em; }
a { color: #1a4f8b; text-decoration-thickness: 1px; text-underline-offset: 2px; }
.kicker {
  margin: 0; font-size: .78rem; letter-spacing: .12em; text-transform: uppercase; color: #6b6860;
}
.meta { font-size: .9rem; color: #55524b; margin: 0 0 .3em; }
.sep { color: #b3afa5; }
.url { font-size: .85rem; overflow-wrap: anywhere; }
.url a { color: #55524b; }
.note { font-size: .85rem; color: #6b6860; }

.chip, .marker, mark, .swatch, table.bar td, .claim-body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.chip {
  display: inline-block; padding: .16em .65em .09em; border-radius: 1em; font-size: .78rem; font-weight: bold;
  line-height: 1.5; white-space: nowrap; letter-spacing: .02em;
}

.totals { font-size: 1.05rem; margin-bottom: 1em; }
table.counts { border-collapse: collapse; width: 100%; font-size: .9rem; }
table.counts td { padding: .35em .5em .35em 0; vertical-align: middle; }
table.counts td.label { width: 13em; }
table.counts td.count { width: 3em; text-align: right; font-variant-numeric: tabular-nums; padding-right: 1em; }
table.counts td.bar-cell { width: auto; }
table.bar { width: 100%; border-collapse: collapse; }
table.bar td { height: .8em; padding: 0; font-size: .45em; line-height: 1; }
table.bar td.rest { background-color: #f0eee9; }
.swatch { padding-right: .4em; }

.article p { margin-bottom: 1em; }
mark {
  color: #1f1f1c; padding: .05em 0; border-radius: 2px;
  text-decoration-line: underline; text-decoration-thickness: 2px; text-underline-offset: .2em;
  -webkit-box-decoration-break: clone; box-decoration-break: clone;
}
.marker {
  display: inline-block; margin: 0 .05em; padding: .05em .3em; border-radius: .8em;
  font-size: .7rem; font-weight: bold; line-height: 1.25; text-align: center; vertical-align: .5em;
  text-decoration: none;
}
a.marker { text-decoration: none; }
.marker-gap { display: inline-block; }  /* the highlight's underline starts at the quote, not before it */

table.claim {
  width: 100%; margin: 0 0 1.6em; border-collapse: collapse; break-inside: avoid; page-break-inside: avoid;
}
td.claim-body { padding: 1.1em 1.3em 1em; border: 1px solid #dcd9d1; vertical-align: top; }
.claim-head {
  display: flex; flex-wrap: wrap; align-items: center; gap: .4em .6em; margin-bottom: .7em; break-after: avoid;
}
.num {
  display: inline-block; min-width: 1.9em; padding: .14em .4em .06em; text-align: center;
  border: 1px solid #bdb9af; border-radius: 1em; font-size: .78rem; font-weight: bold; color: #3a3832;
}
.status {
  margin-left: auto; font-size: .72rem; letter-spacing: .08em; text-transform: uppercase; color: #6b6860;
  border: 1px solid #cfcbc1; border-radius: 3px; padding: .14em .45em .06em;
}
.status.approved { color: #2e6b31; border-color: #9cc39e; }
.quote {
  margin: 0 0 .4em; font-size: 1.18rem; line-height: 1.45; font-style: italic; color: #111; break-after: avoid;
}
.attribution { margin: 0 0 .9em; font-size: .88rem; color: #1f1f1c; }
.attribution .label, .claim-foot .label { color: #7a766c; font-size: .72rem; letter-spacing: .08em; text-transform: uppercase; padding-right: .3em; }
.definition { margin: 0 0 .9em; font-size: .92rem; color: #45433d; }
.definition .label { font-weight: bold; }
.rationale p { margin-bottom: .7em; }
.empty { color: #8a867c; font-style: italic; }
.sources { margin: .2em 0 .6em; padding-left: 1.4em; }
.sources li { margin-bottom: .7em; }
.sources .title { font-weight: bold; }
.sources .meta { font-size: .82rem; }
.stance { font-size: .7rem; letter-spacing: .08em; text-transform: uppercase; color: #6b6860; }
.stance.refutes { color: #a12622; }
.stance.supports { color: #2e6b31; }
.excerpt {
  margin: .35em 0 0; padding-left: .8em; border-left: 2px solid #dcd9d1; color: #45433d; font-size: .92rem;
}
.plain-url { overflow-wrap: anywhere; font-size: .82rem; color: #55524b; }
.claim-foot {
  margin-top: .8em; padding-top: .55em; border-top: 1px solid #ebe8e1; font-size: .8rem; break-before: avoid;
}

table.scale { border-collapse: collapse; width: 100%; font-size: .9rem; }
table.scale td { padding: .55em .8em .55em 0; vertical-align: top; border-bottom: 1px solid #ebe8e1; }
table.scale td.label { width: 13em; }
table.scale td.definition-cell { font-family: Georgia, "DejaVu Serif", serif; font-size: .95rem; }

.colophon {
  margin-top: 3.5em; padding-top: .8em; border-top: 1px solid #d8d5cd; font-size: .78rem; color: #6b6860;
}

@page { margin: 18mm 16mm 20mm; }
@media print {
  html, body { background: #fff; }
  body { max-width: none; padding: 0; font-size: 10.5pt; line-height: 1.5; color: #000; }
  h1 { font-size: 20pt; }
  h2 { font-size: 14pt; margin-top: 1.6em; }
  a, mark { color: #000; }
  a[href^="http"]::after {
    content: attr(href); display: inline-block; max-width: 100%; margin-left: .4em;
    font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; font-size: .78em; font-weight: normal;
    font-style: normal; color: #444; word-break: break-all;
  }
  .url a[href^="http"]::after { content: none; }
  p, li { orphans: 3; widows: 3; }
  td.claim-body { border-color: #bbb; }
  table.counts, table.scale tr, .summary { break-inside: avoid; }
  .article + .claims { break-before: page; }
  .claims h2 { margin-top: 0; }
}
"""

REVIEW_STYLE = """
ul.chain, ol.comments { margin: .2em 0 .6em; padding-left: 1.4em; font-size: .9rem; }
ul.chain li, ol.comments li { margin-bottom: .35em; }
ul.chain .label { color: #7a766c; font-size: .72rem; letter-spacing: .08em; text-transform: uppercase; padding-right: .3em; }
ul.chain .note, ol.comments .meta { color: #55524b; }
ol.comments .said { margin: .15em 0 0; color: #1f1f1c; }
ol.comments .said p { margin-bottom: .35em; }
"""
"""The review chain's and the comments' styles: only in a report that shows either (Qt's rich text
matches every rule against every element, and a report without them reads as it always did)."""

REVISION_STYLE = """
.coverage { font-size: .9rem; color: #2e6b31; }
.coverage.short { color: #8a4b00; }
.placement { margin: 0 0 .9em; font-size: .88rem; color: #8a4b00; }
.placement .label {
  color: #8a4b00; font-size: .72rem; letter-spacing: .08em; text-transform: uppercase; padding-right: .3em;
}
.placement .was { font-family: Georgia, "DejaVu Serif", serif; font-style: italic; color: #45433d; font-size: .95rem; }
"""
"""The styles of what a report says of revisions: only in the report of an article revised (or with
claims a revision changed)."""

# Tables carry width="100%" as an attribute too: Qt's rich text (the app's preview and the PDF,
# both drawn from this HTML) sizes tables by the attribute only. Every colour is a value, never
# `inherit`: Qt reads that as an invalid colour, and its PDF writer then sets a colour without
# numbers, which PDF readers report as a syntax error on every page that has one.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_NO_DEFINITION = '<span class="empty">No definition given.</span>'
_STATUS_CLASS = {ClaimStatus.APPROVED: "approved", ClaimStatus.IN_REVIEW: "in-review", ClaimStatus.DRAFT: "draft"}


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    article = report.article
    highlights = Highlights()
    text = _article_text(report, highlights) if report.options.include_text else ""
    parts = [
        "<!DOCTYPE html>\n",
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        ('<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"),
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="{_e(report.generator)}">\n',
        f"<title>Fact check: {_e(article.title)}</title>\n",
        f"<style>{STYLE}{REVIEW_STYLE if _shows_review(report) else ''}"
        f"{REVISION_STYLE if report.coverage.shown else ''}{highlights.css()}</style>\n</head>\n<body>\n",
        _header(report),
        _summary(report),
        text,
        _claims(report),
        _methodology(report),
        _colophon(report),
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def _shows_review(report: Report) -> bool:
    return any(c.chain or (report.options.include_comments and c.comments) for c in report.claims)


class Highlights:
    """One class per highlight colour in the article text, and its CSS rule.

    A highlight's class carries its tint and underline, so a piece of text names a
    class instead of repeating the style. There are as many classes as colours on
    the scale (and the neutral grey), never one per piece: Qt's rich text (the
    preview and the PDF) matches every class rule against every element.
    """

    def __init__(self) -> None:
        self._classes: dict[str, str] = {}

    def of(self, color: str) -> str:
        color = safe_color(color)
        name = self._classes.get(color)
        if name is None:
            name = self._classes[color] = f"hl{len(self._classes)}"
        return name

    def css(self) -> str:
        return "".join(f"mark.{name} {{ background-color: {tint(color)}; text-decoration-color: {color}; }}\n"
                       for color, name in self._classes.items())


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _link(url: str, text: str | None = None) -> str:
    """A link for an http(s) URL; any other URL is shown as plain text, never as a link."""
    shown = _e(text if text else url)
    if is_web_url(url):
        return f'<a href="{_e(encode_url(url))}" rel="noopener noreferrer">{shown}</a>'
    return shown


def _chip(label: str, color: str) -> str:
    color = safe_color(color)
    return (f'<span class="chip" style="background-color:{color};color:{text_color_on(color)}">'
            f"{_e(label)}</span>")


def _meta_line(items: list[str]) -> str:
    return '<span class="sep"> · </span>'.join(i for i in items if i)


# ------------------------------------------------------------------ sections

def _header(report: Report) -> str:
    article = report.article
    kicker = "Fact-check report"
    if report.organisation.name:
        kicker += f" · {report.organisation.name}"
    meta = _meta_line([
        f"<span>{_e(article.outlet)}</span>" if article.outlet else "",
        f"<span>By {_e(article.author)}</span>" if article.author else "",
        f"<span>Published {_e(format_date(article.published))}</span>" if article.published else "",
    ])
    out = ['<header class="masthead">\n', f'<p class="kicker">{_e(kicker)}</p>\n',
           f"<h1>{_e(article.title)}</h1>\n"]
    if meta:
        out.append(f'<p class="meta">{meta}</p>\n')
    if article.url:
        out.append(f'<p class="meta url">{_link(article.url)}</p>\n')
    revision = revision_line(report.coverage)
    if revision:
        out.append(f'<p class="meta revision">{_e(revision)}</p>\n')
    out.append("</header>\n")
    return "".join(out)


def _summary(report: Report) -> str:
    total = len(report.claims)
    claims = f"{total} claim{'' if total == 1 else 's'}"
    out = ['<section class="summary">\n<h2>Summary</h2>\n',
           (f'<p class="totals sans"><strong>{claims}</strong> checked'
           f'<span class="sep"> · </span><strong>{report.approved_count}</strong> approved</p>\n')]
    if report.options.approved_only:
        out.append('<p class="note">This report includes approved claims only.</p>\n')
    coverage = report.coverage
    if coverage.shown and coverage.sentence():
        short = " short" if coverage.changed or coverage.orphaned else ""
        out.append(f'<p class="coverage sans{short}">{_e(coverage.sentence())}</p>\n')
    counts = report.verdict_counts()
    if counts:
        out.append('<table class="counts" width="100%">\n')
        for item in counts:
            color = safe_color(item.color)
            width = round(100 * item.count / total, 1)
            rest = '<td class="rest">&nbsp;</td>' if item.count < total else ""
            out.append(
                f'<tr><td class="label"><span class="swatch" style="color:{color}">■</span>'
                f'{_e(item.label)}</td><td class="count">{item.count}</td>'
                f'<td class="bar-cell"><table class="bar" width="100%" role="presentation"><tr>'
                f'<td style="width:{width}%;background-color:{color}">&nbsp;</td>{rest}</tr></table></td></tr>\n')
        out.append("</table>\n")
    out.append("</section>\n")
    return "".join(out)


def _article_text(report: Report, highlights: Highlights) -> str:
    out = ['<section class="article">\n<h2>The article</h2>\n']
    deeper = False
    for paragraph in article_paragraphs(report.text_runs()):
        out.append("<p>" + "<br>\n".join(_line(line, highlights) for line in paragraph) + "</p>\n")
        deeper = deeper or any(piece.hidden for line in paragraph for piece in line)
    if deeper:
        out.append(f'<p class="note">Where more than {SHOWN_DEPTH} claims overlap, the highlight shows the '
                   f"{SHOWN_DEPTH} innermost; every claim's number still marks where it begins.</p>\n")
    out.append("</section>\n")
    return "".join(out)


def _line(line: Line, highlights: Highlights) -> str:
    """One line of the article, each claim highlighted and its number before it as ``[3]``.

    The number is bracketed and a no-break space follows it, so that a quote which
    begins with a figure ("13 hours") never reads, or copies, as "313 hours".

    A piece names its innermost claim's class; where claims overlap, each enclosing
    one shown (:data:`~factcheck.core.report.SHOWN_DEPTH` at most) adds a line in its
    colour below the text. Nothing a piece carries grows with the nesting depth.
    """
    out = []
    for piece in line:
        if not piece.claims:
            out.append(_e(piece.text))
            continue
        attributes = f'class="{highlights.of(piece.claims[-1].color)}"'
        outer = [safe_color(c.color) for c in reversed(piece.claims[:-1])]
        if outer:  # an overlap: each enclosing claim adds a line in its colour below the text
            attributes += ' style="box-shadow:' + ",".join(f"0 {3 * (n + 1)}px 0 0 {c}"
                                                          for n, c in enumerate(outer)) + '"'
        title = "; ".join(f"Claim {c.number}: {c.verdict_label}" for c in piece.claims)
        if piece.hidden:
            title = f"{piece.hidden} more around it; {title}"
        markers = "".join(
            f'<a class="marker" href="#claim-{c.number}" style="background-color:{safe_color(c.color)};'
            f'color:{text_color_on(c.color)}">[{c.number}]</a><span class="marker-gap">&nbsp;</span>'
            for c in piece.starts)
        out.append(f'<mark {attributes} title="{_e(title)}">{markers}{_e(piece.text)}</mark>')
    return "".join(out)


def _claims(report: Report) -> str:
    out = ['<section class="claims">\n<h2>Claims</h2>\n']
    if not report.claims:
        out.append('<p class="empty">No claims are included in this report.</p>\n')
    out.extend(_claim_card(c, report) for c in report.placed_claims)
    if report.orphaned_claims:
        out.append("<h2>No longer in the article</h2>\n")  # no note between: the heading stays with the card
        out.extend(_claim_card(c, report) for c in report.orphaned_claims)
    out.append("</section>\n")
    return "".join(out)


def _claim_card(numbered: NumberedClaim, report: Report) -> str:
    claim = numbered.claim
    color = safe_color(numbered.color)
    # A one-cell table rather than a box: Qt's rich text (the app's preview and PDF) draws table borders only.
    out = [(f'<table class="claim" id="claim-{numbered.number}" width="100%" role="presentation"><tr>'
           f'<td class="claim-body" style="border-left:5px solid {color}">\n'),
           '<div class="claim-head">',
           f'<span class="num" title="Claim {numbered.number}">{numbered.number}</span> ',
           _chip(numbered.verdict_label, color)]
    if not report.options.approved_only:
        status = ClaimStatus(claim.status)
        out.append(f' <span class="status {_STATUS_CLASS[status]}">{_e(status.label)}</span>')
    out.append("</div>\n")
    out.append(f'<p class="quote">“{_e(claim.quote)}”</p>\n')
    if claim.placement == "changed":
        out.append(f'<p class="placement sans"><span class="label">{CHANGED_WORDING}</span> '
                   f'<span class="was">“{_e(claim.old_quote)}”</span></p>\n')
    elif claim.orphan:
        out.append(f'<p class="placement sans">{_e(orphan_note(claim))}</p>\n')
    said = _meta_line([
        f'<span><span class="label">Claimant</span> {_e(claim.claimant)}</span>' if claim.claimant else "",
        f'<span><span class="label">Claim date</span> {_e(format_date(claim.claim_date))}</span>'
        if claim.claim_date else "",
    ])
    if said:
        out.append(f'<p class="attribution sans">{said}</p>\n')
    if numbered.verdict and numbered.verdict.definition:
        out.append(f'<p class="definition"><span class="label">{_e(numbered.verdict_label)}:</span> '
                   f"{_e(numbered.verdict.definition)}</p>\n")
    out.append('<h3 class="sans">Rationale</h3>\n<div class="rationale">\n')
    if claim.rationale.strip():
        out.append(_paragraphs(claim.rationale))
    else:
        out.append('<p class="empty">No rationale written yet.</p>\n')
    out.append("</div>\n")
    out.append('<h3 class="sans">Sources</h3>\n')
    if claim.sources:
        out.append('<ol class="sources">\n')
        out.extend(_source(s) for s in claim.sources)
        out.append("</ol>\n")
    else:
        out.append('<p class="empty">No sources attached.</p>\n')
    out.append(_chain(numbered, report))
    out.append(_comments(numbered, report))
    foot = _meta_line([
        f"<span>Reviewed by {_e(claim.reviewer)}</span>" if claim.reviewer else "",
        f"<span>Last change {_e(format_timestamp(claim.updated_at))}</span>" if claim.updated_at else "",
    ])
    if foot:
        out.append(f'<p class="claim-foot meta">{foot}</p>\n')
    out.append("</td></tr></table>\n")
    return "".join(out)


def _chain(numbered: NumberedClaim, report: Report) -> str:
    """Proposed by, second opinions, approved by: with the verdicts and notes in the desk's own report only."""
    chain = numbered.chain
    if not chain:
        return ""
    published = report.options.published
    rows = []
    if chain.proposed:
        rows.append(_step("Proposed by", chain.proposed, verdict=not published))
    if published:
        if chain.second_opinions:
            names = ", ".join(f"<strong>{_e(s.who)}</strong>" for s in chain.second_opinions)
            label = "Second opinion" if len(chain.second_opinions) == 1 else "Second opinions"
            rows.append(f'<span class="label">{label}</span> {names}')
    else:
        rows += [_step("Second opinion", s, verdict=True) for s in chain.second_opinions]
        rows += [_step("Second opinion", s, waiting=True) for s in chain.awaited]
    if chain.approved:
        rows.append(_step("Approved by", chain.approved, note=not published))
    if not rows:
        return ""
    return ('<h3 class="sans">Review</h3>\n<ul class="chain sans">\n'
            + "".join(f"<li>{row}</li>\n" for row in rows) + "</ul>\n")


def _step(label: str, step: ChainStep, *, verdict: bool = False, note: bool = False, waiting: bool = False) -> str:
    parts = [f'<span class="label">{_e(label)}</span> <strong>{_e(step.who)}</strong>']
    if step.when:
        parts.append(f"<span>{'asked ' if waiting else ''}{_e(format_timestamp(step.when))}</span>")
    if verdict and step.verdict:
        parts.append(f"<span>{_e(step.verdict)}</span>")
    if waiting:
        parts.append('<span class="note">not yet given</span>')
    line = _meta_line(parts)
    if note and step.note.strip():
        line += f'<br>\n<span class="note">“{_e(" ".join(step.note.split()))}”</span>'
    return line


def _comments(numbered: NumberedClaim, report: Report) -> str:
    if not report.options.include_comments or not numbered.comments:
        return ""
    out = ['<h3 class="sans">Desk comments</h3>\n<ol class="comments">\n']
    for comment in numbered.comments:
        said = _meta_line([f"<strong>{_e(comment.author)}</strong>",
                           f"<span>{_e(format_timestamp(comment.written_at))}</span>" if comment.written_at else ""])
        out.append(f'<li><span class="meta sans">{said}</span>\n<div class="said">{_paragraphs(comment.text)}</div>'
                   "</li>\n")
    out.append("</ol>\n")
    return "".join(out)


def _paragraphs(text: str) -> str:
    """Text with its paragraphs (blank-line separated) and line breaks kept."""
    blocks = _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join("<p>" + _e(b.strip()).replace("\n", "<br>\n") + "</p>\n" for b in blocks if b.strip())


def _source(source: Source) -> str:
    title = source.title.strip()
    if is_web_url(source.url):
        heading = f'<span class="title">{_link(source.url, title or source.url)}</span>'
    else:
        heading = f'<span class="title">{_e(title or "Untitled source")}</span>'
    stance = Stance(source.stance)
    meta = _meta_line([
        f"<span>{_e(source.publisher)}</span>" if source.publisher else "",
        f"<span>{_e(format_date(source.date))}</span>" if source.date else "",
        f'<span class="stance {stance.value}">{_e(stance.label)}</span>',
    ])
    out = [f"<li>{heading}<br>\n<span class=\"meta\">{meta}</span>"]
    if source.url and not is_web_url(source.url):
        out.append(f'<br>\n<span class="plain-url">Address (not a web link): {_e(source.url)}</span>')
    if source.excerpt.strip():
        out.append(f'\n<div class="excerpt">{_paragraphs(source.excerpt)}</div>')
    out.append("</li>\n")
    return "".join(out)


def _methodology(report: Report) -> str:
    scale = report.scale
    out = ['<section class="methodology">\n<h2>How we rate</h2>\n',
           (f"<p>Each claim is rated on the <em>{_e(scale.name)}</em>. "
           "Its verdicts, in order, mean:</p>\n"),
           '<table class="scale" width="100%">\n']
    for verdict in scale.verdicts:
        definition = _e(verdict.definition) if verdict.definition.strip() else _NO_DEFINITION
        out.append(f'<tr><td class="label">{_chip(verdict.label, verdict.color)}</td>'
                   f'<td class="definition-cell">{definition}</td></tr>\n')
    out.append("</table>\n</section>\n")
    return "".join(out)


def _colophon(report: Report) -> str:
    made = f"Report made {_e(format_timestamp(report.generated_at))} with {_e(report.generator)}"
    organisation = report.organisation
    if organisation.name:
        name = _link(organisation.url, organisation.name) if is_web_url(organisation.url) else _e(organisation.name)
        made += f" for {name}"
    return f'<footer class="colophon">{made}.</footer>\n'
