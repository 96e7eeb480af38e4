"""The desk teaches it: precision of the top suggestions before and after a library's layer.

    .venv/bin/python bench/checkworthy_feedback.py [--data ../shared/data] [--dismiss N]

The debates of checkworthy-debates/training are read in time order, as a desk would have met
them. Before each debate, a layer (factcheck.core.checkworthy_feedback) is fitted on the
decisions of every earlier debate, played as a desk would make them: each sentence a
fact-checker checked marked (1), and the suggestions of the shipped model (scored above
DEFAULT_THRESHOLD) that nobody checked dismissed (0; only the best --dismiss of them with it).
The debate is then ranked by the shipped model alone and with the layer; printed per debate
and averaged over every debate after the first: precision of the top 10 and top 20, and
average precision (every sentence ranked, as the CLEF lab scores).
Also the time to fit the last layer. The debates are a different desk's choice than
ClaimBuster's coders' (what PolitiFact and others checked): the layer learns that taste.
Then a desk with a taste of its own, simulated on ClaimBuster's test.json: it checks only
claims about money and the economy (see economy_desk). Exits 1 if the layer raises the
precision of the top 20 in neither. Writes nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

from factcheck.core.checkworthy import DEFAULT_THRESHOLD, Scorer
from factcheck.core.checkworthy_feedback import FeedbackLayer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checkworthy import DATA, average_precision, ranked, read_debate  # noqa: E402


def debate_date(path: Path) -> tuple[int, int, int]:
    stamp = path.name[:8]
    year, a, b = int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8])
    return (year, b, a) if a > 12 else (year, a, b)  # 20182601 is 26 January 2018


def precision_at(labels_by_rank: list[int], k: int) -> float:
    return sum(labels_by_rank[:k]) / k


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--dismiss", type=int, default=None,
                        help="suggestions not checked dismissed per debate, the best first (default: all of them)")
    args = parser.parse_args(argv)

    base = Scorer.shipped()
    paths = sorted((args.data / "checkworthy-debates" / "training").glob("*.tsv"), key=debate_date)
    decisions: list[tuple[str, int]] = []
    rows = []
    fit_time = 0.0
    print(f"{'debate':<28} {'decisions':>9}   {'P@10':>11}   {'P@20':>11}   {'AP':>11}")
    for path in paths:
        sentences, labels = read_debate(path)
        before = ranked(labels, base.score(sentences))
        if decisions:
            started = time.perf_counter()
            layer = FeedbackLayer.fit(decisions, base)
            last = len(decisions)
            fit_time = time.perf_counter() - started
            after = ranked(labels, base.with_layer(layer).score(sentences))
            row = [(precision_at(r, 10), precision_at(r, 20), average_precision(r)) for r in (before, after)]
            rows.append(row)
            print(f"{path.stem:<28} {len(decisions):>9}   {row[0][0]:.2f} → {row[1][0]:.2f}   "
                  f"{row[0][1]:.2f} → {row[1][1]:.2f}   {row[0][2]:.3f} → {row[1][2]:.3f}")
        # The desk's decisions on this debate, for the ones after it.
        checked = [(s, 1) for s, y in zip(sentences, labels) if y]
        scores = base.score(sentences)
        unchecked = sorted(((score, s) for s, y, score in zip(sentences, labels, scores)
                            if not y and score > DEFAULT_THRESHOLD), reverse=True)
        decisions = [*checked, *((s, 0) for _score, s in unchecked[:args.dismiss]), *decisions]

    def mean(which: int, metric: int) -> float:
        return statistics.mean(row[which][metric] for row in rows)

    print(f"mean over {len(rows)} debates, each after the earlier ones' feedback:")
    for metric, name in enumerate(("precision of the top 10", "precision of the top 20", "average precision")):
        before, after = mean(0, metric), mean(1, metric)
        print(f"  {name:<24} {before:.3f} → {after:.3f}  ({after - before:+.3f}, ratio {after / before:.2f})")
    print(f"fitting the last layer on {last} decisions: {fit_time * 1000:.0f} ms "
          "(its sentences scored by the shipped model included)")
    debates_rise = mean(1, 1) > mean(0, 1)
    desk_rise = economy_desk(base, args.data)
    return 0 if debates_rise or desk_rise else 1


ECONOMY = re.compile(r"\b(?:tax(?:es)?|jobs?|unemploy\w*|econom\w*|deficits?|debt|budget|spending|wages?|incomes?|"
                     r"inflation|trade|dollars?|billions?|trillions?|prices?|poverty|business\w*)\b", re.IGNORECASE)


def economy_desk(base: Scorer, data: Path) -> bool:
    """A desk with a taste of its own: only claims about money and the economy.

    ClaimBuster's test.json in the order of its sentence ids, halved: the desk's decisions on
    the first half's suggestions (a check-worthy sentence that names the economy marked, any
    other suggestion dismissed) teach the layer; the second half is ranked by what that desk
    wants. Returns whether the precision of its top 20 rose.
    """
    items = sorted(json.loads((data / "claimbuster" / "test.json").read_text(encoding="utf-8")),
                   key=lambda item: item["sentence_id"])
    half = len(items) // 2
    wanted = [int(item["label"] == 1 and bool(ECONOMY.search(item["text"]))) for item in items]
    texts = [item["text"] for item in items]
    scores = base.score(texts[:half])
    decisions = [(text, want) for text, want, score in zip(texts, wanted, scores) if score > DEFAULT_THRESHOLD]
    layer = FeedbackLayer.fit(decisions, base)
    later, later_wanted = texts[half:], wanted[half:]
    before = ranked(later_wanted, base.score(later))
    after = ranked(later_wanted, base.with_layer(layer).score(later))
    print(f"a desk checking only the economy (ClaimBuster test.json, {sum(later_wanted)} of {len(later)} later "
          f"sentences wanted), after {len(decisions)} decisions on the earlier half's suggestions:")
    for k in (10, 20, 50):
        b, a = precision_at(before, k), precision_at(after, k)
        print(f"  precision of the top {k:<3}     {b:.3f} → {a:.3f}  ({a - b:+.3f})")
    b, a = average_precision(before), average_precision(after)
    print(f"  average precision          {b:.3f} → {a:.3f}  ({a - b:+.3f})")
    return precision_at(after, 20) > precision_at(before, 20)


if __name__ == "__main__":
    sys.exit(main())
