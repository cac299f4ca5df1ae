"""No query string makes any page answer with a server error.

Every GET view of the site (the portal, the public pages, the admin with
its changelists, exports and forms, the API) is asked with generated query
strings, as a role that can see the page. The parameter names are the ones
the view itself reads, found from the view rather than listed here:

- an admin changelist (and its export): its filters' own parameters (the
  `ChangeList`'s filter specs), search `q`, ordering `o`, page `p`, `e`,
  `all`, the date hierarchy's, and lookups on the model's fields that the
  list does not offer (`name__startswith`, `pk__in`, `created_at__gte`…);
- other admin pages: `_changelist_filters`, `_to_field`, `_popup` and the
  model's fields (an add form reads its initial values from the query);
- a portal or public view: what its code reads from `request.GET`, and the
  fields of a form it binds to `request.GET` (the ticket statistics'
  start/end/by, the fund statement's period…);
- the API: the query parameters its OpenAPI schema declares.

Each is given hostile values: dates out of every range (9999-12-31,
0000-00-00), huge and negative numbers, non-digits, other scripts' digits,
Chinese, empty values, NUL bytes, very long strings, and the same parameter
repeated. The URLs, and the rows that fill their ids, are the jurisdiction
matrix's (`tests/test_url_matrix.py`, `tests/matrix_estate.py`), so a view
added to the site is asked here as soon as it has its line there.

Bounded and the same on every run: a Hypothesis profile (`hostile_queries`)
with few examples per view, derandomized, no shrinking (a failure is
reported with the query that caused it, and every failure of the run is
listed at once). `HOSTILE_QUERY_EXAMPLES=5` multiplies the examples for a
deeper run by hand.
"""

import copy
import inspect
import logging
import os
import re
import time
import traceback
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import pytest
from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.test import Client, RequestFactory
from django.urls import resolve
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.matrix_estate import build_estate
from tests.test_url_matrix import (
    MATRIX,
    ROLES,
    body_text,
    forget_throttles,
    is_public,
    site_routes,
    url_for,
)

# Run on PostgreSQL too (CI, -m postgres): PostgreSQL refuses values SQLite lets through (types, ranges).
pytestmark = pytest.mark.postgres

settings.register_profile(
    "hostile_queries",
    derandomize=True,  # the same examples on every run, CI and laptop alike
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: bounded time
    suppress_health_check=list(HealthCheck),  # the database, the 2 shared cores
)
PROFILE = settings.get_profile("hostile_queries")
SCALE = int(os.environ.get("HOSTILE_QUERY_EXAMPLES", "1"))
# Examples per view: views that read parameters get more than pages that
# read (almost) none.
MANY, FEW = 5 * SCALE, 1 * SCALE

# The role each page is asked as: the first of these that gets the page in
# the matrix (a scoped officer first, the platform administrator after
# them); public pages as the resident who uses them.
PREFERRED = (
    "street_a_officer",
    "community_worker",
    "district_officer",
    "org_leader",
    "grid_member",
    "operator",
    "reviewer",
    "platform_admin",
    "anonymous",
)

HOSTILE = [
    "9999-12-31",
    "0000-00-00",
    "0001-01-01",
    "2026-02-30",
    "2026-13-01",
    "10000-01-01",
    "9999-12-31 23:59:59",
    "0001-01-01 00:00:00",
    "9999-Q4",
    "2026-Q9",
    "9999",
    "99999999999999999999999999",
    str(2**63),
    "-1",
    "-99999999999999999999",
    "0",
    "1.5",
    "1e309",
    "nan",
    "abc",
    "１２３",  # full-width digits
    "٣",  # an Arabic-Indic digit: int() takes it
    "²",  # a superscript: isdigit() says yes, int() says no
    "惠济区",
    "",
    " ",
    "\x00",
    "a\x00b",
    "%",
    "_",
    "'\"<>&",
    "../../etc/passwd",
    "1,2,abc",
    "true",
    "None",
    "x" * 5000,
    "9" * 5000,
]

VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(lambda day: day.isoformat()),
)

# The values each parameter the view's own code reads is certainly asked
# with (besides the generated ones), by what the parameter holds.
SHARP = {
    "date": ["9999-12-31", "0001-01-01", "0000-00-00"],
    "number": ["99999999999999999999", "²", "-1"],
    "bool": ["2", "\x00"],
    "text": ["\x00", "x" * 5000],
    "any": ["99999999999999999999", "²", "9999-12-31", "0001-01-01", "\x00"],
}

# Read by views everywhere (admin, pagination, formats, redirects, language).
GENERIC = ["page", "p", "o", "q", "e", "format", "next", "_popup", "_to_field", "foo"]
ADMIN_LIST = ["q", "o", "p", "e", "all", "_to_field", "_popup", "_facets"]
ADMIN_OBJECT = ["_changelist_filters", "_to_field", "_popup", "_saveasnew"]
AUTOCOMPLETE = {"term": "text", "app_label": "text", "model_name": "text", "field_name": "text"}


def queries(names: list[str]):
    """Query strings of one to four parameters from `names`, each with a
    hostile value, sometimes one of them repeated with another."""
    pair = st.tuples(st.sampled_from(names), VALUES)

    def encode(args):
        pairs, again = args
        if again is not None:
            pairs = [*pairs, (pairs[0][0], again)]
        return urlencode(pairs)

    return st.tuples(st.lists(pair, min_size=1, max_size=4), st.one_of(st.none(), VALUES)).map(
        encode
    )


@dataclass
class Params:
    """What a view reads from its query string."""

    own: dict[str, str] = field(default_factory=dict)  # read by the project's code: kind
    others: set[str] = field(default_factory=set)  # read by Django or a library
    fixed: list[str] = field(default_factory=list)  # queries always asked

    def names(self) -> list[str]:
        return sorted({*self.own, *self.others, *GENERIC})

    def sweep(self) -> list[str]:
        """One query per own parameter and sharp value of its kind, and the
        queries always asked."""
        own = [urlencode({n: value}) for n, kind in self.own.items() for value in SHARP[kind]]
        return own + self.fixed


# --- the parameter names a view reads -------------------------------------------------------

READS = re.compile(
    r"""(?:GET|query_params)(?:\.get|\.getlist|\.pop)?\s*[(\[]\s*["'](?P<name>\w+)["']"""
)
BOUND_FORM = re.compile(r"(?P<form>\w+)\(\s*(?:\{[^{}]*)?request\.GET")
FORM_KINDS = [
    (forms.DateTimeField, "date"),
    (forms.DateField, "date"),
    (forms.BooleanField, "bool"),
    (forms.ModelChoiceField, "number"),
    (forms.IntegerField, "number"),
    (forms.DecimalField, "number"),
    (forms.ChoiceField, "text"),
    (forms.CharField, "text"),
]
SCHEMA_KINDS = {"integer": "number", "number": "number", "boolean": "bool", "string": "text"}


def admin_of(func):
    """The ModelAdmin behind an admin URL's view, if it has one."""
    model_admin = getattr(func, "model_admin", None)
    if model_admin is None:
        view = inspect.unwrap(func)
        model_admin = getattr(view, "__self__", None)
    return model_admin if hasattr(model_admin, "get_changelist_instance") else None


def kind_of_form_field(form_field) -> str:
    return next((kind for cls, kind in FORM_KINDS if isinstance(form_field, cls)), "any")


