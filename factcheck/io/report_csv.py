"""The claims table: one CSV row per claim of a report, every field, for spreadsheets.

Choices, so that Excel, LibreOffice and Numbers open the file correctly and safely:

- **Encoding.** UTF-8 with a byte-order mark (the text starts with ``"\\ufeff"``).
  Without the BOM, Excel reads a double-clicked CSV in the system's legacy code
  page and mangles every accent and emoji; with it, every spreadsheet program
  reads UTF-8. Programs that read CSV themselves should strip it (Python:
  ``encoding="utf-8-sig"``).
- **Line ends.** CRLF between rows, as RFC 4180 and the :mod:`csv` module write
  them. A line break inside a field (a rationale in paragraphs, the list of
  sources) stays inside its quoted cell, written as it is in the library (``\\n``).
- **Formula injection.** A cell whose text starts with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return would be run as a formula by a spreadsheet (OWASP,
  "CSV Injection"): ``=HYPERLINK("http://evil.example", "Click")`` in a claimant
  or a quote would become a live link. Such a cell is written with a single quote
  ``'`` in front, which spreadsheets show as text. The quote is added to text
  that users or articles supply (quotes, context, names, rationale, sources,
  titles); the numbers factcheck itself writes (offsets, the verdict's value,
  the source count) are left as numbers, so a negative verdict value stays a
  number. Someone reading the file back as data must strip a leading ``'`` from
  such a cell.

Columns, in order: see :data:`COLUMNS`. Dates are ISO 8601; an unknown value is
an empty cell. ``status`` is the label a reviewer sees (``Draft``, ``In review``,
``Approved``) and ``status_code`` the machine value beside it (``draft``,
``in_review``, ``approved``), for filtering or reading back; an unrated claim has an empty ``verdict``. ``sources`` holds one
line per source: ``title — publisher — date — stance — url — “excerpt”``, blank
parts left out, so the table keeps one row per claim.

The review chain follows, in columns added after the others (a table of claims with no
workflow reads as before, these cells empty): ``proposed_by`` and ``proposed_at`` (the
proposal whose verdict was approved, else the latest submitted one) and its
``proposed_verdict``; ``second_opinions``, one line per other submitted proposal,
``reviewer — verdict — submitted at``; ``approved_by``, ``approved_at`` and the editor's
``approval_note``. In a table of approved claims only (the published one) the proposed
verdict, the other reviewers' verdicts and the note are left out: it names the reviewers,
not their disagreements. The desk's comments are never in the table.

The table of an article that was revised (or has claims a revision changed) has
:data:`REVISION_COLUMNS` after those: ``article_revision``, the number of the text the
report covers; ``placement``, how a revision last placed the claim (``exact``, ``moved``,
``changed``, ``orphan``; empty for a claim marked or placed by hand on the text);
``earlier_wording``, for a ``changed`` claim, the wording it was checked on; ``placed_on``,
the revision its position refers to. An orphan (no longer in the article) has empty
``start`` and ``end``: its offsets were those of an earlier text. An article never revised
has the columns above only, as before.
"""

from __future__ import annotations

import csv
import io

from factcheck.core.claims import ClaimStatus, Source, Stance
from factcheck.core.report import NumberedClaim, Report

BOM = "\ufeff"

COLUMNS = (
    "number", "start", "end", "quote", "prefix", "suffix", "claimant", "claim_date",
    "verdict", "verdict_value", "verdict_definition", "rationale", "status", "status_code", "reviewer",
    "created_at", "updated_at", "source_count", "sources", "article_title", "article_url",
    "proposed_by", "proposed_at", "proposed_verdict", "second_opinions", "approved_by", "approved_at",
    "approval_note",
)

REVISION_COLUMNS = ("article_revision", "placement", "earlier_wording", "placed_on")

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP)."""

SOURCE_SEPARATOR = " — "


def render_csv(report: Report) -> str:
    """The report's claims, in text order, as CSV text starting with a UTF-8 BOM."""
    out = io.StringIO()
    writer = csv.writer(out)  # excel dialect: "," separators, CRLF line ends, minimal quoting
    columns = columns_of(report)
    writer.writerow(columns)
    for numbered in report.claims:
        writer.writerow(_row(numbered, report, columns))
    return BOM + out.getvalue()


def columns_of(report: Report) -> tuple[str, ...]:
    """The table's columns: :data:`COLUMNS`, and :data:`REVISION_COLUMNS` for a revised article."""
    return COLUMNS + REVISION_COLUMNS if report.coverage.shown else COLUMNS


def neutralise(cell: str) -> str:
    """Text a spreadsheet will show as text: a formula-like cell gets a leading ``'``."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def _row(numbered: NumberedClaim, report: Report, columns: tuple[str, ...]) -> list[str]:
    claim = numbered.claim
    verdict = numbered.verdict
    numbers = {
        "number": numbered.number,
        "start": None if claim.orphan else claim.start,
        "end": None if claim.orphan else claim.end,
        "verdict_value": verdict.value if verdict is not None else None,
        "source_count": len(claim.sources),
        "article_revision": report.article.revision,
        "placed_on": claim.placed_on,
    }
    texts = {
        "quote": claim.quote,
        "prefix": claim.anchor.prefix,
        "suffix": claim.anchor.suffix,
        "claimant": claim.claimant,
        "claim_date": claim.claim_date,
        "verdict": claim.verdict,
        "verdict_definition": verdict.definition if verdict is not None else "",
        "rationale": claim.rationale,
        "status": ClaimStatus(claim.status).label,
        "status_code": ClaimStatus(claim.status).value,
        "reviewer": claim.reviewer,
        "created_at": claim.created_at,
        "updated_at": claim.updated_at,
        "sources": "\n".join(_source_line(s) for s in claim.sources),
        "article_title": report.article.title,
        "article_url": report.article.url,
        **_chain(numbered, report.options.published),
        "placement": claim.placement,
        "earlier_wording": claim.old_quote,
    }
    return [_number(numbers[name]) if name in numbers else neutralise(texts[name] or "")
            for name in columns]


def _chain(numbered: NumberedClaim, published: bool) -> dict[str, str | None]:
    chain = numbered.chain
    proposed, approved = chain.proposed, chain.approved
    opinions = [SOURCE_SEPARATOR.join(part for part in (" ".join(s.who.split()),
                                                         "" if published else s.verdict or "", s.when or "") if part)
                for s in chain.second_opinions]
    return {
        "proposed_by": proposed.who if proposed else "",
        "proposed_at": proposed.when if proposed else "",
        "proposed_verdict": proposed.verdict if proposed and not published else "",
        "second_opinions": "\n".join(opinions),
        "approved_by": approved.who if approved else "",
        "approved_at": approved.when if approved else "",
        "approval_note": approved.note if approved and not published else "",
    }


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _source_line(source: Source) -> str:
    excerpt = " ".join(source.excerpt.split())
    parts = (
        " ".join(source.title.split()),
        " ".join(source.publisher.split()),
        source.date or "",
        Stance(source.stance).label,
        source.url,
        f"“{excerpt}”" if excerpt else "",
    )
    return SOURCE_SEPARATOR.join(part for part in parts if part)
