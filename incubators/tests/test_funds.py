"""Governance funds: a ledger whose balance never goes negative."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from incubators.models import EntryKind, Fund, FundEntry, FundSource
from incubators.services import funds
from tests.fixtures import on_postgres
from tests.spreadsheets import read_rows

# Run on PostgreSQL too (CI, -m postgres): a ledger whose writers are serialised by a row lock.
pytestmark = pytest.mark.postgres

DAY = date(2026, 4, 1)


@pytest.fixture
def fund(territory, personas):
    return Fund.objects.create(
        name="新城街道社区治理基金", area=territory.street_a, opened_on=date(2026, 1, 1)
    )


def entry(service, fund, amount, by, voucher, **extra):
    if service in (funds.receive, funds.refund):
        extra.setdefault("source", FundSource.objects.get(name="福彩公益金"))
    return service(
        fund=fund,
        amount=amount,
        occurred_on=extra.pop("on", DAY),
        counterparty=extra.pop("counterparty", "区财政"),
        purpose="测试",
        voucher_number=voucher,
        by=by,
        **extra,
    )


def test_the_position_follows_the_entries(fund, personas):
    officer = personas.street_a_officer
    entry(funds.receive, fund, "100000", officer, "V1")
    grant = entry(funds.allocate, fund, "30000", officer, "V2", counterparty="微项目：助老食堂")
    entry(funds.disburse, fund, "18000", officer, "V3", allocation=grant)
    entry(funds.refund, fund, "500", officer, "V4")
    position = funds.position(fund)
    assert position.balance == Decimal("82500.00")  # 100000 - 18000 + 500
    assert position.committed == Decimal("12000.00")  # 30000 allocated, 18000 paid
    assert position.free == Decimal("70500.00")
    assert funds.remaining(grant) == Decimal("12000.00")


def test_a_page_of_funds_reads_every_position_in_one_query(
    fund, personas, territory, django_assert_num_queries
):
    officer = personas.street_a_officer
    entry(funds.receive, fund, "100000", officer, "V1")
    grant = entry(funds.allocate, fund, "30000", officer, "V2")
    entry(funds.disburse, fund, "18000", officer, "V3", allocation=grant)
    empty = Fund.objects.create(
        name="长兴路街道社区治理基金", area=territory.street_b, opened_on=date(2026, 1, 1)
    )
    with django_assert_num_queries(1):
        found = funds.positions([fund, empty])
    assert found == {fund.pk: funds.position(fund), empty.pk: funds.position(empty)}
    assert (found[fund.pk].balance, found[fund.pk].committed) == (Decimal("82000.00"), 12000)
    assert found[empty.pk].free == 0


def test_money_held_for_a_project_cannot_be_allocated_again(fund, personas):
    officer = personas.street_a_officer
    entry(funds.receive, fund, "10000", officer, "V1")
    entry(funds.allocate, fund, "8000", officer, "V2")
    with pytest.raises(ValidationError) as error:
        entry(funds.allocate, fund, "3000", officer, "V3")
    assert "2000" in str(error.value)


def test_a_payment_never_exceeds_its_allocation_nor_the_balance(fund, personas):
    officer = personas.street_a_officer
    entry(funds.receive, fund, "10000", officer, "V1")
    grant = entry(funds.allocate, fund, "6000", officer, "V2")
    with pytest.raises(ValidationError):
        entry(funds.disburse, fund, "6000.01", officer, "V3", allocation=grant)
    with pytest.raises(ValidationError):
        entry(funds.disburse, fund, "4000.01", officer, "V4")  # only 4000 is free
    entry(funds.disburse, fund, "6000", officer, "V5", allocation=grant)
    entry(funds.disburse, fund, "4000", officer, "V6")
    assert funds.position(fund).balance == 0
    assert FundEntry.objects.filter(fund=fund).count() == 4


def test_a_voucher_number_is_used_once_in_a_fund(fund, personas):
    entry(funds.receive, fund, "100", personas.street_a_officer, "V1")
    with pytest.raises(ValidationError):
        entry(funds.receive, fund, "100", personas.street_a_officer, "V1")


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_disbursements_never_take_the_balance_below_zero(personas, territory):
    fund = Fund.objects.create(
        name="并发测试基金", area=territory.street_a, opened_on=date(2026, 1, 1)
    )
    entry(funds.receive, fund, "10000", personas.street_a_officer, "IN")
    barrier = threading.Barrier(8)
    outcomes = []

    def pay(n):
        try:
            barrier.wait(timeout=10)
            entry(funds.disburse, fund, "3000", personas.street_a_officer, f"OUT{n}")
            outcomes.append("paid")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("paid") == 3
    assert funds.position(fund).balance == Decimal("1000.00")


def test_the_statement_export_matches_the_ledger(fund, personas, login):
    officer = personas.street_a_officer
    entry(funds.receive, fund, "50000", officer, "V1", on=date(2026, 1, 10))
    grant = entry(funds.allocate, fund, "20000", officer, "V2", on=date(2026, 3, 1))
    entry(funds.disburse, fund, "12000", officer, "V3", allocation=grant, on=date(2026, 3, 15))
    entry(funds.refund, fund, "800", officer, "V4", on=date(2026, 6, 30))
    response = login(officer).get(
        reverse("admin:incubators_fund_statement", args=[fund.pk]),
        {"start": "2026-03-01", "end": "2026-12-31"},
    )
    rows = read_rows(b"".join(response.streaming_content))
    header, lines = rows[0], rows[1:]
    balance = header.index("余额（元）")
    assert lines[0][1] == "期初余额" and lines[0][balance] == 50000
    assert [line[4] for line in lines[1:-1]] == ["V2", "V3", "V4"]  # in order, January left out
    assert [line[balance] for line in lines[1:-1]] == [50000, 38000, 38800]
    assert lines[-1][1] == "期末余额" and lines[-1][balance] == 38800
    source = header.index("来源")
    assert {line[source] for line in lines[1:-1]} == {
        "福彩公益金"
    }  # the grant's, and its payment's
    assert Decimal(str(lines[-1][balance])) == funds.position(fund).balance


def test_the_admin_refuses_an_overdraft_with_a_message_and_writes_nothing(fund, personas, login):
    entry(funds.receive, fund, "1000", personas.street_a_officer, "V1")
    client = login(personas.street_a_officer)
    response = client.post(
        reverse("admin:incubators_fundentry_add"),
        {
            "fund": fund.pk,
            "kind": EntryKind.DISBURSEMENT,
            "amount": "1500",
            "occurred_on": "2026-04-02",
            "counterparty": "某组织",
            "purpose": "活动经费",
            "voucher_number": "V2",
        },
    )
    assert response.status_code == 200
    assert "1000" in response.content.decode()
    assert FundEntry.objects.filter(fund=fund).count() == 1


def test_funds_are_scoped_like_everything_else(fund, personas, territory, login):
    other = Fund.objects.create(
        name="长兴路街道社区治理基金", area=territory.street_b, opened_on=date(2026, 1, 1)
    )
    client = login(personas.street_a_officer)
    shown = {
        f.pk
        for f in client.get(reverse("admin:incubators_fund_changelist")).context["cl"].result_list
    }
    assert shown == {fund.pk}
    assert (
        client.get(reverse("admin:incubators_fund_statement", args=[other.pk])).status_code == 404
    )
    form = client.get(reverse("admin:incubators_fundentry_add")).context["form"]
    assert set(form.fields["fund"].queryset) == {fund}
