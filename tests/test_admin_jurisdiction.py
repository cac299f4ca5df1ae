"""The admin shows each account its jurisdiction only, on every kind of page."""

import io

import openpyxl
import pytest
from django.urls import reverse

from grids.models import Grid
from orgs.models import Area
from tests.admin_forms import form_data
from tests.factories import category

# Run on PostgreSQL too (CI, -m postgres): each page's jurisdiction is SQL.
pytestmark = pytest.mark.postgres


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_the_area_list_shows_only_the_officers_street(personas, login):
    client = login(personas.street_a_officer)
    page = client.get(reverse("admin:orgs_area_changelist")).content.decode()
    assert "英才社区" in page and "绿城社区" in page
    assert "长兴社区" not in page and "黄河社区" not in page


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_opening_another_streets_area_by_url_is_a_404(personas, territory, login, view):
    client = login(personas.street_a_officer)
    url = reverse(f"admin:orgs_area_{view}", args=[territory.community_b1.pk])
    assert client.get(url).status_code == 404


def test_the_officers_own_area_opens(personas, territory, login):
    client = login(personas.street_a_officer)
    assert client.get(change_url(territory.community_a1)).status_code == 200


def test_another_districts_staff_get_404_for_this_district(personas, territory, login):
    client = login(personas.outsider)
    assert client.get(change_url(territory.street_a)).status_code == 404
    assert client.get(change_url(personas.organisation_a1)).status_code == 404


def test_district_staff_open_every_street_of_their_district(personas, territory, login):
    client = login(personas.district_officer)
    assert client.get(change_url(territory.community_a1)).status_code == 200
    assert client.get(change_url(territory.community_b1)).status_code == 200


def test_the_community_dropdown_offers_only_the_officers_communities(personas, login):
    client = login(personas.street_a_officer)
    form = client.get(reverse("admin:orgs_organisation_add")).context["adminform"].form
    choices = set(form.fields["area"].queryset.values_list("name", flat=True))
    assert choices == {"新城街道", "英才社区", "绿城社区"}


def test_saving_a_record_into_another_street_is_refused(personas, territory, login):
    client = login(personas.street_a_officer)
    url = reverse("admin:orgs_organisation_add")
    data = form_data(client.get(url))
    data.update(
        name="越权登记的组织",
        area=str(territory.community_b1.pk),
        category=str(category().pk),
        leader_name="赵六",
    )
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with an error
    assert response.context["adminform"].form.errors["area"]
    assert not personas.organisation_a1.__class__.objects.filter(name="越权登记的组织").exists()


def test_autocomplete_offers_only_the_officers_communities(personas, login):
    client = login(personas.street_a_officer)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "orgs", "model_name": "organisation", "field_name": "area", "term": ""},
    )
    assert response.status_code == 200
    names = {row["text"] for row in response.json()["results"]}
    assert names == {"新城街道", "英才社区", "绿城社区"}


def test_autocomplete_search_does_not_reach_other_streets(personas, login):
    client = login(personas.street_a_officer)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "orgs",
            "model_name": "organisation",
            "field_name": "area",
            "term": "长兴",
        },
    )
    assert response.json()["results"] == []


def test_related_list_filters_list_only_the_officers_areas(personas, territory, login):
    Grid.objects.create(community=territory.community_a1, number=1, name="第一网格")
    Grid.objects.create(community=territory.community_b1, number=1, name="第一网格")
    client = login(personas.street_a_officer)
    page = client.get(reverse("admin:grids_grid_changelist")).content.decode()
    assert "新城街道" in page
    assert "长兴路街道" not in page and "长兴社区" not in page


