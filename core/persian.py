"""Persian text: the search normaliser, search keys and sort keys.

One function, :func:`normalize`, computes every search key of the site, and
the query typed into a search box goes through the same function, so that
"سازمان هاي مردم نهاد", "سازمان‌های مردم‌نهاد" and "سازمان های مردم نهاد" find
each other. The rules, in order:

1. Unicode NFKC, which folds Arabic presentation forms and composes letters
   with hamza;
2. Arabic letter forms become the Persian letters used in Iran: ي ى ئ → ی,
   ك ڪ → ک, ة ۀ ە ھ ہ → ه, أ إ ٱ آ → ا, ؤ → و;
3. Persian and Arabic-Indic digits become ASCII digits;
4. the zero-width non-joiner and no-break spaces separate words as a space
   does;
5. diacritics (harakat, tanwin, shadda, sukun), the superscript alef,
   Quranic marks, tatweel, zero-width joiners and spaces, direction marks,
   bidi embeddings and isolates, the byte-order mark and the soft hyphen
   are removed;
6. runs of whitespace collapse to one space, the ends are trimmed, and case
   is folded.

What people type is cleaned of the invisible characters that change the
order in which text is shown (:func:`strip_bidi_controls`): a name holding
a right-to-left override would reverse whatever follows it on a page, in a
mail or in a calendar. The zero-width non-joiner stays: Persian needs it.
Text shown next to other text in plain-text output (a mail, a calendar
entry, a page title) is isolated with :func:`isolate`.

Digits, numbers and lists in the page's language are in :mod:`core.l10n`.
"""

import unicodedata

from core import l10n

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
_FOLD.update(zip(l10n.PERSIAN_DIGITS, l10n.ASCII_DIGITS, strict=True))
_FOLD.update(zip(l10n.ARABIC_INDIC_DIGITS, l10n.ASCII_DIGITS, strict=True))

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


#: Characters that change the order in which text is shown: the embeddings
#: and overrides (U+202A–U+202E), the isolates (U+2066–U+2069), the
#: left-to-right and right-to-left marks (U+200E, U+200F) and the Arabic
#: letter mark (U+061C). None of them is needed to write a name or a
#: sentence; each can make one text reverse its neighbours.
BIDI_CONTROLS = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

_STRIP_BIDI_TABLE = str.maketrans(dict.fromkeys(BIDI_CONTROLS))

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = l10n.POP_DIRECTIONAL_ISOLATE


def strip_bidi_controls(text):
    """``text`` without :data:`BIDI_CONTROLS`; other values unchanged.

    Applied to everything typed into a form and to every imported cell.
    """
    if not isinstance(text, str):
        return text
    return text.translate(_STRIP_BIDI_TABLE)


def isolate(text) -> str:
    """``text`` between first-strong isolate and pop marks, for plain text.

    Placed next to other text (a mail's subject, a calendar entry, a page
    title), a name then reads in its own direction and cannot reorder what
    comes after it. HTML pages use ``<bdi>`` or ``dir="auto"`` instead.
    """
    return (
        FIRST_STRONG_ISOLATE + strip_bidi_controls(str(text)) + POP_DIRECTIONAL_ISOLATE
    )


def compact(text: str | None) -> str:
    """The search key without spaces, so "مردم نهاد" also finds "مردم‌نهاد"."""
    return normalize(text).replace(" ", "")


def name_key(name: str | None) -> str:
    """The key of an organisation's name: two names with the same key are
    likely one organisation written twice.

    Arabic and Persian letter forms, ZWNJ, spacing, digits, marks and case
    are folded away (it is :func:`compact`), and control characters dropped:
    a name is looked up by its key before the form has cleaned it, and
    PostgreSQL refuses a NUL in any text.
    """
    key = compact(name)
    return "".join(c for c in key if unicodedata.category(c) != "Cc")


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
