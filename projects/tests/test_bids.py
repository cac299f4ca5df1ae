"""Bids: sealed until bidding closes, eligibility, revision, withdrawal."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from incubators.models import Platform
from incubators.services import residency
from orgs.models import Organisation
from projects.models import Bid, BidStatus
from projects.services import bids
from tests.project_helpers import bid, close

# Run on PostgreSQL too (CI, -m postgres): bids taken and revised under the project's row lock.
pytestmark = pytest.mark.postgres

SECRET = "秘密方案：每周三次上门送餐并建立助餐档案"


@pytest.fixture
def sealed(world, personas):
    return bid(world.project, world.bidder_a, personas.org_leader, proposal=SECRET)


def page(client, world):
    return client.get(reverse("projects:project", args=[world.project.pk])).content.decode()


def test_the_bidder_reads_its_own_bid_before_closing(sealed, world, personas, login):
    assert list(Bid.objects.for_user(personas.org_leader)) == [sealed]
    html = (
        login(personas.org_leader)
        .get(reverse("projects:bid", args=[world.project.pk]))
        .content.decode()
    )
    assert SECRET in html


@pytest.mark.parametrize(
    "persona",
    ["community_worker", "street_a_officer", "district_officer", "platform_admin", "reviewer"],
)
def test_nobody_else_reads_a_bid_before_closing(sealed, world, personas, login, persona):
    user = getattr(personas, persona)
    assert not Bid.objects.for_user(user).exists()
    html = page(login(user), world)
    assert SECRET not in html
    assert 'id="bid-count">1<' in html  # the count is public


def test_another_organisation_cannot_read_it(sealed, world, personas, login):
    assert not Bid.objects.for_user(world.leader_b).exists()
    client = login(world.leader_b)
    assert SECRET not in page(client, world)
    assert (
        SECRET not in client.get(reverse("projects:bid", args=[world.project.pk])).content.decode()
    )


def test_the_admin_shows_no_sealed_bid_even_to_a_superuser(sealed, personas, login):
    personas.platform_admin.is_superuser = True
    personas.platform_admin.save()
    client = login(personas.platform_admin)
    listed = client.get(reverse("admin:projects_bid_changelist")).context["cl"].result_list
    assert list(listed) == []
    assert client.get(reverse("admin:projects_bid_change", args=[sealed.pk])).status_code == 404


def test_the_seal_lifts_when_bidding_closes(sealed, world, personas, login):
    close(world.project)
    assert list(Bid.objects.for_user(personas.community_worker)) == [sealed]
    assert SECRET in page(login(personas.community_worker), world)
    assert (
        SECRET
        in login(personas.reviewer)
        .get(reverse("projects:review", args=[world.project.pk]))
        .content.decode()
    )


def test_a_bid_can_be_revised_until_closing_and_not_after(sealed, world, personas):
    revised = bid(world.project, world.bidder_a, personas.org_leader, proposal="修改后的方案")
    assert revised.pk == sealed.pk and Bid.objects.get(pk=sealed.pk).proposal == "修改后的方案"
    assert revised.history.count() >= 2  # each revision kept
    close(world.project)
    with pytest.raises(ValidationError):
        bid(world.project, world.bidder_a, personas.org_leader, proposal="截止后再改")


def test_a_withdrawn_bid_can_be_put_back_before_closing(sealed, world, personas):
    bids.withdraw_bid(bid=sealed, by=personas.org_leader)
    assert Bid.objects.count_for(world.project) == 0
    bid(world.project, world.bidder_a, personas.org_leader)
    assert Bid.objects.get(pk=sealed.pk).status == BidStatus.SUBMITTED


@pytest.mark.parametrize(
    "rule, make_ineligible, says",
    [
        ("min_star_rating", lambda org: None, "星"),
        (
            "exclude_under_rectification",
            lambda org: Organisation.objects.filter(pk=org.pk).update(
                rectification_due_on=date(2026, 12, 31)
            ),
            "整改",
        ),
        (
            "require_filing",
            lambda org: Organisation.objects.filter(pk=org.pk).update(
                filing_status="none", certificate_number=""
            ),
            "备案",
        ),
        ("require_residency", lambda org: None, "入驻"),
    ],
)
def test_an_ineligible_organisation_is_refused_with_the_reason(
    world, personas, rule, make_ineligible, says
):
    round_ = world.round
    round_.min_star_rating = 4 if rule == "min_star_rating" else None
    round_.require_residency = rule == "require_residency"
    round_.save()
    make_ineligible(world.bidder_a)
    with pytest.raises(ValidationError) as error:
        bid(world.project, Organisation.objects.get(pk=world.bidder_a.pk), personas.org_leader)
    assert says in " ".join(error.value.messages)
    assert not Bid.objects.filter(project=world.project).exists()


def test_a_resident_organisation_may_bid_where_residency_is_required(world, personas, territory):
    world.round.require_residency = True
    world.round.save()
    platform = Platform.objects.create(name="新城街道孵化中心", area=territory.street_a, venue="x")
    residency.admit(
        platform=platform,
        organisation=world.bidder_a,
        on=date(2026, 1, 1),
        by=personas.street_a_officer,
    )
    assert bid(world.project, world.bidder_a, personas.org_leader).status == BidStatus.SUBMITTED


def test_the_bid_form_keeps_what_was_typed_when_refused(world, personas, login):
    client = login(personas.org_leader)
    response = client.post(
        reverse("projects:bid", args=[world.project.pk]),
        {
            "proposal": "我们的方案",
            "team": "五人",
            "schedule": "每周",
            "lines-TOTAL_FORMS": "3",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "3",
            "lines-MAX_NUM_FORMS": "30",
            "lines-0-item": "物料",
            "lines-0-amount": "25000",
            "lines-0-note": "",
            "lines-1-item": "",
            "lines-1-amount": "",
            "lines-1-note": "",
            "lines-2-item": "",
            "lines-2-amount": "",
            "lines-2-note": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "我们的方案" in html and 'value="25000' in html
    assert "20000" in html and 'role="alert"' in html
    assert not Bid.objects.exists()


def test_bids_total_from_their_lines(sealed):
    assert sealed.total == Decimal("16000.00")
