"""Turning what a visit found into records, as Huiji's 摸底数 then 建台账:
五老人员 into the talent pool, a self-organisation into the ledger, a keen
resident into an organisation's members; each once, each refusal clear and
changing nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Figure, Indicator
from assessments.rollups.indicators import compute_indicators
from lib import clock
from lib.periods import Month
from orgs.models import Membership, Organisation, Person, Stage, Talent, Tier
from tests.factories import PersonFactory, category

from .. import services
from ..models import ElderKind, FindingKind, Outcome, Visit, VisitFinding


class refused:
    """pytest.raises(ValidationError) that checks the refusal's code."""

    def __init__(self, code):
        self.code = code
        self.raises = pytest.raises(ValidationError)

    def __enter__(self):
        return self.raises.__enter__()

    def __exit__(self, *exc):
        handled = self.raises.__exit__(*exc)
        assert self.raises.excinfo.value.code == self.code
        return handled


def test_a_visit_registers_three_elders_and_a_self_organisation_and_the_month_counts_them(
    walk, personas, territory
):
    worker = personas.community_worker
    for elder in walk.elders:
        services.turn_into_talent(finding_id=elder.pk, by=worker)
    services.turn_into_organisation(
        finding_id=walk.group.pk, category=category("文体活动队"), by=worker
    )

    talents = Talent.objects.filter(person__community=territory.community_a1)
    assert sorted((t.person.name, t.skills) for t in talents) == [
        ("李秀英", "老教师、书法"),
        ("王德明", "老干部"),
        ("赵振国", "老战士"),
    ]
    team = Organisation.objects.get(name="英才3号院太极拳队")
    assert (team.area, team.tier, team.stage) == (
        territory.community_a1,
        Tier.GUIDED,
        Stage.SELF_ORGANISED,
    )
    assert (team.leader_name, team.leader_phone, team.member_count) == ("孙建华", "13903711005", 18)
    walk.group.refresh_from_db()
    assert (walk.group.outcome, walk.group.organisation) == (Outcome.ORGANISATION, team)
    assert team.history.first().history_user == worker

    month = Month.of(clock.today())  # visited and turned today
    compute_indicators(month)
    for area in (territory.community_a1, territory.street_a, territory.district_a):
        values = dict(
            Indicator.objects.filter(area=area, kind="month", period=month.key, key="").values_list(
                "figure", "value"
            )
        )
        assert values[Figure.VISITS] == 1
        assert values[Figure.VISIT_ORGANISATIONS_FOUND] == 1
        assert values[Figure.VISIT_PEOPLE_REGISTERED] == 3


def test_a_finding_is_turned_once(walk, personas):
    worker = personas.community_worker
    services.turn_into_talent(finding_id=walk.keen.pk, by=worker)
    with refused("turned"):
        services.turn_into_talent(finding_id=walk.keen.pk, by=worker)
    with refused("turned"):
        services.turn_into_member(
            finding_id=walk.keen.pk, organisation=personas.organisation_a1, by=worker
        )
    assert Talent.objects.count() == 1
    assert not Membership.objects.exists()


def test_the_person_is_found_by_phone_or_id_number_before_one_is_made(walk, personas, territory):
    worker = personas.community_worker
    known = PersonFactory(name="王德明", community=territory.community_a1, phone="13903711001")
    teacher = PersonFactory(
        name="李秀英", community=territory.community_a1, phone="", id_number="410108195603150020"
    )
    services.turn_into_talent(finding_id=walk.elders[0].pk, by=worker)
    services.turn_into_talent(
        finding_id=walk.elders[1].pk, by=worker, id_number="410108195603150020"
    )
    assert Talent.objects.get(person=known).skills == "老干部"
    assert Talent.objects.get(person=teacher).skills == "老教师、书法"
    assert Person.objects.filter(name__in=["王德明", "李秀英"]).count() == 2


def test_a_person_in_the_pool_already_gains_what_was_found(walk, personas, territory):
    worker = personas.community_worker
    person = PersonFactory(name="刘桂兰", community=territory.community_a1, phone="13903711004")
    Talent.objects.create(
        person=person, skills="剪纸", listed_on=date(2026, 1, 5), listed_by=worker
    )
    services.turn_into_talent(finding_id=walk.keen.pk, by=worker)
    assert Talent.objects.get(person=person).skills == "剪纸、热心人士"


