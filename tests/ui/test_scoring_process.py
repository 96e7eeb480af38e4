"""The window's heavy computations run in a process of their own (factcheck/ui/scoring_process.py).

The same answers as in this process, computed in another one, which a killed process does not stop.
"""

from __future__ import annotations

import os
import signal

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
