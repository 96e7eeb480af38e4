"""Writing exported files safely, and saying what a path names when it is not a file."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotAFileError(OSError):
    """The path names something other than a regular file: nothing was written to it.

    Its ``strerror`` says what the path is, for "cannot write PATH: …" messages.
    """


def what_it_is(mode: int) -> str:
    """What an ``os.lstat`` mode names, for a message: "a file", "a named pipe", "a device"…"""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a link that leads round in a circle"  # what is left of a link after following it
    return "not a regular file"


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it into place.

    A crash or a full disk leaves the old file as it was, never half a new one.
    Text is written as UTF-8 exactly as given (no newline translation).

    A symbolic link stays a link: the file it leads to is replaced, the same way,
    from a temporary file in that file's folder (a dangling link creates its target
    when the target's folder exists). Any other path that is not a regular file (a
    named pipe, a device, a folder) is refused with :class:`NotAFileError` before
    anything is written: renaming over ``/dev/null`` would replace the system's node.
    """
    target = _file_to_replace(Path(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    # A name nobody can have planted, created afresh (O_EXCL never opens an existing file or link).
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _file_to_replace(path: Path) -> Path:
    """``path``, or the file its symbolic link leads to; raises :class:`NotAFileError` for anything else."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        if target != path and not target.parent.is_dir():
            raise NotAFileError(errno.ENOENT, f"it is a link to {target}, in a folder that does not exist: "
                                              "nothing was written", str(path)) from None
        return target  # a new file: its folder's absence, if so, is reported by the write
    if not stat.S_ISREG(mode):
        raise NotAFileError(errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL,
                            f"it is {what_it_is(mode)}, not a file: nothing was written", str(path))
    return target
