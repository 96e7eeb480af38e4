"""Exporting the 50,000-word article with 2,000 claims, in every format.

    QT_QPA_PLATFORM=offscreen python bench/export_large.py [--runs 3]

Builds the same library as large_article.py (same generator, same seeds), then
times each export from the report data to the finished bytes, as the export
worker does it, and prints the median next to the issue's target:
HTML ≤ 1 s, PDF ≤ 5 s, ClaimReview ≤ 0.5 s (the other formats have no target).
Each output is checked (every quote present, parses back) so the figure is of
real work. Exits 1 if a target is missed.

The PDF check leaves out quotes holding characters outside the Basic Multilingual
Plane: the text font has no emoji, and text extractors (pypdf, pdftotext) lose
the run that follows a glyph Qt drew from a fallback font. They print correctly.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_article import build_library  # noqa: E402

from factcheck.core.report import Organisation, ReportOptions  # noqa: E402
from factcheck.operations import render_export, report_for  # noqa: E402
from factcheck.store import SQLiteStore  # noqa: E402

TARGETS = {"html": 1.0, "pdf": 5.0, "claimreview": 0.5}
REVIEW_URL = "https://bench.example/fact-checks/long-article"


def check(fmt: str, data, report) -> None:
    quotes = [c.claim.quote for c in report.claims]
    if fmt == "pdf":
        from pypdf import PdfReader

        def letters(value: str) -> str:  # line breaks and glyph fallbacks change spacing, not letters
            value = unicodedata.normalize("NFKC", value)  # the "ﬁ" ligature is searched as "fi"
            return "".join(ch for ch in value if ch.isalnum() and ord(ch) <= 0xFFFF)

        text = letters("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
        checked = [q for q in quotes[:50] if all(ord(ch) <= 0xFFFF for ch in q)]
        missing = [q for q in checked if letters(q) not in text]
        assert not missing, f"PDF lacks {len(missing)} of the first 50 quotes, e.g. {missing[0]!r}"
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
        assert len(rows) == len(report.claims) + 1
    elif fmt in ("claimreview", "webannotation", "json"):
        json.loads(data)
    else:
        assert all(q.split()[0] in data for q in quotes[:50])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--claims", type=int, default=2_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="factcheck-export-bench-"))
    built = build_library(str(folder / "library.db"), args.words, args.claims)
    article = built["articles"][0]
    library = SQLiteStore.open(folder / "library.db")
    started = time.perf_counter()
    report = report_for(library, article["id"], ReportOptions(), Organisation("Bench Check", "https://bench.example"))
    gather = time.perf_counter() - started
    print(f"article: {article['words']:,} words, {article['claims']:,} claims; "
          f"report data gathered from the library in {gather * 1000:.0f} ms (UI thread)")
    print(f"{'format':14} {'median':>9} {'target':>8} {'ratio':>7}  size")
    missed = False
    for fmt in ("html", "pdf", "claimreview", "md", "csv", "webannotation", "json"):
        times, data = [], None
        for _ in range(args.runs if fmt != "pdf" else max(1, args.runs - 1)):
            started = time.perf_counter()
            if fmt == "pdf":
                from factcheck.ui.pdf_report import render_pdf

                data = render_pdf(report, "A4")
            else:
                data = render_export(report, fmt, REVIEW_URL)
            times.append(time.perf_counter() - started)
        check(fmt, data, report)
        median = statistics.median(times)
        target = TARGETS.get(fmt)
        ratio = f"{median / target:6.2f}x" if target else "      —"
        verdict = "" if target is None else ("ok" if median <= target else "MISSED")
        missed |= verdict == "MISSED"
        size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8"))
        print(f"{fmt:14} {median * 1000:7.0f} ms {f'{target:.1f} s' if target else '—':>8} {ratio}  "
              f"{size / 1e6:.1f} MB {verdict}")
    library.close()
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
