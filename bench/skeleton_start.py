"""How much of the cold-start budget the required stack uses before factcheck runs.

    QT_QPA_PLATFORM=offscreen python bench/skeleton_start.py [-n 7]

Times, in fresh processes, from the top of the script to the first event-loop
turn after show():
  bare                 QTextBrowser with the seed text (the cold-start floor)
  skeleton             a window shaped like factcheck's (three panes, a form of ten
                       fields, 36 menu/toolbar actions) with no factcheck code
  skeleton+sqlite      the same after `import sqlite_utils`, a required dependency
and prints each median and its ratio to the bare floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

SEED = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))

CHILD = r'''
import time; T0 = time.perf_counter()
import sys
if sys.argv[1] == "skeleton+sqlite":
    import sqlite_utils  # noqa: F401
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QLineEdit, QListView, QMainWindow,
                               QPlainTextEdit, QPushButton, QSplitter, QTableView, QTextBrowser, QToolBar,
                               QVBoxLayout, QWidget)
app = QApplication([])
window = QMainWindow()
browser = QTextBrowser()
if sys.argv[1] == "bare":
    window.setCentralWidget(browser)
else:
    splitter = QSplitter()
    splitter.addWidget(QListView())
    splitter.addWidget(browser)
    right = QWidget()
    column = QVBoxLayout(right)
    column.addWidget(QTableView())
    form = QFormLayout()
    column.addLayout(form)
    for n in range(6):
        form.addRow(f"Field {n}", QLineEdit())
    form.addRow("Verdict", QComboBox())
    form.addRow("Rationale", QPlainTextEdit())
    column.addWidget(QListView())
    for n in range(5):
        column.addWidget(QPushButton(f"Button {n}"))
    splitter.addWidget(right)
    window.setCentralWidget(splitter)
    menu = window.menuBar().addMenu("&File")
    toolbar = QToolBar()
    window.addToolBar(toolbar)
    for n in range(30):
        action = QAction(f"Action {n}", window)
        action.setShortcut(f"Ctrl+Shift+{chr(65 + n % 26)}")
        menu.addAction(action)
    for n in range(6):
        toolbar.addAction(QAction(f"Tool {n}", window))
browser.setPlainText(open(sys.argv[2], encoding="utf-8").read())
window.resize(1400, 860)
window.show()
QTimer.singleShot(0, lambda: (print((time.perf_counter() - T0) * 1000), app.quit()))
app.exec()
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=7, help="runs of each kind (default 7)")
    runs = parser.parse_args().n
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    kinds = ("bare", "skeleton", "skeleton+sqlite")
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for n in range(runs + 1):  # the first round warms the caches and is not counted
        for kind in kinds if n % 2 else reversed(kinds):
            out = subprocess.run([sys.executable, "-c", CHILD, kind, str(SEED)], env=env, check=True,
                                 capture_output=True, text=True).stdout
            if n:
                times[kind].append(float(out.strip().splitlines()[-1]))
    floor = statistics.median(times["bare"])
    print(f"{'kind':18} {'median':>9} {'ratio to bare':>14}")
    for kind in kinds:
        median = statistics.median(times[kind])
        print(f"{kind:18} {median:7.1f} ms {median / floor:13.2f}x")


if __name__ == "__main__":
    main()