def read_in_code(func) -> dict[str, str]:
    """What the view's code reads from the query: `request.GET.get("x")`,
    `request.GET["x"]`, and the fields of a form bound to `request.GET`."""
    view = inspect.unwrap(func)
    view = getattr(view, "view_class", view)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return {}
    if "site-packages" in (inspect.getsourcefile(view) or ""):
        return {}  # Django's or a library's view: not the project's code
    found = {match["name"]: "any" for match in READS.finditer(source)}
    scope = getattr(view, "__globals__", None) or vars(inspect.getmodule(view) or object)
    for match in BOUND_FORM.finditer(source):
        form = scope.get(match["form"])
        if isinstance(form, type) and issubclass(form, forms.BaseForm):
            found |= {name: kind_of_form_field(f) for name, f in form.base_fields.items()}
    return found


def field_lookups(model) -> list[str]:
    """Lookups on the model's own fields, offered by the list or not."""
    found = ["pk", "pk__in", "id__gt"]
    for model_field in model._meta.get_fields():
        if not getattr(model_field, "concrete", False) or model_field.many_to_many:
            continue
        name = model_field.name
        found.append(name)
        if model_field.is_relation:
            found += [f"{name}__id__exact", f"{name}__isnull", f"{name}__in"]
        elif isinstance(model_field, models.DateField | models.DateTimeField):
            found += [f"{name}__gte", f"{name}__lt", f"{name}__year", f"{name}__date"]
        elif isinstance(model_field, models.IntegerField | models.DecimalField | models.FloatField):
            found += [f"{name}__gte", f"{name}__exact"]
        else:
            found += [f"{name}__startswith", f"{name}__exact", f"{name}__regex"]
    return found


def changelist_params(model_admin, user) -> Params:
    """The parameters an admin list reads, for this user: its own filters'
    (the project's code), Django's field filters', and lookups it does not
    offer, with two of those always asked: text with a NUL (PostgreSQL
    cannot compare it) and a year no date has."""
    request = RequestFactory().get("/")
    request.user = user
    params = Params(others={*ADMIN_LIST, *field_lookups(model_admin.model)})
    fields = model_admin.model._meta.concrete_fields
    text = next((f.name for f in fields if isinstance(f, models.CharField)), None)
    day = next((f.name for f in fields if isinstance(f, models.DateField)), None)
    params.fixed += [urlencode({text: "\x00"})] if text else []
    params.fixed += [urlencode({f"{day}__year": "99999"})] if day else []
    for item in model_admin.get_list_filter(request):
        if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
            params.own[str(item.parameter_name)] = "any"
    changelist = model_admin.get_changelist_instance(request)
    for spec in changelist.filter_specs:
        params.others |= {str(name) for name in spec.expected_parameters()}
    if model_admin.date_hierarchy:
        hierarchy = model_admin.date_hierarchy
        params.others |= {f"{hierarchy}__year", f"{hierarchy}__month", f"{hierarchy}__day"}
    params.others -= set(params.own)
    return params


_schema = {}


def api_params(route: str) -> dict[str, str]:
    """The query parameters the API schema declares for this route's path."""
    if "schema" not in _schema:
        from drf_spectacular.generators import SchemaGenerator

        _schema["schema"] = SchemaGenerator().get_schema(request=None, public=True)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", "x", route).replace("^", "").replace("$", "")
    found = {}
    for declared, operations in _schema["schema"]["paths"].items():
        if re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", declared.lstrip("/")), path):
            for parameter in operations.get("get", {}).get("parameters", []):
                if parameter["in"] == "query":
                    kind = SCHEMA_KINDS.get(parameter.get("schema", {}).get("type"), "any")
                    found[parameter["name"]] = kind
    return found


def params_of(route: str, url: str, user) -> Params:
    """What the view behind `url` reads from its query string."""
    func = resolve(urlsplit(url).path).func
    model_admin = admin_of(func)
    params = Params(own=read_in_code(func))
    if route == "admin/autocomplete/":
        params.own |= AUTOCOMPLETE
    elif model_admin is not None:
        view = inspect.unwrap(func)
        if getattr(view, "__name__", "") == "changelist_view" or route.endswith("/export/"):
            listed = changelist_params(model_admin, user)
            params.own |= listed.own
            params.others |= listed.others
            params.fixed += listed.fixed
        else:
            params.others |= {*ADMIN_OBJECT, *field_lookups(model_admin.model)}
    if route.startswith("api/"):
        params.own |= api_params(route)
    return params


