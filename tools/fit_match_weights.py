"""Fit the weights of "Already checked"'s fused score on the claim-retrieval train split.

    .venv/bin/python tools/fit_match_weights.py [--data ../shared/data/claim-retrieval] [--step 0.05]

The fused score (factcheck/core/matching_closeness.py) is a weighted mean of three
closenesses of a candidate to the text looked up: BM25's (words), the character 4-grams'
(characters) and the rarest word's. This looks up each tweet of the train split (800) as
what ships does (``Store.similar`` on a temporary SQLite library holding the 10,375 verified
claims as published fact-checks) and keeps the closenesses of the candidates it re-ranks
(the best by BM25); then it tries every weighting on a grid (weights from 0 to 1 in
``--step``s, adding up to 1) and prints the best by MAP@5 on train, with dev's figure beside
each for a check (dev chooses nothing here).

Neighbouring weightings differ by a query or two, so the one chosen is the best on train
after smoothing: each weighting's train figure averaged with those of its neighbours on the
grid (one step away). Put the weights it prints in ``MatchSettings``
(factcheck/core/matching.py) by hand: nothing is written, and the data is not the
package's to ship (its README), so only these three numbers come from it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]

from claim_retrieval import DEFAULT_DATA, average_precision_at_5, load  # noqa: E402

from factcheck.core import matching  # noqa: E402
from factcheck.core.matching_closeness import closenesses  # noqa: E402
from factcheck.core.published import PublishedCheck  # noqa: E402
from factcheck.store import open_store  # noqa: E402


def candidates(docs, splits) -> dict[str, list]:
    """For each split, each query with an answer: (its right answers, [(key, closenesses)] in BM25's order)."""
    seen: list = []
    shipped_fuse = matching.fuse

    def keep(text, query, idf, held, ranked, ceiling, limit, settings):  # what rank() re-ranks, kept
        ranked = list(ranked)
        seen.append(list(closenesses(text, query, idf, held, ranked, ceiling)))
        return shipped_fuse(text, query, idf, held, ranked, ceiling, limit, settings)

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "library.db"), user="fit")
        try:
            store.add_published_checks(PublishedCheck(url=f"https://claim-retrieval.example/{key}",
                                                      claim_reviewed=claim, title=title) for key, claim, title in docs)
            # The library holds published checks only: a candidate's key is (its kind, its row's id).
            ids = {row_id: url.rsplit("/", 1)[1]
                   for row_id, url in store.conn.execute("SELECT id, url FROM published_checks")}
            matching.fuse = keep
            found = {}
            for name in ("train", "dev"):
                queries, qrels = splits[name]
                found[name] = []
                for q in (q for q in queries if q in qrels):
                    seen.clear()
                    store.similar(queries[q], limit=5)
                    parts = [(ids[key[1]], part) for key, part in seen[0]] if seen else []
                    found[name].append((qrels[q], parts))
        finally:
            matching.fuse = shipped_fuse
            store.close()
    return found


def map_at_5(data, weights: tuple[float, ...]) -> float:
    total = 0.0
    for relevant, parts in data:
        scored = sorted(((-sum(w * p for w, p in zip(weights, part)), order, key)
                         for order, (key, part) in enumerate(parts)))
        total += average_precision_at_5([key for _, _, key in scored], relevant)
    return total / len(data)


def grid(step: float) -> list[tuple[float, float, float]]:
    n = round(1 / step)
    return [(round((n - i - j) * step, 4), round(i * step, 4), round(j * step, 4))
            for i in range(n + 1) for j in range(n + 1 - i)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--step", type=float, default=0.05)
    args = parser.parse_args()
    docs, splits = load(args.data)
    print(f"{len(docs)} verified claims; the best {matching.MatchSettings().depth} by BM25 of each tweet re-ranked")
    found = candidates(docs, splits)
    train, dev = found["train"], found["dev"]
    weightings = grid(args.step)
    on_train = {w: map_at_5(train, w) for w in weightings}
    near = round(args.step + 1e-9, 4)

    def smoothed(w):
        around = [v for v in weightings if max(abs(a - b) for a, b in zip(v, w)) <= near]
        return sum(on_train[v] for v in around) / len(around)

    ranked = sorted(weightings, key=lambda w: (-smoothed(w), -on_train[w]))
    print(f"{'words':>6} {'chars':>6} {'rarest':>6}   {'train':>6} {'smoothed':>8}   {'dev':>6}  (MAP@5)")
    bm25 = (1.0, 0.0, 0.0)
    for w in [bm25, *ranked[:10]]:
        print(f"{w[0]:6.2f} {w[1]:6.2f} {w[2]:6.2f}   {on_train[w]:6.4f} {smoothed(w):8.4f}   {map_at_5(dev, w):6.4f}"
              + ("  (BM25 alone)" if w == bm25 else ""))
    best = ranked[0]
    print(f"chosen: words_weight={best[0]}, grams_weight={best[1]}, rarest_weight={best[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
