"""Every filed change is in the record's history: who, when, what changed."""

from django.urls import reverse

from lib import audit
from orgs.models import Area, Organisation
from tests.admin_forms import form_data
from tests.factories import category


def test_an_admin_edit_shows_in_the_history_with_user_and_diff(personas, territory, login):
    client = login(personas.street_a_officer)
    organisation = personas.organisation_a1
    url = reverse("admin:orgs_organisation_change", args=[organisation.pk])
    data = form_data(client.get(url))
    data.update(name="英才社区红枫合唱团", area=str(territory.community_a2.pk))
    response = client.post(url, data)
    assert response.status_code == 302

    latest = organisation.history.first()
    assert latest.history_user == personas.street_a_officer
    delta = latest.diff_against(latest.prev_record)
    changed = {change.field: (change.old, change.new) for change in delta.changes}
    assert changed["name"] == ("英才社区夕阳红合唱团", "英才社区红枫合唱团")

    page = client.get(reverse("admin:orgs_organisation_history", args=[organisation.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "英才社区夕阳红合唱团" in html and "英才社区红枫合唱团" in html
    assert personas.street_a_officer.username in html


def test_history_of_another_streets_record_is_a_404(personas, login):
    client = login(personas.street_a_officer)
    record = personas.organisation_b1.history.first()
    urls = [
        reverse("admin:orgs_organisation_history", args=[personas.organisation_b1.pk]),
        reverse(
            "admin:orgs_organisation_simple_history",
            args=[personas.organisation_b1.pk, record.history_id],
        ),
    ]
    for url in urls:
        assert client.get(url).status_code == 404


def test_bulk_creation_is_recorded_with_its_user(personas, territory):
    rows = [
        Organisation(
            name=f"楼栋互助小组{n}",
            area=territory.community_a1,
            category=category(),
            leader_name="张三",
        )
        for n in range(3)
    ]
    audit.bulk_create(Organisation, rows, user=personas.street_a_officer, reason="导入台账")
    history = Organisation.history.filter(name__startswith="楼栋互助小组")
    assert history.count() == 3
    assert {h.history_user for h in history} == {personas.street_a_officer}
    assert {h.history_type for h in history} == {"+"}
    assert {h.history_change_reason for h in history} == {"导入台账"}


def test_bulk_updates_are_recorded_with_their_user(personas, territory):
    areas = list(Area.objects.under(territory.street_a).communities())
    for area in areas:
        area.is_rural = True
    audit.bulk_update(Area, areas, ["is_rural"], user=personas.district_officer)
    for area in areas:
        latest = area.history.first()
        assert latest.history_type == "~"
        assert latest.history_user == personas.district_officer
        assert latest.is_rural is True
