"""The shipped check-worthiness model: quality on ClaimBuster's test split, ranking on debates, speed, size.

    .venv/bin/python bench/checkworthy.py [--data ../shared/data] [--runs 7]

Prints, each with its target:
* test.json (702 sentences, 351 check-worthy): precision, recall and F1 of the positive class
  at DEFAULT_THRESHOLD, and average precision (targets: F1 >= 0.86 with precision >= 0.90;
  references: Full Fact F1 0.83, a character n-gram logistic regression about 0.83);
* the debates of checkworthy-debates/training: every sentence of a debate ranked by score,
  average precision per debate, their mean (MAP; the CLEF 2019 lab's best 0.166 on its own
  test debates, random about 0.03: the expected figure of a random ranking is printed too);
* speed: a 5,000-word article (sentences of test.json in paragraphs) split and scored,
  median of --runs, with the model already loaded; the first load on its own;
* the model file's size (target <= 30 MB).
Exits 1 when a target is missed. Reads the data in place; writes nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from factcheck.core import checkworthy
from factcheck.core.checkworthy import DEFAULT_THRESHOLD, Scorer, score_text

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def average_precision(labels_by_rank: list[int]) -> float:
    hits = 0
    total = 0.0
    for rank, label in enumerate(labels_by_rank, 1):
        if label:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def ranked(labels: list[int], scores: list[float]) -> list[int]:
    # Ties keep the document's order (sorted is stable), as the lab's scorer reads a ranking.
    return [label for _score, label in sorted(zip(scores, labels), key=lambda pair: -pair[0])]


def read_debate(path: Path) -> tuple[list[str], list[int]]:
    sentences, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        _number, _speaker, sentence, label = line.split("\t")
        sentences.append(sentence)
        labels.append(int(label))
    return sentences, labels


def claimbuster(scorer: Scorer, data: Path) -> tuple[float, float, float, float]:
    items = json.loads((data / "claimbuster" / "test.json").read_text(encoding="utf-8"))
    labels = [item["label"] for item in items]
    scores = scorer.score([item["text"] for item in items])
    tp = sum(1 for y, s in zip(labels, scores) if y and s > DEFAULT_THRESHOLD)
    fp = sum(1 for y, s in zip(labels, scores) if not y and s > DEFAULT_THRESHOLD)
    fn = sum(1 for y, s in zip(labels, scores) if y and s <= DEFAULT_THRESHOLD)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, average_precision(ranked(labels, scores))


def debates(scorer: Scorer, data: Path) -> tuple[float, float, int]:
    folder = data / "checkworthy-debates" / "training"
    aps, randoms = [], []
    shuffle = random.Random(0).shuffle
    for path in sorted(folder.glob("*.tsv")):
        sentences, labels = read_debate(path)
        aps.append(average_precision(ranked(labels, scorer.score(sentences))))
        runs = []
        for _ in range(50):
            order = labels[:]
            shuffle(order)
            runs.append(average_precision(order))
        randoms.append(statistics.mean(runs))
    return statistics.mean(aps), statistics.mean(randoms), len(aps)


def article(data: Path, words: int = 5000) -> str:
    items = json.loads((data / "claimbuster" / "test.json").read_text(encoding="utf-8"))
    paragraphs, paragraph, count = [], [], 0
    for item in items * 3:
        paragraph.append(item["text"])
        count += len(item["text"].split())
        if len(paragraph) == 5:
            paragraphs.append(" ".join(paragraph))
            paragraph = []
        if count >= words:
            break
    paragraphs.append(" ".join(paragraph))
    return "\n\n".join(p for p in paragraphs if p)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    scorer = Scorer.shipped()
    load = time.perf_counter() - started
    failed = False

    precision, recall, f1, ap = claimbuster(scorer, args.data)
    ok = f1 >= 0.86 and precision >= 0.90
    failed |= not ok
    print(f"claimbuster test.json at threshold {DEFAULT_THRESHOLD}: precision {precision:.3f}  recall {recall:.3f}  "
          f"F1 {f1:.3f}  (target F1 >= 0.86 with precision >= 0.90: {'met' if ok else 'MISSED'}); "
          f"average precision {ap:.3f}")

    mean_ap, random_ap, count = debates(scorer, args.data)
    ok = mean_ap > 0.166
    failed |= not ok
    print(f"debates ({count}, every sentence ranked): MAP {mean_ap:.3f}  random {random_ap:.3f}  "
          f"(lab's best 0.166 on its test debates: {'above' if ok else 'NOT above'}; ratio {mean_ap / 0.166:.2f})")

    text = article(args.data)
    sentences = len(checkworthy.split_sentences(text))
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        score_text(text, scorer)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    ok = median <= 0.100
    failed |= not ok
    print(f"speed: {len(text.split())} words, {sentences} sentences split and scored in {median * 1000:.0f} ms "
          f"(median of {args.runs}; target <= 100 ms, ratio {median / 0.100:.2f}); first load of the model "
          f"{load * 1000:.0f} ms")

    size = (Path(checkworthy.__file__).resolve().parent.parent / "models" / checkworthy.MODEL_FILE).stat().st_size
    ok = size <= 30e6
    failed |= not ok
    print(f"model file: {size / 1e6:.2f} MB, {len(scorer._weights)} features "
          f"(target <= 30 MB, ratio {size / 30e6:.3f})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
