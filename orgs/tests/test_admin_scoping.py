"""Every list of the orgs app in the admin: a street officer sees the rows of
their street, and another street's row by URL is a 404."""

from datetime import date

import pytest
from django.urls import reverse

from orgs.models import Membership, Talent, Training, Transformation, TransformationKind
from orgs.services import volunteering
from orgs.services.filing import submit_filing
from tests.factories import PersonFactory

# Run on PostgreSQL too (CI, -m postgres): each list's jurisdiction is SQL.
pytestmark = pytest.mark.postgres


@pytest.fixture
def both_streets(personas, territory):
    """One row of each kind in street A (新城街道) and in street B (长兴路街道)."""
    rows = {}
    for street, community, organisation in (
        ("a", territory.community_a1, personas.organisation_a1),
        ("b", territory.community_b1, personas.organisation_b1),
    ):
        person = PersonFactory(community=community)
        service = volunteering.record_service(
            person=person,
            organisation=organisation,
            served_on=date(2026, 5, 1),
            hours=2,
            activity="巡查",
            by=personas.platform_admin,
        )
        rows[street] = {
            "organisation": organisation,
            "filingapplication": submit_filing(
                organisation=organisation, by=personas.platform_admin
            ),
            "person": person,
            "talent": Talent.objects.create(
                person=person,
                skills="剪纸",
                listed_on=date(2026, 1, 1),
                listed_by=personas.platform_admin,
            ),
            "training": Training.objects.create(
                topic="培训", held_on=date(2026, 3, 1), area=community, organiser="孵化中心"
            ),
            "servicerecord": service,
            "pointsentry": service.points_entry,
            "membership": Membership.objects.create(person=person, organisation=organisation),
            "transformation": Transformation.objects.create(
                organisation=organisation,
                kind=TransformationKind.BECAME_SERVICE_ORIENTED,
                occurred_on=date(2026, 1, 1),
                recorded_by=personas.platform_admin,
            ),
        }
    return rows


LISTED = [
    "organisation",
    "filingapplication",
    "person",
    "talent",
    "training",
    "servicerecord",
    "pointsentry",
]


@pytest.mark.parametrize("model", LISTED)
def test_a_street_officer_lists_only_their_streets_rows(both_streets, personas, login, model):
    response = login(personas.street_a_officer).get(reverse(f"admin:orgs_{model}_changelist"))
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert both_streets["a"][model].pk in shown
    assert both_streets["b"][model].pk not in shown


@pytest.mark.parametrize("model", LISTED)
def test_another_streets_row_by_url_is_a_404(both_streets, personas, login, model):
    client = login(personas.street_a_officer)
    foreign = both_streets["b"][model]
    assert client.get(reverse(f"admin:orgs_{model}_change", args=[foreign.pk])).status_code == 404
    assert (
        client.get(
            reverse(f"admin:orgs_{model}_change", args=[both_streets["a"][model].pk])
        ).status_code
        == 200
    )


@pytest.mark.parametrize("model", ["membership", "transformation"])
def test_related_records_follow_their_organisation(both_streets, personas, model):
    queryset = both_streets["a"][model].__class__.objects.for_user(personas.street_a_officer)
    assert set(queryset) == {both_streets["a"][model]}
    assert set(queryset.model.objects.for_user(personas.org_leader)) == {both_streets["a"][model]}
