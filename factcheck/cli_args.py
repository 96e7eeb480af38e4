"""Argument types the command line's commands share (argparse ``type=`` functions), its help's formatter, and
the reading of its words before argparse (the global options put first; the window's usual line read without it).

Below :mod:`factcheck.cli` and the ``cli_*`` modules alike (it imports nothing of
factcheck but where libraries live), so each command's module checks a value as the others do.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from factcheck.locations import is_shared


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


def library_location(word: str) -> Path | str:
    """``--db``'s value: a shared library's address stays text (a path would fold its ``//``), a file is a path."""
    return word if is_shared(word) else Path(word)


def plain_window_words(argv: list[str]) -> argparse.Namespace | None:
    """What :func:`window_parser` makes of the window's usual command line (``--db PATH`` first, if given, then
    files, no word an option), without argparse: its help formatter and messages load ~5 ms of modules before the
    window's first paint. None for anything else (help, the version, a typo'd option, ``--``): argparse reads it."""
    db = None
    i = 0
    while i < len(argv) and (argv[i] == "--db" or argv[i].startswith("--db=")):
        if argv[i] == "--db":
            if i + 1 == len(argv):
                return None
            db, i = argv[i + 1], i + 2
        else:
            db, i = argv[i][len("--db="):], i + 1
        if not db or db.startswith("-"):
            return None
    files = argv[i:]
    if any(word.startswith("-") for word in files):
        return None
    return argparse.Namespace(db=library_location(db) if db is not None else None, files=files, command=None)


def global_options_first(argv: list[str]) -> list[str]:
    """``argv`` with ``--db PATH``, ``--db=PATH`` and ``--version`` moved to the front, in their order.

    Words after ``--`` are file names and stay as they are; a ``--db`` with nothing
    after it stays where it is, for argparse to refuse.
    """
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            rest.extend(argv[i:])
            break
        if word == "--version" or word.startswith("--db="):
            front.append(word)
        elif word == "--db" and i + 1 < len(argv):
            front.extend(argv[i:i + 2])
            i += 1
        else:
            rest.append(word)
        i += 1
    return front + rest


def first_word(argv: list[str]) -> str | None:
    """The first word that is not an option nor the value of ``--db``: a command, or a file."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif arg == "--":  # what follows is files to open
            return None
        elif not arg.startswith("-"):
            return arg
    return None