def test_an_id_number_of_another_community_is_refused_and_nothing_changes(
    walk, personas, territory
):
    PersonFactory(name="李秀英", community=territory.community_a2, id_number="410108195603150020")
    with refused("elsewhere"):
        services.turn_into_talent(
            finding_id=walk.elders[1].pk,
            by=personas.community_worker,
            id_number="410108195603150020",
        )
    walk.elders[1].refresh_from_db()
    assert walk.elders[1].outcome == ""
    assert not Talent.objects.exists()


def test_a_keen_resident_becomes_a_member_once(walk, personas):
    worker = personas.community_worker
    turned = services.turn_into_member(
        finding_id=walk.keen.pk, organisation=personas.organisation_a1, by=worker
    )
    assert turned.membership.organisation == personas.organisation_a1
    assert turned.person.name == "刘桂兰"


def test_a_member_twice_is_refused(walk, personas, territory):
    worker = personas.community_worker
    person = PersonFactory(name="刘桂兰", community=territory.community_a1, phone="13903711004")
    Membership.objects.create(person=person, organisation=personas.organisation_a1)
    with refused("member"):
        services.turn_into_member(
            finding_id=walk.keen.pk, organisation=personas.organisation_a1, by=worker
        )
    walk.keen.refresh_from_db()
    assert walk.keen.outcome == ""


def test_each_kind_becomes_only_its_own_record(walk, personas):
    worker = personas.community_worker
    with refused("kind"):
        services.turn_into_organisation(finding_id=walk.keen.pk, category=category(), by=worker)
    with refused("kind"):
        services.turn_into_talent(finding_id=walk.group.pk, by=worker)
    with refused("category"):
        services.turn_into_organisation(
            finding_id=walk.group.pk, category=category().parent, by=worker
        )


def test_a_name_taken_in_the_community_is_refused(walk, personas, territory):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="英才3号院太极拳队", area=territory.community_a1)
    with pytest.raises(ValidationError) as clash:
        services.turn_into_organisation(
            finding_id=walk.group.pk, category=category(), by=personas.community_worker
        )
    assert list(clash.value.message_dict) == ["name"]
    assert Organisation.objects.filter(name="英才3号院太极拳队").count() == 1


def test_a_finding_says_what_it_lacks(territory, personas):
    visit = Visit(community=territory.community_a1, visited_on=date(2026, 11, 1), address="院里")
    cases = [
        (VisitFinding(kind=FindingKind.ELDER, name="张三"), "elder_kind"),
        (VisitFinding(kind=FindingKind.SKILLED, name="张三"), "skill"),
        (VisitFinding(kind=FindingKind.SELF_ORGANISATION, name="广场舞队"), "contact_name"),
        (VisitFinding(kind=FindingKind.KEEN, name="张三", phone="12345"), "phone"),
    ]
    for finding, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.record_visit(visit=visit, findings=[finding], by=personas.community_worker)
        assert field in refused.value.message_dict
    assert not Visit.objects.exists()
    ok = VisitFinding(kind=FindingKind.ELDER, name="张三", elder_kind=ElderKind.MODEL)
    services.record_visit(visit=visit, findings=[ok], by=personas.community_worker)
    assert Visit.objects.count() == 1


def test_a_visit_of_a_later_day_or_a_group_of_millions_is_refused_and_nothing_is_saved(
    personas, territory
):
    """Issue 24's trial saved a visit dated next year and a group of
    99,999,999,999,999 people, which went on to the ledger."""
    from datetime import timedelta

    later = Visit(
        community=territory.community_a1,
        visited_on=clock.today() + timedelta(days=1),
        address="英才街1号院",
    )
    with pytest.raises(ValidationError) as error:
        services.record_visit(visit=later, findings=[], by=personas.community_worker)
    assert "visited_on" in error.value.message_dict
    today = Visit(community=territory.community_a1, visited_on=clock.today(), address="英才街1号院")
    huge = VisitFinding(kind=FindingKind.SELF_ORGANISATION, name="广场舞队", headcount=10**14)
    with pytest.raises(ValidationError) as error:
        services.record_visit(visit=today, findings=[huge], by=personas.community_worker)
    assert "headcount" in error.value.message_dict
    assert not Visit.objects.exists() and not VisitFinding.objects.exists()
