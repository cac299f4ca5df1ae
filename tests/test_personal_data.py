"""Personal data, protected by role and by record (orgs.privacy), on every
surface that shows it: admin lists, forms and history, portal pages, public
pages, exports and the API.

`orgs.privacy.MASK_TABLE` says, for every personal field, role and kind of
surface (page, API, export), whether the role sees it in full, masked or not
at all; SECURITY.md prints the same table. `SURFACES` lists each place a
personal field is rendered; for each surface, every persona (and an anonymous
visitor) fetches it with real data, and each field found there must be as the
table says (the surface's `viewers` must find it). The same list checks that
every unmasked delivery is written to the access log, once a request, and a
masked one is not. A new surface is one line.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from downloads.models import Download
from grids import services as ticket_services
from incubators.models import Fund, Platform, Residency
from lib.masking import ID_NUMBER, MASKERS, NAME, PHONE, mask_id_number, mask_name, mask_phone
from lib.spreadsheets import exporters
from mall import services as mall_services
from mall.models import Offer
from notifications.models import PhoneOptOut, TextMessage
from orgs.models import (
    AccessLog,
    AccessSurface,
    Area,
    Membership,
    Provider,
    ProviderClerk,
    ProviderKind,
)
from orgs.privacy import API, EXPORT, FULL, MASK_TABLE, MASKED, NONE, PAGE, mask_table_markdown
from orgs.roles import Role
from orgs.services import volunteering
from party.models import Household
from projects.services import needs as need_services
from tests.admin_forms import form_data
from tests.factories import PersonFactory, UserFactory
from tests.grid_helpers import from_resident
from volunteers.models import Volunteer, VolunteerStatus

ROLES = [
    "platform_admin",
    "district_officer",
    "street_a_officer",
    "street_b_officer",
    "community_worker",
    "org_leader",
    "grid_member",
    "other_grid_member",
    "operator",
    "reviewer",
    "outsider",
    None,  # an anonymous visitor
]

# The persona who plays each role of the mask table (orgs.privacy.MASK_TABLE).
# street_b_officer and outsider (district B) play no column: the records are
# outside their jurisdiction, so they must get "none" everywhere.
TABLE_PERSONAS = {
    "platform admin": "platform_admin",
    "district staff": "district_officer",
    "street officer": "street_a_officer",
    "community worker": "community_worker",
    "operator": "operator",
    "org leader": "org_leader",
    "grid member": "grid_member",
    "other grid member": "other_grid_member",
    "reviewer": "reviewer",
    "anonymous": None,
}
OUTSIDE = ("street_b_officer", "outsider")

# Who keeps the ledger of community A1, where every seeded record lives.
KEEPERS = frozenset({"platform_admin", "district_officer", "street_a_officer", "community_worker"})


@dataclass(frozen=True)
class Personal:
    """A personal field of a seeded record: the mask table's name for it, and
    a recognisable value."""

    record: str
    attribute: str
    kind: str
    value: str
    field: str  # the mask table's row name, e.g. "Ticket.resident_phone"

    @property
    def masked(self) -> str:
        return MASKERS[self.kind](self.value)


# fmt: off
FIELDS = {
    "leader_name":     Personal("organisation", "leader_name", NAME, "刘芳华", "Organisation.leader_name"),
    "leader_phone":    Personal("organisation", "leader_phone", PHONE, "13912345678", "Organisation.leader_phone"),
    "leader_id":       Personal("organisation", "leader_id_number", ID_NUMBER, "410108199001011232", "Organisation.leader_id_number"),
    "person_name":     Personal("person", "name", NAME, "张桂兰", "Person.name"),
    "person_phone":    Personal("person", "phone", PHONE, "13923456789", "Person.phone"),
    "person_id":       Personal("person", "id_number", ID_NUMBER, "410108198506155675", "Person.id_number"),
    "account_name":    Personal("account", "name", NAME, "赵社工", "User.name"),
    "account_phone":   Personal("account", "phone", PHONE, "13934567890", "User.phone"),
    "requester_name":  Personal("need", "requester_name", NAME, "李大爷", "Need.requester_name"),
    "requester_phone": Personal("need", "requester_phone", PHONE, "13945678901", "Need.requester_phone"),
    "resident_name":   Personal("ticket", "resident_name", NAME, "王秀英", "Ticket.resident_name"),
    "resident_phone":  Personal("ticket", "resident_phone", PHONE, "13956789012", "Ticket.resident_phone"),
    "text_phone":      Personal("textmessage", "phone", PHONE, "13967890123", "TextMessage.phone"),
    "opt_out_phone":   Personal("optout", "phone", PHONE, "13978901234", "PhoneOptOut.phone"),
    "volunteer_phone": Personal("volunteer", "phone", PHONE, "13989012345", "Volunteer.phone"),
    "guardian_name":   Personal("volunteer", "guardian_name", NAME, "欧阳建国", "Volunteer.guardian_name"),
    "guardian_phone":  Personal("volunteer", "guardian_phone", PHONE, "13990123456", "Volunteer.guardian_phone"),
    "contact_name":    Personal("provider", "contact_name", NAME, "周经理", "Provider.contact_name"),
    "contact_phone":   Personal("provider", "contact_phone", PHONE, "13981112345", "Provider.contact_phone"),
    "clerk_name":      Personal("clerk", "name", NAME, "吴收银", "ProviderClerk.name"),
    "clerk_phone":     Personal("clerk", "phone", PHONE, "13982223456", "ProviderClerk.phone"),
    "exchanger":       Personal("exchanger", "name", NAME, "孙志远", "Exchange.volunteer"),
    # Door-to-door visits: a 五老 found, and a group's contact (visits.VisitFinding).
    "finding_name":    Personal("finding", "name", NAME, "钱振华", "VisitFinding.name"),
    "finding_phone":   Personal("finding", "phone", PHONE, "13983334567", "VisitFinding.phone"),
    "finding_contact": Personal("groupfinding", "contact_name", NAME, "韩秀梅", "VisitFinding.contact_name"),
    "household_head":  Personal("household", "head_name", NAME, "欧阳秀梅", "Household.head_name"),
    "household_phone": Personal("household", "head_phone", PHONE, "13983334567", "Household.head_phone"),
    "household_address": Personal("household", "address", NAME, "英才社区九号楼三单元", "Household.address"),
    "booker_name":     Personal("booking", "booker_name", NAME, "钱秀芳", "Booking.booker_name"),
    "booker_phone":    Personal("booking", "booker_phone", PHONE, "13983334567", "Booking.booker_phone"),
    "claimant_name":   Personal("claim", "claimant_name", NAME, "刘建军", "Claim.claimant_name"),
    "claimant_phone":  Personal("claim", "claimant_phone", PHONE, "13983334567", "Claim.claimant_phone"),
    # Qualifications and honours (honours/): a member's certificate, the person
    # a reward was paid to (what the reward names), a commended person.
    "certificate":     Personal("qualification", "certificate_number", ID_NUMBER, "SW2026410108777", "Qualification.certificate_number"),
    "rewarded":        Personal("rewarded", "name", NAME, "上官秀英", "Qualification.person"),
    "commended":       Personal("commended", "name", NAME, "司马建华", "Commendation.person"),
}
# fmt: on


@dataclass
class Env:
    organisation: object
    person: object
    account: object
    need: object
    ticket: object
    textmessage: object
    optout: object
    volunteer: object
    grid: object
    capture: Callable
    provider: object
    clerk: object
    exchanger: object  # the volunteer of a picked-up exchange in the points mall
    booking: object  # a resident's booking of a venue held by the leader's organisation
    claim: object  # a party member's claim of a 微心愿 (claims, issue 24)
    users: dict = field(default_factory=dict)
    finding: object = None  # a door-to-door visit's 五老 found (visits)
    groupfinding: object = None  # and the group found on it
    household: object = None  # linked to a party member (party/, 1+6+N)
    qualification: object = None  # a member's 社会工作师 certificate (honours/)
    rewarded: object = None  # the person a reward was paid to
    commended: object = None  # a person commended


@pytest.fixture
def env(personas, grids, territory, django_capture_on_commit_callbacks) -> Env:
    """One record per personal field in community A1, each first saved with
    another value, so that its history shows a change to the value. The
    organisation is resident in the operator's community site, and the
    ticket is given to it: both reach its records."""
    worker = personas.community_worker
    person = PersonFactory(name="张大姐", community=territory.community_a1, phone="13900000001")
    Membership.objects.create(person=person, organisation=personas.organisation_a1)
    site = Platform.objects.create(
        name="英才社区孵化园", area=territory.community_a1, operator=personas.agency
    )
    Residency.objects.create(
        platform=site,
        organisation=personas.organisation_a1,
        entered_on=timezone.localdate(),
        recorded_by=personas.district_officer,
    )
    need = need_services.post_need(
        by=worker,
        community=territory.community_a1,
        title="楼道灯坏了",
        requester_name="李先生",
        requester_phone="13900000002",
    )
    ticket = from_resident(territory.community_a1, grids.hazard, grid=grids.a1)
    ticket.assigned_organisation = personas.organisation_a1
    records = {
        "organisation": personas.organisation_a1,
        "person": person,
        "account": worker,
        "need": need,
        "ticket": ticket,
        # Numbers of no place (notifications/roles.py).
        "textmessage": TextMessage.objects.create(phone="13900000003", template="tracking"),
        "optout": PhoneOptOut.objects.create(phone="13900000004"),
        # The person registered as a volunteer, awaiting the guardian (as a minor would).
        "volunteer": Volunteer.objects.create(
            person=person,
            phone="13900000005",
            guardian_name="某监护人",
            guardian_phone="13900000006",
            status=VolunteerStatus.AWAITING_GUARDIAN,
        ),
        **mall_records(territory, worker),
        **visit_records(territory, worker),
        "household": Household.objects.create(
            community=territory.community_a1,
            address="英才社区一号楼",
            head_name="曹某某",
            head_phone="13900000008",
        ),
        "booking": venue_booking(territory, personas),
        "claim": claim_record(territory, worker),
        **honours_records(territory, personas),
    }
    for personal in FIELDS.values():
        setattr(records[personal.record], personal.attribute, personal.value)
    for record in records.values():
        record.save()
    users = {role: getattr(personas, role) for role in ROLES if role and hasattr(personas, role)}
    # A grid member of the same community who does not handle the ticket.
    users["other_grid_member"] = UserFactory(
        username="grid2", name="钱网格", role=Role.GRID_MEMBER, area=territory.community_a1
    )
    grids.a1_second.members.add(users["other_grid_member"])
    return Env(**records, grid=grids.a1, capture=django_capture_on_commit_callbacks, users=users)


def visit_records(territory, worker) -> dict:
    """A door-to-door visit of community A1 that found a 五老 and a group."""
    from visits import services as visit_services
    from visits.models import ElderKind, FindingKind, Visit, VisitFinding

    visit = visit_services.record_visit(
        visit=Visit(
            community=territory.community_a1, visited_on=timezone.localdate(), address="英才街9号院"
        ),
        findings=[
            VisitFinding(
                kind=FindingKind.ELDER, name="钱某", phone="13900000008", elder_kind=ElderKind.CADRE
            ),
            VisitFinding(
                kind=FindingKind.SELF_ORGANISATION, name="9号院腰鼓队", contact_name="韩某"
            ),
        ],
        by=worker,
    )
    finding, group = visit.findings.order_by("id")
    return {"finding": finding, "groupfinding": group}


def mall_records(territory, worker) -> dict:
    """A provider of community A1 with a clerk, and a volunteer's exchange
    picked up there this month (on its statement and in its ledger)."""
    provider = Provider.objects.create(
        name="英才便民超市",
        kind=ProviderKind.BUSINESS,
        area=territory.community_a1,
        contact_name="郑经理",
        contact_phone="13900000005",
    )
    clerk = ProviderClerk.objects.create(provider=provider, name="冯收银", phone="13900000006")
    exchanger = PersonFactory(name="孙某某", community=territory.community_a1)
    Volunteer.objects.create(
        person=exchanger, phone="13900000007", status=VolunteerStatus.CONFIRMED
    )
    volunteering.record_service(
        person=exchanger, served_on=timezone.localdate(), hours=2, activity="巡逻", by=worker
    )
    offer = Offer.objects.create(provider=provider, name="洗衣液", points=10, stock=3)
    made = mall_services.exchange(phone="13900000007", offer_id=offer.pk)
    mall_services.confirm_pickup(phone=clerk.phone, code=made.code)
    return {"provider": provider, "clerk": clerk, "exchanger": exchanger}


def venue_booking(territory, personas):
    """A resident's booking, tomorrow, of a grid station of community A1 held
    in custody by the leader's organisation."""
    from datetime import time, timedelta

    from venues import services as venue_services
    from venues.models import OpeningHours, Room, Venue, VenueKind

    venue = Venue.objects.create(
        name="英才社区网格党群服务站",
        kind=VenueKind.GRID_STATION,
        community=territory.community_a1,
        address="英才街12号院",
        custodian=personas.organisation_a1,
    )
    room = Room.objects.create(venue=venue, name="议事室", capacity=12)
    day = timezone.localdate() + timedelta(days=1)
    OpeningHours.objects.create(venue=venue, weekday=day.weekday(), opens=time(8), closes=time(21))
    return venue_services.book(
        room_id=room.pk,
        starts_at=venue_services.at(day, time(19)),
        ends_at=venue_services.at(day, time(20)),
        purpose="楼院议事",
        attendees=8,
        phone="13900000008",
        name="某居民",
    )


