"""Runs the real ``factcheck`` window in this process and drives it from standard input.

Started by tests/ui/test_real_window.py as ``python real_window_driver.py --db LIB``:
it starts the app through its own entry point (:func:`factcheck.cli.main`), says ``ready``
once the window shows an article, then obeys one command per line and answers on
standard output:

- ``dialog``: browse the library's folder in Qt's own file dialog and open and close the
  library file and its ``-wal``/``-shm`` as a type-sniffing dialog would; answers ``dialog-done``.
- ``titles``: answers ``titles <json list>`` of the window's library list.
- ``icon``: answers ``icon True`` once the window wears factcheck's icon (set just after its first paint).
- ``mark``: selects the first sentence of the open article, marks it as a claim, waits
  for the status bar to say Saved; answers ``saved <the quote as JSON>``.

The test kills this process with SIGKILL whenever it likes.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from factcheck.cli import main
from factcheck.ui.app import create_application

commands: queue.Queue[str] = queue.Queue()


def answer(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def the_window():
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "mainWindow" and widget.isVisible():
            return widget
    return None


def browse_like_a_dialog(window, library: Path) -> None:
    dialog = QFileDialog(window, "Import articles", str(library.parent))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.show()
    for _ in range(20):
        QApplication.processEvents()
    for name in (library.name, library.name + "-wal", library.name + "-shm"):
        path = library.with_name(name)
        if path.exists():
            with open(path, "rb") as handle:  # sniffing the type: read a little, close
                handle.read(64)
    dialog.reject()
    dialog.deleteLater()


def mark_first_sentence(window) -> None:
    view = window.article_panel.view
    text = window.controller.article.text
    start = text.index("\n\n") + 2 if "\n\n" in text else 0
    end = min(text.index(".", start), text.find("\n", start) % (len(text) + 1))
    view.select_span(start, end)
    window.mark_action.trigger()
    quote = text[start:end]

    def wait_saved(tries=[0]) -> None:
        if window.saved_label.text() == "Saved":
            answer(f"saved {json.dumps(quote)}")
        elif tries[0] < 200:
            tries[0] += 1
            QTimer.singleShot(25, wait_saved)
        else:
            answer(f"not saved: {window.saved_label.text()!r}")

    wait_saved()


def obey(library: Path, announced=[]) -> None:
    window = the_window()
    if window is None or window.controller.article is None:
        return
    if not announced:
        announced.append(True)
        answer("ready")
    try:
        command = commands.get_nowait()
    except queue.Empty:
        return
    if command == "dialog":
        browse_like_a_dialog(window, library)
        answer("dialog-done")
    elif command == "titles":
        model = window.articles_model
        answer("titles " + json.dumps([model.index(row, 0).data() for row in range(model.rowCount())]))
    elif command == "icon":
        answer(f"icon {not window.windowIcon().isNull()}")
    elif command == "mark":
        mark_first_sentence(window)


def read_commands() -> None:
    for line in sys.stdin:
        commands.put(line.strip())


if __name__ == "__main__":
    args = sys.argv[1:]
    library = Path(args[args.index("--db") + 1]).resolve()
    create_application()
    threading.Thread(target=read_commands, daemon=True).start()
    ticker = QTimer()
    ticker.timeout.connect(lambda: obey(library))
    ticker.start(20)
    os._exit(main(args))
