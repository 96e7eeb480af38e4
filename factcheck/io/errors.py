"""The errors importers raise: input they refuse, and a reading the user cancelled."""

from collections.abc import Callable


class BadInput(ValueError):
    """Input that cannot be imported. ``str()`` names the file and the reason, for the user."""


class ImportCancelled(Exception):
    """The user cancelled while a file was being read: nothing of that file is imported.

    Not a :class:`BadInput`: the file is not at fault, and it is not listed as a failure.
    """


def stop_if_cancelled(cancelled: Callable[[], bool] | None) -> None:
    """Raise :class:`ImportCancelled` if ``cancelled()`` says so (readers ask it every so often)."""
    if cancelled is not None and cancelled():
        raise ImportCancelled
