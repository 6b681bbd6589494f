import datetime
from decimal import Decimal

import pytest
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


# Text in another language than the page's -----------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("تهران", "fa"),
        ("Tehran", "en"),
        ("انجمن Omid خیریه", "fa"),  # mostly Persian
        ("NGO of تهران in Iran", "en"),  # mostly Latin
        ("1405-00042", None),
        ("۱۴۰۵", None),
        ("", None),
        (None, None),
    ],
)
def test_text_language(text, language):
    from core.l10n import text_language

    assert text_language(text) == language


def test_lang_attrs_mark_text_in_the_other_language():
    from django.template import Context, Template
    from django.utils import translation

    template = Template(
        "{% load persian %}<p{{ text|lang_attrs }}>{{ text }}</p>"
        '<bdi{{ text|lang_attrs:"bdi" }}>{{ text }}</bdi>|{{ text|in_language }}'
    )

    def render(text, language):
        with translation.override(language):
            return template.render(Context({"text": text}))

    assert render("تهران", "en") == (
        '<p lang="fa" dir="rtl">تهران</p><bdi lang="fa" dir="rtl">تهران</bdi>'
        '|<span lang="fa" dir="rtl">تهران</span>'
    )
    assert render("Tehran", "fa") == (
        '<p lang="en" dir="ltr">Tehran</p><bdi lang="en" dir="ltr">Tehran</bdi>'
        '|<span lang="en" dir="ltr">Tehran</span>'
    )
    # In the page's own language: isolated, nothing more.
    assert render("تهران", "fa") == (
        '<p dir="auto">تهران</p><bdi>تهران</bdi>|<bdi>تهران</bdi>'
    )
    assert render("<b>", "en") == (
        '<p dir="auto">&lt;b&gt;</p><bdi>&lt;b&gt;</bdi>|<bdi>&lt;b&gt;</bdi>'
    )


def test_identifier_is_persian_and_isolated_only_in_persian():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load persian %}{{ ref|identifier|default:'-' }}")
    with translation.override("fa"):
        assert template.render(Context({"ref": "1405-00042"})) == (
            "\u2066۱۴۰۵-۰۰۰۴۲\u2069"
        )
        assert template.render(Context({"ref": ""})) == "-"
    with translation.override("en"):
        assert template.render(Context({"ref": "1405-00042"})) == "1405-00042"


def test_plain_label_drops_the_required_mark():
    from core.templatetags.formtags import plain_label

    assert plain_label("budget *") == "budget"
    assert plain_label("budget") == "budget"
    assert plain_label(None) == ""
