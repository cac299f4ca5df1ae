"""Members and the talent pool: import, export, masking by role."""

import io

import openpyxl
import pytest
from django.urls import reverse

from orgs.importing.people import import_people
from orgs.models import MemberRole, Membership, Person, Talent
from tests.factories import PersonFactory
from tests.spreadsheets import read_rows, upload

# Run on PostgreSQL too (CI, -m postgres): imports are all or nothing.
pytestmark = pytest.mark.postgres

HEADER = [
    "序号",
    "姓名",
    "性别",
    "联系电话",
    "身份证号",
    "所属社区",
    "所属组织",
    "组织内职务",
    "政治面貌",
    "加入日期",
    "特长",
]


def people_file(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["新城街道社区社会组织成员花名册"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ROWS = [
    [
        1,
        "李秀英",
        "女",
        "13903712345",
        "410108196207040027",
        "英才社区",
        "英才社区夕阳红合唱团",
        "骨干",
        "中共党员",
        "2022年5月",
        "调解、剪纸",
    ],
    [
        2,
        "张建华",
        "男",
        "１３８０３７１０００１",
        "",
        "英才社区",
        "英才社区夕阳红合唱团",
        "队员",
        "群众",
        "",
        "",
    ],
]


def test_people_are_imported_with_membership_and_talent(personas):
    report = import_people(upload(people_file(ROWS)), user=personas.community_worker, commit=True)
    assert report.committed, report.problems
    li = Person.objects.get(name="李秀英")
    membership = Membership.objects.get(person=li)
    assert membership.organisation == personas.organisation_a1
    assert membership.role == MemberRole.BACKBONE
    assert str(membership.joined_on) == "2022-05-01"
    assert li.is_party_member
    assert Talent.objects.get(person=li).skills == "调解、剪纸"
    assert Person.objects.get(name="张建华").phone == "13803710001"


def test_importing_people_twice_changes_nothing(personas):
    import_people(upload(people_file(ROWS)), user=personas.community_worker, commit=True)
    counts = (Person.history.count(), Membership.history.count(), Talent.history.count())
    report = import_people(upload(people_file(ROWS)), user=personas.community_worker, commit=True)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    assert (Person.history.count(), Membership.history.count(), Talent.history.count()) == counts


def test_a_new_membership_of_a_known_person_is_not_skipped(personas, territory):
    import_people(upload(people_file(ROWS[:1])), user=personas.street_a_officer, commit=True)
    other = [
        [
            1,
            "李秀英",
            "女",
            "13903712345",
            "410108196207040027",
            "英才社区",
            "英才社区夕阳红合唱团",
            "骨干",
            "中共党员",
            "2022年5月",
            "调解、剪纸",
        ]
    ]
    other[0][6] = "英才社区夕阳红合唱团"
    report = import_people(upload(people_file(other)), user=personas.street_a_officer, commit=True)
    assert report.unchanged == 1
    assert Person.objects.filter(name="李秀英").count() == 1


def test_an_unknown_organisation_and_a_bad_id_number_stop_the_import(personas):
    rows = [ROWS[0][:], ROWS[1][:]]
    rows[0][4] = "410108196207040020"  # wrong check digit
    rows[1][6] = "不存在的舞蹈队"
    report = import_people(upload(people_file(rows)), user=personas.community_worker, commit=True)
    assert not report.committed
    assert {(p.line, p.column) for p in report.problems} == {(3, "身份证号"), (4, "所属组织")}
    assert not Person.objects.filter(name__in=["李秀英", "张建华"]).exists()


def test_district_staff_see_phones_and_id_numbers_masked_in_the_admin(personas, territory, login):
    person = PersonFactory(
        name="李秀英",
        community=territory.community_a1,
        phone="13903712345",
        id_number="410108196207040027",
    )
    page = (
        login(personas.district_officer)
        .get(reverse("admin:orgs_person_changelist"))
        .content.decode()
    )
    assert "139****2345" in page and "13903712345" not in page
    form_page = login(personas.district_officer).get(
        reverse("admin:orgs_person_change", args=[person.pk])
    )
    html = form_page.content.decode()
    assert "410108********0027" in html and "410108196207040027" not in html


def test_masked_roles_cannot_search_by_phone(personas, territory, login):
    PersonFactory(name="李秀英", community=territory.community_a1, phone="13903712345")
    response = login(personas.district_officer).get(
        reverse("admin:orgs_person_changelist"), {"q": "13903712345"}
    )
    assert list(response.context["cl"].result_list) == []
    response = login(personas.street_a_officer).get(
        reverse("admin:orgs_person_changelist"), {"q": "13903712345"}
    )
    assert [p.name for p in response.context["cl"].result_list] == ["李秀英"]


def test_community_workers_see_the_numbers_they_collected(personas, territory, login):
    PersonFactory(name="李秀英", community=territory.community_a1, phone="13903712345")
    page = (
        login(personas.community_worker)
        .get(reverse("admin:orgs_person_changelist"))
        .content.decode()
    )
    assert "13903712345" in page


def test_the_member_export_masks_by_role(personas, territory, login):
    person = PersonFactory(
        name="李秀英",
        community=territory.community_a1,
        phone="13903712345",
        id_number="410108196207040027",
    )
    Membership.objects.create(person=person, organisation=personas.organisation_a1)
    response = login(personas.district_officer).get(reverse("admin:orgs_person_export"))
    rows = read_rows(b"".join(response.streaming_content))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["联系电话"] == "139****2345"
    assert row["身份证号"] == "410108********0027"
    assert row["所属组织"] == "英才社区夕阳红合唱团"


def test_people_are_found_by_the_start_of_their_name(personas, territory, login):
    """The search box reads the start of the name (the surname first), on an
    index: 李 finds 李秀英, not 王李明."""
    PersonFactory(name="李秀英", community=territory.community_a1)
    PersonFactory(name="王李明", community=territory.community_a1)
    response = login(personas.street_a_officer).get(
        reverse("admin:orgs_person_changelist"), {"q": "李"}
    )
    assert [p.name for p in response.context["cl"].result_list] == ["李秀英"]


def test_a_new_person_on_two_lines_joins_both_organisations_once(personas, territory):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="英才社区剪纸社", area=territory.community_a1)
    second = ROWS[0][:]
    second[0], second[6], second[7], second[10] = 2, "英才社区剪纸社", "队员", "剪纸"
    report = import_people(
        upload(people_file([ROWS[0], second])), user=personas.community_worker, commit=True
    )
    assert report.committed, report.problems
    li = Person.objects.get(id_number="410108196207040027")  # one person, not two
    assert sorted(m.organisation.name for m in Membership.objects.filter(person=li)) == [
        "英才社区剪纸社",
        "英才社区夕阳红合唱团",
    ]
    assert Talent.objects.get(person=li).skills == "剪纸"  # one talent entry: the last line's
