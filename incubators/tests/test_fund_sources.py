"""Where a fund's money comes from (Wuhan §9; 福彩公益金): money in names its
source, money out is earmarked to one source and never takes more than that
source has free in the fund."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from incubators.models import EntryKind, Fund, FundEntry, FundSource
from incubators.services import funds
from incubators.services.fund_sums import position

DAY = date(2026, 4, 1)


@pytest.fixture
def fund(territory):
    return Fund.objects.create(
        name="新城街道社区治理基金", area=territory.street_a, opened_on=date(2026, 1, 1)
    )


def source(name):
    return FundSource.objects.get(name=name)


def book(service, fund, amount, voucher, by, **extra):
    return service(
        fund=fund,
        amount=amount,
        occurred_on=DAY,
        counterparty="区民政局",
        purpose="测试",
        voucher_number=voucher,
        by=by,
        **extra,
    )


def test_money_in_without_a_source_is_refused_and_nothing_is_written(fund, personas):
    with pytest.raises(ValidationError) as error:
        book(funds.receive, fund, "1000", "IN-1", personas.street_a_officer)
    assert "来源" in " ".join(error.value.messages)
    assert not FundEntry.objects.filter(fund=fund).exists()


def test_an_allocation_draws_on_the_source_it_names_and_no_more(fund, personas):
    officer = personas.street_a_officer
    book(funds.receive, fund, "30000", "IN-1", officer, source=source("福彩公益金"))
    book(funds.receive, fund, "10000", "IN-2", officer, source=source("社会支持"))
    with pytest.raises(ValidationError) as error:
        book(funds.allocate, fund, "12000", "A-1", officer, source=source("社会支持"))
    assert "10000.00" in " ".join(error.value.messages)
    grant = book(funds.allocate, fund, "12000", "A-2", officer, source=source("福彩公益金"))
    paid = book(funds.disburse, fund, "9000", "D-1", officer, allocation=grant)
    left = book(funds.release, fund, "3000", "R-1", officer, allocation=grant)
    assert paid.source == left.source == source("福彩公益金")
    shares = funds.by_source(fund)
    assert shares[source("福彩公益金").pk].free == Decimal("21000.00")
    assert shares[source("社会支持").pk].free == Decimal("10000.00")


def test_a_payment_against_an_allocation_keeps_its_source(fund, personas):
    officer = personas.street_a_officer
    book(funds.receive, fund, "5000", "IN-1", officer, source=source("福彩公益金"))
    grant = book(funds.allocate, fund, "5000", "A-1", officer, source=source("福彩公益金"))
    with pytest.raises(ValidationError):
        book(
            funds.disburse, fund, "100", "D-1", officer, allocation=grant, source=source("以奖代补")
        )


def test_an_award_naming_only_the_fund_draws_on_the_first_source_that_covers_it(fund, personas):
    officer = personas.street_a_officer
    book(funds.receive, fund, "2000", "IN-1", officer, source=source("政府购买服务"))
    book(funds.receive, fund, "8000", "IN-2", officer, source=source("福彩公益金"))
    small = book(funds.allocate, fund, "1500", "A-1", officer)
    large = book(funds.allocate, fund, "6000", "A-2", officer)
    assert small.source == source("政府购买服务")  # first in the list's order
    assert large.source == source("福彩公益金")  # the only one with 6000 free
    # 2500 free, but in two sources: an award that passed its notice still
    # takes effect, on the fund as a whole ("unspecified" in the figures).
    whole = book(funds.allocate, fund, "2500", "A-3", officer)
    assert whole.source is None and position(fund).free == Decimal("0.00")
    # The fund's own check holds what the sources' no longer can.
    with pytest.raises(ValidationError):
        book(funds.allocate, fund, "500", "A-4", officer, source=source("福彩公益金"))


def test_entries_booked_before_sources_read_as_unspecified(fund, personas, login):
    FundEntry.objects.create(
        fund=fund,
        kind=EntryKind.DONATION,
        amount="800",
        occurred_on=DAY,
        counterparty="旧账",
        purpose="2025年结转",
        voucher_number="OLD-1",
        recorded_by=personas.street_a_officer,
    )
    grant = book(funds.allocate, fund, "500", "A-1", personas.street_a_officer)
    assert grant.source is None and funds.by_source(fund)[None].free == Decimal("300.00")
    page = login(personas.street_a_officer).get(reverse("admin:incubators_fundentry_changelist"))
    assert "未注明" in page.content.decode()


def test_the_admin_asks_for_the_source_of_a_donation(fund, personas, login):
    response = login(personas.street_a_officer).post(
        reverse("admin:incubators_fundentry_add"),
        {
            "fund": fund.pk,
            "kind": EntryKind.DONATION,
            "amount": "1000",
            "occurred_on": "2026-04-02",
            "counterparty": "郑州晨光爱心企业",
            "purpose": "公益捐赠",
            "voucher_number": "IN-9",
        },
    )
    assert response.status_code == 200
    assert "来源" in response.content.decode()
    assert not FundEntry.objects.filter(fund=fund).exists()
