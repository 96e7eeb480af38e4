"""Speed of claimant attribution: every sentence of a 5,000-word article attributed (issue 15).

Run by hand (never collected as a test)::

    .venv/bin/python bench/attribution.py [--words 5000] [--data ../shared/data/article-extraction]
        [--repeat 5] [--show N]

The article is real news text: the bodies of the article-extraction benchmark's pages
(their ``ground-truth.json``), joined paragraph by paragraph until it has ``--words`` words;
the seed article repeated if the data is absent. Each run attributes every sentence
(``factcheck.core.checkworthy.split_sentences``) of a text never seen before, so the
reading of the article (paragraphs, quotations, sentences, the names in it) is counted
too. Prints the median and worst of ``--repeat`` runs (wall clock; and the median CPU time, which
waiting for a shared CPU does not inflate) against the target (≤ 50 ms) and how
many sentences got a speaker; ``--show N`` prints N attributed sentences to look at.
Exit status 1 if the target is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from factcheck.assets import seed_article
from factcheck.core.attribution import attribute
from factcheck.core.attribution_quotes import find_quotes, paragraphs
from factcheck.core.checkworthy import split_sentences

TARGET_MS = 50.0


def _article(data: Path, words: int) -> str:
    truth = data / "ground-truth.json"
    if truth.exists():
        bodies = [page["articleBody"] for page in json.loads(truth.read_text(encoding="utf-8")).values()]
    else:
        bodies = [seed_article().read_text(encoding="utf-8")] * 100
    paragraphs: list[str] = []
    count = 0
    for body in bodies:
        for paragraph in body.split("\n"):
            if paragraph.strip() and count < words:
                paragraphs.append(paragraph.strip())
                count += len(paragraph.split())
    return "\n\n".join(paragraphs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
                        / "article-extraction")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()

    base = _article(args.data, args.words)
    sentences = split_sentences(base)
    timings = []
    cpu = []
    found: list[tuple[str, str]] = []
    for run in range(args.repeat):
        text = base + f"\n\nRun {run}."  # a new text: nothing kept from the run before
        started, started_cpu = time.perf_counter(), time.thread_time()
        found = [(s.text, attribute(text, s.start, s.end)) for s in sentences]
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    median = statistics.median(timings)
    speakers = sum(1 for _, who in found if who)
    quotes = len(find_quotes(base, paragraphs(base)))
    print(f"{len(base.split())} words, {len(sentences)} sentences, {quotes} quotations; "
          f"{speakers} sentences attributed")
    print(f"every sentence attributed: median {median:.1f} ms, worst {max(timings):.1f} ms "
          f"(target ≤ {TARGET_MS:.0f} ms: {median / TARGET_MS:.2f} of it); CPU time median "
          f"{statistics.median(cpu):.1f} ms")
    for sentence, who in [pair for pair in found if pair[1]][:args.show]:
        print(f"  {who!r:32} {sentence[:110]!r}")

    # The worst shape found in review: one paragraph of as many words, a pronoun in every other sentence, each
    # of which looks back over the paragraph ("…," he said. The minister said …) — it grew with the cube.
    long = " ".join(f'"The economy grew {i} percent," he said. The minister said taxes rose.'
                    for i in range(max(1, args.words // 12)))
    one = split_sentences(long)
    started = time.perf_counter()
    _ = [attribute(long, s.start, s.end) for s in one]
    single = (time.perf_counter() - started) * 1000
    print(f"one paragraph of {len(long.split())} words, {len(one)} sentences, every other a pronoun's: "
          f"{single:.0f} ms (target ≤ {TARGET_MS:.0f} ms: {single / TARGET_MS:.2f} of it)")
    return 0 if median <= TARGET_MS and single <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
