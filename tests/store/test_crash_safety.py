"""Crash safety: an edit acknowledged as saved survives SIGKILL at any moment; none is half applied.

A child process (``crash_child.py``) makes a stream of edits through :class:`SQLiteStore`,
each one transaction, and prints an acknowledgement after each call returns. The test
kills it with SIGKILL at a random moment — after a random delay, right after the n-th
acknowledgement, right after it announced an edit (inside the call, usually inside
the transaction), or a random delay after it started (sometimes while it opens the
library) — then reopens the library and checks:

- ``PRAGMA integrity_check`` says ok and no foreign key dangles;
- the library is exactly the state the acknowledged edits produce, or that state plus
  the one edit in flight when the kill came, whole (a claim added with its sources has
  all of them or none; a restored claim comes back with all its sources or not at all);
- the history has one "create" per live claim, one per source;
- the reopened library noticed the unclean shutdown (once the child had opened it), and
  its integrity check found nothing.

One library serves every trial, so each trial starts from the state the previous kill left.

    pytest tests/store/test_crash_safety.py -s                 # 60 trials, part of the default run
    pytest -m soak tests/store/test_crash_safety.py -s         # 500 trials, run by hand
    FACTCHECK_CRASH_SEED=1234 pytest ... -s                    # the same choices again
    FACTCHECK_CRASH_TRIALS=200 pytest tests/store/test_crash_safety.py -s   # another count

Timing is the operating system's, so a seed repeats the edits and kill modes, not the
exact instants. Results are in docs/reliability.md.
"""

from __future__ import annotations

import copy
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from factcheck.core.articles import Article
from factcheck.store import SQLiteStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

CHILD = Path(__file__).with_name("crash_child.py")
DEFAULT_TRIALS = 60
SOAK_TRIALS = 500
MODES = ("timer", "after-ack", "after-intent", "timer", "after-ack", "after-intent", "from-start")

from crash_child import ARTICLE_TEXT, ARTICLE_TITLE  # noqa: E402  (tests/store is on sys.path)


# -------------------------------------------------------------------- the model


def apply(state: dict, intent: dict, deleted: dict) -> dict:
    """The library's claims after one edit: ``{claimant: {fields, "sources": [[title, excerpt]]}}``."""
    state = copy.deepcopy(state)
    op, token = intent["op"], intent["claim"]
    if op == "add_claim":
        state[token] = {"verdict": None, "rationale": "", "status": "draft",
                        "sources": [list(s) for s in intent["sources"]]}
    elif op == "update_claim":
        state[token][intent["field"]] = intent["value"]
    elif op == "add_source":
        state[token]["sources"].append([intent["source"], intent["excerpt"]])
    elif op == "update_source":
        for source in state[token]["sources"]:
            if source[0] == intent["source"]:
                source[1] = intent["excerpt"]
    elif op == "delete_source":
        state[token]["sources"] = [s for s in state[token]["sources"] if s[0] != intent["source"]]
    elif op == "delete_claim":
        deleted[token] = state.pop(token)
    elif op == "restore_claim":
        state[token] = copy.deepcopy(deleted[token])
    else:
        raise AssertionError(f"unknown edit {op}")
    return state


def snapshot(library: SQLiteStore) -> dict:
    article = next(a for a in library.articles() if a.title == ARTICLE_TITLE)
    return {c.claimant: {"verdict": c.verdict, "rationale": c.rationale, "status": c.status.value,
                         "sources": [[s.title, s.excerpt] for s in c.sources]}
            for c in library.claims(article.id)}


def check_history(library: SQLiteStore) -> None:
    """Every claim row came with its history row in the same transaction, and vice versa."""
    live_claims = {i for (i,) in library.conn.execute("SELECT id FROM claims")}
    for claim_id, net in library.conn.execute(
            "SELECT claim_id, sum(CASE action WHEN 'create' THEN 1 WHEN 'delete' THEN -1 ELSE 0 END)"
            " FROM history WHERE entity = 'claim' GROUP BY claim_id"):
        assert net == (1 if claim_id in live_claims else 0), f"claim {claim_id}: history and rows disagree"
    orphans = library.conn.execute(
        "SELECT id FROM sources WHERE id NOT IN"
        " (SELECT source_id FROM history WHERE entity = 'source' AND action = 'create')").fetchall()
    assert orphans == [], f"sources stored without their history: {orphans}"


# -------------------------------------------------------------------- a trial


