"""Personal data: who sees phone and ID numbers in full, how others see them,
and the record of who received them in full.

Phones are needed by the people who call leaders and members: street
officers, community workers and an organisation's own leader. ID numbers are
needed only where filings are checked: street officers and community workers.
Everyone else (district staff reading ledgers, incubator operators, grid
members, reviewers) sees them masked, in every page, export and API response.
Public pages show neither, to anyone.

The fields: `Organisation.leader_phone` and `leader_id_number`,
`Person.phone` and `id_number`, `User.phone`, `Need.requester_phone` and
`Ticket.resident_phone`. Each model has a `<field>_masked` attribute
(`Masked`) for pages and admin forms. Where they are shown:

- the admin: `orgs.admin.PersonalDataAdminMixin` on each of those models'
  admins masks lists, forms (the full value is not even in an input), the
  history and its "changed from ... to ...", and refuses search and
  changelist filters on a number the user may not see;
- exports: a `Column(personal=PHONE)`, masked by its rows function with
  `shown()`; `orgs.downloads.write_spreadsheet` refuses to write personal
  columns without the exporting user (`ExportInfo.by`);
- the API: serializer methods call `shown()`; the views returning them
  carry `PersonalDataAPIMixin`;
- portal pages call `shown()` in the view (`grids` ticket page, an
  organisation leader's member list).

Who exported and when: every XLSX has an "About this export" sheet with
the account and the minute (and the same in the file's properties); a CSV,
which has no room for it without spoiling its columns, carries both in its
file name.

Access log. Whenever a role that may see a number in full receives one,
`record_access` writes one `AccessLog` row for the request (never one a
row): who, when, through what (export, API, admin page, portal page), what
(the model, or the export's ledger), which record for a one-record page,
how many records, and which kinds of number were in full. Masked
deliveries write nothing. The log is read-only, in the admin, for platform
administrators only (the model has only the view permission): district
staff do not see the numbers in full, so neither do they see who did.
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


def unmasked_kinds(user, kinds) -> list[str]:
    """Of `kinds`, those `user` sees in full, sorted."""
    return sorted({kind for kind in kinds if can_see(user, kind)})


def record_access(*, user, kinds, surface: str, what: str, rows: int = 1, object_id="", path=""):
    """Log that `user` received `rows` records with numbers of `kinds`, if
    any of them was in full; return the row written, or None."""
    unmasked = unmasked_kinds(user, kinds)
    if not unmasked or rows < 1:
        return None
    from orgs.models import AccessLog  # the models import this module

    return AccessLog.objects.create(
        user=user,
        surface=surface,
        what=str(what)[:120],
        object_id=str(object_id or "")[:40],
        rows=rows,
        kinds=",".join(unmasked),
        path=(path or "")[:300],
    )


class PersonalDataAPIMixin:
    """For API views whose responses carry phone or ID numbers (the serializer
    masks them for roles that may not see them): one access-log row for a
    response that carried any in full, counting the items that had one.

        personal_fields = {"resident_phone": PHONE}  # keys of the response's items
        personal_what = "grids.ticket"
    """

    personal_fields: dict[str, str] = {}
    personal_what = ""

    def get_personal_fields(self) -> dict[str, str]:
        return self.personal_fields

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        fields = self.get_personal_fields()
        if fields and 200 <= response.status_code < 300 and request.user.is_authenticated:
            from orgs.models import AccessSurface  # the models import this module

            kinds, rows, object_id = _personal_in(getattr(response, "data", None), fields)
            record_access(
                user=request.user,
                kinds=kinds,
                surface=AccessSurface.API,
                what=self.personal_what,
                rows=rows,
                object_id=object_id,
                path=request.path,
            )
        return response


def _personal_in(data, fields: dict[str, str]) -> tuple[set[str], int, str]:
    """The kinds of number in a response body, how many items had one, and
    the item's id when the body is one item."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        items, single = data["results"], None  # a page of a list
    elif isinstance(data, list):
        items, single = data, None
    else:
        items, single = [data], data
    kinds, rows = set(), 0
    for item in items:
        if not isinstance(item, dict):
            continue
        present = {kind for key, kind in fields.items() if item.get(key)}
        kinds |= present
        rows += bool(present)
    object_id = single.get("id", "") if isinstance(single, dict) else ""
    return kinds, rows, object_id


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