def honours_records(territory, personas) -> dict:
    """A member of the leader's organisation qualified as a 社会工作师 (read
    by the leader on its members' list), a reward paid to another person for
    hers, and a person commended by the district (shown on the public page)."""
    from datetime import date
    from decimal import Decimal

    from honours.models import Qualification, QualificationKind, Reward, RewardBudget
    from orgs.models import Commendation

    kind = QualificationKind.objects.get(name="社会工作师")
    member = PersonFactory(name="某社工", community=territory.community_a1)
    Membership.objects.create(person=member, organisation=personas.organisation_a1)
    qualification = Qualification.objects.create(
        person=member,
        kind=kind,
        certificate_number="SW0000",
        obtained_on=date(2026, 6, 1),
        issued_by="人社部",
        recorded_by=personas.community_worker,
    )
    rewarded = PersonFactory(name="某受奖人", community=territory.community_a1)
    Membership.objects.create(person=rewarded, organisation=personas.organisation_a1)
    budget = RewardBudget.objects.create(
        area=territory.district_a, year=timezone.localdate().year, amount=Decimal("300000")
    )
    Reward.objects.create(
        qualification=Qualification.objects.create(
            person=rewarded,
            kind=kind,
            certificate_number="SW0001",
            obtained_on=date(2026, 6, 1),
            issued_by="人社部",
            recorded_by=personas.community_worker,
        ),
        budget=budget,
        amount=Decimal("2000"),
        decided_on=timezone.localdate(),
        decided_by=personas.district_officer,
    )
    commended = PersonFactory(name="某先进", community=territory.community_a1)
    Commendation.objects.create(
        person=commended,
        title="优秀志愿者",
        awarded_by="惠济区民政局",
        awarded_on=timezone.localdate(),
    )
    return {"qualification": qualification, "rewarded": rewarded, "commended": commended}


