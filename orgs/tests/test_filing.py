"""Filing (备案): submit, approve with a per-street certificate number, return
with reasons, resubmit; the certificate; the filing rate."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from orgs.models import ApplicationStatus, FilingStatus, Organisation, Tier
from orgs.services.filing import approve_filing, return_filing, submit_filing
from tests.factories import OrganisationFactory
from tests.fixtures import on_postgres

# Run on PostgreSQL too (CI, -m postgres): certificate numbers drawn under a row lock, two approvals racing.
pytestmark = pytest.mark.postgres


def test_approval_issues_the_next_number_of_the_streets_sequence(personas, territory):
    officer = personas.street_a_officer
    year = timezone.localdate().year
    first = OrganisationFactory(area=territory.community_a1)
    second = OrganisationFactory(area=territory.community_a2)
    other_street = OrganisationFactory(area=territory.community_b1)
    numbers = [
        approve_filing(
            application=submit_filing(organisation=org, by=officer), by=officer
        ).certificate_number
        for org in (first, second, other_street)
    ]
    assert numbers == [f"410108001-{year}-0001", f"410108001-{year}-0002", f"410108002-{year}-0001"]
    first.refresh_from_db()
    assert first.filing_status == FilingStatus.APPROVED
    assert first.certificate_number == numbers[0]
    assert first.filed_on == timezone.localdate()
    assert first.tier == Tier.FILED  # a community-guided group becomes a filed one


def test_a_returned_application_can_be_put_right_and_resubmitted(personas):
    org = personas.organisation_a1
    officer, leader = personas.street_a_officer, personas.org_leader
    application = submit_filing(organisation=org, by=leader, note="首次申请")
    return_filing(application=application, by=officer, reasons="缺少简易章程，请补充后重新提交。")
    org.refresh_from_db()
    assert org.filing_status == FilingStatus.RETURNED

    again = submit_filing(organisation=org, by=leader, note="已补充章程")
    approved = approve_filing(application=again, by=officer)
    assert approved.status == ApplicationStatus.APPROVED
    assert [a.status for a in org.filing_applications.order_by("submitted_at")] == [
        "returned",
        "approved",
    ]


def test_returning_needs_reasons(personas):
    application = submit_filing(organisation=personas.organisation_a1, by=personas.org_leader)
    with pytest.raises(ValidationError):
        return_filing(application=application, by=personas.street_a_officer, reasons="  ")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_an_application_is_decided_once(personas):
    officer = personas.street_a_officer
    application = submit_filing(organisation=personas.organisation_a1, by=personas.org_leader)
    approve_filing(application=application, by=officer)
    with pytest.raises(ValidationError):
        approve_filing(application=application, by=officer)
    with pytest.raises(ValidationError):
        return_filing(application=application, by=officer, reasons="重复操作")


def test_one_application_under_review_at_a_time(personas):
    submit_filing(organisation=personas.organisation_a1, by=personas.org_leader)
    with pytest.raises(ValidationError):
        submit_filing(organisation=personas.organisation_a1, by=personas.org_leader)


def test_a_registered_legal_person_is_not_filed(personas, territory):
    registered = OrganisationFactory(
        area=territory.community_a1, tier=Tier.REGISTERED, credit_code="52410108MA44KQ2X5U"
    )
    with pytest.raises(ValidationError):
        submit_filing(organisation=registered, by=personas.street_a_officer)


def test_the_filing_rate_counts_live_unregistered_organisations(personas, territory):
    officer = personas.street_a_officer
    orgs = [OrganisationFactory(area=territory.community_a1) for _ in range(3)]
    OrganisationFactory(
        area=territory.community_a1, tier=Tier.REGISTERED, credit_code="51410108MA9F3H7P2Q"
    )
    approve_filing(application=submit_filing(organisation=orgs[0], by=officer), by=officer)
    approve_filing(application=submit_filing(organisation=orgs[1], by=officer), by=officer)
    # street A: organisation_a1 + 3 new (the registered one is left out); 2 filed
    assert Organisation.objects.in_area(territory.street_a).filing_rate() == pytest.approx(2 / 4)
    assert Organisation.objects.in_area(territory.street_b).filing_rate() == 0
    assert Organisation.objects.in_area(territory.street_c).filing_rate() is None


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_in_one_street_never_share_a_number(personas, territory):
    officer = personas.street_a_officer
    applications = [
        submit_filing(organisation=OrganisationFactory(area=territory.community_a1), by=officer)
        for _ in range(8)
    ]
    barrier = threading.Barrier(len(applications))
    numbers, errors = [], []

    def approve(application):
        try:
            barrier.wait(timeout=10)
            numbers.append(approve_filing(application=application, by=officer).certificate_number)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    year = timezone.localdate().year
    assert sorted(numbers) == [f"410108001-{year}-{n:04d}" for n in range(1, 9)]


def test_the_street_officer_decides_in_the_admin(personas, login):
    application = submit_filing(organisation=personas.organisation_a1, by=personas.org_leader)
    client = login(personas.street_a_officer)
    page = client.get(reverse("admin:orgs_filingapplication_change", args=[application.pk]))
    assert "decision-form" in page.content.decode()
    response = client.post(
        reverse("admin:orgs_filingapplication_decide", args=[application.pk]),
        {"decision": "return", "reasons": ""},
    )
    assert response.status_code == 200  # the reasons are required: the form again
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    client.post(
        reverse("admin:orgs_filingapplication_decide", args=[application.pk]),
        {"decision": "approve"},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_another_streets_officer_cannot_decide(personas, login):
    application = submit_filing(organisation=personas.organisation_a1, by=personas.org_leader)
    client = login(personas.street_b_officer)
    url = reverse("admin:orgs_filingapplication_decide", args=[application.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_community_workers_may_submit_but_not_decide(personas, login):
    application = submit_filing(organisation=personas.organisation_a1, by=personas.community_worker)
    client = login(personas.community_worker)
    response = client.post(
        reverse("admin:orgs_filingapplication_decide", args=[application.pk]),
        {"decision": "approve"},
    )
    assert response.status_code == 403


def test_the_leader_submits_from_the_portal_and_prints_the_certificate(personas, login):
    client = login(personas.org_leader)
    page = client.get(reverse("portal:my_organisation"))
    assert page.status_code == 200
    response = client.post(reverse("portal:my_organisation"), {"note": "请审核"})
    assert response.status_code == 302
    application = personas.organisation_a1.filing_applications.get()
    approve_filing(application=application, by=personas.street_a_officer)

    certificate = client.get(reverse("portal:certificate", args=[personas.organisation_a1.pk]))
    html = certificate.content.decode()
    assert certificate.status_code == 200
    assert "社区社会组织备案证书" in html
    assert application.organisation.name in html
    assert "新城街道办事处" in html
    assert "@page" in (certificate.wsgi_request and open_static("portal/certificate.css"))


def test_a_certificate_outside_the_jurisdiction_is_a_404(personas, login):
    officer = personas.street_b_officer
    approve_filing(
        application=submit_filing(organisation=personas.organisation_b1, by=officer), by=officer
    )
    client = login(personas.street_a_officer)
    assert (
        client.get(reverse("portal:certificate", args=[personas.organisation_b1.pk])).status_code
        == 404
    )


def open_static(path):
    from django.contrib.staticfiles import finders

    with open(finders.find(path), encoding="utf-8") as handle:
        return handle.read()


def test_an_approved_filing_links_its_certificate_for_the_leader_and_the_street(personas, login):
    """ "打印备案证明" on the leader's 我的组织 page and on the street's filing
    and organisation pages in the admin, once the filing is approved."""
    organisation = personas.organisation_a1
    application = submit_filing(organisation=organisation, by=personas.org_leader)
    certificate = reverse("portal:certificate", args=[organisation.pk])
    pages = [
        (personas.org_leader, reverse("portal:my_organisation")),
        (
            personas.street_a_officer,
            reverse("admin:orgs_filingapplication_change", args=[application.pk]),
        ),
        (
            personas.street_a_officer,
            reverse("admin:orgs_organisation_change", args=[organisation.pk]),
        ),
    ]
    for user, url in pages:
        assert certificate not in login(user).get(url).content.decode(), url
    approve_filing(application=application, by=personas.street_a_officer)
    for user, url in pages:
        html = login(user).get(url).content.decode()
        assert f'href="{certificate}"' in html and "打印备案证明" in html, url
