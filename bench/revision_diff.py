"""Diffing two revisions of a 50,000-word article for the Changes Between Revisions window (issue 14).

Run by hand (never collected as a test)::

    /work/main/.venv/bin/python bench/revision_diff.py [--repeat 5] [--words 50000]

Cases (the revisions are bench/reanchor.py's, made by known edits):

* ``realistic``: 20 paragraphs inserted, 15 removed, 15 moved, a word changed in 200
  sentences, 40 sentences deleted.
* ``worst``: bench/reanchor.py's article that repeats itself (the same box after every
  paragraph, claims of 300 and 700 words with a word changed).
* ``every paragraph``: a word changed in every paragraph (every paragraph is a changed one).
* ``rewritten``: every paragraph replaced by an unrelated one (a gap of ~1,000 paragraphs
  on each side: paired in order past :data:`~factcheck.core.revision_diff.MAX_PAIRINGS`).
* ``one paragraph``: the realistic revision with its line breaks made spaces, so that the
  whole article is one paragraph, diffed word by word.
* ``unchanged``: the article against itself.

Printed: the median of ``--repeat`` runs of ``diff_texts`` and the summary line; the check
that the edits turn the old text into the new. Target: each well under 1 s. Exit status 1
if one takes 1 s or more, or an edit is wrong.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import large_article  # noqa: E402
import reanchor  # noqa: E402 (the revisions with known edits, beside this file)

from factcheck.core.revision_diff import diff_texts  # noqa: E402

TARGET_S = 1.0


def every_paragraph(words: int) -> tuple[str, str]:
    _, text, _ = large_article.make_article(1, words)
    rng = random.Random(7)
    paragraphs = text.split("\n\n")
    changed = []
    for paragraph in paragraphs:
        spans = [m.span() for m in re.finditer(r"\w+", paragraph)]
        if len(spans) > 2:
            a, b = rng.choice(spans[1:-1])
            paragraph = paragraph[:a] + rng.choice(large_article.VOCABULARY) + paragraph[b:]
        changed.append(paragraph)
    return text, "\n\n".join(changed)


def rewritten(words: int) -> tuple[str, str]:
    _, old, _ = large_article.make_article(1, words)
    _, new, _ = large_article.make_article(3, words)
    return old, new


def one_paragraph(words: int) -> tuple[str, str]:
    old, _, new, _ = reanchor.realistic(words, 2000)
    return old.replace("\n", " "), new.replace("\n", " ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--words", type=int, default=50_000)
    args = parser.parse_args()
    cases = {
        "realistic": lambda: reanchor.realistic(args.words, 2000)[::2],
        "worst": lambda: reanchor.worst(args.words, 2000)[::2],
        "every paragraph": lambda: every_paragraph(args.words),
        "rewritten": lambda: rewritten(args.words),
        "one paragraph": lambda: one_paragraph(args.words),
        "unchanged": lambda: (every_paragraph(args.words)[0],) * 2,
    }
    failed = False
    print(f"diff_texts, median of {args.repeat} runs, {args.words:,} words")
    for name, make in cases.items():
        old, new = make()
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            diff = diff_texts(old, new)
            times.append(time.perf_counter() - began)
        right = diff.apply() == new
        median = statistics.median(times)
        failed |= median >= TARGET_S or not right
        print(f"  {name:16} {median * 1000:7.1f} ms (max {max(times) * 1000:6.1f})  "
              f"{len(old.split()):,} → {len(new.split()):,} words, {len(diff.paragraphs):,} paragraphs, "
              f"{len(diff.edits):,} edits{'' if right else ' WRONG'}: {diff.summary()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
