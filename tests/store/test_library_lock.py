"""One process at a time per library: the library lock, held by a window or a command."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time

import pytest

from factcheck.store import LibraryBusy, LibraryError, LibraryInUse, LibraryLock, library_lock, window_channel
from factcheck.store.library_lock import hold_for_command, lock_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the child is killed with SIGKILL")

HOLD_LOCK = textwrap.dedent("""
    import sys
    from factcheck.store import LibraryLock
    lock = LibraryLock.acquire(sys.argv[1], *sys.argv[2:])
    print("held", flush=True)
    sys.stdin.read()
""")


@pytest.fixture
def holder(db_path, child_process):
    """Another process holding the library's window lock, as a running window does."""
    return child_process(HOLD_LOCK, db_path, ready="held")


def test_a_second_window_is_refused_with_a_message_naming_the_file(db_path, holder):
    with pytest.raises(LibraryInUse) as caught:
        LibraryLock.acquire(db_path)
    message = str(caught.value)
    assert isinstance(caught.value, LibraryError)
    assert str(db_path) in message
    assert "already open in another factcheck window" in message
    assert f"process {holder.pid}" in message
    assert "--db" in message


def test_the_lock_dies_with_the_process_that_held_it(db_path, holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with LibraryLock.acquire(db_path) as lock:
        assert lock.held


def test_release_lets_the_next_window_in(db_path):
    first = LibraryLock.acquire(db_path)
    with pytest.raises(LibraryInUse):
        LibraryLock.acquire(db_path)  # also within one process
    first.release()
    first.release()  # twice is harmless
    second = LibraryLock.acquire(db_path)
    assert second.held
    second.release()


def test_another_spelling_of_the_path_is_the_same_library(db_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    link = tmp_path / "link.db"
    link.symlink_to(db_path)
    with LibraryLock.acquire("library.db"):
        for other in (db_path, link, tmp_path / "." / "library.db"):
            with pytest.raises(LibraryInUse):
                LibraryLock.acquire(other)


def test_the_lock_file_sits_beside_the_library(db_path, tmp_path):
    assert lock_path(db_path) == db_path.with_name("library.db.lock")
    with LibraryLock.acquire(tmp_path / "new" / "lib.db") as lock:  # the folder is made if need be
        assert lock.path == tmp_path / "new" / "lib.db.lock"
        assert lock.path.is_file()


def test_a_folder_where_no_lock_file_can_be_made_gets_no_lock_and_no_refusal(db_path, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patched:  # undone before the fixtures' teardown needs os.open
        patched.setattr(os, "open", refuse)  # as in a read-only folder, even for root
        patched.setattr(os, "access", lambda *args, **kwargs: False)  # where nothing can be written
        lock = LibraryLock.acquire(db_path)
    assert not lock.held
    lock.release()
    assert "the library lock" in caplog.text and "opening without it" in caplog.text


def test_closing_another_descriptor_of_the_lock_file_keeps_the_lock(db_path, child_process):
    """Unlike SQLite's POSIX locks, the library lock survives a dialog that opens and closes its file."""
    script = textwrap.dedent("""
        import sys
        from factcheck.store import LibraryLock
        from factcheck.store.library_lock import lock_path
        lock = LibraryLock.acquire(sys.argv[1])
        with open(lock_path(sys.argv[1]), "rb") as sniffing:
            sniffing.read(16)
        print("held", flush=True)
        sys.stdin.read()
    """)
    child_process(script, db_path, ready="held")
    with pytest.raises(LibraryInUse):
        LibraryLock.acquire(db_path, "command", "list")


def test_a_command_holding_the_library_is_named_in_the_refusal(db_path, child_process):
    child = child_process(HOLD_LOCK, db_path, "command", "import", ready="held")
    with pytest.raises(LibraryInUse) as caught:
        LibraryLock.acquire(db_path)
    assert caught.value.holder.kind == "command"
    assert f"in use by a factcheck command (import) (process {child.pid}" in str(caught.value)


def test_a_command_waits_for_another_command_then_holds_the_library(db_path, child_process):
    child = child_process(HOLD_LOCK, db_path, "command", "import", ready="held")
    threading.Timer(0.3, child.stdin.close).start()  # the other command finishes
    started = time.monotonic()
    lock = hold_for_command(db_path, "list", timeout_s=10)
    assert lock is not None and lock.held and time.monotonic() - started >= 0.25
    lock.release()


def test_a_command_gives_up_on_a_busy_library_with_a_message_naming_the_holder(db_path, child_process):
    child = child_process(HOLD_LOCK, db_path, "command", "import", ready="held")
    with pytest.raises(LibraryBusy) as caught:
        hold_for_command(db_path, "list", timeout_s=0.2)
    assert f"is busy: a factcheck command (import) (process {child.pid}" in str(caught.value)


def test_a_window_that_answers_gets_the_work_and_the_command_opens_nothing(db_path, child_process):
    child_process(HOLD_LOCK, db_path, "window", ready="held")
    with pytest.raises(LibraryBusy, match="did not answer"):
        hold_for_command(db_path, "list", timeout_s=0.2)  # a window not listening (yet)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(window_channel.socket_path(db_path)))
    listener.listen()
    try:
        assert hold_for_command(db_path, "list", timeout_s=0.2) is None
    finally:
        listener.close()
        window_channel.socket_path(db_path).unlink()
    assert not db_path.exists()  # nothing touched the library


# ------------------------------------------- a lock that cannot be taken where writing can

def test_a_lock_file_that_cannot_be_opened_in_a_writable_folder_is_refused(db_path, monkeypatch):
    """As when another user made library.db.lock with mode 0600 in a shared folder: no quiet "no lock"."""
    real_open = os.open

    def refuse_the_lock(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_the_lock)
    for kind in ("window", "command"):
        with pytest.raises(LibraryError) as caught:
            LibraryLock.acquire(db_path, kind)
        message = str(caught.value)
        assert not isinstance(caught.value, LibraryInUse)
        assert str(lock_path(db_path)) in message and "Permission denied" in message
        assert "remove it" in message


def test_a_lock_the_system_will_not_take_in_a_writable_folder_is_refused(db_path, monkeypatch):
    def no_locks(fd):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(library_lock, "_try_lock", no_locks)
    with pytest.raises(LibraryError, match="No locks available") as caught:
        LibraryLock.acquire(db_path)
    assert str(lock_path(db_path)) in str(caught.value)


OPEN_AS_ANOTHER_USER = textwrap.dedent("""
    import os, sys
    from factcheck.store import LibraryError, LibraryLock
    os.setgid(65534)
    os.setuid(65534)
    try:
        lock = LibraryLock.acquire(sys.argv[1])
    except LibraryError as error:
        print("refused:", error)
    else:
        print("held" if lock.held else "no lock")
""")


@pytest.mark.skipif(os.geteuid() != 0, reason="another user's lock file takes root to make")
def test_another_users_private_lock_file_in_a_shared_folder_is_refused():
    shared = tempfile.mkdtemp(prefix="fcrun-shared-", dir="/tmp")
    try:
        os.chmod(shared, 0o1777)  # like a shared folder: anyone may write
        db = os.path.join(shared, "library.db")
        fd = os.open(db + ".lock", os.O_RDWR | os.O_CREAT, 0o600)  # made by root, for root alone
        os.close(fd)
        child = subprocess.run([sys.executable, "-c", OPEN_AS_ANOTHER_USER, db], capture_output=True, text=True,
                               timeout=60, cwd="/")
        assert child.stdout.startswith("refused:"), child.stdout + child.stderr
        assert db + ".lock" in child.stdout
    finally:
        shutil.rmtree(shared, ignore_errors=True)


# ------------------------------------------------------------------- Windows

def test_on_windows_a_command_opens_the_library_beside_a_window(db_path, holder, monkeypatch):
    """No channel there, and no need: closing a handle drops no lock of another (window_channel.SUPPORTED)."""
    monkeypatch.setattr(window_channel, "SUPPORTED", False)
    lock = hold_for_command(db_path, "list", timeout_s=0.5)
    assert lock is not None and not lock.held  # open the library directly, holding nothing
    lock.release()
    assert hold_for_command(db_path, "restore", timeout_s=0.5) is None  # the window alone may restore


def test_a_command_on_windows_still_waits_for_another_command(db_path, child_process, monkeypatch):
    monkeypatch.setattr(window_channel, "SUPPORTED", False)
    child_process(HOLD_LOCK, db_path, "command", "import", ready="held")
    with pytest.raises(LibraryBusy, match="is busy"):
        hold_for_command(db_path, "list", timeout_s=0.2)


# --------------------------------------------------- a window whose channel is down

NOTE_NO_CHANNEL = textwrap.dedent("""
    import sys
    from factcheck.store import LibraryLock
    lock = LibraryLock.acquire(sys.argv[1])
    lock.note_no_channel("cannot listen on /run/x.sock: address in use")
    print("held", flush=True)
    sys.stdin.read()
""")


def test_a_window_that_cannot_listen_is_named_at_once_not_waited_for(db_path, child_process):
    child = child_process(NOTE_NO_CHANNEL, db_path, ready="held")
    with pytest.raises(LibraryBusy) as caught:
        hold_for_command(db_path, "list", timeout_s=5)
    message = str(caught.value)
    assert f"process {child.pid}" in message and "cannot take work from other factcheck processes" in message
    assert "cannot listen on /run/x.sock: address in use" in message
