"""Admin lists on big tables: no COUNT(*) of the whole table on every page
(the estimate is used instead), while every filtered list stays exact."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lib import paginators
from lib.paginators import EstimatedCountPaginator
from orgs.models import Organisation
from tests.factories import OrganisationFactory
from tests.fixtures import on_postgres

# Run on PostgreSQL too (CI, -m postgres): the planner's row estimate stands in for COUNT(*).
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _whole_table_counts(queries):
    return [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"].upper() and "WHERE" not in q["sql"].upper()
    ]


def test_a_filtered_list_is_counted_exactly(territory, monkeypatch):
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 0)
    for n in range(3):
        OrganisationFactory(name=f"英才社区合唱团{n}", area=territory.community_a1)
    OrganisationFactory(name="长兴社区广场舞队", area=territory.community_b1)
    filtered = Organisation.objects.filter(area=territory.community_a1).order_by("pk")
    assert EstimatedCountPaginator(filtered, 2).count == 3
    assert EstimatedCountPaginator(filtered, 2).num_pages == 2


def test_a_small_table_is_counted_exactly_even_unfiltered(territory):
    for n in range(3):
        OrganisationFactory(name=f"英才社区合唱团{n}", area=territory.community_a1)
    assert EstimatedCountPaginator(Organisation.objects.order_by("pk"), 2).count == 3


@on_postgres
def test_an_unfiltered_big_table_uses_the_planners_estimate(territory, monkeypatch):
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 0)  # "big" from the first row
    for n in range(5):
        OrganisationFactory(name=f"英才社区合唱团{n}", area=territory.community_a1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orgs_organisation")
    with CaptureQueriesContext(connection) as queries:
        count = EstimatedCountPaginator(Organisation.objects.order_by("pk"), 2).count
    assert _whole_table_counts(queries) == []
    assert count == 5  # freshly analysed, the estimate is exact


@on_postgres
def test_the_admins_unfiltered_changelist_does_not_count_the_table(
    territory, personas, client, monkeypatch
):
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orgs_organisation")
    client.force_login(personas.platform_admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/orgs/organisation/")
    assert response.status_code == 200
    assert personas.organisation_a1.name in response.text
    assert _whole_table_counts(queries) == []
    # A street officer's list is filtered by the jurisdiction: counted exactly.
    client.force_login(personas.street_a_officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/orgs/organisation/")
    assert response.status_code == 200
    assert any("COUNT(" in q["sql"].upper() for q in queries)
