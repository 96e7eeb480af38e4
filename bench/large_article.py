"""A 50,000-word article with 2,000 claims: open it, mark claims, change verdicts, memory.

Run by hand (never collected as a test)::

    QT_QPA_PLATFORM=offscreen /work/venv/bin/python bench/large_article.py

What it does, all in one run:

1. A child process builds a temporary library through ``factcheck.store.SQLiteStore``:
   two deterministic articles of 50,000 words (realistic-looking news prose, with
   emoji and other characters outside the BMP in the first paragraphs) and 2,000
   claims on each (some nested in or straddling others, most rated on the
   newsroom scale, some with sources). A child, so that this process's peak
   memory is that of the window, not of generating the data.
2. This process opens the library in the real window (``open_window``, as
   ``factcheck --db FILE`` does), offscreen, 1400×860, and measures

   a. opening an article: ``window.open_article(id)`` plus one ``processEvents()``;
      the two big articles alternate, so every open is a real switch;
   b. marking a claim: a span is selected (and painted, as the reviewer's drag is),
      then the clock starts: trigger ``window.mark_action``, and turn the event loop
      until the operation runner has committed the row (on its worker thread) and
      the window has followed up (table row, highlight, "Saved");
   c. changing a verdict: ``window.controller.set_claim_field(id, "verdict", …)``,
      then the same wait, on a claim selected beforehand as a user would;

   For (b) and (c) three figures: **UI-thread time** (the action's call plus every
   turn of the event loop until the follow-up is painted and a turn finds nothing
   left to do: what can hold up a frame; the waits in between are not counted), **to the committed row**
   (from the action to the moment the store call returned on the worker, i.e. the
   transaction committed), and **to "Saved"** (from the action to the end of the
   follow-up, as the user sees it).
   d. peak RSS (VmHWM) of this process with the article open, next to that of a
      bare PySide6 script showing the same text in a QTextBrowser (a subprocess).

Every measured step is checked right after its clock stops (outside the timing):
rows counted in SQLite through a second connection, the claims table, and the
character format under the claims, which must carry the blended verdict tint.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = 50_000
CLAIMS = 2_000
OPEN_TARGET_MS = 300.0
EDIT_TARGET_MS = 16.0  # of UI-thread time, p95: a frame
COMMIT_TARGET_MS = 30.0  # from the action to the committed row, p95
SIZE = (1400, 860)

# ------------------------------------------------------------------ the article

VOCABULARY = """
the of and to in a is that for on was with said as it by at from his be have has are were an
this which but not they their had been more after government year percent its new minister
people two who other first also last about than would will three over into million
state public report would could police economy budget election party council official data
figures billion rate growth inflation unemployment border health hospital school teachers
spending tax taxes cut cuts rise fell increase decrease record highest lowest since decade
according ministry department agency statement interview press conference spokesperson
claimed claims argued suggested insisted denied confirmed announced promised pledged warned
however although because while during before between against under without within across
national regional local federal city county village province capital region district
energy prices fuel electricity gas market markets trade exports imports tariffs deal deals
climate emissions carbon targets renewable wind solar coal nuclear power plant plants
crime violent burglary offences prison sentences courts judges ruling appeal lawyers
migration asylum applications visas workers wages salaries pensions benefits households
survey poll voters support opposition leader leaders campaign candidate debate parliament
vote votes bill law legislation reform reforms committee inquiry investigation evidence
study researchers university analysis experts estimate estimates forecast projections
average median total share proportion majority minority number numbers quarter month week
army defence military security forces troops contract contracts spending procurement
company companies firms industry jobs investment investors banks bank interest loans debt
housing homes rents mortgage prices construction planning permission developers tenants
""".split()

NAMES = ["Minister Okafor", "Senator Lindqvist", "Mayor Brennan", "Dr Amara Nwosu", "the prime minister",
         "Governor Alvarez", "the opposition leader", "Councillor Haddad", "the treasury", "Professor Ilić",
         "the central bank", "Commissioner Takahashi", "the health secretary", "Ms Kowalczyk"]
PLACES = ["Lagos", "Malmö", "Cork", "São Paulo", "Kraków", "Osaka", "Tbilisi", "Zürich", "Ōita", "Reykjavík"]
ASTRAL = ["📈", "🇺🇦", "😀", "𝐗", "🤔", "🌍", "𝔉𝔞𝔠𝔱", "🧾", "🏥", "💶"]
TITLES = ["Budget row deepens as ministers trade figures on spending, jobs and prices",
          "Election watch: the numbers behind a month of campaign promises"]


def _sentence(rng: random.Random, astral: bool) -> str:
    n = rng.randint(9, 27)
    words = [rng.choice(VOCABULARY) for _ in range(n)]
    words[rng.randrange(n)] = rng.choice(NAMES)
    if rng.random() < 0.5:
        words[rng.randrange(n)] = f"{rng.randint(2, 98)}.{rng.randint(0, 9)} per cent"
    if rng.random() < 0.3:
        words[rng.randrange(n)] = f"in {rng.choice(PLACES)}"
    if rng.random() < 0.2:
        words[rng.randrange(n)] = str(rng.randint(1990, 2025))
    if astral:
        words[rng.randrange(n)] = rng.choice(ASTRAL)
    if n > 12 and rng.random() < 0.6:
        words[rng.randrange(4, n - 4)] += ","
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    if rng.random() < 0.15:
        return f"“{text},” said {rng.choice(NAMES)}."
    return text + rng.choice(".......?!")


def make_article(seed: int, words: int) -> tuple[str, str, list[tuple[int, int]]]:
    """A deterministic article: (title, text, sentence spans as code-point offsets)."""
    rng = random.Random(seed)
    title = TITLES[seed % len(TITLES)]
    parts = [title, "\n\n"]
    length = len(title) + 2
    sentences: list[tuple[int, int]] = []
    count = 0
    paragraph = 0
    while count < words:
        for i in range(rng.randint(2, 6)):
            sentence = _sentence(rng, astral=paragraph < 6)
            if i:
                parts.append(" ")
                length += 1
            sentences.append((length, length + len(sentence)))
            parts.append(sentence)
            length += len(sentence)
            count += len(sentence.split())
        parts.append("\n\n")
        length += 2
        paragraph += 1
    text = "".join(parts).rstrip("\n")
    return title, text, sentences


def _words_span(text: str, start: int, end: int, first: int, count: int) -> tuple[int, int]:
    """The span of ``count`` words from the ``first``-th word of ``text[start:end]``."""
    offsets, inside = [], False
    for i in range(start, end):
        if not text[i].isspace() and not inside:
            offsets.append([i, i])
            inside = True
        elif text[i].isspace() and inside:
            offsets[-1][1] = i
            inside = False
    if inside:
        offsets[-1][1] = end
    first = min(first, len(offsets) - 1)
    last = min(first + count, len(offsets)) - 1
    return offsets[first][0], offsets[last][1]


def plan_claims(seed: int, text: str, sentences: list[tuple[int, int]], count: int) -> list[dict]:
    """``count`` claims: most on whole sentences, some nested in them, some straddling two."""
    rng = random.Random(seed * 7919)
    chosen = sorted(rng.sample(range(len(sentences) - 1), int(count * 0.85)))
    spans = [sentences[i] for i in chosen]
    for i in sorted(rng.sample(chosen, count - len(spans))):  # spread over the whole text
        s, e = sentences[i]
        if rng.random() < 0.5:  # nested: a few words inside a claimed sentence
            spans.append(_words_span(text, s, e, rng.randint(1, 4), rng.randint(2, 5)))
        else:  # straddling: from the middle of one sentence into the next
            s2, e2 = sentences[i + 1]
            a, _ = _words_span(text, s, e, rng.randint(3, 6), 1)
            _, b = _words_span(text, s2, e2, 0, rng.randint(2, 5))
            spans.append((a, b))
    return [{"start": s, "end": e, "n": n} for n, (s, e) in enumerate(sorted(spans))]


def build_library(path: str, words: int, claims: int) -> dict:
    """Child process: write the two articles and their claims through the store."""
    from factcheck.core.anchors import make_anchor
    from factcheck.core.articles import Article, normalise_text
    from factcheck.core.claims import Claim, ClaimStatus, Source, Stance
    from factcheck.store import SQLiteStore

    started = time.perf_counter()
    library = SQLiteStore.open(path, user="bench")
    labels = [v.label for v in library.scale("newsroom").verdicts]
    statuses = list(ClaimStatus)
    stances = list(Stance)
    out = {"articles": []}
    for seed in (1, 2):
        title, text, sentences = make_article(seed, words)
        assert normalise_text(text) == text
        with library.transaction():  # one transaction for the set-up; each add_claim nests in it
            article = library.add_article(Article(title=title, text=text, outlet="The Daily Bench",
                                                  author="A. Generator", published="2024-06-11",
                                                  rating_scale="newsroom"))
            for plan in plan_claims(seed, text, sentences, claims):
                n = plan["n"]
                sources = ()
                if n % 6 == 0:
                    sources = tuple(Source(url=f"https://example.org/report/{seed}/{n}/{k}",
                                           title=f"Report {n}.{k}", publisher="Statistics Office",
                                           date="2024-05-01", stance=stances[(n + k) % 3],
                                           excerpt="The table on page 4 gives the figure.")
                                    for k in range(1 + (n % 12 == 0)))
                library.add_claim(Claim(
                    anchor=make_anchor(text, plan["start"], plan["end"]), article_id=article.id,
                    claimant=NAMES[n % len(NAMES)] if n % 2 else "",
                    verdict=labels[n % len(labels)] if n % 5 < 3 else None,
                    rationale="Checked against the published series." if n % 4 == 0 else "",
                    status=statuses[n % 3], reviewer="bench", sources=sources))
        astral = sum(1 for ch in text if ord(ch) > 0xFFFF)
        out["articles"].append({"id": article.id, "words": len(text.split()), "chars": len(text),
                                "astral": astral, "claims": len(library.claims(article.id))})
    library.close()
    out["seconds"] = time.perf_counter() - started
    return out


# ----------------------------------------------------------------- helpers


def vm(key: str) -> int:
    """A /proc/self/status figure in KiB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def child_bare(text_path: str, repeats: int) -> dict:
    """Child process: the same text in a bare QTextBrowser; its peak RSS and load time."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QTextBrowser

    app = QApplication(sys.argv[:1])
    text = Path(text_path).read_text(encoding="utf-8")
    browser = QTextBrowser()
    browser.resize(*SIZE)
    browser.show()
    app.processEvents()
    loads = []
    for _ in range(repeats):
        browser.clear()
        app.processEvents()
        t0 = time.perf_counter()
        browser.setPlainText(text)
        app.processEvents()
        loads.append(time.perf_counter() - t0)

    painted = []

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if not painted and event.type() == QEvent.Type.Paint:
                painted.append(True)
                QTimer.singleShot(0, app.quit)
            return False

    watcher = FirstPaint()
    browser.viewport().installEventFilter(watcher)
    browser.viewport().update()
    QTimer.singleShot(30_000, app.quit)
    app.exec()
    assert painted, "the bare browser never painted"
    assert browser.document().characterCount() >= len(text)
    return {"vmhwm_kib": vm("VmHWM"), "vmrss_kib": vm("VmRSS"), "load_ms": [t * 1000 for t in loads]}


def run_child(*args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", *args],
                            capture_output=True, text=True, env=env, timeout=600)
    lines = [line for line in result.stdout.splitlines() if line.startswith("BENCH ")]
    if result.returncode != 0 or len(lines) != 1:
        raise SystemExit(f"child {args[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return json.loads(lines[0][len("BENCH "):])


# --------------------------------------------------------------------- bench


class Bench:
    def __init__(self, db_path: Path, work: Path) -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QMessageBox

        from factcheck.store import SQLiteStore
        from factcheck.ui.app import create_application, open_window
        from factcheck.ui.settings import Preferences

        self.popups: list[str] = []
        # A failed edit would open a modal box and hang the run: record it instead.
        QMessageBox.warning = lambda parent, title, text, *a: self.popups.append(text)
        QMessageBox.critical = lambda parent, title, text, *a: self.popups.append(text)
        self.app = create_application([sys.argv[0]])
        preferences = Preferences(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
        preferences.update(reviewer_name="bench", organisation_name="The Daily Bench",
                           organisation_url="https://bench.example", default_scale="newsroom")
        self.db_path = db_path
        self.library = SQLiteStore.open(db_path, user="bench")
        self.window = open_window(self.library, preferences)  # opens the seed article
        self.window.resize(*SIZE)
        self.window.show()
        from PySide6.QtTest import QTest

        QTest.qWaitForWindowExposed(self.window)
        self.settle()
        self.reader = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)

    def settle(self) -> None:
        for _ in range(5):
            self.app.processEvents()

    def follow(self, t0: float, ui_ms: float) -> tuple[float, float, float]:
        """Turn the event loop until the runner is idle: (UI-thread ms, ms to the commit, ms to "Saved")."""
        runner = self.window.runner
        committed = []
        runner.changed.connect(lambda outcome: committed.append(outcome.returned_at))
        busy = ui_ms / 1000
        while not runner.is_idle():
            time.sleep(0.0002)  # waiting for the worker: the UI thread is free meanwhile
            t = time.perf_counter()
            self.app.processEvents()
            busy += time.perf_counter() - t
        saved = time.perf_counter()
        for _ in range(10):  # until a turn finds nothing to do: delayed layouts and paints count too
            t = time.perf_counter()
            self.app.processEvents()
            spent = time.perf_counter() - t
            busy += spent
            if spent < 0.0002:
                break
        runner.changed.disconnect()
        if not committed:
            raise SystemExit("the edit was not followed up")
        return busy * 1000, (committed[0] - t0) * 1000, (saved - t0) * 1000

    def check_quiet(self, what: str) -> None:
        if self.popups:
            raise SystemExit(f"{what}: the window reported a failure: {self.popups}")

    # ---------------------------------------------------------------- checks

    def stored_claims(self, article_id: int) -> int:
        return self.reader.execute("SELECT count(*) FROM claims WHERE article_id = ?", [article_id]).fetchone()[0]

    def check_tint(self, claim_id: int) -> None:
        """The document's char format under the claim is the blend of every claim covering it."""
        from PySide6.QtGui import QTextCursor

        from factcheck.ui.article_view import TINT, blend

        view, model = self.window.article_panel.view, self.window.claims_model
        claim = model.claim(claim_id)
        for position in {claim.start, (claim.start + claim.end) // 2, claim.end - 1}:
            covering = sorted((c for c in model.claims() if c.start <= position < c.end),
                              key=lambda c: c.start - c.end)
            expected = blend([model.color_of(c) for c in covering], TINT).name()
            cursor = QTextCursor(view.document())
            cursor.setPosition(view._map.to_utf16(position) + 1)  # the format of the char before
            got = cursor.charFormat().background().color().name()
            if got != expected:
                raise SystemExit(f"claim {claim_id} at {position}: background {got}, expected {expected}"
                                 f" ({[c.verdict for c in covering]})")

    def check_article(self, article_id: int, claims: int) -> None:
        window = self.window
        if window.controller.article.id != article_id or window.claims_model.article_id != article_id:
            raise SystemExit(f"article {article_id} is not the one open")
        if window.claims_model.rowCount() != claims or window.claims_panel.table.model().rowCount() != claims:
            raise SystemExit(f"article {article_id}: {window.claims_model.rowCount()} claims listed, expected {claims}")
        text = window.controller.article.text
        if window.article_panel.view.toPlainText() != text:
            raise SystemExit(f"article {article_id}: the view does not show the article's text")
        all_claims = window.claims_model.claims()
        for claim in all_claims[:: max(1, len(all_claims) // 40)] + all_claims[-3:]:
            self.check_tint(claim.id)

    # ---------------------------------------------------------------- timings

    def time_opens(self, ids: list[int], claims: dict[int, int], rounds: int) -> list[float]:
        for article_id in ids:  # warm-up: first layout, format cache, Python caches
            self.window.open_article(article_id)
            self.settle()
        times = []
        for i in range(rounds):
            article_id = ids[i % 2]
            t0 = time.perf_counter()
            self.window.open_article(article_id)
            self.app.processEvents()
            times.append((time.perf_counter() - t0) * 1000)
            self.check_quiet("open")
            self.check_article(article_id, claims[article_id])
            self.settle()
        return times

    def mark_spans(self, count: int) -> list[tuple[int, int]]:
        """``count`` spans spread over the article, each in a sentence no claim touches yet."""
        text = self.window.controller.article.text
        claims = self.window.claims_model.claims()
        covered = bytearray(len(text))
        for c in claims:
            covered[c.start:c.end] = b"\x01" * (c.end - c.start)
        spans, step = [], len(text) // (count + 1)
        for k in range(1, count + 1):
            position = k * step
            while True:  # the next sentence start with 60 untouched characters after it
                position = text.find(". ", position) + 2
                if position < 2:
                    raise SystemExit("ran out of unclaimed sentences")
                if not any(covered[position:position + 60]):
                    break
            end = position + 60
            while not text[end].isspace():
                end -= 1
            spans.append((position, end))
        return spans

    def time_marks(self, spans: list[tuple[int, int]]) -> list[tuple[float, float, float]]:
        window, view, article_id = self.window, self.window.article_panel.view, self.window.controller.article.id
        times = []
        for start, end in spans:
            rows_before, stored_before = window.claims_model.rowCount(), self.stored_claims(article_id)
            view.select_span(start, end)  # the reviewer's drag: painted as it is made, before the action
            self.settle()
            t0 = time.perf_counter()
            window.mark_action.trigger()
            times.append(self.follow(t0, (time.perf_counter() - t0) * 1000))
            self.check_quiet("mark")
            claim_id = window.claims_panel.selected_claim_id()
            claim = window.claims_model.claim(claim_id)
            if (claim is None or (claim.start, claim.end) != (start, end)
                    or window.claims_model.rowCount() != rows_before + 1
                    or self.stored_claims(article_id) != stored_before + 1):
                raise SystemExit(f"mark at {start}-{end} did not give one new stored, listed, selected claim")
            self.check_tint(claim_id)
            self.settle()
        return times

    def time_verdicts(self, count: int) -> list[tuple[float, float, float]]:
        window, model = self.window, self.window.claims_model
        labels = [v.label for v in model.scale.verdicts]
        # An approved claim's verdict is refused until it is reopened (the review workflow): a reviewer
        # changes the verdict of a draft or of a claim in review, as these are, spread over the text.
        claims = [c for c in model.claims() if c.status != "approved"]
        chosen = claims[len(claims) // (2 * count):: len(claims) // count][:count]
        times = []
        for claim in chosen:
            new = labels[(labels.index(claim.verdict) + 1) % len(labels)] if claim.verdict else labels[0]
            window.claims_panel.select_claim(claim.id)  # the user picks the claim first
            self.settle()
            t0 = time.perf_counter()
            changed = window.controller.set_claim_field(claim.id, "verdict", new)
            times.append(self.follow(t0, (time.perf_counter() - t0) * 1000))
            self.check_quiet("verdict")
            stored = self.reader.execute("SELECT verdict FROM claims WHERE id = ?", [claim.id]).fetchone()[0]
            if not changed or stored != new or model.claim(claim.id).verdict != new:
                raise SystemExit(f"verdict of claim {claim.id}: stored {stored!r}, expected {new!r}")
            if window.editor.claim is None or window.editor.claim.verdict != new:
                raise SystemExit(f"the editor does not show the new verdict of claim {claim.id}")
            self.check_tint(claim.id)
            self.settle()
        return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=WORDS)
    parser.add_argument("--claims", type=int, default=CLAIMS)
    parser.add_argument("--opens", type=int, default=10, help="timed opens (alternating the two articles)")
    parser.add_argument("--edits", type=int, default=50, help="timed marks, and timed verdict changes")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the timed steps to FILE")
    parser.add_argument("--what-if-fixed-number-column", action="store_true",
                        help="what-if, not the app as shipped: give the claims table's # column a fixed "
                             "width instead of sizing it to its contents (which re-measures 1,000 rows "
                             "whenever the numbers change), to show what that costs a mark")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    work = Path(tempfile.mkdtemp(prefix="factcheck-large-"))
    try:
        db_path = work / "library.db"
        built = run_child("build", str(db_path), str(args.words), str(args.claims))
        ids = [a["id"] for a in built["articles"]]
        claims = {a["id"]: a["claims"] for a in built["articles"]}
        first = built["articles"][0]
        print(f"library: 2 articles of {first['words']:,} words ({first['chars']:,} characters, "
              f"{first['astral']} outside the BMP) and {first['claims']:,} claims each; "
              f"built in {built['seconds']:.1f} s")

        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
        bench = Bench(db_path, work)
        if args.what_if_fixed_number_column:
            from PySide6.QtGui import QFontMetrics
            from PySide6.QtWidgets import QHeaderView

            table = bench.window.claims_panel.table
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
            table.horizontalHeader().resizeSection(0, QFontMetrics(table.font()).horizontalAdvance("00000") + 12)
            print("WHAT-IF: the claims table's # column has a fixed width (not the app as shipped)")
        if profiler:
            profiler.enable()
        opens = bench.time_opens(ids, claims, args.opens)
        rss_open = vm("VmHWM")
        # Marks and verdicts happen on the first article, open as a user would have it.
        bench.window.open_article(ids[0])
        bench.settle()
        marks = bench.time_marks(bench.mark_spans(args.edits))
        verdicts = bench.time_verdicts(args.edits)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        mine_hwm, mine_rss = vm("VmHWM"), vm("VmRSS")
        bench.check_article(ids[0], claims[ids[0]] + args.edits)

        text_path = work / "article.txt"
        text_path.write_text(bench.library.article(ids[0]).text, encoding="utf-8")
        bare = run_child("bare", str(text_path), str(args.opens))

        print(f"python {sys.version.split()[0]}, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}, "
              f"{os.cpu_count()} cores; every step verified (SQLite rows, claims table, highlight tint)\n")
        rows = [
            ("(a) open article, median", statistics.median(opens), OPEN_TARGET_MS, "ms"),
            ("(a) open article, p95", p95(opens), OPEN_TARGET_MS, "ms"),
        ]
        for name, runs in (("(b) mark claim", marks), ("(c) change verdict", verdicts)):
            ui, commit, saved = ([run[k] for run in runs] for k in range(3))
            rows += [(f"{name}, UI thread, median", statistics.median(ui), EDIT_TARGET_MS, "ms"),
                     (f"{name}, UI thread, p95", p95(ui), EDIT_TARGET_MS, "ms"),
                     (f"{name}, to commit, p95", p95(commit), COMMIT_TARGET_MS, "ms"),
                     (f"{name}, to Saved, p95 (no target)", p95(saved), None, "ms")]
        print(f"{'figure':<44}{'measured':>12}{'target':>10}{'ratio':>8}  verdict")
        failed = False
        for label, value, target, unit in rows:
            if target is None:
                print(f"{label:<44}{value:>9.1f} {unit}")
                continue
            ok = value <= target
            failed |= not ok
            print(f"{label:<44}{value:>9.1f} {unit}{target:>7.0f} {unit}{value / target:>7.2f}x  "
                  f"{'ok' if ok else 'MISSED'}")
        floor = statistics.median(bare["load_ms"])
        print(f"{'    floor: bare setPlainText+1 turn':<34}{floor:>9.1f} ms{'':>10}"
              f"{statistics.median(opens) / floor:>7.2f}x  (open median / bare floor)")
        print(f"{'(d) peak RSS, article open':<34}{mine_hwm / 1024:>9.1f} MB{'—':>10}"
              f"{mine_hwm / bare['vmhwm_kib']:>7.2f}x  (vs bare QTextBrowser: no target)")
        print(f"{'    floor: bare QTextBrowser':<34}{bare['vmhwm_kib'] / 1024:>9.1f} MB")
        print(f"{'    after the opens only':<34}{rss_open / 1024:>9.1f} MB   (VmHWM; VmRSS now "
              f"{mine_rss / 1024:.1f} MB)")
        print(f"\nruns: {len(opens)} opens, {len(marks)} marks, {len(verdicts)} verdict changes; "
              f"min/max ms: open {min(opens):.0f}/{max(opens):.0f}, mark UI {min(m[0] for m in marks):.1f}/"
              f"{max(m[0] for m in marks):.1f}, verdict UI {min(v[0] for v in verdicts):.1f}/"
              f"{max(v[0] for v in verdicts):.1f}")
        bench.reader.close()
        bench.window.close()
        bench.library.close()
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        kind = sys.argv[2]
        if kind == "build":
            result = build_library(sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        else:
            result = child_bare(sys.argv[3], int(sys.argv[4]))
        print("BENCH " + json.dumps(result), flush=True)
        raise SystemExit(0)
    raise SystemExit(main())
