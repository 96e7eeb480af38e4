"""What the claims view across the library is asked to show: :class:`ClaimsFilter`, kept as JSON when saved.

Qt-free. A filter holds what the reviewer set (the query, each chooser, the date choice, the
sort); :meth:`ClaimsFilter.store_arguments` turns it into :meth:`Store.search_claims`'s
arguments for a given day, so that a relative choice stays relative: a filter saved as "this
week" means the week it is used in, not the week it was saved in.

Days are the reviewer's own (local time): "today" is from this midnight to the next one,
handed to the store as UTC time stamps (as claims' ``created_at`` and ``updated_at`` are
stored); a claim's own date (``claim_date``) is a day, compared as one.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, fields, replace

WHEN = {"any": "Any time", "today": "Today", "this_week": "This week", "this_month": "This month",
        "last_30_days": "Last 30 days", "range": "Between…"}
"""The date choices, and how the view words them."""
DATED = {"updated_at": "Updated", "created_at": "Created", "claim_date": "Claim date"}
"""The claim's dates the date choice may bound, and how the view words them."""
CHOOSERS = ("claimant", "verdict", "status", "reviewer", "outlet")
"""The exact-value filters (None: any value; "": none, e.g. an unrated claim's verdict)."""

_SORTS = ("article", "number", "quote", "claimant", "verdict", "status", "reviewer", "claim_date", "created_at",
          "updated_at", "outlet", "published")  # as core.search_query.CLAIM_SORTS (not imported: start-up)


@dataclass(frozen=True)
class ClaimsFilter:
    query: str = ""
    claimant: str | None = None
    verdict: str | None = None
    status: str | None = None
    reviewer: str | None = None
    outlet: str | None = None
    dated: str = "updated_at"
    when: str = "any"
    first_day: str | None = None
    """ISO day: the first of a "range" (included); None: no limit."""
    last_day: str | None = None
    """ISO day: the last of a "range" (included); None: no limit."""
    sort: str = "article"
    descending: bool = False

    def with_(self, **changes) -> ClaimsFilter:
        return replace(self, **changes)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data) -> ClaimsFilter:
        """A filter from what :meth:`to_json` gave; a value that cannot be one (an edited settings file) is left out."""
        if not isinstance(data, dict):
            return cls()
        kept = {}
        for f in fields(cls):
            value = data.get(f.name)
            if f.name == "descending":
                ok = isinstance(value, bool)
            elif f.name in ("dated", "when", "sort"):
                ok = value in {"dated": DATED, "when": WHEN, "sort": _SORTS}[f.name]
            elif f.name in ("first_day", "last_day"):
                ok = value is None or _is_day(value)
            elif f.name == "query":
                ok = isinstance(value, str)
            else:
                ok = value is None or isinstance(value, str)
            if f.name in data and ok:
                kept[f.name] = value
        return cls(**kept)

    def bounds(self, today: datetime.date, week_starts: int = 0) -> tuple[datetime.date | None, datetime.date | None]:
        """The days the date choice spans on ``today``: (first, after the last), None where open.

        ``week_starts`` is the weekday a week starts on in the reviewer's locale (0 Monday … 6 Sunday).
        """
        one = datetime.timedelta(days=1)
        if self.when == "today":
            return today, today + one
        if self.when == "this_week":
            start = today - datetime.timedelta(days=(today.weekday() - week_starts) % 7)
            return start, start + 7 * one
        if self.when == "this_month":
            start = today.replace(day=1)
            return start, (start + 32 * one).replace(day=1)
        if self.when == "last_30_days":
            return today - 29 * one, today + one
        if self.when == "range":
            first = datetime.date.fromisoformat(self.first_day) if self.first_day else None
            last = datetime.date.fromisoformat(self.last_day) if self.last_day else None
            return first, (last + one if last else None)
        return None, None

    def store_arguments(self, today: datetime.date, week_starts: int = 0) -> dict:
        """``search_claims``/``count_claims`` keyword arguments (sort aside) for this filter on ``today``."""
        arguments: dict = {key: getattr(self, key) for key in CHOOSERS if getattr(self, key) is not None}
        first, after = self.bounds(today, week_starts)
        if first is not None or after is not None:
            arguments["dated"] = self.dated
            if first is not None:
                arguments["since"] = _bound(first, self.dated)
            if after is not None:
                arguments["until"] = _bound(after, self.dated)
        return arguments


def _bound(day: datetime.date, dated: str) -> str:
    """The local day's first moment as the store compares ``dated``: a UTC time stamp, or the day itself."""
    if dated == "claim_date":
        return day.isoformat()
    local = datetime.datetime.combine(day, datetime.time()).astimezone()  # midnight here, whatever the offset
    return local.astimezone(datetime.UTC).isoformat(timespec="seconds")


def _is_day(value) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and len(value) == 10
