"""The workbench (待办): what waits for an account, gathered from every app.

Each app knows its own work, so each app has a `todos.py` with providers,
registered from its `AppConfig.ready()`:

    from lib import todos
    from .todos import PROVIDERS    # each: provider(user, today) -> iterable of Todo
    todos.register(*PROVIDERS)

A provider returns only what waits for that account (scoped by its
jurisdiction through the models' `for_user`), each item with a count and the
page, that role can open, where the work is done. Providers cost a small
fixed number of queries (one aggregate per item, whatever the data): the
home page runs them all on every visit.

`for_request()` gathers them once per request, so the home page, the admin
index and the header's count share one computation; `count_for_request()`
gives the header of the other pages the count they kept, without a query.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.cache import cache
from django.urls import reverse

from lib import clock

#: A deadline this many days ahead, or nearer, is shown as near.
SOON_DAYS = 3
#: How long the header's count may lag behind the work: the home page (where
#: a login lands) and the admin index count afresh and keep their count for
#: the header of the pages that follow, which would otherwise each ask the
#: providers' queries (and the pages' pinned query counts would move).
COUNT_SECONDS = 300


@dataclass(frozen=True)
class Todo:
    key: str  # unique in one account's list: "grids.accept", "orgs.filings"
    label: str  # what to do, in the reader's words ("Tickets to accept")
    count: int
    url: str  # the page where the work is done, one that role can open
    due: date | None = None  # the nearest deadline among the items, if any
    order: int = 50  # among items equally urgent: lower first
    # An opportunity rather than an obligation (calls open for bids): listed,
    # but not in the header's count, which it would swamp.
    optional: bool = False
    # Filled in by `gather()` from `due` and the day:
    state: str = field(default="", compare=False)  # "overdue", "soon" or ""

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def soon(self) -> bool:
        return self.state == "soon"


Provider = Callable[[object, date], Iterable[Todo]]
_providers: list[Provider] = []


def register(*providers: Provider) -> None:
    """Add an app's providers (from its AppConfig.ready(); twice is once)."""
    for provider in providers:
        if provider not in _providers:
            _providers.append(provider)


def _state(due: date | None, today: date) -> str:
    if due is None:
        return ""
    if due < today:
        return "overdue"
    if (due - today).days <= SOON_DAYS:
        return "soon"
    return ""


_URGENCY = {"overdue": 0, "soon": 1, "": 2}


class TodoList(list):
    """The items, most urgent first; the page shows the work waiting apart
    from the opportunities (`optional`: open calls a leader may bid on)."""

    @property
    def required(self) -> list[Todo]:
        return [todo for todo in self if not todo.optional]

    @property
    def optional(self) -> list[Todo]:
        return [todo for todo in self if todo.optional]


def gather(user, today: date | None = None) -> TodoList:
    """Every provider's items for `user` that have something in them, most
    urgent first: past deadlines, then near ones, each the earliest first;
    then the rest, by date, then by their providers' `order`."""
    if not (user and user.is_authenticated and user.is_active):
        return TodoList()
    today = today or clock.today()
    found = []
    for provider in _providers:
        for todo in provider(user, today):
            if todo.count > 0:
                found.append(replace(todo, state=_state(todo.due, today)))
    found.sort(key=lambda t: (_URGENCY[t.state], t.due or date.max, t.order, t.key))
    return TodoList(found)


def _count_key(user) -> str:
    return f"todos:count:{user.pk}:{user.role}"


def for_request(request) -> TodoList:
    """The account's items, gathered once per request; the count is kept
    for the header of the pages that follow."""
    cached = getattr(request, "_todos", None)
    if cached is None:
        cached = gather(request.user)
        request._todos = cached
        if request.user.is_authenticated:
            cache.set(_count_key(request.user), total(cached), COUNT_SECONDS)
    return cached


def total(items: Iterable[Todo]) -> int:
    """The header's count: the rows waiting, opportunities left out."""
    return sum(todo.count for todo in items if not todo.optional)


def count_for_request(request) -> int | None:
    """The header's number, which never costs a query: this request's items
    if the page gathered them, else the count the home page or the admin
    index last kept (None once it has expired: the header then shows none)."""
    if getattr(request, "_todos", None) is not None:
        return total(request._todos)
    return cache.get(_count_key(request.user))


# --- for the providers ------------------------------------------------------------


def admin_list(model, query: str = "") -> str:
    """The admin changelist of `model`, with `query` ("status__exact=open") applied."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{query}" if query else url


def admin_change(model, pk) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])


def one_or_many(found: dict, one: Callable[[int], str], many: str) -> str:
    """The page of the one row when a single one waits, else the list.
    `found` is an aggregate with `n` (how many) and `last` (the highest id:
    the row itself when n is 1), so both cost the one query that counts."""
    return one(found["last"]) if found["n"] == 1 else many
