"""Persian text: the search normaliser, digits and number formatting.

One function, :func:`normalize`, computes every search key of the site, and
the query typed into a search box goes through the same function, so that
"سازمان هاي مردم نهاد", "سازمان‌های مردم‌نهاد" and "سازمان های مردم نهاد" find
each other. Its rules are DESIGN §8 and shared/reference/iran.md ("Text").
"""

import unicodedata
from decimal import Decimal

from django.utils.translation import get_language

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

# Persian thousands and decimal separators (U+066C, U+066B).
PERSIAN_THOUSANDS_SEPARATOR = "٬"
PERSIAN_DECIMAL_SEPARATOR = "٫"

ZWNJ = "\u200c"

_FOLD = {
    # Arabic letter forms → the Persian letters used in Iran.
    "ي": "ی",
    "ى": "ی",
    "ئ": "ی",
    "ك": "ک",
    "ڪ": "ک",
    "ة": "ه",
    "ۀ": "ه",
    "ە": "ه",
    "ھ": "ه",
    "ہ": "ه",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "آ": "ا",
    "ؤ": "و",
    # Word joiners and non-breaking spaces separate words like a space does.
    ZWNJ: " ",
    "\u00a0": " ",
    "\u202f": " ",
}
_FOLD.update(zip(PERSIAN_DIGITS, ASCII_DIGITS, strict=True))
_FOLD.update(zip(ARABIC_INDIC_DIGITS, ASCII_DIGITS, strict=True))

_REMOVE = [
    *range(0x064B, 0x0660),  # harakat, tanwin, shadda, sukun, hamza marks
    0x0670,  # superscript alef
    *range(0x06D6, 0x06EE),  # Quranic annotation marks
    0x0640,  # tatweel
    0x200D,  # zero-width joiner
    0x200B,  # zero-width space
    0x200E,  # left-to-right mark
    0x200F,  # right-to-left mark
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2066, 0x206A),  # bidi isolates
    0xFEFF,  # byte-order mark
    0x00AD,  # soft hyphen
]

_NORMALIZE_TABLE = str.maketrans(
    {**{ord(k): v for k, v in _FOLD.items()}, **dict.fromkeys(_REMOVE)}
)
_TO_ASCII_DIGITS = str.maketrans(
    PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, ASCII_DIGITS + ASCII_DIGITS
)
_TO_PERSIAN_DIGITS = str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS)


def normalize(text: str | None) -> str:
    """Return the search key of ``text``.

    NFKC first (it folds Arabic presentation forms and composes letters with
    hamza), then letter forms, digits and word joiners are folded, marks are
    removed, runs of whitespace collapse to one space and case is folded.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = text.translate(_NORMALIZE_TABLE)
    return " ".join(text.split()).casefold()


def compact(text: str | None) -> str:
    """The search key without spaces, so "مردم نهاد" also finds "مردم‌نهاد"."""
    return normalize(text).replace(" ", "")


def to_ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits → ASCII; everything else unchanged."""
    return str(text).translate(_TO_ASCII_DIGITS)


def to_persian_digits(text) -> str:
    """ASCII digits → Persian digits; everything else unchanged."""
    return str(text).translate(_TO_PERSIAN_DIGITS)


def is_persian(language: str | None = None) -> bool:
    """Whether ``language`` (default: the active language) is Persian."""
    return (language or get_language() or "fa").startswith("fa")


def localize_digits(text, language: str | None = None) -> str:
    """Digits in the script of ``language`` (default: the active language)."""
    if is_persian(language):
        return to_persian_digits(text)
    return str(text)


def format_number(
    value, language: str | None = None, decimal_places: int | None = None
) -> str:
    """Group thousands in the conventions of ``language``.

    ``fa``: ``1234567`` → ``۱٬۲۳۴٬۵۶۷``; ``en``: ``1,234,567``. ``None`` and
    empty strings give an empty string, so templates may pass optional values.
    """
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimal_places is not None:
        text = f"{number:,.{decimal_places}f}"
    elif number == number.to_integral_value():
        text = f"{int(number):,}"
    else:
        text = f"{number.normalize():,f}"
    if is_persian(language):
        text = text.translate(
            {ord(","): PERSIAN_THOUSANDS_SEPARATOR, ord("."): PERSIAN_DECIMAL_SEPARATOR}
        )
        return to_persian_digits(text)
    return text


def parse_integer(text) -> int | None:
    """Read an integer typed with any digits and thousands separators.

    Accepts ``۱٬۲۰۰٬۰۰۰``, ``1,200,000``, ``١٢٠٠٠٠٠`` and ``1 200 000``; returns
    ``None`` when what remains is not a whole number.
    """
    if text is None:
        return None
    cleaned = to_ascii_digits(str(text)).strip()
    for separator in (",", PERSIAN_THOUSANDS_SEPARATOR, "،", " ", "\u00a0", "_", "'"):
        cleaned = cleaned.replace(separator, "")
    if cleaned.startswith(("-", "+")):
        sign, digits = cleaned[0], cleaned[1:]
    else:
        sign, digits = "", cleaned
    # Python refuses to read integers of thousands of digits; no amount
    # anyone types here has more than a few dozen.
    if not digits.isascii() or not digits.isdigit() or len(digits) > 40:
        return None
    return int(sign + digits)


def search_key(*parts) -> str:
    """The stored search key of a record: its searchable texts, compacted.

    Spaces are removed so that words written joined, with a ZWNJ or with a
    space all match (see :func:`search_terms`).
    """
    return compact(" ".join(str(part) for part in parts if part))


def search_terms(query: str | None) -> list[str]:
    """The terms of a typed query, each in the form stored by :func:`search_key`.

    A record matches when its key contains every term.
    """
    return [term for term in normalize(query).split() if term]


# The Persian alphabet in dictionary order. Unicode puts پ چ ژ گ after the
# Arabic letters, so code-point order would sort "گیلان" after "یزد".
_ALPHABET = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_SORT_TABLE = {
    ord(letter): f"{index + 10:02d}" for index, letter in enumerate(_ALPHABET)
}
_SORT_TABLE[ord(" ")] = "00"


def sort_key(text: str | None) -> str:
    """A string that sorts Persian text in dictionary order in any collation.

    Each Persian letter becomes a two-digit number (digits compare the same
    way in every database collation); other characters follow as they are.
    """
    return normalize(text).translate(_SORT_TABLE)


LEFT_TO_RIGHT_ISOLATE = "\u2066"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def isolate_ltr(text, language: str | None = None) -> str:
    """An identifier (reference number, code) to place inside running text.

    Its digits follow the language, and Unicode isolates keep ``1405-00001``
    from being shown as ``00001-1405`` inside a right-to-left sentence.
    """
    return (
        LEFT_TO_RIGHT_ISOLATE
        + localize_digits(text, language)
        + POP_DIRECTIONAL_ISOLATE
    )
