"""The person at the keyboard, as the operating system knows them: a suggestion, never a default.

Reports and the history name reviewers as they chose to be named (Preferences ▸ Your
name); a login name such as ``root`` is never used unless the user types it. This
module only offers the account's *full* name to pre-fill the question on first launch.
"""

from __future__ import annotations

import os
import sys


def account_full_name() -> str:
    """The account's full name ("Dana Reyes"), or "" when the system has none."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_display_name()
    try:
        import pwd

        gecos = pwd.getpwuid(os.getuid()).pw_gecos
    except (ImportError, KeyError, OSError):
        return ""
    name = gecos.split(",")[0].strip()  # "Full Name,Room,Work phone,Home phone,Other"
    return "" if name.casefold() in {"", "root", "admin", "administrator", "user"} else name


def _windows_display_name() -> str:  # pragma: no cover - Windows only
    import ctypes

    name_display = 3
    size = ctypes.c_ulong(0)
    secur32 = ctypes.windll.secur32
    secur32.GetUserNameExW(name_display, None, ctypes.byref(size))
    buffer = ctypes.create_unicode_buffer(size.value or 1)
    if not secur32.GetUserNameExW(name_display, buffer, ctypes.byref(size)):
        return ""
    return buffer.value.strip()
