"""The report as Markdown: reads well as plain text, renders well as CommonMark or GitHub Markdown.

Every text a user or an article supplied is escaped so that it renders as the
same text and never as markup: emphasis, code, links, headings, lists, tables,
raw HTML and entities all show literally. Only http and https addresses become
links; claims are marked in the article text as ``⟦1⟧ **the quoted words**``.
"""

from __future__ import annotations

import re
import unicodedata

from factcheck.core.claims import ClaimStatus, Source, Stance
from factcheck.core.report import ChainStep, NumberedClaim, Report
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
)

BAR_WIDTH = 20
"""Characters in the full-length bar of the summary table."""

_ALWAYS = re.compile(r"[\\`*_\[\]<|~]")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"[#>+=-]|\d+(?=[.)])")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPACE_TAB = " \t"


# ------------------------------------------------------------------ escaping

def escape_inline(text: str, line_start: bool = False) -> str:
    """One line of literal text: white space runs (newlines too) become one space.

    ``line_start``: the text starts a block (a line, a list item), where ``#``,
    ``>``, ``-``, ``1.`` and the like would be read as block markers.
    """
    text = " ".join(text.split())
    return _escape_line_start(text) if line_start else _escape(text)


def escape_line(text: str) -> str:
    """A line of literal text that starts a line of the output (no indentation, no block marker)."""
    return _escape_line_start(text.strip(_SPACE_TAB))


def _escape_line_start(text: str) -> str:
    """Like :func:`_escape`, and a block marker (``#``, ``>``, ``-``, ``1.``, …) at the start made literal."""
    match = _LINE_START.match(text)
    if match is None:
        return _escape(text)
    if match.group()[0].isdigit():  # "1." or "1)" would start an ordered list
        end = match.end()
        return _escape(text[:end]) + "\\" + text[end] + _escape(text[end + 1:])
    return "\\" + text[0] + _escape(text[1:])


def _escape(text: str) -> str:
    text = _ALWAYS.sub(r"\\\g<0>", text)
    text = _ENTITY.sub(r"\\&", text)
    if text.count("$") > 1:  # GitHub reads $…$ as maths
        text = text.replace("$", "\\$")
    return text


