"""An admin list's export reads the list's filters from its address, so it
answers a filter the list does not know as the list does: the list's
redirect to `?e=1` (with a message saying nothing was exported), or the
list's 400 with a Chinese message. Never a server error, and never a file
of rows the filter was meant to narrow.

Every export URL of the admin is asked (from the site's URLs, as the
jurisdiction matrix lists them), each with an unknown parameter, a lookup
on a related field the list does not offer, and a lookup on one of the
model's own fields with a value of the wrong type.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.db import models
from django.urls import resolve, reverse

from tests.matrix_estate import build_estate
from tests.test_url_matrix import MATRIX, ROLES, site_routes, url_for

# Run on PostgreSQL too (CI, -m postgres): PostgreSQL refuses values SQLite lets through (types, ranges).
pytestmark = pytest.mark.postgres

EXPORT = re.compile(r"admin/(?P<app>\w+)/(?P<model>\w+)/export/")
EXPORTS = sorted(route for route in site_routes() if EXPORT.fullmatch(route))


def test_every_admin_export_is_asked():
    assert EXPORTS == [
        "admin/grids/ticket/export/",
        "admin/orgs/area/export/",
        "admin/orgs/organisation/export/",
        "admin/orgs/person/export/",
    ]


def unknown_filters(model) -> dict[str, str]:
    """Filters the list does not offer: a parameter that is no field, a
    related field's column, and an own field's lookup with a wrong value."""
    model_admin = admin.site._registry[model]
    offered = {item if isinstance(item, str) else None for item in model_admin.list_filter}
    related = next(
        f"{field.name}__name__startswith"
        for field in model._meta.get_fields()
        if field.many_to_one
        and any(f.name == "name" for f in field.related_model._meta.get_fields())
        and f"{field.name}__name" not in offered
    )
    typed = models.DateField | models.IntegerField | models.BooleanField
    own = next(
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, typed) and not field.primary_key and field.concrete
    )
    return {"unknown": "foo=1", "related": f"{related}=惠", "wrong value": f"{own}__gte=abc"}


def exporter(entry) -> str:
    """A scoped officer who may export the list, as the matrix says."""
    outcomes = dict(zip(ROLES, entry.outcomes, strict=True))
    return next(r for r in ("street_a_officer", "district_officer") if outcomes[r] in "12")


CASES = [(route, kind) for route in EXPORTS for kind in ("unknown", "related", "wrong value")]


@pytest.fixture
def estate(territory, personas, platforms, world, grids):
    return build_estate(territory, personas, platforms, world, grids)


@pytest.mark.parametrize(("route", "kind"), CASES, ids=[f"{r} {k}" for r, k in CASES])
def test_an_export_answers_a_filter_the_list_does_not_know_as_the_list_does(
    estate, personas, client, route, kind
):
    entry = MATRIX[route]
    role = exporter(entry)
    client.force_login(getattr(personas, role))
    export = url_for(route, entry, estate)  # with the format the matrix asks for
    model = resolve(urlsplit(export).path).func.__wrapped__.__self__.model
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    query = unknown_filters(model)[kind]

    listed = client.get(f"{changelist}?{query}")
    exported = client.get(f"{export}{'&' if '?' in export else '?'}{query}")

    assert listed.status_code in (302, 400), "the list itself takes the filter"
    assert "attachment" not in exported.get("Content-Disposition", "")
    assert exported.status_code == listed.status_code
    if listed.status_code == 302:
        assert exported["Location"] == listed["Location"] == f"{changelist}?e=1"
        page = client.get(exported["Location"])
        assert "列表没有这个筛选条件，未导出任何内容。" in page.content.decode()
    else:
        assert "地址中有本页无法识别的参数" in exported.content.decode()
        assert "地址中有本页无法识别的参数" in listed.content.decode()
