"""Dates typed as people write them: understood, or refused with a message that says how to write them."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.core.dates import MONTH_NAMES, WEEKDAY_NAMES, InvalidDate, format_date, numeric_order, parse_date


@pytest.mark.parametrize("typed", [
    "10 July 2017", "July 10, 2017", "2017-07-10", "10 Jul 2017", "10 jul. 2017", "Jul 10 2017",
    "10th July 2017", "July 10th, 2017", "10th of July 2017", "10-Jul-2017", "  10   JULY  2017 ",
    "Monday, 10 July 2017", "Mon 10 Jul 2017", "2017/07/10", "2017-7-10", "2017.07.10",
])
def test_dates_as_people_write_them(typed):
    assert parse_date(typed) == "2017-07-10"


def test_figures_follow_the_locale_order():
    assert parse_date("10/07/2017", order="DMY") == "2017-07-10"
    assert parse_date("10.07.2017", order="DMY") == "2017-07-10"
    assert parse_date("07/10/2017", order="MDY") == "2017-07-10"
    assert parse_date("7/10/2017", order="MDY") == "2017-07-10"
    assert parse_date("2017/07/10", order="MDY") == "2017-07-10"  # a year first reads one way only
    assert parse_date("10-07-2017", order="DMY") == "2017-07-10"
    assert parse_date("10 07 2017", order="DMY") == "2017-07-10"
    assert parse_date("2017. 07. 10.", order="YMD") == "2017-07-10"  # as Hungarian writes it
    assert parse_date("10\u200f/7\u200f/2017", order="DMY") == "2017-07-10"  # with Arabic direction marks


def test_without_an_order_only_figures_that_read_one_way_are_taken():
    assert parse_date("25/12/2017") == "2017-12-25"
    assert parse_date("12/25/2017") == "2017-12-25"
    assert parse_date("07/07/2017") == "2017-07-07"
    with pytest.raises(InvalidDate, match="could be 10 July or 7 October.*YYYY-MM-DD"):
        parse_date("10/07/2017")


def test_blank_is_no_date():
    assert parse_date("") is None
    assert parse_date("   ") is None


@pytest.mark.parametrize(("typed", "order", "message"), [
    ("31 June 2017", None, "June 2017 has 30 days"),
    ("29/02/2017", "DMY", "February 2017 has 28 days"),
    ("2017-13-01", None, "there is no month 13"),
    ("07/25/2017", "DMY", "read day/month/year here, and there is no month 25"),
    ("10/07/17", "DMY", "write the year in full"),
    ("10 July 17", None, "write the year in full"),
    ("10 Jly 2017", None, "“Jly” is not a month"),
    ("Tuesday, 10 July 2017", None, "10 July 2017 was a Monday"),
    ("last Tuesday", None, "write it like 10 July 2017, July 10, 2017 or 2017-07-10"),
    ("0000-01-01", None, "there is no year 0"),
    ("2017-07-10T12:00", None, "is not a date"),
])
def test_a_date_that_is_not_one_says_why_and_how_to_write_it(typed, order, message):
    with pytest.raises(InvalidDate, match=message):
        parse_date(typed, order=order)


def test_the_locale_may_add_its_own_month_names():
    french = {"juillet": 7, "juil": 7}
    assert parse_date("10 juillet 2017", month_names=french) == "2017-07-10"
    assert parse_date("10 Juil. 2017", month_names=french) == "2017-07-10"
    with pytest.raises(InvalidDate):
        parse_date("10 juillet 2017")


@pytest.mark.parametrize(("pattern", "order"), [
    ("dd/MM/yyyy", "DMY"), ("M/d/yy", "MDY"), ("yyyy-MM-dd", "YMD"), ("dd.MM.yy", "DMY"), ("h:mm", None),
])
def test_the_order_of_a_qt_date_pattern(pattern, order):
    assert numeric_order(pattern) == order


def test_format_date_spells_the_month():
    assert format_date("2017-07-10") == "10 July 2017"


# ------------------------------------------------------------------ properties

DATES = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


def written(day: date, style: str) -> str:
    month = MONTH_NAMES[day.month - 1]
    return {
        "day month year": f"{day.day} {month} {day.year}",
        "month day, year": f"{month} {day.day}, {day.year}",
        "iso": day.isoformat(),
        "short month": f"{day.day} {month[:3]} {day.year}",
        "weekday": f"{WEEKDAY_NAMES[day.weekday()]}, {day.day} {month} {day.year}",
        "DMY": f"{day.day:02}/{day.month:02}/{day.year}",
        "MDY": f"{day.month}/{day.day}/{day.year}",
    }[style]


@given(DATES, st.sampled_from(["day month year", "month day, year", "iso", "short month", "weekday"]))
def test_every_date_written_in_words_or_iso_comes_back(day, style):
    assert parse_date(written(day, style)) == day.isoformat()
    assert parse_date(format_date(day.isoformat())) == day.isoformat()


@given(DATES, st.sampled_from(["DMY", "MDY"]))
def test_every_date_in_figures_comes_back_in_its_locale_order(day, order):
    assert parse_date(written(day, order), order=order) == day.isoformat()


@given(st.text(max_size=30), st.sampled_from([None, *["DMY", "MDY", "YMD"]]))
def test_anything_typed_is_a_date_or_refused_with_a_message(text, order):
    try:
        result = parse_date(text, order=order)
    except InvalidDate as error:
        assert str(error)
    else:
        assert result is None or date.fromisoformat(result)
