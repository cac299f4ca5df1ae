"""Incubator records in the admin: each street sees its own platform's."""

from datetime import date

import pytest
from django.urls import reverse

from incubators.models import MonthlyReport, Review, ReviewKind

# Run on PostgreSQL too (CI, -m postgres): each list's jurisdiction is SQL.
pytestmark = pytest.mark.postgres


@pytest.fixture
def records(platforms, personas):
    made = {}
    for key, platform in (("a", platforms.street_a), ("b", platforms.street_b)):
        made[key] = {
            "platform": platform,
            "monthlyreport": MonthlyReport.objects.create(
                platform=platform,
                year=2026,
                month=10,
                activities_held=6,
                submitted_by=personas.platform_admin,
            ),
            "review": Review.objects.create(
                platform=platform,
                kind=ReviewKind.QUARTERLY,
                year=2026,
                number=3,
                reviewed_on=date(2026, 9, 25),
                reviewers="区民政局",
                findings="良好",
                score=88,
                recorded_by=personas.platform_admin,
            ),
        }
    return made


@pytest.mark.parametrize("model", ["platform", "monthlyreport", "review"])
def test_a_street_officer_sees_only_their_platforms_records(records, personas, login, model):
    client = login(personas.street_a_officer)
    shown = {
        obj.pk
        for obj in client.get(reverse(f"admin:incubators_{model}_changelist"))
        .context["cl"]
        .result_list
    }
    assert records["a"][model].pk in shown and records["b"][model].pk not in shown
    assert (
        client.get(
            reverse(f"admin:incubators_{model}_change", args=[records["b"][model].pk])
        ).status_code
        == 404
    )


def test_the_district_sees_every_street_platforms_records(records, personas, login):
    client = login(personas.district_officer)
    shown = {
        obj.pk
        for obj in client.get(reverse("admin:incubators_review_changelist"))
        .context["cl"]
        .result_list
    }
    assert {records["a"]["review"].pk, records["b"]["review"].pk} <= shown


def test_a_review_period_must_fit_its_kind(platforms, personas):
    from django.core.exceptions import ValidationError

    review = Review(
        platform=platforms.street_a,
        kind=ReviewKind.HALF_YEAR,
        year=2026,
        number=3,
        reviewed_on=date(2026, 7, 1),
        reviewers="观摩组",
        findings="—",
        score=80,
        recorded_by=personas.platform_admin,
    )
    with pytest.raises(ValidationError):
        review.full_clean()
