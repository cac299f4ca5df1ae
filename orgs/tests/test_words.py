"""The words on organisation pages: an organisation has a name (组织名称), a
person has a full name (姓名); a member's role is their place in the group."""

from django.urls import reverse

from orgs.models import Membership, Person


def test_the_public_directory_names_an_organisations_name(client, personas):
    html = client.get(reverse("public:directory")).content.decode()
    assert "组织名称" in html and personas.organisation_a1.name in html
    assert "姓名" not in html


def test_my_organisation_names_its_status_and_its_members(personas, login):
    person = Person.objects.create(name="李秀兰", community=personas.organisation_a1.area)
    Membership.objects.create(person=person, organisation=personas.organisation_a1)
    html = login(personas.org_leader).get(reverse("portal:my_organisation")).content.decode()
    assert "组织状态" in html and "组织类别" in html
    assert "成员名单" in html and "姓名" in html and "组织内职务" in html
