"""Information disclosure: the public page and directory, without login or personal data."""

from django.urls import reverse

from orgs.models import Tier
from orgs.services import transformations
from orgs.services.filing import approve_filing, submit_filing
from tests.factories import OrganisationFactory


def test_the_public_page_shows_the_disclosed_facts_and_no_personal_data(client, personas):
    org = personas.organisation_a1
    org.leader_phone, org.leader_id_number, org.star_rating = "13803711234", "410108196207040027", 5
    org.save()
    approve_filing(
        application=submit_filing(organisation=org, by=personas.org_leader),
        by=personas.street_a_officer,
    )
    org.refresh_from_db()

    page = client.get(reverse("public:organisation", args=[org.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert org.name in html and "新城街道" in html and "英才社区" in html
    assert "社区指导" in html or "街道备案" in html
    assert org.certificate_number in html
    assert "★★★★★" in html
    for private in ["13803711234", "410108196207040027", org.leader_name]:
        assert private not in html


def test_a_merged_organisation_points_to_where_it_went(client, personas, territory):
    target = OrganisationFactory(name="天河社区银龄之声合唱队", area=territory.community_a1)
    merged = OrganisationFactory(name="天河社区老年合唱队", area=territory.community_a1)
    transformations.merge_organisations(
        sources=[merged], into=target, on=target.created_at.date(), by=personas.street_a_officer
    )
    html = client.get(reverse("public:organisation", args=[merged.pk])).content.decode()
    assert "已合并至" in html and target.name in html


def test_the_directory_searches_by_name_and_street(client, personas, territory):
    OrganisationFactory(name="绿城社区书画社", area=territory.community_a2, tier=Tier.GUIDED)
    page = client.get(reverse("public:directory"), {"q": "书画"})
    assert "绿城社区书画社" in page.content.decode()
    assert "长兴社区广场舞队" not in page.content.decode()
    page = client.get(reverse("public:directory"), {"street": territory.street_b.pk})
    names = [org.name for org in page.context["page"]]
    assert names == ["长兴社区广场舞队"]


def test_an_unknown_organisation_is_a_404(client, db):
    assert client.get(reverse("public:organisation", args=[999999])).status_code == 404


def test_a_registered_legal_person_reads_as_needing_no_filing_not_as_unfiled(client, territory, db):
    centre = OrganisationFactory(
        name="惠济区阳光社会工作服务中心",
        area=territory.street_a,
        tier=Tier.REGISTERED,
        credit_code="52410108MJ1234567X",
    )
    team = OrganisationFactory(name="绿城社区书画社", area=territory.community_a2)
    page = client.get(reverse("public:directory")).content.decode()
    row = page.split(centre.name)[1].split("</tr>")[0]
    assert "依法登记，无需备案" in row and "未备案" not in row
    assert "未备案" in page.split(team.name)[1].split("</tr>")[0]
    page = client.get(reverse("public:organisation", args=[centre.pk])).content.decode()
    assert "依法登记，无需备案" in page
