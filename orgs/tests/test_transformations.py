"""Transformation history: each event dated, attributed, and doing what it says."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from orgs.models import (
    MemberRole,
    Membership,
    Stage,
    Status,
    Tier,
    Transformation,
    TransformationKind,
)
from orgs.services import transformations, volunteering
from orgs.services.filing import submit_filing
from tests.factories import OrganisationFactory, PersonFactory, category

# Run on PostgreSQL too (CI, -m postgres): mergers lock their organisations; a merged name is free again (partial unique).
pytestmark = pytest.mark.postgres

DAY = date(2026, 6, 1)


@pytest.fixture
def choirs(personas, territory):
    """Two choirs of one street with members, one person in both."""
    a = OrganisationFactory(
        name="银龄之声合唱队", area=territory.community_a1, member_count=3, party_member_count=1
    )
    b = OrganisationFactory(
        name="夕阳红合唱队", area=territory.community_a2, member_count=2, party_member_count=1
    )
    both = PersonFactory(community=territory.community_a1)
    people_a = [PersonFactory(community=territory.community_a1) for _ in range(2)] + [both]
    people_b = [PersonFactory(community=territory.community_a2), both]
    for person in people_a:
        Membership.objects.create(person=person, organisation=a)
    for person in people_b:
        Membership.objects.create(person=person, organisation=b, role=MemberRole.BACKBONE)
    return a, b, both


def test_a_merger_carries_the_members_over_and_counts_a_shared_member_once(choirs, personas):
    target, merged, both = choirs
    service = volunteering.record_service(
        person=both,
        organisation=merged,
        served_on=DAY,
        hours=2,
        activity="社区演出",
        by=personas.street_a_officer,
    )
    transformations.merge_organisations(
        sources=[merged],
        into=target,
        on=DAY,
        by=personas.street_a_officer,
        note="兴趣相近，合并重整",
    )

    merged.refresh_from_db()
    target.refresh_from_db()
    assert merged.status == Status.MERGED
    assert merged.merged_into == target
    members = Membership.objects.current().filter(organisation=target)
    assert members.count() == 4  # 3 + 2, the shared one once
    assert not Membership.objects.current().filter(organisation=merged).exists()
    assert target.member_count == 4
    assert target.party_member_count == 2
    service.refresh_from_db()
    assert service.organisation == target


def test_a_merger_is_recorded_on_both_sides_with_who_and_when(choirs, personas):
    target, merged, _ = choirs
    transformations.merge_organisations(
        sources=[merged], into=target, on=DAY, by=personas.street_a_officer
    )
    on_target = Transformation.objects.get(organisation=target)
    assert on_target.kind == TransformationKind.MERGED
    assert list(on_target.merged.all()) == [merged]
    assert on_target.recorded_by == personas.street_a_officer
    assert on_target.occurred_on == DAY
    on_merged = Transformation.objects.get(organisation=merged)
    assert on_merged.result == target
    assert merged.history.first().history_user == personas.street_a_officer


def test_a_merger_closes_a_pending_filing_of_the_merged(choirs, personas):
    target, merged, _ = choirs
    application = submit_filing(organisation=merged, by=personas.street_a_officer)
    transformations.merge_organisations(
        sources=[merged], into=target, on=DAY, by=personas.street_a_officer
    )
    application.refresh_from_db()
    assert application.status == "returned"
    assert target.name in application.return_reasons


def test_a_merged_name_can_be_reused_and_the_merged_stays_on_record(choirs, personas, territory):
    target, merged, _ = choirs
    transformations.merge_organisations(
        sources=[merged], into=target, on=DAY, by=personas.street_a_officer
    )
    OrganisationFactory(name="夕阳红合唱队", area=territory.community_a2)  # a new group, same name


@pytest.mark.parametrize("case", ["into itself", "other street", "already merged"])
def test_impossible_mergers_are_refused(choirs, personas, territory, case):
    target, merged, _ = choirs
    officer = personas.street_a_officer
    if case == "into itself":
        sources = [target]
    elif case == "other street":
        sources = [OrganisationFactory(area=territory.community_b1)]
    else:
        transformations.merge_organisations(sources=[merged], into=target, on=DAY, by=officer)
        sources = [merged]
    with pytest.raises(ValidationError):
        transformations.merge_organisations(sources=sources, into=target, on=DAY, by=officer)


def test_a_self_organised_group_becomes_a_community_organisation(personas, territory):
    group = OrganisationFactory(area=territory.community_a1, stage=Stage.SELF_ORGANISED)
    transformations.become_community_organisation(
        organisation=group, on=DAY, by=personas.street_a_officer
    )
    group.refresh_from_db()
    assert group.stage == Stage.COMMUNITY
    with pytest.raises(ValidationError):
        transformations.become_community_organisation(
            organisation=group, on=DAY, by=personas.street_a_officer
        )


def test_a_static_team_turns_to_service_under_a_new_name(personas, territory):
    """Huiji: the epidemic-control team became the red-vest elder-care team."""
    team = OrganisationFactory(
        name="英才社区疫情防控志愿服务队", area=territory.community_a1, is_service_oriented=False
    )
    transformations.become_service_oriented(
        organisation=team,
        on=DAY,
        by=personas.street_a_officer,
        new_name="英才社区红马甲志愿服务队",
        new_category=category("养老托幼", "生活服务类"),
    )
    team.refresh_from_db()
    assert team.is_service_oriented
    assert team.name == "英才社区红马甲志愿服务队"
    event = team.transformations.get()
    assert event.changes["name"] == ["英才社区疫情防控志愿服务队", "英才社区红马甲志愿服务队"]


def test_an_upgrade_needs_a_valid_credit_code_and_registers(personas, territory):
    org = OrganisationFactory(area=territory.community_a1)
    with pytest.raises(ValidationError):
        transformations.upgrade(
            organisation=org, on=DAY, by=personas.street_a_officer, credit_code="52410108MA44KQ2X5A"
        )
    transformations.upgrade(
        organisation=org, on=DAY, by=personas.street_a_officer, credit_code="52410108MA44KQ2X5U"
    )
    org.refresh_from_db()
    assert (org.tier, org.stage, org.credit_code) == (
        Tier.REGISTERED,
        Stage.SOCIAL_ORGANISATION,
        "52410108MA44KQ2X5U",
    )


def test_dissolution_ends_the_memberships(choirs, personas):
    target, _, _ = choirs
    transformations.dissolve(
        organisation=target, on=DAY, by=personas.street_a_officer, note="成员老龄化，自愿解散"
    )
    target.refresh_from_db()
    assert target.status == Status.DISSOLVED
    assert target.dissolved_on == DAY
    assert not Membership.objects.current().filter(organisation=target).exists()


def test_the_merge_action_in_the_admin(choirs, personas, login):
    target, merged, _ = choirs
    client = login(personas.street_a_officer)
    url = reverse("admin:orgs_organisation_changelist")
    selected = {"action": "merge", "_selected_action": [target.pk, merged.pk]}
    form_page = client.post(url, selected)
    assert form_page.status_code == 200
    client.post(
        url,
        {**selected, "confirm": "1", "into": target.pk, "occurred_on": "2026-06-01", "note": ""},
    )
    merged.refresh_from_db()
    assert merged.status == Status.MERGED


def test_a_transformation_is_recorded_from_the_organisation_page(personas, login):
    client = login(personas.street_a_officer)
    org = personas.organisation_a1
    url = reverse("admin:orgs_organisation_transform", args=[org.pk])
    response = client.post(
        url, {"kind": "dissolution", "occurred_on": "2026-06-01", "note": "解散"}
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == Status.DISSOLVED


def test_community_workers_do_not_record_transformations(personas, login):
    client = login(personas.community_worker)
    url = reverse("admin:orgs_organisation_transform", args=[personas.organisation_a1.pk])
    assert client.post(url, {"kind": "dissolution", "occurred_on": "2026-06-01"}).status_code == 403
