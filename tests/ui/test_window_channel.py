"""Commands hand their work to the window that holds the library, and it does it at once.

The command runs in a thread of the test process (``factcheck.cli.main``, speaking the
channel over a real local socket) while the window's event loop runs; the real
separate-process case is in test_real_window.py.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import tempfile
import textwrap
import threading
import time

import pytest

from factcheck.cli import main
from factcheck.store import LibraryError, LibraryLock, window_channel
from factcheck.store.window_channel import UnsafeChannel, WindowUnreachable
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
    window.channel_server.close()
    lock.release()


class FakeWindow:
    """A plain socket on a library's channel that plays a window: ``serve(connection)`` in a thread.

    Without ``serve`` it listens and never accepts: the system still takes connections
    into its backlog, as it does for a window that is stopped or whose event loop is blocked.
    """

    def __init__(self, library_path, serve=None) -> None:
        self.path = window_channel.socket_path(library_path)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(self.path))
        self.listener.listen()
        self.stop = threading.Event()
        self.thread = None
        if serve is not None:
            self.thread = threading.Thread(target=self._accept, args=(serve,), daemon=True)
            self.thread.start()

    def _accept(self, serve) -> None:
        connection, _ = self.listener.accept()
        with connection:
            serve(connection, self.stop)

    def close(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(10)
        self.listener.close()
        self.path.unlink(missing_ok=True)


@pytest.fixture
def fake_window(library_path):
    fakes: list[FakeWindow] = []

    def start(serve=None) -> FakeWindow:
        fakes.append(FakeWindow(library_path, serve))
        return fakes[-1]

    yield start
    for fake in fakes:
        fake.close()


def ask_in_thread(library_path, request: dict, **options):
    """``window_channel.ask`` in a thread that must end within a generous bound; its answer or error."""
    outcome: list = []

    def ask() -> None:
        try:
            outcome.append(window_channel.ask(library_path, request, **options))
        except Exception as error:
            outcome.append(error)

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "the command is still waiting for the window"
    return outcome[0]


def read_request(connection) -> dict:
    return json.loads(connection.makefile("rb").readline())


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
    assert "Imported 1 article handed over by another factcheck process" in served.statusBar().currentMessage()
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


# ------------------------------------------- a window that does not answer (issue 8, review)

def test_a_command_gives_up_on_a_window_that_never_reads_its_request(library_path, fake_window, monkeypatch):
    """Connected into the backlog of a stopped or blocked window: no acknowledgement, so nothing was done."""
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "200")
    fake_window()  # listens, never accepts
    error = ask_in_thread(library_path, {"op": "import", "sources": ["/nowhere/a.txt"]})
    assert isinstance(error, WindowUnreachable)
    assert "did not answer" in str(error) and "nothing was done" in str(error)


def test_a_command_gives_up_on_a_window_that_reads_its_request_and_says_nothing(library_path, fake_window,
                                                                               monkeypatch):
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "200")
    requests = []
    fake_window(lambda connection, stop: requests.append(read_request(connection)) or stop.wait(30))
    error = ask_in_thread(library_path, {"op": "snapshot", "path": "/nowhere/copy.db"})
    assert isinstance(error, WindowUnreachable) and "did not answer" in str(error)
    assert requests and requests[0]["op"] == "snapshot"
    assert requests[0]["ack_by"] <= time.time()  # the window would find it stale now and leave it


def test_a_window_that_falls_silent_while_it_works_is_given_up_on_without_claiming_nothing_was_done(
        library_path, fake_window):
    def ack_then_hang(connection, stop) -> None:
        read_request(connection)
        connection.sendall(b'{"ack": true}\n')
        stop.wait(30)

    fake_window(ack_then_hang)
    error = ask_in_thread(library_path, {"op": "import", "sources": ["/nowhere/a.txt"]}, silence_timeout_s=0.5)
    assert isinstance(error, WindowUnreachable)
    assert "stopped answering" in str(error) and "some of the work may have been done" in str(error)
    assert "nothing was done" not in str(error)


def test_keep_alive_lines_keep_a_long_job_going_past_the_silence_bound(library_path, fake_window):
    def slow_but_alive(connection, stop) -> None:
        read_request(connection)
        connection.sendall(b'{"ack": true}\n')
        for done in range(8):  # 1.6 s of work, a line every 0.2 s
            time.sleep(0.2)
            connection.sendall(b'{"working": true}\n' if done % 2 else
                               b'{"progress": {"done": %d, "total": 8, "source": "a.txt"}}\n' % done)
        connection.sendall(b'{"ok": true, "results": [], "failures": [], "cancelled": false}\n')

    fake_window(slow_but_alive)
    answer = ask_in_thread(library_path, {"op": "import", "sources": ["/nowhere/a.txt"]}, silence_timeout_s=0.5)
    assert answer == {"ok": True, "results": [], "failures": [], "cancelled": False}


def test_a_window_that_closes_mid_request_is_not_said_to_have_done_nothing(library_path, fake_window):
    def ack_then_close(connection, stop) -> None:
        read_request(connection)
        connection.sendall(b'{"ack": true}\n{"progress": {"done": 0, "total": 2, "source": "a.txt"}}\n')

    fake_window(ack_then_close)
    error = ask_in_thread(library_path, {"op": "import", "sources": ["/nowhere/a.txt"]})
    assert isinstance(error, WindowUnreachable)
    assert str(error) == ("The factcheck window closed before it finished; some of the work may have been done: "
                          "`factcheck list` shows the library as it is now.")


def test_the_window_acknowledges_at_once_and_keeps_the_command_company_while_it_works(served, library_path,
                                                                                         qtbot):
    """The wire: {"ack": true} first, a line at least every second while the import runs, then the answer."""
    finish = []
    served.import_from_command = lambda sources, done: finish.append(done) or _Unfinished()
    lines: list[dict] = []
    channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    channel.connect(str(window_channel.socket_path(library_path)))
    reader = channel.makefile("rb")
    channel.sendall(window_channel.encode({"version": window_channel.VERSION, "op": "import",
                                           "sources": ["/nowhere/a.txt"], "ack_by": time.time() + 30}))
    thread = threading.Thread(target=lambda: lines.extend(json.loads(line) for line in reader), daemon=True)
    thread.start()
    try:
        qtbot.waitUntil(lambda: {"working": True} in lines, timeout=10000)  # the keep-alive, after a second
        assert lines[0] == {"ack": True}
        finish[0]([], [], False)  # the import ends
        qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10000)
    finally:
        channel.close()
    assert lines[-1] == {"ok": True, "cancelled": False, "results": [], "failures": []}


class _Unfinished:
    """An import job that has not finished yet."""

    class signals:
        class progress:
            @staticmethod
            def connect(slot) -> None:
                pass

    def cancel(self) -> None:
        pass


def test_a_request_that_reaches_the_window_after_its_command_gave_up_is_left_undone(served, library_path,
                                                                                     tmp_path, qtbot, caplog):
    text = tmp_path / "crime.txt"
    text.write_text(SECOND, encoding="utf-8")
    asked = []
    served.import_from_command = lambda sources, done: asked.append(sources)
    for stale in ({"ack_by": time.time() - 1}, {"ack_by": time.time() + 30, "gone": True}):
        caplog.clear()
        channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        channel.connect(str(window_channel.socket_path(library_path)))
        channel.sendall(window_channel.encode({"version": window_channel.VERSION, "op": "import",
                                               "sources": [str(text)], "ack_by": stale["ack_by"]}))
        if stale.get("gone"):
            channel.close()  # the command gave up before the window read its request
        qtbot.waitUntil(lambda: "gave up" in caplog.text, timeout=10000)
        channel.close()
    assert asked == []


# ------------------------------------------------------------ where the channel lives

def test_a_closed_channel_leaves_no_socket_behind(window, library_path):
    server = WindowChannelServer(library_path, window)
    path = window_channel.socket_path(library_path)
    assert server.listening and path.exists()
    server.close()
    assert not path.exists() and not window_channel.reachable(library_path)


@pytest.fixture
def no_runtime_dir(monkeypatch):
    """No $XDG_RUNTIME_DIR, and a temporary folder of the test's own: the fallback."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    folder = tempfile.mkdtemp(prefix="fcrun-", dir="/tmp")
    monkeypatch.setattr(tempfile, "tempdir", folder)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_without_a_runtime_dir_the_socket_is_in_a_private_folder_of_this_user(no_runtime_dir, library_path):
    assert not window_channel.reachable(library_path)  # a command looks: nothing is made
    assert os.listdir(no_runtime_dir) == []
    path = window_channel.socket_path(library_path, create=True)  # the window, about to listen
    folder = os.path.join(no_runtime_dir, f"factcheck-{os.geteuid()}")
    assert str(path.parent) == folder
    info = os.lstat(folder)
    assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) == 0o700
    assert len(str(path)) <= window_channel.MAX_SOCKET_PATH


