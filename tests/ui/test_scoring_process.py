"""The window's heavy computations run in a process of their own (factcheck/ui/scoring_process.py).

The same answers as in this process, computed in another one, which a killed process does not stop.
"""

from __future__ import annotations

import os
import signal
import sys

import pytest

from factcheck.core.matching import Collection, rank
from factcheck.operations_suggestions import suggest_with_layer
from factcheck.ui import scoring_process

TEXT = ("Unemployment fell to 3.9% in May, the lowest since 2001, the minister said on Tuesday. "
        "The weather was fine. Crime rose by 40% last year, according to the police.")


def test_suggestions_and_rankings_are_those_of_this_process_made_in_another():
    assert scoring_process.run_elsewhere(os.getpid) != os.getpid()
    assert scoring_process.suggest_elsewhere(TEXT, None, ["the minister"]) == suggest_with_layer(
        TEXT, None, ("the minister",))
    candidates = [((1, 1), "Unemployment fell to 3.9% in May", "Jobs"), ((1, 2), "Crime rose by 40%", "Police"),
                  ((2, 7), "The weather was fine", "Weather")]
    collection = Collection(3, {"unemploy": 1, "fell": 1})
    assert scoring_process.rank_elsewhere("unemployment fell", iter(candidates), collection, 2) == rank(
        "unemployment fell", candidates, collection, 2)


def test_a_killed_scoring_process_is_replaced_and_the_request_answered():
    first = scoring_process.run_elsewhere(os.getpid)
    os.kill(first, signal.SIGKILL)
    second = scoring_process.run_elsewhere(os.getpid)  # the broken pool is replaced, the request tried again
    assert second not in (first, os.getpid())
    assert scoring_process.suggest_elsewhere(TEXT, None, ()) == suggest_with_layer(TEXT, None, ())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see the process end")
def test_the_scoring_process_ends_when_the_window_s_process_is_killed(tmp_path):
    import subprocess
    import time

    code = ("import os, sys, time\nfrom factcheck.ui import scoring_process\n"
            "print(scoring_process.run_elsewhere(os.getpid), flush=True)\ntime.sleep(60)\n")
    window = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        scoring = int(window.stdout.readline())
        assert running(scoring)
    finally:
        window.kill()  # SIGKILL: nothing of the window's process runs after it
        window.wait(10)
    deadline = time.monotonic() + 10
    while running(scoring) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(scoring)


def running(pid: int) -> bool:
    """Whether ``pid`` is a process still running (not gone, not a zombie waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return not any(line.startswith("State:") and "Z" in line.split()[1] for line in status)
    except FileNotFoundError:
        return False


def test_the_scoring_process_loads_no_qt():
    assert scoring_process.run_elsewhere(eval, "'PySide6' in __import__('sys').modules") is False


def test_without_a_process_to_be_had_the_work_is_done_here(monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    def cannot_start(self, *args, **kwargs):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(scoring_process, "_pool", None)  # the test's own pool, its state restored after
    monkeypatch.setattr(scoring_process, "_unavailable", False)
    monkeypatch.setattr(ProcessPoolExecutor, "submit", cannot_start)
    assert scoring_process.run_elsewhere(os.getpid) == os.getpid()
    assert scoring_process.suggest_elsewhere(TEXT, None, ()) == suggest_with_layer(TEXT, None, ())
    assert scoring_process._unavailable and scoring_process._pool is None  # not tried again at each request


def test_what_the_function_raises_is_raised_and_the_process_stays():
    before = scoring_process.run_elsewhere(os.getpid)
    try:
        scoring_process.run_elsewhere(int, "not a number")
    except ValueError:
        pass
    else:
        raise AssertionError("the function's error was not raised")
    assert scoring_process.run_elsewhere(os.getpid) == before