def claim_record(territory, worker):
    """A 微心愿 of community A1 claimed by a resident declaring themselves a
    party member (claims, issue 24)."""
    from claims import services as claims

    wish = need_services.post_need(
        by=worker, community=territory.community_a1, title="想要一台收音机", requester_name="王奶奶"
    )
    return claims.claim_as_resident(
        need_id=wish.pk, phone="13900000008", plan="上门送", as_unit=False, name="某党员"
    )


# --- fetching a surface: (client, user, env) -> (status, text) ------------------------


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def spreadsheet_text(content: bytes) -> str:
    """Every cell of every sheet of a workbook, or a CSV as it is."""
    if content[:2] != b"PK":
        return content.decode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def got(response, spreadsheet=False):
    if response.status_code != 200:
        return response.status_code, ""
    content = body(response)
    return 200, spreadsheet_text(content) if spreadsheet else content.decode()


def kind_of(surface_kind):
    """Marks a fetch function with the mask table's kind of surface."""

    def mark(fetch):
        fetch.surface_kind = surface_kind
        return fetch

    return mark


def page(url):
    """A GET of url(env)."""

    @kind_of(PAGE)
    def fetch(client, user, env):
        return got(client.get(url(env)))

    return fetch


def admin(model, view, record=None):
    """An admin page of `model` ("app.model"): list, change, history or version."""
    app, name = model.split(".")

    def url(env):
        if view == "changelist":
            return reverse(f"admin:{app}_{name}_changelist")
        obj = getattr(env, record)
        if view == "version":
            version = obj.history.latest().history_id
            return reverse(f"admin:{app}_{name}_simple_history", args=[obj.pk, version])
        return reverse(f"admin:{app}_{name}_{view}", args=[obj.pk])

    return page(url)