@pytest.mark.parametrize("made_by_someone_else", ["symlink", "open to others", "another owner"])
def test_a_channel_folder_that_is_not_private_is_refused(no_runtime_dir, library_path, made_by_someone_else):
    folder = os.path.join(no_runtime_dir, f"factcheck-{os.geteuid()}")
    if made_by_someone_else == "symlink":
        os.mkdir(folder + "-elsewhere", 0o700)
        os.symlink(folder + "-elsewhere", folder)
        expected = "symbolic link"
    elif made_by_someone_else == "open to others":
        os.mkdir(folder)
        os.chmod(folder, 0o777)
        expected = "other users"
    else:
        if os.geteuid() != 0:
            pytest.skip("making a folder of another user takes root")
        os.mkdir(folder, 0o700)
        os.chown(folder, 65534, 65534)
        expected = "belongs to another user"
    with pytest.raises(UnsafeChannel) as caught:
        window_channel.socket_path(library_path)
    assert folder in str(caught.value) and expected in str(caught.value)
    with pytest.raises(UnsafeChannel):
        window_channel.reachable(library_path)


SERVE_AS_ANOTHER_USER = textwrap.dedent("""
    import os, socket, sys
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sys.argv[1])
    os.setgid(65534)
    os.setuid(65534)
    listener.listen()  # the peer's credentials are those of the process that listens
    print("listening", flush=True)
    sys.stdin.read()
""")


@pytest.mark.skipif(not hasattr(socket, "SO_PEERCRED"), reason="SO_PEERCRED is Linux's")
@pytest.mark.skipif(os.geteuid() != 0, reason="a listener of another user takes root to make")
def test_a_channel_served_by_another_user_is_refused(library_path, child_process):
    path = window_channel.socket_path(library_path)
    child_process(SERVE_AS_ANOTHER_USER, path, ready="listening")
    with pytest.raises(UnsafeChannel, match="another user"):
        window_channel.reachable(library_path)
    with pytest.raises(UnsafeChannel, match="another user"):
        window_channel.ask(library_path, {"op": "raise"})
