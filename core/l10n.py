"""Digits, numbers, lists and years in the page's language.

Persian punctuation lives here and nowhere else in the Python code: a list
reads ``تهران، اصفهان`` in Persian and ``Tehran, Isfahan`` in English, a
number ``۱٬۲۳۴٬۵۶۷`` and ``1,234,567``. What people type is read in either
convention (:func:`to_ascii_digits`, :func:`parse_integer`,
:func:`split_list`). Where a sentence needs punctuation around values, the
sentence is a translatable string and the translation carries it.
"""

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from django.utils import translation
from django.utils.translation import get_language, gettext, pgettext

T = TypeVar("T")

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

# Persian thousands and decimal separators (U+066C, U+066B), and the comma
# of Persian text (U+060C), which people also type between thousands.
PERSIAN_THOUSANDS_SEPARATOR = "٬"
PERSIAN_DECIMAL_SEPARATOR = "٫"
PERSIAN_COMMA = "،"

#: What separates the items of a list typed by hand (an imported cell of
#: focus areas, say), in either language.
LIST_SEPARATORS = (",", PERSIAN_COMMA)

# What may separate groups of digits in a number typed by hand.
_THOUSANDS_SEPARATORS = (
    ",",
    PERSIAN_THOUSANDS_SEPARATOR,
    PERSIAN_COMMA,
    " ",
    "\u00a0",
    "_",
    "'",
)

_TO_ASCII_DIGITS = str.maketrans(
    PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, ASCII_DIGITS + ASCII_DIGITS
)
_TO_PERSIAN_DIGITS = str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS)
_TO_PERSIAN_SEPARATORS = str.maketrans(
    {",": PERSIAN_THOUSANDS_SEPARATOR, ".": PERSIAN_DECIMAL_SEPARATOR}
)

#: Jalali year N begins at Nowruz (about 21 March) of Gregorian year N + 621,
#: and ends in March of the next Gregorian year.
JALALI_YEAR_OFFSET = 621


def is_persian(language: str | None = None) -> bool:
    """Whether ``language`` (default: the active language) is Persian."""
    return (language or get_language() or "fa").startswith("fa")


# Digits ----------------------------------------------------------------------


def to_ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits → ASCII; everything else unchanged."""
    return str(text).translate(_TO_ASCII_DIGITS)


def to_persian_digits(text) -> str:
    """ASCII digits → Persian digits; everything else unchanged."""
    return str(text).translate(_TO_PERSIAN_DIGITS)


def localize_digits(text, language: str | None = None) -> str:
    """Digits in the script of ``language`` (default: the active language)."""
    if is_persian(language):
        return to_persian_digits(text)
    return str(text)


def text_language(text) -> str | None:
    """``"fa"`` for text mostly in Persian (Arabic-script) letters, ``"en"``
    for text mostly in Latin letters, ``None`` for text with no letters
    (numbers, codes, punctuation), which reads the same in either."""
    return _text_language(str(text or ""))


# Pages ask about the same names and statements on every request (the
# meeting page: 300 times); the answer is remembered for the strings seen
# last, so a page costs a dictionary lookup per text instead of a pass over
# every character.
@functools.lru_cache(maxsize=4096)
def _text_language(text: str) -> str | None:
    persian = latin = 0
    for character in text:
        if "\u0600" <= character <= "\u06ff" or "\ufb50" <= character <= "\ufeff":
            persian += character.isalpha()
        elif character.isascii() and character.isalpha():
            latin += 1
    if not persian and not latin:
        return None
    return "fa" if persian >= latin else "en"


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


# Numbers ---------------------------------------------------------------------


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
        return to_persian_digits(text.translate(_TO_PERSIAN_SEPARATORS))
    return text


def format_file_size(size: int, language: str | None = None) -> str:
    """A file's size as a reader says it: ``۱ کیلوبایت``, ``2.5 MB``.

    Kilobytes are rounded up, so a file of a few bytes is "1 KB", never
    "0 KB"; from a megabyte on, one decimal place. Django's
    ``filesizeformat`` writes "KB" and Latin digits on Persian pages.
    """
    kilobytes = -(-size // 1024) or 1
    if kilobytes < 1024:
        return gettext("%(size)s KB") % {"size": format_number(kilobytes, language)}
    megabytes = Decimal(size) / (1024 * 1024)
    return gettext("%(size)s MB") % {
        "size": format_number(megabytes, language, decimal_places=1)
    }


def parse_integer(text) -> int | None:
    """Read an integer typed with any digits and thousands separators.

    Accepts ``۱٬۲۰۰٬۰۰۰``, ``1,200,000``, ``١٢٠٠٠٠٠`` and ``1 200 000``; returns
    ``None`` when what remains is not a whole number.
    """
    if text is None:
        return None
    cleaned = to_ascii_digits(str(text)).strip()
    for separator in _THOUSANDS_SEPARATORS:
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


# Lists -----------------------------------------------------------------------


def per_language(build: Callable[[], T]) -> Callable[[str], T]:
    """``build`` (the translated words that rows written in Python repeat)
    as a function of a language, built once a language.

    A row asks for the page's language once and reads its words from here:
    each ``gettext`` or ``get_language`` reads Django's context-local
    translation state (about 2 µs), and a page of rows asked hundreds of
    times. ``@per_language def _words(): return {...}``, then
    ``_words(language)``.
    """

    @functools.lru_cache(maxsize=8)
    def in_language(language: str) -> T:
        with translation.override(language):
            return build()

    return functools.wraps(build)(in_language)


@per_language
def _list_separator() -> str:
    # Translators: between the items of a list: "، " in Persian.
    return pgettext("list separator", ", ")


def list_separator(language: str | None = None) -> str:
    """Between the items of a list, in ``language`` (default: the active one)."""
    return _list_separator(language or get_language())


def join_list(items, language: str | None = None) -> str:
    """``items`` as text, joined with the list separator of ``language``
    (default: the active language)."""
    return list_separator(language).join(str(item) for item in items)


def split_list(text: str) -> list[str]:
    """The items of a list typed with any of :data:`LIST_SEPARATORS`, stripped;
    empty items are dropped."""
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [item.strip() for item in text.split(LIST_SEPARATORS[0]) if item.strip()]


# Years -----------------------------------------------------------------------


def gregorian_year_starting(jalali_year: int) -> int:
    """The Gregorian year in whose March Jalali ``jalali_year`` begins."""
    return jalali_year + JALALI_YEAR_OFFSET


def jalali_year_starting(gregorian_year: int) -> int:
    """The Jalali year that begins in March of ``gregorian_year``."""
    return gregorian_year - JALALI_YEAR_OFFSET