def _block(text: str, prefix: str = "", first_prefix: str | None = None) -> list[str]:
    """Multi-paragraph literal text as Markdown lines, each line under ``prefix``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[str] = []
    for paragraph in _BLANK_LINE.split(text):
        rows = [escape_line(row) for row in paragraph.split("\n") if row.strip(_SPACE_TAB)]
        if not rows:
            continue
        if lines:
            lines.append(prefix.rstrip())
        lines.extend(prefix + row + ("  " if n < len(rows) - 1 else "") for n, row in enumerate(rows))
    if lines and first_prefix is not None:
        lines[0] = first_prefix + lines[0][len(prefix):]
    return lines


def _link(url: str, text: str, line_start: bool = False) -> str:
    """``[text](url)`` (or ``<url>`` when the text is the URL) for http(s); otherwise plain text."""
    if not is_web_url(url):
        return escape_inline(text, line_start)
    target = encode_url(url, keep="!#$%&*+,-./:;=?@~")
    if text == url:
        return f"<{target}>"
    return f"[{escape_inline(text)}]({target})"


# ------------------------------------------------------------------ the report

def render_markdown(report: Report) -> str:
    out: list[str] = []
    out += _header(report)
    out += _summary(report)
    if report.options.include_text:
        out += _article_text(report)
    out += _claims(report)
    out += _methodology(report)
    out += _colophon(report)
    return "\n".join(out).rstrip("\n") + "\n"


def _header(report: Report) -> list[str]:
    article = report.article
    kicker = "Fact-check report"
    if report.organisation.name:
        kicker += f" · {escape_inline(report.organisation.name)}"
    out = [f"# {escape_inline(article.title).replace('#', chr(92) + '#')}", "", f"*{kicker}*", ""]
    rows = []
    if article.outlet:
        rows.append(f"- **Outlet:** {escape_inline(article.outlet)}")
    if article.author:
        rows.append(f"- **Author:** {escape_inline(article.author)}")
    if article.published:
        rows.append(f"- **Published:** {escape_inline(format_date(article.published))}")
    if article.url:
        shown = _link(article.url, article.url)
        rows.append(f"- **URL:** {shown}" if is_web_url(article.url) else f"- **Address:** {shown}")
    revision = revision_line(report.coverage)
    if revision:
        rows.append(f"- **Text:** {revision}")
    return out + rows + ([""] if rows else [])


def _summary(report: Report) -> list[str]:
    total = len(report.claims)
    out = ["## Summary", "",
           f"**{total} claim{'' if total == 1 else 's'}** checked, **{report.approved_count}** approved."]
    if report.options.approved_only:
        out.append("This report includes approved claims only.")
    coverage = report.coverage
    if coverage.shown and coverage.sentence():
        out.append(coverage.sentence())
    out.append("")
    counts = report.verdict_counts()
    if counts:
        out += ["| Verdict | Claims | Share |", "| :--- | ---: | :--- |"]
        for item in counts:
            bar = "█" * max(1, round(BAR_WIDTH * item.count / total))
            out.append(f"| {escape_inline(item.label)} | {item.count} | {bar} {round(100 * item.count / total)}% |")
        out.append("")
    return out


def _article_text(report: Report) -> list[str]:
    out = ["## The article", ""]
    for paragraph in article_paragraphs(report.text_runs()):
        lines = [_line(line) for line in paragraph]
        lines = [line for line in lines if line]
        out.append("  \n".join(lines))
        out.append("")
    return out


def _claims(report: Report) -> list[str]:
    out = ["## Claims", ""]
    if not report.claims:
        out += ["*No claims are included in this report.*", ""]
    for numbered in report.placed_claims:
        out += _claim(numbered, report)
    if report.orphaned_claims:
        out += ["## No longer in the article", ""]
        for numbered in report.orphaned_claims:
            out += _claim(numbered, report)
    return out


def _claim(numbered: NumberedClaim, report: Report) -> list[str]:
    claim = numbered.claim
    label = escape_inline(numbered.verdict_label).replace("#", "\\#")
    out = [f"### {numbered.number}. {label}", ""]
    out += _block(claim.quote, "> ")
    out.append("")
    if claim.placement == "changed":
        out += [f"*{CHANGED_WORDING}:*", ""] + _block(claim.old_quote, "> ") + [""]
    elif claim.orphan:
        out += [f"*{orphan_note(claim)}.*", ""]
    rows = []
    if claim.claimant:
        rows.append(f"- **Claimant:** {escape_inline(claim.claimant)}")
    if claim.claim_date:
        rows.append(f"- **Claim date:** {escape_inline(format_date(claim.claim_date))}")
    verdict = f"- **Verdict:** {escape_inline(numbered.verdict_label)}"
    if numbered.verdict and numbered.verdict.definition.strip():
        verdict += f" — {escape_inline(numbered.verdict.definition)}"
    rows.append(verdict)
    if not report.options.approved_only:
        rows.append(f"- **Status:** {ClaimStatus(claim.status).label}")
    if claim.reviewer:
        rows.append(f"- **Reviewer:** {escape_inline(claim.reviewer)}")
    if claim.updated_at:
        rows.append(f"- **Last change:** {escape_inline(format_timestamp(claim.updated_at))}")
    out += rows + ["", "**Rationale**", ""]
    rationale = _block(claim.rationale)
    out += (rationale or ["*No rationale written yet.*"]) + ["", "**Sources**", ""]
    if claim.sources:
        for n, source in enumerate(claim.sources, start=1):
            out += _source(n, source)
    else:
        out += ["*No sources attached.*", ""]
    return out + _chain(numbered, report) + _comments(numbered, report)


def _chain(numbered: NumberedClaim, report: Report) -> list[str]:
    """Proposed by, second opinions, approved by: with the verdicts and notes in the desk's own report only."""
    chain = numbered.chain
    published = report.options.published
    rows = []
    if chain.proposed:
        rows.append(_step("Proposed by", chain.proposed, verdict=not published))
    if published:
        if chain.second_opinions:
            label = "Second opinion" if len(chain.second_opinions) == 1 else "Second opinions"
            rows.append(f"- **{label}:** " + ", ".join(escape_inline(s.who) for s in chain.second_opinions))
    else:
        rows += [_step("Second opinion", s, verdict=True) for s in chain.second_opinions]
        rows += [_step("Second opinion", s, waiting=True) for s in chain.awaited]
    if chain.approved:
        rows.append(_step("Approved by", chain.approved, note=not published))
    return ["**Review**", "", *rows, ""] if rows else []


