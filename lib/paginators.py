"""Paging big lists without counting or skipping a million rows.

Django's paginator runs `SELECT COUNT(*)` on every page and fetches a page
with `OFFSET`; on a table of a million tickets the first is a full scan each
time someone opens the list, the second reads (and joins) every row it
skips. Three tools:

- `EstimatedCountPaginator`: for a queryset with no filter at all (the
  city's administrator's unfiltered list) on PostgreSQL, the planner's
  estimate from `pg_class.reltuples` is used instead of the count once the
  table is large: the page numbers near the end may be off by a fraction of
  a percent, which nobody paging a million rows notices. A filtered list
  (every jurisdiction is a filter) is counted exactly up to ESTIMATE_ABOVE
  rows, and beyond that takes the planner's estimate for its filter (EXPLAIN):
  the count stops early instead of reading 900,000 closed tickets.
- `BigListPaginator`: that, and a deep page fetched as "the page's ids, then
  its rows": the skipped rows are read in the index only (no table rows, no
  joins), and only the page's rows are read whole. Numbered pages stay.
- `KeysetPaginator`: no numbers, a cursor (the position of a row in the
  list's order) for next and previous: every page costs the same, however
  deep.
"""

import base64
import binascii
import json
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, Q
from django.utils.functional import cached_property

# Below this many rows an exact count is cheap enough.
ESTIMATE_ABOVE = 100_000
# From this many rows skipped on, a page is fetched as its ids first.
IDS_FIRST_FROM = 1_000


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


