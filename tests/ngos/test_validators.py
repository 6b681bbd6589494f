import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ngos.validators import (
    clean_digits,
    legal_id_check_digit,
    normalize_mobile,
    validate_legal_national_id,
    validate_mobile,
    validate_national_code,
    validate_phone,
    validate_postal_code,
)


def error_code(validator, value):
    with pytest.raises(ValidationError) as error:
        validator(value)
    return error.value.code


@pytest.mark.parametrize("value", ["10380284790", "14101730479", "14108576235"])
def test_valid_legal_national_ids(value):
    validate_legal_national_id(value)


def test_reference_vector_checksum():
    # With k = 9 + 2, the sum of (digit + k) × weight is 3432 = 11 × 312.
    assert legal_id_check_digit("1038028479") == 0


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("10380284792", "legal_id_checksum"),
        ("09748208301", "legal_id_checksum"),
        ("14100000000", "legal_id_zeros"),  # digits 4-9 all zero
        ("14100000004", "legal_id_zeros"),  # ... though the check digit matches
        ("1038028479", "legal_id_length"),
        ("103802847901", "legal_id_length"),
        ("1038028479a", "legal_id_length"),
        ("", "legal_id_length"),
    ],
)
def test_invalid_legal_national_ids(value, code):
    assert error_code(validate_legal_national_id, value) == code


def test_an_id_with_its_middle_digits_zero_is_told_so_not_check_digit():
    with pytest.raises(ValidationError) as error:
        validate_legal_national_id("14100000004")
    assert error.value.messages == [
        str(
            _(
                "%(value)s is not a valid national ID: its digits 4 to 9 "
                "are never all zero."
            )
            % {"value": "14100000004"}
        )
    ]
    assert "check digit" not in error.value.messages[0]


def test_a_code_of_one_repeated_digit_is_told_so_not_check_digit():
    with pytest.raises(ValidationError) as error:
        validate_national_code("1111111111")
    assert error.value.messages == [
        str(
            _("%(value)s is not a valid national code: it is one digit repeated.")
            % {"value": "1111111111"}
        )
    ]


@pytest.mark.parametrize("value", ["0499370899", "5462040301", "0218420668"])
def test_valid_national_codes(value):
    validate_national_code(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0499370898", "national_code_checksum"),
        ("1111111111", "national_code_repeated"),  # the check digit matches
        ("0000000000", "national_code_repeated"),
        ("049937089", "national_code_length"),
        ("04993708990", "national_code_length"),
    ],
)
def test_invalid_national_codes(value, code):
    assert error_code(validate_national_code, value) == code


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "9121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "0912 123 4567",
        "0912-123-4567",
        "(0912) 123 4567",
        "+98 912 123 4567",
    ],
)
def test_mobile_is_stored_as_09_and_nine_digits(typed):
    mobile = normalize_mobile(typed)
    assert mobile == "09121234567"
    validate_mobile(mobile)


@pytest.mark.parametrize(
    "typed", ["0912123456", "021 8888 7777", "+1 555 123 4567", "abc"]
)
def test_not_a_mobile(typed):
    assert error_code(validate_mobile, normalize_mobile(typed)) == "mobile"


@pytest.mark.parametrize("value", ["1345678913", "4134667891", "1319613483"])
def test_valid_postal_codes(value):
    validate_postal_code(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1034567891", "postal_code"),  # 0 in the first five digits
        ("1324567891", "postal_code"),  # digit 2
        ("1346578913", "postal_code"),  # fifth digit 5
        ("1111678913", "postal_code"),  # first four the same
        ("134567891", "postal_code_length"),
        ("13456789134", "postal_code_length"),
    ],
)
def test_invalid_postal_codes(value, code):
    assert error_code(validate_postal_code, value) == code


def test_phone_needs_area_code():
    validate_phone(clean_digits("021-8888 7777"))
    assert error_code(validate_phone, clean_digits("8888 7777")) == "phone"


def test_clean_digits_accepts_persian_digits_and_separators():
    assert clean_digits("۱۰۳-۸۰۲ ۸۴۷۹۰") == "10380284790"
    assert clean_digits("\u200f١٠٣٨٠٢٨٤٧٩٠") == "10380284790"