def sheet(url_name, fmt="xlsx"):
    @kind_of(EXPORT)
    def fetch(client, user, env):
        query = "?format=csv" if fmt == "csv" else ""
        return got(client.get(reverse(url_name) + query), spreadsheet=True)

    return fetch


def action(model, name, record):
    """An admin action on the changelist, for one selected record."""
    app, model_name = model.split(".")

    @kind_of(EXPORT)
    def fetch(client, user, env):
        response = client.post(
            reverse(f"admin:{app}_{model_name}_changelist"),
            {"action": name, "_selected_action": [getattr(env, record).pk]},
        )
        if response.get("Content-Disposition", "").startswith("attachment"):
            return got(response, spreadsheet=True)
        return response.status_code, ""

    return fetch


def download(kind, fmt="xlsx"):
    """Asked for in the download centre, built, and fetched by its owner."""

    @kind_of(EXPORT)
    def fetch(client, user, env):
        with env.capture(execute=True):
            started = client.post(reverse("downloads:start"), {"kind": kind, "fmt": fmt})
        if started.status_code != 302 or user is None:
            return started.status_code, ""
        latest = Download.objects.filter(owner=user, kind=kind).order_by("-pk").first()
        return got(client.get(reverse("downloads:fetch", args=[latest.pk])), spreadsheet=True)

    return fetch


def api(path):
    return kind_of(API)(
        lambda client, user, env: got(client.get(path(env), HTTP_ACCEPT="application/json"))
    )


@dataclass(frozen=True)
class Surface:
    name: str
    fields: tuple[str, ...]
    fetch: Callable
    viewers: frozenset = frozenset()  # roles that must find the fields there (not "none")
    # False for records of no place (a phone's opt-out): the personas outside
    # district A's records see them as their role's column says.
    territorial: bool = True

    @property
    def kind(self) -> str:
        return self.fetch.surface_kind


ORG, PERSON, ACCOUNT = "orgs.organisation", "orgs.person", "orgs.user"
NEED, TICKET = "projects.need", "grids.ticket"
TEXT, OPT_OUT = "notifications.textmessage", "notifications.phoneoptout"
VOLUNTEER = "volunteers.volunteer"
GUARDIAN = ("volunteer_phone", "guardian_name", "guardian_phone")
LEADER = ("leader_name", "leader_phone", "leader_id")
MEMBER = ("person_name", "person_phone", "person_id")
ACCOUNT_FIELDS = ("account_name", "account_phone")
REQUESTER = ("requester_name", "requester_phone")
CLAIM, CLAIMANT = "claims.claim", ("claimant_name", "claimant_phone")
RESIDENT = ("resident_name", "resident_phone")
PROVIDER, CLERK = "orgs.provider", "orgs.providerclerk"
PROVIDER_FIELDS = ("contact_name", "contact_phone")
CLERK_FIELDS = ("clerk_name", "clerk_phone")
HOUSEHOLD_MODEL, HOUSEHOLD = (
    "party.household",
    ("household_head", "household_phone", "household_address"),
)
BOOKER = ("booker_name", "booker_phone")


def need_status(env):
    return reverse("public_needs:status", args=[need_services.tracking_token(env.need)])


def ticket_token(env):
    return ticket_services.tracking_token(env.ticket)


WARDENS = frozenset({"platform_admin", "district_officer"})  # the accounts' admins
LEDGER = KEEPERS | {"operator"}  # the organisation is resident in the operator's site
PATROL = KEEPERS | {"grid_member", "other_grid_member", "operator", "org_leader"}
NOBODY = frozenset()  # public pages: the record is there, its personal fields are not
ADMINS = frozenset({"platform_admin"})
# Opt-outs are recorded by the street and the community, any street's.
OPT_OUT_KEEPERS = frozenset(
    {"platform_admin", "street_a_officer", "street_b_officer", "community_worker"}
)

