"""Reading 10,000 published fact-checks from a schema.org ClaimReview JSON-LD file.

    python bench/claimreview_import.py [--count 10000] [--runs 5]

Generates a JSON-LD list of ``--count`` ClaimReviews in the shapes fact-checkers and
aggregators publish (authors as text, objects and lists; ``itemReviewed`` as a Claim or
a CreativeWork; ratings in words or numbers given as text; dates with and without a
time; ``{"@id": …}`` references; a few records in an ``@graph``), then times, median of
``--runs``:

- telling the file from a factcheck bundle (:func:`is_claimreview_json`);
- reading it into ``PublishedCheck`` records (:func:`read_claimreviews`), every record
  checked afterwards so the figure is of real work;
- storing them in a fresh SQLite library, when the store has ``add_published_checks``.

Issue 13's target is the whole import (reading and storing) of 10,000 in ≤ 10 s; reading
is held to ≤ 1 s so that the store keeps most of the budget. Nothing is written outside
a temporary folder. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from factcheck.io.claimreview_import import is_claimreview_json, read_claimreviews

READ_TARGET = 1.0
WHOLE_TARGET = 10.0
VERDICTS = ["True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire", "Missing context"]
WORDS = ["the", "council", "spent", "twice", "as", "much", "on", "roads", "as", "on", "schools", "last", "year",
         "while", "taxes", "rose", "by", "a", "third", "and", "crime", "fell", "across", "every", "district"]


def claimreviews(count: int, seed: int = 13) -> bytes:
    """``count`` ClaimReviews, as a JSON-LD list of varied shapes (a fixed seed: the same file each run)."""
    rng = random.Random(seed)
    records: list[dict] = []
    for n in range(count):
        claim = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize()
        shape = n % 4
        rating = ({"@type": "Rating", "alternateName": rng.choice(VERDICTS)} if shape != 3 else
                  {"@type": "Rating", "ratingValue": str(rng.randint(1, 6)), "bestRating": "6", "worstRating": "1"})
        author = [{"@type": "Organization", "name": "Desk A", "url": "https://desk-a.example"},
                  "Desk B", [{"@type": "Person", "name": "Reporter C"}, {"@type": "Organization", "name": "Desk C"}],
                  {"@id": "https://desk-d.example/#org"}][shape]
        item = {"@type": "Claim" if shape != 1 else "CreativeWork",
                "author": {"@type": "Person", "name": f"Claimant {n % 500}"},
                "datePublished": f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}",
                ("appearance" if shape else "firstAppearance"):
                    [{"@type": "CreativeWork", "url": f"https://news.example/{n}"}] if shape % 2 else
                    f"https://social.example/post/{n}"}
        records.append({
            "@context": "https://schema.org" if n % 2 else "http://schema.org",
            "@type": "ClaimReview" if n % 5 else ["ClaimReview", "CreativeWork"],
            "url": f"https://desk.example/fact-check/{n}",
            "claimReviewed": claim,
            "headline": f"Fact check: {claim[:60]}",
            "reviewRating": rating,
            "author": author,
            "datePublished": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}" + ("T09:30:00+02:00" if n % 3 else ""),
            "itemReviewed": item,
            "inLanguage": "en",
        })
    graph = {"@context": "https://schema.org",
             "@graph": [{"@type": "Organization", "@id": "https://desk-d.example/#org", "name": "Desk D"},
                        *records[-100:]]}
    return json.dumps([*records[:-100], graph], ensure_ascii=False).encode("utf-8")


def timed(work, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = claimreviews(args.count)
    print(f"{args.count:,} ClaimReviews, {len(data) / 1e6:.1f} MB of JSON-LD")

    sniff, is_claimreview = timed(lambda: is_claimreview_json(data), args.runs)
    assert is_claimreview
    read, result = timed(lambda: read_claimreviews(data, "bench.jsonld"), args.runs)
    assert len(result.checks) == args.count and not result.problems, result.problems[:3]
    assert all(c.url and c.claim_reviewed and c.verdict and c.author and c.claimant and c.published
               for c in result.checks)
    missed = read > READ_TARGET
    print(f"  sniff (is_claimreview_json): {sniff * 1000:7.0f} ms")
    print(f"  read  (read_claimreviews):   {read * 1000:7.0f} ms   target ≤ {READ_TARGET * 1000:.0f} ms "
          f"(× {read / READ_TARGET:.2f}){'  MISSED' if missed else ''}")

    from factcheck.store import SQLiteStore

    if not hasattr(SQLiteStore, "add_published_checks"):
        print("  store: the library has no add_published_checks yet; the whole import is not timed")
        return 1 if missed else 0
    with tempfile.TemporaryDirectory() as folder:
        library = SQLiteStore.open(Path(folder) / "bench.db", user="bench")
        try:
            start = time.perf_counter()
            added, updated = library.add_published_checks(result.checks)
            stored = time.perf_counter() - start
        finally:
            library.close()
    whole = sniff + read + stored
    missed = missed or whole > WHOLE_TARGET
    print(f"  store (add_published_checks): {stored * 1000:6.0f} ms ({added} added, {updated} updated)")
    print(f"  whole import: {whole:.2f} s   target ≤ {WHOLE_TARGET:.0f} s (× {whole / WHOLE_TARGET:.2f})"
          f"{'  MISSED' if whole > WHOLE_TARGET else ''}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
