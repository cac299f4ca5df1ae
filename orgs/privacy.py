"""Personal data: who sees phone and ID numbers in full, how others see them,
and the record of who received them in full.

Phones are needed by the people who call leaders and members: street
officers, community workers and an organisation's own leader. ID numbers are
needed only where filings are checked: street officers and community workers.
Everyone else (district staff reading ledgers, incubator operators, grid
members, reviewers) sees them masked, in every page, export and API response.
Public pages show neither, to anyone.

Residents are different: the name and phone a resident gives with a report
or a request (`Ticket.resident_*`, `Need.requester_*`) are seen in full only
by the people who answer that resident, decided per record
(`sees_resident`): the street officer and community worker of the
resident's community and the grid member handling the ticket. Everyone else
gets them masked, platform administrators included.

`MASK_TABLE` (at the end) is the whole picture: every personal field, role
and kind of surface; SECURITY.md prints it and the tests render it.

The fields: `Organisation.leader_phone` and `leader_id_number`,
`Person.phone` and `id_number`, `User.phone`, `Need.requester_phone`,
`Ticket.resident_phone`, a volunteer's `Volunteer.phone`, `guardian_name`
and `guardian_phone` (masked like a resident's report, `sees_resident`),
and the numbers of text messages
(`TextMessage.phone`, `PhoneOptOut.phone`, always masked); a resident's
sign-in codes (`SignInCode.phone`) and the survey's keyed digest of the
number (`SurveyAnswer.phone_digest`) are shown to no one; the points
mall's providers' contacts and clerks (`Provider.contact_*`,
`ProviderClerk.name` and `phone`) are shown like a leader's, and the
volunteer of an exchange always masked. Each model has a `<field>_masked` attribute
(`lib.masking.Masked`) for pages and admin forms. The masks themselves are
in lib/masking.py, below the models; this module, above them, says who
sees what and logs it. Where they are shown:

- the admin: `orgs.admin.PersonalDataAdminMixin` on each of those models'
  admins masks lists, forms (the full value is not even in an input), the
  history and its "changed from ... to ...", and refuses search and
  changelist filters on a number the user may not see;
- exports: a `Column(personal=PHONE)`, masked by its rows function with
  `shown()`; `orgs.spreadsheets.write_spreadsheet` refuses to write personal
  columns without the exporting user (`ExportInfo.by`);
- the API: serializer methods call `shown()`; the views returning them
  carry `PersonalDataAPIMixin`;
- portal pages call `shown()` in the view (`grids` ticket page, an
  organisation leader's member list).

Who exported and when: every XLSX has an "About this export" sheet with
the account and the minute (written by XlsxWriter, SPREADSHEET_WRITER=xlsxwriter,
the same in the file's properties too); a CSV, which has no room for it
without spoiling its columns, carries both in its file name.

Access log. Whenever a role that may see a number in full receives one,
`record_access` writes one `AccessLog` row for the request (never one a
row): who, when, through what (export, API, admin page, portal page), what
(the model, or the export's ledger), which record for a one-record page,
how many records, and which kinds of number were in full. Masked
deliveries write nothing. The log is read-only, in the admin, for platform
administrators only (the model has only the view permission): district
staff do not see the numbers in full, so neither do they see who did.
"""

from lib.masking import ID_NUMBER, MASKERS, NAME, PHONE, in_full

from .models import AccessLog, AccessSurface
from .roles import COMMUNITY_STAFF, Role

_UNMASKED_FOR = {
    PHONE: {Role.PLATFORM_ADMIN, Role.STREET_OFFICER, Role.COMMUNITY_WORKER, Role.ORG_LEADER},
    ID_NUMBER: {Role.PLATFORM_ADMIN, Role.STREET_OFFICER, Role.COMMUNITY_WORKER},
}


def can_see(user, kind: str) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.role in _UNMASKED_FOR[kind]


