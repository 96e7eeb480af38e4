"""Find in the article (Ctrl+F) in the 50,000-word article with 2,000 claims: time per keystroke.

Run by hand (never collected as a test)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/find_in_article.py

The library is the one ``bench/large_article.py`` builds (the same generator, in a
child process): a 50,000-word article with characters outside the BMP and 2,000
claims, most rated, so the view paints claim highlights under the matches. The real
window opens it offscreen at 1400×860, Ctrl+F opens the find bar, and every
keystroke is a real key event sent to the bar's field (``QTest.keyClick``): the
clock runs from the key press until the event loop finds nothing left to do (the
search, the count, the selection and scroll, the tints and the repaint of the
article). Typed, character by character, then erased with Backspace:

* words and phrases that occur a few times to thousands of times (one letter at
  the start of each is the worst case: tens of thousands of matches),
* a name typed without its accent ("Sao Paulo" for "São Paulo"), with Match case,
* a word that never occurs ("No matches"),

and Enter / F3 steps through matches (timed the same way); last, one keystroke
straight after the article is opened again, while Qt is still laying it out. Every step is checked
outside the clock: the count the bar shows is the number of matches a plain
``re`` search of the folded text finds, and the selected text is the match.
The target is 30 ms per keystroke (issue 13); the median and the 95th percentile
are printed with their ratio to it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import large_article  # noqa: E402 (the generator of the 50,000-word article, beside this file)

TARGET_MS = 30.0
QUERIES = ["per cent", "minister", "the government", "inflation rose", "Sao Paulo", "zebra crossing",
           "Okafor", "e"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=large_article.WORDS)
    parser.add_argument("--claims", type=int, default=large_article.CLAIMS)
    parser.add_argument("--steps", type=int, default=40, help="timed Enter/F3 steps through the matches")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the timed keystrokes to FILE")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    work = Path(tempfile.mkdtemp(prefix="factcheck-find-"))
    try:
        built = large_article.run_child("build", str(work / "library.db"), str(args.words), str(args.claims))
        first = built["articles"][0]
        print(f"article: {first['words']:,} words, {first['chars']:,} characters ({first['astral']} outside "
              f"the BMP), {first['claims']:,} claims")
        bench = large_article.Bench(work / "library.db", work)
        return run(bench, first["id"], args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(bench, article_id: int, args) -> int:
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtTest import QTest

    from factcheck.ui.find_bar import fold

    window, app = bench.window, bench.app
    panel = window.article_panel
    bar, view = panel.find_bar, panel.view
    window.open_article(article_id)
    view.document().documentLayout().documentSize()  # laid out whole, as it is once the reader has looked at it
    bench.settle()
    text = view.article_text()
    window.find_action.trigger()
    bench.settle()

    def timed(press) -> float:
        t0 = time.perf_counter()
        press()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)  # the repaint the keystroke asked for
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        return (time.perf_counter() - t0) * 1000

    def check(query: str) -> None:
        match_case = bar.case_button.isChecked()
        haystack, needle = fold(text, match_case), fold(query, match_case)
        expected = len(re.findall(re.escape(needle), haystack)) if query else 0
        shown = bar.count.text()
        if expected == 0:
            if query and shown != "No matches":
                raise SystemExit(f"{query!r}: the bar shows {shown!r}, expected No matches")
            return
        if not shown.endswith(f" of {expected:,}"):
            raise SystemExit(f"{query!r}: the bar shows {shown!r}, expected {expected:,} matches")
        span = view.selection_span()
        if span is None or fold(text[span[0]:span[1]], match_case) != needle:
            raise SystemExit(f"{query!r}: the selection {span} is not a match")

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    typing, erasing, steps, first_key = [], [], [], []
    per_query = []
    for query in QUERIES:
        bar.case_button.setChecked(query == "Sao Paulo")  # one query with Match case on
        bar.field.clear()
        view.select_span(0, 0)  # from the top, as after opening the article
        bench.settle()
        if profiler:
            profiler.enable()
        times = []
        for n, char in enumerate(query, start=1):
            times.append(timed(lambda c=char: QTest.keyClick(bar.field, c)))
            if profiler:
                profiler.disable()
            check(query[:n])
            if profiler:
                profiler.enable()
        first_key.append(times[0])
        typing += times
        counted = bar.count.text()
        if counted != "No matches":
            for k in range(args.steps // len(QUERIES)):
                key = Qt.Key.Key_Return if k % 2 else Qt.Key.Key_F3
                steps.append(timed(lambda key=key: QTest.keyClick(bar.field, key)))
        for n in range(len(query), 0, -1):
            erasing.append(timed(lambda: QTest.keyClick(bar.field, Qt.Key.Key_Backspace)))
            if profiler:
                profiler.disable()
            check(query[:n - 1])
            if profiler:
                profiler.enable()
        if profiler:
            profiler.disable()
        per_query.append((query, counted, statistics.median(times), max(times)))
    bar.case_button.setChecked(False)
    esc = timed(lambda: QTest.keyClick(bar.field, Qt.Key.Key_Escape))
    if not bar.isHidden() or view.extraSelections():
        raise SystemExit("Esc did not close the bar and clear the tints")
    if profiler:
        profiler.dump_stats(args.profile)
    # Straight after opening: Qt is still laying the article out in steps (the view must not force the rest).
    other = next(a.id for a in bench.library.articles() if a.id != article_id)
    window.open_article(other)
    window.open_article(article_id)
    app.processEvents()
    window.find_action.trigger()
    bar.field.clear()
    just_opened = timed(lambda: QTest.keyClick(bar.field, "p"))
    check("p")

    print(f"python {sys.version.split()[0]}, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}, "
          f"{os.cpu_count()} cores; every keystroke checked (count against a plain search, selection)\n")
    print(f"{'query':<18}{'after typing':>18}{'median ms':>11}{'max ms':>9}")
    for query, counted, median, worst in per_query:
        print(f"{query!r:<18}{counted:>18}{median:>11.1f}{worst:>9.1f}")
    print()
    rows = [("keystroke typing, median", statistics.median(typing)),
            ("keystroke typing, p95", large_article.p95(typing)),
            ("keystroke Backspace, median", statistics.median(erasing)),
            ("keystroke Backspace, p95", large_article.p95(erasing)),
            ("first key of a query, max", max(first_key)),
            ("first key just after opening", just_opened)]
    if steps:
        rows += [("Enter/F3 next match, median", statistics.median(steps)),
                 ("Enter/F3 next match, p95", large_article.p95(steps))]
    every = typing + erasing + steps
    rows += [("every keystroke, median", statistics.median(every)), ("every keystroke, p95",
                                                                     large_article.p95(every))]
    print(f"{'figure':<34}{'measured':>10}{'target':>10}{'ratio':>8}  verdict")
    failed = False
    for label, value in rows:
        ok = value <= TARGET_MS
        failed |= not ok
        print(f"{label:<34}{value:>7.1f} ms{TARGET_MS:>7.0f} ms{value / TARGET_MS:>7.2f}x  {'ok' if ok else 'MISSED'}")
    print(f"\n{len(typing)} typed, {len(erasing)} erased, {len(steps)} steps; Esc (close, clear tints) {esc:.1f} ms; "
          f"slowest keystroke {max(every):.1f} ms")
    bench.reader.close()
    window.close()
    bench.library.close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
