"""Text a command prints, made safe for a terminal.

Article titles, outlets, server messages and file names come from other people: an ESC
sequence in one could clear the screen, retitle the window or fake what follows, and a
line break in a title would fake extra rows in ``factcheck list``. Everything the command
line prints as a message or a listing goes through :func:`printable`; exported data
(``export`` to standard output) is written as it is.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 control characters (ESC, CSI, BEL…), DEL, and the bidirectional overrides that
reorder what a terminal shows. Tab and line feed are handled apart."""

_BREAKS = re.compile("[\t\n\r\u2028\u2029]+")


def printable(text: object, *, one_line: bool = False) -> str:
    """``text`` with every control character shown as ``\\xNN`` (``\\uNNNN``) instead of acting.

    ``one_line`` also turns tabs and line breaks into a space: for a field of a
    tab-separated listing, where they would fake columns or rows.
    """
    text = str(text)
    if one_line:
        text = _BREAKS.sub(" ", text)
    return _CONTROL.sub(_shown, text)


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
