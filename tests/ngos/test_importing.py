import datetime

import pytest
from django.utils import timezone

from core.jalali import format_short_date
from ngos import importing
from tests.factories import valid_legal_id

pytestmark = pytest.mark.django_db


def row(**values):
    return {
        "name": "انجمن یاری",
        "national_id": valid_legal_id(7),
        "province": "IR-08",
        "city": "کرمان",
        **values,
    }


def test_a_row_registered_today_is_accepted():
    today = timezone.localdate()
    (report,) = importing.check_rows([row(registration_date=today.isoformat())])
    assert report.errors == []
    assert report.cleaned["registration_date"] == today


def test_a_row_registered_in_the_future_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    (report,) = importing.check_rows(
        [row(registration_date=format_short_date(tomorrow))]
    )
    assert report.cleaned is None
    assert len(report.errors) == 1
    assert format_short_date(tomorrow) in report.errors[0]


@pytest.mark.parametrize("typed", ["95/02/31", "۹۵/۰۲/۳۱"])
def test_a_row_with_a_two_digit_year_is_refused(typed):
    (report,) = importing.check_rows([row(registration_date=typed)])
    assert report.cleaned is None
    assert len(report.errors) == 1