# fmt: off
SURFACES = [
    Surface("organisation list",         ("leader_name", "leader_phone"), admin(ORG, "changelist"), LEDGER),
    Surface("organisation form",         LEADER, admin(ORG, "change", "organisation"), LEDGER),
    Surface("organisation history",      LEADER, admin(ORG, "history", "organisation"), LEDGER),
    Surface("organisation version",      LEADER, admin(ORG, "version", "organisation"), LEDGER),
    Surface("ledger export",             ("leader_name", "leader_phone"), sheet("admin:orgs_organisation_export"), LEDGER),
    Surface("ledger export csv",         ("leader_name", "leader_phone"), sheet("admin:orgs_organisation_export", "csv"), LEDGER),
    Surface("ledger export action",      ("leader_name", "leader_phone"), action(ORG, "export_ledger", "organisation"), LEDGER),
    Surface("download: organisations",   ("leader_name", "leader_phone"), download("organisations"), LEDGER | {"org_leader", "grid_member", "other_grid_member"}),
    Surface("download: organisations csv", ("leader_name", "leader_phone"), download("organisations", "csv"), LEDGER | {"org_leader", "grid_member", "other_grid_member"}),
    Surface("public organisation page",  LEADER, page(lambda env: reverse("public:organisation", args=[env.organisation.pk])), NOBODY),
    Surface("people list",               ("person_name", "person_phone"), admin(PERSON, "changelist"), LEDGER),
    Surface("person form",               MEMBER, admin(PERSON, "change", "person"), LEDGER),
    Surface("person history",            MEMBER, admin(PERSON, "history", "person"), LEDGER),
    Surface("person version",            MEMBER, admin(PERSON, "version", "person"), LEDGER),
    Surface("member export",             MEMBER, sheet("admin:orgs_person_export"), LEDGER),
    Surface("member export csv",         MEMBER, sheet("admin:orgs_person_export", "csv"), LEDGER),
    Surface("download: members",         MEMBER, download("members"), LEDGER),
    Surface("my organisation's members", ("person_name", "person_phone"), page(lambda env: reverse("portal:my_organisation")), frozenset({"org_leader"})),
    Surface("account form",              ACCOUNT_FIELDS, admin(ACCOUNT, "change", "account"), WARDENS),
    Surface("account history",           ACCOUNT_FIELDS, admin(ACCOUNT, "history", "account"), WARDENS),
    Surface("account version",           ACCOUNT_FIELDS, admin(ACCOUNT, "version", "account"), WARDENS),
    Surface("need form",                 REQUESTER, admin(NEED, "change", "need"), KEEPERS),
    Surface("need history",              ("requester_phone",), admin(NEED, "history", "need"), KEEPERS),
    Surface("need version",              REQUESTER, admin(NEED, "version", "need"), KEEPERS),
    Surface("public need status",        REQUESTER, page(need_status), NOBODY),
    Surface("ticket form",               RESIDENT, admin(TICKET, "change", "ticket"), KEEPERS),
    Surface("ticket history",            ("resident_phone",), admin(TICKET, "history", "ticket"), KEEPERS),
    Surface("ticket version",            RESIDENT, admin(TICKET, "version", "ticket"), KEEPERS),
    Surface("ticket register",           RESIDENT, sheet("admin:grids_ticket_export"), KEEPERS),
    Surface("ticket register csv",       RESIDENT, sheet("admin:grids_ticket_export", "csv"), KEEPERS),
    Surface("ticket register action",    RESIDENT, action(TICKET, "export_register", "ticket"), KEEPERS),
    Surface("download: tickets",         RESIDENT, download("tickets"), KEEPERS | {"org_leader", "grid_member", "other_grid_member"}),
    Surface("portal ticket page",        RESIDENT, page(lambda env: reverse("grids:ticket", args=[env.ticket.pk])), PATROL),
    Surface("API ticket list",           RESIDENT, api(lambda env: "/api/v1/tickets/"), PATROL),
    Surface("API ticket detail",         RESIDENT, api(lambda env: f"/api/v1/tickets/{env.ticket.pk}/"), PATROL),
    Surface("API grid tickets",          RESIDENT, api(lambda env: f"/api/v1/grids/{env.grid.pk}/tickets/"), KEEPERS | {"grid_member"}),
    Surface("public ticket status",      RESIDENT, page(lambda env: reverse("public_tickets:status", args=[ticket_token(env)])), NOBODY),
    Surface("public ticket API",         RESIDENT, api(lambda env: f"/api/v1/public/tickets/{ticket_token(env)}/"), NOBODY),
    Surface("volunteer list",            ("volunteer_phone",), admin(VOLUNTEER, "changelist"), KEEPERS),
    Surface("volunteer form",            GUARDIAN, admin(VOLUNTEER, "change", "volunteer"), KEEPERS),
    Surface("volunteer history",         GUARDIAN, admin(VOLUNTEER, "history", "volunteer"), KEEPERS),
    Surface("volunteer version",         GUARDIAN, admin(VOLUNTEER, "version", "volunteer"), KEEPERS),
    Surface("text message list",         ("text_phone",), admin(TEXT, "changelist"), ADMINS),
    Surface("text message page",         ("text_phone",), admin(TEXT, "change", "textmessage"), ADMINS),
    Surface("opt-out list",              ("opt_out_phone",), admin(OPT_OUT, "changelist"), OPT_OUT_KEEPERS, territorial=False),
    Surface("opt-out page",              ("opt_out_phone",), admin(OPT_OUT, "change", "optout"), OPT_OUT_KEEPERS, territorial=False),
    Surface("provider list",             PROVIDER_FIELDS, admin(PROVIDER, "changelist"), KEEPERS),
    Surface("provider form",             PROVIDER_FIELDS, admin(PROVIDER, "change", "provider"), KEEPERS),
    Surface("clerk list",                CLERK_FIELDS, admin(CLERK, "changelist"), KEEPERS),
    Surface("clerk form",                CLERK_FIELDS, admin(CLERK, "change", "clerk"), KEEPERS),
    Surface("mall statement",            ("exchanger",), page(lambda env: f"/mall/statements/?provider={env.provider.pk}"), KEEPERS),
    Surface("download: mall exchanges",  ("exchanger",), download("mall_exchanges"), KEEPERS),
    Surface("visit page",                ("finding_name", "finding_phone", "finding_contact"), page(lambda env: reverse("visits:detail", args=[env.finding.visit_id])), KEEPERS),
    Surface("household list",            HOUSEHOLD, admin(HOUSEHOLD_MODEL, "changelist"), KEEPERS),
    Surface("household form",            HOUSEHOLD, admin(HOUSEHOLD_MODEL, "change", "household"), KEEPERS),
    Surface("household history",         HOUSEHOLD, admin(HOUSEHOLD_MODEL, "history", "household"), KEEPERS),
    Surface("household version",         HOUSEHOLD, admin(HOUSEHOLD_MODEL, "version", "household"), KEEPERS),
    Surface("venue page",                BOOKER, page(lambda env: reverse("venues:venue", args=[env.booking.room.venue_id])), KEEPERS | {"org_leader"}),
    Surface("venues and bookings",       BOOKER, page(lambda env: reverse("venues:venues")), KEEPERS | {"org_leader"}),
    Surface("public venue page",         BOOKER, page(lambda env: reverse("public_venues:venue", args=[env.booking.room.venue_id])), NOBODY),
    Surface("claim form",                CLAIMANT, admin(CLAIM, "change", "claim"), KEEPERS),
    Surface("claim history",             ("claimant_phone",), admin(CLAIM, "history", "claim"), KEEPERS),
    Surface("claim version",             CLAIMANT, admin(CLAIM, "version", "claim"), KEEPERS),
    Surface("qualification list",        ("certificate",), admin("honours.qualification", "changelist"), KEEPERS),
    Surface("qualification form",        ("certificate",), admin("honours.qualification", "change", "qualification"), KEEPERS),
    Surface("members' qualifications",   ("certificate", "rewarded"), page(lambda env: reverse("honours:qualifications")), KEEPERS | {"org_leader"}),
    Surface("reward list",               ("rewarded",), admin("honours.reward", "changelist"), KEEPERS),
    Surface("commendation list",         ("commended",), admin("orgs.commendation", "changelist"), KEEPERS),
    Surface("public honours",            ("commended",), page(lambda env: reverse("public_honours:list")), frozenset(ROLES), territorial=False),
]
# fmt: on


