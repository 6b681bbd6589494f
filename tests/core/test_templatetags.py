import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

MOMENT = datetime.datetime(2018, 1, 8, 6, 30, tzinfo=datetime.UTC)


def render(source, **context):
    return Template("{% load persian %}" + source).render(Context(context))


def test_date_filters_in_persian():
    assert render("{{ d|date_long }}", d=MOMENT.date()) == "دوشنبه ۱۸ دی ۱۳۹۶"
    assert render("{{ d|date_plain }}", d=MOMENT.date()) == "۱۸ دی ۱۳۹۶"
    assert render("{{ d|date_short }}", d=MOMENT.date()) == "۱۳۹۶/۱۰/۱۸"
    assert render("{{ m|datetime_long }}", m=MOMENT) == "دوشنبه ۱۸ دی ۱۳۹۶، ساعت ۱۰:۰۰"
    assert render("{{ m|datetime_short }}", m=MOMENT) == "۱۳۹۶/۱۰/۱۸ ۱۰:۰۰"
    assert render("{{ m|jalali_year }}", m=MOMENT) == "۱۳۹۶"


def test_date_filters_in_english():
    with translation.override("en"):
        assert render("{{ d|date_long }}", d=MOMENT.date()) == "Monday 8 January 2018"
        assert render("{{ m|datetime_short }}", m=MOMENT) == "2018-01-08 10:00"
        assert render("{{ m|jalali_year }}", m=MOMENT) == "2018"


def test_number_and_digits_filters():
    assert render("{{ n|number }}", n=1234567) == "۱٬۲۳۴٬۵۶۷"
    assert render("{{ n|number }}", n=Decimal("12.5")) == "۱۲٫۵"
    assert render("{{ n|digits }}", n="IR-23") == "IR-۲۳"
    with translation.override("en"):
        assert render("{{ n|number }}", n=1234567) == "1,234,567"
        assert render("{{ n|digits }}", n="IR-23") == "IR-23"


def test_filters_tolerate_missing_values():
    assert (
        render("{{ d|date_long }}|{{ n|number }}|{{ n|digits }}", d=None, n=None)
        == "||"
    )
    assert render("{{ n|number }}", n="not a number") == "not a number"
