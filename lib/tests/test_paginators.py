"""Admin lists on big tables: no COUNT(*) of the whole table on every page
(the estimate is used instead); a filtered list is exact up to the threshold
and estimated beyond it, without counting every row it holds."""

from datetime import date

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lib import paginators
from lib.paginators import BigListPaginator, EstimatedCountPaginator, KeysetPaginator
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
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 3)
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
def test_a_big_filtered_list_stops_counting_at_the_threshold(territory, monkeypatch):
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", 2)
    for n in range(6):
        OrganisationFactory(name=f"英才社区合唱团{n}", area=territory.community_a1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orgs_organisation")
    filtered = Organisation.objects.filter(area=territory.community_a1).order_by("pk")
    with CaptureQueriesContext(connection) as queries:
        count = EstimatedCountPaginator(filtered, 2).count
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT 3" in counts[0]  # stopped after threshold + 1 rows
    assert count == max(paginators.planned_rows(filtered), 3)
    assert count >= 3


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


# --- ids first, then rows -------------------------------------------------------------------


def test_a_deep_page_fetched_by_its_ids_holds_the_same_rows_in_the_same_order(
    territory, monkeypatch
):
    for n in range(7):
        OrganisationFactory(name=f"英才社区合唱团{n % 3}{n}", area=territory.community_a1)
    listed = Organisation.objects.order_by("-name", "pk")
    plain = [list(page) for page in (Paginator(listed, 3).page(n) for n in (1, 2, 3))]
    monkeypatch.setattr(paginators, "IDS_FIRST_FROM", 1)
    with CaptureQueriesContext(connection) as queries:
        deep = [list(BigListPaginator(listed, 3).page(n)) for n in (1, 2, 3)]
    assert deep == plain
    ids_first = [q["sql"] for q in queries if "LIMIT" in q["sql"] and "OFFSET" in q["sql"]]
    assert len(ids_first) == 2  # pages 2 and 3 skip rows: their ids are read first
    assert all('"orgs_organisation"."name"' not in sql.split("FROM")[0] for sql in ids_first)


# --- cursors --------------------------------------------------------------------------------


def _walk(paginator, cursor, towards):
    pages = []
    while True:
        page = paginator.page(cursor)
        pages.append([org.name for org in page])
        cursor = page.next_cursor if towards == "next" else page.previous_cursor
        if not cursor:
            return pages


def test_cursors_walk_the_whole_list_forwards_and_back_with_undated_rows_last(territory):
    """Founding dates with ties and blanks: the order is the date (blanks
    last), then the name backwards; every row is on exactly one page, and
    "previous" gives back the pages "next" gave."""
    dates = [
        date(2020, 1, 1),
        None,
        date(2019, 5, 1),
        date(2020, 1, 1),
        None,
        None,
        date(2021, 3, 1),
    ]
    for n, founded in enumerate(dates):
        OrganisationFactory(
            name=f"英才社区合唱团{n}", founded_on=founded, area=territory.community_a1
        )
    listed = Organisation.objects.all()
    paginator = KeysetPaginator(listed, ["founded_on", "-name", "-id"], 2)
    forwards = _walk(paginator, None, "next")
    assert [name for page in forwards for name in page] == _by_date_then_name_down(listed)
    assert [len(page) for page in forwards] == [2, 2, 2, 1]
    last = paginator.page(None)
    while last.next_cursor:
        last = paginator.page(last.next_cursor)
    backwards = _walk(paginator, last.previous_cursor, "previous")
    assert backwards == forwards[-2::-1]


def _by_date_then_name_down(organisations):
    dated = sorted((o for o in organisations if o.founded_on), key=lambda o: o.name, reverse=True)
    dated.sort(key=lambda o: o.founded_on)
    undated = sorted((o.name for o in organisations if not o.founded_on), reverse=True)
    return [o.name for o in dated] + undated


def test_a_cursor_nobody_could_have_been_given_opens_the_first_page(territory):
    for n in range(3):
        OrganisationFactory(name=f"英才社区合唱团{n}", area=territory.community_a1)
    paginator = KeysetPaginator(Organisation.objects.all(), ["founded_on", "-name", "-id"], 2)
    first = [org.pk for org in paginator.page(None)]
    for cursor in ["x", "%%%", "WyJhIl0", "WyJhIixbMSwyXV0", "WyJ6IixbbnVsbCwiYSIsMV1d"]:
        assert [org.pk for org in paginator.page(cursor)] == first