def visit(client, env, role):
    user = env.users.get(role)
    client.logout()
    if user is not None:
        client.force_login(user)
    return user


def seen(personal, text) -> str:
    if personal.value in text:
        return FULL
    return MASKED if personal.masked in text else NONE


# The column of the personas outside district A's records, for records of no place.
OUTSIDE_COLUMNS = {"street_b_officer": "street officer", "outsider": "district staff"}


def expected(personal, surface, role) -> str:
    """The mask table's cell for this persona (outside the jurisdiction: none)."""
    columns = {persona: column for column, persona in TABLE_PERSONAS.items()}
    if not surface.territorial:
        columns |= OUTSIDE_COLUMNS
    if role not in columns:
        return NONE
    return MASK_TABLE.get((personal.field, surface.kind), {}).get(columns[role], NONE)


def problems_on(surface, text, status, role) -> list[str]:
    problems = []
    for key in surface.fields:
        personal = FIELDS[key]
        cell = expected(personal, surface, role)
        found = seen(personal, text) if status == 200 else NONE
        where = f"{surface.name} as {role or 'anonymous'} ({key})"
        if role in surface.viewers and found != cell:
            problems.append(f"{where}: {found}, the table says {cell} (status {status})")
        elif found not in (cell, NONE):
            problems.append(f"{where}: {found}, the table says {cell}")
    return problems


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_each_role_sees_each_field_as_the_mask_table_says(surface, env, client):
    """Generated from orgs.privacy.MASK_TABLE: every surface, every role."""
    problems = []
    for role in ROLES:
        user = visit(client, env, role)
        status, text = surface.fetch(client, user, env)
        problems += problems_on(surface, text, status, role)
    assert not problems, "\n".join(problems)


def test_every_cell_of_the_table_is_rendered_by_a_surface():
    """A "full" or "masked" cell needs a surface where that persona must meet
    the field, or the table promises what no test checks; and every surface's
    fields are rows of the table."""
    covered = {
        (FIELDS[key].field, surface.kind, role)
        for surface in SURFACES
        for key in surface.fields
        for role in surface.viewers
    }
    untested = [
        (field_name, kind, column)
        for (field_name, kind), cells in MASK_TABLE.items()
        for column, cell in cells.items()
        if cell != NONE and (field_name, kind, TABLE_PERSONAS[column]) not in covered
    ]
    assert untested == []
    rows = {(FIELDS[key].field, surface.kind) for surface in SURFACES for key in surface.fields}
    assert {row for row in rows if row not in MASK_TABLE} == set()


def test_security_md_prints_the_mask_table():
    """SECURITY.md's table is the one the code and this test use."""
    text = (Path(__file__).resolve().parent.parent / "SECURITY.md").read_text(encoding="utf-8")
    assert mask_table_markdown() in text


def _allowed_and_masked(surface, env):
    """A viewer who gets every number of the surface in full, and one who gets them all masked."""
    numbers = [FIELDS[key] for key in surface.fields if FIELDS[key].kind != NAME]
    allowed = masked = None
    for role in sorted(surface.viewers, key=lambda role: role or ""):  # None: anonymous
        cells = {expected(personal, surface, role) for personal in numbers}
        if cells == {FULL} and allowed is None:
            allowed = role
        if cells == {MASKED} and masked is None:
            masked = role
    return allowed, masked


