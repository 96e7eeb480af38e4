"""Argument types the command line's commands share (argparse ``type=`` functions).

Below :mod:`factcheck.cli` and the ``cli_*`` modules alike (it imports nothing of
factcheck), so each command's module checks a value as the others do.
"""

from __future__ import annotations

import argparse


def at_least_one(word: str) -> int:
    """A whole number of at least 1 (``backup --keep``, ``similar --limit``); else argparse's usage error."""
    try:
        value = int(word)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {word!r}")
    return value
