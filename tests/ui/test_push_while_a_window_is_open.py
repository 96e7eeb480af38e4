"""``factcheck --db URL push LOCAL.db`` while a window has LOCAL.db open: it pushes what the window has saved.

The window keeps the library file to itself (tests/ui/test_window_channel.py): the push reads
the consistent copy the window writes for it, as ``list`` and ``export`` do. Needs the session's
PostgreSQL server; skipped without one.
"""

from __future__ import annotations

import threading

import pytest

from factcheck.cli import main
from factcheck.store import LibraryLock, open_store, window_channel
from factcheck.ui.window_channel_server import WindowChannelServer

pytestmark = pytest.mark.skipif(not window_channel.SUPPORTED, reason="the channel is a Unix socket")


@pytest.fixture
def served(window, library_path):
    """The window holds the library (its lock) and listens on its channel, as run_window does."""
    lock = LibraryLock.acquire(library_path)
    window.channel_server = WindowChannelServer(library_path, window)
    assert window.channel_server.listening
    yield window
    window.channel_server.close()
    lock.release()


def test_push_reads_what_the_window_has_saved_and_leaves_the_window_its_library(served, library_path, shared_desk,
                                                                                 mark, qtbot, capsys):
    shared_desk.new_library("push_from_window")
    url = shared_desk.url("push_from_window")
    article = served.controller.article
    mark(served, article.text.split()[0])
    qtbot.waitUntil(lambda: served.saved_label.text() == "Saved")
    capsys.readouterr()

    status: list[int] = []
    thread = threading.Thread(target=lambda: status.append(main(["--db", url, "push", str(library_path)])))
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=20000)

    assert status == [0], capsys.readouterr().err
    assert capsys.readouterr().out.startswith("1 article pushed to ")
    shared = open_store(url)
    try:
        pushed = [a for a in shared.articles() if a.title == article.title]
        assert [(a.claim_count) for a in pushed] == [1]
    finally:
        shared.close()
    mark(served, article.text.split()[1])  # the window still writes its library
    qtbot.waitUntil(lambda: served.saved_label.text() == "Saved")
