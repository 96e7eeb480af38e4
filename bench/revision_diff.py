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

``--document`` also times what the Changes Between Revisions window does on the UI thread
with the diff (offscreen): building its document
(:class:`factcheck.ui.revision_diff_document.DiffDocument`) and laying it out, without claims
and with 2,000 claims (random spans of 20 to 200 characters) underlined on the newer text.
"""

from __future__ import annotations

import argparse
import os
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
    parser.add_argument("--document", action="store_true", help="time the window's document too (Qt, offscreen)")
    args = parser.parse_args()
    document = _document_timer() if args.document else None
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
        if document is not None:
            built, marked = document(diff, args.repeat)
            print(f"  {'':16} the window's document {built * 1000:7.1f} ms, with 2,000 claims underlined "
                  f"{marked * 1000:6.1f} ms")
    return 1 if failed else 0


def _document_timer():
    """A function timing the window's document for a diff: (median build, median underlining), seconds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QPalette

    from factcheck.core.anchors import Anchor
    from factcheck.core.claims import Claim
    from factcheck.ui.revision_diff_document import DiffColors, DiffDocument

    app = QGuiApplication.instance() or QGuiApplication([])
    colors = DiffColors.of(QPalette())

    def timed(diff, repeat: int) -> tuple[float, float]:
        assert app is not None  # the application lives as long as the timer
        rng = random.Random(5)
        starts = sorted(rng.sample(range(len(diff.new) - 200), 2000))
        claims = [Claim(anchor=Anchor(a, b, diff.new[a:b], "", ""), number=n)
                  for n, a in enumerate(starts, start=1) for b in [a + rng.randint(20, 200)]]
        builds, marks = [], []
        for _ in range(repeat):
            began = time.perf_counter()
            DiffDocument(diff, colors).document.documentLayout()  # laid out as the window shows it
            builds.append(time.perf_counter() - began)
            began = time.perf_counter()
            DiffDocument(diff, colors, claims=claims).document.documentLayout()
            marks.append(time.perf_counter() - began)
        return statistics.median(builds), statistics.median(marks)

    return timed


if __name__ == "__main__":
    sys.exit(main())
