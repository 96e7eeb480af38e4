"""Guards against known faults of the Qt binding that would crash a long editing session."""

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    flag = Signal(bool)


def test_bool_signals_do_not_leak_references_to_true():
    # PySide6 6.12.0 released a reference to True on each bool signal delivered to a
    # Python slot; after a few thousand edits the interpreter aborted. pyproject.toml
    # excludes that release; this test catches any other release that does the same.
    emitter = Emitter()
    received = []
    emitter.flag.connect(lambda value: received.append(value))
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.flag.emit(True)
    received.clear()
    assert sys.getrefcount(True) >= before
