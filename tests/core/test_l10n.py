from decimal import Decimal

import pytest
from django.utils import translation

from core.l10n import (
    LIST_SEPARATORS,
    format_file_size,
    format_number,
    gregorian_year_starting,
    isolate_ltr,
    jalali_year_starting,
    join_list,
    list_separator,
    localize_digits,
    parse_integer,
    split_list,
    to_ascii_digits,
    to_persian_digits,
)


def test_digit_conversion_both_ways():
    assert to_ascii_digits("۱۳۹۶/١٠/18") == "1396/10/18"
    assert to_persian_digits("1396/10/18") == "۱۳۹۶/۱۰/۱۸"
    assert to_persian_digits(2018) == "۲۰۱۸"


def test_localize_digits_follows_language():
    assert localize_digits("page 12", "fa") == "page ۱۲"
    assert localize_digits("page 12", "en") == "page 12"


def test_localize_digits_follows_the_active_language_by_default():
    with translation.override("en"):
        assert localize_digits(12) == "12"
    with translation.override("fa"):
        assert localize_digits(12) == "۱۲"


def test_isolate_ltr_keeps_an_identifier_in_order_inside_persian_text():
    assert isolate_ltr("1405-00001", "fa") == "\u2066۱۴۰۵-۰۰۰۰۱\u2069"
    assert isolate_ltr("1405-00001", "en") == "\u20661405-00001\u2069"


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (1234567, "fa", "۱٬۲۳۴٬۵۶۷"),
        (1234567, "en", "1,234,567"),
        (999, "fa", "۹۹۹"),
        (0, "fa", "۰"),
        (-1500, "fa", "-۱٬۵۰۰"),
        (Decimal("1234.5"), "fa", "۱٬۲۳۴٫۵"),
        (Decimal("1234.5"), "en", "1,234.5"),
        ("2500000000", "fa", "۲٬۵۰۰٬۰۰۰٬۰۰۰"),
        (None, "fa", ""),
    ],
)
def test_format_number_groups_thousands(value, language, expected):
    assert format_number(value, language) == expected


def test_format_number_with_fixed_decimals():
    assert format_number(2.5, "fa", decimal_places=1) == "۲٫۵"
    assert format_number(Decimal("3"), "en", decimal_places=2) == "3.00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱٬۲۰۰٬۰۰۰", 1200000),
        ("1,200,000", 1200000),
        ("١٢٠٠٠٠٠", 1200000),
        ("1 200 000", 1200000),
        ("۵۰۰،۰۰۰", 500000),
        ("-12", -12),
        ("12.5", None),
        ("12a", None),
        ("", None),
        ("²", None),
    ],
)
def test_parse_integer_accepts_every_digit_script(text, expected):
    assert parse_integer(text) == expected


def test_parse_integer_refuses_absurdly_long_numbers():
    assert parse_integer("9" * 5000) is None


def test_parse_integer_reads_what_format_number_writes():
    for language in ("fa", "en"):
        assert parse_integer(format_number(-2500000, language)) == -2500000


def test_join_list_uses_the_language_s_separator():
    with translation.override("fa"):
        assert join_list(["تهران", "اصفهان"]) == "تهران، اصفهان"
    with translation.override("en"):
        assert join_list(["Tehran", "Isfahan"]) == "Tehran, Isfahan"
    assert join_list([]) == ""


def test_join_list_and_its_separator_in_a_language_asked_for_once():
    """Tags that write many rows ask for the page's language once and pass
    it: the separator follows it, not the active language."""
    with translation.override("en"):
        assert join_list(["تهران", "اصفهان"], "fa") == "تهران، اصفهان"
        assert list_separator("fa") == "، "
    with translation.override("fa"):
        assert join_list(["Tehran", "Isfahan"], "en") == "Tehran, Isfahan"
        assert list_separator() == "، "


@pytest.mark.parametrize("language", ["fa", "en"])
def test_split_list_reads_what_join_list_writes(language):
    with translation.override(language):
        assert split_list(join_list(["الف", "ب", "ج"])) == ["الف", "ب", "ج"]


def test_split_list_accepts_either_comma_and_drops_empty_items():
    assert LIST_SEPARATORS == (",", "،")
    assert split_list(" اشتغال، آموزش ,سلامت,, ") == ["اشتغال", "آموزش", "سلامت"]
    assert split_list("") == []


@pytest.mark.parametrize(
    ("jalali", "gregorian"), [(1385, 2006), (1396, 2017), (1404, 2025)]
)
def test_a_jalali_year_begins_in_march_621_years_later(jalali, gregorian):
    assert gregorian_year_starting(jalali) == gregorian
    assert jalali_year_starting(gregorian) == jalali


def test_one_thousands_separator_everywhere():
    """Persian numbers group thousands with «٬» (U+066C), in our filters and
    in Django's own number formatting alike."""
    from django.utils import formats, translation

    from core.l10n import PERSIAN_THOUSANDS_SEPARATOR, format_number

    assert PERSIAN_THOUSANDS_SEPARATOR == "\u066c"
    with translation.override("fa"):
        assert format_number(1234567) == "۱٬۲۳۴٬۵۶۷"
        assert formats.get_format("THOUSAND_SEPARATOR") == "\u066c"
    with translation.override("en"):
        assert format_number(1234567) == "1,234,567"


@pytest.mark.parametrize(
    ("size", "fa", "en"),
    [
        (10, "۱ کیلوبایت", "1 KB"),
        (1024, "۱ کیلوبایت", "1 KB"),
        (1025, "۲ کیلوبایت", "2 KB"),
        (1023 * 1024, "۱٬۰۲۳ کیلوبایت", "1,023 KB"),
        (5 * 1024 * 1024 // 2, "۲٫۵ مگابایت", "2.5 MB"),
    ],
)
def test_a_file_size_reads_in_the_page_language(size, fa, en):
    with translation.override("fa"):
        assert format_file_size(size) == fa
    with translation.override("en"):
        assert format_file_size(size) == en
