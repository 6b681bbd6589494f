"""Jalali (Solar Hijri) dates: display, parsing and year boundaries.

Dates are stored as ordinary ``date`` / aware ``datetime`` values; this module
turns them into what a reader expects: ``دوشنبه ۱۸ دی ۱۳۹۶`` in Persian,
``Monday 8 January 2018`` in English.
"""

import datetime
import functools
import re

import jdatetime
from django.utils import dateformat, timezone, translation
from django.utils.translation import get_language, pgettext

from core.l10n import is_persian, localize_digits, to_ascii_digits, to_persian_digits

MONTHS_FA = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# Saturday first, as the Iranian week starts.
WEEKDAYS_FA = (
    "شنبه",
    "یکشنبه",
    "دوشنبه",
    "سه‌شنبه",
    "چهارشنبه",
    "پنجشنبه",
    "جمعه",
)

# Years below this are read as Jalali, above as Gregorian: the two calendars
# are about 621 years apart, so no real date is ambiguous.
GREGORIAN_YEAR_THRESHOLD = 1700

_DATE_INPUT = re.compile(r"^\s*(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$")


def _as_date(value) -> datetime.date:
    """A date from a date or datetime; aware datetimes are read in Tehran."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def weekday_fa(value: datetime.date) -> str:
    # Python counts Monday as 0; the Persian week starts on Saturday.
    return WEEKDAYS_FA[(value.weekday() + 2) % 7]


def to_jalali(value) -> jdatetime.date:
    return _jalali(_as_date(value))


# The same few thousand days are converted on every page (the meetings
# list reads the year of each of 700 days); jdatetime looks up the process's
# locale on every conversion.
@functools.lru_cache(maxsize=4096)
def _jalali(day: datetime.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=day)


def jalali_year(value) -> int:
    return to_jalali(value).year


def format_date(value, *, weekday: bool = True, language: str | None = None) -> str:
    """A long date: ``دوشنبه ۱۸ دی ۱۳۹۶`` / ``Monday 8 January 2018``."""
    if value in (None, ""):
        return ""
    day = _as_date(value)
    if is_persian(language):
        j = to_jalali(day)
        text = f"{j.day} {MONTHS_FA[j.month - 1]} {j.year}"
        if weekday:
            text = f"{weekday_fa(day)} {text}"
        return to_persian_digits(text)
    with translation.override(language or get_language()):
        return dateformat.format(day, "l j F Y" if weekday else "j F Y")


def format_short_date(value, *, language: str | None = None) -> str:
    """A compact date: ``۱۳۹۶/۱۰/۱۸`` / ``2018-01-08``."""
    if value in (None, ""):
        return ""
    day = _as_date(value)
    if is_persian(language):
        j = to_jalali(day)
        return to_persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")
    return day.isoformat()


def format_datetime(value, *, weekday: bool = True, language: str | None = None) -> str:
    """Date and time in Tehran: ``دوشنبه ۱۸ دی ۱۳۹۶، ساعت ۱۰:۰۰``."""
    if value in (None, ""):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    with translation.override(language or get_language()):
        # Translators: a date, then a time of day; in Persian "ساعت" before the time.
        template = pgettext("date and time", "%(date)s, %(time)s")
    return template % {
        "date": format_date(local, weekday=weekday, language=language),
        "time": localize_digits(f"{local:%H:%M}", language),
    }


def format_short_datetime(value, *, language: str | None = None) -> str:
    """``۱۳۹۶/۱۰/۱۸ ۱۰:۰۰`` / ``2018-01-08 10:00``, in Tehran time."""
    if value in (None, ""):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{format_short_date(local, language=language)} {local:%H:%M}"
    return to_persian_digits(text) if is_persian(language) else text


def parse_date(text: str) -> datetime.date:
    """Read a date typed as year/month/day, Jalali or Gregorian.

    Accepts ``1396/10/18``, ``۱۳۹۶/۱۰/۱۸``, ``١٣٩٦/١٠/١٨``, ``1396-10-18`` and
    ``2018-01-08``. Raises :class:`InvalidDate` with a ``code`` saying what is
    wrong: ``format`` (not a date at all) or ``impossible`` (no such day, for
    example 1400/12/30) or ``short_year`` (the year not in four digits: 95/02/31
    would be the Jalali year 95, 716 AD), with the parts found.
    """
    match = _DATE_INPUT.match(to_ascii_digits(text or ""))
    if not match:
        raise InvalidDate("format")
    year, month, day = (int(part) for part in match.groups())
    if len(match.group(1)) < 4 or year < 1000:
        raise InvalidDate("short_year", year=year, month=month, day=day)
    try:
        if year < GREGORIAN_YEAR_THRESHOLD:
            return jdatetime.date(year, month, day).togregorian()
        return datetime.date(year, month, day)
    except ValueError:
        raise InvalidDate("impossible", year=year, month=month, day=day) from None


class InvalidDate(ValueError):
    def __init__(self, code: str, **parts):
        super().__init__(code)
        self.code = code
        self.parts = parts


def month_length(year: int, month: int) -> int:
    """Days in a Jalali month (Esfand has 30 in leap years, 29 otherwise)."""
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """Gregorian dates of 1 Farvardin of ``year`` and of ``year + 1``.

    A Jalali year is the half-open interval [start, end).
    """
    return (
        jdatetime.date(year, 1, 1).togregorian(),
        jdatetime.date(year + 1, 1, 1).togregorian(),
    )


def year_datetime_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """Like :func:`year_bounds`, as aware datetimes at midnight in Tehran."""
    tz = timezone.get_default_timezone()
    start, end = year_bounds(year)
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=tz),
    )


def today_jalali() -> jdatetime.date:
    return to_jalali(timezone.localdate())