# A resident who reports a ticket or asks for a service gives a name and a
# phone so that the people who answer can call back; the public form tells
# them no one else sees them.
RESIDENT_CARERS = COMMUNITY_STAFF


def sees_resident(user, *, community_code: str, handles: bool = False) -> bool:
    """Whether `user` sees a resident's name and phone in full: the street
    officer and community worker whose area holds the resident's community,
    and the grid member handling the matter (`handles`, decided by the caller,
    which knows the grids). Everyone else, organisation leaders, operators,
    district staff and platform administrators included, gets them masked:
    an assignee who must reach the resident does so through the platform."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.role in RESIDENT_CARERS:
        return bool(user.area_id and community_code.startswith(user.area.code))
    return user.role == Role.GRID_MEMBER and handles


def resident_shown(visible: bool, kind: str, value: str) -> str:
    return value if visible else MASKERS[kind](value)


def shown(user, kind: str, value: str) -> str:
    """The value as `user` may see it."""
    return value if can_see(user, kind) else MASKERS[kind](value)


def unmasked_kinds(user, kinds) -> list[str]:
    """Of `kinds`, those `user` sees in full, sorted."""
    return sorted({kind for kind in kinds if can_see(user, kind)})


def record_access(
    *, user, kinds, surface: str, what: str, rows: int = 1, object_id="", path="", delivered=None
):
    """Log that `user` received `rows` records with numbers of `kinds`, if
    any of them was in full; return the row written, or None.

    `delivered`: the kinds the caller knows were sent in full (for rules that
    depend on the record, such as a resident's phone); without it, the kinds
    the user's role sees in full."""
    unmasked = unmasked_kinds(user, kinds) if delivered is None else sorted(set(delivered) - {NAME})
    if not unmasked or rows < 1:
        return None
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
            kinds, rows, object_id = _personal_in(getattr(response, "data", None), fields)
            record_access(
                user=request.user,
                kinds=kinds,
                delivered=kinds,
                surface=AccessSurface.API,
                what=self.personal_what,
                rows=rows,
                object_id=object_id,
                path=request.path,
            )
        return response


def _personal_in(data, fields: dict[str, str]) -> tuple[set[str], int, str]:
    """The kinds of number in full in a response body, how many items had
    one, and the item's id when the body is one item."""
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
        present = {kind for key, kind in fields.items() if in_full(kind, item.get(key) or "")}
        kinds |= present
        rows += bool(present)
    object_id = single.get("id", "") if isinstance(single, dict) else ""
    return kinds, rows, object_id


# --- the mask table ---------------------------------------------------------------
#
# Every personal field, for every role, on every kind of surface: "full",
# "masked" or "none" (the role is never shown it there: the record is outside
# its reach, or the surface leaves the field out). SECURITY.md prints the same
# table; tests/test_personal_data.py checks the two agree and renders every
# surface of each row for every role with real data. A role's cell holds for
# the records within its jurisdiction; outside it everything is "none".
# "grid member" is the member handling the ticket (of its grid, or given it);
# "other grid member" is one of the same community who does not handle it.
# The numbers texts went to (TextMessage) and those that opted out
# (PhoneOptOut) belong to no place: masked for everyone who may read those
# lists (notifications/roles.py), in every area; in full nowhere but the
# DEBUG outbox of a development machine.

PAGE, API, EXPORT = "page", "API", "export"
FULL, MASKED, NONE = "full", "masked", "none"
TABLE_ROLES = (
    "platform admin",
    "district staff",
    "street officer",
    "community worker",
    "operator",
    "org leader",
    "grid member",
    "other grid member",
    "reviewer",
    "anonymous",
)
_CELLS = {"F": FULL, "M": MASKED, "-": NONE}


def _row(cells: str) -> dict[str, str]:
    return dict(zip(TABLE_ROLES, (_CELLS[c] for c in cells.split()), strict=True))


# fmt: off
#                                              admin dist street comm oper leader grid other rev anon
MASK_TABLE: dict[tuple[str, str], dict[str, str]] = {
    ("Organisation.leader_name", PAGE):        _row("F F F F F - - - - -"),
    ("Organisation.leader_name", API):         _row("- - - - - - - - - -"),
    ("Organisation.leader_name", EXPORT):      _row("F F F F F F F F - -"),
    ("Organisation.leader_phone", PAGE):       _row("F M F F M - - - - -"),
    ("Organisation.leader_phone", API):        _row("- - - - - - - - - -"),
    ("Organisation.leader_phone", EXPORT):     _row("F M F F M F M M - -"),
    ("Organisation.leader_id_number", PAGE):   _row("F M F F M - - - - -"),
    ("Organisation.leader_id_number", API):    _row("- - - - - - - - - -"),
    ("Organisation.leader_id_number", EXPORT): _row("- - - - - - - - - -"),
    ("Person.name", PAGE):                     _row("F F F F F F - - - -"),
    ("Person.name", API):                      _row("- - - - - - - - - -"),
    ("Person.name", EXPORT):                   _row("F F F F F - - - - -"),
    ("Person.phone", PAGE):                    _row("F M F F M F - - - -"),
    ("Person.phone", API):                     _row("- - - - - - - - - -"),
    ("Person.phone", EXPORT):                  _row("F M F F M - - - - -"),
    ("Person.id_number", PAGE):                _row("F M F F M - - - - -"),
    ("Person.id_number", API):                 _row("- - - - - - - - - -"),
    ("Person.id_number", EXPORT):              _row("F M F F M - - - - -"),
    ("User.name", PAGE):                       _row("F F - - - - - - - -"),
    ("User.name", API):                        _row("- - - - - - - - - -"),
    ("User.name", EXPORT):                     _row("- - - - - - - - - -"),
    ("User.phone", PAGE):                      _row("F M - - - - - - - -"),
    ("User.phone", API):                       _row("- - - - - - - - - -"),
    ("User.phone", EXPORT):                    _row("- - - - - - - - - -"),
    ("Need.requester_name", PAGE):             _row("M M F F - - - - - -"),
    ("Need.requester_name", API):              _row("- - - - - - - - - -"),
    ("Need.requester_name", EXPORT):           _row("- - - - - - - - - -"),
    ("Need.requester_phone", PAGE):            _row("M M F F - - - - - -"),
    ("Need.requester_phone", API):             _row("- - - - - - - - - -"),
    ("Need.requester_phone", EXPORT):          _row("- - - - - - - - - -"),
    ("Ticket.resident_name", PAGE):            _row("M M F F M M F M - -"),
    ("Ticket.resident_name", API):             _row("M M F F M M F M - -"),
    ("Ticket.resident_name", EXPORT):          _row("M M F F - M F M - -"),
    ("Ticket.resident_phone", PAGE):           _row("M M F F M M F M - -"),
    ("Ticket.resident_phone", API):            _row("M M F F M M F M - -"),
    ("Ticket.resident_phone", EXPORT):         _row("M M F F - M F M - -"),
    ("TextMessage.phone", PAGE):               _row("M - - - - - - - - -"),
    ("TextMessage.phone", API):                _row("- - - - - - - - - -"),
    ("TextMessage.phone", EXPORT):             _row("- - - - - - - - - -"),
    ("PhoneOptOut.phone", PAGE):               _row("M - M M - - - - - -"),
    ("PhoneOptOut.phone", API):                _row("- - - - - - - - - -"),
    ("PhoneOptOut.phone", EXPORT):             _row("- - - - - - - - - -"),
    # A volunteer (volunteers.Volunteer): a resident's number and a minor's
    # guardian, in full to the street and community of the volunteer, like a
    # resident's report (sees_resident).
    ("Volunteer.phone", PAGE):                 _row("M M F F - - - - - -"),
    ("Volunteer.phone", API):                  _row("- - - - - - - - - -"),
    ("Volunteer.phone", EXPORT):               _row("- - - - - - - - - -"),
    ("Volunteer.guardian_name", PAGE):         _row("M M F F - - - - - -"),
    ("Volunteer.guardian_name", API):          _row("- - - - - - - - - -"),
    ("Volunteer.guardian_name", EXPORT):       _row("- - - - - - - - - -"),
    ("Volunteer.guardian_phone", PAGE):        _row("M M F F - - - - - -"),
    ("Volunteer.guardian_phone", API):         _row("- - - - - - - - - -"),
    ("Volunteer.guardian_phone", EXPORT):      _row("- - - - - - - - - -"),
    # A resident's sign-in codes and survey answers: never shown to staff.
    ("SignInCode.phone", PAGE):                _row("- - - - - - - - - -"),
    ("SignInCode.phone", API):                 _row("- - - - - - - - - -"),
    ("SignInCode.phone", EXPORT):              _row("- - - - - - - - - -"),
    ("SurveyAnswer.phone_digest", PAGE):       _row("- - - - - - - - - -"),
    ("SurveyAnswer.phone_digest", API):        _row("- - - - - - - - - -"),
    ("SurveyAnswer.phone_digest", EXPORT):     _row("- - - - - - - - - -"),
    # The points mall (orgs.models.providers, mall): a provider's contact and
    # its clerks are called by the staff who keep the mall, as a leader is.
    ("Provider.contact_name", PAGE):           _row("F F F F - - - - - -"),
    ("Provider.contact_name", API):            _row("- - - - - - - - - -"),
    ("Provider.contact_name", EXPORT):         _row("- - - - - - - - - -"),
    ("Provider.contact_phone", PAGE):          _row("F M F F - - - - - -"),
    ("Provider.contact_phone", API):           _row("- - - - - - - - - -"),
    ("Provider.contact_phone", EXPORT):        _row("- - - - - - - - - -"),
    ("ProviderClerk.name", PAGE):              _row("F F F F - - - - - -"),
    ("ProviderClerk.name", API):               _row("- - - - - - - - - -"),
    ("ProviderClerk.name", EXPORT):            _row("- - - - - - - - - -"),
    ("ProviderClerk.phone", PAGE):             _row("F M F F - - - - - -"),
    ("ProviderClerk.phone", API):              _row("- - - - - - - - - -"),
    ("ProviderClerk.phone", EXPORT):           _row("- - - - - - - - - -"),
    # The volunteer of an exchange, on statements and the exchanges ledger:
    # they settle points, not people, so masked for everyone (the clerk's
    # own page masks it too); the volunteer's phone is shown nowhere.
    ("Exchange.volunteer", PAGE):              _row("M M M M - - - - - -"),
    ("Exchange.volunteer", API):               _row("- - - - - - - - - -"),
    ("Exchange.volunteer", EXPORT):            _row("M M M M - - - - - -"),
    # Door-to-door visits (visits.VisitFinding): the people found and a group's
    # contact, on the visit's page, in full to the street and community who
    # go back to them; district staff read the visits masked. A group's own
    # name is no one's personal data.
    ("VisitFinding.name", PAGE):               _row("F M F F - - - - - -"),
    ("VisitFinding.name", API):                _row("- - - - - - - - - -"),
    ("VisitFinding.name", EXPORT):             _row("- - - - - - - - - -"),
    ("VisitFinding.contact_name", PAGE):       _row("F M F F - - - - - -"),
    ("VisitFinding.contact_name", API):        _row("- - - - - - - - - -"),
    ("VisitFinding.contact_name", EXPORT):     _row("- - - - - - - - - -"),
    ("VisitFinding.phone", PAGE):              _row("F M F F - - - - - -"),
    ("VisitFinding.phone", API):               _row("- - - - - - - - - -"),
    ("VisitFinding.phone", EXPORT):            _row("- - - - - - - - - -"),
    # A household linked to a party member (party.Household, 1+6+N): its head's
    # name and phone and its address, like a resident's report, in full to
    # the street and community of the household (sees_resident); the address
    # is masked like a name, its first character kept. No API, no export.
    ("Household.head_name", PAGE):             _row("M M F F - - - - - -"),
    ("Household.head_name", API):              _row("- - - - - - - - - -"),
    ("Household.head_name", EXPORT):           _row("- - - - - - - - - -"),
    ("Household.head_phone", PAGE):            _row("M M F F - - - - - -"),
    ("Household.head_phone", API):             _row("- - - - - - - - - -"),
    ("Household.head_phone", EXPORT):          _row("- - - - - - - - - -"),
    ("Household.address", PAGE):               _row("M M F F - - - - - -"),
    ("Household.address", API):               _row("- - - - - - - - - -"),
    ("Household.address", EXPORT):             _row("- - - - - - - - - -"),
    # A venue's booker (venues.Booking: a resident signed in by phone, or an
    # organisation's leader): like a resident's report (sees_resident), in
    # full to the street and community of the venue; masked for the
    # organisation holding the venue in custody and for the district.
    ("Booking.booker_name", PAGE):             _row("M M F F - M - - - -"),
    ("Booking.booker_name", API):              _row("- - - - - - - - - -"),
    ("Booking.booker_name", EXPORT):           _row("- - - - - - - - - -"),
    ("Booking.booker_phone", PAGE):            _row("M M F F - M - - - -"),
    ("Booking.booker_phone", API):             _row("- - - - - - - - - -"),
    ("Booking.booker_phone", EXPORT):          _row("- - - - - - - - - -"),
    # Claims (issue 24): a party member's or a unit clerk's name and phone,
    # called by the community that confirms the claim, like a resident's
    # report (sees_resident); the claimant's own page shows their number
    # masked, the department's page shows no claimant but itself.
    ("Claim.claimant_name", PAGE):             _row("M M F F - - - - - -"),
    ("Claim.claimant_name", API):              _row("- - - - - - - - - -"),
    ("Claim.claimant_name", EXPORT):           _row("- - - - - - - - - -"),
    ("Claim.claimant_phone", PAGE):            _row("M M F F - - - - - -"),
    ("Claim.claimant_phone", API):             _row("- - - - - - - - - -"),
    ("Claim.claimant_phone", EXPORT):          _row("- - - - - - - - - -"),
    # Qualifications and honours (honours/, issue 24): a certificate number in
    # full to the staff who record or pay for it and to an organisation's
    # leader for its own members, like its holder's name (on the lists of
    # qualifications and of the rewards paid for them);
    # a commended person is the public subject of the honour, name and
    # community only (SECURITY.md §2, "Qualifications and honours").
    ("Qualification.certificate_number", PAGE): _row("F F F F - F - - - -"),
    ("Qualification.certificate_number", API):  _row("- - - - - - - - - -"),
    ("Qualification.certificate_number", EXPORT): _row("- - - - - - - - - -"),
    ("Qualification.person", PAGE):             _row("F F F F - F - - - -"),
    ("Qualification.person", API):              _row("- - - - - - - - - -"),
    ("Qualification.person", EXPORT):           _row("- - - - - - - - - -"),
    ("Commendation.person", PAGE):              _row("F F F F F F F F F F"),
    ("Commendation.person", API):               _row("- - - - - - - - - -"),
    ("Commendation.person", EXPORT):            _row("- - - - - - - - - -"),
}
# fmt: on


def mask_table_markdown() -> str:
    """The table as SECURITY.md prints it."""
    lines = [
        "| field | surface | " + " | ".join(TABLE_ROLES) + " |",
        "|---|---|" + "---|" * len(TABLE_ROLES),
    ]
    for (field, surface), cells in MASK_TABLE.items():
        lines.append(f"| {field} | {surface} | " + " | ".join(cells.values()) + " |")
    return "\n".join(lines)
