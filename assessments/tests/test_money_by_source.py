"""Where the money comes from (issue 24, Wuhan §9; 福彩公益金): the month's
money paid out of the funds by source, and the activity subsidies paid, add
up from the communities to the district; a payment booked before sources
were kept counts as unspecified."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activities import subsidies
from activities.models import Activity, ActivityStatus
from assessments.models import Figure, Indicator
from assessments.rollups.indicators import compute_indicators
from incubators.models import EntryKind, Fund, FundEntry, FundSource
from incubators.services import funds
from lib.periods import Month
from orgs.roles import Role
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.postgres  # grouped SQL on both databases

MONTH = Month(2026, 10)
BEFORE, AFTER = datetime(2026, 10, 9, 8), datetime(2026, 10, 12, 18)


def pin(monkeypatch, moment):
    moment = timezone.make_aware(moment)
    monkeypatch.setattr("lib.clock.now", lambda: moment)
    monkeypatch.setattr("lib.clock.today", lambda: timezone.localdate(moment))


def source(name):
    return FundSource.objects.get(name=name)


def fund_of(street, officer, voucher):
    fund = Fund.objects.create(
        name=f"{street.name}治理基金", area=street, opened_on=date(2026, 1, 1)
    )
    for n, name in enumerate(("福彩公益金", "政府购买服务")):
        funds.receive(
            fund=fund,
            amount="50000",
            occurred_on=date(2026, 1, 10),
            counterparty="区民政局",
            purpose="专项资金",
            voucher_number=f"{voucher}-IN{n}",
            source=source(name),
            by=officer,
        )
    return fund


def subsidised(community, fund, officer, n, spent, monkeypatch):
    """An organisation of `community` runs an activity on 10 October with a
    2000-yuan subsidy from the fund's 福彩公益金, settled for `spent`."""
    org = OrganisationFactory(name=f"{community.name}合唱团", area=community)
    leader = UserFactory(username=f"leader{n}", role=Role.ORG_LEADER, organisation=org)
    pin(monkeypatch, BEFORE)
    activity = Activity.objects.create(
        title=f"{community.name}重阳节演出",
        area=community,
        organisation=org,
        starts_at=timezone.make_aware(datetime(2026, 10, 10, 9)),
        ends_at=timezone.make_aware(datetime(2026, 10, 10, 11)),
        status=ActivityStatus.PUBLISHED,
        created_by=leader,
    )
    subsidy = subsidies.apply(
        activity=activity, amount="2000", budget=[["音响租赁", "2000"]], purpose="演出", by=leader
    )
    subsidies.approve(
        subsidy=subsidy, fund=fund, source=source("福彩公益金"), amount="2000", by=officer
    )
    pin(monkeypatch, AFTER)
    receipt = SimpleUploadedFile("发票.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    subsidies.settle(subsidy=subsidy, spent=spent, receipts=[receipt], by=leader)


@pytest.fixture
def estate(territory, personas, monkeypatch):
    t = territory
    officer_a, officer_b = personas.street_a_officer, personas.street_b_officer
    fund_a, fund_b = fund_of(t.street_a, officer_a, "A"), fund_of(t.street_b, officer_b, "B")
    subsidised(t.community_a1, fund_a, officer_a, 1, "1650", monkeypatch)
    subsidised(t.community_a2, fund_a, officer_a, 2, "2400", monkeypatch)  # paid 2000
    subsidised(t.community_b1, fund_b, officer_b, 3, "800", monkeypatch)
    # The street's own payment from 政府购买服务, and one booked before sources.
    funds.disburse(
        fund=fund_b,
        amount="3000",
        occurred_on=date(2026, 10, 20),
        counterparty="长兴路街道社工站",
        purpose="政府购买社工服务",
        voucher_number="B-OUT",
        source=source("政府购买服务"),
        by=officer_b,
    )
    FundEntry.objects.create(
        fund=fund_a,
        kind=EntryKind.DISBURSEMENT,
        amount="500",
        occurred_on=date(2026, 10, 21),
        counterparty="旧账",
        purpose="结转",
        voucher_number="A-OLD",
        recorded_by=officer_a,
    )
    compute_indicators(MONTH)
    return t


def values(area) -> dict:
    return {
        (figure, key): value
        for figure, key, value in Indicator.objects.filter(
            area=area,
            kind=MONTH.kind,
            period=MONTH.key,
            figure__in=[Figure.MONEY_BY_SOURCE, Figure.SUBSIDIES_PAID],
        ).values_list("figure", "key", "value")
    }


def added(*areas) -> dict:
    total: dict = {}
    for area in areas:
        for item, value in values(area).items():
            total[item] = total.get(item, 0) + value
    return total


def test_the_months_money_by_source_adds_up_from_communities_to_the_district(estate):
    t = estate
    lottery, purchase = str(source("福彩公益金").pk), str(source("政府购买服务").pk)
    by_source, paid = str(Figure.MONEY_BY_SOURCE), str(Figure.SUBSIDIES_PAID)
    assert values(t.community_a1) == {(by_source, lottery): 1650, (paid, ""): 1650}
    assert values(t.community_a2) == {(by_source, lottery): 2000, (paid, ""): 2000}
    street_a = added(t.community_a1, t.community_a2)
    street_a[(by_source, "unspecified")] = 500  # paid from the street's fund, no source
    assert values(t.street_a) == street_a
    street_b = added(t.community_b1, t.community_b2)
    street_b[(by_source, purchase)] = 3000
    assert values(t.street_b) == street_b
    district = values(t.district_a)
    assert district == added(t.street_a, t.street_b)
    assert district[(by_source, lottery)] == Decimal("4450.00")
    assert district[(paid, "")] == Decimal("4450.00")


def test_the_dashboard_shows_the_money_by_source(estate, personas, login):
    page = login(personas.district_officer).get(
        reverse("assessments:dashboard"), {"kind": "month", "period": MONTH.key}
    )
    money = page.context["money"]
    assert money.rows == [
        ("政府购买服务", Decimal("3000.00")),
        ("福彩公益金", Decimal("4450.00")),
        ("未注明", Decimal("500.00")),
    ]
    assert money.total == Decimal("7950.00") and money.subsidies_paid == Decimal("4450.00")
    assert "福彩公益金" in page.content.decode()
