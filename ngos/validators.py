"""Iranian identifiers: check digits and formats.

Each validator takes the ASCII-digit form; :func:`clean_digits` makes it from
whatever the user typed. The rules:

* legal national ID of an organisation (شناسه ملی): 11 digits, the 4th to
  9th not all zero; with k the 10th digit plus 2, the sum over the first ten
  digits of (digit + k) × weight, weights 29 27 23 19 17 29 27 23 19 17,
  modulo 11 (10 counts as 0) is the 11th digit. ``10380284790``: the sum is
  3432, remainder 0.
* national code of a person (کد ملی): 10 digits, not all the same; with r
  the sum of the first nine digits times 10, 9, … 2, modulo 11, the 10th
  digit is r when r < 2, otherwise 11 − r.
* mobile number: ``09`` and nine digits, typed with ``+98``, ``0098`` or
  ``98`` in front if one likes.
* postal code: 10 digits; none of the first five is 0, no 2 anywhere, the
  fifth is not 5, the first four are not all the same.
* landline: 0 and 10 digits, the area code included.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.l10n import to_ascii_digits

_SEPARATORS = re.compile(r"[\s\-\u200c\u200f\u200e()]+")

LEGAL_ID_WEIGHTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)


def clean_digits(value) -> str:
    """ASCII digits from typed text: Persian digits, spaces and dashes allowed."""
    return _SEPARATORS.sub("", to_ascii_digits(str(value or "")))


def legal_id_check_digit(first_ten: str) -> int:
    k = int(first_ten[9]) + 2
    total = sum(
        (int(digit) + k) * weight
        for digit, weight in zip(first_ten, LEGAL_ID_WEIGHTS, strict=True)
    )
    remainder = total % 11
    return 0 if remainder == 10 else remainder


def validate_legal_national_id(value: str) -> None:
    """The 11-digit national ID of a legal entity (شناسه ملی)."""
    if not re.fullmatch(r"\d{11}", value or ""):
        raise ValidationError(
            _("The national ID of an organisation has exactly 11 digits."),
            code="legal_id_length",
        )
    if value[3:9] == "000000":
        # No such ID is issued, whatever its check digit says.
        raise ValidationError(
            _(
                "%(value)s is not a valid national ID: its digits 4 to 9 "
                "are never all zero."
            ),
            code="legal_id_zeros",
            params={"value": value},
        )
    if legal_id_check_digit(value[:10]) != int(value[10]):
        raise ValidationError(
            _("%(value)s is not a valid national ID: its check digit does not match."),
            code="legal_id_checksum",
            params={"value": value},
        )


def national_code_check_digit(first_nine: str) -> int:
    remainder = sum(int(digit) * (10 - i) for i, digit in enumerate(first_nine)) % 11
    return remainder if remainder < 2 else 11 - remainder


def validate_national_code(value: str) -> None:
    """A person's 10-digit national code (کد ملی)."""
    if not re.fullmatch(r"\d{10}", value or ""):
        raise ValidationError(
            _("A national code has exactly 10 digits."), code="national_code_length"
        )
    if len(set(value)) == 1:
        # 1111111111 and the like pass the check digit but are never issued.
        raise ValidationError(
            _("%(value)s is not a valid national code: it is one digit repeated."),
            code="national_code_repeated",
            params={"value": value},
        )
    if national_code_check_digit(value[:9]) != int(value[9]):
        raise ValidationError(
            _(
                "%(value)s is not a valid national code: "
                "its check digit does not match."
            ),
            code="national_code_checksum",
            params={"value": value},
        )


def normalize_mobile(value) -> str:
    """``09`` and nine digits from ``+98 912 …``, ``0098…``, ``98…``, ``۰۹۱۲…``.

    Returns what remains after removing separators when it is not a mobile
    number, so that the validator can say so.
    """
    digits = clean_digits(value).lstrip("+")
    for prefix in ("0098", "98"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 10:
            digits = "0" + digits[len(prefix) :]
            break
    if len(digits) == 10 and digits.startswith("9"):
        digits = "0" + digits
    return digits


def validate_mobile(value: str) -> None:
    if not re.fullmatch(r"09\d{9}", value or ""):
        raise ValidationError(
            _("Enter a mobile number such as 0912 345 6789."), code="mobile"
        )


def validate_postal_code(value: str) -> None:
    """Ten digits; none of the first five is 0, no 2 anywhere, fifth not 5,
    first four not all the same."""
    if not re.fullmatch(r"\d{10}", value or ""):
        raise ValidationError(
            _("A postal code has exactly 10 digits."), code="postal_code_length"
        )
    if "0" in value[:5] or "2" in value or value[4] == "5" or len(set(value[:4])) == 1:
        raise ValidationError(
            _("%(value)s is not a valid Iranian postal code."),
            code="postal_code",
            params={"value": value},
        )


def validate_phone(value: str) -> None:
    """A landline or mobile number with its area code: 0 and 10 digits."""
    if not re.fullmatch(r"0\d{10}", value or ""):
        raise ValidationError(
            _("Enter the phone number with its area code, such as 021 8888 7777."),
            code="phone",
        )
