"""Reports and the window on an article whose claims all overlap (issue 9, point 5).

    QT_QPA_PLATFORM=offscreen python bench/overlapping_claims.py [--scale 1] [--pdf-upto 5000]

For 2,500, 5,000, 10,000 and 20,000 claims (times ``--scale``), writes a bundle of
one article with that many claims of 900 characters, each starting one character
after the last (so about 900 claims cover every character), imports it into a new
temporary library the way ``factcheck import`` does, then measures, each in a
process of its own so that each peak memory is its own:

* ``html``, ``md``: gathering the report data from the library, then rendering it
  (as the export worker does): time, size of the output, peak memory;
* ``pdf``: the same for the PDF (by default only up to 5,000 claims: ``--pdf-upto``); a report
  too long for one PDF is refused (``ReportTooLong``), and the time to the refusal is shown;
* ``open``: ``window.open_article`` in the real window (offscreen) and one turn of
  the event loop;
* ``preview``: File ▸ Export… with the HTML report chosen, from opening the dialog
  to the preview shown: the longest time the UI thread was busy without turning the
  event loop (a 10 ms heartbeat timer), and the whole wait.

Then prints each figure next to the one for half as many claims: when the work grows
linearly, doubling the claims doubles time and size (ratio about 2; it was 4 or
more when every piece of text repeated every covering claim's styling).

Nothing is downloaded: the text is generated here, deterministically. A step that
takes longer than ``--timeout`` seconds is stopped and shown as such. Exits 1 if a
step failed or ran out of time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = (2_500, 5_000, 10_000, 20_000)
CLAIM_LENGTH = 900
WORDS = ("the council said its budget figures rose by four per cent last year while the minister "
         "told reporters that crime fell and waiting lists were shorter than ever before").split()
STEPS = ("html", "md", "pdf", "open", "preview")


def article_text(claims: int, length: int) -> str:
    """Prose long enough for ``claims`` claims of ``length`` starting one character apart."""
    need = claims + length + 200
    out, n = [], 0
    size = 0
    while size < need:
        sentence = " ".join(WORDS[(n * 7 + k) % len(WORDS)] for k in range(14)).capitalize() + "."
        # A paragraph break every ten sentences, as in an article.
        out.append(sentence + ("\n\n" if n % 10 == 9 else " "))
        size += len(out[-1])
        n += 1
    return "Overlapping claims\n\n" + "".join(out).rstrip() + "\n"


def write_bundle(path: Path, claims: int, length: int) -> int:
    from factcheck.core.rating_scales import builtin_scales

    scale = next(s for s in builtin_scales() if s.key == "politifact")
    labels = [v.label for v in scale.verdicts]
    text = article_text(claims, length)
    offset = len("Overlapping claims\n\n")
    rows = []
    for n in range(claims):
        start = offset + n
        rows.append({"number": n + 1, "start": start, "end": start + length, "quote": text[start:start + length],
                     "verdict": labels[n % len(labels)] if n % 5 else None,
                     "status": "approved" if n % 2 else "draft"})
    bundle = {"format": "factcheck-bundle", "version": 1,
              "article": {"title": f"{claims:,} overlapping claims", "text": text},
              "rating_scale": scale.to_dict(), "claims": rows}
    data = json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(data)
    return len(data)


# ------------------------------------------------------------------ a step, in a child process

def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(step: str, db: str, article_id: int) -> dict:
    from factcheck.core.report import ReportOptions
    from factcheck.operations import render_export, report_for
    from factcheck.store import SQLiteStore

    library = SQLiteStore.open(Path(db))
    result: dict = {}
    if step in ("html", "md", "pdf"):
        started = time.perf_counter()
        report = report_for(library, article_id, ReportOptions())
        gathered = time.perf_counter()
        if step == "pdf":
            from factcheck.ui import pdf_report

            try:
                data = pdf_report.render_pdf(report, "A4")
            except getattr(pdf_report, "ReportTooLong", ()):  # (factcheck before it could refuse: nothing)
                done = time.perf_counter()
                return {"seconds": done - started, "render": done - gathered, "refused": True,
                        "peak_mb": peak_mb()}
        else:
            data = render_export(report, step).encode("utf-8")
        done = time.perf_counter()
        result = {"seconds": done - started, "render": done - gathered, "bytes": len(data)}
        assert report.claims[0].claim.quote[:40].split()[0].encode() in data or step == "pdf"
    else:
        from PySide6.QtCore import QSettings, QTimer
        from PySide6.QtWidgets import QApplication

        from factcheck.ui.app import create_application, open_window
        from factcheck.ui.settings import Preferences

        app = create_application()
        folder = Path(db).parent
        prefs = Preferences(QSettings(str(folder / f"{step}.ini"), QSettings.Format.IniFormat))
        window = open_window(library, prefs)
        window.resize(1400, 860)
        window.show()
        app.processEvents()
        started = time.perf_counter()
        window.open_article(article_id)
        QApplication.processEvents()
        opened = time.perf_counter() - started
        result = {"seconds": opened}
        if step == "preview":
            from factcheck.operations import report_for as gather
            from factcheck.ui.export_dialog import ExportDialog

            beats = [time.perf_counter()]
            longest = [0.0]

            def beat() -> None:
                now = time.perf_counter()
                longest[0] = max(longest[0], now - beats[-1])
                beats.append(now)

            timer = QTimer()
            timer.timeout.connect(beat)
            timer.start(10)
            started = time.perf_counter()
            beats.append(started)
            dialog = ExportDialog(lambda options, fmt: gather(library, article_id, options, None, fmt),
                                  prefs, "bench", window)
            dialog.format.setCurrentIndex(dialog.format.findData("html"))
            dialog.show()
            beat()
            deadline = time.monotonic() + 3600
            while dialog.preview.toPlainText() == "Rendering the preview…" and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.002)
            app.processEvents()
            beat()
            timer.stop()
            result = {"seconds": time.perf_counter() - started, "blocked": longest[0],
                      "note": dialog.note.text()}
            dialog.close()
        window.close()
        app.processEvents()
    library.close()
    result["peak_mb"] = peak_mb()
    return result


def run_child(step: str, db: Path, article_id: int, timeout: float) -> dict:
    command = [sys.executable, __file__, "--child", step, str(db), str(article_id)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    if done.returncode < 0:
        return {"error": f"crashed (signal {-done.returncode})"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ the whole run

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the claim counts (0.25: 625 to 5,000)")
    parser.add_argument("--length", type=int, default=CLAIM_LENGTH, help="characters in every claim")
    parser.add_argument("--pdf-upto", type=int, default=5_000, help="render the PDF up to this many claims")
    parser.add_argument("--steps", default=",".join(STEPS), help=f"a comma-separated choice of {', '.join(STEPS)}")
    parser.add_argument("--timeout", type=float, default=900, help="seconds a step may take")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated claim counts, before --scale (default: %(default)s)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, db, article_id = args.child
        print(json.dumps(child(step, db, int(article_id))))
        return 0

    from factcheck.operations import import_file
    from factcheck.store import SQLiteStore

    steps = [s for s in args.steps.split(",") if s]
    sizes = [max(1, round(int(n) * args.scale)) for n in args.sizes.split(",") if n]
    rows: dict[int, dict] = {}
    failed = False
    for claims in sizes:
        folder = Path(tempfile.mkdtemp(prefix="factcheck-overlap-"))
        try:
            bundle = folder / "overlap.json"
            size = write_bundle(bundle, claims, args.length)
            library = SQLiteStore.open(folder / "library.db")
            started = time.perf_counter()
            article_id = import_file(library, bundle).article_id
            imported = time.perf_counter() - started
            library.close()
            row = rows[claims] = {"bundle": size, "import": imported}
            print(f"{claims:,} claims of {args.length} characters: bundle {size / 1e6:.1f} MB, "
                  f"imported in {imported:.1f} s", flush=True)
            for step in steps:
                if step == "pdf" and claims > args.pdf_upto:
                    continue
                row[step] = result = run_child(step, folder / "library.db", article_id, args.timeout)
                failed |= "error" in result
                print(f"  {step:8} {describe(step, result, size)}", flush=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    print_table(rows, steps)
    return 1 if failed else 0


def describe(step: str, result: dict, bundle: int) -> str:
    if "error" in result:
        return f"FAILED: {result['error']}"
    text = f"{result['seconds']:8.2f} s"
    if "render" in result:
        text += f" (rendering {result['render']:.2f} s, the rest reading the library)"
    if result.get("refused"):
        text += "  refused: too long for a PDF (ReportTooLong)"
    if "bytes" in result:
        text += f"  {result['bytes'] / 1e6:9.1f} MB ({result['bytes'] / bundle:.1f} × the bundle)"
    if "blocked" in result:
        text += f"  UI thread blocked at most {result['blocked'] * 1000:.0f} ms"
    text += f"  peak {result['peak_mb']:,.0f} MB"
    if result.get("note"):
        text += f"\n           note shown: {result['note']}"
    return text


def print_table(rows: dict[int, dict], steps: list[str]) -> None:
    """Each figure and its ratio to the same figure for half as many claims."""
    header = f"{'claims':>8} {'bundle':>8}"
    for step in steps:
        header += f" | {step + ' s':>9} {'×':>5}"
        if step in ("html", "md", "pdf"):
            header += f" {step + ' MB':>9} {'×':>5}"
        header += f" {'peak MB':>8}"
    print(header)
    previous: dict | None = None
    for claims, row in rows.items():
        line = f"{claims:>8,} {row['bundle'] / 1e6:7.1f}M"
        for step in steps:
            result = row.get(step)
            if not result or "error" in result:
                line += f" | {'—' if not result else 'failed':>9} {'':>5}"
                if step in ("html", "md", "pdf"):
                    line += f" {'':>9} {'':>5}"
                line += f" {'':>8}"
                continue
            before = (previous or {}).get(step) or {}
            if before.get("refused") or result.get("refused"):
                before = {}  # a refusal takes the time it takes to be sure: no ratio
            line += f" | {result['seconds']:9.2f} {ratio(result['seconds'], before.get('seconds'))}"
            if result.get("refused"):
                line += f" {'refused':>9} {'':>5}"
            elif "bytes" in result:
                line += f" {result['bytes'] / 1e6:9.1f} {ratio(result['bytes'], before.get('bytes'))}"
            line += f" {result['peak_mb']:8,.0f}"
        print(line)
        previous = row
    print("× = the figure divided by the same figure for half as many claims (linear: about 2)")


def ratio(value: float, before: float | None) -> str:
    return f"{value / before:5.1f}" if before else f"{'':>5}"


if __name__ == "__main__":
    sys.exit(main())
