"""Activity subsidies (补贴活动经费, Wuhan §9): an organisation applies for its
activity, the street approves from a fund's 福彩公益金, the organisation
settles with receipts for less, and the rest goes back to the fund."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from activities import subsidies
from activities.models import Subsidy, SubsidyStatus
from incubators.models import EntryKind, Fund, FundEntry, FundSource
from incubators.services import funds
from lib import todos
from notifications.models import Notification
from orgs.roles import Role
from tests.factories import UserFactory
from tests.fixtures import on_postgres

from .conftest import at, make_activity

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BUDGET = [["场地布置", "300.00"], ["茶歇", "500.00"], ["音响租赁", "1200.00"]]


def source(name):
    return FundSource.objects.get(name=name)


def street_fund(territory, by, lottery="30000", social="5000"):
    fund = Fund.objects.create(
        name="新城街道社区治理基金", area=territory.street_a, opened_on=date(2026, 1, 1)
    )
    for voucher, amount, name in (("IN-1", lottery, "福彩公益金"), ("IN-2", social, "社会支持")):
        funds.receive(
            fund=fund,
            amount=amount,
            occurred_on=date(2026, 1, 15),
            counterparty="区民政局",
            purpose="专项资金",
            voucher_number=voucher,
            source=source(name),
            by=by,
        )
    return fund


@pytest.fixture
def run(territory, personas, clock_at):
    """The chorus's concert, the day after tomorrow; the clock the day before."""
    clock_at(at(8) - timedelta(days=1))
    return make_activity(
        territory.community_a1,
        personas.org_leader,
        title="夕阳红合唱团重阳节演出",
        organisation=personas.organisation_a1,
    )


def apply(activity, leader, amount="2000"):
    return subsidies.apply(
        activity=activity, amount=amount, budget=BUDGET, purpose="演出场地与音响", by=leader
    )


def receipt(name="发票.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def test_a_subsidy_from_the_welfare_lottery_is_settled_for_less_and_the_rest_released(
    run, territory, personas, login, clock_at
):
    fund = street_fund(territory, personas.street_a_officer)
    leader = login(personas.org_leader)
    response = leader.post(
        reverse("activities:apply_subsidy", args=[run.pk]),
        {"amount": "2000", "budget": "场地布置 300\n茶歇 500\n音响租赁 1200", "purpose": "演出"},
    )
    subsidy = Subsidy.objects.get(activity=run)
    assert response.status_code == 302 and subsidy.budget == BUDGET
    officer = login(personas.street_a_officer)
    # The officer sees what each source has free in the street's fund.
    free = officer.get(reverse("activities:subsidy", args=[subsidy.pk])).context["free"]
    assert [(f.name, name, amount) for f, name, amount in free] == [
        ("新城街道社区治理基金", "社会支持", Decimal("5000.00")),  # in the list's order
        ("新城街道社区治理基金", "福彩公益金", Decimal("30000.00")),
    ]
    officer.post(
        reverse("activities:approve_subsidy", args=[subsidy.pk]),
        {"fund": fund.pk, "source": source("福彩公益金").pk, "amount": "2000"},
    )
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.APPROVED
    assert subsidy.allocation.source == source("福彩公益金")
    before = login(personas.org_leader).get(reverse("activities:subsidy", args=[subsidy.pk]))
    assert before.context["settle_later"] and "settle_form" not in before.context
    clock_at(at(12))  # the concert is over
    leader = login(personas.org_leader)
    assert "settle_form" in leader.get(reverse("activities:subsidy", args=[subsidy.pk])).context
    response = leader.post(
        reverse("activities:settle_subsidy", args=[subsidy.pk]),
        {"spent": "1650", "receipts": [receipt(), receipt("收据.pdf")], "note": "茶歇节省"},
    )
    assert response.status_code == 302
    subsidy.refresh_from_db()
    assert (subsidy.status, subsidy.paid) == (SubsidyStatus.SETTLED, Decimal("1650.00"))
    assert subsidy.receipts.count() == 2
    out = FundEntry.objects.filter(fund=fund, allocation=subsidy.allocation)
    assert {(e.kind, e.amount, e.source.name) for e in out} == {
        (EntryKind.DISBURSEMENT, Decimal("1650.00"), "福彩公益金"),
        (EntryKind.RELEASE, Decimal("350.00"), "福彩公益金"),
    }
    lottery = funds.by_source(fund)[source("福彩公益金").pk]
    assert (lottery.balance, lottery.committed, lottery.free) == (
        Decimal("28350.00"),
        Decimal("0.00"),
        Decimal("28350.00"),
    )
    page = leader.get(reverse("activities:subsidy", args=[subsidy.pk])).content.decode()
    assert "福彩公益金" in page and "1650.00" in page
    # The receipts are private files: those who see the subsidy fetch them, no one else.
    url = subsidy.receipts.first().file.url
    assert leader.get(url).status_code == 200
    assert login(personas.community_worker).get(url).status_code == 200
    assert login(personas.street_b_officer).get(url).status_code == 404
    other = UserFactory(
        username="leader_b", role=Role.ORG_LEADER, organisation=personas.organisation_b1
    )
    assert login(other).get(url).status_code == 404


