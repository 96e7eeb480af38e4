"""Argument types the command line's commands share (argparse ``type=`` functions), and its help's formatter.

Below :mod:`factcheck.cli` and the ``cli_*`` modules alike (it imports nothing of
factcheck but, when a help is shown, where the library is by default), so each
command's module checks a value as the others do.
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


DEFAULT_LIBRARY = "<default library>"
"""Stands for the default library file's path in a help text, until the help is shown."""


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Names the default library file only when help is shown: finding it loads platformdirs (start-up is timed)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        from factcheck.locations import default_library_path

        return action.help.replace(DEFAULT_LIBRARY, str(default_library_path()).replace("%", "%%"))


def window_holds(command: str, instead: str):
    """A command a window holding the library cannot take over: it says where to do it instead (status 1)."""
    import sys

    from factcheck.terminal_text import printable

    def refuse(db_path, args) -> int:
        print(printable(f"factcheck: a factcheck window has {db_path} open: use {instead} there, or close it and "
                        f"run `factcheck {command}` again (nothing was changed)."), file=sys.stderr)
        return 1

    return refuse
