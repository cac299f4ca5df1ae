"""The projects portal through real requests: who reaches which page, and
the flows a community worker, an organisation and a reviewer walk."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from projects.models import Bid, BidStatus, Need, NeedStatus, Project, ProjectStatus
from projects.services import needs
from projects.tasks import remind_deadlines
from tests.factories import UserFactory
from tests.project_helpers import awarded, bid, close, to_review


def url(name, project):
    return reverse(f"projects:{name}", args=[project.pk])


@pytest.mark.parametrize(
    "persona",
    ["community_worker", "street_a_officer", "district_officer", "org_leader", "platform_admin"],
)
def test_the_project_page_opens_for_those_it_concerns(world, personas, login, persona):
    assert login(getattr(personas, persona)).get(url("project", world.project)).status_code == 200


@pytest.mark.parametrize("persona", ["street_b_officer", "outsider"])
def test_the_project_page_is_a_404_outside_the_jurisdiction(world, personas, login, persona):
    assert login(getattr(personas, persona)).get(url("project", world.project)).status_code == 404


def test_a_reviewer_off_the_panel_gets_404(world, personas, territory, login):
    stranger = UserFactory(username="reviewer_z", role="reviewer", area=territory.district_a)
    assert login(stranger).get(url("project", world.project)).status_code == 404
    assert login(personas.reviewer).get(url("project", world.project)).status_code == 200


def test_organisations_of_another_district_do_not_see_the_tender(world, personas, territory, login):
    from tests.factories import OrganisationFactory

    far = OrganisationFactory(name="黄河社区志愿队", area=territory.community_c1)
    leader = UserFactory(username="leader_far", role="org_leader", organisation=far)
    client = login(leader)
    assert world.project not in client.get(reverse("projects:tenders")).context["projects"]
    assert client.get(url("project", world.project)).status_code == 404
    assert (
        world.project in login(world.leader_b).get(reverse("projects:tenders")).context["projects"]
    )


def test_the_community_worker_posts_a_need_and_drafts_a_project_from_it(
    world, personas, territory, login
):
    client = login(personas.community_worker)
    response = client.post(
        reverse("projects:need_new"),
        {
            "community": territory.community_a1.pk,
            "title": "电动车充电难",
            "people_affected": 80,
            "urgency": "high",
            "requester_name": "赵先生",
            "requester_phone": "13903710002",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get(title="电动车充电难")
    form = client.get(reverse("projects:new"), {"need": need.pk}).context["form"]
    assert need in form.fields["needs"].queryset
    response = client.post(
        reverse("projects:new"),
        {
            "community": territory.community_a1.pk,
            "title": "安全充电守护行动",
            "description": "建设充电点",
            "deliverables": "安装充电桩",
            "beneficiaries": 80,
            "budget_ceiling": "9000",
            "starts_on": "2027-01-10",
            "ends_on": "2027-04-10",
            "round": world.round.pk,
            "needs": [need.pk],
        },
    )
    project = Project.objects.get(title="安全充电守护行动")
    assert response.status_code == 302 and project.status == ProjectStatus.DRAFT
    assert (
        client.post(reverse("projects:step", args=[project.pk, "publish"])).status_code == 403
    )  # the street's step
    login(personas.street_a_officer).post(reverse("projects:step", args=[project.pk, "publish"]))
    project.refresh_from_db()
    assert project.status == ProjectStatus.BIDDING
    assert Notification.objects.filter(
        user=personas.community_worker, title__contains="安全充电守护行动"
    ).exists()


def test_a_form_error_keeps_what_was_typed(world, personas, territory, login):
    response = login(personas.community_worker).post(
        reverse("projects:need_new"),
        {
            "community": territory.community_a1.pk,
            "title": "楼道灯坏了",
            "requester_name": "王女士",
            "requester_phone": "123",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="楼道灯坏了"' in html and 'role="alert"' in html
    assert not Need.objects.filter(title="楼道灯坏了").exists()


def test_an_organisation_bids_through_the_page(world, personas, login):
    client = login(world.leader_b)
    response = client.post(
        url("bid", world.project),
        {
            "proposal": "助餐方案",
            "team": "5人",
            "schedule": "每周两次",
            "lines-TOTAL_FORMS": "3",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "3",
            "lines-MAX_NUM_FORMS": "30",
            "lines-0-item": "食材",
            "lines-0-amount": "9000",
            "lines-0-note": "",
            "lines-1-item": "志愿者餐补",
            "lines-1-amount": "3000",
            "lines-1-note": "",
            "lines-2-item": "",
            "lines-2-amount": "",
            "lines-2-note": "",
        },
    )
    assert response.status_code == 302
    mine = Bid.objects.get(organisation=world.bidder_b)
    assert mine.total == Decimal("12000.00") and mine.submitted_by == world.leader_b


def test_the_award_from_the_project_page_goes_on_notice_and_notifies_the_bidders(
    world, personas, login
):
    project, a, b = to_review(world, personas)
    page = login(personas.community_worker).get(url("project", project))
    assert [r.bid for r in page.context["ranking"]] and page.context["award_form"] is not None
    response = login(personas.community_worker).post(
        reverse("projects:award", args=[project.pk]),
        {"bid": b.pk, "amount": "12000", "note": "方案更贴合需求"},
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.status == BidStatus.SUBMITTED  # nothing decided before the notice period ends
    notice = project.notices.get()
    assert (notice.bid, notice.amount, notice.status) == (b, Decimal("12000.00"), "open")
    assert Notification.objects.filter(user=world.leader_b, title__contains="拟中标").exists()
    assert Notification.objects.filter(user=personas.org_leader, title__contains="公示").exists()


def test_an_organisation_cannot_award_or_accept(world, personas, login):
    project, a, _b = to_review(world, personas)
    client = login(personas.org_leader)
    assert (
        client.post(
            reverse("projects:award", args=[project.pk]), {"bid": a.pk, "amount": "100"}
        ).status_code
        == 403
    )


def test_the_winner_reports_activities_with_photos(world, personas, login, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    project, _a, _b = awarded(world, personas)
    client = login(personas.org_leader)
    client.post(reverse("projects:step", args=[project.pk, "start_delivery"]))
    image = tmp_path / "photo.jpg"
    Image.new("RGB", (40, 30), "red").save(image)
    response = client.post(
        url("activity_new", project),
        {
            "held_on": "2026-12-01",
            "title": "第一次送餐",
            "description": "为12位老人送餐",
            "participants": 8,
            "beneficiaries": 12,
            "photos": [
                SimpleUploadedFile("photo.jpg", image.read_bytes(), content_type="image/jpeg")
            ],
        },
    )
    assert response.status_code == 302
    report = project.activities.get()
    assert report.photos.count() == 1
    assert login(world.leader_b).get(url("activity_new", project)).status_code == 403


def test_a_reviewer_scores_through_the_review_page(world, personas, login):
    project, a, _b = to_review(world, personas)
    criteria = list(project.criteria.all())
    client = login(personas.reviewer)
    response = client.post(
        reverse("projects:score", args=[project.pk, a.pk]),
        {f"c{c.pk}": c.max_points - 2 for c in criteria},
    )
    assert response.status_code == 302
    assert a.scores.filter(reviewer=personas.reviewer).count() == len(criteria)


def test_a_resident_sends_a_need_and_follows_it(client, world, territory):
    response = client.post(
        reverse("public_needs:form"),
        {
            "community": territory.community_a1.pk,
            "title": "老年人智能手机培训",
            "people_affected": 20,
            "requester_name": "刘阿姨",
            "requester_phone": "139 0371 0003",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get(title="老年人智能手机培训")
    assert (
        need.status == NeedStatus.AWAITING
        and need.posted_by is None
        and need.requester_phone == "13903710003"
    )
    status_page = client.get(response["Location"]).content.decode()
    assert "待社区确认" in status_page and "13903710003" not in status_page
    assert client.get(reverse("public_needs:status", args=["forged-token"])).status_code == 404


def test_the_public_form_ignores_robots(client, world, territory):
    client.post(
        reverse("public_needs:form"),
        {
            "community": territory.community_a1.pk,
            "title": "广告",
            "requester_name": "x",
            "requester_phone": "13903710004",
            "website": "http://spam",
        },
    )
    assert not Need.objects.filter(title="广告").exists()


def test_a_community_worker_confirms_a_residents_need(world, personas, territory, login):
    need = needs.submit_public_need(
        community=territory.community_a1,
        title="助餐",
        requester_name="王",
        requester_phone="13903710005",
    )
    login(personas.community_worker).post(
        reverse("projects:need_decide", args=[need.pk, "confirm"])
    )
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    assert (
        login(personas.street_b_officer)
        .post(reverse("projects:need_decide", args=[need.pk, "decline"]))
        .status_code
        == 404
    )


def test_deadline_reminders_reach_each_bidder_once(world, personas, settings):
    settings.BID_REMINDER_DAYS = 2
    bid(world.project, world.bidder_a, personas.org_leader)
    Project.objects.filter(pk=world.project.pk).update(
        bids_close_at=timezone.now() + timedelta(days=1)
    )
    assert remind_deadlines.delay().get() == 1
    assert remind_deadlines.delay().get() == 0
    assert (
        Notification.objects.filter(
            user=personas.org_leader, key=f"bid-closing:{world.project.pk}"
        ).count()
        == 1
    )


def test_notifications_are_emailed_when_email_is_configured(
    world, personas, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_NOTIFICATIONS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    personas.org_leader.email = "leader@example.org"
    personas.org_leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        project, _a, _b = awarded(world, personas)
    # Proposed for the award (the notice), then won (in effect).
    assert [m.to for m in mail.outbox] == [["leader@example.org"]] * 2
    assert all(project.title in m.subject for m in mail.outbox)


def test_the_notifications_page_lists_and_its_button_marks_read(world, personas, login):
    close(world.project)  # no bids: the community staff hear of it
    client = login(personas.community_worker)
    page = client.get(reverse("notifications:index"))
    assert world.project.title in page.content.decode()
    assert personas.community_worker.notifications.unread().exists()  # reading writes nothing
    client.post(reverse("notifications:index"), {"upto": page.context["newest"]})
    assert not personas.community_worker.notifications.unread().exists()


def test_the_winner_keeps_milestones(world, personas, login):
    project, _a, _b = awarded(world, personas)
    client = login(personas.org_leader)
    client.post(reverse("projects:step", args=[project.pk, "start_delivery"]))
    client.post(
        reverse("projects:milestone", args=[project.pk]),
        {"title": "完成入户走访", "due_on": "2027-01-20"},
    )
    milestone = project.milestones.get()
    client.post(reverse("projects:milestone", args=[project.pk]), {"done": milestone.pk})
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    assert (
        login(world.leader_b)
        .post(
            reverse("projects:milestone", args=[project.pk]), {"title": "x", "due_on": "2027-01-01"}
        )
        .status_code
        == 403
    )
