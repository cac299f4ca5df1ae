"""Validators for identifiers people type: credit codes, ID numbers, phones.

The check-character arithmetic is python-stdnum's (GB 32100-2015 for the
unified social credit code, GB 11643 for resident ID numbers); this module
normalises what people paste (full-width characters, spaces, lower case)
and turns stdnum's exceptions into messages an office worker can act on.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc


def normalise_code(value: str) -> str:
    """Full-width to half-width, no spaces or dashes, upper case."""
    value = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-]", "", value).upper()


# GB 32100-2015: the registration authority (1-9; A, the military; N,
# agriculture, e.g. village collective economic organisations; Y, others),
# a digit for the kind of body, the 6-digit region, then 10 characters of
# the 31-character alphabet (no I, O, Z, S, V) ending in the check character.
# python-stdnum's `uscc.validate` wants digits in the first 8 places, which
# refuses A, N and Y, and cleans Unicode dashes the stored value would keep,
# so the format is checked here and only the check character comes from it.
CREDIT_CODE = re.compile(r"[1-9ANY][0-9]{7}[0-9A-HJ-NP-RTUWXY]{10}")


def validate_credit_code(value: str) -> None:
    code = normalise_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="length",
            params={"count": len(code)},
        )
    if not CREDIT_CODE.fullmatch(code):
        raise ValidationError(
            _(
                "This is not a unified social credit code (digits and capital letters, no I, O, Z, S or V)."
            ),
            code="format",
        )
    if code[-1] != uscc.calc_check_digit(code[:17]):
        raise ValidationError(
            _(
                "The check character of this credit code is wrong: please check it against the certificate."
            ),
            code="checksum",
        )


def validate_id_number(value: str) -> None:
    """Length, digits, birth date and check digit (GB 11643).

    Not the birthplace: python-stdnum checks the first six digits against a
    table of division codes that lacks some current ones (410108, Huiji
    District, among them), and codes change over time while ID numbers do
    not, so that check would refuse real residents.
    """
    number = normalise_code(value)
    if len(number) != 18:
        raise ValidationError(
            _("A resident ID number has 18 characters; this one has %(count)d."),
            code="length",
            params={"count": len(number)},
        )
    # ASCII only: str.isdigit() also takes other scripts' digits, which
    # stdnum's arithmetic then fails on (or, worse, accepts and stores).
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise ValidationError(
            _("This is not a valid resident ID number (its birth date or format is wrong)."),
            code="format",
        )
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError(
            _("The last character of this ID number does not match: please check it."),
            code="checksum",
        )
    try:
        ric.get_birth_date(number)
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(
            _("This is not a valid resident ID number (its birth date or format is wrong)."),
            code="format",
        ) from exc


MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def normalise_phone(value: str) -> str:
    value = unicodedata.normalize("NFKC", value or "").strip()
    value = re.sub(r"[\s()（）]", "", value)
    if value.startswith("+86"):
        value = value[3:]
    digits_only = value.replace("-", "")
    return digits_only if MOBILE.match(digits_only) else value


def validate_phone(value: str) -> None:
    phone = normalise_phone(value)
    if not (MOBILE.match(phone) or LANDLINE.match(phone)):
        raise ValidationError(
            _(
                "Enter an 11-digit mobile number or a landline with its area code, e.g. 0371-12345678."
            ),
            code="phone",
        )


def validate_mobile(value: str) -> None:
    """A mobile number only: for numbers that sign in by a texted code."""
    if not MOBILE.match(normalise_phone(value)):
        raise ValidationError(
            _("Enter an 11-digit mobile number: this number signs in by a texted code."),
            code="mobile",
        )
