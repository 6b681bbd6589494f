import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

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


def test_an_xlsx_that_lies_about_its_unpacked_size_is_refused_before_reading():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.proposals.files import lying_ratio_bomb_xlsx

    uploaded = SimpleUploadedFile("list.xlsx", lying_ratio_bomb_xlsx())
    with pytest.raises(importing.ImportFileError) as error:
        importing.read_rows(uploaded)
    assert str(error.value) == str(
        _("The file unpacks to far more than its size; it is refused.")
    )


def test_a_real_xlsx_is_still_read():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["نام", "شناسه ملی", "استان", "شهر"])
    workbook.active.append(["انجمن یاری", valid_legal_id(7), "IR-08", "کرمان"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = importing.read_rows(SimpleUploadedFile("list.xlsx", buffer.getvalue()))
    assert rows == [
        {
            "name": "انجمن یاری",
            "national_id": valid_legal_id(7),
            "province": "IR-08",
            "city": "کرمان",
        }
    ]