def test_an_action_acts_only_on_rows_in_the_jurisdiction(personas, territory, login):
    """Selecting another street's rows by forging their ids exports none of them."""
    client = login(personas.street_a_officer)
    own, foreign = territory.community_a1, territory.community_b1
    form_page = client.post(
        reverse("admin:orgs_area_changelist"),
        {"action": "export_admin_action", "_selected_action": [own.pk, foreign.pk]},
    )
    assert form_page.status_code == 200
    offered = form_page.context["form"].initial["export_items"]
    assert offered == [own.pk]

    export = client.post(
        reverse("admin:orgs_area_export"),
        {"format": "0", "export_items": [own.pk], "resource": "0", **_all_export_fields()},
    )
    assert export.status_code == 200
    names = _xlsx_column(export.content, "区划名称")
    assert names == ["英才社区"]

    forged = client.post(
        reverse("admin:orgs_area_export"),
        {
            "format": "0",
            "export_items": [own.pk, foreign.pk],
            "resource": "0",
            **_all_export_fields(),
        },
    )
    assert "长兴社区".encode() not in forged.content
    if forged.get("Content-Type", "").startswith("application/vnd"):
        assert "长兴社区" not in _xlsx_column(forged.content, "区划名称")


def _all_export_fields():
    from orgs.resources import AreaResource

    return {f"arearesource_{name}": "on" for name in AreaResource._meta.fields}


def _xlsx_column(content, header):
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index(header)
    return [row[column] for row in rows[1:]]


@pytest.mark.parametrize("persona", ["org_leader", "grid_member", "reviewer"])
def test_portal_only_roles_are_not_let_into_the_admin(personas, login, persona):
    client = login(getattr(personas, persona))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_platform_admin_sees_all_districts(personas, login):
    client = login(personas.platform_admin)
    page = client.get(reverse("admin:orgs_area_changelist") + "?all=").content.decode()
    assert "英才社区" in page and "黄河社区" in page


def test_area_search_stays_inside_the_jurisdiction(personas, login):
    client = login(personas.street_a_officer)
    response = client.get(reverse("admin:orgs_area_changelist"), {"q": "社区"})
    shown = {area.name for area in response.context["cl"].result_list}
    assert shown == {"英才社区", "绿城社区"}
    assert Area.objects.filter(name__contains="社区").count() == 6


@pytest.mark.parametrize(
    "persona, expected",
    [
        (
            "district_officer",
            {"惠济区", "新城街道", "长兴路街道", "英才社区", "绿城社区", "长兴社区", "开元社区"},
        ),
        ("street_a_officer", {"新城街道", "英才社区", "绿城社区"}),
        ("street_b_officer", {"长兴路街道", "长兴社区", "开元社区"}),
        ("community_worker", {"英才社区"}),
        ("outsider", {"金水区", "经八路街道", "丰产路街道", "黄河社区", "农科社区"}),
    ],
)
def test_each_admin_role_lists_exactly_its_own_areas(personas, login, persona, expected):
    client = login(getattr(personas, persona))
    response = client.get(reverse("admin:orgs_area_changelist"))
    assert response.status_code == 200
    assert {area.name for area in response.context["cl"].result_list} == expected


def test_the_street_filter_lists_and_filters_within_the_jurisdiction(personas, territory, login):
    client = login(personas.district_officer)
    url = reverse("admin:orgs_organisation_changelist")
    page = client.get(url)
    cl = page.context["cl"]
    street = next(
        spec for spec in cl.filter_specs if getattr(spec, "parameter_name", "") == "street"
    )
    choices = [choice["display"] for choice in street.choices(cl)]
    assert "新城街道" in choices and "长兴路街道" in choices and "经八路街道" not in choices
    filtered = client.get(url, {"street": territory.street_b.pk})
    assert [o.name for o in filtered.context["cl"].result_list] == ["长兴社区广场舞队"]
    forged = client.get(url, {"street": territory.street_c.pk})  # another district's street
    assert list(forged.context["cl"].result_list) == []


def test_a_history_version_that_is_not_a_number_is_a_404(personas, login):
    client = login(personas.street_a_officer)
    org = personas.organisation_a1
    url = reverse("admin:orgs_organisation_change", args=[org.pk]).replace(
        "change/", "history/not-a-number/"
    )
    assert client.get(url).status_code == 404
