"""Dates as reviewers type them, checked and kept as ISO 8601 text."""

from __future__ import annotations

from datetime import date


class InvalidDate(ValueError):
    pass


def parse_date(text: str) -> str | None:
    """``YYYY-MM-DD`` → the same text; blank → None; anything else → :class:`InvalidDate`."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _fail(text)
    except ValueError as error:
        raise InvalidDate(f"“{text}” is not a date: write it as YYYY-MM-DD, e.g. 2017-07-09.") from error


def _fail(text: str) -> str:
    raise ValueError(text)
