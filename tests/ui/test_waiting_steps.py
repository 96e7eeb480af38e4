"""Undo and Redo pressed while edits are being written (factcheck.ui.waiting_steps), against a plain model of
the stack the user sees: what the actions offer, and the steps kept when an edit turns out to change nothing."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from factcheck.ui.waiting_steps import WaitingSteps


class Stack:
    """A stand-in for QUndoStack: its steps' texts and index, counting the texts read."""

    def __init__(self, texts: list[str], index: int) -> None:
        self.texts, self._index, self.read = list(texts), index, 0

    def index(self) -> int:
        return self._index

    def count(self) -> int:
        return len(self.texts)

    def text(self, place: int) -> str:
        self.read += 1
        return self.texts[place]

    def command(self, place: int) -> str:
        return self.texts[place]


@dataclass
class Edit:
    stack: object
    words: str

    def text(self) -> str:
        return self.words


def play(texts: list, index: int, moves) -> tuple[list, int]:
    """The steps after ``moves`` (0 a new edit, given as (0, text); -1 undo; 1 redo), as a list and an index."""
    texts = list(texts)
    for move in moves:
        if isinstance(move, tuple):
            texts[index:] = [move[1]]
            index += 1
        elif move < 0 and index:
            index -= 1
        elif move > 0 and index < len(texts):
            index += 1
    return texts, index


stacks = st.integers(0, 6).flatmap(lambda n: st.tuples(st.just([f"step {i}" for i in range(n)]),
                                                       st.integers(0, n)))
moves = st.lists(st.sampled_from([-1, 1, 0]), max_size=10)


@given(stacks, st.lists(st.booleans(), max_size=4), moves, st.lists(st.booleans(), max_size=10))
def test_the_actions_name_the_steps_undo_and_redo_will_make(stack_state, flight_ours, waiting_moves, waiting_ours):
    texts, index = stack_state
    stack, other = Stack(texts, index), Stack(["elsewhere"], 1)
    in_flight = [Edit(stack if ours else other, f"edit {i}") for i, ours in enumerate(flight_ours)]
    waiting = WaitingSteps()
    expected_moves = [(0, e.words) for e in in_flight if e.stack is stack]
    for i, move in enumerate(waiting_moves):
        ours = waiting_ours[i] if i < len(waiting_ours) else True
        waiting.add(lambda: None, stack if ours else other, move)
        if ours:
            expected_moves.append((0, "") if move == 0 else move)
    seen, at = play(texts, index, expected_moves)
    assert waiting.reach(stack, in_flight) == (seen[at - 1] if at else None, seen[at] if at < len(seen) else None)


def test_only_the_steps_named_are_read_from_a_long_stack():
    stack = Stack([f"step {i}" for i in range(5000)], 4000)
    waiting = WaitingSteps()
    for move in (-1, -1, 1):
        waiting.add(lambda: None, stack, move)
    assert waiting.reach(stack, [Edit(stack, "being saved")]) == ("step 3999", "being saved")
    assert stack.read == 1


@given(stacks, st.integers(0, 2), moves)
def test_an_edit_of_nothing_leaves_the_steps_the_user_meant(stack_state, edits_after, waiting_moves):
    """The user pressed Undo and Redo as if the edit had reached the stack; it changed nothing and did not.
    The steps kept, played on the real stack, leave the steps the user would see without it."""
    texts, index = stack_state
    nothing = object()
    afters = [(0, f"after {i}") for i in range(edits_after)]
    asked = [(0, f"new {i}") if move == 0 else move for i, move in enumerate(waiting_moves)]
    seen, at = play(texts, index, [(0, nothing)] + afters + asked)
    meant = [t for t in seen[:at] if t is not nothing], [t for t in seen[at:] if t is not nothing]

    stack = Stack(texts, index)
    waiting = WaitingSteps()
    for move in asked:
        waiting.add(lambda: None, stack, 0 if isinstance(move, tuple) else move)
    waiting.drop_steps_of_nothing(stack, edits_after)
    by_move = iter(m for m in asked if isinstance(m, tuple))
    kept = [next(by_move) if w.move == 0 else w.move for w in waiting]
    real, real_at = play(texts, index, afters + kept)
    assert real[:real_at] == meant[0]
    assert real[real_at:real_at + len(meant[1])] == meant[1]  # the real stack may keep older steps to redo


def test_the_undo_of_an_edit_of_nothing_is_dropped_and_the_next_kept():
    stack, other = Stack(["a", "b"], 2), Stack([], 0)
    waiting = WaitingSteps()
    waiting.add(lambda: None, stack, -1)  # meant for the edit of nothing
    waiting.add(lambda: None, other, -1)  # another stack's: not its business
    waiting.add(lambda: None, stack, -1)  # meant for "b"
    assert waiting.drop_steps_of_nothing(stack, 0)
    assert [(w.stack, w.move) for w in waiting] == [(other, -1), (stack, -1)]
    assert not waiting.drop_steps_of_nothing(stack, 1)  # an edit after it in flight: the undo is that edit's


def test_the_command_an_undo_waiting_will_undo_is_known_before_it_runs():
    library = Stack(["Archive article", "Delete article"], 2)
    deleting = Edit(library, "Delete article B")
    waiting = WaitingSteps()
    waiting.add(lambda: None, library, -1)
    assert waiting.next_redo(library, [deleting]) is deleting  # the deletion still being saved
    waiting.add(lambda: None, library, -1)
    assert waiting.next_redo(library, [deleting]) == "Delete article"  # then the one before it
    assert WaitingSteps().next_redo(library, []) is None  # nothing undone: nothing to redo
