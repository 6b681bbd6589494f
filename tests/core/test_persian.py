from decimal import Decimal

import pytest

from core.persian import (
    compact,
    format_number,
    localize_digits,
    normalize,
    parse_integer,
    to_ascii_digits,
    to_persian_digits,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Arabic yeh, alef maksura and yeh with hamza become Persian yeh.
        ("علي", "علی"),
        ("مصطفى", "مصطفی"),
        ("مسائل", "مسایل"),
        # Arabic kaf and swash kaf become Persian keheh.
        ("كودكان", "کودکان"),
        ("ڪار", "کار"),
        # Teh marbuta, heh with yeh, ae, heh doachashmee and heh goal → heh.
        ("مدرسة", "مدرسه"),
        ("خانۀ", "خانه"),
        ("خانە", "خانه"),
        ("ھمه", "همه"),
        ("ہمه", "همه"),
        # Alef with hamza or madda, and alef wasla, become plain alef.
        ("أمید", "امید"),
        ("إسلام", "اسلام"),
        ("ٱلله", "الله"),
        ("آموزش", "اموزش"),
        # Waw with hamza becomes waw.
        ("مؤسسه", "موسسه"),
        # Diacritics, superscript alef and tatweel are removed.
        ("مُحَمَّد", "محمد"),
        ("رحمٰن", "رحمن"),
        ("سلـــام", "سلام"),
        # Persian and Arabic-Indic digits become ASCII.
        ("۱۲۳۴۵۶۷۸۹۰", "1234567890"),
        ("١٢٣٤٥٦٧٨٩٠", "1234567890"),
        # ZWNJ and no-break space separate words like a space.
        ("سازمان\u200cهای مردم\u200cنهاد", "سازمان های مردم نهاد"),
        ("زنان\u00a0سرپرست", "زنان سرپرست"),
        # Invisible marks are removed.
        ("سا\u200dزمان", "سازمان"),
        ("\u200fسازمان\u200e", "سازمان"),
        ("\ufeffسازمان", "سازمان"),
        ("خانه\u00adها", "خانهها"),
        ("\u202eabc\u202c", "abc"),
        # Runs of whitespace collapse, ends are trimmed.
        ("  زنان   سرپرست\t\nخانوار  ", "زنان سرپرست خانوار"),
        # Case is folded.
        ("Mehr NGO", "mehr ngo"),
        ("STRASSE ß", "strasse ss"),
        # NFKC folds Arabic presentation forms.
        ("\ufefb", "لا"),
        ("\ufbfc", "ی"),
    ],
)
def test_normalize_folds(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "variant",
    [
        "سازمان هاي مردم نهاد",
        "سازمان\u200cهای مردم\u200cنهاد",
        "سازمان های مردم نهاد",
        "سازمانِ هایِ مردم نهاد",
        "سازمان\u00a0های  مردم\u200cنهاد",
    ],
)
def test_spellings_of_ngo_share_one_key(variant):
    assert normalize(variant) == "سازمان های مردم نهاد"


@pytest.mark.parametrize("variant", ["۱۲", "12", "١٢"])
def test_digit_scripts_share_one_key(variant):
    assert normalize(variant) == "12"


@pytest.mark.parametrize("empty", [None, "", "   ", "\u200c\u200f"])
def test_normalize_empty_gives_empty(empty):
    assert normalize(empty) == ""


def test_compact_removes_spaces_so_joined_words_match():
    assert compact("مردم نهاد") == compact("مردم\u200cنهاد") == compact("مردمنهاد")
    assert compact("مردم نهاد") == "مردمنهاد"


def test_digit_conversion_both_ways():
    assert to_ascii_digits("۱۳۹۶/١٠/18") == "1396/10/18"
    assert to_persian_digits("1396/10/18") == "۱۳۹۶/۱۰/۱۸"
    assert to_persian_digits(2018) == "۲۰۱۸"


def test_localize_digits_follows_language():
    assert localize_digits("page 12", "fa") == "page ۱۲"
    assert localize_digits("page 12", "en") == "page 12"


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
