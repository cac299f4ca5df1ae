"""The seeds' headline figures (issue 23) add up from the communities to
the district, for a month, a quarter and a year: every figure and every
breakdown key, generated over all of them, so a figure added later without
a sum is caught. The demo's own figures are checked in
devdata/tests/test_demo_story.py, on the build that module shares."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import Figure, Indicator
from assessments.rollups.indicators import compute_indicators
from grids.models import Grid, GridOrganisation
from incubators.models import Platform
from lib.periods import Month, Quarter, Year
from orgs.models import Membership, ServedGroup, Tier, Training, Transformation
from orgs.models import TransformationKind as Kind
from projects.models import (
    ActivityReport,
    BeneficiaryCount,
    Direction,
    Project,
    ProjectEvent,
    ProjectStatus,
)
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.postgres  # grouped SQL on both databases

PERIODS = [Month(2026, 10), Quarter(2026, 4), Year(2026)]
# The figures this issue added: each must be counted (non-zero below).
HEADLINES = Figure.values[Figure.values.index(Figure.NEW_ORGANISATIONS) :]


def _community_records(community, n, *, by, elders, disabled, direction, grid_join):
    """One community's records: a new brand organisation of 12 members in
    October, an older one whose list gains a member in October and which
    turned service-oriented, a training, a grid place and an awarded project
    serving two groups, with its activity report."""
    new = OrganisationFactory(
        name=f"{community.name}新队", area=community, founded_on=date(2026, 10, 9), is_brand=True
    )
    old = OrganisationFactory(name=f"{community.name}老队", area=community, member_count=20)
    old.founded_on = date(2019, 1, 1)
    old.save(update_fields=["founded_on"])
    Membership.objects.create(
        person=PersonFactory(community=community), organisation=old, joined_on=date(2026, 10, 3)
    )
    Transformation.objects.create(
        organisation=old,
        kind=Kind.BECAME_SERVICE_ORIENTED,
        occurred_on=date(2026, 10, 20),
        recorded_by=by,
    )
    Training.objects.create(
        topic="议事协商",
        held_on=date(2026, 10, 15),
        area=community,
        organiser="孵化中心",
        programme=["领航", "种子", "", "睦邻"][n],
        headcount=30 + n,
    )
    grid = Grid.objects.create(community=community, number=1, name="一网格")
    GridOrganisation.objects.create(grid=grid, organisation=old, joined_on=grid_join)
    project = Project.objects.create(
        title=f"{community.name}助老",
        community=community,
        direction=direction,
        description="助老服务",
        deliverables="助餐",
        budget_ceiling=Decimal("20000"),
        starts_on=date(2026, 11, 1),
        ends_on=date(2027, 3, 1),
        drafted_by=by,
        status=ProjectStatus.AWARDED,
        awarded_amount=Decimal(10000 + 1000 * n),
    )
    # Two narrower groups of the elders count once for them; disabled people too.
    project.groups.set([elders, *elders.children.all()[:1], disabled])
    event = ProjectEvent.objects.create(
        project=project, transition="award", from_status="review", to_status="awarded", by=by
    )
    ProjectEvent.objects.filter(pk=event.pk).update(
        at=timezone.make_aware(datetime(2026, 10, 25, 10))
    )
    report = ActivityReport.objects.create(
        project=project,
        held_on=date(2026, 12, 5),
        title="送餐",
        description="送餐上门",
        beneficiaries=25,
        reported_by=by,
    )
    BeneficiaryCount.objects.create(report=report, group=elders, count=20)
    BeneficiaryCount.objects.create(report=report, group=disabled, count=4)
    _visit_records(community, by)
    _honours_records(community, by)
    _claim_records(community, by)
    return new


def _claim_records(community, by):
    """A 微心愿 of the community claimed by a party member in October and
    fulfilled then (claims; assessments/rollups/claims.py)."""
    from claims.models import Claim, ClaimantKind, ClaimStatus
    from projects.models import Need, NeedStatus

    need = Need.objects.create(
        community=community,
        title="想要一台收音机",
        requester_name="王",
        status=NeedStatus.FULFILLED,
    )
    claim = Claim.objects.create(
        need=need,
        kind=ClaimantKind.PARTY_MEMBER,
        declared_party_member=True,
        claimant_name="刘",
        claimant_phone="13903715501",
        plan="送去",
        status=ClaimStatus.FULFILLED,
        fulfilled_on=date(2026, 10, 20),
        fulfilment_note="送到了",
    )
    Claim.objects.filter(pk=claim.pk).update(
        claimed_at=timezone.make_aware(datetime(2026, 10, 12, 9))
    )


def _honours_records(community, by):
    """A 社会工作师 of the community, qualified and rewarded in October, and
    commended then (honours; assessments/rollups/honours.py)."""
    from honours.models import Qualification, QualificationKind, Reward, RewardBudget
    from orgs.models import Commendation

    person = PersonFactory(community=community)
    qualified = Qualification.objects.create(
        person=person,
        kind=QualificationKind.objects.get(name="社会工作师"),
        certificate_number=f"SW{community.code}",
        obtained_on=date(2026, 10, 10),
        issued_by="人力资源和社会保障部",
        recorded_by=by,
    )
    budget, _ = RewardBudget.objects.get_or_create(
        area=community.parent.parent, year=2026, defaults={"amount": Decimal("300000")}
    )
    Reward.objects.create(
        qualification=qualified,
        budget=budget,
        amount=Decimal("2000"),
        decided_on=date(2026, 10, 15),
        paid_on=date(2026, 10, 20),
        decided_by=by,
    )
    Commendation.objects.create(
        person=person,
        title="优秀社区工作者",
        awarded_by="惠济区民政局",
        awarded_on=date(2026, 10, 16),
    )


@pytest.fixture
def estate(territory):
    """District A: two streets of two communities each, records in every
    community, and at the streets: a federation and a base in street A, two
    brands there (一街多品) and one in street B, an inactive base in B."""
    t = territory
    by = UserFactory(username="recorder")
    elders, _ = ServedGroup.objects.get_or_create(name="老年人", parent=None)
    ServedGroup.objects.get_or_create(name="空巢老人", parent=elders)
    disabled, _ = ServedGroup.objects.get_or_create(name="残疾人", parent=None)
    direction, _ = Direction.objects.get_or_create(name="关爱帮扶")
    communities = [t.community_a1, t.community_a2, t.community_b1, t.community_b2]
    for n, community in enumerate(communities):
        new = _community_records(
            community,
            n,
            by=by,
            elders=elders,
            disabled=disabled,
            direction=direction,
            # The last community's organisation joins its grid in December.
            grid_join=date(2026, 12, 1) if n == 3 else date(2026, 3, 1),
        )
        if n == 3:  # street B keeps one brand only
            new.is_brand = False
            new.save(update_fields=["is_brand"])
    hub = OrganisationFactory(
        name="新城街道社会组织联合会",
        area=t.street_a,
        tier=Tier.REGISTERED,
        credit_code="51410108MA9F3H7P2Q",
        is_hub=True,
        member_count=0,
    )
    hub.founded_on = date(2020, 5, 1)
    hub.save(update_fields=["founded_on"])
    Platform.objects.create(name="新城街道孵化中心", area=t.street_a, venue="新城街道")
    Platform.objects.create(
        name="长兴路街道孵化中心", area=t.street_b, venue="长兴路街道", is_active=False
    )
    # Issue 24 (stories): a story of community A1 published in October.
    from stories.models import Story

    Story.objects.create(
        title="微光聚力",
        summary="微故事",
        body="正文",
        area=t.community_a1,
        author=by,
        status="published",
        published_at=timezone.make_aware(datetime(2026, 10, 12, 9)),
    )
    _party_records(communities, by)  # issue 24: party-member ties
    _venue_bookings(communities)  # issue 24: venue bookings and hours
    _money_records(t, by)  # issue 24: money by source, subsidies paid
    for period in PERIODS:
        compute_indicators(period)
    return t


def _venue_bookings(communities):
    """A room in each community, booked for an hour and a half in October."""
    from datetime import time

    from django.test import override_settings

    from venues import services as venues
    from venues.models import OpeningHours, Room, Venue, VenueKind

    for n, community in enumerate(communities):
        venue = Venue.objects.create(
            name=f"{community.name}网格党群服务站",
            kind=VenueKind.GRID_STATION,
            community=community,
            address="一号楼",
        )
        room = Room.objects.create(venue=venue, name="活动室", capacity=20)
        day = date(2026, 10, 14)
        OpeningHours.objects.create(
            venue=venue, weekday=day.weekday(), opens=time(8), closes=time(21)
        )
        with override_settings(PLATFORM_TODAY=date(2026, 10, 1)):
            venues.book(
                room_id=room.pk,
                starts_at=venues.at(day, time(9)),
                ends_at=venues.at(day, time(10, 30)),
                purpose="议事",
                attendees=5,
                phone=f"1390371880{n}",
                name="居民",
            )


def _values(area, period) -> dict:
    return {
        (figure, key): value
        for figure, key, value in Indicator.objects.filter(
            area=area, kind=period.kind, period=period.key
        ).values_list("figure", "key", "value")
    }


def _sum(areas, period) -> dict:
    total: dict = {}
    for area in areas:
        for item, value in _values(area, period).items():
            total[item] = total.get(item, 0) + value
    return total


# What a street counts at its own code, beyond its communities' sums.
def _street_own(t):
    return {
        t.street_a: {
            ("streets", ""): 1,
            ("streets_with_hub", ""): 1,
            ("streets_with_base", ""): 1,
            ("streets_with_brands", ""): 1,
            ("organisations", ""): 1,  # the federation
        },
        t.street_b: {("streets", ""): 1},
    }


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_every_figure_adds_up_from_communities_to_the_district(estate, period):
    t = estate
    own = _street_own(t)
    for street, communities in (
        (t.street_a, [t.community_a1, t.community_a2]),
        (t.street_b, [t.community_b1, t.community_b2]),
    ):
        expected = _sum(communities, period)
        for item, value in own[street].items():
            expected[item] = expected.get(item, 0) + value
        assert _values(street, period) == expected, street.name
    assert _values(t.district_a, period) == _sum([t.street_a, t.street_b], period)


def test_the_district_reads_the_seeds_headline_figures(estate):
    month = {item: int(v) for item, v in _values(estate.district_a, Month(2026, 10)).items()}
    year = {item: int(v) for item, v in _values(estate.district_a, Year(2026)).items()}
    headline = {figure: year.get((figure, ""), 0) for figure in HEADLINES}
    keyed = {figure for figure, key in year if key}
    # Every figure this issue added is counted: a new one without a sum shows here.
    assert [f for f in HEADLINES if not headline[f] and f not in keyed] == []
    assert month[("new_organisations", "")] == 4
    # 4 new organisations of 12 members each, and one member joining each older list.
    assert month[("new_members", "")] == 4 * 12 + 4
    assert month[("members", "")] == 4 * 12 + 4 * 20  # the lists were not counted in
    assert (month[("brand_organisations", "")], month[("communities_with_brand", "")]) == (3, 3)
    assert (month[("streets", "")], month[("streets_with_brands", "")]) == (2, 1)
    assert (month[("streets_with_hub", "")], month[("streets_with_base", "")]) == (1, 1)
    # The fourth organisation joins its grid in December: in the year, not October.
    assert (month[("grid_organisations", "")], month[("grid_members", "")]) == (3, 60)
    assert (year[("grid_organisations", "")], year[("grid_members", "")]) == (4, 80)
    assert month[("transformations", Kind.BECAME_SERVICE_ORIENTED)] == 4
    programmes = {k: v for (f, k), v in month.items() if f == "trainings_by_programme"}
    assert programmes == {"领航": 1, "种子": 1, "other": 1, "睦邻": 1}
    assert sum(v for (f, _k), v in month.items() if f == "person_times_by_programme") == 126
    direction = Direction.objects.get(name="关爱帮扶")
    assert month[("money_by_direction", str(direction.pk))] == 46000
    elders, disabled = (ServedGroup.objects.get(name=n, parent=None) for n in ("老年人", "残疾人"))
    for group in (elders, disabled):  # a project serving two groups counts in each
        assert month[("projects_by_group", str(group.pk))] == 4
        assert month[("money_by_group", str(group.pk))] == 46000
    # The activity reports were in December: in the year, not October.
    assert ("beneficiaries_by_group", str(elders.pk)) not in month
    assert year[("beneficiaries_by_group", str(elders.pk))] == 80
    assert year[("beneficiaries_by_group", str(disabled.pk))] == 16


def test_the_board_and_the_monthly_report_show_them(estate, personas, login):
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import load_workbook

    client = login(personas.district_officer)
    url = reverse("assessments:dashboard")
    response = client.get(url, {"kind": "month", "period": "2026-10"})
    html = response.content.decode()
    assert "1 / 2" not in html  # words, not a fraction, and each against every street
    tiles = response.context["f"]
    assert (tiles.hub_rate, tiles.base_rate) == (50.0, 50.0)
    tables = response.context["tables"]
    assert tables["programmes"]["rows"][:2] == [["领航", 1.0, 30.0], ["种子", 1.0, 31.0]]
    assert [row[0] for row in tables["groups"]["rows"]] == ["老年人", "残疾人"]
    assert tables["groups"]["rows"][0][1:] == [46000.0, 4.0, 0.0]
    report = client.get(url, {"kind": "month", "period": "2026-10", "format": "xlsx"})
    sheet = load_workbook(BytesIO(b"".join(report.streaming_content))).worksheets[1]
    lines = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert lines["新增组织数"][0] == 4
    assert lines["成立联合会的街道"][:3] == (1, 2, 50)


def test_a_period_computed_again_counts_who_stood_then(estate):
    """The federation dissolved in November still stood in October: the
    October report computed again says what it said then."""
    from orgs.models import Organisation
    from orgs.services.transformations import dissolve

    hub = Organisation.objects.get(is_hub=True)
    dissolve(organisation=hub, on=date(2026, 11, 15), by=UserFactory(username="clerk"))
    for period in (Month(2026, 10), Year(2026)):
        compute_indicators(period)
    october = _values(estate.district_a, Month(2026, 10))
    year = _values(estate.district_a, Year(2026))
    assert (october[("streets_with_hub", "")], ("streets_with_hub", "") in year) == (1, False)


def _visit_records(community, by):
    """A door-to-door visit in October that found a group and a 五老, who
    went into the talent pool then (visits; assessments/rollups/visits.py)."""
    from orgs.models import Talent
    from visits.models import ElderKind, FindingKind, Outcome, Visit, VisitFinding

    visit = Visit.objects.create(
        community=community, visited_on=date(2026, 10, 12), address="楼院", recorded_by=by
    )
    VisitFinding.objects.create(
        visit=visit, kind=FindingKind.SELF_ORGANISATION, name="太极拳队", contact_name="孙"
    )
    person = PersonFactory(community=community)
    VisitFinding.objects.create(
        visit=visit,
        kind=FindingKind.ELDER,
        name=person.name,
        elder_kind=ElderKind.TEACHER,
        outcome=Outcome.TALENT,
        person=person,
        talent=Talent.objects.create(
            person=person, skills="老教师", listed_on=date(2026, 10, 12), listed_by=by
        ),
        turned_at=timezone.make_aware(datetime(2026, 10, 12, 16)),
    )


def _party_records(communities, by):
    """Party-member ties (party/) in each community: a linked household with
    a service in October, a 双报到 registration, a cadre sent down, a grid
    branch, and a party organisation with every 六有 item ticked."""
    from orgs.models import PartyOrgType
    from party.models import (
        CadreAssignment,
        DualRegistration,
        GridBranch,
        Household,
        HouseholdService,
        HouseholdTie,
        VenueCheck,
        VenueItem,
    )

    for community in communities:
        member = PersonFactory(community=community, is_party_member=True)
        home = Household.objects.create(community=community, address="1号楼", head_name="王某")
        HouseholdTie.objects.create(
            party_member=member, household=home, started_on=date(2026, 3, 1)
        )
        HouseholdService.objects.create(
            household=home, served_by=member, served_on=date(2026, 10, 5), description="走访"
        )
        DualRegistration.objects.create(
            person=member, employer="区税务局", community=community, registered_on=date(2026, 4, 1)
        )
        CadreAssignment.objects.create(
            account=by, sent_from="区民政局", community=community, starts_on=date(2026, 10, 1)
        )
        GridBranch.objects.create(
            grid=community.grids.first(),
            name="临时党支部",
            secretary=member,
            founded_on=date(2026, 2, 1),
        )
        # A party organisation up to standard; no members, so that the
        # growth figures above stay as counted.
        org = OrganisationFactory(
            area=community,
            party_org_type=PartyOrgType.JOINT,
            founded_on=date(2020, 1, 1),
            member_count=0,
        )
        for item in VenueItem.objects.all():
            VenueCheck.objects.create(organisation=org, item=item, ticked_on=date(2026, 6, 1))


def _money_records(t, by):
    """Issue 24: an activity of community A1 subsidised from street A's
    福彩公益金, settled in October for 1650 yuan (the ledger's entries as the
    services book them; assessments/tests/test_money_by_source.py drives
    the services themselves)."""
    from activities.models import Activity, Subsidy, SubsidyStatus
    from incubators.models import EntryKind, Fund, FundEntry, FundSource

    lottery = FundSource.objects.get(name="福彩公益金")
    fund = Fund.objects.create(name="新城街道治理基金", area=t.street_a, opened_on=date(2026, 1, 1))

    def entry(kind, amount, voucher, **extra):
        return FundEntry.objects.create(
            fund=fund,
            kind=kind,
            amount=Decimal(amount),
            occurred_on=date(2026, 10, 12),
            counterparty="英才社区合唱团",
            purpose="活动经费补贴",
            voucher_number=voucher,
            source=lottery,
            recorded_by=by,
            **extra,
        )

    entry(EntryKind.DONATION, "30000", "IN")
    allocation = entry(EntryKind.ALLOCATION, "2000", "A")
    entry(EntryKind.DISBURSEMENT, "1650", "P", allocation=allocation)
    concert = Activity.objects.create(
        title="重阳节演出",
        area=t.community_a1,
        starts_at=timezone.make_aware(datetime(2026, 10, 10, 9)),
        ends_at=timezone.make_aware(datetime(2026, 10, 10, 11)),
        created_by=by,
    )
    Subsidy.objects.create(
        activity=concert,
        organisation=OrganisationFactory(
            name="英才社区合唱团", area=t.community_a1, founded_on=date(2020, 1, 1), member_count=0
        ),
        status=SubsidyStatus.SETTLED,
        amount=Decimal("2000"),
        budget=[["音响租赁", "2000.00"]],
        purpose="演出",
        applied_by=by,
        approved_amount=Decimal("2000"),
        allocation=allocation,
        paid=Decimal("1650"),
        settled_at=timezone.make_aware(datetime(2026, 10, 12, 15)),
    )