def _step(label: str, step: ChainStep, *, verdict: bool = False, note: bool = False, waiting: bool = False) -> str:
    parts = [escape_inline(step.who)]
    if step.when:
        parts.append(("asked " if waiting else "") + escape_inline(format_timestamp(step.when)))
    if verdict and step.verdict:
        parts.append(escape_inline(step.verdict))
    if waiting:
        parts.append("not yet given")
    line = f"- **{label}:** " + " · ".join(parts)
    if note and step.note.strip():
        line += f" — “{escape_inline(step.note)}”"
    return line


def _comments(numbered: NumberedClaim, report: Report) -> list[str]:
    if not report.options.include_comments or not numbered.comments:
        return []
    out = ["**Desk comments**", ""]
    for n, comment in enumerate(numbered.comments, start=1):
        marker = f"{n}. "
        said = f"**{escape_inline(comment.author)}**"
        if comment.written_at:
            said += f" · {escape_inline(format_timestamp(comment.written_at))}"
        out += [marker + said, ""]
        out += _block(comment.text, " " * len(marker) + "> ")
        out.append("")
    return out


def _source(n: int, source: Source) -> list[str]:
    marker = f"{n}. "
    indent = " " * len(marker)
    title = source.title.strip() or (source.url if is_web_url(source.url) else "") or "Untitled source"
    parts = [_link(source.url, title, line_start=True)]
    if source.publisher:
        parts.append(escape_inline(source.publisher))
    if source.date:
        parts.append(escape_inline(format_date(source.date)))
    parts.append(f"*{Stance(source.stance).label.lower()}*")
    out = [marker + " — ".join(parts)]
    if source.url and not is_web_url(source.url):
        out[0] += "  "
        out.append(f"{indent}Address (not a web link): {escape_inline(source.url)}")
    if source.excerpt.strip():
        out.append("")
        out += _block(source.excerpt, indent + "> ")
    return out + [""]


def _methodology(report: Report) -> list[str]:
    scale = report.scale
    out = ["## How we rate", "", (f"Each claim is rated on the *{escape_inline(scale.name)}*. "
           "Its verdicts, in order, mean:"), "", "| Verdict | What it means |", "| :--- | :--- |"]
    for verdict in scale.verdicts:
        definition = escape_inline(verdict.definition) or "*No definition given.*"
        out.append(f"| {escape_inline(verdict.label)} | {definition} |")
    return out + [""]


def _colophon(report: Report) -> list[str]:
    made = (f"Report made {escape_inline(format_timestamp(report.generated_at))} "
            f"with {escape_inline(report.generator)}")
    organisation = report.organisation
    if organisation.name:
        made += f" for {_link(organisation.url, organisation.name)}"
    return ["---", "", made + "."]


# ------------------------------------------------------------------ article text with claims

def _line(line: Line) -> str:
    """One line of the article: plain text, and ``⟦n⟧ **…**`` where claims stand.

    A space follows the number, so that a quote which begins with a figure
    ("13 hours") never reads, or copies, as "⟦3⟧13 hours".

    Bold needs care to open and close in CommonMark: white space and, where a
    neighbouring letter would stop the ``**`` from counting, punctuation are
    moved outside the bold; a stretch left empty is not bolded at all.
    """
    items: list[tuple[str, str, bool]] = []  # (kind, value, covered): kind is "text" or "marker"
    for piece in line:
        covered = bool(piece.claims)
        items += [("marker", f"⟦{c.number}⟧ ", covered) for c in piece.starts]
        items.append(("text", piece.text, covered))
    _strip_items(items)
    out: list[str] = []
    at_start = True
    n = 0
    while n < len(items):
        covered = items[n][2]
        group = []
        while n < len(items) and items[n][2] == covered:
            group.append(items[n])
            n += 1
        before = _last_char(out)
        after = next((value[0] for kind, value, _ in items[n:] if kind == "text" and value), None)
        if covered:
            out.append(_bold(group, before, after, at_start))
        else:
            out.append(_plain(group, at_start))
        at_start = at_start and not "".join(v for k, v, _ in group if k == "text")
    return "".join(out)


