"""Undo and Redo pressed while edits are still being written: they wait their turn, in order, each bound to
the undo stack it was pressed for.

Edits are written off the UI thread and reach their stack only once committed, so the stack alone cannot say
what the next Undo will undo. :class:`WaitingSteps` holds what was asked for meanwhile and answers that
question (:meth:`WaitingSteps.reach`) from the stack, the edits in flight and the steps waiting.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack


class Waiting(NamedTuple):
    step: Callable[[], None]
    stack: "QUndoStack"
    move: int
    """What it does to the stack: -1 an undo, 1 a redo, 0 a new edit (made after a waiting undo or redo)."""


class WaitingSteps:
    """The steps asked for while writes were in flight, oldest first."""

    def __init__(self) -> None:
        self._queue: collections.deque[Waiting] = collections.deque()

    def __bool__(self) -> bool:
        return bool(self._queue)

    def __iter__(self) -> Iterator[Waiting]:
        return iter(self._queue)

    def add(self, step: Callable[[], None], stack: QUndoStack, move: int) -> None:
        self._queue.append(Waiting(step, stack, move))

    def clear(self) -> None:
        self._queue.clear()

    def run_next(self) -> None:
        self._queue.popleft().step()

    @property
    def last(self) -> Waiting | None:
        return self._queue[-1] if self._queue else None

    def reach(self, stack: QUndoStack, in_flight: Iterable) -> tuple[str | None, str | None]:
        """The texts of the undo and the redo the next Undo and Redo on ``stack`` will make ("" if not known
        yet, None if there is none), counting the edits ``in_flight`` and the steps waiting.

        Only the texts it names are read from the stack (it may hold thousands of steps).
        """
        index, count, pending = self._play(stack, in_flight)

        def text(place: int) -> str:
            if place not in pending:
                return stack.text(place)
            return pending[place].text() if pending[place] is not None else ""

        return (text(index - 1) if index else None), (text(index) if index < count else None)

    def next_redo(self, stack: QUndoStack, in_flight: Iterable):
        """The command the next Redo on ``stack`` would redo once everything pending has run (after an Undo:
        the command it undoes), or None if there is none or it is an edit not yet made."""
        index, count, pending = self._play(stack, in_flight)
        if index >= count:
            return None
        return pending[index] if index in pending else stack.command(index)

    def _play(self, stack: QUndoStack, in_flight: Iterable) -> tuple[int, int, dict]:
        """``stack``'s index and count once the edits in flight and the steps waiting have run, and the edits
        not yet on it by the place they will take (the command, or None for an edit waiting its turn)."""
        index, count = stack.index(), stack.count()
        pending: dict[int, object] = {}

        def push(command) -> None:
            nonlocal index, count
            for place in [p for p in pending if p > index]:
                del pending[place]
            pending[index], index = command, index + 1
            count = index  # a new edit drops the steps that could be redone

        for command in in_flight:
            if getattr(command, "stack", None) is stack:
                push(command)
        for waiting in self._queue:
            if waiting.stack is not stack:
                continue
            if waiting.move == 0:
                push(None)
            elif 0 <= index + waiting.move <= count:
                index += waiting.move
        return index, count, pending

    def drop_steps_of_nothing(self, stack: QUndoStack, edits_after: int) -> bool:
        """An edit on ``stack`` committed that changed nothing, so it never reaches the stack; the steps waiting
        were asked for as if it had. Those that would undo or redo it, or that did nothing where the user
        pressed them, are dropped, so each step left acts on the step the user meant. True if any was.

        ``edits_after``: the edits on ``stack`` handed over after it and still in flight (they go above it).
        """
        # The stack as the user sees it: the steps below the edit of nothing, it at ``nothing``, the edits after.
        nothing = stack.index()
        index = length = nothing + 1 + edits_after
        queue = list(self._queue)
        kept: list[Waiting] = []
        for at, waiting in enumerate(queue):
            if waiting.stack is not stack:
                kept.append(waiting)
                continue
            if waiting.move == 0:
                if index <= nothing:  # it was undone: this edit drops it, and the two stacks agree from here
                    kept.extend(queue[at:])
                    break
                index += 1
                length = index
            elif waiting.move < 0:
                if index:  # (none left to undo: it does nothing either way)
                    index -= 1
                    if index == nothing:
                        continue  # the Undo of the edit of nothing
            else:
                if index == length:
                    continue  # nothing to redo, as the user sees it (the stack may hold older steps)
                index += 1
                if index - 1 == nothing:
                    continue  # the Redo of the edit of nothing
            kept.append(waiting)
        if len(kept) == len(queue):
            return False
        self._queue = collections.deque(kept)
        return True