# --- asking ---------------------------------------------------------------------------------


def role_for(route, entry) -> str | None:
    """A role that gets the page (a 200 in the matrix), or None."""
    seen = dict(zip(ROLES, entry.outcomes, strict=True))
    order = ("anonymous", *PREFERRED) if is_public(route) else PREFERRED
    return next((role for role in order if seen[role] in "21"), None)


def send(client, url, query) -> str | None:
    """GET url?query, rolled back; a server error as text, else None."""
    joined = f"{url}{'&' if '?' in url else '?'}{query}"
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            response = client.get(joined)
            if response.streaming:
                body_text(response)  # read to the end: closes the file or cursor
            transaction.set_rollback(True)
    except Exception as exc:  # what a visitor would get as a 500
        return f"{type(exc).__name__}: {str(exc)[:300]} ({where(exc)})"
    finally:
        client.cookies = cookies
    if response.status_code >= 500:
        return f"status {response.status_code}"
    return None


def where(exc) -> str:
    """The innermost line of the project's own code the error passed through."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [
        f for f in frames if "/.venv/" not in f.filename and "/site-packages/" not in f.filename
    ]
    frame = (ours or frames)[-1]
    return f"{os.path.relpath(frame.filename)}:{frame.lineno}"


@pytest.fixture
def estate(territory, personas, platforms, world, grids):
    return build_estate(territory, personas, platforms, world, grids)


def test_no_query_string_makes_any_page_a_server_error(estate, personas):
    logging.disable(logging.CRITICAL)  # each refusal would log; the outcomes are the point
    try:
        problems, asked, views = ask_every_view(estate, personas)
    finally:
        logging.disable(logging.NOTSET)
    assert views > 250, f"only {views} GET views asked: is the matrix being read?"
    assert not problems, f"{len(problems)} server errors in {asked} requests:\n" + "\n".join(
        problems
    )


def ask_every_view(estate, personas):
    started, cpu = time.monotonic(), time.process_time()
    clients = {"anonymous": Client()}
    for role in PREFERRED[:-1]:
        clients[role] = Client()
        clients[role].force_login(getattr(personas, role))
    users = [getattr(personas, role) for role in ROLES[1:]]
    problems, asked, views, slowest = [], [], 0, []
    for route in sorted(site_routes()):
        entry = MATRIX.get(route)
        role = role_for(route, entry) if entry and entry.method == "GET" else None
        if role is None:
            continue
        url = url_for(route, entry, estate)
        params = params_of(route, url, getattr(personas, role, None))
        throttled = users if route.startswith("api/") else None
        views += 1
        began = time.monotonic()
        for query, failure in ask_view(clients[role], url, params, throttled):
            asked.append(query)
            if failure:
                problems.append(f"{url} + {query[:200]!r} as {role}: {failure}")
        slowest.append((time.monotonic() - began, route))
    print(
        f"{views} views, {len(asked)} requests in {time.monotonic() - started:.0f} s"
        f" ({time.process_time() - cpu:.0f} s of CPU)"
    )
    print("slowest:", ", ".join(f"{route} {took:.1f} s" for took, route in sorted(slowest)[-8:]))
    return problems, len(asked), views


def ask_view(client, url, params: Params, throttled) -> list[tuple[str, str | None]]:
    """The view asked with the sweep of its own parameters and generated
    query strings: (query, server error or None) for each."""
    answers = []

    @settings(PROFILE, max_examples=MANY if params.own else FEW)
    @given(query=queries(params.names()))
    def ask(query):
        if throttled:  # the API's rates are not what is tested here
            forget_throttles(throttled)
        answers.append((query, send(client, url, query)))

    for query in params.sweep():
        ask = example(query=query)(ask)
    ask()
    return answers
