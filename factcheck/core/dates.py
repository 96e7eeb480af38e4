"""Dates as reviewers type them, understood and kept as ISO 8601 text.

People write "10 July 2017", "July 10, 2017", "10 Jul 2017", "Monday, 10 July
2017", "2017-07-10" or "10/07/2017". The last is read in the order the user's
locale writes dates in figures (day/month/year, month/day/year or
year/month/day), which the window reads from Qt and hands in as ``order``;
without an order such a date is refused as ambiguous rather than guessed.
Years are written in full: "10/07/17" is refused, not read as 2017 or 1917.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

ORDERS = ("DMY", "MDY", "YMD")
"""How a locale writes a date in figures: day/month/year, month/day/year, year/month/day."""

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)}
_MONTHS.update({name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, 1)})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): n for n, name in enumerate(WEEKDAY_NAMES)}
_WEEKDAYS.update({name[:3].lower(): n for n, name in enumerate(WEEKDAY_NAMES)})
_WEEKDAYS.update({"tues": 1, "wednes": 2, "thur": 3, "thurs": 3})

EXAMPLES = "10 July 2017, July 10, 2017 or 2017-07-10"

# Patterns, compiled (and cached by ``re``) when a date is first read: a window starts without reading one.
_ISO = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_SEPARATOR = r"(?:\s*[/.\-]\s*|\s+)"
_FIGURES = rf"(\d+){_SEPARATOR}(\d+){_SEPARATOR}(\d+)\.?"  # 10/07/2017, 10.07.2017, 2017. 07. 10.
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))  # as Arabic locales write dates in figures
_WORD = r"[^\W\d_]+"
_DAY = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"
_IN_WORDS = (
    rf"(?:(?P<weekday>{_WORD})\.?,?\s+)?"
    rf"(?:{_DAY.format('day')}[\s\-/.]+(?:of\s+)?(?P<month>{_WORD})\.?"
    rf"|(?P<month_first>{_WORD})\.?[\s\-/]*{_DAY.format('day_second')})"
    r"[\s,\-/.]+(?P<year>\d+)")


class InvalidDate(ValueError):
    pass


def parse_date(text: str, order: str | None = None, month_names: Mapping[str, int] | None = None) -> str | None:
    """The date ``text`` names, as ``YYYY-MM-DD``; blank → None; anything else → :class:`InvalidDate`.

    ``order`` (one of :data:`ORDERS`) is how the user's locale writes a date in
    figures; ``month_names`` adds the locale's own month names (to their
    number, in any case) to the English ones.
    """
    shown = " ".join(text.translate(_DIRECTION_MARKS).split())
    if not shown:
        return None
    typed = shown.casefold()
    if m := re.fullmatch(_ISO, typed):
        return _make(shown, int(m[1]), int(m[2]), int(m[3]), m[1])
    if m := re.fullmatch(_FIGURES, typed):
        return _from_figures(shown, m[1], m[2], m[3], order)
    if m := re.fullmatch(_IN_WORDS, typed):
        extra = {name.casefold().rstrip("."): n for name, n in (month_names or {}).items()}
        return _from_words(shown, m, extra)
    raise InvalidDate(f"“{shown}” is not a date: write it like {EXAMPLES}.")


def numeric_order(pattern: str) -> str | None:
    """The order of a Qt date pattern such as ``dd/MM/yyyy`` or ``M/d/yy``: "DMY", "MDY", "YMD" or None."""
    positions = {part: pattern.find(letter) for part, letter in (("D", "d"), ("M", "M"), ("Y", "y"))}
    if min(positions.values()) < 0:
        return None
    found = "".join(sorted(positions, key=positions.get))
    return found if found in ORDERS else None


def format_date(iso: str) -> str:
    """``2017-07-10`` → ``10 July 2017``, the way the desk shows a date it understood."""
    day = date.fromisoformat(iso)
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year:04}"


def _from_figures(shown: str, first: str, second: str, third: str, order: str | None) -> str:
    if len(first) == 4:  # 2017/07/10 reads one way only
        return _make(shown, int(first), int(second), int(third), first)
    if len(third) != 4:
        raise InvalidDate(f"“{shown}”: write the year in full, like {EXAMPLES}.")
    a, b, year = int(first), int(second), int(third)
    if order not in ("DMY", "MDY"):  # no order known: only a date that reads one way is taken
        readings = sorted({(d, m) for d, m in ((a, b), (b, a)) if _exists(year, m, d)})
        if len(readings) == 1:
            (day, month), = readings
            return _make(shown, year, month, day, third)
        if not readings:
            raise InvalidDate(f"“{shown}” is not a date: write it like {EXAMPLES}.")
        raise InvalidDate(
            f"“{shown}” could be {a} {MONTH_NAMES[b - 1]} or {b} {MONTH_NAMES[a - 1]}: write the month "
            f"as a word (e.g. {a} {MONTH_NAMES[b - 1]} {year}) or the date as YYYY-MM-DD.")
    day, month = (a, b) if order == "DMY" else (b, a)
    if not 1 <= month <= 12:
        read = "day/month/year" if order == "DMY" else "month/day/year"
        raise InvalidDate(f"“{shown}” is not a date: dates in figures are read {read} here, "
                          f"and there is no month {month}. Write the month as a word, like {EXAMPLES}.")
    return _make(shown, year, month, day, third)


def _from_words(shown: str, m: re.Match, extra_months: Mapping[str, int]) -> str:
    word = m["month"] or m["month_first"]
    month = _MONTHS.get(word) or extra_months.get(word)
    if month is None:
        typed = re.search(re.escape(word), shown, re.IGNORECASE)
        raise InvalidDate(f"“{shown}” is not a date: “{typed[0] if typed else word}” is not a month "
                          f"this desk knows. Write it like {EXAMPLES}.")
    if len(m["year"]) != 4:
        raise InvalidDate(f"“{shown}”: write the year in full, like {EXAMPLES}.")
    result = _make(shown, int(m["year"]), month, int(m["day"] or m["day_second"]), m["year"])
    if m["weekday"] is not None:
        weekday = _WEEKDAYS.get(m["weekday"])
        actual = date.fromisoformat(result).weekday()
        if weekday is None:
            raise InvalidDate(f"“{shown}” is not a date: write it like {EXAMPLES}.")
        if weekday != actual:
            raise InvalidDate(f"“{shown}” is not a date: {format_date(result)} was a {WEEKDAY_NAMES[actual]}.")
    return result


def days_in_month(year: int, month: int) -> int:
    """How many days ``month`` (1-12) of ``year`` has (what ``calendar.monthrange`` says, without loading it)."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _make(shown: str, year: int, month: int, day: int, year_text: str) -> str:
    if len(year_text) != 4:
        raise InvalidDate(f"“{shown}”: write the year in full, like {EXAMPLES}.")
    if year < 1:
        raise InvalidDate(f"“{shown}” is not a date: there is no year 0. Write it like {EXAMPLES}.")
    if not 1 <= month <= 12:
        raise InvalidDate(f"“{shown}” is not a date: there is no month {month}. Write it like {EXAMPLES}.")
    days = days_in_month(year, month)
    if not 1 <= day <= days:
        raise InvalidDate(f"“{shown}” is not a date: {MONTH_NAMES[month - 1]} {year} has {days} days.")
    return date(year, month, day).isoformat()


def _exists(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= days_in_month(year, month)
