import datetime
import zoneinfo

import pytest
from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.forms import JalaliDateField, JalaliSplitDateTimeField
from core.jalali import format_short_date

SEED_DAY = datetime.date(2018, 1, 8)


class DateForm(forms.Form):
    day = JalaliDateField()
    note = forms.CharField()


class MomentForm(forms.Form):
    moment = JalaliSplitDateTimeField()


@pytest.mark.parametrize(
    "typed", ["1396/10/18", "۱۳۹۶/۱۰/۱۸", "١٣٩٦/١٠/١٨", "1396-10-18", "2018-01-08"]
)
def test_date_field_accepts_every_spelling(typed):
    form = DateForm(data={"day": typed, "note": "x"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == SEED_DAY


def test_date_field_accepts_leap_day_of_1399():
    form = DateForm(data={"day": "1399/12/30", "note": "x"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2021, 3, 20)


def test_impossible_day_gets_a_persian_message_that_says_why():
    form = DateForm(data={"day": "1400/12/30", "note": "x"})
    assert not form.is_valid()
    assert form.errors["day"] == [
        "۱۴۰۰/۱۲/۳۰ وجود ندارد: ماه ۱۲ سال ۱۴۰۰، ۲۹ روز دارد."
    ]
    assert form.errors.as_data()["day"][0].code == "no_such_day"


def test_impossible_month_has_its_own_message():
    form = DateForm(data={"day": "1396/13/01", "note": "x"})
    assert not form.is_valid()
    assert form.errors.as_data()["day"][0].code == "no_such_month"
    assert "۱۳" in form.errors["day"][0]


def test_impossible_day_in_english():
    with translation.override("en"):
        form = DateForm(data={"day": "1400/12/30", "note": "x"})
        assert not form.is_valid()
        assert form.errors["day"] == [
            "1400/12/30 does not exist: month 12 of 1400 has 29 days."
        ]


def test_garbage_gets_an_example_of_the_format():
    form = DateForm(data={"day": "next week", "note": "x"})
    assert not form.is_valid()
    assert form.errors.as_data()["day"][0].code == "invalid"
    assert "۱۳۹۶/۱۰/۱۸" in form.errors["day"][0]


def test_a_two_digit_year_is_refused_with_a_message_to_write_four_digits():
    form = DateForm(data={"day": "95/02/31", "note": "x"})
    assert not form.is_valid()
    error = form.errors.as_data()["day"][0]
    assert error.code == "short_year"
    assert form.errors["day"] == [
        str(_("Write the year in four digits, for example %(example)s."))
        % {"example": "۱۳۹۶/۱۰/۱۸"}
    ]
    assert 'value="95/02/31"' in str(form["day"])


def test_a_two_digit_year_in_english_gets_a_gregorian_example():
    with translation.override("en"):
        form = DateForm(data={"day": "18-01-08", "note": "x"})
        assert not form.is_valid()
        assert form.errors["day"] == [
            "Write the year in four digits, for example 2018-01-08."
        ]


class PastDateForm(forms.Form):
    day = JalaliDateField(allow_future=False)


def test_a_date_field_that_refuses_the_future_takes_today():
    today = timezone.localdate()
    form = PastDateForm(data={"day": format_short_date(today)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == today


def test_a_date_field_that_refuses_the_future_says_so():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = PastDateForm(data={"day": format_short_date(tomorrow)})
    assert not form.is_valid()
    assert form.errors.as_data()["day"][0].code == "future"
    assert form.errors["day"] == [
        str(_("%(value)s is in the future: enter a day up to today, %(today)s."))
        % {
            "value": format_short_date(tomorrow),
            "today": format_short_date(timezone.localdate()),
        }
    ]


def test_a_date_field_takes_the_future_unless_told_otherwise():
    form = DateForm(data={"day": "1500/01/01", "note": "x"})
    assert form.is_valid(), form.errors


def test_what_the_user_typed_is_kept_when_the_form_has_errors():
    form = DateForm(data={"day": "1400/12/30", "note": ""})
    assert not form.is_valid()
    html = str(form["day"])
    assert 'value="1400/12/30"' in html


def test_initial_date_is_shown_jalali_in_persian_and_gregorian_in_english():
    form = DateForm(initial={"day": SEED_DAY})
    assert 'value="۱۳۹۶/۱۰/۱۸"' in str(form["day"])
    with translation.override("en"):
        assert 'value="2018-01-08"' in str(DateForm(initial={"day": SEED_DAY})["day"])


def test_date_input_reads_left_to_right():
    html = str(DateForm()["day"])
    assert 'dir="ltr"' in html
    assert "placeholder=" in html


def test_an_empty_date_box_hints_at_the_format_not_at_a_date():
    """A date in the placeholder looked like a value already filled in."""
    html = str(DateForm()["day"])
    assert 'placeholder="سال/ماه/روز"' in html
    today = format_short_date(timezone.localdate())
    assert today not in html
    assert not any(digit in html for digit in "۰۱۲۳۴۵۶۷۸۹")
    with translation.override("en"):
        english = str(DateForm()["day"])
    assert 'placeholder="YYYY-MM-DD"' in english
    assert timezone.localdate().isoformat() not in english


def test_round_trip_of_the_rendered_value():
    rendered = DateForm(initial={"day": SEED_DAY})["day"].value()
    shown = DateForm.base_fields["day"].widget.format_value(rendered)
    form = DateForm(data={"day": shown, "note": "x"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == SEED_DAY


def test_split_datetime_combines_jalali_date_and_tehran_time():
    form = MomentForm(data={"moment_0": "۱۳۹۶/۱۰/۱۸", "moment_1": "۱۰:۰۰"})
    assert form.is_valid(), form.errors
    expected = datetime.datetime(
        2018, 1, 8, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Tehran")
    )
    assert form.cleaned_data["moment"] == expected


def test_split_datetime_shows_stored_value_in_tehran_time():
    moment = datetime.datetime(2018, 1, 8, 6, 30, tzinfo=datetime.UTC)
    html = str(MomentForm(initial={"moment": moment})["moment"])
    assert 'value="۱۳۹۶/۱۰/۱۸"' in html
    assert 'value="10:00"' in html
    assert 'aria-label="تاریخ"' in html
    assert 'aria-label="ساعت"' in html


def test_split_datetime_refuses_a_bad_time():
    form = MomentForm(data={"moment_0": "1396/10/18", "moment_1": "25:99"})
    assert not form.is_valid()
    assert form.errors["moment"]
