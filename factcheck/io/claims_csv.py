"""The claims view across the library as CSV: one row per claim listed, the view's columns plus ids.

What the claims view exports (View ▸ All Claims in the Library… ▸ Export CSV…), written for
reading back as data as much as for a spreadsheet:

- UTF-8 starting with a byte-order mark (as the report's CSV: Excel reads accents right), a header row of :data:`COLUMNS` first, CRLF line ends
  and minimal quoting (the :mod:`csv` module's excel dialect; a line break inside a quote
  stays inside its quoted cell).
- ``claim_id`` and ``article_id`` are the library's ids; dates are as stored (ISO 8601: a
  claim's and an article's date a day, ``created_at`` and ``updated_at`` UTC time stamps);
  ``status`` is the label the view shows and ``status_code`` the stored value; an unrated
  claim's verdict, and a verdict the reviewer may not see yet (a blind second opinion they
  owe), is an empty cell.
- A cell of text that users or articles supply and that starts like a formula gets a
  leading ``'``, as the report's CSV does (:func:`factcheck.io.report_csv.neutralise`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from factcheck.core.claims import ClaimStatus
from factcheck.core.search_query import ClaimRow
from factcheck.io.report_csv import BOM, neutralise

COLUMNS = ("claim_id", "article_id", "number", "quote", "article_title", "published", "outlet", "claimant",
           "verdict", "status", "status_code", "reviewer", "claim_date", "created_at", "updated_at")


def render_claims_csv(rows: Iterable[ClaimRow], hidden: frozenset[int] = frozenset()) -> str:
    """The rows as CSV text starting with a UTF-8 BOM (as the report's: Excel then reads accents right);
    the verdicts of claims in ``hidden`` are left out."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        verdict = "" if row.claim_id in hidden else row.verdict or ""
        writer.writerow([row.claim_id, row.article_id, "" if row.number is None else row.number, neutralise(row.quote),
                         neutralise(row.article_title), row.published or "", neutralise(row.outlet),
                         neutralise(row.claimant), neutralise(verdict), _status_label(row.status), row.status,
                         neutralise(row.reviewer), row.claim_date or "", row.created_at, row.updated_at])
    return BOM + out.getvalue()


def _status_label(status: str) -> str:
    try:
        return ClaimStatus(status).label
    except ValueError:
        return status
