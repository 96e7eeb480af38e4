"""Cold start: factcheck's window on the seed article vs a bare PySide6 QTextBrowser.

Run by hand (never collected as a test)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/cold_start.py [-n 7]

Each run is a fresh ``python`` subprocess; the three kinds alternate so that
neither gets the warmer disk cache. The kinds are

* ``bare``              a PySide6 script: QApplication, a QTextBrowser showing the
                        seed text (seeds/*.txt), the same window size, show(), exec();
* ``factcheck-new``     ``factcheck.cli.main(["--db", NEW_FILE])`` with
                        ``$FACTCHECK_SETTINGS`` on a new .ini: the first-run path, where the
                        window's library is copied, the seed article in it, from the
                        recording ``factcheck/store/first_library.sqlite.gz``;
* ``factcheck-existing`` the same on a library that already holds the seed.

A child stops its clock when its window is shown *and* the article's text has
been painted once *and* the event loop has turned once more after that paint
(``QTimer.singleShot(0)`` posted from the viewport's first Paint event); then
it quits the event loop, so the rest of the real exit path runs as usual. The
factcheck child does this without touching app code: it calls
``factcheck.cli.main`` and wraps ``QApplication.exec`` the moment factcheck imports
``PySide6.QtWidgets`` (importing Qt itself first would change the order of imports,
which is part of what is measured).

Figures per kind, medians over N runs:

* ``spawn->paint``  from just before the parent spawns the child to the child's
                    first painted turn (CLOCK_MONOTONIC is shared across processes,
                    so this includes interpreter start-up and every import);
* ``script->paint`` from ``time.perf_counter()`` at the top of the child script;
* ``wall``          the whole subprocess as the parent sees it, exit included;
* ``CPU``           the child's CPU time (every thread) from its start to that turn: close to
                    spawn->paint, so a slow run here is a slower CPU, not a busier scheduler;
* ``peak RSS``      the child's VmHWM when it stopped its clock (and, for
                    reference, ``ru_maxrss`` of the reaped child from ``os.wait4``).

Each kind also says whether sqlite-utils had been imported by its first paint. Neither
needs it: only a library written by an older factcheck has steps for sqlite-utils to apply.
"""

import time

T0 = time.perf_counter()  # first thing: the child's clock starts here

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

KINDS = ("bare", "factcheck-new", "factcheck-existing")
TARGET_RATIO = 2.0  # issue 10 set it (it was 1.5)
SIZE = (1400, 860)  # the size MainWindow gives itself


# --------------------------------------------------------------------------- child


def _vm(key: str) -> int:
    """A /proc/self/status figure in KiB (VmHWM: peak resident set)."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def _stop_after_first_paint(app, viewport) -> None:
    """Quit the event loop one turn after ``viewport`` first painted; print the figures."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, finish)
            return False

    def finish():
        now = time.perf_counter()
        spawned = float(os.environ.get("BENCH_SPAWNED_AT", "nan"))
        print("BENCH " + json.dumps({
            "script_to_paint": now - T0,
            "spawn_to_paint": now - spawned,
            "cpu_to_paint": time.process_time(),  # every thread's CPU since the process began
            "vmhwm_kib": _vm("VmHWM"),
            "vmrss_kib": _vm("VmRSS"),
            "sqlite_utils": "sqlite_utils" in sys.modules,
        }), flush=True)
        app.quit()

    watcher = FirstPaint(app)
    viewport.installEventFilter(watcher)
    app._bench_watcher = watcher  # keep it alive
    QTimer.singleShot(30_000, app.quit)  # never hang the benchmark


def child_bare(seed_path: str) -> int:
    from PySide6.QtWidgets import QApplication, QTextBrowser

    app = QApplication(sys.argv[:1])
    with open(seed_path, encoding="utf-8") as handle:
        text = handle.read()
    browser = QTextBrowser()
    browser.setPlainText(text)
    browser.resize(*SIZE)
    browser.show()
    _stop_after_first_paint(app, browser.viewport())
    return app.exec()


