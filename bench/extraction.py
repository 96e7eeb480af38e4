"""Article text extraction on 181 real pages: trafilatura alone and factcheck's importer, same run.

    python bench/extraction.py [--data DIR] [--split all|tune|check] [--worst N] [--jobs N]

Reads /work/shared/data/article-extraction/ (Zyte's article-extraction benchmark: each
page's HTML and the article body a person extracted from it) and scores, with the
benchmark's own metric:

* ``trafilatura.extract``: the call the benchmark itself makes (defaults), for
  comparison with its published figure (F1 0.958);
* trafilatura as factcheck called it before issue 14 (``bare_extraction`` with the
  options of factcheck/io/html_article.py, its text as it comes);
* factcheck's importer (``article_from_html``: the article's text, headline apart).

The metric, as the benchmark's README and evaluate.py define it: each text is split
into tokens (runs of word characters); every run of 4 consecutive tokens is a
shingle; per page, shingles counted in both texts are true positives, those only in
the prediction false positives, those only in the truth false negatives, and the
three are divided by their sum so that every page weighs the same. Precision is the
mean over pages of tp / (tp + fp) (pages that predicted something), recall the mean of
tp / (tp + fn) (pages with a truth), F1 their harmonic mean; a page with neither fp nor
fn scores 1 for both. Accuracy is the share of pages whose tokens equal the truth's.

``--split tune`` scores only the pages whose id starts with 0–7 (the half the
combining rules were tuned on), ``--split check`` the others (never looked at while
tuning). The best published F1 is 0.970; the ratio to it is printed. Exit status 1
when factcheck's F1 on the chosen pages is below it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

DATA = Path("/work/shared/data/article-extraction")
BEST_PUBLISHED_F1 = 0.970
_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> Counter:
    """Runs of ``size`` consecutive tokens, counted; a text shorter than that is one shingle of what it has."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + size]) for i in range(max(1, len(tokens) - size + 1)) if tokens[i:i + size])


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of ``predicted`` against ``truth``, divided by their sum."""
    want, got = shingles(truth), shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _ratio(tp: float, other: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + other) if tp + other else 0.0


def scores(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Precision, recall, F1 and accuracy over (truth, predicted) pairs, as the benchmark computes them."""
    counts = [page_counts(truth, predicted) for truth, predicted in pairs]
    precisions = [_ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [_ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0]
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    accuracy = sum(_TOKEN.findall(t) == _TOKEN.findall(p) for t, p in pairs) / len(pairs)
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall),
            "accuracy": accuracy}


def page_recall_precision(truth: str, predicted: str) -> tuple[float, float]:
    tp, fp, fn = page_counts(truth, predicted)
    return _ratio(tp, fn, fp, fn), _ratio(tp, fp, fp, fn)


def extract_all(path: Path) -> dict[str, str]:
    """The three texts for one page (run in a worker process)."""
    import trafilatura
    from trafilatura.deduplication import LRUCache

    from factcheck.io import BadInput
    from factcheck.io.html_article import article_from_html

    data = gzip.decompress(path.read_bytes())
    html = data.decode("utf-8")
    texts = {"trafilatura.extract": trafilatura.extract(html, include_comments=False) or ""}
    document = trafilatura.bare_extraction(
        html, favor_precision=True, include_comments=False, include_tables=False, include_images=False,
        include_links=False, deduplicate=LRUCache(maxsize=4096), with_metadata=True,
        date_extraction_params={"original_date": True, "extensive_search": False,
                                "max_date": date.today().isoformat()})
    texts["trafilatura as factcheck called it"] = (document.text or "") if document is not None else ""
    started = time.perf_counter()
    try:
        texts["factcheck"] = article_from_html(data, path.name).article.text
    except BadInput:
        texts["factcheck"] = ""
    texts["factcheck seconds"] = time.perf_counter() - started
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--split", choices=("all", "tune", "check"), default="all")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where factcheck's F1 is lowest")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    if args.split != "all":
        ids = [i for i in ids if (i[0] in "01234567") == (args.split == "tune")]
    paths = [args.data / "html" / f"{i}.html.gz" for i in ids]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(extract_all, paths, chunksize=4))
    elapsed = time.perf_counter() - started
    print(f"{len(ids)} pages ({args.split}), extracted in {elapsed:.0f} s with {args.jobs} processes")
    print(f"{'':48} {'precision':>9} {'recall':>7} {'F1':>6} {'accuracy':>8} {'F1 / 0.970':>10}")
    figures = {}
    for name in ("trafilatura.extract", "trafilatura as factcheck called it", "factcheck"):
        figures[name] = s = scores([(truth[i]["articleBody"], r[name]) for i, r in zip(ids, results)])
        print(f"{name:48} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {s['accuracy']:8.3f} "
              f"{s['f1'] / BEST_PUBLISHED_F1:10.3f}")
    if args.split == "all":
        for half, digits in (("tune", "01234567"), ("check", "89abcdef")):
            for name in ("trafilatura as factcheck called it", "factcheck"):
                s = scores([(truth[i]["articleBody"], r[name]) for i, r in zip(ids, results) if i[0] in digits])
                label = f"{name} ({half} half)"
                print(f"{label:48} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {s['accuracy']:8.3f} "
                      f"{s['f1'] / BEST_PUBLISHED_F1:10.3f}")
    seconds = sorted(r["factcheck seconds"] for r in results)
    print(f"factcheck's import per page: median {seconds[len(seconds) // 2] * 1e3:.0f} ms, "
          f"slowest {seconds[-1] * 1e3:.0f} ms")
    if args.worst:
        rows = []
        for i, r in zip(ids, results):
            recall, precision = page_recall_precision(truth[i]["articleBody"], r["factcheck"])
            before = page_recall_precision(truth[i]["articleBody"], r["trafilatura as factcheck called it"])
            rows.append((min(recall, precision), i, recall, precision, before))
        print(f"\n{'page':14} {'recall':>7} {'precision':>9}   (before: recall, precision)")
        for _, i, recall, precision, before in sorted(rows)[:args.worst]:
            print(f"{i[:12]:14} {recall:7.3f} {precision:9.3f}   ({before[0]:.3f}, {before[1]:.3f})  "
                  f"{truth[i]['url'][:70]}")
    return 0 if figures["factcheck"]["f1"] >= BEST_PUBLISHED_F1 else 1


if __name__ == "__main__":
    sys.exit(main())
