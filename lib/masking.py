"""How a personal value looks masked: the kinds of value (PHONE, ID_NUMBER,
NAME), one mask for each, and `Masked`, the model attribute with the masked
form of a field.

Who sees which kind in full, and the log of who received it, is a rule of
the root domain and lives above the models, in orgs/privacy.py; the models
need only the masks, so the masks live here, below them.
"""

import re

from django.utils.translation import gettext_lazy as _

PHONE = "phone"
ID_NUMBER = "id_number"
NAME = "name"  # a resident's name: masked like a number, never logged on its own


def mask_phone(value: str) -> str:
    """13812345678 -> 138****5678; 0371-12345678 -> 0371-****5678."""
    if not value:
        return ""
    if "-" in value:
        area_code, number = value.split("-", 1)
        return f"{area_code}-{'*' * max(len(number) - 4, 0)}{number[-4:]}"
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_id_number(value: str) -> str:
    """410108199001011234 -> 410108********1234: region kept, birth date hidden."""
    if not value:
        return ""
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_name(value: str) -> str:
    """张桂兰 -> 张**: the family name kept, enough to greet, not to find."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1) if len(value) > 1 else "*"


# A mainland mobile: 1, then 3-9, then 9 digits, not inside a longer number.
PHONE_IN_TEXT = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")
# A resident ID number: 17 digits and a digit or X, not inside a longer token.
ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """Free text (a log line, an objection's grounds) with mobile numbers as
    138****5678 and ID numbers as 410108********1234."""
    if not text:
        return text
    text = ID_IN_TEXT.sub(r"\1********\2", text)
    return PHONE_IN_TEXT.sub(r"\1****\2", text)


MASKERS = {PHONE: mask_phone, ID_NUMBER: mask_id_number, NAME: mask_name}


def in_full(kind: str, value: str) -> bool:
    """Whether `value` is a number (or name) in full rather than its masked
    form: masking a masked value changes nothing."""
    return bool(value) and MASKERS[kind](value) != value


class Masked:
    """A read-only model attribute with the masked form of a personal field,
    for pages and admin forms shown to roles that may not see it in full.

        leader_phone_masked = Masked("leader_phone", PHONE)
    """

    def __init__(self, field_name: str, kind: str):
        self.field_name = field_name
        self.kind = kind

    def __set_name__(self, owner, name):
        self.owner = owner
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return MASKERS[self.kind](getattr(instance, self.field_name))

    @property
    def short_description(self):
        verbose_name = self.owner._meta.get_field(self.field_name).verbose_name
        return _("%(field)s (masked)") % {"field": verbose_name}
