"""Importing 10,000 published fact-checks from a schema.org ClaimReview JSON-LD file.

    python bench/claimreview_import.py [--count 10000] [--runs 5] [--command-runs 3]

Generates a JSON-LD list of ``--count`` ClaimReviews in the shapes fact-checkers and
aggregators publish (authors as text, objects and lists; ``itemReviewed`` as a Claim or
a CreativeWork; ratings in words or numbers given as text; dates with and without a
time; ``{"@id": …}`` references; a few records in an ``@graph``). Their claims and
headlines are the 10,375 Snopes fact-checks of ``../shared/data/claim-retrieval/`` when
that folder is there (read in place, never copied), else made-up sentences. Then times,
median of ``--runs``:

- telling the file from a factcheck bundle (:func:`is_claimreview_json`);
- reading it into ``PublishedCheck`` records (:func:`read_claimreviews`), every record
  checked afterwards so the figure is of real work;
- storing them in a fresh SQLite library (``add_published_checks``);

and, median of ``--command-runs``, the whole path a user takes: ``factcheck --db NEW.db
import FILE.jsonld`` in a fresh process (start, routing, reading, storing, the commit on
disk), then the same file imported again into that library (every fact-check updated).

Issue 13's target is the whole import of 10,000 in ≤ 10 s; reading is held to ≤ 1 s so
that the store keeps most of the budget. Nothing is written outside a temporary folder.
Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from factcheck.io.claimreview_import import is_claimreview_json, read_claimreviews

READ_TARGET = 1.0
WHOLE_TARGET = 10.0
VERDICTS = ["True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire", "Missing context"]
CLAIM_RETRIEVAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "claim-retrieval" / "verified_claims.docs.tsv"
WORDS = ["the", "council", "spent", "twice", "as", "much", "on", "roads", "as", "on", "schools", "last", "year",
         "while", "taxes", "rose", "by", "a", "third", "and", "crime", "fell", "across", "every", "district"]


def snopes_claims() -> list[tuple[str, str]]:
    """(claim, fact-check title) of the claim-retrieval data's verified claims; [] without the data."""
    if not CLAIM_RETRIEVAL.exists():
        return []
    with CLAIM_RETRIEVAL.open(encoding="utf-8", newline="") as tsv:
        rows = list(csv.reader(tsv, delimiter="\t"))[1:]  # a few claims are quoted, with line breaks
    return [(" ".join(row[1].split()), row[2]) for row in rows if len(row) == 3 and row[1].strip()]


def claimreviews(count: int, seed: int = 13, claims: list[tuple[str, str]] = ()) -> bytes:
    """``count`` ClaimReviews, as a JSON-LD list of varied shapes (a fixed seed: the same file each run).

    Their claims and headlines are ``claims`` (claim, title), in turn, when given; else made up.
    """
    rng = random.Random(seed)
    records: list[dict] = []
    for n in range(count):
        if claims:
            claim, title = claims[n % len(claims)]
        else:
            claim = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize()
            title = f"Fact check: {claim[:60]}"
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
            "headline": title or f"Fact check: {claim[:60]}",
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
    parser.add_argument("--command-runs", type=int, default=3, help="runs of the whole `factcheck import`")
    args = parser.parse_args()
    claims = snopes_claims()
    data = claimreviews(args.count, claims=claims)
    where = f"claims and titles from {CLAIM_RETRIEVAL.parent.name} ({len(claims):,})" if claims else "made-up claims"
    print(f"{args.count:,} ClaimReviews, {len(data) / 1e6:.1f} MB of JSON-LD, {where}")

    sniff, is_claimreview = timed(lambda: is_claimreview_json(data), args.runs)
    assert is_claimreview
    read, result = timed(lambda: read_claimreviews(data, "bench.jsonld"), args.runs)
    unique = len({c.url for c in result.checks})
    assert len(result.checks) == unique == args.count and not result.problems, result.problems[:3]
    assert all(c.url and c.claim_reviewed and c.verdict and c.author and c.claimant and c.published
               for c in result.checks)
    missed = read > READ_TARGET
    print(f"  sniff (is_claimreview_json):  {sniff * 1000:7.0f} ms")
    print(f"  read  (read_claimreviews):    {read * 1000:7.0f} ms   target ≤ {READ_TARGET * 1000:.0f} ms "
          f"(× {read / READ_TARGET:.2f}){'  MISSED' if missed else ''}")

    from factcheck.store import SQLiteStore

    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as folder:
        def store_in_a_new_library() -> tuple[int, int]:
            path = Path(folder) / f"store-{time.perf_counter_ns()}.db"
            library = SQLiteStore.open(path, user="bench")
            try:
                return library.add_published_checks(result.checks)
            finally:
                library.close()

        stored, (added, updated) = timed(store_in_a_new_library, args.runs)
        print(f"  store (add_published_checks): {stored * 1000:7.0f} ms   ({added:,} added, {updated} updated; "
              "opening the new library not counted)")

        jsonld = Path(folder) / "fact-checks.jsonld"
        jsonld.write_bytes(data)
        first, again = whole_command(jsonld, Path(folder), args.command_runs, args.count)
    missed = missed or first > WHOLE_TARGET or again > WHOLE_TARGET
    for label, seconds in (("factcheck import (a new library)", first), ("again (every one updated)", again)):
        print(f"  {label:<33} {seconds:5.2f} s   target ≤ {WHOLE_TARGET:.0f} s (× {seconds / WHOLE_TARGET:.2f})"
              f"{'  MISSED' if seconds > WHOLE_TARGET else ''}")
    return 1 if missed else 0


def whole_command(jsonld: Path, folder: Path, runs: int, count: int) -> tuple[float, float]:
    """Median seconds of ``factcheck --db NEW.db import FILE`` in a fresh process, and of importing it again."""
    env = {**os.environ, "FACTCHECK_SETTINGS": str(folder / "settings.ini"), "FACTCHECK_LOG": "ERROR"}
    env.pop("FACTCHECK_DB", None)
    firsts, agains = [], []
    for run in range(runs):
        db = folder / f"command-{run}.db"
        for times, expected in ((firsts, f"{count} fact-checks added, 0 updated"),
                                (agains, f"0 fact-checks added, {count} updated")):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "factcheck", "--db", str(db), "import", str(jsonld)],
                                  capture_output=True, text=True, env=env, timeout=600)
            times.append(time.perf_counter() - start)
            assert done.returncode == 0 and f"published\t{expected} ({jsonld})" in done.stdout, (done.stdout,
                                                                                              done.stderr)
    return statistics.median(firsts), statistics.median(agains)


if __name__ == "__main__":
    sys.exit(main())
