"""Importing 500 saved news pages: factcheck next to trafilatura alone, same files, same run.

    python bench/import_pages.py [--pages 500] [--rounds 3]

Writes deterministic news pages (bench/news_pages.py: navigation, cookie notice,
adverts, a duplicated caption, related links, JSON-LD), then, alternating, times

* trafilatura alone: read each file and run the same extraction factcheck asks
  for (``bare_extraction`` with the options of factcheck/io/html_article.py);
* factcheck: ``import_many`` of the folder into a new library: read, decode,
  extract, clean, de-duplicate, store the article and its original bytes, one
  transaction per page (WAL, synchronous=FULL: every page is on disk when counted).

and prints articles per second for each, the overhead of factcheck on top of the
extraction (target ≤ 25%), and checks the library: 500 articles, each with its
headline, outlet, date, first paragraph, and no cookie or advert text.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from news_pages import page, write_pages  # noqa: E402


def trafilatura_alone(paths: list[Path]) -> float:
    import trafilatura

    started = time.perf_counter()
    for path in paths:
        document = trafilatura.bare_extraction(
            path.read_bytes(), favor_precision=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, deduplicate=False, with_metadata=True,
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "max_date": date.today().isoformat()})
        assert document is not None and document.text
    return time.perf_counter() - started


def factcheck_import(folder: Path, library_path: Path) -> float:
    from factcheck.operations import import_many
    from factcheck.store import SQLiteStore

    library = SQLiteStore.open(library_path)
    try:
        started = time.perf_counter()
        results, failures = import_many(library, [folder])
        elapsed = time.perf_counter() - started
    finally:
        library.close()
    assert not failures, failures[:3]
    assert sum(r.created for r in results) == len(results)
    return elapsed


def verify(library_path: Path, count: int) -> None:
    from factcheck.store import SQLiteStore

    library = SQLiteStore.open(library_path)
    try:
        summaries = library.articles()
        assert len(summaries) == count, len(summaries)
        for summary in summaries[:: max(1, count // 50)]:
            article = library.article(summary.id)
            n = int(Path(library.original(summary.id).name).stem.split("-")[1])
            expected = page(n)[1]
            assert article.title == expected["headline"], (article.title, expected["headline"])
            assert article.outlet == expected["outlet"] and article.published == expected["date"]
            assert expected["first_paragraph"][:60] in article.text
            assert "cookies" not in article.text and "Subscribe now" not in article.text
    finally:
        library.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="factcheck-import-bench-"))
    paths = write_pages(work / "pages", args.pages)
    size = sum(p.stat().st_size for p in paths)
    print(f"{args.pages} pages, {size / 1e6:.1f} MB, in {work / 'pages'}")
    trafilatura_alone(paths[:20])  # warm both up: imports, caches
    factcheck_import(work / "pages", work / "warm.db")
    alone, ours = [], []
    for round_ in range(args.rounds):
        alone.append(trafilatura_alone(paths))
        library_path = work / f"library-{round_}.db"
        ours.append(factcheck_import(work / "pages", library_path))
        verify(library_path, args.pages)
    t_alone, t_ours = statistics.median(alone), statistics.median(ours)
    overhead = t_ours / t_alone - 1
    print(f"{'':22} {'median':>9} {'articles/s':>11}")
    print(f"{'trafilatura alone':22} {t_alone:7.2f} s {args.pages / t_alone:11.1f}")
    print(f"{'factcheck import':22} {t_ours:7.2f} s {args.pages / t_ours:11.1f}")
    verdict = "ok" if overhead <= 0.25 else "MISSED"
    print(f"overhead of factcheck on top of the extraction: {overhead:+.1%} (target ≤ +25%) {verdict}")
    print(f"rounds: trafilatura {', '.join(f'{t:.2f}' for t in alone)} s; "
          f"factcheck {', '.join(f'{t:.2f}' for t in ours)} s; every library checked")
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
