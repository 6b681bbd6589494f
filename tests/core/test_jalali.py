import datetime
import zoneinfo

import pytest
from django.utils import translation

from core import jalali

SEED_DAY = datetime.date(2018, 1, 8)  # 1396/10/18, a Monday
TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


def test_seed_meeting_day_in_persian():
    assert jalali.format_date(SEED_DAY, language="fa") == "دوشنبه ۱۸ دی ۱۳۹۶"


def test_seed_meeting_day_in_english_is_gregorian():
    with translation.override("en"):
        assert jalali.format_date(SEED_DAY) == "Monday 8 January 2018"


def test_explicit_english_works_while_persian_is_active():
    with translation.override("fa"):
        assert jalali.format_date(SEED_DAY, language="en") == "Monday 8 January 2018"


def test_date_without_weekday():
    assert jalali.format_date(SEED_DAY, weekday=False, language="fa") == "۱۸ دی ۱۳۹۶"


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (datetime.date(2018, 1, 6), "شنبه"),
        (datetime.date(2018, 1, 7), "یکشنبه"),
        (datetime.date(2018, 1, 8), "دوشنبه"),
        (datetime.date(2018, 1, 9), "سه‌شنبه"),
        (datetime.date(2018, 1, 10), "چهارشنبه"),
        (datetime.date(2018, 1, 11), "پنجشنبه"),
        (datetime.date(2018, 1, 12), "جمعه"),
    ],
)
def test_weekday_names_start_on_saturday(day, weekday):
    assert jalali.weekday_fa(day) == weekday


@pytest.mark.parametrize(
    ("month", "name"),
    [(1, "فروردین"), (6, "شهریور"), (7, "مهر"), (10, "دی"), (12, "اسفند")],
)
def test_month_names(month, name):
    day = jalali.parse_date(f"1403/{month:02d}/01")
    assert name in jalali.format_date(day, language="fa")


def test_short_date():
    assert jalali.format_short_date(SEED_DAY, language="fa") == "۱۳۹۶/۱۰/۱۸"
    assert jalali.format_short_date(SEED_DAY, language="en") == "2018-01-08"


def test_datetime_is_shown_in_tehran_time():
    # 06:30 UTC is 10:00 in Tehran (UTC+03:30).
    moment = datetime.datetime(2018, 1, 8, 6, 30, tzinfo=datetime.UTC)
    assert (
        jalali.format_datetime(moment, language="fa") == "دوشنبه ۱۸ دی ۱۳۹۶، ساعت ۱۰:۰۰"
    )
    with translation.override("en"):
        assert jalali.format_datetime(moment) == "Monday 8 January 2018, 10:00"
    assert jalali.format_short_datetime(moment, language="fa") == "۱۳۹۶/۱۰/۱۸ ۱۰:۰۰"


def test_late_utc_evening_is_next_day_in_tehran():
    # 21:00 UTC on 7 January is 00:30 on 8 January in Tehran.
    moment = datetime.datetime(2018, 1, 7, 21, 0, tzinfo=datetime.UTC)
    assert jalali.format_short_date(moment, language="fa") == "۱۳۹۶/۱۰/۱۸"


def test_tehran_has_no_daylight_saving_since_2022():
    summer = datetime.datetime(2024, 7, 1, 12, 0, tzinfo=TEHRAN)
    assert summer.utcoffset() == datetime.timedelta(hours=3, minutes=30)


@pytest.mark.parametrize(
    "text",
    [
        "1396/10/18",
        "۱۳۹۶/۱۰/۱۸",
        "١٣٩٦/١٠/١٨",
        "1396-10-18",
        " 1396 / 10 / 18 ",
        "2018-01-08",
    ],
)
def test_parse_date_accepts_every_spelling(text):
    assert jalali.parse_date(text) == SEED_DAY


def test_parse_date_leap_years():
    assert jalali.parse_date("1399/12/30") == datetime.date(2021, 3, 20)
    assert jalali.parse_date("1403/12/30") == datetime.date(2025, 3, 20)
    with pytest.raises(jalali.InvalidDate) as error:
        jalali.parse_date("1400/12/30")
    assert error.value.code == "impossible"
    assert error.value.parts == {"year": 1400, "month": 12, "day": 30}


@pytest.mark.parametrize(
    "text", ["1396/13/01", "1396/07/31", "2018-02-30", "1396/00/10"]
)
def test_parse_date_refuses_impossible_days(text):
    with pytest.raises(jalali.InvalidDate) as error:
        jalali.parse_date(text)
    assert error.value.code == "impossible"


@pytest.mark.parametrize(
    "text", ["95/02/31", "۹۵/۰۲/۳۱", "395/02/31", "0095/02/31", "18-01-08", "1/1/1"]
)
def test_parse_date_refuses_a_year_not_written_in_four_digits(text):
    # 95/02/31 was read as the Jalali year 95, stored as 716 AD.
    with pytest.raises(jalali.InvalidDate) as error:
        jalali.parse_date(text)
    assert error.value.code == "short_year"


@pytest.mark.parametrize(
    "text", ["", "tomorrow", "1396/10", "1396/10/18/1", "۱۳۹۶ دی ۱۸"]
)
def test_parse_date_refuses_non_dates(text):
    with pytest.raises(jalali.InvalidDate) as error:
        jalali.parse_date(text)
    assert error.value.code == "format"


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [
        (1403, 1, 31),
        (1403, 6, 31),
        (1403, 7, 30),
        (1403, 11, 30),
        (1403, 12, 30),
        (1400, 12, 29),
        (1399, 12, 30),
    ],
)
def test_month_length(year, month, days):
    assert jalali.month_length(year, month) == days


def test_year_bounds_are_nowruz_to_nowruz():
    assert jalali.year_bounds(1396) == (
        datetime.date(2017, 3, 21),
        datetime.date(2018, 3, 21),
    )
    start, end = jalali.year_datetime_bounds(1397)
    assert start == datetime.datetime(2018, 3, 21, tzinfo=TEHRAN)
    assert end == datetime.datetime(2019, 3, 21, tzinfo=TEHRAN)


def test_last_day_of_a_year_and_first_of_the_next():
    last = jalali.parse_date("1396/12/29")
    first = jalali.parse_date("1397/01/01")
    assert jalali.jalali_year(last) == 1396
    assert jalali.jalali_year(first) == 1397
    start, end = jalali.year_bounds(1396)
    assert start <= last < end <= first


def test_empty_values_format_as_empty():
    assert jalali.format_date(None) == ""
    assert jalali.format_short_date(None) == ""
    assert jalali.format_datetime(None) == ""
