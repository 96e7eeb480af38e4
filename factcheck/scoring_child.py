"""What runs first in the window's scoring process (:mod:`factcheck.ui.scoring_process`), apart from the window.

Kept out of :mod:`factcheck.ui` so that the process never imports Qt (``factcheck.ui`` loads PySide6
on import: some 100 ms and 16 MB for nothing there).
"""

from __future__ import annotations

import os
import signal
import threading


def start() -> None:
    """Ignore Ctrl+C (the window's terminal sends it to the whole group: the window decides), and end
    as soon as the window's process is gone, killed or crashed: a pool's process waits for requests on
    a pipe of its own and would outlive it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:  # not started by multiprocessing: nothing to watch
        return

    def watch() -> None:
        wait([parent.sentinel])  # ready when the parent has ended (a pipe on POSIX, its handle on Windows)
        os._exit(0)

    threading.Thread(target=watch, name="factcheck-parent-watch", daemon=True).start()
