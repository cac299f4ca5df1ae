"""The demo district: what a newcomer logs into, and a rerun changes nothing.

The story it tells, its logins and its exports are checked on one shared
build in test_demo_story.py."""

from collections import Counter
from datetime import date

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import F

from devdata.demo.orgs import TODAY
from grids.models import EscalationLevel, Grid, GridOrganisation, Ticket, TicketStatus
from grids.stats import ticket_stats
from incubators.models import Fund, Platform, Residency, SupervisionOrder
from incubators.services import funds
from lib.periods import Span
from orgs.models import (
    Area,
    AreaLevel,
    FilingStatus,
    Organisation,
    Status,
    Tier,
    Training,
    TransformationKind,
    User,
)
from projects.models import BeneficiaryCount, Bid, Project, ProjectStatus, Round
from tests.fixtures import OUR_APPS


def row_counts() -> dict:
    """Rows of every model of the platform's apps, history tables included."""
    labels = set(OUR_APPS)
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in labels
    }


def test_the_demo_builds_a_realistic_district_and_a_rerun_changes_nothing(db):
    call_command("demo", quiet=True)
    district = Area.objects.get(name="惠济区")
    assert Area.objects.under(district).streets().count() == 8
    assert Area.objects.under(district).communities().count() == 40
    assert Area.objects.filter(level=AreaLevel.COMMUNITY, grids__isnull=True).count() == 0
    # On the map, around Huiji (WGS-84): every community's centre, every grid's
    # outline, every ticket; some venues are homes (shown at the community).
    assert not Area.objects.under(district).communities().filter(centre_latitude=None).exists()
    assert not Grid.objects.filter(boundary=None).exists()
    assert not Ticket.objects.filter(latitude=None).exists()
    assert Ticket.objects.filter(
        latitude__range=(34.7, 35.0), longitude__range=(113.4, 113.8)
    ).exists()
    assert Organisation.objects.filter(venue_is_home=True).exists()
    # A ticket found in a grid lies inside the grid's outline.
    outlines = {
        grid.pk: grid.boundary["coordinates"][0] for grid in Grid.objects.exclude(boundary=None)
    }
    for ticket in Ticket.objects.exclude(grid=None).only("grid", "latitude", "longitude"):
        lngs, lats = zip(*outlines[ticket.grid_id], strict=True)
        assert min(lats) < ticket.latitude < max(lats), ticket.pk
        assert min(lngs) < ticket.longitude < max(lngs), ticket.pk

    organisations = Organisation.objects.in_area(district)
    assert 200 <= organisations.count() <= 400
    assert set(organisations.values_list("tier", flat=True)) == set(Tier.values)
    assert set(organisations.values_list("status", flat=True)) == set(Status.values)
    assert set(organisations.values_list("filing_status", flat=True)) == set(FilingStatus.values)
    assert 0.75 <= organisations.filing_rate() <= 0.95  # Huiji reports 90%
    assert organisations.filter(is_hub=True).count() == 8  # one federation per street

    red_vests = Organisation.objects.get(name="英才社区红马甲志愿服务队")
    assert red_vests.transformations.get().kind == TransformationKind.BECAME_SERVICE_ORIENTED
    choir = Organisation.objects.get(name="天河社区银龄之声合唱队")
    assert choir.merged_from.count() == 2
    assert Training.objects.in_area(district).person_times() > 2000  # Huiji: 2,800+

    # Huiji: 1 district and 8 street platforms; 1 district, 8 street and 23 community funds.
    assert Platform.objects.filter(area=district).count() == 1
    assert Platform.objects.filter(area__level=AreaLevel.STREET).count() == 8
    assert Fund.objects.filter(area__level=AreaLevel.COMMUNITY).count() == 23
    assert Residency.objects.current().count() >= 40
    (order,) = SupervisionOrder.objects.all()  # the one lagging street platform
    assert order.platform.name == "老鸦陈街道社区社会组织孵化中心"
    assert all(funds.position(fund).balance >= 0 for fund in Fund.objects.all())

    # A round of about twenty projects, and every state of a project somewhere.
    spring = Round.objects.get(title="2026年惠济区社区公益创投（第一批）")
    assert 15 <= spring.projects.count() <= 25
    assert set(Project.objects.values_list("status", flat=True)) == set(ProjectStatus.values)
    assert Bid.objects.values("organisation").distinct().count() >= 5
    assert all(funds.position(fund).committed >= 0 for fund in Fund.objects.all())
    # Whom they serve: elders most often; an activity's count of a group never
    # exceeds its beneficiaries.
    served = Counter(
        group.top.name
        for project in Project.objects.prefetch_related("groups__parent")
        for group in project.groups.all()
    )
    assert served.most_common(1)[0][0] == "老年人" and {"儿童", "残疾人"} <= set(served)
    assert BeneficiaryCount.objects.exists()
    assert not BeneficiaryCount.objects.filter(count__gt=F("report__beneficiaries")).exists()

    # Grids with their people and organisations; a few hundred tickets in every
    # state, some overdue and escalated, most rated, satisfaction like Huiji's.
    assert not Grid.objects.filter(leader__isnull=True).exists()
    assert GridOrganisation.objects.count() >= 200
    grid_login = User.objects.get(username="grid")
    assert Grid.objects.filter(members=grid_login).count() == 2
    tickets = Ticket.objects.all()
    assert 250 <= tickets.count() <= 400
    assert set(tickets.values_list("status", flat=True)) == set(TicketStatus.values)
    assert set(tickets.values_list("escalation", flat=True)) == set(EscalationLevel.values)
    assert tickets.overdue(TODAY).exists()
    assert tickets.filter(reopen_count__gt=0).exists()
    year = ticket_stats(tickets, Span(date(2026, 1, 1), TODAY), TODAY)
    assert year.no_answer > 0 and year.rated > 150
    assert 0.95 < year.satisfaction < 1  # Huiji: above 95%
    assert not tickets.filter(reported_at__date__gt=TODAY).exists()

    # Assessments: months scored and closed up to October, one interview due
    # after three low months, one organisation ordered out, last year's stars.
    from assessments.models import AnnualAssessment, Interview, MonthlyScore, RollupRun

    assert MonthlyScore.objects.filter(year=2026, month=10, locked_at__isnull=False).exists()
    assert MonthlyScore.objects.filter(year=2026, month=11, locked_at__isnull=True).exists()
    assert Interview.objects.filter(kind="low_monthly", status="reminded").count() == 1
    assert Residency.objects.filter(status="ordered_out").count() == 1
    stars = set(AnnualAssessment.objects.filter(year=2025).values_list("stars", flat=True))
    assert {3, 4, 5} <= stars
    assert not RollupRun.objects.filter(finished_at__isnull=True).exists()

    # Building it again changes nothing: no new rows, no new history.
    before = row_counts()
    assert not User.objects.exclude(email__endswith="@demo.invalid").exists()
    call_command("demo", quiet=True)
    assert row_counts() == before

    # Once a real account is added, the database is no longer the demo's own
    # (devdata/safety.py): a third build is refused. One test builds the
    # demo twice for both rules, each build costing about 15 s.
    User.objects.create_user("wangmin", password="Street-office-2026")
    with pytest.raises(CommandError, match="存有真实数据"):
        call_command("demo", quiet=True)
