"""A new revision of a 50,000-word article with 2,000 claims, end to end through the store (issue 14).

Run by hand (never collected as a test)::

    /work/main/.venv/bin/python bench/revise.py [--engine sqlite|postgres] [--repeat 5]

bench/reanchor.py's ``realistic`` revision (20 paragraphs inserted, 15 removed, 15 moved, a
word changed in 10% of the claimed sentences, 2% of them deleted) of bench/large_article.py's
article, stored in a new library of the engine (``--engine postgres`` starts a throw-away
server as the tests do). Each round, as the window does it off its thread:

* **plan**: ``plan_revision`` — read the article and its claims, place every claim on the new text;
* **store**: ``apply_revision`` — the new text and 2,000 placements in one transaction (history
  and the search index kept in step);
* **undo**: ``unrevise_article`` — the previous text and every claim back, one transaction.

Printed: the median and slowest of each over ``--repeat`` rounds, the counts of placements,
and the issue's target for the placing (≤ 1 s for 2,000 claims on 50,000 words) with the
ratio. The store's times have no target of their own; they are what the reviewer waits for
after pressing Apply (the window stays responsive: it runs on a worker).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import reanchor  # noqa: E402 (bench/reanchor.py: the realistic revision, its right answers known)
import search  # noqa: E402 (bench/search.py: a new library of either engine)

TARGET_PLAN = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--claims", type=int, default=2_000)
    args = parser.parse_args()

    from factcheck.core.articles import Article
    from factcheck.core.claims import Claim
    from factcheck.revision_plans import apply_revision, plan_revision
    from factcheck.store import open_store

    old, anchors, new, _ = reanchor.realistic(args.words, args.claims)
    with search.library(args.engine) as (location, _bare):
        store = open_store(location, user="bench")
        with store.transaction():
            article = store.add_article(Article(title="The long read", text=old, url="https://news.example/long"))
            for anchor in anchors:
                store.add_claim(Claim(anchor=anchor, article_id=article.id, verdict="False"))
        print(f"{args.engine}: {len(old.split()):,} words, {len(store.claims(article.id)):,} claims")
        times: dict[str, list[float]] = {"plan": [], "store": [], "undo": []}
        counts = {}
        for _ in range(args.repeat):
            started = time.perf_counter()
            plan = plan_revision(store, article.id, new, origin="bench")
            times["plan"].append(time.perf_counter() - started)
            counts = plan.counts()
            started = time.perf_counter()
            apply_revision(store, plan)
            times["store"].append(time.perf_counter() - started)
            started = time.perf_counter()
            store.unrevise_article(article.id, plan.claims)
            times["undo"].append(time.perf_counter() - started)
        assert store.article(article.id).text == old and store.article(article.id).revision == 1
        store.close()
    print("placements:", ", ".join(f"{kind} {n}" for kind, n in counts.items()))
    for step, values in times.items():
        line = f"{step:6s} median {statistics.median(values) * 1000:7.0f} ms   slowest {max(values) * 1000:7.0f} ms"
        if step == "plan":
            line += f"   (target ≤ {TARGET_PLAN * 1000:.0f} ms: {statistics.median(values) / TARGET_PLAN:.2f}×)"
        print(line)
    return 0 if statistics.median(times["plan"]) <= TARGET_PLAN else 1


if __name__ == "__main__":
    sys.exit(main())
