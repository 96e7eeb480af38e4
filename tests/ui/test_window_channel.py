"""Commands hand their work to the window that holds the library, and it does it at once.

The command runs in a thread of the test process (``factcheck.cli.main``, speaking the
channel over a real local socket) while the window's event loop runs; the real
separate-process case is in test_real_window.py.
"""

from __future__ import annotations

import json
import sys
import threading

import pytest

from factcheck.cli import main
from factcheck.store import LibraryError, LibraryLock, window_channel
from factcheck.ui.window_channel_server import WindowChannelServer

pytestmark = pytest.mark.skipif(not window_channel.SUPPORTED, reason="the channel is a Unix socket")

SECOND = "Mayor says crime fell\n\nCrime fell 40% last year, the mayor said.\n"


@pytest.fixture
def served(window, library_path):
    """The window holds the library (its lock) and listens on its channel, as run_window does."""
    lock = LibraryLock.acquire(library_path)
    window.channel_server = WindowChannelServer(library_path, window)
    assert window.channel_server.listening
    yield window
    lock.release()


def run_command(qtbot, *argv) -> int:
    """``factcheck ARGV`` in a thread while the window's event loop runs; its exit status."""
    status: list[int] = []
    thread = threading.Thread(target=lambda: status.append(main(list(argv))))
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=20000)
    return status[0]


def titles_in_list(window) -> list[str]:
    model = window.articles_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_an_import_from_the_command_line_appears_in_the_window_at_once(served, library_path, tmp_path, qtbot,
                                                                       capsys, warnings):
    reading = served.controller.article.id
    text = tmp_path / "crime.txt"
    text.write_text(SECOND, encoding="utf-8")

    assert run_command(qtbot, "--db", str(library_path), "import", str(text)) == 0

    out = capsys.readouterr().out
    assert "\tMayor says crime fell" in out
    new_id = int(out.split("\t")[0])
    assert "Mayor says crime fell" in titles_in_list(served)
    assert served.controller.article.id == reading  # the reviewer's article stays open
    assert "Imported 1 article from the command line" in served.statusBar().currentMessage()
    assert served.library.article(new_id).title == "Mayor says crime fell"
    assert warnings == []


def test_failures_of_a_handed_over_import_are_printed_not_shown_in_a_dialog(served, library_path, tmp_path,
                                                                            qtbot, capsys, warnings):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert run_command(qtbot, "--db", str(library_path), "import", str(empty)) == 1
    assert "empty.txt" in capsys.readouterr().err
    assert warnings == []


def test_list_and_export_read_what_the_window_has_just_saved(served, library_path, qtbot, capsys):
    article = served.controller.article
    served.article_panel.view.select_span(0, 10)
    served.mark_action.trigger()
    qtbot.waitUntil(lambda: served.saved_label.text() == "Saved")
    capsys.readouterr()

    assert run_command(qtbot, "--db", str(library_path), "list") == 0
    assert f"{article.id}\t0/1\t{article.title}" in capsys.readouterr().out
    assert run_command(qtbot, "--db", str(library_path), "export", str(article.id), "--format", "json") == 0
    bundle = json.loads(capsys.readouterr().out)
    assert [c["quote"] for c in bundle["claims"]] == [article.text[0:10]]


def test_a_backup_from_the_command_line_is_made_by_the_window(served, library_path, qtbot, capsys):
    assert run_command(qtbot, "--db", str(library_path), "backup", "--keep", "3") == 0
    path = capsys.readouterr().out.split("\t")[0]
    assert (library_path.parent / "backups").is_dir() and path.startswith(str(library_path.parent / "backups"))


def test_a_second_launch_brings_the_window_forward(served, library_path, qtbot):
    raised = []
    served.channel_server.bring_forward = lambda: raised.append(True)
    answered = []
    thread = threading.Thread(target=lambda: answered.append(window_channel.ask(library_path, {"op": "raise"})))
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
    assert raised and answered == [{"ok": True}]
    assert not window_channel.reachable(library_path.with_name("another.db"))  # nobody holds that one


def test_a_request_the_window_does_not_know_gets_a_clear_refusal(served, library_path, qtbot):
    caught = []

    def ask():
        try:
            window_channel.ask(library_path, {"op": "defragment"})
        except LibraryError as error:
            caught.append(str(error))

    thread = threading.Thread(target=ask)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
    assert caught and "does not know the request 'defragment'" in caught[0]
