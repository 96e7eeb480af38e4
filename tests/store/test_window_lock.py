"""One window per library: the window lock, held by another process, refuses a second window."""

from __future__ import annotations

import os
import signal
import sys
import textwrap

import pytest

from factcheck.store import LibraryError, LibraryInUse, WindowLock
from factcheck.store.window_lock import lock_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the child is killed with SIGKILL")

HOLD_LOCK = textwrap.dedent("""
    import sys
    from factcheck.store import WindowLock
    lock = WindowLock.acquire(sys.argv[1])
    print("held", flush=True)
    sys.stdin.read()
""")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "library.db"


@pytest.fixture
def holder(db_path, child_process):
    """Another process holding the library's window lock, as a running window does."""
    return child_process(HOLD_LOCK, db_path, ready="held")


def test_a_second_window_is_refused_with_a_message_naming_the_file(db_path, holder):
    with pytest.raises(LibraryInUse) as caught:
        WindowLock.acquire(db_path)
    message = str(caught.value)
    assert isinstance(caught.value, LibraryError)
    assert str(db_path) in message
    assert "already open in another factcheck window" in message
    assert f"process {holder.pid}" in message
    assert "--db" in message


def test_the_lock_dies_with_the_process_that_held_it(db_path, holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with WindowLock.acquire(db_path) as lock:
        assert lock.held


def test_release_lets_the_next_window_in(db_path):
    first = WindowLock.acquire(db_path)
    with pytest.raises(LibraryInUse):
        WindowLock.acquire(db_path)  # also within one process
    first.release()
    first.release()  # twice is harmless
    second = WindowLock.acquire(db_path)
    assert second.held
    second.release()


def test_another_spelling_of_the_path_is_the_same_library(db_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    link = tmp_path / "link.db"
    link.symlink_to(db_path)
    with WindowLock.acquire("library.db"):
        for other in (db_path, link, tmp_path / "." / "library.db"):
            with pytest.raises(LibraryInUse):
                WindowLock.acquire(other)


def test_the_lock_file_sits_beside_the_library(db_path, tmp_path):
    assert lock_path(db_path) == db_path.with_name("library.db.lock")
    with WindowLock.acquire(tmp_path / "new" / "lib.db") as lock:  # the folder is made if need be
        assert lock.path == tmp_path / "new" / "lib.db.lock"
        assert lock.path.is_file()


def test_a_folder_where_no_lock_file_can_be_made_gets_no_lock_and_no_refusal(db_path, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)  # as in a read-only folder, even for root
    lock = WindowLock.acquire(db_path)
    assert not lock.held
    lock.release()
    assert "cannot create the window lock" in caplog.text