def _shown_in_full_somewhere(surface) -> bool:
    """Whether some viewer gets a number of the surface in full: the access
    log is for numbers (record_access leaves names out), so a surface of
    names alone (a commended person on the public honours page) logs nothing."""
    return any(
        FULL in MASK_TABLE.get((FIELDS[key].field, surface.kind), {}).values()
        for key in surface.fields
        if FIELDS[key].kind != NAME
    )


LOGGED = [s for s in SURFACES if s.viewers and _shown_in_full_somewhere(s)]
MASKED_ONLY = [s for s in SURFACES if s.viewers and not _shown_in_full_somewhere(s)]


@pytest.mark.parametrize("surface", MASKED_ONLY, ids=lambda s: s.name)
def test_a_surface_that_masks_for_everyone_logs_nothing(surface, env, client):
    for role in sorted(surface.viewers, key=lambda role: role or ""):  # None: anonymous
        user = visit(client, env, role)
        assert surface.fetch(client, user, env)[0] == 200
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("surface", LOGGED, ids=lambda s: s.name)
def test_each_unmasked_delivery_is_logged_once_and_a_masked_one_not(surface, env, client):
    allowed, masked = _allowed_and_masked(surface, env)
    assert allowed is not None, "no viewer of this surface may see its numbers in full"
    user = visit(client, env, allowed)
    before = AccessLog.objects.count()
    status, _text = surface.fetch(client, user, env)
    assert status == 200
    assert [entry.user for entry in AccessLog.objects.order_by("pk")[before:]] == [user]
    if masked is not None:
        user = visit(client, env, masked)
        before = AccessLog.objects.count()
        assert surface.fetch(client, user, env)[0] == 200
        assert AccessLog.objects.count() == before


# --- what the log says ---------------------------------------------------------


def test_an_export_is_logged_with_its_kind_and_row_count(env, client):
    user = visit(client, env, "street_a_officer")
    status, _text = download("members")(client, user, env)
    assert status == 200
    entry = AccessLog.objects.get()
    expected_rows = Membership.objects.for_user(user).current().count()
    assert (entry.surface, entry.what, entry.rows) == (
        AccessSurface.EXPORT,
        "members",
        expected_rows,
    )
    assert set(entry.kinds.split(",")) == {PHONE, ID_NUMBER}
    assert timezone.now() - entry.at < timedelta(minutes=1)


def test_an_admin_form_is_logged_with_the_record(env, client):
    user = visit(client, env, "community_worker")
    client.get(reverse("admin:orgs_person_change", args=[env.person.pk]))
    entry = AccessLog.objects.get()
    assert (entry.user, entry.surface, entry.what, entry.object_id) == (
        user,
        AccessSurface.ADMIN,
        "orgs.person",
        str(env.person.pk),
    )
    assert entry.kinds == f"{ID_NUMBER},{PHONE}"


def test_an_api_list_is_logged_with_its_row_count(env, client, grids):
    from_resident(env.ticket.community, grids.dispute, grid=grids.a1)
    user = visit(client, env, "community_worker")
    listed = client.get("/api/v1/tickets/").json()
    entry = AccessLog.objects.get()
    assert (entry.user, entry.surface) == (user, AccessSurface.API)
    assert entry.rows == len(listed["results"])
    assert entry.rows == 2


def test_only_platform_admins_read_the_log_and_nobody_edits_it(env, client):
    visit(client, env, "street_a_officer")
    client.get(reverse("admin:orgs_person_change", args=[env.person.pk]))
    entry = AccessLog.objects.get()
    changelist = reverse("admin:orgs_accesslog_changelist")
    change = reverse("admin:orgs_accesslog_change", args=[entry.pk])
    for role in ("district_officer", "street_a_officer", "community_worker"):
        visit(client, env, role)
        assert client.get(changelist).status_code == 403, role
    visit(client, env, "platform_admin")
    listing = client.get(changelist)
    assert listing.status_code == 200 and "street_a" in listing.content.decode()
    form = client.get(change)
    assert form.status_code == 200
    assert 'name="_save"' not in form.content.decode()  # read-only
    assert client.post(change, {"what": "forged"}).status_code == 403
    assert client.get(reverse("admin:orgs_accesslog_add")).status_code == 403
    assert client.get(reverse("admin:orgs_accesslog_delete", args=[entry.pk])).status_code == 403
    entry.refresh_from_db()
    assert entry.what == "orgs.person"


def test_one_insert_per_request_whatever_the_rows(env, client, territory):
    for n in range(30):
        PersonFactory(name=f"居民甲{n}", community=territory.community_a1)
    visit(client, env, "street_a_officer")
    client.get(reverse("admin:orgs_person_changelist"))
    entry = AccessLog.objects.get()
    # 30, the member, the mall's volunteer and the honours' three people
    # (env): one row of the log for all.
    assert entry.rows == 35 and entry.surface == AccessSurface.ADMIN


def test_masked_roles_cannot_filter_by_a_number_either(env, client):
    """A changelist filter on the phone in the address would tell a masked
    role, one digit at a time, what the number is."""
    visit(client, env, "district_officer")
    url = reverse("admin:orgs_person_changelist")
    assert client.get(url, {"phone__startswith": "1392"}).status_code == 400
    assert client.get(url, {"id_number__startswith": "4101081985"}).status_code == 400
    visit(client, env, "street_a_officer")
    response = client.get(url, {"phone__startswith": "1392"})
    assert [p.name for p in response.context["cl"].result_list] == ["张桂兰"]


