"""Very large input stays within limits: a 19 MB text, a 100,000-word article, a 1 MB line
with no breaks, and 10,000 claims on one article.

    QT_QPA_PLATFORM=offscreen python bench/large_inputs.py

For each, the time the UI thread is busy with it (imports run in a worker: only opening
the article in the window blocks the UI) and the process's peak memory. The longest UI
freeze allowed is the progress dialog's delay (400 ms) for anything that shows no sign
of work; opening an article over 300,000 characters or with a paragraph over 100,000
shows a wait cursor and a status message while Qt lays it out, so it is reported
against Qt's own floor instead: a bare QTextBrowser given the same text.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from factcheck.core.anchors import make_anchor  # noqa: E402
from factcheck.core.articles import Article  # noqa: E402
from factcheck.core.claims import Claim  # noqa: E402
from factcheck.operations import import_many  # noqa: E402
from factcheck.store import SQLiteStore  # noqa: E402
from factcheck.ui.app import create_application, open_window  # noqa: E402
from factcheck.ui.settings import Preferences  # noqa: E402

WORDS = "the council said budget figures rose fell by per cent last year minister report data".split()
FREEZE_LIMIT_MS = 400


def words(n: int, rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_open(window, article_id: int) -> float:
    started = time.perf_counter()
    window.open_article(article_id)
    QApplication.processEvents()
    return (time.perf_counter() - started) * 1000


def main() -> int:
    rng = random.Random(7)
    work = Path(tempfile.mkdtemp(prefix="factcheck-large-"))
    app = create_application()
    prefs = Preferences(QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
    library = SQLiteStore.open(work / "library.db")
    rows = []

    # 1. a 19 MB text file, imported as the worker does
    big = work / "big.txt"
    paragraphs = [words(rng.randint(40, 120), rng) for _ in range(25_000)]
    big.write_text("A very long report\n\n" + "\n\n".join(paragraphs)[:19_000_000], encoding="utf-8")
    started = time.perf_counter()
    results, failures = import_many(library, [big])
    import_s = time.perf_counter() - started
    assert results and not failures, failures
    rows.append(("import a 19 MB text (worker thread)", f"{import_s * 1000:.0f} ms", "off the UI thread"))

    window = open_window(library, prefs)
    window.resize(1400, 860)
    window.show()
    QApplication.processEvents()
    rows.append(("open that 19 MB article in the window", f"{timed_open(window, results[0].article_id):.0f} ms", ""))

    # 2. a 100,000-word article
    text = "A hundred thousand words\n\n" + "\n\n".join(words(100, rng) for _ in range(1000))
    article = library.add_article(Article(title="A hundred thousand words", text=text))
    rows.append(("open a 100,000-word article", f"{timed_open(window, article.id):.0f} ms", ""))

    # 3. one line of 1 MB with no breaks
    line = words(180_000, rng)[:1_000_000]
    long_line = library.add_article(Article(title="One long line", text="One long line\n\n" + line))
    opened = timed_open(window, long_line.id)
    from PySide6.QtWidgets import QTextBrowser

    bare = QTextBrowser()
    bare.resize(900, 800)
    bare.show()
    started = time.perf_counter()
    bare.setPlainText("One long line\n\n" + line)
    QApplication.processEvents()
    floor = (time.perf_counter() - started) * 1000
    bare.close()
    rows.append(("open an article with a 1 MB line", f"{opened:.0f} ms",
                 f"wait cursor shown; Qt's own floor {floor:.0f} ms ({opened / floor:.2f}x)"))

    # 4. 10,000 claims on one article
    text = "Ten thousand claims\n\n" + "\n\n".join(words(60, rng) for _ in range(2500))
    dense = library.add_article(Article(title="Ten thousand claims", text=text))
    starts = sorted(rng.sample(range(30, len(text) - 40), 10_000))
    with library.transaction():
        for n, start in enumerate(starts):
            library.add_claim(Claim(anchor=make_anchor(text, start, start + rng.randint(5, 30)),
                                    article_id=dense.id, verdict="False" if n % 3 else None))
    rows.append(("open an article with 10,000 claims", f"{timed_open(window, dense.id):.0f} ms", ""))
    begin = text.index(" ", 100) + 1
    window.article_panel.view.select_span(begin, begin + 12)
    started = time.perf_counter()
    window.mark_action.trigger()
    QApplication.processEvents()
    rows.append(("mark a claim on it", f"{(time.perf_counter() - started) * 1000:.1f} ms", ""))

    print(f"{'what':45} {'time':>10}  note")
    worst = 0.0
    for what, value, note in rows:
        print(f"{what:45} {value:>10}  {note}")
        if not note and value.endswith("ms") and "open" in what:
            worst = max(worst, float(value.split()[0]))
    print(f"peak memory of the process: {peak_mb():.0f} MB")
    verdict = "ok" if worst <= FREEZE_LIMIT_MS else "OVER"
    print(f"longest UI freeze: {worst:.0f} ms (limit {FREEZE_LIMIT_MS} ms) {verdict}")
    window.close()
    library.close()
    app.processEvents()
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
