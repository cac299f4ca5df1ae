"""Counting rows without counting a million of them.

Django's paginator runs `SELECT COUNT(*)` on every page; on a table of a
million tickets that is a full scan each time someone opens the list. For a
queryset with no filter at all (the city's administrator's unfiltered
list) on PostgreSQL, the planner's estimate from `pg_class.reltuples` is
used instead once the table is large: the page numbers near the end may be
off by a fraction of a percent, which nobody paging a million rows notices.
Every filtered list (every jurisdiction is a filter) is counted exactly.
"""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows an exact count is cheap enough.
ESTIMATE_ABOVE = 100_000


def estimated_rows(queryset) -> int | None:
    """The planner's row estimate for the queryset's table, when the
    queryset is the whole table on PostgreSQL and the table has been
    analysed; None otherwise."""
    query = getattr(queryset, "query", None)
    if query is None or query.where or query.distinct or query.combinator:
        return None
    if query.is_sliced or query.group_by is not None:
        return None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] >= 0 else None


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self):
        estimate = estimated_rows(self.object_list)
        if estimate is not None and estimate > ESTIMATE_ABOVE:
            return estimate
        return super().count
