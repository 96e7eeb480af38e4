"""The command line while another process has the library: reads go on, writes wait or say "busy"."""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from factcheck.cli import main
from factcheck.store import LibraryLock, window_channel

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the child is killed with SIGKILL")

ARTICLE = "Council approves new cycle lanes\n\nThe council voted 7–2 on Tuesday 🚲 to approve the lanes.\n"

HOLD_WRITE_TRANSACTION = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO properties (key, value) VALUES ('uncommitted', 'x')")
    print("writing", flush=True)
    sys.stdin.read()
    conn.execute("ROLLBACK")
""")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("FACTCHECK_BUSY_TIMEOUT_MS", raising=False)


@pytest.fixture
def db(tmp_path):
    """A library with one article in it."""
    path = tmp_path / "lib.db"
    text = tmp_path / "lanes.txt"
    text.write_text(ARTICLE, encoding="utf-8")
    assert main(["--db", str(path), "import", str(text)]) == 0
    return path


@pytest.fixture
def writer(db, child_process):
    """Another process in the middle of a write transaction on the library."""
    return child_process(HOLD_WRITE_TRANSACTION, db, ready="writing")


def dump(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def test_list_and_export_read_while_another_process_writes(db, writer, capsys):
    capsys.readouterr()
    started = time.monotonic()
    assert main(["--db", str(db), "list"]) == 0
    assert main(["--db", str(db), "export", "1", "--format", "json"]) == 0
    assert time.monotonic() - started < 2  # neither waited for the writer (the busy timeout is 5 s)
    out, err = capsys.readouterr()
    assert "1\t0/0\tCouncil approves new cycle lanes" in out
    assert json.loads(out[out.index("{"):])["article"]["title"] == "Council approves new cycle lanes"
    assert err == ""


def test_import_while_another_process_writes_says_busy_and_changes_nothing(db, writer, tmp_path,
                                                                           monkeypatch, capsys):
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "200")
    other = tmp_path / "other.txt"
    other.write_text("Mayor says crime fell\n\nCrime fell 40% last year, the mayor said.\n", encoding="utf-8")
    before = dump(db)
    capsys.readouterr()
    started = time.monotonic()
    assert main(["--db", str(db), "import", str(other)]) == 1
    assert time.monotonic() - started < 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"factcheck: The library {db} is busy: ")
    assert "Try again" in err
    writer.send_signal(signal.SIGKILL)  # the writer dies mid-transaction: its insert never happened
    writer.wait()
    assert dump(db) == before


def test_import_waits_for_a_short_write_by_another_process(db, writer, tmp_path, capsys):
    other = tmp_path / "other.txt"
    other.write_text("Mayor says crime fell\n\nCrime fell 40% last year, the mayor said.\n", encoding="utf-8")
    finish = threading.Timer(0.3, writer.stdin.close)  # the writer commits nothing and ends
    finish.start()
    try:
        assert main(["--db", str(db), "import", str(other)]) == 0  # default busy timeout: 5 s
    finally:
        finish.cancel()
    assert "Mayor says crime fell" in capsys.readouterr().out


def test_a_command_never_opens_a_library_that_a_silent_window_holds(db, tmp_path, monkeypatch, capsys):
    """A window that holds the library but does not answer (still starting, hung) is not bypassed."""
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "200")
    other = tmp_path / "other.txt"
    other.write_text("Mayor says crime fell\n\nCrime fell 40% last year, the mayor said.\n", encoding="utf-8")
    before = dump(db)
    with LibraryLock.acquire(db):
        for command in (["import", str(other)], ["list"], ["export", "1"], ["backup"], ["restore", "1"]):
            assert main(["--db", str(db), *command]) == 1
            err = capsys.readouterr().err
            assert "is open in a factcheck window" in err and "did not answer" in err, command
    assert dump(db) == before
    assert not (db.parent / "backups").exists()


def run_main(*argv) -> int:
    """``main(argv)`` in a thread that must end within a generous bound; its exit status."""
    status: list[int] = []
    thread = threading.Thread(target=lambda: status.append(main(list(argv))), daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), f"factcheck {' '.join(argv)} is still waiting"
    return status[0]


@pytest.mark.skipif(not window_channel.SUPPORTED, reason="the channel is a Unix socket")
def test_a_command_gives_up_on_a_window_that_takes_the_connection_and_never_answers(db, tmp_path, monkeypatch,
                                                                                    capsys):
    """A stopped window, or one whose event loop is blocked: the system still accepts into its backlog."""
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "200")
    other = tmp_path / "other.txt"
    other.write_text("Mayor says crime fell\n\nCrime fell 40% last year, the mayor said.\n", encoding="utf-8")
    before = dump(db)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(window_channel.socket_path(db)))
    listener.listen(16)  # and never accepts
    try:
        with LibraryLock.acquire(db):
            for command in (["import", str(other)], ["list"], ["export", "1"], ["backup"]):
                assert run_main("--db", str(db), *command) == 1
                err = capsys.readouterr().err
                assert "did not answer" in err and "nothing was done" in err, command
    finally:
        listener.close()
    assert dump(db) == before
    assert not (db.parent / "backups").exists()


def test_on_windows_commands_open_a_library_that_a_window_holds(db, tmp_path, monkeypatch, capsys):
    """Windows' locks are not dropped by closing another handle: a command opens the library beside the window."""
    monkeypatch.setattr(window_channel, "SUPPORTED", False)
    monkeypatch.setenv("FACTCHECK_BUSY_TIMEOUT_MS", "200")
    other = tmp_path / "other.txt"
    other.write_text("Mayor says crime fell\n\nCrime fell 40% last year, the mayor said.\n", encoding="utf-8")
    capsys.readouterr()
    with LibraryLock.acquire(db):
        assert main(["--db", str(db), "list"]) == 0
        assert "Council approves new cycle lanes" in capsys.readouterr().out
        assert main(["--db", str(db), "import", str(other)]) == 0
        assert "Mayor says crime fell" in capsys.readouterr().out
        assert main(["--db", str(db), "restore", "1"]) == 1  # replacing the file is the window's to do
        assert "restore it there" in capsys.readouterr().err


def test_a_command_waits_for_another_command_working_on_the_library(db, tmp_path, child_process, capsys):
    holder = child_process("import sys; from factcheck.store import LibraryLock;"
                           " lock = LibraryLock.acquire(sys.argv[1], 'command', 'import');"
                           " print('held', flush=True); sys.stdin.read()", db, ready="held")
    threading.Timer(0.3, holder.stdin.close).start()
    capsys.readouterr()
    assert main(["--db", str(db), "list"]) == 0  # default busy timeout: 5 s
    assert "Council approves new cycle lanes" in capsys.readouterr().out


def test_import_after_an_unclean_shutdown_says_what_the_check_found(db, tmp_path, capsys):
    child = subprocess.Popen([sys.executable, "-c", "import sys; from factcheck.store import SQLiteStore;"
                              " SQLiteStore.open(sys.argv[1]); print('open', flush=True); sys.stdin.read()",
                              str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "open\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    child.stdin.close()
    capsys.readouterr()
    assert main(["--db", str(db), "list"]) == 0  # a read-only command does not check
    assert capsys.readouterr().err == ""
    other = tmp_path / "other.txt"
    other.write_text("Another article\n\nWith a line.\n", encoding="utf-8")
    assert main(["--db", str(db), "import", str(other)]) == 0
    err = capsys.readouterr().err
    assert "did not close this library properly" in err and "no damage was found" in err
