"""The pages: a community worker records a visit on a phone with its
findings, lists them and turns them; a street officer reads and turns; the
district reads with names and phones masked; another street gets 404."""

from django.urls import reverse

from lib import clock
from orgs.models import AccessLog, Organisation, Talent
from tests.factories import category

from .. import services
from ..models import FindingKind, Outcome, Visit, VisitFinding


def formset_data(*rows) -> dict:
    data = {
        "findings-TOTAL_FORMS": str(len(rows) + 1),
        "findings-INITIAL_FORMS": "0",
        "findings-MIN_NUM_FORMS": "0",
        "findings-MAX_NUM_FORMS": "30",
    }
    for n, row in enumerate(rows):
        data |= {f"findings-{n}-{key}": value for key, value in row.items()}
    return data


def test_a_worker_records_a_visit_with_its_findings(login, personas, territory):
    client = login(personas.community_worker)
    page = client.get(reverse("visits:new"))
    assert page.status_code == 200 and "findings-TOTAL_FORMS" in page.content.decode()
    data = {
        "visited_on": clock.today().isoformat(),
        "address": "英才街5号院",
        "summary": "",
        **formset_data(
            {"kind": FindingKind.ELDER, "name": "周老师", "elder_kind": "teacher"},
            {
                "kind": FindingKind.SELF_ORGANISATION,
                "name": "5号院象棋队",
                "contact_name": "吴大爷",
                "headcount": "8",
            },
        ),
    }
    response = client.post(reverse("visits:new"), data)
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == reverse("visits:detail", args=[visit.pk])
    assert (visit.community, visit.recorded_by) == (
        territory.community_a1,
        personas.community_worker,
    )
    assert sorted(visit.findings.values_list("name", flat=True)) == ["5号院象棋队", "周老师"]


def test_a_wrong_finding_comes_back_with_its_error_and_saves_nothing(login, personas):
    client = login(personas.community_worker)
    data = {
        "visited_on": clock.today().isoformat(),
        "address": "英才街5号院",
        **formset_data({"kind": FindingKind.ELDER, "name": "周老师"}),
    }
    response = client.post(reverse("visits:new"), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["elder_kind"]
    assert not Visit.objects.exists()


def test_only_community_workers_record(login, personas):
    for persona in ("street_a_officer", "district_officer", "org_leader", "grid_member"):
        client = login(getattr(personas, persona))
        assert client.get(reverse("visits:new")).status_code == 403, persona


def test_the_street_reads_and_turns_and_the_district_reads_masked(walk, login, personas):
    url = reverse("visits:detail", args=[walk.visit.pk])
    client = login(personas.street_a_officer)
    page = client.get(url).content.decode()
    turn = reverse("visits:turn", args=[walk.elders[0].pk, Outcome.TALENT])
    assert "王德明" in page and "13903711001" in page and turn in page
    assert AccessLog.objects.filter(user=personas.street_a_officer, what="visits.visit").exists()
    assert client.post(turn, {"id_number": ""}).status_code == 302
    client.get(url)  # the message read
    assert Talent.objects.get().person.name == "王德明"

    client = login(personas.district_officer)
    page = client.get(url).content.decode()
    assert "王德明" not in page and "王**" in page and "139****1001" in page
    assert "visits/findings/" not in page  # no turn buttons
    assert "英才3号院太极拳队" in page  # a group's name is no one's personal data
    before = VisitFinding.objects.filter(outcome="").count()
    assert client.post(reverse("visits:turn", args=[walk.keen.pk, "talent"])).status_code == 403
    assert VisitFinding.objects.filter(outcome="").count() == before


def test_another_street_gets_404(walk, login, personas):
    client = login(personas.street_b_officer)
    assert client.get(reverse("visits:detail", args=[walk.visit.pk])).status_code == 404
    turn = reverse("visits:turn", args=[walk.keen.pk, "talent"])
    assert client.post(turn).status_code == 404
    assert walk.visit.address not in client.get(reverse("visits:list")).content.decode()


def test_the_worker_turns_a_group_into_the_ledger_from_the_page(walk, login, personas):
    client = login(personas.community_worker)
    listing = client.get(reverse("visits:list")).content.decode()
    assert walk.visit.address in listing
    turn = reverse("visits:turn", args=[walk.group.pk, "organisation"])
    client.post(turn, {"category": category().pk}, follow=True)
    walk.group.refresh_from_db()
    assert walk.group.organisation.name == "英才3号院太极拳队"
    again = client.post(turn, {"category": category().pk}, follow=True)
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    assert Organisation.objects.filter(name="英才3号院太极拳队").count() == 1


def test_a_turn_without_its_choice_says_so_and_changes_nothing(walk, login, personas):
    client = login(personas.community_worker)
    response = client.post(
        reverse("visits:turn", args=[walk.keen.pk, "member"]), {"organisation": ""}, follow=True
    )
    assert [str(m) for m in response.context["messages"]]
    walk.keen.refresh_from_db()
    assert walk.keen.outcome == ""


def test_the_workbench_lists_what_is_left_to_turn(walk, login, personas):
    from lib import todos

    worker = personas.community_worker
    (left,) = [t for t in todos.gather(worker) if t.key == "visits.turn"]
    assert (left.count, left.url) == (5, reverse("visits:list"))
    services.turn_into_talent(finding_id=walk.keen.pk, by=worker)
    (left,) = [t for t in todos.gather(personas.street_a_officer) if t.key == "visits.turn"]
    assert left.count == 4
    assert not [t for t in todos.gather(personas.district_officer) if t.key == "visits.turn"]


def test_a_wrong_visit_and_a_wrong_finding_are_shown_together(login, personas):
    client = login(personas.community_worker)
    data = {"visited_on": "", "address": "", **formset_data({"kind": "skilled", "name": "张三"})}
    response = client.post(reverse("visits:new"), data)
    assert set(response.context["form"].errors) == {"visited_on", "address"}
    assert set(response.context["formset"].forms[0].errors) == {"skill"}
    assert not Visit.objects.exists()
