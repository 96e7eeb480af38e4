"""Unclean-shutdown detection: a session that never closed the library gets an integrity check."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, Source
from factcheck.store import SQLiteStore, LibraryError, RecoveryReport
from factcheck.store import sessions

TEXT = "The mayor said crime fell 40% last year."

OPEN_AND_WAIT = textwrap.dedent("""
    import sys
    from factcheck.store import SQLiteStore
    library = SQLiteStore.open(sys.argv[1])
    print("open", flush=True)
    sys.stdin.read()
    library.close()
""")


def child_with_library_open(path) -> subprocess.Popen:
    """A process that has opened the library (its session is recorded) and waits."""
    child = subprocess.Popen([sys.executable, "-c", OPEN_AND_WAIT, str(path)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "open\n"
    return child


def killed(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    child.stdin.close()


def markers(path) -> list[str]:
    return list(recorded(path))


def recorded(path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT key, value FROM properties WHERE key LIKE 'session:%'"))
    finally:
        conn.close()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def add_marker(path, key: str, value: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO properties (key, value) VALUES (?, ?)", [key, value])


def test_a_clean_shutdown_leaves_no_report_and_no_marker(db_path):
    library = SQLiteStore.open(db_path)
    assert library.recovery_report is None
    assert len(markers(db_path)) == 1  # recorded, and committed, while open
    library.close()
    assert markers(db_path) == []
    library = SQLiteStore.open(db_path)
    try:
        assert library.recovery_report is None
    finally:
        library.close()


def test_a_killed_session_is_reported_once_with_what_the_check_found(db_path):
    SQLiteStore.open(db_path).close()
    child = child_with_library_open(db_path)
    [(key, value)] = recorded(db_path).items()
    started = json.loads(value)["started"]
    killed(child)

    library = SQLiteStore.open(db_path)
    try:
        report = library.recovery_report
        assert isinstance(report, RecoveryReport)
        assert (report.ok, report.found, report.problems) == (True, "ok", ())
        assert (report.started, report.pid) == (started, child.pid)
        assert "did not close this library properly" in report.message
        assert "integrity check and foreign-key check, and no damage was found" in report.message
        assert "every saved edit" not in report.message
        assert key not in markers(db_path)  # checked: forgotten
    finally:
        library.close()
    library = SQLiteStore.open(db_path)
    try:
        assert library.recovery_report is None
    finally:
        library.close()


def test_a_session_still_running_is_not_an_unclean_shutdown(db_path):
    child = child_with_library_open(db_path)
    try:
        library = SQLiteStore.open(db_path)
        assert library.recovery_report is None
        library.close()
        assert len(markers(db_path)) == 1  # the other process's marker is left alone
    finally:
        killed(child)
    library = SQLiteStore.open(db_path)
    try:
        assert library.recovery_report is not None and library.recovery_report.ok
    finally:
        library.close()


def test_the_check_reports_damage_it_finds(db_path):
    library = SQLiteStore.open(db_path)
    article = library.add_article(Article(title="T", text=TEXT))
    library.add_claim(Claim(anchor=make_anchor(TEXT, 4, 9), article_id=article.id,
                            sources=(Source(title="a"), Source(title="b"))))
    library.close()
    with sqlite3.connect(db_path) as conn:  # foreign keys are off on a plain connection
        conn.execute("INSERT INTO sources (claim_id, created_at, updated_at) VALUES (999, 'x', 'x')")
        conn.execute("PRAGMA writable_schema=ON")  # make an index disagree with its table
        conn.execute("UPDATE sqlite_master SET sql = replace(sql, 'claim_id, position', 'position, claim_id')"
                     " WHERE name = 'sources_claim'")
    add_marker(db_path, "session:crashed", json.dumps({"host": sessions.this_host(), "pid": dead_pid(),
                                                       "started": "2024-05-01T09:30:00+00:00"}))
    library = SQLiteStore.open(db_path)
    try:
        report = library.recovery_report
        assert not report.ok
        assert report.started == "2024-05-01T09:30:00+00:00"
        assert any("sources_claim" in p for p in report.problems), report.problems
        assert any(p.endswith("of sources refers to a missing row of claims") for p in report.problems)
        assert "found problems" in report.message and "backup" in report.message
        assert report.found == "\n".join(report.problems)
    finally:
        library.close()


def test_an_unreadable_marker_counts_as_an_interrupted_session(db_path):
    SQLiteStore.open(db_path).close()
    add_marker(db_path, "session:garbage", "{not json")
    library = SQLiteStore.open(db_path)
    try:
        assert library.recovery_report is not None and library.recovery_report.ok
        assert "session:garbage" not in markers(db_path)
    finally:
        library.close()


def test_a_session_from_another_host_is_left_alone(db_path):
    SQLiteStore.open(db_path).close()
    add_marker(db_path, "session:elsewhere", json.dumps({"host": "another-machine.example", "pid": 1,
                                                         "started": "2024-05-01T09:30:00+00:00"}))
    library = SQLiteStore.open(db_path)
    try:
        assert library.recovery_report is None
    finally:
        library.close()
    assert markers(db_path) == ["session:elsewhere"]


def test_a_session_from_before_the_last_boot_is_gone(db_path, monkeypatch):
    SQLiteStore.open(db_path).close()
    monkeypatch.setattr(sessions, "boot_id", lambda: "boot-now")
    add_marker(db_path, "session:before-reboot", json.dumps({"host": sessions.this_host(), "pid": 1,
                                                             "boot": "boot-before", "started": "x"}))
    library = SQLiteStore.open(db_path)  # pid 1 is alive, but it is not the process that opened it
    try:
        assert library.recovery_report is not None
    finally:
        library.close()


def test_a_read_only_open_records_nothing_checks_nothing_and_refuses_writes(db_path):
    SQLiteStore.open(db_path).close()
    add_marker(db_path, "session:crashed", json.dumps({"host": sessions.this_host(), "pid": dead_pid(),
                                                       "started": "x"}))
    library = SQLiteStore.open(db_path, read_only=True)
    try:
        assert library.recovery_report is None  # left for the next window or import to check
        assert markers(db_path) == ["session:crashed"]
        with pytest.raises(LibraryError, match="read-only"):
            library.set_property("seeded", "1")
    finally:
        library.close()
    assert markers(db_path) == ["session:crashed"]


def test_an_in_memory_library_has_no_session():
    library = SQLiteStore.in_memory()
    assert library.recovery_report is None
    library.close()


def test_the_report_says_when_the_session_started():
    report = RecoveryReport((), "2024-05-01T09:30:00+00:00", "host", 12)
    assert "2024-05-01" in report.message
    assert RecoveryReport((), "not a time").message.startswith("factcheck did not close this library properly")
