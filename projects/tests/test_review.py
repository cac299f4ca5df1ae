"""The panel: conflicts of interest, scores, five-star priority, one award."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from orgs.models import Organisation
from projects.models import Bid, BidStatus, ConflictDeclaration, Score
from projects.services import review, tenders
from tests.fixtures import on_postgres
from tests.project_helpers import score_all, to_review

# Run on PostgreSQL too (CI, -m postgres): one award under a row lock, however many clicks race.
pytestmark = pytest.mark.postgres


def criteria_points(project, share):
    return {c.pk: Decimal(c.max_points) * Decimal(share) for c in project.criteria.all()}


def test_a_reviewer_with_a_declared_tie_cannot_score_that_bid(world, personas):
    project, a, b = to_review(world, personas)
    review.declare_conflict(
        project=project,
        reviewer=personas.reviewer,
        organisation=world.bidder_a,
        nature="本人是该组织成员",
    )
    with pytest.raises(ValidationError) as error:
        review.score_bid(bid=a, reviewer=personas.reviewer, points=criteria_points(project, "0.9"))
    assert world.bidder_a.name in str(error.value)
    review.score_bid(
        bid=b, reviewer=personas.reviewer, points=criteria_points(project, "0.8")
    )  # the other is fine


def test_declaring_a_tie_withdraws_scores_already_given(world, personas):
    project, a, _b = to_review(world, personas)
    review.score_bid(bid=a, reviewer=personas.reviewer, points=criteria_points(project, "1"))
    review.declare_conflict(
        project=project, reviewer=personas.reviewer, organisation=world.bidder_a, nature="亲属"
    )
    assert not Score.objects.filter(bid=a, reviewer=personas.reviewer).exists()
    assert ConflictDeclaration.objects.count() == 1


def test_only_the_panel_scores_and_every_criterion_within_its_range(world, personas, territory):
    from tests.factories import UserFactory

    project, a, _b = to_review(world, personas)
    outsider = UserFactory(username="reviewer_x", role="reviewer", area=territory.district_a)
    with pytest.raises(ValidationError):
        review.score_bid(bid=a, reviewer=outsider, points=criteria_points(project, "1"))
    too_high = criteria_points(project, "1")
    too_high[next(iter(too_high))] += 1
    with pytest.raises(ValidationError):
        review.score_bid(bid=a, reviewer=personas.reviewer, points=too_high)
    partial = dict(list(criteria_points(project, "1").items())[:2])
    with pytest.raises(ValidationError):
        review.score_bid(bid=a, reviewer=personas.reviewer, points=partial)


def test_the_ranking_averages_the_panel_and_gives_five_stars_priority(world, personas, settings):
    settings.FIVE_STAR_BONUS = 5
    project, a, b = to_review(world, personas)
    # b scores 2 points more on average; a has five stars and gets the 5-point priority.
    score_all(
        project,
        world.reviewers,
        {world.bidder_a.pk: Decimal("0.80"), world.bidder_b.pk: Decimal("0.82")},
    )
    Organisation.objects.filter(pk=world.bidder_a.pk).update(star_rating=5)
    Organisation.objects.filter(pk=world.bidder_b.pk).update(star_rating=3)
    ranked = review.ranking(project)
    assert [r.bid for r in ranked] == [a, b]
    assert (ranked[0].average, ranked[0].bonus, ranked[0].total) == (
        Decimal("80.00"),
        Decimal("5"),
        Decimal("85.00"),
    )
    assert ranked[1].flagged and not ranked[0].flagged
    settings.FIVE_STAR_BONUS = 0
    assert [r.bid for r in review.ranking(project)] == [b, a]


def test_equal_scores_go_to_the_higher_star_rating(world, personas, settings):
    settings.FIVE_STAR_BONUS = 0
    project, a, b = to_review(world, personas)
    score_all(
        project,
        world.reviewers,
        {world.bidder_a.pk: Decimal("0.8"), world.bidder_b.pk: Decimal("0.8")},
    )
    Organisation.objects.filter(pk=world.bidder_b.pk).update(star_rating=4)
    assert review.ranking(project)[0].bid == b


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_award_clicks_give_exactly_one_award(world, personas):
    project, a, b = to_review(world, personas)
    barrier = threading.Barrier(2)
    outcomes = []

    def click(bid, user):
        try:
            barrier.wait(timeout=10)
            tenders.award(project=project, bid=bid, amount="15000", by=user)
            outcomes.append(("awarded", bid.pk))
        except ValidationError:
            outcomes.append(("refused", bid.pk))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=click, args=(a, personas.community_worker)),
        threading.Thread(target=click, args=(b, personas.street_a_officer)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _ in outcomes) == ["awarded", "refused"]
    # One award on public notice; nothing committed before it takes effect.
    assert project.notices.filter(status="open").count() == 1
    assert Bid.objects.filter(project=project, status=BidStatus.AWARDED).count() == 0
    assert project.paying_fund.entries.filter(kind="allocation").count() == 0
