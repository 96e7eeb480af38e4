"""Reading the window's preferences without Qt, for the command line.

QSettings writes its INI files with a few conventions of its own: a string
that holds a comma or other special characters is double-quoted with
backslash escapes, and one that starts with ``@`` is written as ``@@``. This
reader undoes exactly those; anything it cannot read counts as unset.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def _unquote(raw: str) -> str:
    value = raw
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    out, chars = [], iter(value)
    for ch in chars:
        out.append(next(chars, "") if ch == "\\" else ch)
    text = "".join(out)
    return text[1:] if text.startswith("@@") else text


def read_preferences(path: Path) -> dict[str, str]:
    """The ``[preferences]`` group of a settings file as plain strings ({} if unreadable)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        log.info("no preferences read from %s: %s", path, error)
        return {}
    values, section = {}, None
    for line in lines:
        if line.startswith("[") and line.rstrip().endswith("]"):
            section = line.strip()[1:-1]
        elif section == "preferences" and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = _unquote(value)
    return values
