"""The time stamps a library stores: UTC, to the second, in ISO 8601 (``2026-12-02T04:50:05+00:00``)."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
