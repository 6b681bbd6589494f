import pytest

from core.persian import compact, normalize, search_key, search_terms, sort_key


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


def test_a_record_s_key_matches_every_spelling_of_a_query():
    key = search_key("سازمان\u200cهای مردم\u200cنهاد", None, "كرج")
    assert key == "سازمانهایمردمنهادکرج"
    assert all(term in key for term in search_terms("مردم نهاد  کرج"))


def test_sort_key_puts_persian_letters_in_dictionary_order():
    names = ["یزد", "گیلان", "پارس", "البرز"]
    assert sorted(names, key=sort_key) == ["البرز", "پارس", "گیلان", "یزد"]