def test_who_may_see_a_number_edits_it_and_who_may_not_cannot(env, client):
    """The street officer's form has the phone as an input and saves a new
    one; district staff, who may change tickets, get the resident's phone as
    masked text, and saving their form leaves the phone as it was."""
    visit(client, env, "street_a_officer")
    url = reverse("admin:orgs_person_change", args=[env.person.pk])
    page = client.get(url)
    assert "phone" in page.context["adminform"].form.fields
    data = {**form_data(page), "phone": "13811112222"}
    assert client.post(url, data).status_code == 302
    env.person.refresh_from_db()
    assert env.person.phone == "13811112222"

    visit(client, env, "district_officer")
    url = reverse("admin:grids_ticket_change", args=[env.ticket.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    assert "resident_phone" not in form.fields and "description" in form.fields
    assert client.post(url, {**form_data(page), "resident_phone": "13800000000"}).status_code == 302
    env.ticket.refresh_from_db()
    assert env.ticket.resident_phone == FIELDS["resident_phone"].value


def test_the_masks_keep_the_ends_of_the_number():
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("0371-66881234") == "0371-****1234"
    assert mask_id_number("410108199001011232") == "410108********1232"
    assert mask_name("张桂兰") == "张**"


# --- exports say who exported them and when -------------------------------------


def about_sheet(content: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {row[0]: row[1] for row in book["导出说明"].iter_rows(values_only=True)}


def minutes(before, after) -> set[str]:
    stamps, moment = set(), timezone.localtime(before).replace(second=0, microsecond=0)
    while moment <= after:
        stamps.add(moment.strftime("%Y-%m-%d %H:%M"))
        moment += timedelta(minutes=1)
    return stamps


def get(url_name, query=""):
    return lambda client, env: client.get(reverse(url_name) + query)


def selected(model, action_name, record):
    """An admin export action on one selected record."""

    def fetch(client, env):
        return client.post(
            reverse(f"admin:{model.replace('.', '_')}_changelist"),
            {"action": action_name, "_selected_action": [getattr(env, record).pk]},
        )

    return fetch


def areas(fmt):
    """django-import-export's export of areas, as the admin's export form posts it."""

    def fetch(client, env):
        return client.post(
            reverse("admin:orgs_area_export"),
            {
                "resource": "0",
                "format": "0" if fmt == "xlsx" else "1",  # IMPORT_EXPORT_FORMATS = [XLSX, CSV]
                "export_items": list(
                    Area.objects.filter(code__startswith="410108").values_list("pk", flat=True)
                ),
                **{f"arearesource_{name}": "on" for name in ("code", "name", "level", "parent")},
            },
        )

    return fetch


def centre(kind, fmt="xlsx"):
    def fetch(client, env):
        user = env.users["platform_admin"]
        with env.capture(execute=True):
            client.post(reverse("downloads:start"), {"kind": kind, "fmt": fmt})
        latest = Download.objects.filter(owner=user, kind=kind).order_by("-pk").first()
        return client.get(reverse("downloads:fetch", args=[latest.pk]))

    return fetch


def statement(client, env):
    fund = Fund.objects.create(
        name="惠济区社区治理基金",
        area=env.organisation.area.parent.parent,
        opened_on=timezone.localdate().replace(month=1, day=1),
    )
    today = timezone.localdate()
    return client.get(
        reverse("admin:incubators_fund_statement", args=[fund.pk]),
        {"start": today.replace(month=1, day=1), "end": today},
    )


STREET, DISTRICT, ADMIN = "street_a_officer", "district_officer", "platform_admin"
EXPORTS = [
    ("ledger", STREET, get("admin:orgs_organisation_export")),
    ("ledger action", STREET, selected(ORG, "export_ledger", "organisation")),
    ("members", STREET, get("admin:orgs_person_export")),
    ("tickets", STREET, get("admin:grids_ticket_export")),
    ("tickets action", STREET, selected(TICKET, "export_register", "ticket")),
    ("ticket statistics", STREET, get("grids:stats", "?format=xlsx")),
    ("fund statement", DISTRICT, statement),
    ("areas (import-export)", DISTRICT, areas("xlsx")),
    *[(f"download: {key}", ADMIN, centre(key)) for key in sorted(exporters._registry)],
]
CSV_EXPORTS = [
    ("ledger", STREET, get("admin:orgs_organisation_export", "?format=csv")),
    ("members", STREET, get("admin:orgs_person_export", "?format=csv")),
    ("tickets", STREET, get("admin:grids_ticket_export", "?format=csv")),
    ("areas (import-export)", DISTRICT, areas("csv")),
    ("download: members", ADMIN, centre("members", "csv")),
]


@pytest.mark.parametrize(("name", "role", "fetch"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_each_workbook_says_who_exported_it_and_when(name, role, fetch, env, client):
    user = visit(client, env, role)
    before = timezone.now()
    response = fetch(client, env)
    after = timezone.now()
    assert response.status_code == 200, response.content[:500]
    about = about_sheet(body(response))
    assert about["导出人"] == str(user)
    assert about["导出时间"] in minutes(before, after)


@pytest.mark.parametrize(("name", "role", "fetch"), CSV_EXPORTS, ids=[e[0] for e in CSV_EXPORTS])
def test_each_csv_is_named_for_who_exported_it_and_when(name, role, fetch, env, client):
    """A CSV has no second sheet; its file name carries the account and the minute."""
    user = visit(client, env, role)
    before = timezone.now()
    response = fetch(client, env)
    after = timezone.now()
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert user.username in disposition
    stamps = {m.replace("-", "").replace(" ", "-").replace(":", "") for m in minutes(before, after)}
    assert any(stamp in disposition for stamp in stamps), disposition
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert len(rows) >= 2  # a header and data: the name is all that was added