def kill_child(path: Path, trial: int, rng: random.Random) -> tuple[list[dict], dict | None, str, bool]:
    """Run the child until a random kill.

    Returns the acknowledged intents, the one in flight, the kill mode, and whether the
    child had opened the library.
    """
    mode = rng.choice(MODES)
    target = rng.randint(1, 40)
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen([sys.executable, str(CHILD), str(path), str(rng.randrange(2**32)), str(trial)],
                                 stdout=subprocess.PIPE, stderr=errors, cwd=CHILD.parents[2])
        watchdog = threading.Timer(20, child.kill)  # never hang the suite
        watchdog.start()
        acked, pending, intents, timer, ready = [], None, 0, None, False
        if mode == "from-start":
            timer = threading.Timer(rng.uniform(0.05, 0.25), child.send_signal, [signal.SIGKILL])
            timer.start()
        try:
            for raw in child.stdout:
                if not raw.endswith(b"\n"):
                    break  # a line cut by the kill was never an acknowledgement
                line = json.loads(raw)
                if "ready" in line:
                    ready = True
                    if mode == "timer":
                        timer = threading.Timer(rng.uniform(0, 0.15), child.send_signal, [signal.SIGKILL])
                        timer.start()
                elif "intent" in line:
                    pending, intents = line["intent"], intents + 1
                    if mode == "after-intent" and intents == target:
                        child.send_signal(signal.SIGKILL)
                elif "ack" in line:
                    acked.append(pending)
                    pending = None
                    if mode == "after-ack" and len(acked) == target:
                        child.send_signal(signal.SIGKILL)
            child.wait()
        finally:
            watchdog.cancel()
            if timer is not None:
                timer.cancel()
            child.stdout.close()
        errors.seek(0)
        assert child.returncode == -signal.SIGKILL, (
            f"trial {trial}: the child ended by itself ({child.returncode}):\n{errors.read().decode()}")
    return acked, pending, mode, ready


def integrity(path: Path) -> tuple[list, list]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall(), conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()


def run_trials(path: Path, trials: int, seed: int) -> Counter:
    rng = random.Random(seed)
    library = SQLiteStore.open(path, user="crash-test")
    library.add_article(Article(title=ARTICLE_TITLE, text=ARTICLE_TEXT))
    state = snapshot(library)
    library.close()
    stats = Counter()
    for trial in range(trials):
        acked, pending, mode, opened = kill_child(path, trial, rng)
        where = f"trial {trial} (seed {seed}, kill {mode})"
        assert integrity(path) == ([("ok",)], []), where

        expected, deleted = state, {}
        for intent in acked:
            expected = apply(expected, intent, deleted)
        library = SQLiteStore.open(path, user="crash-test")
        try:
            report = library.recovery_report
            if opened:  # else it may have been killed before its session was recorded
                assert report is not None, f"{where}: the unclean shutdown went unnoticed"
            assert report is None or (report.ok and report.found == "ok"), f"{where}: {report}"
            stats["unclean shutdowns detected, check ok"] += report is not None
            state = snapshot(library)
            check_history(library)
        finally:
            library.close()
        if state == expected:
            stats["in-flight edit rolled back" if pending else
                  "killed between edits" if opened else "killed before the library was open"] += 1
        else:
            assert pending is not None, f"{where}: an acknowledged edit is missing or changed"
            assert state == apply(expected, pending, deleted), (
                f"{where}: the edit in flight, {pending['op']}, is half applied")
            stats["in-flight edit committed, not yet acknowledged"] += 1
        if pending and pending["op"] in ("add_claim", "restore_claim"):
            stats["multi-row edits in flight"] += 1
        stats["trials"] += 1
        stats["acknowledged edits checked"] += len(acked)
        stats[f"kills {mode}"] += 1
    return stats


def crash_seed() -> int:
    return int(os.environ.get("FACTCHECK_CRASH_SEED") or random.randrange(2**32))


def report(stats: Counter, seed: int, started: float) -> None:
    print(f"\ncrash trials: seed {seed}, {time.monotonic() - started:.1f} s")
    for key, value in sorted(stats.items()):
        print(f"  {key}: {value}")


# -------------------------------------------------------------------- tests


def test_apply_models_every_edit():
    deleted = {}
    state = apply({}, {"op": "add_claim", "claim": "c1", "sources": [["s1", "x"], ["s2", "y"]]}, deleted)
    state = apply(state, {"op": "update_claim", "claim": "c1", "field": "verdict", "value": "False"}, deleted)
    state = apply(state, {"op": "add_source", "claim": "c1", "source": "s3", "excerpt": "z"}, deleted)
    state = apply(state, {"op": "update_source", "claim": "c1", "source": "s1", "excerpt": "w"}, deleted)
    state = apply(state, {"op": "delete_source", "claim": "c1", "source": "s2"}, deleted)
    assert state == {"c1": {"verdict": "False", "rationale": "", "status": "draft",
                            "sources": [["s1", "w"], ["s3", "z"]]}}
    gone = apply(state, {"op": "delete_claim", "claim": "c1"}, deleted)
    assert gone == {}
    assert apply(gone, {"op": "restore_claim", "claim": "c1"}, deleted) == state


def test_acknowledged_edits_survive_sigkill(tmp_path):
    seed, started = crash_seed(), time.monotonic()
    trials = int(os.environ.get("FACTCHECK_CRASH_TRIALS") or DEFAULT_TRIALS)
    stats = run_trials(tmp_path / "library.db", trials, seed)
    report(stats, seed, started)
    assert stats["trials"] == trials
    assert stats["acknowledged edits checked"] > trials


@pytest.mark.soak
def test_soak_acknowledged_edits_survive_sigkill(tmp_path):
    seed, started = crash_seed(), time.monotonic()
    stats = run_trials(tmp_path / "library.db", SOAK_TRIALS, seed)
    report(stats, seed, started)
    assert stats["trials"] == SOAK_TRIALS
