"""The library search's speed (issue 13), on a generated library of 10,000 articles and 100,000 claims.

Run by hand (never collected as a test)::

    .venv/bin/python bench/search.py [--articles 10000] [--claims 100000] [--published 10000] [--keep PATH]

Prints, with the ratio to each target:

* generating the library, and importing the published checks (``add_published_checks``: ≤ 10 s);
* first results of a library search, median and worst over typical queries (≤ 100 ms);
* the claims view's first page, filtered and sorted;
* the index's cost per edit: a claim's field set in its own transaction, on this library vs
  the same library with the index's triggers dropped (≤ 2 ms added per edit).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from library_generator import _published, generate  # noqa: E402

from factcheck.store import open_store  # noqa: E402

QUERIES = ["tax", "hospital waiting", '"health service"', "vaccine -covid", "claimant:graham budget",
           "verdict:false crime", "status:approved", "outlet:times after:2024-01-01 rent", "zurich", "taxes inflation"]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--published", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="keep the generated library here")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    path = folder / "library.db"
    store = open_store(path, user="bench")
    t = time.perf_counter()
    generate(store, articles=args.articles, claims=args.claims, published=0)
    print(f"generated {args.articles} articles, {args.claims} claims: {time.perf_counter() - t:.1f} s")
    import random
    checks = _published(random.Random(1), args.published)
    t = time.perf_counter()
    added, updated = store.add_published_checks(checks)
    took = time.perf_counter() - t
    print(f"add_published_checks({args.published}): {took:.2f} s ({added} added) — target 10 s, ratio {took / 10:.2f}")
    t = time.perf_counter()
    store.add_published_checks(checks)
    took = time.perf_counter() - t
    print(f"the same again (all updated): {took:.2f} s — ratio {took / 10:.2f}")

    times = []
    for query in QUERIES:
        store.search(query)  # warm the page cache as a second keystroke would
        t = time.perf_counter()
        results = store.search(query)
        took = time.perf_counter() - t
        times.append(took)
        print(f"search {query!r:42} {ms(took)}  {len(results.articles)} articles, {len(results.published)} published")
    print(f"search: median {ms(statistics.median(times))}, worst {ms(max(times))} — target 100 ms, "
          f"ratio {statistics.median(times) / 0.1:.2f} (worst {max(times) / 0.1:.2f})")
    for label, call in (("claims view, first 200 by claimant", lambda: store.search_claims(sort="claimant", limit=200)),
                        ("claims view, verdict:false, by date", lambda: store.search_claims(
                            "verdict:false", sort="updated_at", descending=True, limit=200))):
        t = time.perf_counter()
        call()
        print(f"{label}: {ms(time.perf_counter() - t)}")

    edit_with = _edit_cost(store)
    store.close()
    bare = folder / "bare.db"
    shutil.copy(path, bare)
    import sqlite3
    conn = sqlite3.connect(bare)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%search%'"
                                ).fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.commit()
    conn.close()
    other = open_store(bare, user="bench")
    edit_without = _edit_cost(other)
    other.close()
    added = edit_with - edit_without
    print(f"an edit: {ms(edit_with)} with the index, {ms(edit_without)} without: {ms(added)} added — "
          f"target 2 ms, ratio {added / 0.002:.2f}")
    if args.keep:
        shutil.copy(path, args.keep)
    shutil.rmtree(folder)


def _edit_cost(store, n: int = 200) -> float:
    """The median time of one claim edit (its own transaction, committed), rationale and claimant in turn."""
    times = []
    for i in range(n):
        claim_id = 100 * (i % 5000 + 1)
        t = time.perf_counter()
        store.update_claim(claim_id, "rationale", f"Rationale {i}: the figures show a tax rise")
        times.append(time.perf_counter() - t)
    return statistics.median(times)


if __name__ == "__main__":
    main()
