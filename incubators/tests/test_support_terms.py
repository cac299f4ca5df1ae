"""A residency's support terms (Shandong: 水电减免, 以服务换租金) and a
platform's specialisms (公益慈善, 文化艺术, 社区服务, 志愿服务): kept in the
admin, shown on the platform's page and on the public list of platforms."""

from datetime import date

from django.urls import reverse

from incubators.models import Residency, Specialism
from incubators.services.residency import admit
from tests.admin_forms import form_data


def _resident(platforms, personas, **terms):
    residency = admit(
        platform=platforms.street_a,
        organisation=personas.organisation_a1,
        on=date(2026, 3, 1),
        by=personas.street_a_officer,
    )
    Residency.objects.filter(pk=residency.pk).update(**terms)
    return residency


def test_the_street_records_the_support_terms_in_the_admin(platforms, personas, login):
    residency = _resident(platforms, personas)
    client = login(personas.street_a_officer)
    url = reverse("admin:incubators_residency_change", args=[residency.pk])
    data = form_data(client.get(url))
    data |= {
        "utilities_waived": "on",
        "rent_in_services": "on",
        "support_terms": "每月为社区开展2次公益活动抵免场地租金",
    }
    assert client.post(url, data).status_code == 302
    residency.refresh_from_db()
    assert residency.utilities_waived and residency.rent_in_services
    assert residency.support_terms == "每月为社区开展2次公益活动抵免场地租金"


def test_the_district_gives_a_platform_its_specialisms(platforms, personas, login):
    client = login(personas.district_officer)
    url = reverse("admin:incubators_platform_change", args=[platforms.street_a.pk])
    culture = Specialism.objects.get_or_create(name="文化艺术")[0]
    data = form_data(client.get(url)) | {"specialisms": [str(culture.pk)]}
    assert client.post(url, data).status_code == 302
    assert list(platforms.street_a.specialisms.all()) == [culture]


def test_the_platform_pages_show_specialisms_and_support_terms(platforms, personas, login):
    _resident(
        platforms, personas, utilities_waived=True, support_terms="以服务换租金：每月两次义演"
    )
    platforms.street_a.specialisms.add(Specialism.objects.get_or_create(name="文化艺术")[0])
    page = login(personas.street_a_officer).get(
        reverse("incubators:platform", args=[platforms.street_a.pk])
    )
    html = page.content.decode()
    assert "文化艺术" in html and "以服务换租金：每月两次义演" in html
    client = login(personas.street_a_officer)
    client.logout()  # the public list is for anyone
    html = client.get(reverse("public_platforms:list")).content.decode()
    assert "新城街道孵化中心" in html and "文化艺术" in html
    assert "1 家减免水电" in html