def _when_imported(name: str, then) -> None:
    """Call ``then(module)`` as soon as the module ``name`` is imported, by whoever imports it."""
    from importlib.machinery import PathFinder

    class Finder:
        def find_spec(self, fullname, path, target=None):
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = PathFinder.find_spec(fullname, path, target)
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                then(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Finder())


def child_factcheck(db_path: str) -> int:
    # The real order of imports: what factcheck.cli and main() import, and Qt when main() opens
    # the window. The child must not import Qt first itself: PySide6 hooks every import made
    # after it (each gets slower), which is not what a user's start-up pays. So QApplication.exec
    # is wrapped the moment factcheck imports PySide6.QtWidgets.

    def hook(qt_widgets) -> None:
        application = qt_widgets.QApplication
        original_exec = application.exec

        def exec_then_stop(*_):
            # run_window calls app.exec() right after window.show(): find the window's article view.
            app = application.instance()
            windows = [w for w in app.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
            if not windows:
                print("BENCH-ERROR no visible main window at exec()", flush=True)
                return 1
            _stop_after_first_paint(app, windows[0].article_panel.view.viewport())
            return original_exec()

        application.exec = exec_then_stop  # the only hook: app code is untouched

    _when_imported("PySide6.QtWidgets", hook)
    from factcheck.cli import main

    return main(["--db", db_path])


# -------------------------------------------------------------------------- parent


def _run_child(kind: str, argument: str, env: dict) -> dict:
    import subprocess
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        env = dict(env, BENCH_SPAWNED_AT=repr(time.perf_counter()))
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--child", kind, argument],
                                   stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    lines = [line for line in stdout.splitlines() if line.startswith("BENCH ")]
    if process.returncode != 0 or len(lines) != 1:
        raise SystemExit(f"{kind} child failed (exit {process.returncode}):\n{stdout}\n{stderr}")
    figures = json.loads(lines[0][len("BENCH "):])
    figures.update(wall=wall, ru_maxrss_kib=usage.ru_maxrss, stderr=stderr.strip())
    return figures


def _check_library(db_path: str) -> str:
    """The seed article really is in the library the child opened (read without Qt)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        titles = [t for (t,) in conn.execute("SELECT title FROM articles")]
        seeded = conn.execute("SELECT value FROM properties WHERE key = 'seeded'").fetchone()
    finally:
        conn.close()
    if len(titles) != 1 or not seeded:
        raise SystemExit(f"{db_path}: expected the seed article, found {titles!r} (seeded={seeded})")
    return titles[0]


def parent(runs: int) -> int:
    import shutil
    import statistics
    import tempfile
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    seed = next((repo / "seeds").glob("*.txt"))
    work = Path(tempfile.mkdtemp(prefix="factcheck-cold-"))
    # Byte-code is cached (in a private folder, not the checkout), as it is for an installed
    # app: with PYTHONDONTWRITEBYTECODE every start would compile factcheck from source.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FACTCHECK_LOG="ERROR",
               PYTHONPYCACHEPREFIX=str(work / "pycache"))
    for name in ("FACTCHECK_DB", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    try:
        existing_dir = work / "existing"
        existing_dir.mkdir()
        existing_env = dict(env, FACTCHECK_SETTINGS=str(existing_dir / "settings.ini"))
        existing_db = str(existing_dir / "library.db")
        counter = iter(range(10**6))

        def run(kind: str) -> dict:
            if kind == "bare":
                return _run_child(kind, str(seed), env)
            if kind == "factcheck-existing":
                return _run_child(kind, existing_db, existing_env)
            fresh = work / f"new-{next(counter)}"
            fresh.mkdir()
            db = str(fresh / "library.db")
            figures = _run_child(kind, db, dict(env, FACTCHECK_SETTINGS=str(fresh / "settings.ini")))
            _check_library(db)
            return figures

        # Warm-up, not counted: fills the disk cache and the .pyc files, and creates
        # (seeds) the "existing" library the way a first launch does.
        _run_child("factcheck-new", existing_db, existing_env)
        title = _check_library(existing_db)
        run("bare")
        run("factcheck-new")

        results: dict[str, list[dict]] = {kind: [] for kind in KINDS}
        for i in range(runs):
            order = KINDS if i % 2 == 0 else KINDS[::-1]
            for kind in order:
                results[kind].append(run(kind))
        _check_library(existing_db)
        for kind in KINDS:
            noise = {r["stderr"] for r in results[kind] if r["stderr"]}
            if noise:
                print(f"note: {kind} wrote on stderr: {sorted(noise)[0][:300]}")

        def med(kind: str, key: str) -> float:
            return statistics.median(r[key] for r in results[kind])

        print(f"cold start, {runs} runs of each kind, alternating order; seed article: {title!r}")
        print(f"python {sys.version.split()[0]}, QT_QPA_PLATFORM=offscreen, {os.cpu_count()} cores\n")
        print(f"{'kind':<20}{'spawn->paint':>14}{'script->paint':>15}{'wall':>10}"
              f"{'min wall':>10}{'peak RSS':>11}{'ru_maxrss':>11}")
        for kind in KINDS:
            print(f"{kind:<20}{med(kind, 'spawn_to_paint') * 1000:>11.0f} ms"
                  f"{med(kind, 'script_to_paint') * 1000:>12.0f} ms"
                  f"{med(kind, 'wall') * 1000:>7.0f} ms"
                  f"{min(r['wall'] for r in results[kind]) * 1000:>7.0f} ms"
                  f"{med(kind, 'vmhwm_kib') / 1024:>8.1f} MB"
                  f"{med(kind, 'ru_maxrss_kib') / 1024:>8.1f} MB")

        for kind in KINDS[1:]:
            loaded = sum(r["sqlite_utils"] for r in results[kind])
            print(f"{kind}: sqlite-utils imported before the first paint in {loaded} of {runs} runs")

        print(f"\n{'figure (median)':<44}{'measured':>10}{'floor':>10}{'ratio':>8}{'target':>8}  verdict")
        failed = False
        for kind in KINDS[1:]:
            for key, label in (("spawn_to_paint", "spawn->first paint"), ("wall", "whole subprocess wall")):
                mine, floor = med(kind, key), med("bare", key)
                ratio = mine / floor
                ok = ratio <= TARGET_RATIO
                failed |= not ok
                print(f"{kind + ' ' + label:<44}{mine * 1000:>7.0f} ms{floor * 1000:>7.0f} ms"
                      f"{ratio:>7.2f}x{TARGET_RATIO:>7.1f}x  {'ok' if ok else 'MISSED'}")
            mine, floor = med(kind, "cpu_to_paint"), med("bare", "cpu_to_paint")
            print(f"{kind + ' CPU to first paint':<44}{mine * 1000:>7.0f} ms{floor * 1000:>7.0f} ms"
                  f"{mine / floor:>7.2f}x{'—':>8}  (no target)")
            mine, floor = med(kind, "vmhwm_kib"), med("bare", "vmhwm_kib")
            print(f"{kind + ' peak RSS (VmHWM)':<44}{mine / 1024:>7.1f} MB{floor / 1024:>7.1f} MB"
                  f"{mine / floor:>7.2f}x{'—':>8}  (no target)")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        import signal

        signal.alarm(60)  # a child that hangs (say, on a modal error box) dies instead
        kind, argument = sys.argv[2], sys.argv[3]
        sys.argv = [sys.argv[0]]
        raise SystemExit(child_bare(argument) if kind == "bare" else child_factcheck(argument))
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=7, help="measured runs of each kind (default 7)")
    raise SystemExit(parent(parser.parse_args().runs))