def planned_rows(queryset) -> int:
    """The planner's estimate of how many rows the queryset gives (EXPLAIN)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self):
        queryset = self.object_list
        estimate = estimated_rows(queryset)
        if estimate is not None and estimate > ESTIMATE_ABOVE:
            return estimate
        if _is_filtered_postgres(queryset):
            # Counted up to the threshold (an early stop, whatever the filter),
            # the planner's estimate beyond it: "closed tickets" is 900,000
            # rows, which no one pages to the end of.
            capped = queryset.order_by()[: ESTIMATE_ABOVE + 1].count()
            if capped <= ESTIMATE_ABOVE:
                return capped
            return max(planned_rows(queryset), capped)
        return super().count


def _is_filtered_postgres(queryset) -> bool:
    query = getattr(queryset, "query", None)
    return (
        query is not None
        and bool(query.where)
        and not (query.is_sliced or query.combinator)
        and connections[queryset.db].vendor == "postgresql"
    )


class BigListPaginator(EstimatedCountPaginator):
    """Numbered pages; past the first IDS_FIRST_FROM rows a page is fetched
    as its ids (an index-only read when an index matches the list's order),
    then its rows by id, in the same order. Still a queryset, so the admin's
    actions and editable lists work on it as before."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < IDS_FIRST_FROM or not hasattr(self.object_list, "values_list"):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


# --- cursors ----------------------------------------------------------------------------------


class CursorPage(Sequence):
    """One page of a keyset list: its rows, and the cursors of the pages
    before and after it (None where there is none)."""

    def __init__(self, rows, next_cursor, previous_cursor):
        self.object_list = rows
        self.next_cursor = next_cursor
        self.previous_cursor = previous_cursor

    def __len__(self):
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def has_next(self):
        return self.next_cursor is not None

    def has_previous(self):
        return self.previous_cursor is not None

    def has_other_pages(self):
        return self.has_next() or self.has_previous()


class KeysetPaginator:
    """Pages of `queryset` in `ordering` ("field" or "-field", the model's own
    fields, the last one unique, e.g. ["due_on", "-reported_at", "-id"]), by
    cursor: each page is "the next `per_page` rows after this one", which an
    index matching the ordering answers without reading what comes before.

    Only the first field may be null; its nulls come last (PostgreSQL's own
    order for an ascending index, asked explicitly so SQLite agrees). A page
    asks one query, or two when it crosses from the dated rows into the
    undated ones. A cursor that cannot be read gives the first page.
    """

    def __init__(self, queryset, ordering: Sequence[str], per_page: int):
        self.queryset = queryset
        self.keys = [(name.lstrip("-"), name.startswith("-")) for name in ordering]
        self.fields = [queryset.model._meta.get_field(name) for name, _desc in self.keys]
        self.per_page = per_page

    # the order, forwards (the list's) or backwards (to find the page before)
    def _order(self, forwards: bool):
        order = []
        for index, (name, descending) in enumerate(self.keys):
            down = descending != (not forwards)
            nullable = index == 0 and self.fields[0].null
            if nullable:  # nulls last going forwards, first going back
                nulls = {"nulls_last": True} if forwards else {"nulls_first": True}
                order.append(F(name).desc(**nulls) if down else F(name).asc(**nulls))
            else:
                order.append(F(name).desc() if down else F(name).asc())
        return order

    def _beyond(self, index: int, values, forwards: bool) -> Q:
        """Rows strictly past `values` in the keys from `index` on (non-null)."""
        name, descending = self.keys[index]
        lookup = "lt" if descending == forwards else "gt"
        past = Q(**{f"{name}__{lookup}": values[index]})
        if index == len(self.keys) - 1:
            return past
        return past | (Q(**{name: values[index]}) & self._beyond(index + 1, values, forwards))

    def _after(self, values, forwards: bool) -> list[Q]:
        """The filters of the sections to read, in order, for the rows past
        `values`: the cursor's own section (bounded on the first key, so an
        index can start there), then, for a nullable first key, the other
        section whole."""
        name, descending = self.keys[0]
        first = values[0]
        if first is None:  # among the nulls: going forwards they are last
            own = Q(**{f"{name}__isnull": True})
            if len(self.keys) > 1:
                own &= self._beyond(1, values, forwards)
            return [own] if forwards else [own, Q(**{f"{name}__isnull": False})]
        bound = "lte" if descending == forwards else "gte"
        own = Q(**{f"{name}__{bound}": first}) & self._beyond(0, values, forwards)
        sections = [own]
        if forwards and self.fields[0].null:
            sections.append(Q(**{f"{name}__isnull": True}))
        return sections

    def _fetch(self, values, forwards: bool) -> list:
        wanted = self.per_page + 1
        ordered = self.queryset.order_by(*self._order(forwards))
        if values is None:
            return list(ordered[:wanted])
        rows = []
        for section in self._after(values, forwards):
            rows += list(ordered.filter(section)[: wanted - len(rows)])
            if len(rows) >= wanted:
                break
        return rows

    def page(self, cursor: str | None) -> CursorPage:
        direction, values = self._read(cursor)
        forwards = direction != "b"
        rows = self._fetch(values, forwards)
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if not forwards:
            rows.reverse()
        has_next = more if forwards else True
        has_previous = (values is not None) if forwards else more
        if not rows:  # past the end (rows deleted since): back to the start
            return CursorPage(rows, None, "" if values is not None else None)
        return CursorPage(
            rows,
            self._write("a", rows[-1]) if has_next else None,
            self._write("b", rows[0]) if has_previous else None,
        )

    def after(self, row) -> str:
        """The cursor of the page that follows `row`."""
        return self._write("a", row)

    # a cursor: "a" (after) or "b" (before) and the row's key values, as JSON in base64
    def _write(self, direction: str, row) -> str:
        values = [getattr(row, field.attname) for field in self.fields]
        text = json.dumps([direction, [_plain(v) for v in values]], separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def _read(self, cursor):
        if not cursor:
            return "a", None
        try:
            text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            direction, raw = json.loads(text)
            if direction not in ("a", "b") or len(raw) != len(self.fields):
                raise ValueError(cursor)
            values = [
                None if v is None else f.to_python(v) for f, v in zip(self.fields, raw, strict=True)
            ]
        except (ValueError, TypeError, ValidationError, binascii.Error, UnicodeDecodeError):
            return "a", None
        if any(v is None for v in values[1:]):
            return "a", None
        return direction, values


def _plain(value):
    if value is None or isinstance(value, int | str):
        return value
    return value.isoformat()
