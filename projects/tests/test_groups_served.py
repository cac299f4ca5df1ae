"""Groups served (服务对象): a need says whom it is for, the project drafted
from it serves them, the awarded organisation counts its beneficiaries by
group, and the public pages and the open data count and filter by group (a
broad group includes its narrower ones)."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orgs.models import ServedGroup
from projects.models import ActivityReport, BeneficiaryCount, Need, Project
from projects.services import delivery, tenders
from tests.project_helpers import awarded

pytestmark = pytest.mark.django_db


def group(name) -> ServedGroup:
    return ServedGroup.objects.get(name=name)


def activity(project, leader, client, rows, beneficiaries=30):
    """The leader's activity form, with `rows` of (group, count)."""
    client.force_login(leader)
    data = {
        "held_on": timezone.localdate().isoformat(),
        "title": "第一次送餐",
        "description": "为高龄老人送餐上门。",
        "participants": 8,
        "beneficiaries": beneficiaries,
        "groups-TOTAL_FORMS": 4,
        "groups-INITIAL_FORMS": 0,
        "groups-MIN_NUM_FORMS": 4,
        "groups-MAX_NUM_FORMS": 30,
    }
    for n, (chosen, count) in enumerate(rows):
        data[f"groups-{n}-group"], data[f"groups-{n}-count"] = chosen.pk, count
    return client.post(reverse("projects:activity_new", args=[project.pk]), data)


@pytest.fixture
def served(world, personas, territory, client):
    """A need for elders over 80 and people with disabilities, posted by the
    community worker; the project drafted from it, awarded and in delivery,
    with one activity counted by group."""
    elders, disabled = group("高龄老人"), group("残疾人")
    client.force_login(personas.community_worker)
    posted = client.post(
        reverse("projects:need_new"),
        {
            "community": territory.community_a1.pk,
            "title": "高龄老人助餐",
            "description": "行动不便，做饭困难。",
            "people_affected": 12,
            "urgency": "normal",
            "requester_name": "王女士",
            "groups": [elders.pk, disabled.pk],
        },
    )
    assert posted.status_code == 302, posted.context["form"].errors
    need = Need.objects.get(title="高龄老人助餐")
    assert set(need.groups.all()) == {elders, disabled}
    # Drafting from the need offers its groups ticked; sent with none ticked,
    # the project serves the need's groups.
    form = client.get(reverse("projects:new"), {"need": need.pk}).content.decode()
    assert f'value="{elders.pk}" id="id_groups_' in form
    ticked = re.findall(r'name="groups" value="(\d+)" id="[^"]+" checked>', form)
    assert sorted(map(int, ticked)) == sorted([elders.pk, disabled.pk])
    now = timezone.now()
    drafted = client.post(
        reverse("projects:new"),
        {
            "community": territory.community_a1.pk,
            "title": "高龄助餐",
            "description": "送餐上门。",
            "deliverables": "送餐60次。",
            "beneficiaries": 40,
            "budget_ceiling": "20000",
            "starts_on": (now + timedelta(days=40)).date().isoformat(),
            "ends_on": (now + timedelta(days=160)).date().isoformat(),
            "round": world.round.pk,
            "needs": [need.pk],
        },
    )
    assert drafted.status_code == 302, drafted.context["form"].errors
    project = Project.objects.get(title="高龄助餐")
    assert set(project.groups.all()) == {elders, disabled}
    world.project = tenders.publish(project=project, by=personas.street_a_officer)
    project, _a, _b = awarded(world, personas)
    project = delivery.start_delivery(project=project, by=personas.org_leader)
    done = activity(project, personas.org_leader, client, [(elders, 25), (disabled, 10)])
    assert done.status_code == 302
    return project


def test_counts_by_group_are_checked_and_a_refusal_saves_nothing(served, personas, client):
    before = (ActivityReport.objects.count(), BeneficiaryCount.objects.count())
    elders, alone = group("高龄老人"), group("空巢独居老人")
    broad = elders.parent
    too_many = activity(served, personas.org_leader, client, [(elders, 31)])
    twice = activity(served, personas.org_leader, client, [(elders, 5), (elders, 6)])
    # Within one broad group a person counts once: the broad figure adds them up.
    overlapping = activity(served, personas.org_leader, client, [(elders, 20), (alone, 15)])
    with_broad = activity(served, personas.org_leader, client, [(broad, 20), (alone, 5)])
    for refused, says in (
        (too_many, "“老年人”各项人数合计超过了本次活动的受益人数30：同一人只计入其中一类。"),
        (twice, "“老年人 / 高龄老人”填了两次，每个群体只填一次。"),
        (overlapping, "“老年人”各项人数合计超过了本次活动的受益人数30"),
        (with_broad, "“老年人”与其下的小类同时填写了：请只填大类，或只填其下的小类。"),
    ):
        assert refused.status_code == 200
        assert says in refused.content.decode()
    assert (ActivityReport.objects.count(), BeneficiaryCount.objects.count()) == before


# The figures are one query of correlated subqueries (COUNT DISTINCT): asked on PostgreSQL too.
@pytest.mark.postgres
def test_public_pages_count_and_filter_by_broad_group(served, world, client):
    elders, disabled, children = group("老年人"), group("残疾人"), group("儿童")
    cache.clear()
    page = Client().get(reverse("disclosure:projects"))
    figures = {(f.name, f.projects, f.beneficiaries) for f in page.context["figures"]}
    assert figures == {("老年人", 1, 25), ("残疾人", 1, 10)}
    for chosen, expected in ((elders, [served.pk]), (disabled, [served.pk]), (children, [])):
        listed = Client().get(reverse("disclosure:projects"), {"group": chosen.pk})
        assert [p.pk for p, _award in listed.context["rows"]] == expected, chosen
    body = Client().get(reverse("disclosure:project", args=[served.pk])).content.decode()
    assert "老年人 / 高龄老人、残疾人" in body
    assert "<td>老年人 / 高龄老人</td><td>25</td>" in body

    # The open data carries the names, filters alike, and its file says what the page says.
    api = "/api/v1/public/projects/"
    [record] = Client().get(api, {"group": "老年人"}).json()["results"]
    assert (record["id"], record["groups"]) == (served.pk, ["老年人 / 高龄老人", "残疾人"])
    assert Client().get(api, {"group": str(elders.pk)}).json()["count"] == 1
    assert Client().get(api, {"group": "儿童"}).json()["count"] == 0
    refused = Client().get(api, {"group": "外星人"})
    assert refused.status_code == 400
    assert refused.json() == {"group": ["没有名为“外星人”的服务对象；项目的“groups”列出了名称。"]}
    answer = Client().get("/public/data/projects.csv")
    header, *rows = csv.reader(io.StringIO(answer.content.decode("utf-8-sig")))
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_id[str(served.pk)]["服务对象"] == "老年人 / 高龄老人、残疾人"
    assert by_id[str(world.round.projects.exclude(pk=served.pk).get().pk)]["服务对象"] == ""