def _strip_items(items: list[tuple[str, str, bool]]) -> None:
    """Trim spaces and tabs at both ends of a line (indentation would make a code block)."""
    for order in (range(len(items)), range(len(items) - 1, -1, -1)):
        for i in order:
            kind, value, covered = items[i]
            if kind != "text":
                continue
            stripped = value.lstrip(_SPACE_TAB) if order.step == 1 else value.rstrip(_SPACE_TAB)
            items[i] = (kind, stripped, covered)
            if stripped:
                break


def _plain(group: list[tuple[str, str, bool]], at_start: bool) -> str:
    out = []
    for kind, value, _ in group:
        if kind == "marker":
            out.append(value)
        elif value:
            out.append(_escape_line_start(value) if at_start and not out else _escape(value))
    return "".join(out)


def _bold(group: list[tuple[str, str, bool]], before: str | None, after: str | None, at_start: bool) -> str:
    # Flatten to characters tagged as text, with markers kept as whole tokens.
    tokens: list[tuple[str, str]] = []
    for kind, value, _ in group:
        if kind == "marker":
            tokens.append(("marker", value))
        else:
            tokens.extend(("text", ch) for ch in value)
    head: list[tuple[str, str]] = []
    tail: list[tuple[str, str]] = []
    # Markers and white space at the edges stay outside the bold, and so does punctuation
    # where the "**" next to it would not count (a letter on its other side).
    while tokens:
        kind, value = tokens[0]
        prev = head[-1][1][-1] if head else before
        if kind == "marker" or _is_space(value) or (_is_punct(value) and not _opens_after(prev)):
            head.append(tokens.pop(0))
        else:
            break
    while tokens:
        kind, value = tokens[-1]
        nxt = tail[0][1][0] if tail else after
        if kind == "marker" or _is_space(value) or (_is_punct(value) and not _opens_after(nxt)):
            tail.insert(0, tokens.pop())
        else:
            break

    def render(part: list[tuple[str, str]], line_start: bool) -> str:
        out, text = [], []
        for kind, value in part:
            if kind == "text":
                text.append(value)
                continue
            if text:
                out.append(_escape_line_start("".join(text)) if line_start and not out
                           else _escape("".join(text)))
                text = []
            out.append(value)
        if text:
            out.append(_escape_line_start("".join(text)) if line_start and not out else _escape("".join(text)))
        return "".join(out)

    if not any(kind == "text" for kind, _ in tokens):
        return render(head + tokens + tail, at_start)
    return render(head, at_start) + "**" + render(tokens, False) + "**" + render(tail, False)


def _last_char(out: list[str]) -> str | None:
    for chunk in reversed(out):
        if chunk:
            return chunk[-1]
    return None


def _is_space(ch: str) -> bool:
    return ch in "\t\n\x0c\r " or unicodedata.category(ch) == "Zs"


def _is_punct(ch: str) -> bool:
    """CommonMark 0.31 punctuation: ASCII punctuation and Unicode P and S categories."""
    return unicodedata.category(ch)[0] in "PS" or (ch.isascii() and not ch.isalnum() and not ch.isspace()
                                                  and ch.isprintable())


def _opens_after(neighbour: str | None) -> bool:
    """Whether ``**`` next to punctuation still counts with this neighbour on its other side.

    Judged by the narrower, older definition of punctuation (ASCII and Unicode P
    only), so that the bold works for renderers of either spec version.
    """
    if neighbour is None or _is_space(neighbour):
        return True
    return unicodedata.category(neighbour)[0] == "P" or (neighbour.isascii() and _is_punct(neighbour))
