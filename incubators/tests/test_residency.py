"""Residency: enter, graduate, be ordered out; one platform at a time."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from incubators.models import Residency, ResidencyStatus
from incubators.services import residency
from tests.factories import OrganisationFactory

# Run on PostgreSQL too (CI, -m postgres): a partial unique constraint: one current residency.
pytestmark = pytest.mark.postgres

DAY = date(2026, 3, 1)


def test_an_organisation_enters_a_platform_of_its_area(platforms, personas):
    stay = residency.admit(
        platform=platforms.street_a,
        organisation=personas.organisation_a1,
        on=DAY,
        by=personas.operator,
    )
    assert stay.status == ResidencyStatus.RESIDENT
    assert stay.ended_on is None


def test_an_organisation_is_resident_in_one_platform_at_a_time(platforms, personas):
    residency.admit(
        platform=platforms.street_a,
        organisation=personas.organisation_a1,
        on=DAY,
        by=personas.operator,
    )
    with pytest.raises(ValidationError) as error:
        residency.admit(
            platform=platforms.community_a1,
            organisation=personas.organisation_a1,
            on=DAY,
            by=personas.operator,
        )
    assert "新城街道孵化中心" in str(error.value)


def test_the_database_itself_refuses_a_second_current_residency(platforms, personas):
    residency.admit(
        platform=platforms.street_a,
        organisation=personas.organisation_a1,
        on=DAY,
        by=personas.operator,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Residency.objects.create(
            platform=platforms.district,
            organisation=personas.organisation_a1,
            entered_on=DAY,
            recorded_by=personas.operator,
        )


def test_a_platform_admits_only_organisations_of_its_area(platforms, personas):
    with pytest.raises(ValidationError):
        residency.admit(
            platform=platforms.street_a,
            organisation=personas.organisation_b1,
            on=DAY,
            by=personas.operator,
        )


def test_graduation_records_date_and_outcome_and_frees_the_organisation(platforms, personas):
    stay = residency.admit(
        platform=platforms.street_a,
        organisation=personas.organisation_a1,
        on=DAY,
        by=personas.operator,
    )
    residency.graduate(
        residency=stay, on=date(2026, 10, 1), outcome="完成备案，出壳独立运营", by=personas.operator
    )
    stay.refresh_from_db()
    assert (stay.status, stay.ended_on, stay.outcome) == (
        ResidencyStatus.GRADUATED,
        date(2026, 10, 1),
        "完成备案，出壳独立运营",
    )
    again = residency.admit(
        platform=platforms.district,
        organisation=personas.organisation_a1,
        on=date(2026, 11, 1),
        by=personas.operator,
    )
    assert again.status == ResidencyStatus.RESIDENT


def test_an_order_to_leave_needs_a_reason_and_is_dated(platforms, personas):
    stay = residency.admit(
        platform=platforms.street_a,
        organisation=personas.organisation_a1,
        on=DAY,
        by=personas.operator,
    )
    with pytest.raises(ValidationError):
        residency.order_out(
            residency=stay, on=date(2026, 9, 1), reason=" ", by=personas.district_officer
        )
    residency.order_out(
        residency=stay,
        on=date(2026, 9, 1),
        reason="连续3个月规范化评分低于6分，整改不到位",
        by=personas.district_officer,
    )
    stay.refresh_from_db()
    assert stay.status == ResidencyStatus.ORDERED_OUT
    assert stay.ended_on == date(2026, 9, 1)
    with pytest.raises(ValidationError):
        residency.graduate(
            residency=stay, on=date(2026, 10, 1), outcome="出壳", by=personas.operator
        )


def test_a_residency_cannot_end_before_it_began(platforms, personas):
    stay = residency.admit(
        platform=platforms.street_a,
        organisation=personas.organisation_a1,
        on=DAY,
        by=personas.operator,
    )
    with pytest.raises(ValidationError):
        residency.graduate(
            residency=stay, on=date(2026, 2, 1), outcome="出壳", by=personas.operator
        )


def test_operators_see_their_platforms_residents_only(platforms, personas, territory, login):
    mine = residency.admit(
        platform=platforms.street_a,
        organisation=personas.organisation_a1,
        on=DAY,
        by=personas.operator,
    )
    theirs = residency.admit(
        platform=platforms.street_b,
        organisation=personas.organisation_b1,
        on=DAY,
        by=personas.street_b_officer,
    )
    not_resident = OrganisationFactory(name="绿城社区读书会", area=territory.community_a2)
    client = login(personas.operator)

    shown = {
        obj.pk
        for obj in client.get(reverse("admin:incubators_residency_changelist"))
        .context["cl"]
        .result_list
    }
    assert shown == {mine.pk}
    assert (
        client.get(reverse("admin:incubators_residency_change", args=[theirs.pk])).status_code
        == 404
    )
    organisations = {
        o.pk
        for o in client.get(reverse("admin:orgs_organisation_changelist")).context["cl"].result_list
    }
    assert personas.organisation_a1.pk in organisations
    assert personas.organisation_b1.pk not in organisations and not_resident.pk not in organisations
    assert (
        client.get(
            reverse("admin:orgs_organisation_change", args=[personas.organisation_b1.pk])
        ).status_code
        == 404
    )
    platforms_shown = {
        p.pk
        for p in client.get(reverse("admin:incubators_platform_changelist"))
        .context["cl"]
        .result_list
    }
    assert platforms_shown == {
        platforms.district.pk,
        platforms.street_a.pk,
        platforms.community_a1.pk,
    }


def test_an_operator_admits_through_the_admin_and_graduates_a_resident(
    platforms, personas, territory, login
):
    elsewhere = OrganisationFactory(
        name="黄河社区合唱团", area=territory.community_c1
    )  # district B
    already = residency.admit(
        platform=platforms.street_b,
        organisation=personas.organisation_b1,
        on=DAY,
        by=personas.street_b_officer,
    )
    client = login(personas.operator)
    add = client.get(reverse("admin:incubators_residency_add"))
    offered = set(add.context["adminform"].form.fields["organisation"].queryset)
    # The operator's district base serves the whole district: any organisation
    # of district A not resident elsewhere may enter; none of district B.
    assert personas.organisation_a1 in offered
    assert already.organisation not in offered and elsewhere not in offered
    response = client.post(
        reverse("admin:incubators_residency_add"),
        {
            "platform": platforms.street_a.pk,
            "organisation": personas.organisation_a1.pk,
            "entered_on": "2026-03-01",
            "agreement": "入驻协议2026-001",
        },
    )
    assert response.status_code == 302
    stay = Residency.objects.get(organisation=personas.organisation_a1)
    assert stay.recorded_by == personas.operator
    client.post(
        reverse("admin:incubators_residency_leave", args=[stay.pk, "graduate"]),
        {"ended_on": "2026-11-01", "text": "能够独立开展服务"},
    )
    stay.refresh_from_db()
    assert stay.status == ResidencyStatus.GRADUATED


def test_the_district_sees_the_three_level_tree_with_counts(platforms, personas, territory, login):
    residency.admit(
        platform=platforms.street_a,
        organisation=personas.organisation_a1,
        on=DAY,
        by=personas.operator,
    )
    graduate = residency.admit(
        platform=platforms.community_a1,
        organisation=OrganisationFactory(area=territory.community_a1),
        on=DAY,
        by=personas.operator,
    )
    residency.graduate(
        residency=graduate, on=date(2026, 6, 1), outcome="出壳", by=personas.operator
    )
    residency.admit(
        platform=platforms.street_b,
        organisation=personas.organisation_b1,
        on=DAY,
        by=personas.street_b_officer,
    )

    page = login(personas.district_officer).get(reverse("incubators:tree"))
    assert page.status_code == 200
    (root,) = page.context["nodes"]
    assert root["platform"] == platforms.district
    streets = {node["platform"].name: node for node in root["children"]}
    assert set(streets) == {"新城街道孵化中心", "长兴路街道孵化中心"}
    assert streets["新城街道孵化中心"]["platform"].resident_count == 1
    (site,) = streets["新城街道孵化中心"]["children"]
    assert (site["platform"].resident_count, site["platform"].graduate_count) == (0, 1)
    assert streets["长兴路街道孵化中心"]["platform"].resident_count == 1
    html = page.content.decode()
    assert "英才社区孵化园" in html and "0 个在孵，1 个已出壳" in html


def test_a_street_officer_sees_their_branch_of_the_tree_only(platforms, personas, login):
    page = login(personas.street_b_officer).get(reverse("incubators:tree"))
    assert [node["platform"] for node in page.context["nodes"]] == [platforms.street_b]
    assert (
        login(personas.street_b_officer)
        .get(reverse("incubators:platform", args=[platforms.street_a.pk]))
        .status_code
        == 404
    )