def test_one_subsidy_per_activity(run, personas):
    apply(run, personas.org_leader)
    with pytest.raises(ValidationError):
        apply(run, personas.org_leader, amount="500")
    assert Subsidy.objects.count() == 1


def test_a_budget_that_does_not_add_up_is_refused_with_a_message(run, personas, login):
    response = login(personas.org_leader).post(
        reverse("activities:apply_subsidy", args=[run.pk]),
        {"amount": "2500", "budget": "场地布置 300\n茶歇", "purpose": "演出"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    response = login(personas.org_leader).post(
        reverse("activities:apply_subsidy", args=[run.pk]),
        {"amount": "2500", "budget": "场地布置 300\n茶歇 500", "purpose": "演出"},
    )
    assert "800.00" in response.content.decode()
    assert not Subsidy.objects.exists()


def test_approval_from_a_source_without_enough_free_money_is_refused(run, territory, personas):
    fund = street_fund(territory, personas.street_a_officer, social="1000")
    subsidy = apply(run, personas.org_leader)
    with pytest.raises(ValidationError) as error:
        subsidies.approve(
            subsidy=subsidy,
            fund=fund,
            source=source("社会支持"),
            amount="2000",
            by=personas.street_a_officer,
        )
    assert "1000.00" in " ".join(error.value.messages)
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.APPLIED and subsidy.allocation is None


def test_cancelling_the_activity_closes_its_subsidy_and_gives_the_money_back(
    run, territory, personas
):
    """Issue 24's review: a cancelled activity's subsidy could still be
    approved and settled. Cancelling refuses a waiting application and
    releases an approved one's money; nothing is paid."""
    from activities import services as activity_services
    from incubators.services.fund_sums import by_source

    officer = personas.street_a_officer
    fund = street_fund(territory, officer)
    subsidy = subsidies.approve(
        subsidy=apply(run, personas.org_leader),
        fund=fund,
        source=source("福彩公益金"),
        amount="2000",
        by=officer,
    )
    assert by_source(fund)[source("福彩公益金").pk].free == Decimal("28000.00")
    activity_services.cancel(activity=run, by=personas.org_leader)
    subsidy.refresh_from_db()
    assert (subsidy.status, subsidy.paid) == (SubsidyStatus.SETTLED, 0)
    assert by_source(fund)[source("福彩公益金").pk].free == Decimal("30000.00")
    assert not FundEntry.objects.filter(fund=fund, kind=EntryKind.DISBURSEMENT).exists()
    with pytest.raises(ValidationError):
        subsidies.settle(subsidy=subsidy, spent="100", receipts=[receipt()], by=personas.org_leader)

    # A second activity's application, still waiting, is refused with the cancel.
    other = make_activity(
        territory.community_a1,
        personas.org_leader,
        title="合唱团新年音乐会",
        organisation=personas.organisation_a1,
    )
    waiting = apply(other, personas.org_leader)
    activity_services.cancel(activity=other, by=personas.org_leader)
    waiting.refresh_from_db()
    assert waiting.status == SubsidyStatus.REFUSED and waiting.reasons
    with pytest.raises(ValidationError):
        subsidies.approve(
            subsidy=waiting, fund=fund, source=source("福彩公益金"), amount="100", by=officer
        )


def test_a_refusal_says_why(run, personas, login):
    subsidy = apply(run, personas.org_leader)
    officer = login(personas.street_a_officer)
    url = reverse("activities:refuse_subsidy", args=[subsidy.pk])
    assert officer.post(url, {"reasons": ""}).status_code == 200
    officer.post(url, {"reasons": "该活动已由社区公益创投项目资助"})
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.REFUSED and "公益创投" in subsidy.reasons
    told = Notification.objects.get(user=personas.org_leader)
    assert "公益创投" in told.body and told.link.endswith(f"/subsidies/{subsidy.pk}/")


def test_settling_before_the_activity_or_without_receipts_is_refused(
    run, territory, personas, clock_at
):
    fund = street_fund(territory, personas.street_a_officer)
    subsidy = apply(run, personas.org_leader)
    subsidies.approve(
        subsidy=subsidy,
        fund=fund,
        source=source("福彩公益金"),
        amount="2000",
        by=personas.street_a_officer,
    )
    with pytest.raises(ValidationError):
        subsidies.settle(subsidy=subsidy, spent="100", receipts=[receipt()], by=personas.org_leader)
    clock_at(at(12))
    with pytest.raises(ValidationError):
        subsidies.settle(subsidy=subsidy, spent="100", receipts=[], by=personas.org_leader)
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.APPROVED


def test_who_sees_and_does_what(run, territory, personas, login):
    subsidy = apply(run, personas.org_leader)
    detail = reverse("activities:subsidy", args=[subsidy.pk])
    assert login(personas.street_b_officer).get(detail).status_code == 404
    assert login(personas.community_worker).get(detail).status_code == 200
    approve = reverse("activities:approve_subsidy", args=[subsidy.pk])
    assert login(personas.community_worker).post(approve, {}).status_code == 403
    assert login(personas.org_leader).post(approve, {}).status_code == 403
    other = UserFactory(
        username="leader_b", role=Role.ORG_LEADER, organisation=personas.organisation_b1
    )
    assert login(other).get(detail).status_code == 404
    assert login(other).get(reverse("activities:apply_subsidy", args=[run.pk])).status_code == 404


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_never_overdraw_the_source(territory, personas, clock_at):
    clock_at(at(8) - timedelta(days=1))
    fund = street_fund(territory, personas.street_a_officer, lottery="3000")
    applications = []
    for n in range(4):
        activity = make_activity(
            territory.community_a1,
            personas.org_leader,
            title=f"合唱团演出{n}",
            organisation=personas.organisation_a1,
        )
        applications.append(apply(activity, personas.org_leader))
    applications.append(applications[0])  # the same one approved twice at once too
    barrier, outcomes = threading.Barrier(len(applications)), []

    def approve(subsidy):
        try:
            barrier.wait(timeout=10)
            subsidies.approve(
                subsidy=subsidy,
                fund=fund,
                source=source("福彩公益金"),
                amount="2000",
                by=personas.street_a_officer,
            )
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(s,)) for s in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("approved") == 1
    assert funds.by_source(fund)[source("福彩公益金").pk].free == Decimal("1000.00")
    assert Subsidy.objects.filter(status=SubsidyStatus.APPROVED).count() == 1


def test_the_workbench_lists_what_waits_for_the_street_and_the_leader(
    run, territory, personas, clock_at
):
    fund = street_fund(territory, personas.street_a_officer)
    subsidy = apply(run, personas.org_leader)
    waiting = {t.key: t for t in todos.gather(personas.street_a_officer)}["activities.subsidies"]
    assert waiting.count == 1 and waiting.url.endswith(f"/subsidies/{subsidy.pk}/")
    assert "activities.subsidies" not in {t.key for t in todos.gather(personas.street_b_officer)}
    subsidies.approve(
        subsidy=subsidy,
        fund=fund,
        source=source("福彩公益金"),
        amount="2000",
        by=personas.street_a_officer,
    )
    assert "activities.subsidies" not in {t.key for t in todos.gather(personas.org_leader)}
    clock_at(at(12))  # held: now it is to settle
    assert {t.key: t.count for t in todos.gather(personas.org_leader)}["activities.subsidies"] == 1


def test_budget_lines_are_read_as_typed():
    assert subsidies.parse_budget("场地布置 300\n\n茶歇　500元\n音响 租赁\t1,200.5") == [
        ["场地布置", "300.00"],
        ["茶歇", "500.00"],
        ["音响 租赁", "1200.50"],
    ]
    for wrong in ("场地布置", "300", "茶歇 0", "茶歇 1.005", ""):
        with pytest.raises(ValidationError):
            subsidies.parse_budget(wrong)
