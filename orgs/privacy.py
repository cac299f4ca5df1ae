"""Personal data: who sees phone and ID numbers in full, and how others see them.

Phones are needed by the people who call leaders and members: street
officers, community workers and an organisation's own leader. ID numbers are
needed only where filings are checked: street officers and community workers.
Everyone else (district staff reading ledgers, incubator operators, grid
members, reviewers) sees them masked, in every page and export.
"""

from django.utils.translation import gettext_lazy as _

from .roles import Role

PHONE = "phone"
ID_NUMBER = "id_number"

_UNMASKED_FOR = {
    PHONE: {Role.PLATFORM_ADMIN, Role.STREET_OFFICER, Role.COMMUNITY_WORKER, Role.ORG_LEADER},
    ID_NUMBER: {Role.PLATFORM_ADMIN, Role.STREET_OFFICER, Role.COMMUNITY_WORKER},
}


def can_see(user, kind: str) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.role in _UNMASKED_FOR[kind]


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


MASKERS = {PHONE: mask_phone, ID_NUMBER: mask_id_number}


def shown(user, kind: str, value: str) -> str:
    """The value as `user` may see it."""
    return value if can_see(user, kind) else MASKERS[kind](value)


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
